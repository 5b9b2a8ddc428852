"""Word tokens shared by the stages that compare texts (ingest's near-duplicate index,
alignment's text reuse, same-fact overlap and value slots): one definition, so all see the
same words, and one lemmatiser (lemminflect's lookup tables, no parse needed) so "held" meets
"hold" and "primaries" meets "primary"."""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters, digits, underscore), punctuation dropped."""
    return [w.lower() for w in _WORD.findall(text)]


LEMMA_ORDER = ("VERB", "NOUN", "ADJ", "ADV", "AUX")


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The dictionary form of one lower-cased word without its context: the first lemma that
    differs from the word, verbs first ("left" → "leave", "primaries" → "primary", "held" →
    "hold"); a word with no entry (most names) is its own lemma. Source: lemminflect's
    English lemma tables (MIT)."""
    from lemminflect import getAllLemmas  # loads its tables on first use

    found = getAllLemmas(word)
    for pos in LEMMA_ORDER:
        for candidate in found.get(pos, ()):
            if candidate != word:
                return candidate
    return word
