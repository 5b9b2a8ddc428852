"""The job runner: work runs off the request, its progress is readable while it runs, and a
failing job is reported without stopping the runner."""

from __future__ import annotations

import threading

from newsprism.web.jobs import JobRunner


def test_progress_is_visible_while_a_job_runs_and_final_when_it_ends():
    runner = JobRunner()
    gate, seen = threading.Event(), threading.Event()

    def work(progress):
        progress.stage("ingest", 1, 2)
        progress.item("stored", "a.txt", "art_1")
        progress.item("error", "b.txt", "file is empty")
        seen.set()
        gate.wait(5)
        progress.record(stories=["story_1"])

    job = runner.submit("add", "two files", work)
    assert seen.wait(5)
    running = runner.get(job.id)
    assert running["state"] == "running" and (running["done"], running["total"]) == (1, 2)
    assert (running["stored"], running["failed"]) == (1, 1)
    gate.set()
    runner.wait(5)
    done = runner.get(job.id)
    assert done["state"] == "done" and done["stories"] == ["story_1"] and done["finished_at"]
    assert [i["event"] for i in done["items"]] == ["stored", "error"]


def test_a_failing_job_is_reported_and_the_next_one_still_runs():
    runner = JobRunner()

    def broken(progress):
        raise RuntimeError("disk full")

    first = runner.submit("add", "broken", broken)
    second = runner.submit("add", "fine", lambda progress: None)
    runner.wait(5)
    assert runner.get(first.id)["state"] == "failed"
    assert "disk full" in runner.get(first.id)["error"]
    assert runner.get(second.id)["state"] == "done"
    assert [j["id"] for j in runner.recent()] == [second.id, first.id]
    assert runner.get("job_missing") is None
