"""Natural language inference: does one statement contradict, entail, or neither, another?

newsprism ships its own cross-encoder (``newsprism/weights/nli-minilm``: MiniLM-L6 fine-tuned on
permissive NLI data plus news-domain pairs, see its MODEL_CARD.md) and loads it from disk, never
from a hub. Any Hugging Face sequence-classification cross-encoder directory whose config names
its labels (entailment / neutral / contradiction, any case) can be used instead.

NLI is directional: "premise entails hypothesis" is not symmetric, but contradiction is. When
comparing two reports, neither is the premise, so score both directions and combine them
(:func:`symmetric_contradiction` takes the mean); one direction alone over-reads a longer
sentence's extra clause as contradiction or entailment.

Scores do not depend on what else is in a batch: inputs are ordered by length, padded per
chunk, and the attention mask keeps padding out, so a pair scores the same alone or among many
(to float rounding, well below 1e-4).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from newsprism import devices

LABELS = ("entailment", "neutral", "contradiction")
_ALIASES = {"entailment": "entailment", "entail": "entailment", "entailed": "entailment",
            "neutral": "neutral", "contradiction": "contradiction", "contradict": "contradiction",
            "contradictory": "contradiction"}


class NLIPrediction(NamedTuple):
    label: str  # the most probable of LABELS
    probabilities: dict[str, float]  # one per label, summing to 1

    @property
    def contradiction(self) -> float:
        return self.probabilities["contradiction"]


class NLIModelError(ValueError):
    """A model directory that cannot be used as a three-way NLI cross-encoder."""


def shipped_model_path() -> Path:
    return Path(__file__).parent / "weights" / "nli-minilm"


class NLIModel:
    """A cross-encoder loaded once, lazily, from a local directory."""

    def __init__(self, path: str | Path | None = None, *, batch_size: int = 32,
                 max_length: int = 256, device: str = "cpu") -> None:
        self.path = Path(path) if path else shipped_model_path()
        self.batch_size = batch_size
        self.max_length = max_length
        self.device = device
        self._lock = threading.Lock()

    @cached_property
    def _loaded(self):
        if not (self.path / "config.json").exists():
            raise NLIModelError(f"{self.path}: not a model directory (no config.json)")
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer
        from transformers.utils import logging as hf_logging

        bar_was_on = hf_logging.is_progress_bar_enabled()
        hf_logging.disable_progress_bar()  # a stray tqdm bar would tear the CLI's Rich bars
        try:
            tokenizer = AutoTokenizer.from_pretrained(str(self.path), local_files_only=True)
            model = AutoModelForSequenceClassification.from_pretrained(
                str(self.path), local_files_only=True, dtype=torch.float32)
        finally:
            if bar_was_on:
                hf_logging.enable_progress_bar()
        model.eval().to(self.device)
        return tokenizer, model, label_order(model.config.id2label)

    def warm_up(self) -> NLIModel:
        with self._lock:
            self._loaded  # noqa: B018 - load now, not on the first call
        return self

    @property
    def name(self) -> str:
        return self.path.name

    def predict(self, premises: Sequence[str], hypotheses: Sequence[str]) -> list[NLIPrediction]:
        """One prediction per (premise, hypothesis) pair, in input order."""
        if len(premises) != len(hypotheses):
            raise ValueError("premises and hypotheses differ in length")
        import torch

        tokenizer, model, order = self.warm_up()._loaded
        by_length = sorted(range(len(premises)), key=lambda i: len(premises[i]) +
                           len(hypotheses[i]))
        results: list[NLIPrediction | None] = [None] * len(premises)
        for start in range(0, len(by_length), self.batch_size):
            chunk = by_length[start:start + self.batch_size]
            inputs = tokenizer([premises[i] for i in chunk], [hypotheses[i] for i in chunk],
                               truncation=True, max_length=self.max_length, padding=True,
                               return_tensors="pt").to(self.device)
            with torch.inference_mode():
                probabilities = model(**inputs).logits.float().softmax(-1).cpu().tolist()
            for i, row in zip(chunk, probabilities, strict=True):
                scores = {label: round(row[index], 6) for label, index in order.items()}
                results[i] = NLIPrediction(max(scores, key=scores.get), scores)
        return results  # type: ignore[return-value]

    def symmetric_contradiction(self, first: Sequence[str], second: Sequence[str]) -> list[float]:
        """Contradiction probability of each pair scored both ways and averaged."""
        forward = self.predict(list(first), list(second))
        backward = self.predict(list(second), list(first))
        return [(f.contradiction + b.contradiction) / 2
                for f, b in zip(forward, backward, strict=True)]


def label_order(id2label: dict) -> dict[str, int]:
    """Which output index is which of LABELS, read from the model's own config."""
    found: dict[str, int] = {}
    for index, name in id2label.items():
        label = _ALIASES.get(str(name).strip().lower())
        if label:
            found[label] = int(index)
    if set(found) != set(LABELS):
        raise NLIModelError(
            f"model labels {sorted(map(str, id2label.values()))} do not name entailment, "
            "neutral and contradiction; set id2label in its config.json")
    return found


_models: dict[str, NLIModel] = {}
_models_lock = threading.Lock()


def warm_up(path: str | Path | None = None) -> NLIModel:
    """The model at ``path`` (default: the shipped one), loaded once per process and device."""
    device = devices.current()
    key = f"{Path(path).resolve() if path else 'shipped'}@{device}"
    with _models_lock:
        if key not in _models:
            _models[key] = NLIModel(path, device=device,
                                   batch_size=devices.batch_size(32, 256))
    return _models[key].warm_up()


def contradiction(
    premise: str | Sequence[str], hypothesis: str | Sequence[str], model: str | Path | None = None
) -> NLIPrediction | list[NLIPrediction]:
    """``(label, probabilities)`` for one pair, or a list of them for two equal-length lists."""
    if isinstance(premise, str) and isinstance(hypothesis, str):
        return warm_up(model).predict([premise], [hypothesis])[0]
    return warm_up(model).predict(list(premise), list(hypothesis))


def symmetric_contradiction(
    first: Sequence[str], second: Sequence[str], model: str | Path | None = None
) -> list[float]:
    """Contradiction probability of each pair scored both ways and averaged."""
    return warm_up(model).symmetric_contradiction(first, second)
