"""Per-document values spaCy recomputes each time they are read, kept once per document.

``Doc.text`` joins every token's text on every read. The annotators read it inside per-token
helpers (a quote's speaker, a number's neighbours), which made it a third of the whole
annotate stage: 9.5 s of 28.8 s on 40 AllSides articles (cProfile, 2026-11-30).
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

_texts: WeakKeyDictionary = WeakKeyDictionary()


def doc_text(doc) -> str:
    """``doc.text``, built once per document (dropped with the document)."""
    text = _texts.get(doc)
    if text is None:
        text = _texts[doc] = doc.text
    return text
