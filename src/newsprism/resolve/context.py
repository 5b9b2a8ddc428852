"""Context: join entity clusters whose mentions are used alike ("the host" and "DeGeneres" in
stories about the same ceremony), by the contextual vectors of their mentions.

Greedy centroid linkage: the two closest clusters (cosine of their mean mention vectors) merge
first, until no pair reaches the threshold. Cannot-links keep apart clusters whose names
differ (two named people, two named places) and dates from everything else, so context only
ever gives a name to a nominal or pronoun cluster, or joins nominal clusters.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from newsprism import embeddings
from newsprism.models import AnnotatedArticle, Mention
from newsprism.resolve.names import TEMPORAL_LABELS, distinct_names, surnames

WINDOW = 300  # characters either side of a mention when its article has no sentences


@dataclass
class _Cluster:
    mentions: list[Mention]
    vectors: np.ndarray  # one row per mention
    surnames: set[str] = field(default_factory=set)
    temporal: bool = False

    @classmethod
    def of(cls, mentions: list[Mention], vectors: np.ndarray) -> _Cluster:
        return cls(mentions, vectors, surnames(mentions), _mostly_temporal(mentions))

    def centre(self) -> np.ndarray:
        """Mean vector of the names and nominals (pronouns say little about context)."""
        rows = [i for i, m in enumerate(self.mentions) if m.kind != "pronoun"]
        mean = self.vectors[rows or list(range(len(self.mentions)))].mean(axis=0)
        norm = float(np.linalg.norm(mean))
        return mean / norm if norm else mean

    def compatible(self, other: _Cluster) -> bool:
        if self.temporal != other.temporal:
            return False
        return not distinct_names(self.surnames, other.surnames)

    def absorb(self, other: _Cluster) -> None:
        self.mentions += other.mentions
        self.vectors = np.concatenate([self.vectors, other.vectors])
        self.surnames |= other.surnames
        self.temporal = _mostly_temporal(self.mentions)


def _mostly_temporal(mentions: list[Mention]) -> bool:
    return sum(m.label in TEMPORAL_LABELS for m in mentions) * 2 > len(mentions)


def merge_by_context(clusters: list[list[Mention]], annotated: Sequence[AnnotatedArticle],
                     threshold: float, model: str | None = None) -> list[list[Mention]]:
    """``clusters`` after context merging; mentions keep their order within a cluster."""
    if len(clusters) < 2:
        return clusters
    flat = [m for c in clusters for m in c]
    vectors = mention_vectors(flat, annotated, model)
    items, offset = [], 0
    for cluster in clusters:
        items.append(_Cluster.of(list(cluster), vectors[offset:offset + len(cluster)]))
        offset += len(cluster)
    centres = np.stack([c.centre() for c in items])
    similarity = centres @ centres.T
    for i, a in enumerate(items):
        similarity[i, i] = -np.inf
        for j in range(i + 1, len(items)):
            if not a.compatible(items[j]):
                similarity[i, j] = similarity[j, i] = -np.inf
    alive = np.ones(len(items), dtype=bool)
    while True:
        a, b = np.unravel_index(int(np.argmax(similarity)), similarity.shape)
        if similarity[a, b] < threshold:
            break
        items[a].absorb(items[b])
        alive[b] = False
        similarity[b, :] = similarity[:, b] = -np.inf
        centre = items[a].centre()
        for j in np.flatnonzero(alive):
            if j != a:
                value = float(centre @ items[j].centre()) if items[a].compatible(
                    items[j]) else -np.inf
                similarity[a, j] = similarity[j, a] = value
    return [items[i].mentions for i in np.flatnonzero(alive)]


def same_story(annotated: Sequence[AnnotatedArticle], threshold: float,
               model: str | None = None) -> set[tuple[str, str]]:
    """Pairs of article ids (both orders) whose leads (what the encoder reads of each text)
    have a cosine similarity of at least ``threshold``."""
    ids = [a.article.id for a in annotated]
    vectors = embeddings.embed([a.article.text for a in annotated], model)
    similarity = vectors @ vectors.T
    return {(ids[i], ids[j]) for i in range(len(ids)) for j in range(len(ids))
            if similarity[i, j] >= threshold}


def mention_vectors(mentions: Sequence[Mention], annotated: Sequence[AnnotatedArticle],
                    model: str | None = None) -> np.ndarray:
    """One contextual vector per mention: its tokens' embeddings within its sentence."""
    by_id = {a.article.id: a for a in annotated}
    passages: dict[tuple[str, int, int], list[int]] = defaultdict(list)
    for index, mention in enumerate(mentions):
        passages[_passage(mention, by_id[mention.article_id])].append(index)
    keys = list(passages)
    texts = [by_id[article].article.text[start:end] for article, start, end in keys]
    spans = [[(mentions[i].start - key[1], mentions[i].end - key[1]) for i in passages[key]]
             for key in keys]
    found = embeddings.span_vectors(texts, spans, model)
    vectors = np.zeros((len(mentions), found[0].shape[1] if found else 1), dtype=np.float32)
    for key, rows in zip(keys, found, strict=True):
        vectors[passages[key]] = rows
    return vectors


def _passage(mention: Mention, item: AnnotatedArticle) -> tuple[str, int, int]:
    """(article id, start, end) of the sentence holding the mention, else a window."""
    sentence = item.sentence_of(mention)
    if sentence is not None and mention.end <= sentence.end:
        return mention.article_id, sentence.start, sentence.end
    text = item.article.text
    return (mention.article_id, max(0, mention.start - WINDOW),
            min(len(text), mention.end + WINDOW))
