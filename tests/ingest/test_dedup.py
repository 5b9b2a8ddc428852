"""MinHash near-duplicates: edits, wire copies inside longer articles, unrelated texts."""

from __future__ import annotations

import random

from newsprism.ingest.dedup import MIN_SHINGLES, NearDuplicateIndex, shingle_hashes, signature
from newsprism.models import Article
from newsprism.tokens import words

random.seed(7)
VOCAB = [f"w{i}" for i in range(5000)]
BASE = [random.choice(VOCAB) for _ in range(600)]


def art(tokens: list[str]) -> Article:
    text = " ".join(tokens)
    return Article(Article.id_for(text), text)


def test_kinds_of_links() -> None:
    base, edited = art(BASE), art(BASE[:300] + ["inserted"] + BASE[300:])
    wire_in_long = art(BASE[:200] + [random.choice(VOCAB) for _ in range(100)])
    unrelated = art([random.choice(VOCAB) for _ in range(600)])
    index = NearDuplicateIndex()
    assert index.add(signature(base)) == []
    (near,) = index.add(signature(edited))
    assert near.kind == "near_duplicate" and near.jaccard > 0.9
    kinds = {(link.kind, link.containment > 0.55) for link in index.add(signature(wire_in_long))}
    assert kinds == {("wire_copy", True)}
    assert index.add(signature(unrelated)) == []
    assert len(index) == 4


def test_index_rebuilt_from_signatures_finds_the_same() -> None:
    base, edited = art(BASE), art(BASE[:599])
    restored = NearDuplicateIndex([signature(base)])
    assert [link.kind for link in restored.add(signature(edited))] == ["near_duplicate"]


def test_short_texts_are_not_linked_and_hashes_are_stable() -> None:
    short = art(BASE[:10])
    index = NearDuplicateIndex([signature(short)])
    assert signature(short).shingles < MIN_SHINGLES and index.add(signature(art(BASE[:11]))) == []
    # Stored signatures must stay comparable across processes and releases: fixed values.
    assert shingle_hashes(words("The same five words here again")).tolist() == [
        2986068900, 3465060004]
