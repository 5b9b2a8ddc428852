"""Word choice per referent: the words each outlet uses to name or describe the same thing.

Two kinds of referent, both aligned by earlier stages, never by guessing here:
- an entity the resolve stage joined across outlets ("Wagner"): the names each outlet uses
  and the words around each mention in its noun phrase or apposition ("the Wagner *mercenary*
  *group*", "Wagner, the *private* *military* *company*");
- a fact the align stage grouped from several outlets' claims: the content words of each
  outlet's claims ("*mutiny*" in one, "*rebellion*" in another).
A term no other outlet uses for that referent is marked ``only_here``. A term is marked
evaluative only with evidence: its valence in the VADER lexicon (Hutto & Gilbert 2014, human-
rated, shipped inside vaderSentiment) when |valence| >= 2; the tool adds no judgement of
its own.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from newsprism.framing.tone import main_actors
from newsprism.models import (
    AnnotatedArticle,
    Citation,
    Claim,
    ContentWord,
    Entity,
    Fact,
    Term,
    WordChoice,
    article_label,
)

NOT_TERMS = frozenset({"say", "tell", "be", "have"})  # reporting and auxiliary verbs
EVALUATIVE = 2.0  # |VADER valence| from 2 ("attack", "brutal"): 1.5 took "party", "agree"
MAX_FACTS = 12


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, float]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer().lexicon


def valence(term: str) -> float | None:
    value = _lexicon().get(term.lower())
    return float(value) if value is not None and abs(value) >= EVALUATIVE else None


def word_choice(annotated: Sequence[AnnotatedArticle], entities: Sequence[Entity],
                claims: Sequence[Claim], facts: Sequence[Fact]) -> list[WordChoice]:
    """Word-choice rows for the story's main actors and its most widely carried facts. Reads
    the content words and mention descriptions of annotate's parse (``AnnotatedArticle``);
    an article annotated without a tagger or parser contributes only its names."""
    if len({article_label(a.article) for a in annotated}) < 2:
        return []  # word choice compares outlets: one outlet alone has nothing to compare
    by_article = {a.article.id: a for a in annotated}
    described = {(a.article.id, d.start, d.end): d.terms
                 for a in annotated for d in a.descriptions}
    rows = []
    for actor in main_actors(entities):
        used = _entity_terms(actor, by_article, described)
        rows += _rows("entity", actor.id, actor.name, used)
    by_claim = {c.id: c for c in claims}
    shared = [f for f in facts if len(f.outlets) >= 2]
    for fact in sorted(shared, key=lambda f: (-len(f.outlets), f.id))[:MAX_FACTS]:
        used = _fact_terms(fact, by_claim, by_article)
        text = by_claim[fact.representative_claim_id].text
        rows += _rows("fact", fact.id, text if len(text) < 120 else text[:119] + "…", used)
    return rows


Used = dict[str, dict[str, list[Citation]]]  # outlet → term → where it is used


def _entity_terms(actor: Entity, by_article: dict[str, AnnotatedArticle],
                  described: dict[tuple[str, int, int], tuple[str, ...]]) -> Used:
    """Outlet → term → citations: the names of ``actor``'s mentions and the words
    ``described`` (article id, start, end → terms) gives for each."""
    used: Used = defaultdict(lambda: defaultdict(list))
    for mention in actor.mentions:
        article = by_article.get(mention.article_id)
        sentence = article.sentence_of(mention) if article else None
        if sentence is None:
            continue
        outlet = article_label(article.article)
        where = Citation(article.article.id, sentence.start, sentence.end)
        used[outlet][" ".join(mention.text.split())].append(where)
        if actor.type == "NORP":
            continue  # "Russian army", "Russian president": the noun is not the Russians
        for term in described.get((mention.article_id, mention.start, mention.end), ()):
            used[outlet][term].append(where)
    return used


def _fact_terms(fact: Fact, by_claim: dict[str, Claim],
                by_article: dict[str, AnnotatedArticle]) -> Used:
    used: Used = defaultdict(lambda: defaultdict(list))
    seen: set[str] = set()
    for claim_id in fact.claim_ids:
        claim = by_claim.get(claim_id)
        article = by_article.get(claim.article_id) if claim else None
        if article is None or claim.article_id in seen:
            # One statement per article: an outlet's second statement of the fact (the
            # aligner lists it after the first) would make its extra words look like that
            # outlet's choice of words against the others' one statement each.
            continue
        seen.add(claim.article_id)
        outlet = article_label(article.article)
        where = Citation(claim.article_id, claim.start, claim.end)
        for word in _words_within(article, claim.start, claim.end):
            if word.lemma not in NOT_TERMS:
                used[outlet][word.lemma].append(where)
    return used


def _words_within(article: AnnotatedArticle, start: int, end: int) -> Sequence[ContentWord]:
    """The article's content words inside ``start``–``end`` (they are in text order)."""
    words = article.content_words
    first = bisect_left(words, start, key=lambda w: w.start)
    last = bisect_left(words, end, key=lambda w: w.start)
    return [w for w in words[first:last] if w.end <= end]


def _rows(kind: str, referent_id: str, referent: str, used: Used) -> list[WordChoice]:
    if len(used) < 2:
        return []  # word choice is a comparison: one outlet alone has nothing to compare
    outlets_of: dict[str, set[str]] = defaultdict(set)
    for outlet, terms in used.items():
        for term in terms:
            outlets_of[term.lower()].add(outlet)
    rows = []
    for outlet, terms in sorted(used.items()):
        listed = sorted(terms.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        rows.append(WordChoice(kind, referent_id, referent, outlet, tuple(
            Term(term, len(places), len(outlets_of[term.lower()]) == 1, valence(term),
                 tuple(dict.fromkeys(places)))
            for term, places in listed)))
    return rows


_WORDS = re.compile(r"[A-Za-z][A-Za-z'-]*")


def loaded_spans(text: str, others: Sequence[str] = ()) -> list[tuple[int, int]]:
    """Evaluative words of ``text`` (|VADER valence| >= 2) that the other outlets' reports of
    the same event (``others``) do not use: word choice that is loaded and that this outlet
    made. Without ``others``, every evaluative word."""
    used_elsewhere = {w.lower() for other in others for w in _WORDS.findall(other)}
    return [(m.start(), m.end()) for m in _WORDS.finditer(text)
            if valence(m.group()) is not None and m.group().lower() not in used_elsewhere]
