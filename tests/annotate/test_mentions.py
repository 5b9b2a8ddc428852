"""Which of the tagger's names are kept: the rules on plain mentions, no model loaded."""

from newsprism.annotate.mentions import _confirmed, _without_closing_marks
from newsprism.models import Mention


def _mention(text: str, name: str, label: str = "ORG") -> Mention:
    start = text.index(name)
    return Mention("a", start, start + len(name), name, label, 0)


def test_a_headline_name_stays_only_where_the_body_writes_it_as_a_word():
    text = ("Streets Empty As Storm Nears Coast Of Florida\n\n"
            "Residents of Streetsboro and Florida left before the storm.")
    kept = _confirmed([_mention(text, "Streets"), _mention(text, "Florida", "GPE")], text)
    assert [m.text for m in kept] == ["Florida"]  # "Streetsboro" is not "Streets"


def test_a_name_in_an_ordinary_line_is_never_questioned():
    text = "The storm reached Streets, a village on the coast."
    assert _confirmed([_mention(text, "Streets")], text) == [_mention(text, "Streets")]


def test_an_abbreviation_keeps_its_stop_and_a_sentence_mark_goes():
    assert _without_closing_marks("Jesse Jackson Jr.,") == "Jesse Jackson Jr."
    assert _without_closing_marks("U.S.") == "U.S."
    assert _without_closing_marks("Vladimir Putin.") == "Vladimir Putin"
    assert _without_closing_marks("Acme Inc") == "Acme Inc"


def test_a_capitalised_sentence_is_no_headline():
    text = "Israeli Prime Minister Benjamin Netanyahu Responded On Sunday.\n\nThe talks ended."
    netanyahu = _mention(text, "Benjamin Netanyahu", "PERSON")
    assert _confirmed([netanyahu], text) == [netanyahu]
