import pytest

from newsprism.annotate import annotate
from newsprism.models import Article

pytestmark = pytest.mark.slow

TEXT = (
    "Kremlin spokesman Dmitry Peskov said on Saturday that the case would be dropped.\n\n"
    "“Our fighters are turning back to their camps,” Yevgeny Prigozhin said in an audio "
    "message.\n\n"
    "The spokesman also said that about 25,000 fighters had left Rostov-on-Don.\n\n"
    "According to Peskov, no less than six helicopters were downed 16 months ago."
)


@pytest.fixture(scope="module")
def annotated():
    article = Article(id=Article.id_for(TEXT), text=TEXT, published="2023-06-25")
    (result,) = annotate([article])
    return result


def test_offsets_point_into_the_text(annotated):
    text = annotated.article.text
    for item in (*annotated.mentions, *annotated.quotes, *annotated.quantities,
                 *annotated.dates):
        assert text[item.start:item.end] == item.text
    assert all(text[s.start:s.end].strip() for s in annotated.sentences)


def test_paragraphs_split_sentences_and_hyphenated_places_stay_whole(annotated):
    assert len(annotated.sentences) == 4
    places = {m.text: m.label for m in annotated.mentions}
    assert places.get("Rostov-on-Don") == "GPE"


def test_quotes_have_speakers(annotated):
    speakers = {q.text[:20]: (q.speaker, q.direct) for q in annotated.quotes}
    assert speakers["Our fighters are tur"] == ("Yevgeny Prigozhin", True)
    reported = [q for q in annotated.quotes if not q.direct]
    assert any(q.speaker == "Dmitry Peskov" and "case would be dropped" in q.text
               for q in reported)
    # "The spokesman" resolves to the person introduced as spokesman.
    assert any(q.speaker == "Dmitry Peskov" and "25,000" in q.text for q in reported)


def test_quantities_with_bounds_and_counted(annotated):
    found = {q.text: q for q in annotated.quantities}
    fighters = next(q for q in found.values() if q.value == 25000)
    assert fighters.bound == "approximate" and fighters.counted == "fighters"
    six = next(q for q in found.values() if q.value == 6)
    assert six.bound == "at_least" and "helicopters" in six.counted


def test_dates_resolved_against_publication(annotated):
    values = {d.text: (d.value, d.resolution) for d in annotated.dates}
    assert values["Saturday"] == ("2023-06-24", "relative to publication date")
    assert values["16 months ago"][0] == "2022-02"


def test_a_surname_the_tagger_missed_is_a_mention_of_the_person():
    """Field case 11: a sentence-initial surname of a person named in full earlier; the
    person's name inside a longer proper name (a street) is not the person."""
    from newsprism.annotate import annotate
    from newsprism.models import Article

    text = ("Crowds gathered for the anniversary of the death of Qasim Sulemani, the general "
            "killed in Baghdad. Sulemani commanded the Quds Force for two decades. A march "
            "went down Sulemani Avenue.")
    [item] = annotate([Article(id="a", text=text)])
    people = [(m.text, text[m.end:m.end + 10]) for m in item.mentions if m.label == "PERSON"]
    assert ("Sulemani", " commanded") in people
    assert not any(after.startswith(" Avenue") for _, after in people)


@pytest.mark.parametrize("text, expected", [
    # A title-case headline the parser cuts after a word: one sentence.
    ("Union Leaders Vow To Fight Pension Cuts In Court\n\nThe unions filed suit on Monday.",
     ["Union Leaders Vow To Fight Pension Cuts In Court", "The unions filed suit on Monday."]),
    # A lead that opens with a place name before a title: the place stays in the sentence.
    ("Mayor names new police chief\n\nOhio Gov. Ann Carter on Tuesday named a former "
     "prosecutor to lead the state police.",
     ["Mayor names new police chief", "Ohio Gov. Ann Carter on Tuesday named a former "
      "prosecutor to lead the state police."]),
    # A sentence that ends in an abbreviation still ends there.
    ("She works at a store in Fresno, Calif. Her manager declined to comment.",
     ["She works at a store in Fresno, Calif.", "Her manager declined to comment."]),
])
def test_a_sentence_never_ends_inside_a_line_on_a_word_without_a_stop(text, expected):
    article = Article(id=Article.id_for(text), text=text, published="2024-03-05")
    (result,) = annotate([article])
    assert [text[s.start:s.end].strip() for s in result.sentences] == expected


def test_a_title_case_headline_gives_only_names_the_body_confirms():
    """The tagger reads capitalised common words in a headline as names ("Oklahoma Sue"); a
    real name there recurs in the body. No mention runs over a line break or keeps the blank
    line after it."""
    text = ("Nebraska And Oklahoma Sue Colorado Over Pot Law Reform\n\n"
            "Nebraska and Oklahoma asked the Supreme Court on Thursday to strike down "
            "Colorado's marijuana law.")
    article = Article(id=Article.id_for(text), text=text, published="2014-12-18")
    (result,) = annotate([article])
    body = text.index("\n\n")
    in_headline = {m.text for m in result.mentions if m.start < body}
    assert in_headline <= {"Nebraska", "Oklahoma", "Colorado"}
    assert {m.text for m in result.mentions if m.start > body} >= {"Nebraska", "Colorado"}
    assert all(m.text == m.text.strip() and "\n" not in m.text for m in result.mentions)


def test_an_abbreviation_keeps_its_stop_in_a_name():
    text = ("Former Rep. Jesse Jackson Jr. pleaded guilty. Shares of Acme Inc. fell. "
            "He met Vladimir Putin.")
    article = Article(id=Article.id_for(text), text=text, published="2013-02-20")
    (result,) = annotate([article])
    names = {m.text for m in result.mentions}
    assert {"Jesse Jackson Jr.", "Acme Inc.", "Vladimir Putin"} <= names


def test_a_generational_suffix_after_a_comma_stays_with_its_name():
    text = "Rep. Jesse Jackson, Jr., pleaded guilty on Wednesday. Jackson wept in court."
    article = Article(id=Article.id_for(text), text=text, published="2013-02-20")
    (result,) = annotate([article])
    names = [m.text for m in result.mentions]
    assert "Jesse Jackson, Jr." in names and not any(n.startswith("Jr") for n in names)
