"""Resolve: one entity across articles, spelling variants, role nouns and pronouns.

Names are compared after transliteration folding (Prigozhin/Prighozin, Sergei/Sergey,
Yevgeny/Evgeny), titles are dropped (Mr, President), and the NER label of a single mention is a
vote, not the truth. People merge only when both the surname and a given first name agree, so
Sergey Shoigu and Sergey Lavrov stay apart; a surname alone joins a full name only when exactly
one person in the batch has that surname (``names``).

Mentions the annotate stage described with the parse add to that: a mention linked within its
document (``antecedent_start``: "he" → "Smith", "the mayor, John Smith") joins its
antecedent's entity; nominals with the same head lemma ("the mayor", "the town's mayor") are
one entity; and, when nominal or pronoun clusters are left without a name, clusters whose
mentions are used alike merge by contextual vectors (``context``), never two differently named
ones. An entity is named by its name mentions whenever it has any.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from newsprism.models import AnnotatedArticle, Entity, Mention, content_id
from newsprism.resolve.names import (
    cluster_names,
    distinct_names,
    fold,
    name_words,
    normalise_name,
    preference,
    same_name,
    strip_person_prefix,
    surnames,
)

__all__ = ["EntityIndex", "ResolveSettings", "fold", "link_speakers", "normalise_name",
           "resolve", "same_name"]


@dataclass(frozen=True)
class ResolveSettings:
    # Cosine of two clusters' mean mention vectors at which context merges them; chosen on
    # ECB+ Train (bench/ecbplus.py --split Train), never on Dev.
    context_threshold: float = 0.7
    # Cosine of two articles' lead vectors at which their same-head nominals are one entity.
    story_threshold: float = 0.6
    context: bool = True  # False: no encoder is loaded, nominals keep their head groups


def resolve(annotated: list[AnnotatedArticle], *, model: str | None = None,
            settings: ResolveSettings | None = None) -> list[Entity]:
    """Cluster every mention of every article into entities.

    ``model`` is the sentence-transformers directory for context merging (the shipped MiniLM
    by default); it is loaded only when nominal or pronoun mentions are left without a name."""
    settings = settings or ResolveSettings()
    mentions = [m for a in annotated for m in a.mentions]
    links = _Links(mentions)
    position = {id(m): i for i, m in enumerate(mentions)}
    titles = _courtesy_titles(annotated)
    for cluster in cluster_names((m for m in mentions if m.kind == "name"), titles):
        links.join([position[id(m)] for m in cluster], guarded=False)
    starting_at: dict[tuple[str, int], int] = {}
    for i, m in enumerate(mentions):
        starting_at.setdefault((m.article_id, m.start), i)
    for i, m in enumerate(mentions):
        if m.antecedent_start is not None:
            target = starting_at.get((m.article_id, m.antecedent_start))
            if target is not None:
                links.join([target, i])
    contextual = settings.context and any(m.kind != "name" for m in mentions)
    _join_same_heads(mentions, links, annotated, settings if contextual else None, model)
    clusters = [[mentions[i] for i in group] for group in links.groups()]
    if contextual and any(all(m.kind != "name" for m in c) for c in clusters):
        from newsprism.resolve.context import merge_by_context  # loads numpy, the encoder

        clusters = merge_by_context(clusters, annotated, settings.context_threshold, model)
    return sorted((_entity(c) for c in clusters), key=lambda e: (-len(e.mentions), e.name))


def _join_same_heads(mentions: list[Mention], links: _Links, annotated, settings, model) -> None:
    """Nominals with one head lemma are one entity within an article; across articles only
    when the articles tell the same story (their lead vectors are close), since "the police"
    of two different shootings are two police forces. Without settings, across all."""
    by_head: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, m in enumerate(mentions):
        if m.kind == "nominal":
            by_head[m.head or normalise_name(m.text)][m.article_id].append(i)
    for per_article in by_head.values():
        for group in per_article.values():
            links.join(group)
    if settings is None:
        for per_article in by_head.values():
            links.join([group[0] for group in per_article.values()])
        return
    from newsprism.resolve.context import same_story  # loads numpy, the encoder

    together = same_story(annotated, settings.story_threshold, model)
    for per_article in by_head.values():
        articles = list(per_article)
        for x, a in enumerate(articles):
            for b in articles[x + 1:]:
                if (a, b) in together:
                    links.join([per_article[a][0], per_article[b][0]])


_COURTESY = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+$")


def _courtesy_titles(annotated: list[AnnotatedArticle]) -> dict[tuple[str, int], str]:
    """(article id, start) → "mr", "mrs", "ms" or "miss" for each name written after one."""
    found = {}
    for item in annotated:
        text = item.article.text
        for mention in item.mentions:
            title = _COURTESY.search(text[max(0, mention.start - 6):mention.start])
            if title:
                found[(item.article.id, mention.start)] = title.group(1).lower()
    return found


class _Links:
    """Union-find over mention positions; a guarded join never puts two differently named
    clusters together (see ``context.distinct_names``)."""

    def __init__(self, mentions: list[Mention]):
        self._parent = list(range(len(mentions)))
        self._names: dict[int, set[str]] = {i: surnames([m]) for i, m in enumerate(mentions)}

    def _root(self, x: int) -> int:
        while self._parent[x] != x:
            self._parent[x] = self._parent[self._parent[x]]
            x = self._parent[x]
        return x

    def join(self, members: list[int], guarded: bool = True) -> None:
        for other in members[1:]:
            a, b = self._root(members[0]), self._root(other)
            if a == b or guarded and distinct_names(self._names[a], self._names[b]):
                continue
            self._parent[b] = a
            self._names[a] |= self._names.pop(b)

    def groups(self) -> list[list[int]]:
        found: dict[int, list[int]] = defaultdict(list)
        for x in range(len(self._parent)):
            found[self._root(x)].append(x)
        return list(found.values())


def _entity(cluster: list[Mention]) -> Entity:
    mentions = sorted(cluster, key=lambda m: (m.article_id, m.start))
    names = [m for m in mentions if m.kind == "name"]
    naming = names or [m for m in mentions if m.kind == "nominal"] or mentions
    votes = Counter(m.label for m in naming)
    label = max(votes, key=lambda lab: (votes[lab], -preference(lab)))
    surfaces = Counter(re.sub(r"['’]s$", "", m.text) for m in naming)
    name = max(surfaces, key=lambda s: _naming_rank(s, label, surfaces[s]))
    if label == "PERSON":
        name = strip_person_prefix(name)
    aliases = tuple(sorted(s for s in surfaces if s != name))
    if names:
        entity_id = content_id("ent", label, fold(normalise_name(name, label)))
    else:  # a role noun or pronoun names nothing outside its story: the first mention does
        entity_id = content_id("ent", "unnamed", mentions[0].article_id, mentions[0].start)
    return Entity(id=entity_id, name=name, type=label, aliases=aliases,
                  mentions=tuple(mentions))


def _naming_rank(surface: str, label: str, count: int) -> tuple:
    """Which surface names an entity: the most words of the name itself, then the most used,
    then for a person one without words around the name (titles or NER over-reach: "Security
    Council Dmitry Medvedev"), then the last in alphabetical order (a stable choice)."""
    words = normalise_name(surface, label).split()
    if label == "PERSON":
        own = name_words(" ".join(words))
        return len(own), count, len(own) == len(words), surface
    return len(words), count, surface


class EntityIndex:
    """Look up the entity of a mention span, or of a name as written (for quote speakers)."""

    def __init__(self, entities: Iterable[Entity]):
        self._by_span: dict[tuple[str, int], str] = {}
        self._starts: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self._by_name: dict[str, set[str]] = defaultdict(set)
        for entity in entities:
            for mention in entity.mentions:
                self._by_span[(mention.article_id, mention.start)] = entity.id
                self._starts[mention.article_id].append((mention.start, entity.id))
                if mention.kind == "name":  # a quote speaker is looked up by name
                    self._by_name[normalise_name(mention.text, entity.type)].add(entity.id)
        for starts in self._starts.values():
            starts.sort()

    def at(self, article_id: str, start: int | None) -> str | None:
        return None if start is None else self._by_span.get((article_id, start))

    def in_span(self, article_id: str, start: int, end: int) -> list[str]:
        starts = self._starts.get(article_id, [])
        first = bisect_left(starts, (start, ""))
        found = set()
        for position, entity_id in starts[first:]:
            if position >= end:
                break
            found.add(entity_id)
        return sorted(found)

    def by_name(self, name: str | None) -> str | None:
        if not name:
            return None
        ids = self._by_name.get(normalise_name(name, "PERSON")) or self._by_name.get(
            normalise_name(name, "ORG"), set())
        return next(iter(ids)) if len(ids) == 1 else None


def link_speakers(annotated: list[AnnotatedArticle], entities: list[Entity]
                  ) -> list[AnnotatedArticle]:
    """New annotated articles whose quotes name their speaker's entity and whose quantities
    name the entity they describe (the input is unchanged): by the name's mention span, else
    by the name as written when it is unambiguous."""
    index = EntityIndex(entities)
    linked = []
    for item in annotated:
        quotes = tuple(
            replace(q, speaker_entity_id=index.at(q.article_id, q.speaker_start)
                    or index.by_name(q.speaker))
            for q in item.quotes
        )
        quantities = tuple(
            replace(q, entity_id=index.at(q.article_id, q.subject_start)
                    or index.by_name(q.subject)) if q.subject else q
            for q in item.quantities
        )
        linked.append(replace(item, quotes=quotes, quantities=quantities))
    return linked
