"""Coreference scores as the CoNLL reference scorer computes them: MUC, B³, CEAF-e and their
mean, CoNLL F1. Clusters are collections of hashable mention keys; key and response may cover
different mentions (with gold mentions they cover the same ones)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

import numpy as np
from scipy.optimize import linear_sum_assignment

Clusters = Sequence[frozenset]


class PRF(NamedTuple):
    recall: float
    precision: float
    f1: float


def _f1(recall: float, precision: float) -> PRF:
    f1 = 0.0 if recall + precision == 0 else 2 * recall * precision / (recall + precision)
    return PRF(recall, precision, f1)


def as_clusters(groups: Iterable[Iterable]) -> list[frozenset]:
    return [frozenset(g) for g in groups if g]


def _where(clusters: Clusters) -> dict:
    return {m: i for i, c in enumerate(clusters) for m in c}


def _muc_side(key: Clusters, response: Clusters) -> float:
    """Links of ``key`` recovered by ``response`` (MUC recall when key is gold)."""
    found = _where(response)
    numerator = denominator = 0
    for cluster in key:
        parts = {found.get(m, ("alone", m)) for m in cluster}
        numerator += len(cluster) - len(parts)
        denominator += len(cluster) - 1
    return numerator / denominator if denominator else 0.0


def muc(key: Clusters, response: Clusters) -> PRF:
    return _f1(_muc_side(key, response), _muc_side(response, key))


def _b_cubed_side(key: Clusters, response: Clusters) -> float:
    found = _where(response)
    response_sets = list(response)
    total = 0.0
    mentions = 0
    for cluster in key:
        for mention in cluster:
            mentions += 1
            if mention in found:
                total += len(cluster & response_sets[found[mention]]) / len(cluster)
    return total / mentions if mentions else 0.0


def b_cubed(key: Clusters, response: Clusters) -> PRF:
    return _f1(_b_cubed_side(key, response), _b_cubed_side(response, key))


def ceaf_e(key: Clusters, response: Clusters) -> PRF:
    """Entity-based CEAF: the best one-to-one matching of clusters under φ4 similarity."""
    if not key or not response:
        return PRF(0.0, 0.0, 0.0)
    similarity = np.zeros((len(key), len(response)))
    response_where = _where(response)
    for i, cluster in enumerate(key):
        for mention in cluster:
            j = response_where.get(mention)
            if j is not None and similarity[i, j] == 0:
                shared = len(cluster & response[j])
                similarity[i, j] = 2 * shared / (len(cluster) + len(response[j]))
    rows, cols = linear_sum_assignment(-similarity)
    best = similarity[rows, cols].sum()
    return _f1(best / len(key), best / len(response))


class Scores(NamedTuple):
    muc: PRF
    b_cubed: PRF
    ceaf_e: PRF

    @property
    def conll(self) -> float:
        return (self.muc.f1 + self.b_cubed.f1 + self.ceaf_e.f1) / 3


def score(key: Iterable[Iterable], response: Iterable[Iterable]) -> Scores:
    key_clusters, response_clusters = as_clusters(key), as_clusters(response)
    return Scores(muc(key_clusters, response_clusters), b_cubed(key_clusters, response_clusters),
                  ceaf_e(key_clusters, response_clusters))
