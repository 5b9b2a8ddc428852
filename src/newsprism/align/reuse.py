"""Text reuse: which articles copy one text (a wire story run by several outlets), and which
statements are one sentence reprinted, so consensus counts independent sources, not copies.

Articles are compared by word 5-gram shingles through an inverted index: only articles that
share a shingle are ever paired, so cost grows with the amount of shared text, not with the
square of the story's size. Containment (the share of the shorter text found in the longer)
rather than Jaccard, because an outlet often runs the wire copy plus a paragraph of its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from newsprism.models import Article, Claim, TextReuse
from newsprism.tokens import words

SHINGLE_WORDS = 5
COPY_CONTAINMENT = 0.5  # at least half of the shorter article is the other's text: one source
PARTIAL_CONTAINMENT = 0.15  # reported as partial reuse (a few wire paragraphs), still counted
MAX_POSTINGS = 200  # a shingle in more articles is boilerplate ("sign up for our newsletter")
SAME_SENTENCE_SHARE = 0.7  # two statements sharing this share of their shingles are one text
def shingles(text: str, size: int = SHINGLE_WORDS) -> set[int]:
    tokens = words(text)
    if len(tokens) < size:
        return {hash(tuple(tokens))} if tokens else set()
    return {hash(tuple(tokens[i:i + size])) for i in range(len(tokens) - size + 1)}


def find_reuse(articles: Sequence[Article]) -> list[TextReuse]:
    """Every pair of articles sharing at least ``PARTIAL_CONTAINMENT`` of the shorter text,
    strongest first."""
    sets = [shingles(a.text) for a in articles]
    shared = _shared_counts(sets)
    found = []
    for (i, j), count in shared.items():
        smaller = min(len(sets[i]), len(sets[j]))
        containment = count / smaller if smaller else 0.0
        if containment < PARTIAL_CONTAINMENT:
            continue
        a, b = sorted((articles[i].id, articles[j].id))
        kind = "copy" if containment >= COPY_CONTAINMENT else "partial"
        found.append(TextReuse(a, b, round(containment, 4), count, kind))
    return sorted(found, key=lambda r: (-r.containment, r.article_a, r.article_b))


def _shared_counts(sets: list[set[int]]) -> dict[tuple[int, int], int]:
    postings: dict[int, list[int]] = defaultdict(list)
    for index, items in enumerate(sets):
        for item in items:
            postings[item].append(index)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for holders in postings.values():
        if len(holders) < 2 or len(holders) > MAX_POSTINGS:
            continue
        for x, i in enumerate(holders):
            for j in holders[x + 1:]:
                shared[(i, j)] += 1
    return shared


def source_groups(article_ids: Iterable[str], reuse: Iterable[TextReuse]) -> dict[str, str]:
    """Each article's source: articles joined by copy-level reuse share one (the smallest id)."""
    parent = {a: a for a in article_ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in reuse:
        if pair.kind != "copy" or pair.article_a not in parent or pair.article_b not in parent:
            continue
        ra, rb = find(pair.article_a), find(pair.article_b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {a: find(a) for a in parent}


def independent_origins(claims: Sequence[Claim], source_of: dict[str, str]) -> list[list[str]]:
    """The claims of one fact grouped by origin: claims from one source group, or whose texts
    are one sentence reprinted, are one origin. Returns claim ids per origin."""
    origin = list(range(len(claims)))

    def find(x: int) -> int:
        while origin[x] != x:
            x = origin[x]
        return x

    texts = [shingles(c.text) for c in claims]
    for i in range(len(claims)):
        for j in range(i + 1, len(claims)):
            same_source = source_of.get(claims[i].article_id) == source_of.get(
                claims[j].article_id)
            if same_source or _same_text(texts[i], texts[j]):
                origin[find(j)] = find(i)
    grouped: dict[int, list[str]] = defaultdict(list)
    for i, claim in enumerate(claims):
        grouped[find(i)].append(claim.id)
    return list(grouped.values())


def _same_text(first: set[int], second: set[int]) -> bool:
    if not first or not second:
        return False
    return len(first & second) / min(len(first), len(second)) >= SAME_SENTENCE_SHARE


def reprinted(a: Claim, b: Claim) -> bool:
    """Whether two statements are one sentence reprinted or quoted with small changes
    ("by [a] pervasive lack of trust … fueled by an" / "by a pervasive … fueled by his")."""
    return _same_text(shingles(a.text, 3), shingles(b.text, 3))
