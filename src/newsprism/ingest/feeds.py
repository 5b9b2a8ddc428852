"""RSS and Atom feeds (feedparser): one article per entry.

Many feeds carry only a teaser; an entry whose own content is shorter than
``FULL_TEXT_WORDS`` is read from the page it links to (through the safe fetcher), with the
entry's title, date and authors kept as the better metadata. Entries are keyed by their guid
(else link, else a hash of title and summary) so ``watch`` can ingest only what is new.

An aggregator's entry (Google News, Inoreader bundles) names its real outlet in RSS
``<source>`` / Atom ``source``: that outlet, not the channel, is the article's, and the
" - Outlet" such feeds append to titles is dropped. The publication day is the one written in
the entry, in the outlet's own time zone (an evening story is not moved to the next UTC day).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from newsprism.ingest.fetch import Fetcher
from newsprism.ingest.html import article_from_html
from newsprism.ingest.meta import make_article, parse_date, parse_timestamp
from newsprism.models import Article, content_id

FEED_SUFFIXES = {".rss", ".atom", ".xml"}
FULL_TEXT_WORDS = 150  # below this an entry's content is a teaser, not the article
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
BLOCK_TAGS = ("p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr")


@dataclass(frozen=True)
class FeedEntry:
    key: str
    link: str | None
    title: str | None
    published: str | None
    authors: str | None
    content: str  # plain text of the entry's content, else its summary
    outlet: str | None = None  # the entry's own <source>, in aggregator feeds
    published_at: str | None = None  # the time written, with its offset (meta.parse_timestamp)

    @property
    def has_full_text(self) -> bool:
        return len(self.content.split()) >= FULL_TEXT_WORDS


@dataclass(frozen=True)
class Feed:
    title: str | None
    link: str | None
    entries: tuple[FeedEntry, ...]


def looks_like_feed(raw: bytes) -> bool:
    head = raw[:1024].lstrip().lower()
    return any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf"))


def parse_feed(raw: bytes) -> Feed:
    """Parse feed bytes (never a URL: feedparser would fetch it unguarded)."""
    import feedparser

    parsed = feedparser.parse(raw)
    if not parsed.entries:
        reason = parsed.get("bozo_exception") or "it has no entries"
        raise ValueError(f"not a readable RSS/Atom feed: {reason}")
    entries = tuple(_entry(e) for e in parsed.entries)
    return Feed(parsed.feed.get("title") or None, parsed.feed.get("link") or None, entries)


def _entry(entry) -> FeedEntry:
    contents = [c.get("value", "") for c in entry.get("content", [])]
    html = max(contents, key=len) if contents else entry.get("summary", "")
    text = html_fragment_text(html) if html else ""
    authors = "; ".join(a.get("name", "") for a in entry.get("authors", []) if a.get("name"))
    key = entry.get("id") or entry.get("link") or content_id(
        "entry", entry.get("title", ""), text)
    outlet = _source_outlet(entry)
    return FeedEntry(key=str(key), link=_web_link(entry),
                     title=_without_outlet(entry.get("title") or None, outlet),
                     published=_published(entry), authors=authors or entry.get("author") or None,
                     content=text, outlet=outlet,
                     published_at=parse_timestamp(entry.get("published") or entry.get("updated")))


def _web_link(entry) -> str | None:
    """The entry's page, when it names one that can be fetched: feedparser also offers a
    ``<guid>`` that is no URL as the link ("isPermaLink" is true by default), which would send
    the reader after a page that does not exist instead of keeping the entry's own text."""
    link = entry.get("link")
    if not isinstance(link, str) or not link.strip():
        return None
    if not link.lower().startswith(("http://", "https://")):
        return None
    return link.strip()


def _published(entry) -> str | None:
    """The day as the entry writes it, in its own zone. feedparser's ``*_parsed`` are UTC, so
    they are the fallback only (for stamps dateutil cannot read); an unknown zone name such as
    CEST does not change the day written beside it."""
    for field in ("published", "updated"):
        written = entry.get(field)
        if written:
            day = parse_date(written)
            if day:
                return day
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return parse_date(datetime.fromtimestamp(calendar.timegm(stamp), UTC)) if stamp else None


def _source_outlet(entry) -> str | None:
    source = entry.get("source")
    title = source.get("title") if isinstance(source, dict) else None
    if not isinstance(title, str):
        return None
    return " ".join(title.split()) or None


def _without_outlet(title: str | None, outlet: str | None) -> str | None:
    """"Dam opened - Vale Courier" → "Dam opened" when the entry's outlet is Vale Courier."""
    if title and outlet:
        for dash in (" - ", " – ", " — ", " | "):
            if title.endswith(dash + outlet):
                return title[: -len(dash + outlet)].strip() or title
    return title


def html_fragment_text(html: str) -> str:
    """Text of an HTML fragment with block elements as paragraph breaks."""
    import lxml.html
    from lxml.etree import ParserError

    html = XML_ILLEGAL.sub("", html)  # lxml parses them but refuses them in a tail
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
        for element in root.iter(*BLOCK_TAGS):
            element.tail = "\n\n" + (element.tail or "")
    except (ParserError, ValueError):
        return " ".join(html.split())
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n\n".join(line for line in lines if line)


def feed_articles(feed: Feed, feed_url: str | None, fetcher: Fetcher | None,
                  entries: tuple[FeedEntry, ...] | None = None,
                  ) -> Iterator[tuple[FeedEntry, Article | ValueError]]:
    """Each entry's article, or the reason it has none. With no ``fetcher`` teaser entries are
    kept as the teaser (marked in ``metadata_sources``) instead of being fetched."""
    for entry in feed.entries if entries is None else entries:
        try:
            yield entry, _entry_article(entry, feed, feed_url, fetcher)
        except ValueError as exc:
            yield entry, exc
        except Exception as exc:  # noqa: BLE001 - one entry never ends the feed
            yield entry, ValueError(f"could not be read ({type(exc).__name__}: {exc})")


def _entry_article(entry: FeedEntry, feed: Feed, feed_url: str | None,
                   fetcher: Fetcher | None) -> Article:
    meta = {"title": entry.title, "published": entry.published, "authors": entry.authors,
            "outlet": entry.outlet, "published_at": entry.published_at}
    if entry.has_full_text or fetcher is None or not entry.link:
        if not entry.content:
            raise ValueError("entry has no text and no link to fetch")
        fields = {**meta, "url": entry.link, "path": feed_url,
                  "site_name": entry.outlet or feed.title}
        sources = {k: "feed" for k, v in fields.items() if v and k != "path"}
        if not entry.has_full_text:
            sources["text"] = "feed_summary"
        return make_article(entry.content, fields, sources)
    page = fetcher.get(entry.link)
    return article_from_html(page.body, url=page.url, path=feed_url,
                             declared_encoding=page.charset, extra=meta, extra_source="feed",
                             defaults={"site_name": feed.title})
