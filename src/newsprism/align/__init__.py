"""Align: group claims that state the same thing across articles into facts, give each fact a
status (consensus / single_source / disputed), its independent sources and what each outlet
does with it (carries / contradicts / omits), and find numeric, temporal and semantic conflicts.

Claims are embedded with a shipped sentence-transformer; each claim is compared only with its
nearest neighbours in other articles (top-k), so cost stays near-linear in the story's size.
Embeddings measure topic, not agreement: they propose pairs, and quantities, dates, the parse
and newsprism's NLI cross-encoder (``newsprism.nli``, both directions) decide conflicts.
Articles that copy one text (wire stories) are detected and count as one source.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from newsprism.align.actors import participants_by_article
from newsprism.align.conflicts import counted_synonyms, find_conflicts
from newsprism.align.facts import FactEvidence, build_facts
from newsprism.align.group import (
    attach_restatements,
    candidate_pairs,
    group_facts,
    neighbour_lists,
    same_subject_pairs,
    shared_entity_pairs,
    value_pairs,
    without_disputed_restatements,
)
from newsprism.align.reuse import find_reuse, source_groups
from newsprism.align.samefact import PairEvidence, SameFactModel, load_model
from newsprism.align.states import find_state_conflicts
from newsprism.embeddings import embed, embed_claims
from newsprism.models import Alignment, AnnotatedArticle, Claim, Conflict, Entity

BROAD_ENTITY_TYPES = {"NORP"}  # "Democratic", "Russian": shared by unrelated statements
PLACE_ENTITY_TYPES = {"GPE", "LOC", "FAC"}
MIN_ARTICLES_TO_COMPARE = 2  # fewer: nothing to align across reports (see _one_article)
__all__ = ["AlignSettings", "align", "candidate_pairs", "nli_method"]


@dataclass(frozen=True)
class AlignSettings:
    # Same-fact probability (``align/samefact.py``, calibrated on real multi-outlet stories)
    # at which two claims of two articles are one fact, and the least any pair inside a
    # fact may have.
    link_threshold: float = 0.2
    linkage_floor: float = 0.05
    # A claim left alone joins a fact holding a claim of its own article (an outlet stating
    # the fact twice) at this mean same-fact probability with the fact's other claims; chosen
    # on the tuning half among 0.2 / 0.3 / 0.4 by reading the joins (0.2 and 0.3 joined
    # topical neighbours). See group.attach_restatements.
    restatement_threshold: float = 0.4
    same_fact_model: str | None = None  # a weights file from training/train_same_fact.py
    link_neighbours: int = 20  # nearest claims per claim scored as same-fact candidates
    neighbours: int = 10  # nearest claims per claim considered (blocking)
    # An outlet "omits" a fact only when none of its claims comes even this close (cosine) to
    # any of the fact's claims; otherwise the fact is "not found" in it (it may say it in
    # words the aligner could not match).
    omission_similarity: float = 0.33
    # ... nor shares this much of a fact claim's rarity-weighted content words (samefact's
    # content overlap) with any of them.
    omission_overlap: float = 0.34
    # ... and only for a fact at least this many independent sources carry (see facts.py).
    omission_min_sources: int = 2
    conflict_pair_threshold: float = 0.52  # claims this close are compared for conflicts
    # Claims this close that share an entity, or are near neighbours and both carry a value,
    # are compared for numbers and dates.
    entity_pair_floor: float = 0.33
    conflict_min_score: float = 0.4  # conflicts scoring lower are dropped (see same_proposition)
    use_nli: bool = True  # False: semantic conflicts from the marked rule-based fallback
    nli_threshold: float = 0.7  # mean two-way contradiction probability for a semantic conflict
    state_conflicts: bool = True  # also the parse-based check: one subject, opposite states


def align(
    claims: list[Claim],
    annotated: list[AnnotatedArticle],
    *,
    model: str | None = None,
    claim_model: str | None = None,
    nli_model: str | None = None,
    settings: AlignSettings | None = None,
    entities: list[Entity] | None = None,
) -> Alignment:
    """Facts, conflicts and text reuse for the claims of one story (all articles in
    ``annotated``). ``model`` (words) and ``claim_model`` (statements) are
    sentence-transformers directories and ``nli_model`` a cross-encoder directory; all default
    to the models newsprism ships. ``entities`` (the
    resolve stage's) tell which shared entities are too broad to tie dates to one event."""
    settings = settings or AlignSettings()
    articles = [a.article for a in annotated]
    reuse = find_reuse(articles)
    if not claims:
        return Alignment((), (), tuple(reuse))
    if len({c.article_id for c in claims}) < MIN_ARTICLES_TO_COMPARE:
        return _one_article(claims, articles, reuse, settings)
    quantities = {q.id: q for a in annotated for q in a.quantities}
    vectors = embed_claims([c.text for c in claims], claim_model)
    neighbours = neighbour_lists(claims, vectors, max(settings.neighbours,
                                                      settings.link_neighbours))
    pairs = candidate_pairs(claims, vectors, settings.neighbours, neighbours)
    synonyms = counted_synonyms(quantities.values(), lambda words: embed(words, model))
    weak = frozenset(e.id for e in entities or () if e.type in BROAD_ENTITY_TYPES)
    places = frozenset(e.id for e in entities or () if e.type in PLACE_ENTITY_TYPES)
    evidence = PairEvidence(claims, vectors, neighbours, quantities, weak, synonyms)
    same_fact = load_model(settings.same_fact_model)

    def probability(keys: list[tuple[int, int]]) -> list[float]:
        return same_fact.probability(evidence.matrix(keys)).tolist()

    linkable = sorted({(min(i, j), max(i, j)) for i, listed in neighbours.items()
                       for j, _ in listed[:settings.link_neighbours]})
    groups = attach_restatements(
        claims, group_facts(claims, linkable, probability, settings.link_threshold,
                            settings.linkage_floor),
        neighbours, probability, settings.restatement_threshold, settings.linkage_floor)
    close = [(i, j, s) for i, j, s in pairs if s >= settings.conflict_pair_threshold]
    scorer = _contradiction_scorer(nli_model) if settings.use_nli else None
    found = find_conflicts(claims, close, annotated, scorer, nli_method(nli_model),
                           settings.nli_threshold, synonyms=synonyms, weak_entities=weak,
                           places=places, participants=participants_by_article(entities or []))
    close_keys = {(i, j) for i, j, _ in close}
    floor = settings.entity_pair_floor
    blocked = list({(i, j): (i, j, s) for i, j, s in value_pairs(claims, pairs, floor)
                    + shared_entity_pairs(claims, vectors, floor)
                    if (i, j) not in close_keys}.values())
    found += find_conflicts(claims, blocked, annotated, blocked=True, synonyms=synonyms,
                            weak_entities=weak, places=places)
    if settings.state_conflicts:
        found += find_state_conflicts(claims, same_subject_pairs(claims, vectors), annotated)
    found = same_proposition(found, claims, same_fact, evidence)
    conflicts = [c for c in _strongest_per_pair(found, claims)
                 if c.score >= settings.conflict_min_score]
    source_of = source_groups([a.id for a in articles], reuse)
    groups = without_disputed_restatements(claims, groups, conflicts)
    facts = build_facts(claims, groups, vectors, conflicts, articles, source_of,
                        FactEvidence(probability, evidence.reason, settings.omission_similarity,
                                     lambda group: evidence.sharing_articles(
                                         group, settings.omission_overlap),
                                     settings.omission_min_sources))
    return Alignment(tuple(facts), tuple(conflicts), tuple(reuse))


def _one_article(claims: list[Claim], articles, reuse, settings: AlignSettings) -> Alignment:
    """The alignment when every claim comes from one article: there is no other report to
    group a claim with or to disagree with, so each claim is a single-source fact and no
    encoder runs (most stories of a day's intake are one article; embedding their claims
    was most of the per-story cost). The facts are what the full path builds for them."""
    import numpy as np

    no_pairs = FactEvidence(lambda keys: [], lambda i, j: "", settings.omission_similarity,
                            min_sources=settings.omission_min_sources)
    facts = build_facts(claims, [[i] for i in range(len(claims))],
                        np.zeros((len(claims), 1), dtype=np.float32), [], articles,
                        source_groups([a.id for a in articles], reuse), no_pairs)
    return Alignment(tuple(facts), (), tuple(reuse))


def same_proposition(found: list[Conflict], claims: list[Claim], same_fact: SameFactModel,
                     evidence: PairEvidence) -> list[Conflict]:
    """Each numeric or temporal conflict rescored as the mean of two probabilities: that its two
    claims state one proposition with the differing value hidden (the same-fact model with its
    value features masked), and the check's own confidence (the share of the words around the
    two values that they share, i.e. how surely they fill one slot). Statements of different
    periods, scopes or participants are not one proposition, so they score low. A semantic
    conflict keeps its own score (contradiction probability or the state rule's); every
    conflict's reason gains the masked probability and its evidence in words."""
    index = {c.id: k for k, c in enumerate(claims)}
    keys = [(index[c.claim_a], index[c.claim_b]) for c in found]
    masked = same_fact.probability(evidence.matrix(keys), masked=True) if keys else []
    rescored = []
    for conflict, key, p in zip(found, keys, masked, strict=True):
        reason = (f"{conflict.reason}; one proposition with the value hidden: {p:.2f} "
                  f"({evidence.reason(*key)}); check confidence {conflict.score:.2f}")
        # Semantic checks already judge the two statements as one matter (same subject, or the
        # NLI on close pairs): their own score stands; values need the masked match.
        score = (round((float(p) + conflict.score) / 2, 3) if conflict.kind != "semantic"
                 else conflict.score)
        rescored.append(replace(conflict, score=score, reason=reason))
    return rescored


def _strongest_per_pair(conflicts: list[Conflict], claims: list[Claim]) -> list[Conflict]:
    """One conflict per pair of places in the texts, strongest first: a claim and a relative
    clause inside it ("Edward Brooke, who served from 1967 to 1979") overlap, and their
    conflicts with one other statement are one finding, kept at its highest score."""
    by_id = {c.id: c for c in claims}
    kept: list[Conflict] = []
    for conflict in sorted(conflicts, key=lambda c: -c.score):
        if not any(_same_places(conflict, other, by_id) for other in kept):
            kept.append(conflict)
    return kept


def _same_places(one: Conflict, other: Conflict, by_id: dict[str, Claim]) -> bool:
    def overlap(x: str, y: str) -> bool:
        a, b = by_id[x], by_id[y]
        return a.article_id == b.article_id and a.start < b.end and b.start < a.end

    if {one.claim_a, one.claim_b} == {other.claim_a, other.claim_b}:
        return True  # one pair of claims: one finding, whatever the checks
    return one.kind == other.kind and (
        (overlap(one.claim_a, other.claim_a) and overlap(one.claim_b, other.claim_b))
        or (overlap(one.claim_a, other.claim_b) and overlap(one.claim_b, other.claim_a)))


def _contradiction_scorer(nli_model: str | None):
    from newsprism import nli

    def score(pairs: list[tuple[str, str]]) -> list[float]:
        return nli.symmetric_contradiction([a for a, _ in pairs], [b for _, b in pairs],
                                           nli_model)

    return score


def nli_method(nli_model: str | None) -> str:
    return f"NLI cross-encoder ({nli_model or 'nli-minilm, shipped'})"
