import pytest

from newsprism.annotate.quantities import parse_number


@pytest.mark.parametrize("text,value,vague", [
    ("25,000", 25000, False),
    ("1.5 million", 1.5e6, False),
    ("six", 6, False),
    ("$100 billion", 1e11, False),
    ("a few hundred kilometers", 300, False),
    ("twenty-five", 25, False),
    ("thousands", 2000, True),
    ("3bn", 3e9, False),
])
def test_parse_number(text, value, vague):
    assert parse_number(text) == (pytest.approx(value), vague)


def test_parse_number_refuses_non_numbers():
    assert parse_number("the army") is None
