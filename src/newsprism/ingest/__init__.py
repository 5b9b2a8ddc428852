"""Ingest: turn files, folders, URLs, feeds, exports and web archives into ``Article`` records.

``iter_ingest`` streams one item per article (or per failure) so a caller can store as it
goes; ``ingest`` collects a batch. Every reader ends in ``meta.make_article``: ids are content
hashes, so the same text submitted twice, from any source, is one article. A bad item is an
``ItemError`` naming it (file, file:line, file#url or the URL); the batch goes on.

Readers (``readers``, registered in ``registries.readers``; another joins with a
registration): ``text`` (.txt/.md with sidecar or front matter), ``html`` (pages,
trafilatura), ``feeds`` (RSS/Atom, feedparser), ``tables`` (JSONL/CSV/Parquet), ``warc``
(warcio); URLs go through ``fetch``, which refuses private addresses unless allowed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsprism.ingest.feeds import looks_like_feed
from newsprism.ingest.fetch import FEED_TYPES, HTML_TYPES, Fetcher, FetchSettings, redact_url
from newsprism.ingest.html import article_from_html
from newsprism.ingest.meta import detect_language, normalise_text, parse_date, with_language
from newsprism.ingest.readers import ReadContext, claimed, feed_items, read_file
from newsprism.ingest.tables import ColumnMap
from newsprism.ingest.text import decode_text, infer_outlet, infer_published, read_article
from newsprism.models import Article, ItemError

__all__ = [
    "ColumnMap", "FetchSettings", "Fetcher", "IngestOptions", "IngestResult", "decode_text",
    "detect_language", "infer_outlet", "infer_published", "ingest", "is_url", "iter_ingest",
    "normalise_text", "parse_date", "read_article", "with_language",
]
STAGE = "ingest"
REPLACEMENT = "\ufffd"  # what a decoder puts where bytes mean no character
Item = tuple[str, Article | ItemError]


@dataclass(frozen=True)
class IngestOptions:
    columns: ColumnMap = field(default_factory=ColumnMap)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    follow_links: bool = True  # feed entries with a teaser only: fetch the linked page
    date_order: str | None = None  # exports' three-number dates: dmy, mdy, ymd; None: inferred


@dataclass(frozen=True)
class IngestResult:
    articles: tuple[Article, ...]
    errors: tuple[ItemError, ...]
    repeats: int = 0  # items whose text was already in the batch (stored once)
    warnings: tuple[ItemError, ...] = ()  # stage "warning": read, but check this


def is_url(source: str | Path) -> bool:
    return str(source).lower().startswith(("http://", "https://"))


def ingest(sources: list[str | Path], options: IngestOptions | None = None) -> IngestResult:
    """Read every source; the same text twice is kept once."""
    articles: dict[str, Article] = {}
    errors: list[ItemError] = []
    warnings: list[ItemError] = []
    repeats = 0
    for _, item in iter_ingest(sources, options):
        if isinstance(item, ItemError):
            (errors if item.fails else warnings).append(item)
        elif item.id in articles:
            repeats += 1
        else:
            articles[item.id] = item
    return IngestResult(tuple(articles.values()), tuple(errors), repeats, tuple(warnings))


def iter_ingest(sources: list[str | Path], options: IngestOptions | None = None,
                known: Callable[[str], bool] | None = None) -> Iterator[Item]:
    """(label, Article or ItemError) for every item of every source, in order. Articles get
    their language detected, except those ``known`` says are stored already (a re-run)."""
    options = options or IngestOptions()
    with Fetcher(options.fetch) as fetcher:
        for label, value in _pairs(sources, fetcher, options):
            if isinstance(value, ItemError):
                yield label, value
            elif isinstance(value, Article):
                yield label, value if known and known(value.id) else with_language(value)
                if REPLACEMENT in value.text:
                    yield label, _replaced_warning(label, value.text)
            else:
                yield label, ItemError(label, STAGE, str(value))


def _replaced_warning(label: str, text: str) -> ItemError:
    """Text that holds U+FFFD lost characters: bytes its encoding does not define (a page
    declared as one encoding and written in another), replaced rather than dropped."""
    count = text.count(REPLACEMENT)
    first = text.index(REPLACEMENT)
    context = " ".join(text[max(0, first - 30):first + 30].split())
    return ItemError(label, "warning",
                     f"{count} character(s) could not be decoded and were replaced by "
                     f"U+FFFD (first near: {context!r}); check the source's encoding")


def _pairs(sources: list[str | Path], fetcher: Fetcher, options: IngestOptions):
    for source in sources:
        if is_url(source):
            url = str(source)
            yield from _guarded(redact_url(url), _read_url(url, fetcher, options))
            continue
        path = Path(source)
        if not path.exists():
            yield str(path), ItemError(str(path), STAGE, "no such file or folder")
        elif path.is_dir():
            yield from _read_folder(path, fetcher, options)
        else:
            yield from _guarded(str(path), _read_file(path, fetcher, options))


def _guarded(label: str, items: Iterator[Item]) -> Iterator[Item]:
    """``items``, and whatever a reader did not expect (a RecursionError from a deeply nested
    sidecar, a TypeError from a library) as one per-item error naming the item: one item
    never ends the batch. Items already read are kept."""
    try:
        yield from items
    except Exception as exc:  # noqa: BLE001 - the boundary of one item, by design
        yield label, ItemError(label, STAGE, f"could not be read ({type(exc).__name__}: "
                                             f"{str(exc)[:200] or 'no detail'})")


def _read_folder(path: Path, fetcher: Fetcher, options: IngestOptions):
    found = sorted(p for p in path.rglob("*") if p.is_file() and _readable(p)
                   and not any(part.startswith(".") for part in p.relative_to(path).parts))
    if not found:
        yield str(path), ItemError(str(path), STAGE, "folder holds no articles (.txt, .md, "
                                   ".html, feeds, .jsonl, .csv, .parquet, .warc)")
    for file in found:
        yield from _guarded(str(file), _read_file(file, fetcher, options))


def _readable(path: Path) -> bool:
    if path.name.lower().endswith(".meta.json"):
        return False  # a sidecar: read with its article
    return claimed(path)


def _read_file(path: Path, fetcher: Fetcher, options: IngestOptions):
    """The items of one file, from the registered reader that reads it (``readers``)."""
    try:
        yield from read_file(path, ReadContext(options, fetcher))
    except (ValueError, OSError) as exc:
        yield str(path), ValueError(str(exc))


def _read_url(url: str, fetcher: Fetcher, options: IngestOptions):
    label = redact_url(url)  # credentials in a URL are never stored or shown
    try:
        page = fetcher.get(url, accept=HTML_TYPES + FEED_TYPES)
        if looks_like_feed(page.body) or "rss" in page.content_type or "atom" in page.content_type:
            yield from feed_items(page.body, label, fetcher, options.follow_links)
        else:
            yield label, article_from_html(page.body, url=page.url, path=label,
                                           declared_encoding=page.charset)
    except ValueError as exc:
        yield label, exc
