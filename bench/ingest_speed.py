"""Ingest throughput: the 12,000 AllSides articles (gzipped JSONL, messy dates) into SQLite and
into PostgreSQL, through the same code path as ``newsprism ingest``.

Each backend runs in a fresh child process so its peak memory is its own. Reported: articles/s,
peak RSS, how many publication dates were parsed (and from where: the date column, the URL),
near-duplicate / wire-copy links, errors, and the time of a second run over the same input
(everything already stored: the idempotent path).

    .venv/bin/python bench/ingest_speed.py                      # SQLite only
    .venv/bin/python bench/ingest_speed.py --pg "$(bash .ci/postgres.sh)"
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "allsides" / "allsides-12k.jsonl.gz"


def run_one(target: str, data: Path, limit: int | None) -> dict:
    from newsprism.ingest import ColumnMap, IngestOptions
    from newsprism.intake import ingest_into
    from newsprism.store import open_store

    source = data
    if limit:
        import gzip

        source = Path(tempfile.mkdtemp()) / "slice.jsonl"
        with gzip.open(data, "rt") as rows, source.open("w") as out:
            for _, line in zip(range(limit), rows, strict=False):
                out.write(line)
    options = IngestOptions(columns=ColumnMap(outlet="source"))
    with open_store(target) as store:
        began = time.perf_counter()
        report = ingest_into(store, [str(source)], options, batch_size=256)
        first = time.perf_counter() - began
        began = time.perf_counter()
        again = ingest_into(store, [str(source)], options, batch_size=256)
        second = time.perf_counter() - began
        articles = store.articles()
    peak_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)  # before the check
    date_sources = Counter(a.metadata_sources.get("published", "none") for a in articles)
    quality = link_quality(articles, report.links) if target.endswith(".db") else {}
    kinds = Counter(link.kind for link in report.links)
    return {
        "backend": "postgresql" if target.startswith("postgres") else "sqlite",
        "articles": report.stored, "seconds": round(first, 1),
        "articles_per_s": round(report.stored / first, 1),
        "rerun_seconds": round(second, 1), "rerun_known": again.known,
        "peak_rss_mb": peak_mb,
        "dates": dict(date_sources), "links": dict(kinds), "errors": len(report.errors),
        **quality,
    }


def link_quality(articles: list, links: list) -> dict:
    """The MinHash links against exact shingle containment over all pairs that share text
    (alignment's inverted index): how many true copies (exact containment >= 0.5 of the shorter
    text) the LSH index found, and how many of its links are true."""
    from newsprism.align.reuse import COPY_CONTAINMENT, find_reuse

    exact = {(r.article_a, r.article_b) for r in find_reuse(articles)
             if r.containment >= COPY_CONTAINMENT}
    found = {(link.article_a, link.article_b) for link in links}
    return {"exact_copies": len(exact), "links_true": len(found & exact),
            "links_total": len(found)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--pg", help="postgresql:// URL of an empty database to write into")
    parser.add_argument("--limit", type=int, help="only the first N rows")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # child process: one backend
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.data, args.limit)))
        return
    targets = [str(Path(tempfile.mkdtemp()) / "bench.db")] + ([args.pg] if args.pg else [])
    rows = []
    for target in targets:
        command = [sys.executable, __file__, "--one", target, "--data", str(args.data)]
        command += ["--limit", str(args.limit)] if args.limit else []
        out = subprocess.run(command, capture_output=True, text=True, check=True,
                             env={**os.environ, "HF_HUB_OFFLINE": "1"})
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"Input: {args.data.name}" + (f" (first {args.limit})" if args.limit else ""))
    print("\n| backend | articles | seconds | articles/s | peak RSS MB | dates parsed "
          "(column / URL / none) | near-dup / wire-copy links | errors | re-run s |")
    print("|---|---:|---:|---:|---:|---|---|---:|---:|")
    for r in rows:
        d, links = r["dates"], r["links"]
        print(f"| {r['backend']} | {r['articles']} | {r['seconds']} | {r['articles_per_s']} | "
              f"{r['peak_rss_mb']} | {d.get('column', 0)} / {d.get('url', 0)} / "
              f"{d.get('none', 0)} | {links.get('near_duplicate', 0)} / "
              f"{links.get('wire_copy', 0)} | {r['errors']} | {r['rerun_seconds']} |")
    for r in rows:
        if "exact_copies" in r:
            print(f"\nLinks vs exact 5-gram containment >= 0.5 over all article pairs: "
                  f"{r['links_true']} of {r['links_total']} links are true copies; they find "
                  f"{r['links_true']} of the {r['exact_copies']} true copies "
                  f"(recall {r['links_true'] / max(r['exact_copies'], 1):.3f}).")


if __name__ == "__main__":
    main()
