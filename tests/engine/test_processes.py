"""The processes engine with real spawned workers, which import the test stages of this
module by name (the project root is put on their path)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsprism.engine import EngineError, EngineSettings, make_engine

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow  # spawned workers import torch and spaCy (seconds each)


@pytest.fixture(autouse=True)
def importable_tests(monkeypatch):
    """Spawned workers import this module by name: give them the project root on the path."""
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))


@dataclass(frozen=True)
class WhereAmI:
    """Returns, per item, the item and the process that ran it; counts its warm-ups."""

    batch_size: int = 3
    name: str = "where"

    def warm_up(self) -> None:
        os.environ["WARMED"] = str(int(os.environ.get("WARMED", "0")) + 1)

    def run(self, batch):
        return [(x, os.getpid(), os.environ["WARMED"], os.environ["OMP_NUM_THREADS"])
                for x in batch]


@dataclass(frozen=True)
class Dies:
    batch_size: int = 1
    name: str = "dies"

    def warm_up(self) -> None:
        return None

    def run(self, batch):
        os._exit(1)


def test_batches_run_in_worker_processes_warmed_once_and_come_back_in_order():
    engine = make_engine(EngineSettings(name="processes", workers=2))
    try:
        first = engine.map(WhereAmI(), list(range(30)))
        again = engine.map(WhereAmI(), list(range(6)))
    finally:
        engine.close()
    assert [x for x, *_ in first] == list(range(30))
    assert {pid for _, pid, *_ in first} - {os.getpid()}  # not this process
    assert all(pid != os.getpid() for _, pid, *_ in first + again)
    assert {warmed for *_, warmed, _ in first + again} == {"1"}  # once per worker
    threads = max(1, (os.cpu_count() or 1) // 2)
    assert {t for *_, t in first} == {str(threads)}  # the cores shared out


def test_a_worker_that_dies_ends_the_run_with_an_error():
    engine = make_engine(EngineSettings(name="processes", workers=1))
    with pytest.raises(EngineError, match="a worker process died"):
        engine.map(Dies(), [1])
    engine.close()


def test_the_analysis_on_worker_processes_equals_the_in_process_one(tmp_path):
    from newsprism.pipeline import PipelineOptions, analyze

    sources = [ROOT / "examples" / "wagner",
               ROOT / "tests" / "fixtures" / "cases" / "11-transliteration-soleimani"]
    local = analyze(sources, tmp_path / "local", options=PipelineOptions())
    spread = analyze(sources, tmp_path / "processes", options=PipelineOptions(
        engine=EngineSettings(name="processes", workers=2)))

    def ids(result):
        return sorted((r.story.id, sorted(c.id for c in r.analysis.claims),
                       sorted(f.id for f in r.analysis.alignment.facts),
                       sorted(c.id for c in r.analysis.alignment.conflicts))
                      for r in result.stories)

    assert len(local.stories) >= 2
    assert ids(spread) == ids(local)
