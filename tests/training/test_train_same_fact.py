"""Labels of the same-fact training pairs (training/train_same_fact.py), on hand-made claims."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from newsprism.models import Claim

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training"))
from train_same_fact import labelled_keys  # noqa: E402

LEAD = "the lawsuit was without merit"
QUOTE = "the challenge is political grandstanding without merit"
OTHER = "we believe this suit is without merit"
GOLD = {"consensus": [{"id": "no_merit", "evidence": {"000": LEAD, "001": OTHER},
                       "min_docs": 2}]}


def claims() -> list[Claim]:
    return [Claim("c0", "art_a", 0, len(LEAD), LEAD, "statement"),
            Claim("c1", "art_a", 40, 40 + len(QUOTE), QUOTE, "statement"),
            Claim("c2", "art_b", 0, len(OTHER), OTHER, "statement")]


def vectors(restating: float) -> np.ndarray:
    """Unit vectors: c0 · c1 = ``restating``; c2 is as close to both."""
    c0 = np.array([1.0, 0.0, 0.0])
    c1 = np.array([restating, np.sqrt(1 - restating ** 2), 0.0])
    c2 = (c0 + c1) / np.linalg.norm(c0 + c1)
    return np.stack([c0, c1, c2])


NEIGHBOURS = {2: [(1, 0.9), (0, 0.8)], 0: [(2, 0.8)], 1: [(2, 0.9)]}


def labels(found) -> dict[tuple[int, int], int]:
    keys, values = found
    return dict(zip(keys, values.tolist(), strict=True))


def test_an_unlisted_wording_of_the_fact_is_a_negative_without_the_restatement_rule() -> None:
    assert labels(labelled_keys(claims(), NEIGHBOURS, GOLD)) == {(0, 2): 1, (1, 2): 0}


@pytest.mark.parametrize(("restating", "expected"), [
    (0.8, {(0, 2): 1}),  # the quote restates the lead: no reliable negative, left out
    (0.2, {(0, 2): 1, (1, 2): 0}),  # another statement of the same article: a negative
])
def test_a_restatement_of_the_listed_wording_is_left_unlabelled(restating, expected) -> None:
    found = labelled_keys(claims(), NEIGHBOURS, GOLD, vectors(restating), restatement=0.5)
    assert labels(found) == expected
