"""Grouping articles into stories, one article at a time, so the same code serves a folder
and a stream.

Each article is compared only with its nearest neighbours (faiss HNSW over the headline-and-lead
vectors: cost per article grows with log n, not n) and only within a time window. The score of
a pair is the cosine of the vectors, raised by the named entities they share (weighted by
rarity: sharing "Prigozhin" says more than sharing "US") and lowered by the days between them
and by how far the story would then stretch (a story may run for weeks; a chain of monthly
reports of one kind is not one story). An undated article counts as far from a dated one as its
story is, so it cannot bridge two times. An article joins the story whose closest members score
highest on average, if that clears the threshold; otherwise it opens a story. When one article
holds two stories above the threshold by a margin, and they fit one span, they are one story:
the younger is merged into the older. ``split`` undoes what no longer holds together. Merges
and splits are recorded as events.

Order matters for any incremental method, so a batch is processed sorted by (day, article id):
the same input gives the same stories and the same ids (a story's id is the hash of the first
article that opened it).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from newsprism.models import Story, StoryEvent, content_id
from newsprism.stories.features import StoryFeatures


@dataclass(frozen=True)
class StorySettings:
    link_threshold: float = 0.57  # pair score at which an article belongs with another
    entity_weight: float = 0.2  # how much shared rare entities add (at full overlap)
    window_days: int = 3  # within this gap, time costs nothing
    day_penalty: float = 0.01  # per day beyond the window
    max_gap_days: int = 45  # farther apart: never one story
    # A story may run for weeks, but each day it spans beyond this costs as much as a day
    # between two articles: monthly reports of one kind (jobs figures) do not chain into one.
    span_days: int = 14
    neighbours: int = 24  # nearest neighbours looked at per article
    support: int = 2  # a story scores by the mean of its closest members' scores
    merge_margin: float = 0.1  # both stories this far above the threshold: merge them


@dataclass
class StoryIndex:
    """Stories so far; ``add_all`` places a batch; ``restore`` reloads stored placements."""

    settings: StorySettings = field(default_factory=StorySettings)
    features: dict[str, StoryFeatures] = field(default_factory=dict)
    story_of: dict[str, str] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    events: list[StoryEvent] = field(default_factory=list)
    _spans: dict[str, tuple] = field(default_factory=dict)  # story → (first day, last day)
    _df: Counter = field(default_factory=Counter)
    _ids: list[str] = field(default_factory=list)
    _faiss: object = None

    def observe(self, batch: Iterable[StoryFeatures]) -> None:
        """Count the batch's entities (how rare a shared entity is) before placing it."""
        for item in batch:
            if item.article_id not in self.features:
                self._df.update(item.entities)

    def add_all(self, batch: Iterable[StoryFeatures]) -> list[str]:
        """Place a batch in (day, id) order; returns the story id of each, in input order."""
        batch = list(batch)
        self.observe(batch)
        for item in sorted(batch, key=order_key):
            self._place(item)
        return [self.story_of[item.article_id] for item in batch]

    def restore(self, stored: Iterable[tuple[StoryFeatures, str]]) -> None:
        """Load stored articles with their story ids without re-deciding anything."""
        for item, story in stored:
            self._df.update(item.entities)
            self._index(item)
            self._join(item, story)

    def _join(self, item: StoryFeatures, story: str) -> None:
        self.story_of[item.article_id] = story
        self.members.setdefault(story, []).append(item.article_id)
        self._join_span(item, story)

    def _join_span(self, item: StoryFeatures, story: str) -> None:
        if item.day:
            first, last = self._spans.get(story, (item.day, item.day))
            self._spans[story] = (min(first, item.day), max(last, item.day))

    def _place(self, item: StoryFeatures) -> None:
        if item.article_id in self.story_of:
            return
        scores = self._story_scores(item)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        threshold = self.settings.link_threshold
        if ranked and ranked[0][1] >= threshold:
            story = ranked[0][0]
            strong = threshold + self.settings.merge_margin
            for other, score in ranked[1:]:
                # Both stories strongly hold the article, and would still be one time span.
                if ranked[0][1] >= strong and score - self._span_cost(other, story) >= strong:
                    story = self._merge(story, other, item.article_id)
        else:
            story = content_id("story", item.article_id)
        self._index(item)
        self._join(item, story)

    def _story_scores(self, item: StoryFeatures) -> dict[str, float]:
        by_story: dict[str, list[float]] = defaultdict(list)
        for other_id in self._neighbours(item):
            story = self.story_of[other_id]
            other = self.features[other_id]
            # An undated member must not bridge a dated article to a story of another time:
            # it is as far away as its story's dated members are.
            gap = None if other.day or not item.day else self._gap_to_story(item, story)
            score = self.pair_score(item, other, gap)
            if score is not None:
                by_story[story].append(score)
        support = self.settings.support
        return {story: float(np.mean(sorted(s, reverse=True)[:support]))
                - self._span_cost(story, item.day)
                for story, s in by_story.items()}

    def _span_cost(self, story: str, extra) -> float:
        """What stretching ``story`` over ``extra`` (a day, or another story's span) costs:
        ``day_penalty`` per day of the resulting span beyond ``span_days``."""
        span = self._spans.get(story)
        other = self._spans.get(extra) if isinstance(extra, str) else (
            (extra, extra) if extra else None)
        if span is None or other is None:
            return 0.0
        days = (max(span[1], other[1]) - min(span[0], other[0])).days
        return self.settings.day_penalty * max(0, days - self.settings.span_days)

    def _gap_to_story(self, item: StoryFeatures, story: str) -> int:
        span = self._spans.get(story)
        if span is None or item.day is None:
            return 0
        first, last = span
        return max((first - item.day).days, (item.day - last).days, 0)

    def pair_score(self, a: StoryFeatures, b: StoryFeatures,
                   gap: int | None = None) -> float | None:
        """Similarity of two articles as one story, None when too far apart in time.
        ``gap`` (days) overrides the pair's own when one of them is undated."""
        s = self.settings
        if gap is None:
            gap = abs((a.day - b.day).days) if a.day and b.day else 0
        if gap > s.max_gap_days:
            return None
        cosine = float(np.dot(a.vector, b.vector))
        penalty = s.day_penalty * max(0, gap - s.window_days)
        return cosine + s.entity_weight * self.entity_overlap(a, b) - penalty

    def entity_overlap(self, a: StoryFeatures, b: StoryFeatures) -> float:
        """Shared entities weighted by rarity, over the smaller article's total (0..1)."""
        if not a.entities or not b.entities:
            return 0.0
        weight = self._idf
        shared = sum(weight(e) for e in a.entities & b.entities)
        smaller = min(sum(weight(e) for e in a.entities), sum(weight(e) for e in b.entities))
        return shared / smaller if smaller else 0.0

    def _idf(self, entity: str) -> float:
        total = max(len(self.features), 1) + 1
        return math.log(1 + total / (1 + self._df.get(entity, 0)))

    def _neighbours(self, item: StoryFeatures) -> list[str]:
        if not self._ids:
            return []
        k = min(self.settings.neighbours, len(self._ids))
        _, positions = self._faiss.search(item.vector.reshape(1, -1).astype(np.float32), k)
        return [self._ids[p] for p in positions[0] if p >= 0]

    def _index(self, item: StoryFeatures) -> None:
        if self._faiss is None:
            import faiss

            # HNSW: approximate nearest neighbours in O(log n) per query, no training step,
            # and vectors can be added one at a time as articles arrive.
            self._faiss = faiss.IndexHNSWFlat(len(item.vector), 32, faiss.METRIC_INNER_PRODUCT)
            self._faiss.hnsw.efSearch = 64
        self._faiss.add(item.vector.reshape(1, -1).astype(np.float32))
        self._ids.append(item.article_id)
        self.features[item.article_id] = item

    def _merge(self, keep: str, other: str, because: str) -> str:
        older, younger = sorted((keep, other), key=self._opened)
        self._spans.pop(younger, None)
        for article in self.members.pop(younger):
            self._join(self.features[article], older)
        self.events.append(StoryEvent("merge", older, younger, because))
        return older

    def split(self, story: str, max_members: int = 300) -> list[StoryEvent]:
        """Split ``story`` where its members no longer hold together: as more articles arrive,
        entities that were rare become common and links weaken, or a merge joined two events.
        Components of the members linked at the threshold become stories; the one holding the
        story's first article keeps its id."""
        ids = self.members.get(story, [])
        if len(ids) < 2 or len(ids) > max_members:
            return []
        import networkx as nx

        graph = nx.Graph()
        graph.add_nodes_from(ids)
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                score = self.pair_score(self.features[a], self.features[b])
                if score is not None and score >= self.settings.link_threshold:
                    graph.add_edge(a, b)
        groups = [sorted(c) for c in nx.connected_components(graph)]
        if len(groups) == 1:
            return []
        opener = min(ids, key=lambda a: order_key(self.features[a]))
        events = []
        for members in groups:
            if opener in members:
                continue
            first = min(members, key=lambda a: order_key(self.features[a]))
            new_id = content_id("story", first)
            for a in members:
                self.members[story].remove(a)
                self._join(self.features[a], new_id)
            events.append(StoryEvent("split", story, new_id, None))
        self._spans.pop(story, None)
        for a in self.members[story]:
            self._join_span(self.features[a], story)
        self.events.extend(events)
        return events

    def _opened(self, story: str) -> tuple:
        return order_key(self.features[self.members[story][0]])

    def stories(self, ids: Iterable[str] | None = None) -> list[Story]:
        """Stories (all, or those of ``ids`` that still exist) with their explanation,
        largest first."""
        chosen = self.members if ids is None else [i for i in ids if i in self.members]
        built = [describe(story, [self.features[a] for a in self.members[story]])
                 for story in chosen]
        return sorted(built, key=lambda s: (-len(s.article_ids), s.id))


def order_key(item: StoryFeatures) -> tuple:
    return (item.day is None, item.day.toordinal() if item.day else 0, item.article_id)


def describe(story_id: str, items: list[StoryFeatures]) -> Story:
    """Title (the member closest to the centre), time span, and why the members belong
    together: entities and terms most of them share, and their mean similarity."""
    vectors = np.stack([i.vector for i in items])
    centre = vectors.mean(axis=0)
    closeness = vectors @ (centre / (np.linalg.norm(centre) or 1.0))
    central = items[int(np.argmax(closeness))]
    days = sorted(i.day for i in items if i.day)
    entities = Counter(e for i in items for e in i.entities)
    written = Counter((key, name) for i in items for key, name in i.names)
    display = {key: name for (key, name), _ in reversed(written.most_common())}
    terms = Counter(t for i in items for t in i.terms)
    need = 2 if len(items) > 1 else 1
    shared = [(display.get(e, e), n) for e, n in entities.most_common() if n >= need][:8]
    top_terms = [t for t, n in terms.most_common(40) if n >= need][:8]
    return Story(
        id=story_id, article_ids=tuple(sorted(i.article_id for i in items)),
        title=central.title, first_day=days[0].isoformat() if days else None,
        last_day=days[-1].isoformat() if days else None, entities=tuple(shared),
        terms=tuple(top_terms), cohesion=round(float(closeness.mean()), 4),
    )
