import pytest

from newsprism.annotate.quotes import quoted_spans
from newsprism.models import Article


def spans(text):
    return [text[s:e] for s, e in quoted_spans(text)]


def test_mixed_straight_and_curly_marks_pair_by_direction():
    text = 'They warned of "Russophobic goals”, he said. Medvedev called it "nonsense".'
    assert spans(text) == ["Russophobic goals", "nonsense"]


def test_apostrophes_are_not_quotes():
    text = "Russia's army said ‘we won’t stop’ and Wagner's men left."
    assert spans(text) == ["we won’t stop"]


def test_unclosed_quote_does_not_swallow_the_article():
    text = 'He said "this never closes.\n\nNext paragraph "is quoted" here.'
    assert spans(text) == ["is quoted"]


def test_continued_quote_paragraph_closes_at_its_paragraph():
    text = '"The first part runs on.\n\n"And the second closes," she said.'
    assert spans(text) == ["The first part runs on.", "And the second closes,"]


@pytest.fixture(scope="module")
def speakers():
    from newsprism.annotate import annotate

    def run(text: str) -> list[tuple[str, str | None]]:
        [item] = annotate([Article(id=Article.id_for(text), text=text)])
        return [(q.text, q.speaker) for q in item.quotes if q.direct]

    return run


@pytest.mark.slow
def test_quote_split_by_its_attribution_keeps_the_speaker(speakers):
    text = ('"We will not back down from this fight," Maria Lopez said. "Our members voted '
            'for the strike and they will hold the line."')
    assert [s for _, s in speakers(text)] == ["Maria Lopez", "Maria Lopez"]


@pytest.mark.slow
def test_participle_cue_borrows_the_subject_of_its_clause(speakers):
    text = ('Governor Alan Brooks did not back down, saying, "The budget protects every '
            'school in this state."')
    assert speakers(text)[0][1] == "Alan Brooks"


@pytest.mark.slow
def test_the_speaker_is_the_head_of_the_subject_not_a_name_in_its_apposition(speakers):
    text = ('Jane Porter, the communications director for Senator Tom Hale, wrote: "We regret '
            'the remarks and apologise to the family."')
    assert speakers(text)[0][1] == "Jane Porter"


@pytest.mark.slow
def test_pronoun_prefers_the_subject_and_never_a_name_inside_a_quote(speakers):
    text = ('Senator Ann Marsh criticised Governor Paul Reid for what she called a reckless '
            'plan. "Paul Reid has failed this state for years and it must stop," she said.')
    assert speakers(text)[-1][1] == "Ann Marsh"


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    'WASHINGTON — Lawmakers met on Monday. "We will fight this budget line by line," they '
    'said.',
    'MOSCOW (Reuters) — "The operation is complete and the troops are home," it said.',
    'KYIV, Ukraine (AP) — "We need more air defence systems now," they said on Monday.',
    'NEW YORK — "The market will open as usual on Tuesday," it said in a statement.',
])
def test_a_dateline_never_speaks(speakers, text):
    """Issue 22, speakers: the place (and the agency credited) of a dateline is not a voice,
    whichever way the parse attaches it."""
    [(_, speaker)] = speakers(text)
    assert speaker is None or not any(w in speaker for w in ("WASHINGTON", "MOSCOW", "Reuters",
                                                             "KYIV", "AP", "NEW YORK"))


@pytest.mark.slow
def test_a_group_pronoun_refers_to_the_common_noun_subject_before_it(speakers):
    text = ('BAGHDAD — The ministry issued a statement on Sunday. "The attack on the convoy '
            'was cowardly," it said. Local officials gathered in the square. "We will rebuild '
            'every house," they said.')
    assert [s for _, s in speakers(text)] == ["The ministry", "Local officials"]


@pytest.mark.parametrize(("text", "dateline"), [
    ("WASHINGTON — The Senate voted.", True),
    ("MOSCOW (Reuters) — Troops left.", True),
    ("KYIV, Ukraine (AP) — Sirens sounded.", True),
    ("ST. LOUIS, Mo. — Rain fell.", True),
    ("Moscow (Reuters) - Troops left.", True),
    ("Jane Porter — the director — said it was over.", False),
    ("Senator Tom Hale -- who chairs the panel -- said no.", False),
    ("The vote — held late — passed.", False),
])
def test_dateline_pattern(text, dateline):
    from newsprism.annotate.quotes import DATELINE

    assert bool(DATELINE.match(text)) is dateline
