"""Speed of ``newsprism analyze`` on real articles: articles/s overall and stage by stage, and
peak memory. Input: the first N articles (with a body) of ../shared/data/allsides, written as
text files with metadata sidecars, exactly as a user would hand them over.

    python bench/speed.py --articles 200
    python bench/speed.py --articles 50 --topic coronavirus --month 2020-03   # one story's size
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


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--data", type=Path, default=DATA / "allsides-12k.jsonl.gz")
    parser.add_argument("--topic", help="only articles of this AllSides topic")
    parser.add_argument("--month", help="only articles dated in this month (YYYY-MM)")
    parser.add_argument("--show-conflicts", type=int, default=0, metavar="N",
                        help="also print the N highest-scoring conflicts, to judge precision")
    args = parser.parse_args()

    from newsprism.pipeline import analyze

    with tempfile.TemporaryDirectory() as tmp:
        inputs, out = Path(tmp) / "in", Path(tmp) / "out"
        inputs.mkdir()
        count = write_articles(inputs, args.articles, args.data, args.topic, args.month)
        began = time.perf_counter()
        result = analyze([inputs], out)
        total = time.perf_counter() - began
        words = sum(len(a.text.split()) for a in result.analysis.articles)
    timings = result.timings
    scope = f" ({args.topic} {args.month or ''})" if args.topic else ""
    print(f"## analyze on {count} allsides articles{scope} ({words:,} words), "
          f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, CPU only\n")
    print("| stage | seconds | articles/s | share |")
    print("|---|---:|---:|---:|")
    for stage, seconds in timings.items():
        rate = count / seconds if seconds else float("inf")
        print(f"| {stage} | {seconds:.1f} | {rate:.1f} | {seconds / total:.0%} |")
    print(f"| **total** (incl. model loading) | {total:.1f} | {count / total:.2f} | 100% |")
    analysis = result.analysis
    print(f"\npeak memory (max RSS): {peak_rss_mb():,.0f} MB; "
          f"{len(analysis.claims):,} claims, {len(analysis.entities):,} entities, "
          f"{len(analysis.alignment.facts):,} facts, {len(analysis.alignment.conflicts)} "
          f"conflicts, {len(analysis.errors)} errors")
    slowest = max(timings, key=timings.get)
    print(f"slowest stage: {slowest} ({timings[slowest]:.1f} s)")
    claims = {c.id: c for c in analysis.claims}
    for conflict in analysis.alignment.conflicts[: args.show_conflicts]:
        print(f"\n{conflict.kind} {conflict.score:.2f}: {conflict.reason}")
        for side in (conflict.claim_a, conflict.claim_b):
            print(f"  [{claims[side].article_id}] {claims[side].text[:200]}")


if __name__ == "__main__":
    main()
