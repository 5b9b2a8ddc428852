"""Execution engines: where a stage's batches run.

One small interface, ``Engine.map(stage, items, progress)``: the stage's ``run`` over every item,
one output per item, in input order. Three engines are registered (``registries.engines``):

- ``local`` (default): in this process, one batch after another; what tests and the demo use;
- ``processes``: a pool of worker processes on this machine, one per core by default
  (``engine/processes.py``);
- ``ray``: Ray Data ``map_batches`` on a Ray cluster, one actor per worker that loads the
  stage's models once (``engine/ray_engine.py``; ``pip install "newsprism[ray]"``).

The orchestrator (``pipeline.py``) decides what runs where: per-article stages (annotate,
story features) and per-story analysis go through the engine; story placement stays one
ordered step, and only the orchestrator writes to the store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from newsprism.registries import engines
from newsprism.stages import Stage

# Called as (done, total) while a stage runs.
StageProgress = Callable[[int, int], None]


@dataclass(frozen=True)
class EngineSettings:
    name: str = "local"  # a registered engine: local or ray
    address: str | None = None  # ray: a cluster's address ("auto", "ray://host:10001"), or a new
    # local cluster when None
    # local: processes for the parse (annotate; default 1, the CLI's one per core);
    # processes: worker processes (default: one per core); ray: actors per stage (default:
    # the cluster's CPUs, or GPUs)
    workers: int | None = None
    gpus_per_worker: float = 0.0  # ray: GPUs each model-loading actor takes (e.g. 0.25)


class Engine(Protocol):
    name: str

    def map(self, stage: Stage, items: Sequence, progress: StageProgress | None = None) -> list:
        """``stage.run`` over ``items`` in batches of ``stage.batch_size``: one output per
        item, in order."""
        ...

    def close(self) -> None:
        """Release what the engine started (a local Ray cluster); a no-op for ``local``."""
        ...


class EngineError(RuntimeError):
    """An engine that cannot start: unknown name, Ray not installed, no cluster at address."""


def batches(stage: Stage, items: Sequence) -> list[list]:
    """``items`` cut into the stage's batches, in order."""
    size = max(1, stage.batch_size)
    return [list(items[start:start + size]) for start in range(0, len(items), size)]


@engines.register("local")
class LocalEngine:
    """Runs each batch in this process: models load once per process (stage ``warm_up``)."""

    name = "local"

    def __init__(self, settings: EngineSettings | None = None) -> None:
        self.settings = settings or EngineSettings()

    def map(self, stage: Stage, items: Sequence, progress: StageProgress | None = None) -> list:
        report = progress or (lambda done, total: None)
        outputs: list = []
        if not items:
            return outputs
        stage.warm_up()
        stream = getattr(stage, "stream", None)
        if stream is not None:  # the stage reads its whole input as one stream (annotate)
            for output in stream(items):
                outputs.append(output)
                report(len(outputs), len(items))
            return outputs
        for batch in batches(stage, items):
            outputs.extend(stage.run(batch))
            report(len(outputs), len(items))
        return outputs

    def close(self) -> None:
        return None


def make_engine(settings: EngineSettings | None = None) -> Engine:
    """The registered engine ``settings.name``, started. Raises EngineError for an unknown
    name or one that cannot start."""
    settings = settings or EngineSettings()
    if settings.name == "ray":
        from newsprism.engine import ray_engine  # noqa: F401 - registers "ray" on import
    elif settings.name == "processes":
        from newsprism.engine import processes  # noqa: F401 - registers "processes"
    try:
        factory = engines.get(settings.name)
    except Exception as exc:  # catalogue.RegistryError: unknown name
        known = ", ".join(sorted(engines.get_all()))
        raise EngineError(f"unknown engine {settings.name!r}: use one of {known}") from exc
    return factory(settings)
