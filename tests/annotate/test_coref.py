import pytest

from newsprism.annotate import coref, warm_up

pytestmark = pytest.mark.slow  # loads the shipped spaCy model


def described(text, *surfaces):
    """Mentions for the first occurrence of each surface (spans found by str.find)."""
    doc = warm_up()(text)
    spans = []
    for surface in surfaces:
        start = text.find(surface)
        assert start >= 0, surface
        spans.append(doc.char_span(start, start + len(surface), alignment_mode="expand"))
    return {m.text: m for m in coref.mentions("art_1", doc, spans)}


def test_pronoun_links_to_the_person_before_it():
    text = ("Maria Lopez opened a bakery on Main Street in 2010. "
            "She said the shop had never been busier.")
    found = described(text, "Maria Lopez", "a bakery", "She")
    assert found["She"].kind == "pronoun"
    assert found["She"].antecedent_start == text.find("Maria Lopez")
    assert found["Maria Lopez"].kind == "name" and found["Maria Lopez"].antecedent_start is None


def test_it_does_not_link_to_a_person():
    text = "Tom Baker bought the old mill. It had been empty for years."
    found = described(text, "Tom Baker", "the old mill", "It")
    assert found["It"].antecedent_start == text.find("the old mill")


def test_appositive_role_noun_joins_the_name():
    text = "The mayor, John Harris, opened the new bridge on Friday."
    found = described(text, "The mayor", "John Harris", "the new bridge")
    assert found["The mayor"].kind == "nominal" and found["The mayor"].head == "mayor"
    assert found["The mayor"].antecedent_start == text.find("John Harris")
    assert found["the new bridge"].antecedent_start is None


def test_describe_takes_the_object_of_a_preposition():
    doc = warm_up()("The fire started in Queens late on Tuesday.")
    span = doc.char_span(doc.text.find("in Queens"), doc.text.find("in Queens") + 9)
    shape = coref.describe(span)
    assert shape.head == "queens" and shape.kind == "name"
