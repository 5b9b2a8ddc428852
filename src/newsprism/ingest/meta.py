"""Metadata every reader shares: dates as they come (messy), outlets, language, the article.

Readers differ in where they find a title or a date (a sidecar, an HTML ``<meta>``, a feed
entry, a column); they all end in ``make_article``, so an article means the same whatever it
was read from: its id is the hash of its normalised text, its outlet is the metadata's, else
the site's name, else the domain, and each field records where it came from.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from newsprism.models import Article

# Offsets downstream refer to this text; NUL cannot be stored by PostgreSQL and means nothing.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
ISO_DAY = re.compile(r"^\s*((?:19|20)\d\d)-(\d\d)-(\d\d)")
# /2014/05/06/ or /2014-05-06 or /20140506/ in a URL path: how most news sites date a page.
URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)")
# The language detector needs some words to be right; under this it answers None.
MIN_WORDS_FOR_LANGUAGE = 12


def normalise_text(text: str) -> str:
    """Unify line endings, drop control characters and trim."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
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

    try:
        return parser.parse(text, fuzzy=False).date()
    except (ValueError, OverflowError, parser.ParserError):
        return None


def _safe_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def date_from_url(url: str | None) -> str | None:
    """The day a news URL's path names, if any."""
    if not url:
        return None
    match = URL_DATE.search(urlsplit(url).path)
    day = _safe_date(*match.groups()) if match else None
    return parse_date(day)


def domain_of(url: str | None) -> str | None:
    """``www.bbc.co.uk`` → ``bbc.co.uk``: the outlet when nothing better names it."""
    host = (urlsplit(url).hostname or "") if url else ""
    host = host.lower().removeprefix("www.")
    return host or None


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (py3langid ships its model), None if too short."""
    if len(text.split()) < MIN_WORDS_FOR_LANGUAGE:
        return None
    import py3langid

    code, _ = py3langid.classify(text[:1500])  # a paragraph or two decides it; longer is slower
    return code


def make_article(text: str, fields: dict[str, object], sources: dict[str, str]) -> Article:
    """The one way readers build an ``Article``: text normalised, outlet and date completed
    from the URL when the source did not give them, language detected. Raises ``ValueError``
    when there is no text."""
    text = normalise_text(text)
    if not text:
        raise ValueError("no article text")
    fields, sources = dict(fields), dict(sources)
    url = fields.get("url") or None
    for key, fallback, how in (("outlet", fields.get("site_name"), "site_name"),
                               ("outlet", domain_of(url), "domain"),
                               ("published", date_from_url(url), "url")):
        if not fields.get(key) and fallback:
            fields[key], sources[key] = fallback, how
    authors = fields.get("authors") or ()
    if isinstance(authors, str):
        authors = tuple(a.strip() for a in re.split(r"\s*(?:;|,| and )\s*", authors) if a.strip())
    return Article(
        id=Article.id_for(text), text=text, path=_str(fields.get("path")),
        outlet=_str(fields.get("outlet")), title=_str(fields.get("title")),
        published=_str(fields.get("published")), metadata_sources=sources, url=_str(url),
        authors=tuple(authors), site_name=_str(fields.get("site_name")),
        language=detect_language(text),
    )


def _str(value: object) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None
