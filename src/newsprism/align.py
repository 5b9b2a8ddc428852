"""Align: group claims that state the same thing across articles into facts, give each fact a
status (consensus / single_source / disputed) and find numeric, temporal and semantic conflicts.

Claims are embedded with a shipped sentence-transformer; each claim is compared only with its
nearest neighbours in other articles (top-k), so cost stays near-linear in comparisons kept.
Embeddings measure topic, not agreement: they propose pairs, and quantities, dates and
newsprism's NLI cross-encoder (``newsprism.nli``, both directions) decide conflicts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from newsprism.conflicts import find_conflicts
from newsprism.embeddings import embed
from newsprism.models import (
    Alignment,
    AnnotatedArticle,
    Article,
    Claim,
    Conflict,
    Fact,
    article_label,
    content_id,
)


@dataclass(frozen=True)
class AlignSettings:
    link_threshold: float = 0.72  # cosine at which two claims of two articles are one fact
    linkage_floor: float = 0.62  # a fact's weakest cross pair may not fall below this
    neighbours: int = 10  # nearest claims per claim considered (blocking)
    conflict_pair_threshold: float = 0.65  # claims this close are compared for conflicts
    conflict_min_score: float = 0.5  # conflicts scoring lower are dropped
    use_nli: bool = True  # False: semantic conflicts from the marked rule-based fallback
    nli_threshold: float = 0.7  # mean two-way contradiction probability for a semantic conflict


def align(
    claims: list[Claim],
    annotated: list[AnnotatedArticle],
    *,
    model: str | None = None,
    nli_model: str | None = None,
    settings: AlignSettings | None = None,
) -> Alignment:
    """Facts and conflicts for the claims of one story (all articles in ``annotated``).

    ``model`` is a sentence-transformers directory and ``nli_model`` a cross-encoder
    directory; both default to the models newsprism ships."""
    settings = settings or AlignSettings()
    if not claims:
        return Alignment((), ())
    vectors = embed([c.text for c in claims], model)
    pairs = candidate_pairs(claims, vectors, settings.neighbours)
    groups = _group(claims, pairs, vectors, settings)
    close = [(i, j, s) for i, j, s in pairs if s >= settings.conflict_pair_threshold]
    scorer = _contradiction_scorer(nli_model) if settings.use_nli else None
    found = find_conflicts(claims, close, annotated, scorer, nli_method(nli_model),
                           settings.nli_threshold)
    conflicts = [c for c in found if c.score >= settings.conflict_min_score]
    facts = _facts(claims, groups, vectors, conflicts, [a.article for a in annotated])
    return Alignment(tuple(facts), tuple(conflicts))


def _contradiction_scorer(nli_model: str | None):
    from newsprism import nli

    def score(pairs: list[tuple[str, str]]) -> list[float]:
        return nli.symmetric_contradiction([a for a, _ in pairs], [b for _, b in pairs],
                                           nli_model)

    return score


def nli_method(nli_model: str | None) -> str:
    return f"NLI cross-encoder ({nli_model or 'nli-minilm, shipped'})"


def candidate_pairs(claims: list[Claim], vectors: np.ndarray, k: int):
    """(i, j, cosine) for each claim's k nearest claims in *other* articles, i < j, deduplicated.

    Computed block by block so memory stays bounded however many claims a story has.
    """
    articles = np.array([c.article_id for c in claims])
    found: dict[tuple[int, int], float] = {}
    for lo in range(0, len(claims), 512):
        block = vectors[lo:lo + 512] @ vectors.T
        for row, sims in enumerate(block):
            i = lo + row
            sims = np.where(articles == articles[i], -1.0, sims)
            top = np.argpartition(-sims, min(k, len(sims) - 1))[:k]
            for j in top:
                if sims[j] > 0:
                    found[(min(i, j), max(i, j))] = float(sims[j])
    return sorted(((i, j, s) for (i, j), s in found.items()), key=lambda p: -p[2])


def _group(claims, pairs, vectors, settings) -> list[list[int]]:
    """Greedy average-linkage: strongest pairs first; two groups join only if they share no
    article (a fact is carried once per article) and every cross pair stays above the floor,
    so chains of loosely similar sentences never snowball into one fact."""
    group_of = {i: i for i in range(len(claims))}
    members: dict[int, list[int]] = {i: [i] for i in range(len(claims))}
    for i, j, sim in pairs:
        if sim < settings.link_threshold:
            break
        a, b = group_of[i], group_of[j]
        if a == b:
            continue
        if {claims[x].article_id for x in members[a]} & {claims[x].article_id for x in members[b]}:
            continue
        cross = vectors[members[a]] @ vectors[members[b]].T
        if cross.min() < settings.linkage_floor or cross.mean() < settings.link_threshold - 0.05:
            continue
        members[a].extend(members.pop(b))
        for x in members[a]:
            group_of[x] = a
    return sorted(members.values(), key=lambda g: min(g))


def _facts(claims, groups, vectors, conflicts: list[Conflict], articles: list[Article]):
    labels = {a.id: article_label(a) for a in articles}
    conflict_ids = defaultdict(list)
    for conflict in conflicts:
        conflict_ids[conflict.claim_a].append(conflict.id)
        conflict_ids[conflict.claim_b].append(conflict.id)
    facts = []
    for group in groups:
        members = [claims[i] for i in group]
        article_ids = tuple(dict.fromkeys(c.article_id for c in members))
        outlets = tuple(sorted({labels[a] for a in article_ids}))
        ids = tuple(dict.fromkeys(cid for c in members for cid in conflict_ids[c.id]))
        status = "disputed" if ids else "consensus" if len(outlets) >= 2 else "single_source"
        sims = vectors[group] @ vectors[group].T
        centre = group[int(np.argmax(sims.sum(axis=1)))]
        cohesion = float(sims[np.triu_indices(len(group), 1)].mean()) if len(group) > 1 else 1.0
        claim_ids = tuple(c.id for c in members)
        facts.append(Fact(
            id=content_id("fct", *sorted(claim_ids)), claim_ids=claim_ids,
            representative_claim_id=claims[centre].id, article_ids=article_ids,
            outlets=outlets, omitted_by=tuple(a.id for a in articles if a.id not in article_ids),
            status=status, conflict_ids=ids, cohesion=round(cohesion, 4),
        ))
    return facts
