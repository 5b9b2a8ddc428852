"""Brief: an extractive, cited summary of a story and a timeline of its dated events.

Every brief sentence is a source sentence, verbatim, chosen from the facts: the facts most
outlets carry first, then both sides of the strongest disputes, then the leads of articles the
brief has not yet cited. Each sentence cites every claim of its fact (article id + offsets).
A sentence that opens with a pronoun ("He said …") means nothing out of its article, so the
brief quotes another outlet's sentence of the same fact instead, or leaves the fact out. One
that states something besides the fact says more than the other outlets' claims support: the
brief prefers a sentence of the fact that states nothing else, and a sentence that does is
cited by itself alone.
"""

from __future__ import annotations

import re
from collections import defaultdict

from newsprism.models import (
    Alignment,
    AnnotatedArticle,
    Brief,
    BriefSentence,
    Citation,
    Claim,
    Fact,
    TimelineEntry,
)

MAX_SENTENCES = 6
MAX_CONFLICT_SENTENCES = 2
MAX_TIMELINE = 20
# The brief states a fact as shared only when its claims are surely one fact (mean same-fact
# probability, align/samefact.py): the matrix may show looser groupings, the summary may not.
BRIEF_MIN_SCORE = 0.7
PRONOUN_START = re.compile(r"^\W*(he|she|they|it|we|i|this|that|these|those|his|her|their|its)\b",
                           re.IGNORECASE)


def write_brief(
    claims: list[Claim], alignment: Alignment, annotated: list[AnnotatedArticle],
    max_sentences: int = MAX_SENTENCES,
) -> Brief:
    by_id = {c.id: c for c in claims}
    texts = {a.article.id: a.article.text for a in annotated}
    neighbours = _sentence_claims(claims)
    position = {c.id: i for i, c in enumerate(claims)}
    chosen: list[BriefSentence] = []
    used_facts: set[str] = set()
    used_sentences: set[tuple[str, object]] = set()
    at_odds = {frozenset((c.claim_a, c.claim_b)) for c in alignment.conflicts}

    def take(fact: Fact, claim_id: str | None = None) -> None:
        claim = _self_contained(fact, claim_id, by_id, texts, neighbours)
        if claim is None:
            return
        sentence = _sentence_key(claim)
        if fact.id in used_facts or sentence in used_sentences or len(chosen) >= max_sentences:
            return  # a sentence stating two facts is quoted once
        used_facts.add(fact.id)
        used_sentences.add(sentence)
        # Cite the quoted sentence itself, and the fact's claims that agree with it: inside a
        # disputed fact, the other side is quoted in its own sentence, never cited for this
        # one. A sentence that states more than the fact cites only itself: the others
        # support just the fact.
        others = tuple(_cite(by_id[c], neighbours) for c in fact.claim_ids
                       if c != claim.id and frozenset((c, claim.id)) not in at_odds
                       and by_id[c].article_id != claim.article_id  # another outlet's
                       ) if _states_alone(claim, neighbours) else ()
        cites = (Citation(claim.article_id, *claim.sentence_span), *others)
        chosen.append(BriefSentence(_sentence_text(claim, texts), fact.id, cites))

    consensus = sorted((f for f in alignment.facts
                        if f.status == "consensus" and f.score >= BRIEF_MIN_SCORE),
                       key=lambda f: (-len(f.outlets), -f.score, -f.cohesion,
                                      position[f.representative_claim_id]))
    for fact in consensus[: max_sentences - MAX_CONFLICT_SENTENCES]:
        take(fact)
    fact_of = {cid: f for f in alignment.facts for cid in f.claim_ids}
    for conflict in alignment.conflicts[:1]:  # both sides of the strongest dispute, or none
        sides = [(fact_of[c], c) for c in (conflict.claim_a, conflict.claim_b)]
        if all(_self_contained(f, c, by_id, texts, neighbours) for f, c in sides):
            for side_fact, claim_id in sides:
                used_facts.discard(side_fact.id)  # both sides, even of one fact
                take(side_fact, claim_id)
    for claim in _leads(claims):  # a lead in dispute appears only with its other side
        lead_fact = fact_of[claim.id]
        if lead_fact.score >= BRIEF_MIN_SCORE and lead_fact.status != "disputed":
            take(lead_fact, claim.id)
    return Brief(tuple(chosen), tuple(build_timeline(claims, annotated)))


def _self_contained(fact: Fact, claim_id: str | None, by_id: dict[str, Claim],
                    texts: dict[str, str],
                    neighbours: dict[tuple[str, object], list[Claim]]) -> Claim | None:
    """The claim to quote for a fact, whose sentence does not open with a pronoun: the one
    asked for (a conflict's side, a lead), else None; with none asked for, the fact's
    representative or another member, one whose sentence states nothing else first (all the
    fact's claims then support it); None if every sentence opens with a pronoun."""
    wanted = [claim_id] if claim_id else [fact.representative_claim_id, *fact.claim_ids]
    usable = [c for c in (by_id[w] for w in wanted if w in by_id)
              if not PRONOUN_START.match(_sentence_text(c, texts))]
    return next((c for c in usable if _states_alone(c, neighbours)),
                usable[0] if usable else None)


def _states_alone(claim: Claim, neighbours: dict[tuple[str, object], list[Claim]]) -> bool:
    """No other statement of its sentence lies outside the claim, so the other outlets'
    claims of the fact support the whole sentence quoted: "A spokesman said there was no
    timeline, but it could take weeks" states two things; a speech frame ("it was announced
    that …") is attribution, not a statement."""
    return all(other.start >= claim.start and other.end <= claim.end
               for other in neighbours[_sentence_key(claim)])


def _sentence_claims(claims: list[Claim]) -> dict[tuple[str, object], list[Claim]]:
    found: dict[tuple[str, object], list[Claim]] = defaultdict(list)
    for claim in claims:
        found[_sentence_key(claim)].append(claim)
    return found


def _sentence_key(claim: Claim) -> tuple[str, object]:
    return claim.article_id, (claim.sentence_start if claim.sentence_start is not None
                              else claim.id)


def _leads(claims: list[Claim]) -> list[Claim]:
    """Each article's first claim, in article order: the lead is what its outlet put first."""
    firsts: dict[str, Claim] = {}
    for claim in claims:
        firsts.setdefault(claim.article_id, claim)
    return list(firsts.values())


def _cite(claim: Claim, neighbours: dict[tuple[str, object], list[Claim]]) -> Citation:
    """The claim's sentence, or only the claim's own words where its sentence states more
    (the clause "where the grand jury convened" inside a sentence about a protest)."""
    start, end = (claim.sentence_span if _states_alone(claim, neighbours)
                  else (claim.start, claim.end))
    return Citation(claim.article_id, start, end)


def _sentence_text(claim: Claim, texts: dict[str, str]) -> str:
    """The claim's whole source sentence, verbatim (the claim itself may be one clause)."""
    if claim.sentence_start is None or claim.article_id not in texts:
        return claim.text
    start, end = claim.sentence_span
    return texts[claim.article_id][start:end]


def build_timeline(claims: list[Claim], annotated: list[AnnotatedArticle]) -> list[TimelineEntry]:
    """One entry per resolved date, citing every sentence that places something on it; the
    entry's text is the earliest such sentence, verbatim."""
    texts = {a.article.id: a.article.text for a in annotated}
    claim_of_date = {d: c for c in claims for d in c.date_ids}
    grouped = defaultdict(list)
    for item in annotated:
        for mention in item.dates:
            if mention.id in claim_of_date:
                grouped[(mention.value, mention.granularity)].append(mention)
    entries = []
    for (value, granularity), mentions in sorted(grouped.items()):
        sentences = list({(c.article_id, c.sentence_span): c
                          for c in (claim_of_date[m.id] for m in mentions)}.values())
        entries.append(TimelineEntry(
            date=value, granularity=granularity, text=_sentence_text(sentences[0], texts),
            date_ids=tuple(m.id for m in mentions),
            citations=tuple(Citation(c.article_id, *c.sentence_span) for c in sentences),
        ))
    return entries if len(entries) <= MAX_TIMELINE else _spread(entries)


def _spread(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """Too many dates: keep the best-attested ones, still in date order."""
    ranked = sorted(entries, key=lambda e: -len(e.citations))[:MAX_TIMELINE]
    return sorted(ranked, key=lambda e: e.date)
