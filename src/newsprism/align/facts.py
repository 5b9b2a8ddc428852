"""Facts: each group of claims with its status, score, independent sources and per-outlet
coverage.

A fact is ``consensus`` when at least two independent sources carry it (copies of one wire
text are one source however many outlets run them), ``single_source`` otherwise, and
``disputed`` when any of its claims conflicts with another claim. Its score is the mean same-
fact probability (``align/samefact.py``) of the pairs of its first claim of each article (an
outlet's second statement, listed after, leaves it as it is), with the evidence for the
weakest pair in words. For every outlet covering the story the fact records whether that
outlet carries it, contradicts it, omits it, or whether it was not found there. "Omits" is
said only where the test is strict: at least two independent sources carry the fact (what one
outlet alone reports is single-source, and the others not reporting it is no finding: on the
development set's real stories, half the "omits" said of single-source facts were wrong, the
outlet stating it in other words), and none of the outlet's claims comes even loosely close
(no sentence-vector cosine reaches the omission similarity and none shares a third of a fact
claim's rarity-weighted content words). Otherwise the fact is "not found" there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from newsprism.align.group import first_of_each_article
from newsprism.align.reuse import independent_origins
from newsprism.models import Article, Claim, Conflict, Coverage, Fact, article_label, content_id


@dataclass(frozen=True)
class FactEvidence:
    """What the aligner knows about pairs of claims: ``probability([(i, j)])`` (same fact),
    ``reason(i, j)`` in words, the cosine below which a claim is not even loosely close, and
    ``sharing(group)``: the articles with a claim sharing a good part of the rarer words of
    a claim of the group (also loosely close: "whipsawed" in two outlets' words)."""

    probability: Callable[[list[tuple[int, int]]], list[float]]
    reason: Callable[[int, int], str]
    loose_similarity: float
    sharing: Callable[[list[int]], set[str]] = lambda group: set()
    min_sources: int = 2  # independent sources carrying a fact before an outlet "omits" it


def build_facts(claims: list[Claim], groups: list[list[int]], vectors: np.ndarray,
                conflicts: list[Conflict], articles: list[Article],
                source_of: dict[str, str], evidence: FactEvidence) -> list[Fact]:
    labels = {a.id: article_label(a) for a in articles}
    conflict_ids: dict[str, list[str]] = defaultdict(list)
    opponents: dict[str, list[str]] = defaultdict(list)  # claim id -> claims it conflicts with
    for conflict in conflicts:
        for mine, other in ((conflict.claim_a, conflict.claim_b),
                            (conflict.claim_b, conflict.claim_a)):
            conflict_ids[mine].append(conflict.id)
            opponents[mine].append(other)
    by_id = {c.id: c for c in claims}
    near = _nearest_per_article(claims, vectors)
    facts = []
    for group in groups:
        members = [claims[i] for i in group]
        article_ids = tuple(dict.fromkeys(c.article_id for c in members))
        outlets = tuple(sorted({labels[a] for a in article_ids}))
        ids = tuple(dict.fromkeys(cid for c in members for cid in conflict_ids[c.id]))
        origins = independent_origins(members, source_of)
        if ids:
            status = "disputed"
        elif len(origins) >= 2 and len(outlets) >= 2:
            status = "consensus"
        else:
            status = "single_source"
        score, reason, centre = _agreement(group, claims, evidence, vectors)
        representative = claims[centre]
        against = [by_id[o] for c in members for o in opponents[c.id] if o in by_id]
        # Inside a disputed fact, the claims at odds with its representative statement are
        # the outlets that contradict it ("8,000 fighters" in the row "25,000 fighters").
        claim_ids = tuple(c.id for c in members)
        dissent = set(opponents[representative.id]) & set(claim_ids)
        carriers = [c for c in members if c.id not in dissent]
        against += [c for c in members if c.id in dissent]
        if len(origins) >= evidence.min_sources:
            close = {a for a, best in near(group).items() if best >= evidence.loose_similarity}
            close |= evidence.sharing(group)
        else:  # too few reports for anyone's silence to be a finding
            close = {a.id for a in articles}
        rows = coverage(carriers, against, articles, labels, close)
        facts.append(Fact(
            id=content_id("fct", *sorted(claim_ids)), claim_ids=claim_ids,
            representative_claim_id=representative.id, article_ids=article_ids,
            outlets=outlets,
            omitted_by=tuple(a for row in rows if row.status == "omits" for a in row.article_ids),
            status=status, conflict_ids=ids, cohesion=_cohesion(group, vectors),
            independent_sources=len(origins), origins=tuple(tuple(o) for o in origins),
            coverage=rows, score=score, reason=reason,
        ))
    return facts


def coverage(carriers: list[Claim], against: list[Claim], articles: list[Article],
             labels: dict[str, str], close: set[str] = frozenset()) -> tuple[Coverage, ...]:
    """Per outlet: ``carries`` if one of its articles carries the fact, else ``contradicts``
    if one of its claims conflicts with the fact's claims, else ``not_found`` if one of its
    articles is in ``close`` (a claim there comes loosely close to the fact), else ``omits``."""
    carrying = defaultdict(list)
    for claim in carriers:
        carrying[claim.article_id].append(claim.id)
    contradicting = defaultdict(list)
    for claim in against:
        if claim.article_id not in carrying:
            contradicting[claim.article_id].append(claim.id)
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        by_outlet[labels[article.id]].append(article.id)
    result = []
    for outlet, article_ids in sorted(by_outlet.items()):
        carried = [c for a in article_ids for c in carrying.get(a, ())]
        contra = [c for a in article_ids for c in contradicting.get(a, ())]
        if carried or contra:
            status = "carries" if carried else "contradicts"
        else:
            status = "not_found" if close & set(article_ids) else "omits"
        claim_ids = tuple(dict.fromkeys(carried or contra))
        result.append(Coverage(outlet, status, tuple(article_ids), claim_ids))
    return tuple(result)


def _agreement(group: list[int], claims: list[Claim], evidence: FactEvidence,
               vectors: np.ndarray) -> tuple[float, str, int]:
    """(mean same-fact probability of the pairs of the fact's first claim of each article,
    the weakest such pair's evidence in words, the one of those claims whose weakest link to
    the others is strongest: the statement every member supports best; ties go to the one
    closest to the others in meaning). An outlet's second statement of the fact
    (``group.attach_restatements``, listed after its first) neither raises nor lowers the
    score: the fact is what grouping found across articles."""
    first = first_of_each_article(claims, group)
    if len(first) < 2:
        return 1.0, "one statement", first[0]
    pairs = list(combinations(sorted(first), 2))
    scores = dict(zip(pairs, evidence.probability(pairs), strict=True))
    weakest = min(scores, key=scores.get)

    def support(i: int) -> float:
        return min(p for pair, p in scores.items() if i in pair)

    closeness = dict(zip(first, (vectors[first] @ vectors[first].T).sum(axis=1), strict=True))
    centre = max(first, key=lambda i: (round(support(i), 3), closeness[i]))
    reason = f"weakest pair {scores[weakest]:.2f}: {evidence.reason(*weakest)}"
    return round(sum(scores.values()) / len(scores), 4), reason, centre


def _nearest_per_article(claims: list[Claim], vectors: np.ndarray):
    """A function: claim indices -> {article id: the best cosine of any of its claims to any
    of them}. One matrix product per fact; claims sorted by article once."""
    order = sorted(range(len(claims)), key=lambda i: claims[i].article_id)
    article_ids = [claims[i].article_id for i in order]
    starts = [k for k in range(len(order)) if k == 0 or article_ids[k] != article_ids[k - 1]]
    ordered = vectors[order]

    def best(group: list[int]) -> dict[str, float]:
        sims = (vectors[group] @ ordered.T).max(axis=0)
        peaks = np.maximum.reduceat(sims, starts)
        return {article_ids[k]: float(p) for k, p in zip(starts, peaks, strict=True)}

    return best


def _cohesion(group: list[int], vectors: np.ndarray) -> float:
    if len(group) < 2:
        return 1.0
    sims = vectors[group] @ vectors[group].T
    return round(float(sims[np.triu_indices(len(group), 1)].mean()), 4)
