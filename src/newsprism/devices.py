"""Which device the models of this process run on: ``cpu``, ``cuda`` or ``auto``.

A process (the CLI, the web app, one Ray worker) runs its models on one device, so the choice
is process-wide: a stage's ``warm_up()`` sets it before loading anything, and every loader
(the sentence encoders, the NLI cross-encoder, spaCy) reads it. Models already loaded on
another device are loaded again on the new one (the caches key on the device).
"""

from __future__ import annotations

import threading

DEVICES = ("cpu", "cuda", "auto")

_current = "cpu"
_lock = threading.Lock()


class DeviceError(ValueError):
    """An unknown device name, or ``cuda`` asked for where torch sees no GPU."""


def resolve(name: str | None) -> str:
    """``cpu`` or ``cuda`` for a requested name: ``auto`` is ``cuda`` when torch sees a GPU.

    Raises DeviceError for a name outside ``DEVICES`` and for ``cuda`` without a GPU (a run
    the user asked to put on a GPU must not quietly take hours on the CPU)."""
    name = (name or "cpu").strip().lower()
    if name not in DEVICES:
        raise DeviceError(f"unknown device {name!r}: use one of {', '.join(DEVICES)}")
    if name == "cpu":
        return "cpu"
    import torch

    if torch.cuda.is_available():
        return "cuda"
    if name == "cuda":
        raise DeviceError("--device cuda: torch sees no CUDA GPU here (torch "
                          f"{torch.__version__}; a CPU build cannot use one)")
    return "cpu"


def use(name: str | None) -> str:
    """Make ``name`` (resolved) this process's device for models loaded from now on."""
    global _current
    device = resolve(name)
    with _lock:
        _current = device
    if device == "cuda":
        import spacy

        spacy.prefer_gpu()  # spaCy on the GPU where cupy is installed; else it stays on CPU
    return device


def current() -> str:
    """The device models load on in this process (``cpu`` unless ``use()`` said otherwise)."""
    return _current


def batch_size(cpu: int, cuda: int) -> int:
    """The batch size for this process's device: GPUs want far larger batches."""
    return cuda if _current == "cuda" else cpu
