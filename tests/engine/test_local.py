from __future__ import annotations

from dataclasses import dataclass

import pytest

from newsprism.engine import EngineError, EngineSettings, LocalEngine, make_engine
from newsprism.registries import engines


@dataclass(frozen=True)
class Square:
    """A model-free stage: records its batches so the test can see how it was called."""

    batch_size: int = 3
    name: str = "square"

    def warm_up(self) -> None:
        return None

    def run(self, batch):
        CALLS.append(list(batch))
        return [x * x for x in batch]


CALLS: list[list[int]] = []


def test_local_runs_batches_of_the_stage_size_in_order_and_reports_progress():
    CALLS.clear()
    seen = []
    outputs = LocalEngine().map(Square(), list(range(7)), lambda d, t: seen.append((d, t)))
    assert outputs == [x * x for x in range(7)]
    assert CALLS == [[0, 1, 2], [3, 4, 5], [6]]
    assert seen == [(3, 7), (6, 7), (7, 7)]


def test_nothing_to_do_loads_nothing():
    class Loud(Square):
        def warm_up(self):
            raise AssertionError("warmed up for nothing")

    assert LocalEngine().map(Loud(), []) == []


def test_unknown_engines_are_refused_with_the_known_names():
    with pytest.raises(EngineError, match="unknown engine 'spark'.*local"):
        make_engine(EngineSettings(name="spark"))


def test_an_engine_registered_from_outside_is_used_by_name():
    @engines.register("test-recording")
    class Recording(LocalEngine):
        name = "test-recording"

    engine = make_engine(EngineSettings(name="test-recording"))
    assert isinstance(engine, Recording)
    assert engine.map(Square(), [2]) == [4]
