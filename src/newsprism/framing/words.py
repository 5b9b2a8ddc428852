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
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from newsprism.framing.tone import main_actors
from newsprism.models import (
    AnnotatedArticle,
    Citation,
    Claim,
    Entity,
    Fact,
    Term,
    WordChoice,
    article_label,
)

CONTENT_POS = {"NOUN", "ADJ", "VERB"}
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
                claims: Sequence[Claim], facts: Sequence[Fact],
                spacy_model: str | None = None) -> list[WordChoice]:
    if len({article_label(a.article) for a in annotated}) < 2:
        return []  # word choice compares outlets: one outlet alone has nothing to compare
    from newsprism.annotate import warm_up

    nlp = warm_up(spacy_model)
    by_article = {a.article.id: a for a in annotated}
    rows = []
    for actor in main_actors(entities):
        used = _entity_terms(actor, by_article, nlp)
        rows += _rows("entity", actor.id, actor.name, used)
    by_claim = {c.id: c for c in claims}
    shared = [f for f in facts if len(f.outlets) >= 2]
    for fact in sorted(shared, key=lambda f: (-len(f.outlets), f.id))[:MAX_FACTS]:
        used = _fact_terms(fact, by_claim, by_article, nlp)
        text = by_claim[fact.representative_claim_id].text
        rows += _rows("fact", fact.id, text if len(text) < 120 else text[:119] + "…", used)
    return rows


Used = dict[str, dict[str, list[Citation]]]  # outlet → term → where it is used


def _entity_terms(actor: Entity, by_article: dict[str, AnnotatedArticle], nlp) -> Used:
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
        doc = _parsed(nlp, article.article.text[sentence.start:sentence.end])
        for term in _describing(doc, mention.start - sentence.start,
                                mention.end - sentence.start):
            used[outlet][term].append(where)
    return used


@lru_cache(maxsize=4096)
def _parsed(nlp, text: str):
    """``text`` tagged, lemmatised and parsed, without the entity recogniser or newsprism's
    annotators, which word choice does not read (the same tags, lemmas and parse; the parser
    stays even where only tags are read: the attribute ruler's POS mapping reads its
    dependencies)."""
    from newsprism.annotate.components import COMPONENTS

    return nlp(text, disable=[name for name in nlp.pipe_names
                              if name == "ner" or name in COMPONENTS])


def _describing(doc, start: int, end: int) -> list[str]:
    """Common nouns and adjectives that name the mention: the noun it modifies ("the Wagner
    *mercenary* *group*"), its own modifiers, and an apposition right after it ("Wagner, the
    *private* *military* *company*"; the small parser often attaches that comma phrase to
    another word, so position decides)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    inside = range(span.start, span.end)
    head = span.root
    found = [t for t in _noun_phrase(head) if t.i not in inside]
    if head.dep_ in {"compound", "nmod", "amod"} and head.head.pos_ == "NOUN":
        found += [t for t in _noun_phrase(head.head) if t.i not in inside]
    if span.end < len(doc) and doc[span.end].text == ",":
        appos = next((t for t in doc[span.end + 1:span.end + 7] if t.dep_ == "appos"), None)
        if appos is not None:
            found += _noun_phrase(appos)
    return [t.lemma_.lower() for t in found if t.is_alpha and not t.is_stop]


def _noun_phrase(token) -> list:
    """A noun with its adjective and noun modifiers, and its "of" complement ("the head *of*
    the mercenary group"); no clauses."""
    words = [token] if token.pos_ == "NOUN" else []
    for child in token.children:
        if child.dep_ in {"amod", "compound", "nmod"} and child.pos_ in {"NOUN", "ADJ"}:
            words.append(child)
        elif child.dep_ == "prep" and child.lower_ == "of":
            words += [w for pobj in child.children if pobj.dep_ == "pobj"
                      for w in _noun_phrase(pobj)]
    return words


def _fact_terms(fact: Fact, by_claim: dict[str, Claim],
                by_article: dict[str, AnnotatedArticle], nlp) -> Used:
    used: Used = defaultdict(lambda: defaultdict(list))
    for claim_id in fact.claim_ids:
        claim = by_claim.get(claim_id)
        article = by_article.get(claim.article_id) if claim else None
        if article is None:
            continue
        outlet = article_label(article.article)
        where = Citation(claim.article_id, claim.start, claim.end)
        for token in _parsed(nlp, claim.text):
            if token.pos_ in CONTENT_POS and token.is_alpha and not token.is_stop \
                    and token.lemma_.lower() not in {"say", "tell", "be", "have"}:
                used[outlet][token.lemma_.lower()].append(where)
    return used


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
