"""Speed of ``newsprism analyze`` on real articles: articles/s and words/s overall and stage by
stage, and peak memory, counted over every story of the run; and, in the same run, the floor:
a bare spaCy parse of the same texts (the shipped pipeline, one process, model loading
included), so the ratio of the two is the headline figure (issue 20). Input: the first N
articles (with a body) of ../shared/data/allsides, written as text files with metadata
sidecars, exactly as a user would hand them over.

    python bench/speed.py --articles 200
    python bench/speed.py --articles 50 --topic coronavirus --month 2020-03 --one-story
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import platform
import resource
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "allsides"


def write_articles(folder: Path, count: int, source: Path, topic: str | None = None,
                   month: str | None = None) -> int:
    written = 0
    with gzip.open(source, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if (topic and row.get("topic") != topic) or (
                    month and not str(row.get("date", "")).startswith(month)):
                continue
            body = (row.get("content_original") or row.get("content") or "").strip()
            if len(body) < 200:
                continue
            stem = f"{written:04d}_{row['ID']}"
            (folder / f"{stem}.txt").write_text(body, encoding="utf-8")
            meta = {"outlet": row.get("source"), "title": row.get("title")}
            # Messy dates in the set stay unknown, as a user's would.
            with contextlib.suppress(ValueError):
                meta["published"] = date.fromisoformat(str(row.get("date", ""))[:10]).isoformat()
            (folder / f"{stem}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
            written += 1
            if written == count:
                break
    return written


def spacy_floor(texts: list[str]) -> float:
    """Seconds for the shipped spaCy pipeline to load and parse ``texts`` in one process: the
    least any analysis of them must cost."""
    import spacy

    from newsprism.annotate import DEFAULT_SPACY_MODEL

    began = time.perf_counter()
    nlp = spacy.load(DEFAULT_SPACY_MODEL)
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - began


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pss_mb(pid: int) -> float:
    """Proportional set size: pages shared with forked children counted once over the tree."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def tree_pss_mb() -> float:
    """This process and its child processes (the parse workers), in MB of PSS."""
    me = os.getpid()
    total = _pss_mb(me)
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1]) == me:
                    total += _pss_mb(int(proc.name))
            except (OSError, IndexError, ValueError):
                continue
    return total


class TreeMemory:
    """The peak of ``tree_pss_mb`` while a block runs, sampled every 0.2 s."""

    def __enter__(self) -> TreeMemory:
        self.peak, self._stop = 0.0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self.peak = max(self.peak, tree_pss_mb())

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def largest_child_rss_mb() -> float:
    """The largest finished worker process's peak (the processes engine's workers)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--data", type=Path, default=DATA / "allsides-12k.jsonl.gz")
    parser.add_argument("--topic", help="only articles of this AllSides topic")
    parser.add_argument("--month", help="only articles dated in this month (YYYY-MM)")
    parser.add_argument("--engine", default="local", help="local, processes or ray")
    parser.add_argument("--workers", type=int, default=None,
                        help="local: parse processes (default: one per core, as the CLI); "
                        "processes/ray: workers")
    parser.add_argument("--one-story", action="store_true",
                        help="analyse the input as one story (the alignment budget's case)")
    parser.add_argument("--show-conflicts", type=int, default=0, metavar="N",
                        help="also print the N highest-scoring conflicts, to judge precision")
    args = parser.parse_args()

    from newsprism.engine import EngineSettings
    from newsprism.pipeline import PipelineOptions, analyze

    with tempfile.TemporaryDirectory() as tmp:
        inputs, out = Path(tmp) / "in", Path(tmp) / "out"
        inputs.mkdir()
        count = write_articles(inputs, args.articles, args.data, args.topic, args.month)
        texts = [p.read_text(encoding="utf-8") for p in sorted(inputs.glob("*.txt"))]
        floor = spacy_floor(texts)
        workers = args.workers or (os.cpu_count() if args.engine == "local" else None)
        engine = EngineSettings(name=args.engine, workers=workers)
        began = time.perf_counter()
        with TreeMemory() as memory:
            result = analyze([inputs], out,
                             options=PipelineOptions(engine=engine, one_story=args.one_story))
        total = time.perf_counter() - began
        warm = None
        if args.engine == "local":  # again, with every model already loaded in this process
            began = time.perf_counter()
            analyze([inputs], Path(tmp) / "again",
                    options=PipelineOptions(engine=engine, one_story=args.one_story))
            warm = time.perf_counter() - began
    words = sum(len(t.split()) for t in texts)
    timings = result.timings
    scope = f" ({args.topic} {args.month or ''})" if args.topic else ""
    print(f"## analyze --engine {args.engine} --workers {workers} on {count} allsides articles"
          f"{scope} "
          f"({words:,} words, {len(result.stories)} stories), "
          f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, CPU only\n")
    print("| stage | seconds | articles/s | share |")
    print("|---|---:|---:|---:|")
    for stage, seconds in timings.items():
        rate = count / seconds if seconds else float("inf")
        print(f"| {stage} | {seconds:.1f} | {rate:.1f} | {seconds / total:.0%} |")
    print(f"| **total** (incl. model loading) | {total:.1f} | {count / total:.2f} | 100% |")
    if warm is not None:
        print(f"| total, models already loaded (a second run) | {warm:.1f} | {count / warm:.2f} "
              "| |")
    print(f"| spaCy parse only, same texts (incl. loading) | {floor:.1f} | {count / floor:.2f} "
          "| |")
    print(f"\n**{total / floor:.1f}x a bare spaCy parse**; {words / total:,.0f} words/s "
          f"({words / floor:,.0f} for the parse alone)"
          + (f"; {words / warm:,.0f} words/s with the models loaded" if warm else ""))
    analyses = [run.analysis for run in result.stories]
    largest = (f", largest worker process {largest_child_rss_mb():,.0f} MB"
               if args.engine == "processes" else "")
    print(f"\npeak memory: {memory.peak:,.0f} MB PSS over the process and its children; max "
          f"RSS of this process {peak_rss_mb():,.0f} MB{largest}; over all stories "
          f"{sum(len(a.claims) for a in analyses):,} claims, "
          f"{sum(len(a.entities) for a in analyses):,} entities, "
          f"{sum(len(a.alignment.facts) for a in analyses):,} facts, "
          f"{sum(len(a.alignment.conflicts) for a in analyses)} conflicts, "
          f"{len(result.errors)} errors")
    analysis = result.analysis
    slowest = max(timings, key=timings.get)
    print(f"slowest stage: {slowest} ({timings[slowest]:.1f} s)")
    claims = {c.id: c for c in analysis.claims}
    for conflict in analysis.alignment.conflicts[: args.show_conflicts]:
        print(f"\n{conflict.kind} {conflict.score:.2f}: {conflict.reason}")
        for side in (conflict.claim_a, conflict.claim_b):
            print(f"  [{claims[side].article_id}] {claims[side].text[:200]}")


if __name__ == "__main__":
    main()
