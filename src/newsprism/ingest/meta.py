"""Metadata every reader shares: dates as they come (messy), outlets, language, the article.

Readers differ in where they find a title or a date (a sidecar, an HTML ``<meta>``, a feed
entry, a column); they all end in ``make_article``, so an article means the same whatever it
was read from: its id is the hash of its normalised text, its outlet is the metadata's, else
the site's name, else the domain, and each field records where it came from.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from urllib.parse import urlsplit

from newsprism.models import Article

# Offsets downstream refer to this text; NUL cannot be stored by PostgreSQL and means nothing.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff]")
ISO_DAY = re.compile(r"^\s*((?:19|20)\d\d)-(\d\d)-(\d\d)")
# /2014/05/06/ or /2014-05-06 or /20140506/ in a URL path: how most news sites date a page.
URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)")
# 29/04/2019, 4.5.19, 2019-04-29: a day written as three numbers, whose order the writer chose.
NUMERIC_DAY = re.compile(r"^\s*(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(?=$|[\sT,])")
DATE_ORDERS = ("dmy", "mdy", "ymd")
# The language detector needs some words to be right; under this it answers None.
MIN_WORDS_FOR_LANGUAGE = 12


def normalise_text(text: str) -> str:
    """Unify line endings (vertical tab and form feed are line and page breaks, as word
    processors use them), drop other control characters and trim."""
    # str.replace, not str.translate with a dict: translate maps in Python, 100x slower here.
    for old in ("\r\n", "\r", "\x0b", "\x0c"):
        text = text.replace(old, "\n")
    return _CONTROL.sub("", text).strip()


def parse_date(value: object, today: date | None = None, order: str | None = None
               ) -> str | None:
    """An ISO day from whatever a source gives: ISO strings, "May 6, 2014", "6/5/14" (US
    order), RFC 822 feed dates, epoch seconds, ``datetime``. A written date keeps its own day
    whatever its zone ("Sat, 24 Jun 2023 22:40:00 -0400" is the 24th, not the UTC 25th). None
    when it is not a date, or a date after ``today`` (a day after today's UTC day, where some
    zone already is, is a parse error on a published article).

    ``order`` ("dmy", "mdy" or "ymd", see ``DATE_ORDERS``) says how a day written as three
    numbers reads; a value impossible in that order is None, not read another way. Without it
    such a value is read month-first unless only day-first is possible (dateutil's rule)."""
    if value is None or value == "":
        return None
    numeric = NUMERIC_DAY.match(value) if order and isinstance(value, str) else None
    day = _ordered_day(numeric.groups(), order) if numeric else _as_date(value)
    limit = today or datetime.now(UTC).date() + timedelta(days=1)
    if day is None or not (date(1900, 1, 1) <= day <= limit):
        return None
    return day.isoformat()


# Zone names news feeds write that mean one offset (RFC 822 knows only the US ones; CEST and
# the like fail there: OpenCTI #5086). Ambiguous names (CST, IST) are left out on purpose:
# a time whose zone cannot be told keeps its day and no offset.
ZONE_OFFSETS = {
    "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 1, "BST": 1, "CET": 1, "CEST": 2,
    "MET": 1, "MEST": 2, "EET": 2, "EEST": 3, "MSK": 3, "EST": -5, "EDT": -4, "CDT": -5,
    "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10,
    "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
}


def parse_timestamp(value: object) -> str | None:
    """The publication time with its UTC offset, as written ("Sat, 24 Jun 2023 22:40:00
    -0400" → "2023-06-24T22:40:00-04:00"; "… 21:15:00 CEST" → "…T21:15:00+02:00"), or None
    when the value has no time of day or no zone that names one offset (``ZONE_OFFSETS``)."""
    if isinstance(value, datetime):
        return value.isoformat() if value.tzinfo is not None else None
    if not isinstance(value, str) or not value.strip() or len(value) > 80:
        return None
    if not re.search(r"\d:\d\d", value):
        return None  # no time of day: a day is not a moment
    from dateutil import parser

    try:
        moment = parser.parse(value.strip(), tzinfos=_zones())
    except (ValueError, OverflowError, TypeError):
        return None
    return moment.isoformat() if moment.tzinfo is not None else None


@lru_cache(maxsize=1)
def _zones() -> dict:
    from dateutil.tz import tzoffset

    return {name: tzoffset(name, hours * 3600) for name, hours in ZONE_OFFSETS.items()}


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value  # milliseconds from JavaScript
        try:
            return datetime.fromtimestamp(seconds, UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    if not text or len(text) > 80:
        return None
    if match := ISO_DAY.match(text):
        return _safe_date(*match.groups())
    from dateutil import parser

    # Parsed twice with different defaults: a field the text lacks ("10:00", "May 2014")
    # would be filled from the default, so results that differ mean "not a whole date".
    # The zone is ignored: the day is the one written, in the outlet's own time (a zone name
    # dateutil does not know, such as CEST, would otherwise warn and one day raise).
    try:
        first = parser.parse(text, default=datetime(2000, 1, 1), ignoretz=True).date()
        second = parser.parse(text, default=datetime(2001, 2, 2), ignoretz=True).date()
    except (ValueError, OverflowError, TypeError):
        return None
    return first if first == second else None


def numeric_order(value: object) -> str | None:
    """Which orders a three-number day allows: "dmy" or "mdy" when only that one is possible
    (29/04/2019, 04/29/2019), "either" when both are and differ (01/05/2019), None when the
    value is not such a day or reads the same both ways (05/05/2019) or starts with a year."""
    match = NUMERIC_DAY.match(value) if isinstance(value, str) else None
    if not match or len(match.group(1)) > 2:
        return None
    first, second = int(match.group(1)), int(match.group(2))
    if first == second or not (1 <= first <= 31 and 1 <= second <= 31):
        return None
    if first > 12 >= second:
        return "dmy"
    if second > 12 >= first:
        return "mdy"
    return "either" if first <= 12 and second <= 12 else None


def _ordered_day(parts: tuple[str, str, str], order: str) -> date | None:
    if order not in DATE_ORDERS:
        raise ValueError(f"date order must be one of {', '.join(DATE_ORDERS)}, not {order!r}")
    if len(parts[0]) == 4:
        order = "ymd"  # a four-digit year first is year-month-day in every convention
    fields = dict(zip(order, parts, strict=True))
    if len(fields["d"]) > 2 or len(fields["m"]) > 2 or len(fields["y"]) not in (2, 4):
        return None
    return _safe_date(_full_year(fields["y"]), fields["m"], fields["d"])


def _full_year(year: str) -> str:
    """Two-digit years as dateutil reads them: the century that puts the year within 50
    years of today's."""
    if len(year) == 4:
        return year
    this_year = datetime.now(UTC).year
    candidate = this_year - this_year % 100 + int(year)
    if candidate > this_year + 50:
        candidate -= 100
    elif candidate <= this_year - 50:
        candidate += 100
    return str(candidate)


def _safe_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def date_from_url(url: str | None) -> str | None:
    """The day a news URL's path names, if any."""
    if not url:
        return None
    try:
        match = URL_DATE.search(urlsplit(url).path)
    except ValueError:
        return None
    day = _safe_date(*match.groups()) if match else None
    return parse_date(day)


def domain_of(url: str | None) -> str | None:
    """``www.bbc.co.uk`` → ``bbc.co.uk``: the outlet when nothing better names it."""
    try:
        host = (urlsplit(url).hostname or "") if url else ""
    except ValueError:  # "http://[bad"
        return None
    host = host.lower().removeprefix("www.")
    return host or None


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (py3langid ships its model), None if too short."""
    if len(text.split()) < MIN_WORDS_FOR_LANGUAGE:
        return None
    import py3langid

    code, _ = py3langid.classify(text[:1500])  # a paragraph or two decides it; longer is slower
    return code


def with_language(article: Article) -> Article:
    """The article with its detected language (unchanged if it has one)."""
    if article.language is not None:
        return article
    return replace(article, language=detect_language(article.text))


def make_article(text: str, fields: dict[str, object], sources: dict[str, str]) -> Article:
    """The one way readers build an ``Article``: text normalised, outlet and date completed
    from the URL when the source did not give them (the language is detected later, by
    ``with_language``, only for articles not already stored). Raises ``ValueError``
    when there is no text."""
    text = normalise_text(text)
    if not text:
        raise ValueError("no article text")
    fields, sources = dict(fields), dict(sources)
    url = fields.get("url") if isinstance(fields.get("url"), str) else None
    url = fields["url"] = _without_credentials(url)
    if isinstance(fields.get("path"), str):
        fields["path"] = _without_credentials(fields["path"])
    for key, fallback, how in (("outlet", fields.get("site_name"), "site_name"),
                               ("outlet", domain_of(url), "domain"),
                               ("published", date_from_url(url), "url")):
        if not fields.get(key) and fallback:
            fields[key], sources[key] = fallback, how
    authors = _authors(fields.get("authors"))
    published_at = _str(fields.get("published_at"))
    published = _str(fields.get("published"))
    if published_at and published and not published_at.startswith(published):
        published_at = None  # a moment of another day than the one kept: not the same fact
    if published_at is None:
        sources.pop("published_at", None)  # no field, no origin to record
    return Article(
        id=Article.id_for(text), text=text, path=_str(fields.get("path")),
        outlet=_str(fields.get("outlet")), title=_str(fields.get("title")),
        published=published, metadata_sources=sources, url=_str(url),
        authors=authors, site_name=_str(fields.get("site_name")), published_at=published_at,
    )


def _without_credentials(url: str | None) -> str | None:
    """A URL (or a path or label that is one) without its ``user:pass@``: never stored."""
    from newsprism.ingest.fetch import redact_url

    return redact_url(url) if url and "@" in url else url


def _authors(value: object) -> tuple[str, ...]:
    """"A and B; C" or a list of names → names; anything else (a number, an object) → none."""
    if isinstance(value, str):
        value = re.split(r"\s*(?:;|,| and )\s*", value)
    if not isinstance(value, list | tuple):
        return ()
    names = (_str(v) for v in value if isinstance(v, str))
    return tuple(name for name in names if name)


def _str(value: object) -> str | None:
    if isinstance(value, dict | list | tuple):
        return None  # a nested object is not a title or an outlet
    text = " ".join(_CONTROL.sub("", str(value)).split()) if value is not None else ""
    return text or None
