"""Metadata every reader shares: dates as they come (messy), outlets, language, the article.

Readers differ in where they find a title or a date (a sidecar, an HTML ``<meta>``, a feed
entry, a column); they all end in ``make_article``, so an article means the same whatever it
was read from: its id is the hash of its normalised text, its outlet is the metadata's, else
the site's name, else the domain, and each field records where it came from.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from newsprism.models import Article

# Offsets downstream refer to this text; NUL cannot be stored by PostgreSQL and means nothing.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff]")
ISO_DAY = re.compile(r"^\s*((?:19|20)\d\d)-(\d\d)-(\d\d)")
# /2014/05/06/ or /2014-05-06 or /20140506/ in a URL path: how most news sites date a page.
URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)")
# The language detector needs some words to be right; under this it answers None.
MIN_WORDS_FOR_LANGUAGE = 12


def normalise_text(text: str) -> str:
    """Unify line endings (vertical tab and form feed are line and page breaks, as word
    processors use them), drop other control characters and trim."""
    # str.replace, not str.translate with a dict: translate maps in Python, 100x slower here.
    for old in ("\r\n", "\r", "\x0b", "\x0c"):
        text = text.replace(old, "\n")
    return _CONTROL.sub("", text).strip()


def parse_date(value: object, today: date | None = None) -> str | None:
    """An ISO day from whatever a source gives: ISO strings, "May 6, 2014", "6/5/14" (US
    order), RFC 822 feed dates, epoch seconds, ``datetime``. None when it is not a date, or a
    date after ``today`` (tomorrow's date on a published article is a parse error)."""
    if value is None or value == "":
        return None
    day = _as_date(value)
    limit = today or datetime.now(UTC).date()
    if day is None or not (date(1900, 1, 1) <= day <= limit):
        return None
    return day.isoformat()


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
    try:
        first = parser.parse(text, default=datetime(2000, 1, 1)).date()
        second = parser.parse(text, default=datetime(2001, 2, 2)).date()
    except (ValueError, OverflowError, TypeError):
        return None
    return first if first == second else None


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
    fields["url"] = url
    for key, fallback, how in (("outlet", fields.get("site_name"), "site_name"),
                               ("outlet", domain_of(url), "domain"),
                               ("published", date_from_url(url), "url")):
        if not fields.get(key) and fallback:
            fields[key], sources[key] = fallback, how
    authors = _authors(fields.get("authors"))
    return Article(
        id=Article.id_for(text), text=text, path=_str(fields.get("path")),
        outlet=_str(fields.get("outlet")), title=_str(fields.get("title")),
        published=_str(fields.get("published")), metadata_sources=sources, url=_str(url),
        authors=authors, site_name=_str(fields.get("site_name")),
    )


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
