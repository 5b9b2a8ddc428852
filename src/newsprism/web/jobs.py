"""Long work off the request: adding articles (ingest, stories, analysis) runs as a job.

One worker thread runs jobs in order: the models are loaded once per process and analysing two
stories at once on a laptop only makes both slower. A job's progress (stage, done of total,
each stored or failed item) is plain data under a lock; ``/jobs/{id}.json`` serves it and the
job page polls that. Jobs live in memory: a restarted server forgets its job list, never the
articles, which are committed to the store as each ingest batch completes.
"""

from __future__ import annotations

import threading
import traceback
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any

from newsprism.store.ingest import now_iso

KEEP_JOBS = 200  # finished jobs kept for their pages; older ones are forgotten
MAX_ITEMS_SHOWN = 500  # per-item lines kept per job (counts stay exact)


@dataclass
class Job:
    id: str
    kind: str  # "add" or "analyse"
    description: str
    state: str = "queued"  # queued, running, done, failed
    stage: str = ""
    done: int = 0
    total: int = 0
    created_at: str = field(default_factory=now_iso)
    finished_at: str | None = None
    stored: int = 0
    known: int = 0
    failed: int = 0
    warned: int = 0  # items read with a warning (an export's ambiguous date column)
    items: list[dict[str, str]] = field(default_factory=list)  # {event, source, detail}
    stories: list[str] = field(default_factory=list)  # stories touched
    analysed: list[str] = field(default_factory=list)  # stories analysed
    error: str | None = None


class Progress:
    """What a running job reports through; every write takes the runner's lock."""

    def __init__(self, job: Job, lock: threading.Lock) -> None:
        self.job, self._lock = job, lock

    def stage(self, stage: str, done: int, total: int) -> None:
        with self._lock:
            self.job.stage, self.job.done, self.job.total = stage, done, total

    def item(self, event: str, source: str, detail: str) -> None:
        with self._lock:
            if event == "stored":
                self.job.stored += 1
            elif event == "known":
                self.job.known += 1
            elif event == "warning":
                self.job.warned += 1
            else:
                self.job.failed += 1
            if len(self.job.items) < MAX_ITEMS_SHOWN:
                self.job.items.append({"event": event, "source": source, "detail": detail})

    def record(self, **values: Any) -> None:
        with self._lock:
            for key, value in values.items():
                setattr(self.job, key, value)


Work = Callable[[Progress], None]


class JobRunner:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsprism-job")

    def submit(self, kind: str, description: str, work: Work) -> Job:
        job = Job(id=f"job_{uuid.uuid4().hex[:12]}", kind=kind, description=description)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP_JOBS:
                self._jobs.popitem(last=False)
        self._pool.submit(self._run, job, work)
        return job

    def _run(self, job: Job, work: Work) -> None:
        progress = Progress(job, self._lock)
        progress.record(state="running")
        try:
            work(progress)
            progress.record(state="done", finished_at=now_iso())
        except Exception as exc:  # noqa: BLE001 - a failed job is reported, the server goes on
            traceback.print_exc()
            progress.record(state="failed", error=f"{type(exc).__name__}: {exc}",
                            finished_at=now_iso())

    def get(self, job_id: str) -> dict[str, Any] | None:
        with self._lock:
            job = self._jobs.get(job_id)
            return asdict(job) if job else None

    def recent(self, limit: int = 50) -> list[dict[str, Any]]:
        with self._lock:
            jobs = list(self._jobs.values())[-limit:]
            return [asdict(j) for j in reversed(jobs)]

    def wait(self, timeout: float | None = None) -> None:
        """Block until every submitted job has finished (tests, and a clean shutdown)."""
        self._pool.submit(lambda: None).result(timeout=timeout)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
