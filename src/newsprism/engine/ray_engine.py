"""The Ray engine: a stage's batches as Ray Data ``map_batches`` over an actor pool.

Each actor holds one stage and calls its ``warm_up()`` once, so a worker loads its models once
and keeps them for every batch it is sent (Ray Data's stateful transform). Items travel as
pickled bytes with their input position, and come back in input order. Ray Data retries a
batch whose actor died (actors restart; ``max_task_retries``), and the orchestrator is the one
writer to the store, so a killed worker neither loses nor duplicates anything.

Needs ``pip install "newsprism[ray]"`` (Ray Data 2.60). Without an address a local cluster is
started on this machine's CPUs and shut down by ``close()``; with one (``auto``, ``host:6379``,
``ray://host:10001``) the run joins that cluster, whose nodes must have newsprism installed.
"""

from __future__ import annotations

import logging
import os
import pickle
import warnings
from collections.abc import Sequence

import numpy as np

from newsprism.engine import EngineError, EngineSettings, StageProgress
from newsprism.registries import engines
from newsprism.stages import Stage

_MISSING = object()

# A restarted actor loads its models again; a batch whose actor died is sent again. Bounded
# (Ray Data's default is forever), so an item that kills every worker it reaches ends the run
# with an error instead of looping. Ray 2.60 takes these only as ``**ray_remote_args``, which
# it marks deprecated without a named replacement yet: hence the pin below 2.64.
RETRIES = 3


class _StageActor:
    """One Ray actor: a stage, warmed up once, run on every batch it receives."""

    def __init__(self, stage: Stage) -> None:
        self.stage = stage
        stage.warm_up()

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        items = [pickle.loads(blob) for blob in batch["item"]]
        outputs = self.stage.run(items)
        if len(outputs) != len(items):
            raise RuntimeError(f"stage {self.stage.name} returned {len(outputs)} outputs "
                               f"for {len(items)} inputs")
        blobs = np.empty(len(outputs), dtype=object)
        blobs[:] = [pickle.dumps(output, protocol=pickle.HIGHEST_PROTOCOL)
                    for output in outputs]
        return {"index": np.asarray(batch["index"]), "output": blobs}


@engines.register("ray")
class RayEngine:
    name = "ray"

    def __init__(self, settings: EngineSettings | None = None) -> None:
        self.settings = settings or EngineSettings(name="ray")
        try:
            import ray
            import ray.data
        except ImportError as exc:
            raise EngineError('the ray engine needs Ray: pip install "newsprism[ray]"') from exc
        self._ray = ray
        self._started = False
        if not ray.is_initialized():
            self._connect()
            self._started = True
        for name in ("ray", "ray.data"):  # its INFO lines would tear the CLI's bars
            logging.getLogger(name).setLevel(logging.WARNING)
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False  # the CLI draws its own bars
        context.verbose_stats_logs = False

    def _connect(self) -> None:
        address = self.settings.address
        common = {"log_to_driver": False, "logging_level": "ERROR",
                  "configure_logging": True}
        try:
            if address:
                self._ray.init(address=address, **common)
            else:  # a cluster of this machine only, gone at close()
                self._ray.init(address="local", num_cpus=os.cpu_count() or 1,
                               include_dashboard=False, **common)
        except Exception as exc:  # ConnectionError, RuntimeError, ValueError from Ray
            where = address or "a new local cluster"
            hint = ""
            if address and os.environ.get("RAY_AUTH_MODE") != "token":
                hint = (" (a cluster started with `ray start` checks a token: set "
                        "RAY_AUTH_MODE=token, with the cluster's token in ~/.ray/auth_token "
                        "or RAY_AUTH_TOKEN; docs/scale.md)")
            raise EngineError(f"cannot start Ray on {where}: {exc}{hint}") from exc

    def workers(self) -> int:
        """Actors per stage: the setting, else one per CPU (or per GPU share) of the cluster."""
        if self.settings.workers:
            return self.settings.workers
        resources = self._ray.cluster_resources()
        if self.settings.gpus_per_worker > 0:
            return max(1, int(resources.get("GPU", 0) / self.settings.gpus_per_worker))
        return max(1, int(resources.get("CPU", 1)))

    def map(self, stage: Stage, items: Sequence, progress: StageProgress | None = None) -> list:
        report = progress or (lambda done, total: None)
        if not items:
            return []
        size = max(1, stage.batch_size)
        rows = [{"index": i, "item": pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)}
                for i, item in enumerate(items)]
        # Enough blocks to keep every actor busy, no more than one per batch.
        workers = self.workers()
        blocks = max(1, min(-(-len(items) // size), workers * 4))
        workers = min(workers, blocks)
        dataset = self._ray.data.from_items(rows, override_num_blocks=blocks)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*ray_remote_args.*deprecated")
            mapped = dataset.map_batches(
                _StageActor, fn_constructor_kwargs={"stage": stage}, batch_size=size,
                batch_format="numpy", compute=self._ray.data.ActorPoolStrategy(size=workers),
                num_gpus=self.settings.gpus_per_worker or None,
                max_restarts=RETRIES, max_task_retries=RETRIES)
        outputs = self._collect(mapped, stage, len(items), report)
        missing = [i for i, output in enumerate(outputs) if output is _MISSING]
        if missing:
            raise EngineError(f"stage {stage.name}: no output for {len(missing)} of "
                              f"{len(items)} inputs")
        return outputs

    def _collect(self, mapped, stage: Stage, total: int, report: StageProgress) -> list:
        """The outputs by input position; an output delivered twice (a retried batch) is
        kept once."""
        outputs: list = [_MISSING] * total
        done = 0
        try:
            for batch in mapped.iter_batches(batch_size=None, batch_format="numpy"):
                for index, blob in zip(batch["index"], batch["output"], strict=True):
                    if outputs[int(index)] is _MISSING:
                        outputs[int(index)] = pickle.loads(blob)
                        done += 1
                report(done, total)
        except self._ray.exceptions.RayError as exc:
            raise EngineError(f"stage {stage.name} failed on the Ray cluster after "
                              f"{RETRIES} retries: {exc}") from exc
        return outputs

    def close(self) -> None:
        if self._started and self._ray.is_initialized():
            self._ray.shutdown()
        self._started = False
