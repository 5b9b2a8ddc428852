"""The processes engine: a stage's batches on a pool of worker processes of this machine.

For one machine with several cores and no cluster: ``--engine processes [--workers N]`` (default
one per core). Each worker is a fresh interpreter (``spawn``: no fork of a parent that may hold
threads or models), keeps every stage it is sent, warmed up once, for the pool's life, and
runs its torch on ``cores / workers`` threads so the workers do not fight over cores. Batches
come back in input order. Each worker loads its own models, so memory grows with the workers.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

from newsprism.engine import EngineError, EngineSettings, StageProgress, batches
from newsprism.registries import engines
from newsprism.stages import Stage

_stages: dict[bytes, Stage] = {}  # in a worker: each stage it was sent, warmed up


def _start_worker(threads: int) -> None:
    """Each worker's first step: its share of the cores, before torch or BLAS start threads."""
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[name] = str(threads)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ["TOKENIZERS_PARALLELISM"] = "false"


def _run_batch(stage_blob: bytes, batch: list) -> list:
    stage = _stages.get(stage_blob)
    if stage is None:
        import torch

        torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))
        stage = pickle.loads(stage_blob)
        stage.warm_up()
        _stages[stage_blob] = stage
    return stage.run(batch)


@engines.register("processes")
class ProcessEngine:
    name = "processes"

    def __init__(self, settings: EngineSettings | None = None) -> None:
        self.settings = settings or EngineSettings(name="processes")
        cores = os.cpu_count() or 1
        self.workers = self.settings.workers or cores
        self._threads = max(1, cores // self.workers)
        self._pool: ProcessPoolExecutor | None = None

    @property
    def pool(self) -> ProcessPoolExecutor:
        if self._pool is None:  # started on first use: a run with nothing to do starts none
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=get_context("spawn"), initializer=_start_worker,
                initargs=(self._threads,))
        return self._pool

    def map(self, stage: Stage, items: Sequence, progress: StageProgress | None = None) -> list:
        report = progress or (lambda done, total: None)
        if not items:
            return []
        blob = pickle.dumps(stage)
        outputs: list = []
        try:
            futures = [self.pool.submit(_run_batch, blob, batch)
                       for batch in batches(stage, items)]
            for future in futures:  # in input order; later batches keep running meanwhile
                outputs.extend(future.result())
                report(len(outputs), len(items))
        except BrokenProcessPool as exc:
            self.close()
            raise EngineError(f"stage {stage.name}: a worker process died ({exc}); "
                              "fewer --workers use less memory") from exc
        return outputs

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
