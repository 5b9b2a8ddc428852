"""Slots: which value of one statement answers the same question as a value of another.

A news sentence carries many values ("a $466.30 dinner at CityZen … and a $5,587.75 vacation at
the Martha's Vineyard Holistic Retreat"). Two reports disagree on a value only when the values
fill the same slot of one proposition: the retreat's cost, not the dinner's. A value's slot is
told by the content words around it (as lemmas), within its sentence and up to the
neighbouring value or clause boundary ("vacation at the martha's vineyard holistic retreat");
two values fill one slot when those words overlap. The words are what a reader checks too,
so they go into the conflict's reason.
"""

from __future__ import annotations

import re

from newsprism.tokens import lemma, stop_words, words

WINDOW = 6  # content words each side of a value
MIN_SHARE = 0.34  # share of the smaller context that must be shared
_BOUNDARY = re.compile(r"[;:()\[\]—–]|,\s+(?:and|but|while|compared)\b|\$|\d")
REACH = 80  # characters each side searched for those words


def context(text: str, start: int, end: int,
            sentence: tuple[int, int] | None = None) -> frozenset[str]:
    """Lemmas of the content words within ``WINDOW`` content words of the value
    ``text[start:end]``, inside its ``sentence`` (start, end offsets) when given, not reaching
    past a clause boundary or another value."""
    low, high = sentence or (0, len(text))
    before = _BOUNDARY.split(text[max(low, start - REACH):start])[-1]
    after = _BOUNDARY.split(text[end:min(high, end + REACH)])[0]
    near = _content(before)[-WINDOW:] + _content(after)[:WINDOW]
    return frozenset(lemma(w) for w in near)


def _content(text: str) -> list[str]:
    stop = stop_words()
    return [w for w in words(text) if w not in stop and not w.isdigit()]


def shared_slot(first: frozenset[str], second: frozenset[str]) -> tuple[frozenset[str], float]:
    """(the words two values' contexts share, the share of the smaller context they make)
    when they name one slot; (empty, 0.0) otherwise."""
    if not first or not second:
        return frozenset(), 0.0
    common = first & second
    share = len(common) / min(len(first), len(second))
    return (common, share) if share >= MIN_SHARE else (frozenset(), 0.0)
