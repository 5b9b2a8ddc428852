"""Ingest into a store: the writing side of the ingest stage (``newsprism ingest`` / ``watch``).

The ingest stage only reads sources and returns articles; this module writes them: for
``newsprism ingest`` and ``watch`` directly, and for ``pipeline.Pipeline.add`` (ingest, place
in stories, refresh), which the web app's jobs use. Items are committed in small batches; an
item is reported as stored only after its batch commits, so killing the process loses nothing
already reported, leaves no half-written article, and a re-run skips what is stored and
completes the rest.
Near-duplicates and wire copies are linked against everything already stored, through the
MinHash index rebuilt from stored signatures (nothing is recomputed for old articles).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain

from newsprism.ingest import IngestOptions, iter_ingest, with_language
from newsprism.ingest.dedup import NearDuplicateIndex, signature
from newsprism.ingest.feeds import feed_articles, parse_feed
from newsprism.ingest.fetch import FEED_TYPES, Fetcher
from newsprism.models import Article, ItemError, NearDuplicate
from newsprism.store import Store
from newsprism.store.ingest import FeedState
from newsprism.stories import StoryIndex, StorySettings, story_features

# (event, label, detail): event is "stored", "known" (already in the store) or "error";
# detail is the article id or the error message.
ItemHook = Callable[[str, str, str], None]


@dataclass
class IngestReport:
    stored: int = 0
    known: int = 0
    errors: list[ItemError] = field(default_factory=list)
    links: list[NearDuplicate] = field(default_factory=list)

    def add(self, other: IngestReport) -> None:
        self.stored += other.stored
        self.known += other.known
        self.errors += other.errors
        self.links += other.links


class _Writer:
    """Collects items and commits them every ``batch_size`` items or ``max_wait`` seconds."""

    def __init__(self, store: Store, on_item: ItemHook | None, batch_size: int,
                 max_wait: float = 2.0) -> None:
        self.store, self.on_item = store, on_item or (lambda *a: None)
        self.batch_size, self.max_wait = batch_size, max_wait
        self._index: NearDuplicateIndex | None = None
        self.known = store.article_ids()
        self.report = IngestReport()
        self._reset()

    @property
    def index(self) -> NearDuplicateIndex:
        """Built from the stored signatures when the first new article arrives: a re-run that
        finds everything stored never pays for it."""
        if self._index is None:
            self._index = NearDuplicateIndex(self.store.signatures())
        return self._index

    def _reset(self) -> None:
        self.articles: list[tuple[str, Article]] = []
        self.signatures, self.links, self.errors, self.entries = [], [], [], []
        self.began = time.monotonic()

    def article(self, label: str, article: Article, entry: tuple[str, str] | None = None):
        if entry:
            self.entries.append((*entry, article.id))
        if article.id in self.known:
            self.report.known += 1
            self.on_item("known", label, article.id)
        else:
            self.known.add(article.id)
            sig = signature(article)
            self.articles.append((label, article))
            self.signatures.append(sig)
            self.links.extend(self.index.add(sig))
        self._maybe_flush()

    def error(self, error: ItemError) -> None:
        self.errors.append(error)
        self._maybe_flush()

    def _maybe_flush(self) -> None:
        pending = len(self.articles) + len(self.errors) + len(self.entries)
        if pending >= self.batch_size or time.monotonic() - self.began > self.max_wait:
            self.flush()

    def flush(self) -> None:
        if not (self.articles or self.errors or self.entries):
            return
        self.store.save_ingested([a for _, a in self.articles], self.signatures, self.links,
                                 self.errors, self.entries)
        for label, article in self.articles:  # reported only now: the batch is committed
            self.on_item("stored", label, article.id)
        for error in self.errors:
            self.on_item("error" if error.fails else error.stage, error.source, error.message)
        self.report.stored += len(self.articles)
        self.report.errors += self.errors
        self.report.links += self.links
        self._reset()


def ingest_into(store: Store, sources: Iterable[str], options: IngestOptions | None = None,
                on_item: ItemHook | None = None, batch_size: int = 64,
                items: Iterable[tuple[str, Article | ItemError]] = ()) -> IngestReport:
    """Ingest ``sources`` into ``store``, after ``items`` already read (uploads and pasted
    text, from ``ingest.uploads``); returns what happened (also stored: errors, links)."""
    writer = _Writer(store, on_item, batch_size)
    read = iter_ingest(list(sources), options, known=writer.known.__contains__)
    for label, item in chain(items, read):
        if isinstance(item, ItemError):
            writer.error(item)
        else:
            writer.article(label, item)
    writer.flush()
    return writer.report


def _poll(writer: _Writer, url: str, fetcher: Fetcher, options: IngestOptions) -> None:
    """Fetch one feed (conditionally: ETag / Last-Modified) and store the entries not seen
    before. A failing entry is retried on the next poll; a stored one never again."""
    store = writer.store
    state = store.feed_state(url)
    headers = {k: v for k, v in (("If-None-Match", state.etag),
                                 ("If-Modified-Since", state.last_modified)) if v}
    try:
        page = fetcher.get(url, accept=FEED_TYPES, headers=headers)
        if page.status == 304:
            store.save_feed_state(state, "not modified")
            return
        feed = parse_feed(page.body)
    except ValueError as exc:
        writer.error(ItemError(url, "ingest", str(exc)))
        writer.flush()
        store.save_feed_state(state, f"error: {exc}")
        return
    seen = store.seen_entries(url)
    new = tuple(e for e in feed.entries if e.key not in seen)
    follow = fetcher if options.follow_links else None
    for entry, result in feed_articles(feed, url, follow, entries=new):
        label = f"{url}#{entry.link or entry.key}"
        if isinstance(result, Article):
            writer.article(label, with_language(result), entry=(url, entry.key))
        else:
            writer.error(ItemError(label, "ingest", str(result)))
    writer.flush()
    store.save_feed_state(FeedState(url, page.etag, page.last_modified, title=feed.title),
                          f"{len(new)} new entries")


def watch(store: Store, feeds: list[str], every: float, options: IngestOptions | None = None,
          on_item: ItemHook | None = None, polls: int | None = None,
          on_poll: Callable[[int, IngestReport], None] | None = None,
          sleep: Callable[[float], None] = time.sleep) -> IngestReport:
    """Poll ``feeds`` every ``every`` seconds (``polls`` times, or until interrupted)."""
    options = options or IngestOptions()
    total = IngestReport()
    done = 0
    # One writer for the whole watch: the stored ids (and, once needed, the near-duplicate
    # index) are loaded once, not once per feed per poll; it adds what it stores.
    writer = _Writer(store, on_item, batch_size=32)
    with Fetcher(options.fetch) as fetcher:
        while polls is None or done < polls:
            began = time.monotonic()
            writer.report = IngestReport()
            for url in feeds:
                _poll(writer, url, fetcher, options)
            round_report = writer.report
            total.add(round_report)
            done += 1
            if on_poll:
                on_poll(done, round_report)
            if polls is None or done < polls:
                sleep(max(0.0, every - (time.monotonic() - began)))
    return total


@dataclass
class StoryReport:
    placed: int = 0
    stories: int = 0  # stories in the store afterwards
    touched: int = 0  # stories opened, grown, merged or split
    merges: int = 0
    splits: int = 0
    touched_ids: set[str] = field(default_factory=set)  # the touched stories that remain


def assign_stories(store: Store, settings: StorySettings | None = None,
                   model: str | None = None, spacy_model: str | None = None,
                   batch_size: int = 256,
                   progress: Callable[[int, int], None] | None = None,
                   featurize: Callable[[list[Article]], list] | None = None) -> StoryReport:
    """Place every stored article that is in no story yet (English or undetected language)
    into the stored stories, without recomputing the placed ones; each batch is one
    transaction, so an interrupted run leaves unplaced articles for the next. ``featurize``
    computes a batch's story features (the pipeline passes its engine's); by default
    ``stories.story_features`` with ``model`` and ``spacy_model``, here."""
    waiting = [a for a in store.unplaced_articles() if a.language in (None, "en")]
    report = StoryReport()
    index = StoryIndex(settings or StorySettings())
    if waiting:
        index.restore(store.story_features())
    for start in range(0, len(waiting), batch_size):
        chunk = waiting[start:start + batch_size]
        features = (featurize(chunk) if featurize else
                    story_features(chunk, model=model, spacy_model=spacy_model))
        seen_events = len(index.events)
        index.add_all(features)
        touched = {index.story_of[f.article_id] for f in features}
        for story in sorted(touched):  # a grown or merged story may no longer hold together
            index.split(story)
        events = index.events[seen_events:]
        gone = [e.other_id for e in events if e.kind == "merge"]
        touched = {index.story_of[f.article_id] for f in features} | {
            s for e in events for s in (e.story_id, e.other_id) if s in index.members}
        members = {f.article_id: index.story_of[f.article_id] for f in features}
        for story in touched:  # merged stories' old members point at the survivor now
            members.update({a: story for a in index.members[story]})
        store.save_stories(features, members, index.stories(touched), events, gone)
        report.placed += len(chunk)
        report.touched += len(touched)
        report.touched_ids = (report.touched_ids | touched) - set(gone)
        report.merges += sum(e.kind == "merge" for e in events)
        report.splits += sum(e.kind == "split" for e in events)
        if progress:
            progress(report.placed, len(waiting))
    report.stories = store.story_count()
    return report


@dataclass
class AddReport:
    ingest: IngestReport
    stories: StoryReport
    analysed: list[str]


def add_articles(store: Store, sources: Iterable[str] = (),
                 items: Iterable[tuple[str, Article | ItemError]] = (),
                 options=None, on_item: ItemHook | None = None,
                 progress: Callable[[str, int, int], None] | None = None) -> AddReport:
    """Everything that follows new material into a store, in order: ingest it, place the new
    articles in stories, and analyse again the stories that changed (their reports are
    replaced): ``pipeline.Pipeline(options, progress).add(...)``, its engine closed after.
    ``options`` are the pipeline's ``PipelineOptions``."""
    from newsprism.pipeline import Pipeline

    with Pipeline(options, progress) as pipeline:
        return pipeline.add(store, sources, items, on_item)
