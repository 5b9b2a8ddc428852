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
    ("10m", 1e7, False),
    # a unit written onto the number is not part of it (it was read as 44 and 5,000)
    ("44.6C", 44.6, False),
    ("5km", 5, False),
    ("25,000,", 25000, False),
    # as news writes them: ranges in words, digits grouped by (thin) spaces
    ("a couple hundred", 200, False),
    ("tens of thousands", 20000, True),
    ("hundreds of thousands", 200000, True),
    ("816 000", 816000, False),
    ("1\u202f250\u202f000", 1250000, False),
])
def test_parse_number(text, value, vague):
    assert parse_number(text) == (pytest.approx(value), vague)


def test_parse_number_refuses_non_numbers():
    assert parse_number("the army") is None


@pytest.fixture(scope="module")
def quantities():
    from newsprism.annotate import annotate
    from newsprism.models import Article

    def run(text: str) -> dict[str, object]:
        [item] = annotate([Article(id=Article.id_for(text), text=text, published="2024-03-08")])
        return {q.text: q for q in item.quantities}

    return run


@pytest.mark.slow
def test_durations_and_ages_are_quantities_of_their_own_kind(quantities):
    found = quantities("The siege lasted about 24 hours after a year of shelling. "
                       "The 45-year-old commander Jonas Weber resigned.")
    assert (found["about 24 hours"].kind, found["about 24 hours"].unit) == ("duration", "hour")
    assert found["about 24 hours"].bound == "approximate"
    assert (found["a year"].kind, found["a year"].value) == ("duration", 1.0)
    age = found["45-year-old"]
    assert (age.kind, age.value, age.counted) == ("age", 45.0, "years old")


@pytest.mark.slow
def test_a_number_in_apposition_to_a_person_is_their_age(quantities):
    age = quantities("Maria Lopez, 45, said the talks had failed.")["45"]
    assert (age.kind, age.subject, age.unit) == ("age", "Maria Lopez", "year")


@pytest.mark.slow
def test_a_quantity_names_the_entity_it_describes(quantities):
    found = quantities("Greenpeace has 3,000 volunteers in the region. "
                       "Toyota's 12,000 workers went on strike over the past two weeks.")
    assert found["3,000"].subject == "Greenpeace"
    assert found["12,000"].subject == "Toyota"
    assert found["12,000"].counted == "workers"
    assert found["the past two weeks"].bound == "exact"  # a period, not "over" a bound


@pytest.mark.slow
def test_a_relative_date_is_not_a_duration(quantities):
    found = quantities("The ceasefire was signed ten days ago in Geneva.")
    assert not any(q.kind == "duration" for q in found.values())


@pytest.mark.slow
def test_negated_bounds_and_metric_units(quantities):
    found = quantities("The boat carried no more than 10 people. No fewer than 30 boats sailed. "
                       "The river peaked at 890 centimetres.")
    assert found["no more than 10"].bound == "at_most"
    assert found["No fewer than 30"].bound == "at_least"
    assert found["890 centimetres"].unit == "centimetre"


@pytest.mark.slow
def test_field_case_10_quantities_in_words():
    """Field case 10 (quantulum3 #205, #11, #45; grobid-quantities #91; NeMo #5256): ranges in
    words, number words with "and", "per cent" in two words, space-grouped digits, and no
    count from the financial years "2012–13"."""
    from pathlib import Path

    from newsprism.annotate import annotate
    from newsprism.models import Article

    folder = Path(__file__).parents[1] / "fixtures" / "cases" / "10-quantities-in-words"
    text = (folder / "coastal-post-water.txt").read_text(encoding="utf-8")
    [item] = annotate([Article(id="water", text=text, published="2024-02-06")])
    found = {q.text.lower(): q for q in item.quantities}
    couple = found["a couple hundred"]
    assert 200 <= couple.value <= 300 and couple.bound in ("approximate", "at_least")
    assert couple.counted == "residents"
    assert (found["3.8 billion dollars"].value, found["3.8 billion dollars"].kind) == (
        pytest.approx(3.8e9), "money")
    assert (found["eleven per cent"].value, found["eleven per cent"].unit) == (11, "percent")
    assert (found["a hundred and two"].value, found["a hundred and two"].counted) == (
        102, "homes")
    tens = found["tens of thousands"]
    assert 10_000 <= tens.value <= 99_999 and tens.bound in ("approximate", "at_least")
    for written, value in (("816 000 tonnes", 816_000), ("734 000 tonnes", 734_000)):
        assert (found[written].value, found[written].unit) == (value, "tonne")
    assert not {q.text for q in item.quantities} & {"2012", "13", "2013", "14", "2012–13"}
    assert all(q.value not in (2012, 13, 2013, 14, 1012.5) for q in item.quantities)
