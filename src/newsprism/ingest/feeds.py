"""RSS and Atom feeds (feedparser): one article per entry.

Many feeds carry only a teaser; an entry whose own content is shorter than
``FULL_TEXT_WORDS`` is read from the page it links to (through the safe fetcher), with the
entry's title, date and authors kept as the better metadata. Entries are keyed by their guid
(else link, else a hash of title and summary) so ``watch`` can ingest only what is new.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from newsprism.ingest.fetch import Fetcher
from newsprism.ingest.html import article_from_html
from newsprism.ingest.meta import make_article, parse_date
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
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    published = (parse_date(datetime.fromtimestamp(calendar.timegm(stamp), UTC))
                 if stamp else parse_date(entry.get("published")))
    authors = "; ".join(a.get("name", "") for a in entry.get("authors", []) if a.get("name"))
    key = entry.get("id") or entry.get("link") or content_id(
        "entry", entry.get("title", ""), text)
    return FeedEntry(key=str(key), link=entry.get("link") or None,
                     title=entry.get("title") or None, published=published,
                     authors=authors or entry.get("author") or None, content=text)


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


def _entry_article(entry: FeedEntry, feed: Feed, feed_url: str | None,
                   fetcher: Fetcher | None) -> Article:
    meta = {"title": entry.title, "published": entry.published, "authors": entry.authors}
    if entry.has_full_text or fetcher is None or not entry.link:
        if not entry.content:
            raise ValueError("entry has no text and no link to fetch")
        fields = {**meta, "url": entry.link, "site_name": feed.title, "path": feed_url}
        sources = {k: "feed" for k, v in fields.items() if v and k != "path"}
        if not entry.has_full_text:
            sources["text"] = "feed_summary"
        return make_article(entry.content, fields, sources)
    page = fetcher.get(entry.link)
    return article_from_html(page.body, url=page.url, path=feed_url,
                             declared_encoding=page.charset, extra=meta, extra_source="feed",
                             defaults={"site_name": feed.title})
