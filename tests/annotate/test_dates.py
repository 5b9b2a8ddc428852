import pytest

from newsprism.annotate.dates import resolve_date


def test_absolute_dates_keep_their_precision():
    assert resolve_date("February 2021", None)[:3] == ("2021-02", "month", False)
    assert resolve_date("June 24, 2023", None)[:3] == ("2023-06-24", "day", False)
    assert resolve_date("in 2019", None)[:3] == ("2019", "year", False)


def test_relative_dates_resolve_against_anchor():
    assert resolve_date("16 months ago", "2023-06-25")[:3] == ("2022-02", "month", True)
    assert resolve_date("yesterday", "2023-06-25")[:3] == ("2023-06-24", "day", True)
    assert resolve_date("last night", "2023-06-25")[:3] == ("2023-06-24", "day", True)


def test_weekdays_use_news_convention():
    # 2023-06-25 is a Sunday: "on Saturday" is the day before, "Sunday" the same day.
    assert resolve_date("late Saturday", "2023-06-25")[:3] == ("2023-06-24", "day", True)
    assert resolve_date("Sunday", "2023-06-25")[:3] == ("2023-06-25", "day", True)
    # With only a lower bound (a date the text states), the nearest such day is meant.
    assert resolve_date("early Sunday", "2023-06-24", True)[:3] == ("2023-06-25", "day", True)


def test_durations_ages_and_unanchored_relatives_are_not_dates():
    assert resolve_date("23 years", "2023-06-25") is None
    assert resolve_date("twenty years", "2023-06-25") is None
    assert resolve_date("61", "2023-06-25") is None
    assert resolve_date("yesterday", None) is None


def test_hedged_durations_are_not_dates():
    from newsprism.annotate.dates import resolve_date

    assert resolve_date("just 78 minutes", "2024-01-28") is None
    assert resolve_date("only two hours", "2024-01-28") is None
    assert resolve_date("just two days ago", "2024-01-28")[0] == "2024-01-26"


@pytest.mark.slow
def test_a_month_name_alone_is_a_date_only_after_a_time_word():
    from newsprism.annotate import annotate
    from newsprism.models import Article

    text = ("Mrs May said the vote was the last chance. May had framed it as a choice. "
            "The deal was signed in March.")
    [item] = annotate([Article(id="a", text=text, published="2019-03-20")])
    assert [d.text for d in item.dates] == ["March"]


def test_stated_periods_keep_both_ends_and_spans_that_are_not_one_date_are_skipped():
    assert resolve_date("from 1966 to 1978", None) == ("1966", "year", False, "1978", None)
    assert resolve_date("between 1980 and 1985", None)[3] == "1985"
    assert resolve_date("1990–95", None)[3] == "1995"
    assert resolve_date("2012-13", None) is None  # a financial year
    assert resolve_date("the 1970s", "2013-01-30") is None  # a decade: not one date
    assert resolve_date("2012-06-25", None) == ("2012-06-25", "day", False, None, None)


def test_early_mid_late_keep_their_part_of_the_month_or_year():
    assert resolve_date("mid May", "2013-01-30", direction="future") == (
        "2013-05", "month", True, None, "mid")
    assert resolve_date("mid-2012", None) == ("2012", "year", False, None, "mid")
    assert resolve_date("late Saturday", "2023-06-25")[:3] == ("2023-06-24", "day", True)
    assert resolve_date("earlier this month", "2013-01-30")[:3] == ("2013-01", "month", True)


def test_the_tense_and_the_words_decide_which_way_a_relative_date_points():
    # 2025-01-01 is a Wednesday.
    assert resolve_date("Friday", "2025-01-01", direction="future")[0] == "2025-01-03"
    assert resolve_date("Friday", "2025-01-01")[0] == "2024-12-27"
    assert resolve_date("next Tuesday", "2025-01-01")[0] == "2025-01-07"  # strictly after
    assert resolve_date("next Wednesday", "2025-01-01")[0] == "2025-01-08"
    assert resolve_date("tomorrow", "2025-01-01")[0] == "2025-01-02"
    assert resolve_date("April 30", "2013-01-30", direction="future")[0] == "2013-04-30"
    assert resolve_date("April 30", "2013-01-30")[0] == "2012-04-30"
    # "said he would resign on Monday": either side of the anchor, so not guessed
    assert resolve_date("Monday", "2025-01-01", direction="either") is None


@pytest.mark.slow
def test_forward_and_backward_weekdays_across_a_year_boundary():
    """Field case 08 (dateparser issues #1266 and #573): past and announced events around
    New Year, resolved in the direction their tense points."""
    from pathlib import Path

    from newsprism.annotate import annotate
    from newsprism.models import Article

    cases = Path(__file__).parents[1] / "fixtures" / "cases"
    folder = cases / "08-weekdays-future-and-year-boundary"
    text = (folder / "northern-ledger-talks.txt").read_text(encoding="utf-8")
    [item] = annotate([Article(id="talks", text=text, published="2025-01-01")])
    found = {text[d.sentence_start:d.sentence_end]: d.value for d in item.dates}
    expected = {"collapsed on Sunday": "2024-12-29", "resumed on Monday": "2024-12-30",
                "will meet again on Friday": "2025-01-03",
                "scheduled for next Tuesday": "2025-01-07",
                "will travel to the region tomorrow": "2025-01-02"}
    for phrase, value in expected.items():
        assert [v for s, v in found.items() if phrase in s] == [value], phrase


@pytest.mark.slow
def test_periods_split_by_the_tagger_are_joined_and_the_tense_sets_direction():
    from newsprism.annotate import annotate
    from newsprism.models import Article

    text = ("Cowan will succeed Edward Brooke, who served from 1967 to 1979. The primary would "
            "be held on April 30. Both parties will hold primaries in mid May.")
    [item] = annotate([Article(id="a", text=text, published="2013-01-30")])
    got = {d.text: (d.value, d.until, d.part) for d in item.dates}
    assert got == {"1967 to 1979": ("1967", "1979", None), "April 30": ("2013-04-30", None, None),
                   "mid May": ("2013-05", None, "mid")}


@pytest.mark.slow
def test_a_purpose_infinitive_points_after_its_past_event():
    """"picked X to fill the seat until a special election in June" (published January): the
    June that follows, not the one before; a plain past event keeps the past month."""
    from newsprism.annotate import annotate
    from newsprism.models import Article

    text = ("The governor on Wednesday picked a former aide to fill the open seat until a "
            "special election in June. The company cut 300 jobs in June.")
    [item] = annotate([Article(id="a", text=text, published="2013-01-30")])
    got = sorted((d.start, d.text, d.value) for d in item.dates)
    assert [(t, v) for _, t, v in got] == [("Wednesday", "2013-01-30"), ("June", "2013-06"),
                                          ("June", "2012-06")]


@pytest.mark.slow
def test_a_present_modal_takes_the_nearest_month_and_a_perfect_one_the_past():
    from newsprism.annotate import annotate
    from newsprism.models import Article

    text = ("Homeowners can apply from September. The officials may have met in May.")
    [item] = annotate([Article(id="a", text=text, published="2023-06-24")])
    assert {d.text: d.value for d in item.dates} == {"September": "2023-09", "May": "2023-05"}
