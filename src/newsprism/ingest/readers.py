"""File readers: which reader reads a file, as registered in ``registries.readers``.

A reader names the file endings it claims (a folder scan picks up files with those endings)
and says, from the path and the file's first bytes, whether it reads a given file; the first
registered reader that accepts a file reads it. newsprism's own, in order: exports (JSONL,
CSV, Parquet), web archives, text and Markdown, feeds (recognised by content whatever the
ending), HTML pages (by ending or content). A file no reader accepts is read as plain text.
Another reader joins with ``@registries.readers.register("name")`` on a ``Reader``; it yields
``(label, Article | ValueError | ItemError)`` pairs and may raise ``ValueError`` or
``OSError`` for the whole file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsprism.ingest.feeds import FEED_SUFFIXES, feed_articles, looks_like_feed, parse_feed
from newsprism.ingest.fetch import Fetcher, redact_url
from newsprism.ingest.html import HTML_SUFFIXES, article_from_html, looks_like_html
from newsprism.ingest.tables import TABLE_SUFFIXES, read_table
from newsprism.ingest.text import MAX_BYTES, TEXT_SUFFIXES, read_article, read_capped
from newsprism.ingest.warc import WARC_SUFFIXES, read_warc
from newsprism.registries import readers

HEAD_BYTES = 1024  # what a reader sees of a file to decide whether it reads it


@dataclass(frozen=True)
class Reader:
    """``suffixes``: lower-case endings it claims (".jsonl.gz" counts as one). ``accepts``:
    ``(path, head) -> bool`` (default: the ending is one of ``suffixes``). ``read``:
    ``(path, context) -> items``, where context is the ``IngestOptions`` and ``Fetcher``."""

    suffixes: tuple[str, ...]
    read: Callable[[Path, ReadContext], Iterator]
    accepts: Callable[[Path, bytes], bool] | None = None

    def claims(self, path: Path) -> bool:
        return path.name.lower().endswith(self.suffixes)

    def reads(self, path: Path, head: bytes) -> bool:
        return self.accepts(path, head) if self.accepts is not None else self.claims(path)


@dataclass(frozen=True)
class ReadContext:
    options: object  # IngestOptions (its module imports this one)
    fetcher: Fetcher | None


def reader_for(path: Path) -> Reader | None:
    """The first registered reader that reads ``path`` (None: read it as plain text)."""
    head = _head(path)
    return next((r for r in readers.get_all().values() if r.reads(path, head)), None)


def claimed_suffixes() -> list[str]:
    """Every ending some reader claims, longest first."""
    found = {s for r in readers.get_all().values() for s in r.suffixes}
    return sorted(found, key=lambda s: (-len(s), s))


def claimed(path: Path) -> bool:
    """Whether some reader claims the file's ending (what a folder scan picks up)."""
    return any(r.claims(path) for r in readers.get_all().values())


def read_file(path: Path, context: ReadContext) -> Iterator:
    reader = reader_for(path)
    if reader is None:
        yield str(path), read_article(path)
        return
    yield from reader.read(path, context)


def feed_items(raw: bytes, label: str, fetcher: Fetcher | None, follow: bool) -> Iterator:
    feed = parse_feed(raw)
    for entry, result in feed_articles(feed, label, fetcher if follow else None):
        yield redact_url(f"{label}#{entry.link or entry.key}"), result


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(HEAD_BYTES)


def _not_empty(items: Iterator, path: Path) -> Iterator:
    seen = False
    for item in items:
        seen = True
        yield item
    if not seen:
        yield str(path), ValueError("file holds no articles (empty, or no HTML pages)")


def _table(path: Path, context: ReadContext) -> Iterator:
    options = context.options
    yield from _not_empty(read_table(path, options.columns, options.date_order), path)


def _warc(path: Path, context: ReadContext) -> Iterator:
    yield from _not_empty(read_warc(path), path)


def _text(path: Path, context: ReadContext) -> Iterator:
    yield str(path), read_article(path)


def _feed(path: Path, context: ReadContext) -> Iterator:
    raw = read_capped(path, MAX_BYTES)
    yield from feed_items(raw, str(path), context.fetcher, context.options.follow_links)


def _html(path: Path, context: ReadContext) -> Iterator:
    yield str(path), article_from_html(read_capped(path, MAX_BYTES), path=str(path))


readers.register("table", func=Reader(tuple(TABLE_SUFFIXES), _table))
readers.register("warc", func=Reader(WARC_SUFFIXES, _warc))
readers.register("text", func=Reader(tuple(TEXT_SUFFIXES), _text))
readers.register("feed", func=Reader(tuple(FEED_SUFFIXES), _feed,
                                     accepts=lambda path, head: looks_like_feed(head)))
readers.register("html", func=Reader(
    tuple(HTML_SUFFIXES), _html,
    accepts=lambda path, head: path.suffix.lower() in HTML_SUFFIXES or looks_like_html(head)))
