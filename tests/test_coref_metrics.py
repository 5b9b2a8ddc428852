"""bench/coref_metrics.py on a hand-computed example: key {a,b,c},{d,e}; response {a,b},{c,d,e}.

MUC: recall (3-2 + 2-1) / (2 + 1) = 2/3, precision (2-1 + 3-2) / (1 + 2) = 2/3.
B³: recall (2/3 + 2/3 + 1/3 + 1 + 1) / 5 = 11/15, precision (1 + 1 + 1/3 + 2/3 + 2/3) / 5 = 11/15.
CEAF-e: φ4 of the best matching {a,b,c}-{a,b} (4/5) and {d,e}-{c,d,e} (4/5): 1.6 over 2 each.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from coref_metrics import score  # noqa: E402

KEY = [{"a", "b", "c"}, {"d", "e"}]
RESPONSE = [{"a", "b"}, {"c", "d", "e"}]


def test_hand_computed_example():
    found = score(KEY, RESPONSE)
    assert found.muc.recall == pytest.approx(2 / 3) and found.muc.precision == pytest.approx(2 / 3)
    assert found.b_cubed.recall == pytest.approx(11 / 15)
    assert found.b_cubed.precision == pytest.approx(11 / 15)
    assert found.ceaf_e.recall == pytest.approx(0.8)
    assert found.ceaf_e.precision == pytest.approx(0.8)
    assert found.conll == pytest.approx((2 / 3 + 11 / 15 + 0.8) / 3)


def test_identical_clusterings_score_one():
    found = score(KEY, KEY)
    assert found.muc.f1 == found.b_cubed.f1 == found.ceaf_e.f1 == pytest.approx(1.0)
