"""Grouping: which claims of different articles state the same thing.

Each claim is compared only with its nearest neighbours in other articles (top-k on sentence
embeddings), so the number of comparisons grows linearly with the story. A pair's link score
is its cosine similarity, raised a little when the two claims share a resolved entity or a
compatible quantity: embeddings measure topic, the shared facts make it the same statement.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from newsprism.align.conflicts import agreeing_quantity
from newsprism.align.states import PRONOUN_SUBJECTS
from newsprism.models import Claim, Quantity

Pair = tuple[int, int, float]
MAX_SUBJECT_BLOCK = 300  # claims per subject word compared pairwise (cost stays bounded)


@dataclass(frozen=True)
class LinkWeights:
    shared_entity: float = 0.03  # added when the two claims name a common resolved entity
    shared_quantity: float = 0.05  # added when they give compatible values of one measure
    # Taken off when either statement is shorter than ``short_words``: a short clause's vector
    # is mostly its name ("Prigozhin deserted his mission" ~ "Prigozhin chose the opposite").
    short_penalty: float = 0.1
    short_words: int = 6


def candidate_pairs(claims: list[Claim], vectors: np.ndarray, k: int) -> list[Pair]:
    """(i, j, cosine) for each claim's k nearest claims in *other* articles, i < j, deduplicated,
    strongest first. Computed block by block so memory stays bounded however large the story."""
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


def link_scores(claims: list[Claim], pairs: list[Pair], quantities: dict[str, Quantity],
                weights: LinkWeights, synonyms: frozenset = frozenset()) -> list[Pair]:
    """The pairs re-scored with the facts they share, strongest first."""
    scored = []
    for i, j, sim in pairs:
        a, b = claims[i], claims[j]
        bonus = weights.shared_entity if set(a.entity_ids) & set(b.entity_ids) else 0.0
        if agreeing_quantity(a, b, quantities, synonyms):
            bonus += weights.shared_quantity
        if min(len(a.text.split()), len(b.text.split())) < weights.short_words:
            bonus -= weights.short_penalty
        scored.append((i, j, sim + bonus))
    return sorted(scored, key=lambda p: -p[2])


def group_claims(claims: list[Claim], scored: list[Pair], vectors: np.ndarray,
                 threshold: float, floor: float) -> list[list[int]]:
    """Greedy average linkage: strongest pairs first; two groups join only if they share no
    article (a fact is carried once per article) and every cross pair stays above ``floor``,
    so chains of loosely similar sentences never snowball into one fact."""
    group_of = {i: i for i in range(len(claims))}
    members: dict[int, list[int]] = {i: [i] for i in range(len(claims))}
    for i, j, score in scored:
        if score < threshold:
            break
        a, b = group_of[i], group_of[j]
        if a == b:
            continue
        if {claims[x].article_id for x in members[a]} & {claims[x].article_id for x in members[b]}:
            continue
        cross = vectors[members[a]] @ vectors[members[b]].T
        if cross.min() < floor or cross.mean() < threshold - 0.05:
            continue
        members[a].extend(members.pop(b))
        for x in members[a]:
            group_of[x] = a
    return sorted(members.values(), key=lambda g: min(g))


def same_subject_pairs(claims: list[Claim], vectors: np.ndarray) -> list[Pair]:
    """(i, j, cosine) for claims of different articles whose statements share their subject's
    head word and their object (the block the parse-based state check runs on)."""
    blocks: dict[tuple[str, str | None], list[int]] = {}
    for index, claim in enumerate(claims):
        if claim.subject and claim.subject not in PRONOUN_SUBJECTS:
            blocks.setdefault((claim.subject, claim.argument), []).append(index)
    return _pairs_within(blocks.values(), claims, vectors, float("-inf"))


def shared_entity_pairs(claims: list[Claim], vectors: np.ndarray, floor: float) -> list[Pair]:
    """(i, j, cosine ≥ ``floor``) for claims of different articles naming a common resolved
    entity: the block the numeric and temporal checks run on. "The floods killed 12 people in
    Montalbo" and "At least 30 people were killed by the flooding around Montalbo" conflict
    even when their wording keeps them out of each other's nearest neighbours."""
    blocks: dict[str, list[int]] = {}
    for index, claim in enumerate(claims):
        if claim.quantity_ids or claim.date_ids:
            for entity in claim.entity_ids:
                blocks.setdefault(entity, []).append(index)
    return _pairs_within(blocks.values(), claims, vectors, floor)


def _pairs_within(blocks, claims: list[Claim], vectors: np.ndarray, floor: float) -> list[Pair]:
    """Each pair of claims of different articles inside one block (the first
    ``MAX_SUBJECT_BLOCK`` of it), once, with its cosine when that reaches ``floor``."""
    found: dict[tuple[int, int], float] = {}
    for members in blocks:
        members = members[:MAX_SUBJECT_BLOCK]
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if claims[i].article_id != claims[j].article_id and (i, j) not in found:
                    sim = float(vectors[i] @ vectors[j])
                    if sim >= floor:
                        found[(i, j)] = sim
    return [(i, j, s) for (i, j), s in found.items()]
