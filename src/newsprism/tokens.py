"""Word tokens shared by the stages that compare texts (ingest's near-duplicate index and
alignment's text reuse): one definition, so both see the same words."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters, digits, underscore), punctuation dropped."""
    return [w.lower() for w in _WORD.findall(text)]
