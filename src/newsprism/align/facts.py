"""Facts: each group of claims with its status, independent sources and per-outlet coverage.

A fact is ``consensus`` when at least two independent sources carry it (copies of one wire
text are one source however many outlets run them), ``single_source`` otherwise, and
``disputed`` when any of its claims conflicts with another claim. For every outlet covering
the story the fact records whether that outlet carries it, contradicts it or omits it.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from newsprism.align.reuse import independent_origins
from newsprism.models import Article, Claim, Conflict, Coverage, Fact, article_label, content_id


def build_facts(claims: list[Claim], groups: list[list[int]], vectors: np.ndarray,
                conflicts: list[Conflict], articles: list[Article],
                source_of: dict[str, str]) -> list[Fact]:
    labels = {a.id: article_label(a) for a in articles}
    conflict_ids: dict[str, list[str]] = defaultdict(list)
    opponents: dict[str, list[str]] = defaultdict(list)  # claim id -> claims it conflicts with
    for conflict in conflicts:
        for mine, other in ((conflict.claim_a, conflict.claim_b),
                            (conflict.claim_b, conflict.claim_a)):
            conflict_ids[mine].append(conflict.id)
            opponents[mine].append(other)
    by_id = {c.id: c for c in claims}
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
        representative = claims[_centre(group, vectors)]
        against = [by_id[o] for c in members for o in opponents[c.id] if o in by_id]
        # Inside a disputed fact, the claims at odds with its representative statement are
        # the outlets that contradict it ("8,000 fighters" in the row "25,000 fighters").
        claim_ids = tuple(c.id for c in members)
        dissent = set(opponents[representative.id]) & set(claim_ids)
        carriers = [c for c in members if c.id not in dissent]
        against += [c for c in members if c.id in dissent]
        facts.append(Fact(
            id=content_id("fct", *sorted(claim_ids)), claim_ids=claim_ids,
            representative_claim_id=representative.id, article_ids=article_ids,
            outlets=outlets, omitted_by=tuple(a.id for a in articles if a.id not in article_ids),
            status=status, conflict_ids=ids, cohesion=_cohesion(group, vectors),
            independent_sources=len(origins), origins=tuple(tuple(o) for o in origins),
            coverage=coverage(carriers, against, articles, labels),
        ))
    return facts


def coverage(carriers: list[Claim], against: list[Claim], articles: list[Article],
             labels: dict[str, str]) -> tuple[Coverage, ...]:
    """Per outlet: ``carries`` if one of its articles carries the fact, else ``contradicts``
    if one of its claims conflicts with the fact's claims, else ``omits``."""
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
        status = "carries" if carried else "contradicts" if contra else "omits"
        claim_ids = tuple(dict.fromkeys(carried or contra))
        result.append(Coverage(outlet, status, tuple(article_ids), claim_ids))
    return tuple(result)


def _centre(group: list[int], vectors: np.ndarray) -> int:
    sims = vectors[group] @ vectors[group].T
    return group[int(np.argmax(sims.sum(axis=1)))]


def _cohesion(group: list[int], vectors: np.ndarray) -> float:
    if len(group) < 2:
        return 1.0
    sims = vectors[group] @ vectors[group].T
    return round(float(sims[np.triu_indices(len(group), 1)].mean()), 4)
