"""Grouping: which claims of different articles state the same thing.

Each claim is compared only with its nearest neighbours in other articles (top-k on sentence
embeddings), so the number of comparisons grows linearly with the story. Embeddings only
propose the pairs: whether two claims are one fact is the same-fact model's probability
(``align/samefact.py``), and facts are grown from it by average linkage, one claim per
article; an outlet's second statement of a fact then joins it (``attach_restatements``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from newsprism.align.states import PRONOUN_SUBJECTS
from newsprism.models import Claim, Conflict

Pair = tuple[int, int, float]
PairProbability = Callable[[list[tuple[int, int]]], list[float]]
MAX_SUBJECT_BLOCK = 300  # claims per subject word compared pairwise (cost stays bounded)


def neighbour_lists(claims: list[Claim], vectors: np.ndarray,
                    k: int) -> dict[int, list[tuple[int, float]]]:
    """Each claim's k nearest claims in *other* articles: index -> [(index, cosine)], best
    first. Computed block by block so memory stays bounded however large the story."""
    articles = np.array([c.article_id for c in claims])
    found: dict[int, list[tuple[int, float]]] = {}
    for lo in range(0, len(claims), 512):
        block = vectors[lo:lo + 512] @ vectors.T
        for row, sims in enumerate(block):
            i = lo + row
            sims = np.where(articles == articles[i], -1.0, sims)
            top = np.argpartition(-sims, min(k, len(sims) - 1))[:k]
            found[i] = sorted(((int(j), float(sims[j])) for j in top if sims[j] > 0),
                              key=lambda p: -p[1])
    return found


def candidate_pairs(claims: list[Claim], vectors: np.ndarray, k: int,
                    neighbours: dict[int, list[tuple[int, float]]] | None = None) -> list[Pair]:
    """(i, j, cosine) for each claim's k nearest claims in *other* articles, i < j, deduplicated,
    strongest first."""
    neighbours = neighbours if neighbours is not None else neighbour_lists(claims, vectors, k)
    found: dict[tuple[int, int], float] = {}
    for i, listed in neighbours.items():
        for j, sim in listed[:k]:
            found[(min(i, j), max(i, j))] = sim
    return sorted(((i, j, s) for (i, j), s in found.items()), key=lambda p: -p[2])


def group_facts(claims: list[Claim], pairs: list[tuple[int, int]], probability: PairProbability,
                threshold: float, floor: float) -> list[list[int]]:
    """Greedy average linkage on same-fact probabilities: the likeliest pairs first; two
    groups join only if they share no article (an outlet states a fact once), every cross
    pair reaches ``floor`` and their mean reaches ``threshold``, so chains of loosely related
    statements never snowball into one fact. ``probability(pairs)`` scores any pairs."""
    known = dict(zip(pairs, probability(pairs), strict=True))
    group_of = {i: i for i in range(len(claims))}
    members: dict[int, list[int]] = {i: [i] for i in range(len(claims))}
    for (i, j), p in sorted(known.items(), key=lambda item: -item[1]):
        if p < threshold:
            break
        a, b = group_of[i], group_of[j]
        if a == b:
            continue
        if {claims[x].article_id for x in members[a]} & {claims[x].article_id for x in members[b]}:
            continue
        cross = [(min(x, y), max(x, y)) for x in members[a] for y in members[b]]
        missing = [c for c in cross if c not in known]
        known.update(zip(missing, probability(missing), strict=True))
        scores = [known[c] for c in cross]
        if min(scores) < floor or sum(scores) / len(scores) < threshold:
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


def value_pairs(claims: list[Claim], pairs: list[Pair], floor: float) -> list[Pair]:
    """The candidate ``pairs`` (nearest neighbours) reaching ``floor`` whose two claims both
    carry a quantity or a date: "The primary would be held on April 30" and "Both parties will
    hold primaries in mid May" name no entity, yet their values fill one slot."""
    def valued(claim: Claim) -> bool:
        return bool(claim.quantity_ids or claim.date_ids)

    return [(i, j, s) for i, j, s in pairs
            if s >= floor and valued(claims[i]) and valued(claims[j])]


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


def attach_restatements(claims: list[Claim], groups: list[list[int]],
                        neighbours: dict[int, list[tuple[int, float]]],
                        probability: PairProbability, threshold: float,
                        floor: float) -> list[list[int]]:
    """Facts with their outlets' second statements of them. An outlet often states a fact
    twice ("where the grand jury convened" ... "a grand jury began hearing evidence"); a fact
    holds one claim per article while it grows (``group_facts``), so the second wording is
    left alone even when it matches the other outlets as well as the first. Each claim left
    alone joins the fact that holds a claim of its own article and one of its nearest claims
    of other articles, when its same-fact probabilities with that fact's claims of *other*
    articles average at least ``threshold`` and none is below ``floor`` (the fact's best such
    match when several qualify). Only lone claims join, and only facts as ``group_facts`` left
    them, so joins never chain or merge two facts. Returns groups as ``group_facts`` does."""
    group_of = {i: k for k, group in enumerate(groups) for i in group}
    grown = [list(group) for group in groups]
    for k, group in enumerate(groups):
        if len(group) != 1:
            continue
        claim = group[0]
        own = claims[claim].article_id
        best: tuple[float, int] | None = None
        for f in sorted({group_of[j] for j, _ in neighbours.get(claim, [])}):
            members = groups[f]
            others = [x for x in members if claims[x].article_id != own]
            if len(others) == len(members):
                continue  # no claim of this article: not a restatement (grouping decided)
            scores = probability([(min(claim, x), max(claim, x)) for x in others])
            mean = sum(scores) / len(scores)
            if min(scores) >= floor and mean >= threshold and (best is None or mean > best[0]):
                best = (mean, f)
        if best is not None:
            grown[best[1]].append(claim)
            grown[k] = []
    return [group for group in grown if group]


def first_of_each_article(claims: list[Claim], group: list[int]) -> list[int]:
    """The group's first claim of each article, in group order: the claims grouping chose
    (``group_facts`` keeps one per article; ``attach_restatements`` appends an outlet's
    second statement after them)."""
    first: dict[str, int] = {}
    for i in group:
        first.setdefault(claims[i].article_id, i)
    return list(first.values())


def without_disputed_restatements(claims: list[Claim], groups: list[list[int]],
                                  conflicts: list[Conflict]) -> list[list[int]]:
    """The groups with each outlet's second statement of a fact taken out again (to a fact
    of its own) where it conflicts with a claim of that fact: an outlet cannot be shown as
    carrying a fact while one of its statements contradicts it."""
    at_odds = {frozenset((c.claim_a, c.claim_b)) for c in conflicts}
    result: list[list[int]] = []
    for group in groups:
        first = set(first_of_each_article(claims, group))
        disputed = [i for i in group if i not in first and any(
            frozenset((claims[i].id, claims[j].id)) in at_odds for j in group if j != i)]
        result.append([i for i in group if i not in disputed])
        result.extend([i] for i in disputed)
    return sorted(result, key=lambda g: min(g))
