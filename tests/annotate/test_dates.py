import pytest

from newsprism.annotate.dates import resolve_date


def test_absolute_dates_keep_their_precision():
    assert resolve_date("February 2021", None) == ("2021-02", "month", False)
    assert resolve_date("June 24, 2023", None) == ("2023-06-24", "day", False)
    assert resolve_date("in 2019", None) == ("2019", "year", False)


def test_relative_dates_resolve_against_anchor():
    assert resolve_date("16 months ago", "2023-06-25") == ("2022-02", "month", True)
    assert resolve_date("yesterday", "2023-06-25") == ("2023-06-24", "day", True)
    assert resolve_date("last night", "2023-06-25") == ("2023-06-24", "day", True)


def test_weekdays_use_news_convention():
    # 2023-06-25 is a Sunday: "on Saturday" is the day before, "Sunday" the same day.
    assert resolve_date("late Saturday", "2023-06-25") == ("2023-06-24", "day", True)
    assert resolve_date("Sunday", "2023-06-25") == ("2023-06-25", "day", True)
    # With only a lower bound (a date the text states), the nearest such day is meant.
    assert resolve_date("early Sunday", "2023-06-24", True) == ("2023-06-25", "day", True)


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
