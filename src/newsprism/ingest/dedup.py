"""Near-duplicates and wire copies across the whole store, found as articles arrive.

Exact duplicates never get this far (an article's id is the hash of its text). For the rest,
each article gets a MinHash signature of its word 5-gram shingles (datasketch); an LSH index
over all stored signatures proposes candidates in near-constant time per article, and the
signatures' Jaccard estimate, with both shingle counts, gives the containment of the shorter
text in the longer: an agency story run with a local paragraph added has a modest Jaccard
but a containment near 1. Signatures are stored, so the index survives restarts and adding
articles never recomputes the corpus.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from newsprism.models import Article, NearDuplicate
from newsprism.tokens import words

SHINGLE_WORDS = 5  # the same 5-gram shingles as alignment's text reuse
NUM_PERM = 128
SCHEME = "affine32"  # datasketch's hash scheme; stored signatures are only comparable within one
LSH_THRESHOLD = 0.2  # low enough to propose a short wire copy inside a long article
NEAR_DUPLICATE_JACCARD = 0.85
WIRE_COPY_CONTAINMENT = 0.5
MIN_SHINGLES = 20  # under ~25 words two texts share too little to call them copies


@dataclass(frozen=True)
class Signature:
    article_id: str
    values: bytes  # the MinHash hash values
    shingles: int  # how many distinct shingles the text has


def signature(article: Article) -> Signature:
    from datasketch import MinHash

    grams = shingle_hashes(words(article.text))
    # The shingles are hashed already (stable across processes, unlike hash()): datasketch
    # only applies its permutations.
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashfunc=int,
                      permutations=_permutations())
    minhash.update_batch(grams.tolist())
    return Signature(article.id, minhash.hashvalues.tobytes(), len(grams))


def shingle_hashes(tokens: list[str]) -> np.ndarray:
    """Distinct 32-bit hashes of the text's word 5-grams: each word hashed once (CRC-32), each
    window combined as a polynomial in numpy, instead of hashing every 5-gram's string."""
    if len(tokens) < SHINGLE_WORDS:
        return np.zeros(0, dtype=np.uint64)
    token_hashes = np.fromiter((zlib.crc32(t.encode()) for t in tokens), dtype=np.uint64,
                               count=len(tokens))
    windows = len(tokens) - SHINGLE_WORDS + 1
    combined = np.zeros(windows, dtype=np.uint64)
    with np.errstate(over="ignore"):  # wrapping uint64 arithmetic is the point
        for offset in range(SHINGLE_WORDS):
            combined = combined * np.uint64(0x100000001B3) + token_hashes[offset:offset + windows]
        combined ^= combined >> np.uint64(29)
        combined *= np.uint64(0xBF58476D1CE4E5B9)
        combined ^= combined >> np.uint64(32)
    return np.unique(combined & np.uint64(0xFFFFFFFF))


@lru_cache(maxsize=1)
def _permutations():
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


class NearDuplicateIndex:
    """An LSH index of signatures; ``add`` returns the new article's links to those already in."""

    def __init__(self, signatures: Iterable[Signature] = ()) -> None:
        from datasketch import MinHashLSH

        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self._known: dict[str, tuple[object, int]] = {}
        for sig in signatures:
            self._insert(sig)

    def __len__(self) -> int:
        return len(self._known)

    def add(self, sig: Signature) -> list[NearDuplicate]:
        if sig.article_id in self._known or sig.shingles < MIN_SHINGLES:
            return []
        minhash = self._minhash(sig)
        links = []
        for other_id in self._lsh.query(minhash):
            other, other_count = self._known[other_id]
            link = _judge(sig.article_id, sig.shingles, other_id, other_count,
                          float(minhash.jaccard(other)))
            if link:
                links.append(link)
        self._insert(sig, minhash)
        return sorted(links, key=lambda link: (-link.containment, link.article_a, link.article_b))

    def _insert(self, sig: Signature, minhash=None) -> None:
        if sig.article_id in self._known or sig.shingles < MIN_SHINGLES:
            return
        minhash = minhash or self._minhash(sig)
        self._lsh.insert(sig.article_id, minhash)
        self._known[sig.article_id] = (minhash, sig.shingles)

    @staticmethod
    def _minhash(sig: Signature):
        from datasketch import MinHash

        values = np.frombuffer(sig.values, dtype=np.uint32)  # affine32 values are 32-bit
        return MinHash(num_perm=NUM_PERM, hashvalues=values.copy(), scheme=SCHEME,
                       permutations=_permutations())


def _judge(a: str, a_count: int, b: str, b_count: int, jaccard: float) -> NearDuplicate | None:
    # |A∩B| = J(|A|+|B|)/(1+J): the overlap the Jaccard estimate implies for these sizes.
    overlap = jaccard * (a_count + b_count) / (1 + jaccard)
    containment = min(overlap / min(a_count, b_count), 1.0)
    if jaccard >= NEAR_DUPLICATE_JACCARD:
        kind = "near_duplicate"
    elif containment >= WIRE_COPY_CONTAINMENT:
        kind = "wire_copy"
    else:
        return None
    first, second = sorted((a, b))
    return NearDuplicate(first, second, round(jaccard, 4), round(containment, 4), kind)
