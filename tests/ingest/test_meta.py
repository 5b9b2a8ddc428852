from datetime import UTC, date, datetime, timedelta

import pytest

from newsprism.ingest.meta import (
    date_from_url,
    detect_language,
    domain_of,
    make_article,
    normalise_text,
    numeric_order,
    parse_date,
    with_language,
)
from newsprism.models import Article

EPOCH_2014_05_06 = int(datetime(2014, 5, 6, 10, tzinfo=UTC).timestamp())


@pytest.mark.parametrize("value, expected", [
    ("2014-05-06", "2014-05-06"),
    ("2014-05-06T10:00:00Z", "2014-05-06"),
    ("  2014-05-06 10:00:00+02:00", "2014-05-06"),
    ("May 6, 2014", "2014-05-06"),
    ("6 May 2014", "2014-05-06"),
    ("6/5/14", "2014-06-05"),  # US order: month first
    ("Tue, 06 May 2014 10:00:00 GMT", "2014-05-06"),
    (EPOCH_2014_05_06, "2014-05-06"),
    (EPOCH_2014_05_06 * 1000, "2014-05-06"),  # JavaScript milliseconds
    (float(EPOCH_2014_05_06), "2014-05-06"),
    (datetime(2014, 5, 6, 23, 59), "2014-05-06"),
    (datetime(2014, 5, 6, 10, tzinfo=UTC), "2014-05-06"),
    (date(2014, 5, 6), "2014-05-06"),
])
def test_parse_date_accepts_the_usual_forms(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", [
    None, "", "   ", "garbage", "not a date at all", "2014-13-45", "2014-02-30",
    "x" * 81, "May 6, 2014 " + "y" * 70, True, False, float("nan"), float("inf"), 10**30,
    date(1899, 12, 31),
])
def test_parse_date_refuses_what_is_not_a_date(value):
    assert parse_date(value) is None


def test_parse_date_rejects_dates_after_today():
    today = date(2020, 1, 1)
    assert parse_date("2020-01-01", today=today) == "2020-01-01"
    assert parse_date("2020-01-02", today=today) is None
    assert parse_date(date(2020, 1, 2), today=today) is None
    tomorrow = datetime.now(UTC).date() + timedelta(days=2)
    assert parse_date(tomorrow) is None
    assert parse_date(tomorrow.isoformat()) is None


def test_parse_date_length_limit_is_80_characters():
    eighty = "2014-05-06" + " x" * 35
    assert len(eighty) == 80 and parse_date(eighty) == "2014-05-06"
    assert parse_date(eighty + "x") is None


def test_parse_date_time_only_is_not_a_date():
    assert parse_date("10:00") is None
    assert parse_date("10:00 GMT") is None


@pytest.mark.parametrize("url, expected", [
    ("https://www.bbc.co.uk/news/2014/05/06/story", "2014-05-06"),
    ("https://example.com/2014-05-06-the-story.html", "2014-05-06"),
    ("https://example.com/news/20140506/story", "2014-05-06"),
    ("https://example.com/2014/05/06", "2014-05-06"),
    ("https://example.com/2014/02/30/story", None),  # not a real day
    ("https://example.com/2014/13/01/story", None),
    ("https://example.com/story?date=2014/05/06/", None),  # only the path counts
    ("https://example.com/about", None),
    ("https://example.com/2999/01/01/future", None),
    (None, None),
    ("", None),
])
def test_date_from_url(url, expected):
    assert date_from_url(url) == expected


@pytest.mark.parametrize("url, expected", [
    ("https://www.bbc.co.uk/news/1", "bbc.co.uk"),
    ("http://WWW.Example.COM:8080/x", "example.com"),
    ("https://news.example.org/a", "news.example.org"),
    ("https://wwwexample.com/", "wwwexample.com"),
    ("not a url", None),
    ("", None),
    (None, None),
])
def test_domain_of(url, expected):
    assert domain_of(url) == expected


def test_normalise_text():
    assert normalise_text("a\r\nb\rc\n") == "a\nb\nc"
    assert normalise_text("  nul\x00 bell\x07 esc\x1b del\x7f  ") == "nul bell esc del"
    assert normalise_text("tab\tkept\x0cff\x0bvt") == "tab\tkept\nff\nvt"
    assert normalise_text("\x00\r\n\x01") == ""


ENGLISH = ("The city council voted on Tuesday to approve a new budget for public transport "
           "after months of debate about the cost of expanding bus routes.")
GERMAN = ("Der Stadtrat hat am Dienstag nach monatelanger Debatte einen neuen Haushalt für den "
          "öffentlichen Nahverkehr beschlossen und die Kosten für neue Buslinien gebilligt.")
FRENCH = ("Le conseil municipal a voté mardi un nouveau budget pour les transports publics "
          "après des mois de débat sur le coût de nouvelles lignes de bus dans la ville.")


def test_detect_language():
    assert len(GERMAN.split()) > 12 and len(FRENCH.split()) > 12
    assert detect_language(ENGLISH) == "en"
    assert detect_language(GERMAN) == "de"
    assert detect_language(FRENCH) == "fr"


def test_detect_language_short_text_is_none():
    assert detect_language("Der Stadtrat hat am Dienstag beschlossen.") is None
    assert detect_language(" ".join(["word"] * 11)) is None
    assert detect_language("") is None


def test_make_article_outlet_from_metadata_wins():
    article = make_article("Body.", {"outlet": "The Bugle", "site_name": "Bugle Online",
                                      "url": "https://www.bugle.com/x"}, {"outlet": "sidecar"})
    assert article.outlet == "The Bugle" and article.site_name == "Bugle Online"
    assert article.metadata_sources["outlet"] == "sidecar"


def test_make_article_outlet_falls_back_to_site_name_then_domain():
    by_site = make_article("Body.", {"site_name": "Bugle Online",
                                     "url": "https://www.bugle.com/x"}, {})
    assert by_site.outlet == "Bugle Online"
    assert by_site.metadata_sources == {"outlet": "site_name"}
    by_domain = make_article("Body.", {"url": "https://www.bugle.com/x"}, {"url": "column"})
    assert by_domain.outlet == "bugle.com"
    assert by_domain.metadata_sources == {"url": "column", "outlet": "domain"}
    assert by_domain.url == "https://www.bugle.com/x"
    nothing = make_article("Body.", {}, {})
    assert nothing.outlet is None and nothing.url is None and nothing.metadata_sources == {}


def test_make_article_published_from_url_only_when_missing():
    url = "https://www.bugle.com/2014/05/06/story"
    from_url = make_article("Body.", {"url": url}, {})
    assert from_url.published == "2014-05-06"
    assert from_url.metadata_sources["published"] == "url"
    given = make_article("Body.", {"url": url, "published": "2015-01-02"},
                         {"published": "column"})
    assert given.published == "2015-01-02"
    assert given.metadata_sources["published"] == "column"


def test_make_article_authors_split():
    article = make_article("Body.", {"authors": "Jane Doe; John Roe, Ann Lee and Bob Ray ;"}, {})
    assert article.authors == ("Jane Doe", "John Roe", "Ann Lee", "Bob Ray")
    assert make_article("Body.", {"authors": "Sandy Anderson"}, {}).authors == (
        "Sandy Anderson",)
    assert make_article("Body.", {"authors": ["A", "B"]}, {}).authors == ("A", "B")
    assert make_article("Body.", {}, {}).authors == ()


@pytest.mark.parametrize("text", ["", "   ", "\r\n\t", "\x00\x01"])
def test_make_article_without_text_raises(text):
    with pytest.raises(ValueError, match="no article text"):
        make_article(text, {"title": "T"}, {})


def test_make_article_id_is_content_hash():
    a = make_article("Same text.\r\n", {"outlet": "A", "path": "a.txt"}, {})
    b = make_article("  Same text.\n", {"outlet": "B", "url": "https://b.com/"}, {})
    c = make_article("Other text.", {"outlet": "A"}, {})
    assert a.id == b.id == Article.id_for("Same text.")
    assert a.id.startswith("art_") and c.id != a.id
    assert a.text == "Same text."


def test_make_article_cleans_fields_and_language_comes_after():
    article = make_article(ENGLISH, {"title": "  A \n title ", "path": "p.txt"}, {})
    assert article.title == "A title" and article.path == "p.txt"
    assert article.language is None  # detected by with_language, only for new articles
    assert with_language(article).language == "en"
    assert with_language(make_article("Short.", {}, {})).language is None
    german = with_language(make_article(GERMAN, {}, {}))
    assert german.language == "de" and with_language(german) is german


@pytest.mark.parametrize(("written", "day"), [
    ("Sat, 24 Jun 2023 22:40:00 -0400", "2023-06-24"),  # already Sunday in UTC
    ("Sun, 25 Jun 2023 00:30:00 +0300", "2023-06-25"),  # still Saturday in UTC
    ("Sat, 24 Jun 2023 21:15:00 CEST", "2023-06-24"),   # a zone name RFC 822 lacks
    ("Mon, 21 Apr 2025 23:50:00 EDT", "2025-04-21"),
    ("2023-06-24T23:59:00+09:00", "2023-06-24"),
])
def test_a_written_date_keeps_its_own_day_whatever_its_zone(written, day):
    assert parse_date(written) == day


@pytest.mark.parametrize(("value", "order", "day"), [
    ("01/05/2019", "dmy", "2019-05-01"),
    ("01/05/2019", "mdy", "2019-01-05"),
    ("2019/05/01", "ymd", "2019-05-01"),
    ("1.5.19", "dmy", "2019-05-01"),
    ("29/04/2019", "mdy", None),  # impossible in the column's order: not read the other way
    ("May 1, 2019", "dmy", "2019-05-01"),  # not three numbers: the order does not apply
    ("2019-05-01T10:00:00Z", "dmy", "2019-05-01"),
])
def test_parse_date_in_a_named_order(value, order, day):
    assert parse_date(value, order=order) == day


def test_parse_date_refuses_an_unknown_order():
    with pytest.raises(ValueError, match="date order"):
        parse_date("01/05/2019", order="myd")


@pytest.mark.parametrize(("value", "kind"), [
    ("29/04/2019", "dmy"), ("04/29/2019", "mdy"), ("01/05/2019", "either"),
    ("05/05/2019", None), ("2019-05-01", None), ("May 1, 2019", None), (None, None),
    ("40/40/2019", None),
])
def test_numeric_order(value, kind):
    assert numeric_order(value) == kind


def test_credentials_in_a_url_are_never_stored():
    article = make_article("The harbour reopened on Monday.",
                           {"url": "https://user:secret@news.example/a",
                            "path": "https://user:secret@news.example/feed#a"}, {})
    assert article.url == "https://news.example/a"
    assert article.path == "https://news.example/feed#a"
    assert article.outlet == "news.example"


@pytest.mark.parametrize(("written", "moment"), [
    ("Sat, 24 Jun 2023 22:40:00 -0400", "2023-06-24T22:40:00-04:00"),
    ("Sat, 24 Jun 2023 21:15:00 CEST", "2023-06-24T21:15:00+02:00"),
    ("Mon, 21 Apr 2025 06:00:00 EDT", "2025-04-21T06:00:00-04:00"),
    ("2014-05-06T10:00:00Z", "2014-05-06T10:00:00+00:00"),
    ("2023-06-24", None),                       # a day is not a moment
    ("Sat, 24 Jun 2023 22:40:00", None),        # a time without a zone: no offset to keep
    ("Sat, 24 Jun 2023 22:40:00 CST", None),    # China, US or Cuba: not guessed
    (datetime(2023, 6, 24, 22, 40), None),
    ("not a date 12:30", None),
])
def test_parse_timestamp_keeps_the_time_and_offset_as_written(written, moment):
    from newsprism.ingest.meta import parse_timestamp

    assert parse_timestamp(written) == moment


def test_a_moment_of_another_day_than_the_one_kept_is_dropped_with_its_origin():
    """A day-first export row "01/05/2019 10:00 +0100": the column reads 1 May, dateutil's
    month-first reading of the moment says 5 January; the moment is not kept, nor said to
    come from the column."""
    article = make_article("Some text.", {"published": "2019-05-01",
                                          "published_at": "2019-01-05T10:00:00+01:00"},
                           {"published": "column", "published_at": "column"})
    assert article.published_at is None and article.metadata_sources == {"published": "column"}
