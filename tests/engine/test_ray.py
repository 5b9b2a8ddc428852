"""The Ray engine against a real local cluster (two CPUs, no dashboard). Needs the ``ray``
extra; CI installs it (``NEWSPRISM_REQUIRE_RAY=1`` turns a missing Ray into a failure)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

if os.environ.get("NEWSPRISM_REQUIRE_RAY") != "1":
    pytest.importorskip("ray", reason='Ray not installed: pip install "newsprism[ray]"')
import ray  # noqa: E402
import ray.cloudpickle  # noqa: E402

from newsprism.engine import EngineSettings, make_engine  # noqa: E402

pytestmark = pytest.mark.slow  # each module run starts a Ray cluster (about 15 s)

# The test stages travel to the workers by value (the workers cannot import tests/).
ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="module")
def cluster():
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False,
             object_store_memory=512 * 2**20, logging_level="ERROR")
    yield
    ray.shutdown()


@dataclass(frozen=True)
class Square:
    batch_size: int = 2
    name: str = "square"

    def warm_up(self) -> None:
        return None

    def run(self, batch):
        return [x * x for x in batch]


@dataclass(frozen=True)
class DiesOnce(Square):
    """Kills the worker process it runs in, the first time any worker runs it."""

    marker: str = ""

    def run(self, batch):
        if not os.path.exists(self.marker):
            Path(self.marker).write_text(str(os.getpid()))
            os._exit(1)  # a crash, not an exception: the actor process is gone
        return super().run(batch)


def test_outputs_come_back_one_per_input_in_input_order(cluster):
    engine = make_engine(EngineSettings(name="ray", workers=2))
    seen = []
    outputs = engine.map(Square(), list(range(25)), lambda d, t: seen.append((d, t)))
    assert outputs == [x * x for x in range(25)]
    assert seen[-1] == (25, 25)
    engine.close()
    assert ray.is_initialized()  # a cluster the engine joined is not its to shut down


def test_a_killed_worker_loses_and_duplicates_nothing(cluster, tmp_path):
    marker = tmp_path / "killed"
    engine = make_engine(EngineSettings(name="ray", workers=2))
    outputs = engine.map(DiesOnce(marker=str(marker)), list(range(40)))
    assert marker.exists()  # a worker did die mid-run
    assert outputs == [x * x for x in range(40)]


@dataclass(frozen=True)
class AlwaysDies(Square):
    def run(self, batch):
        os._exit(1)


def test_an_input_that_kills_every_worker_ends_the_run_with_an_error_not_a_loop(cluster):
    from newsprism.engine import EngineError

    engine = make_engine(EngineSettings(name="ray", workers=1))
    with pytest.raises(EngineError, match="failed on the Ray cluster after 3 retries"):
        engine.map(AlwaysDies(), [1, 2])


ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "examples" / "wagner", ROOT / "tests/fixtures/cases/11-transliteration-soleimani",
           ROOT / "tests/fixtures/cases/10-quantities-in-words"]


def _kill_one_stage_worker(stop, killed: list[int]) -> None:
    """SIGKILL the first Ray Data stage worker seen alive for half a second (found by its
    process title in /proc), then stop."""
    import signal
    import time

    first_seen: dict[int, float] = {}
    while not stop.is_set() and not killed:
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                title = (proc / "cmdline").read_bytes()
            except OSError:
                continue
            if b"MapWorker(MapBatches(_StageActor))" not in title:
                continue
            pid = int(proc.name)
            seen = first_seen.setdefault(pid, time.monotonic())
            if time.monotonic() - seen > 0.5:
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                break
        time.sleep(0.1)


def _ids(result) -> list:
    return sorted((run.story.id, run.story.article_ids,
                   sorted(c.id for c in run.analysis.claims),
                   sorted(e.id for e in run.analysis.entities),
                   sorted(f.id for f in run.analysis.alignment.facts),
                   sorted(c.id for c in run.analysis.alignment.conflicts))
                  for run in result.stories)


def test_ray_gives_the_local_result_even_when_a_worker_is_killed_mid_run(cluster, tmp_path):
    import threading

    from newsprism.pipeline import PipelineOptions, analyze
    from newsprism.store import open_store

    local = analyze(SOURCES, tmp_path / "local", options=PipelineOptions())
    stop, killed = threading.Event(), []
    killer = threading.Thread(target=_kill_one_stage_worker, args=(stop, killed), daemon=True)
    killer.start()
    try:
        remote = analyze(SOURCES, tmp_path / "ray", options=PipelineOptions(
            engine=EngineSettings(name="ray", workers=2)))
    finally:
        stop.set()
        killer.join()
    assert killed, "no stage worker was seen to kill"
    assert len(local.stories) >= 3
    assert _ids(remote) == _ids(local)
    with open_store(tmp_path / "local" / "newsprism.db") as a, \
            open_store(tmp_path / "ray" / "newsprism.db") as b:
        assert b.article_ids() == a.article_ids()
        assert sorted(s.id for s in b.stories()) == sorted(s.id for s in a.stories())
