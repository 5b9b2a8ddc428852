"""Scale-out: ``newsprism analyze`` with ``--engine local``, ``processes`` and ``ray`` on the
same articles, each as a whole process (model loading and, for Ray, cluster start included): wall
seconds, articles/s, per-stage seconds, peak memory of the whole process tree, and whether
both give the same stories, facts and conflicts (ids). With ``--multinode``, also a two-node
Ray cluster on this host (``ray start --head`` + a second ``ray start --address``), joined
with ``--ray-address``, as a user would run one. Ends with the projected time for 1M articles
on N nodes from the measured rates, assumptions printed with it.

Input: the first N AllSides articles with a body, as text files with sidecars (bench/speed.py).

    python bench/scale.py --articles 2000 --multinode
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed import DATA, write_articles  # noqa: E402

BIN = Path(sys.executable).parent
PAGE = os.sysconf("SC_PAGE_SIZE")


def session_rss_mb(sid: int) -> float:
    """Resident memory of every process in session ``sid`` (the run and all it started)."""
    total = 0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) == sid:  # field 6 of stat: the session id
                total += int((proc / "statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total / 2**20


def run(label: str, command: list[str]) -> dict:
    """Run one analyze; sample its process tree's memory while it runs."""
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, start_new_session=True,
                               env={**os.environ, "HF_HUB_OFFLINE": "1", "COLUMNS": "200"})
    peak = [0.0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], session_rss_mb(process.pid))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    sampler.join()
    seconds = time.perf_counter() - began
    if process.returncode != 0:
        raise SystemExit(f"{label} failed ({process.returncode}):\n{output[-3000:]}")
    stages = dict(re.findall(r"(\w+) ([\d.]+)s", output.split("time:", 1)[-1].split("\n")[0]))
    return {"label": label, "seconds": seconds, "peak_mb": peak[0],
            "stages": {k: float(v) for k, v in stages.items()}}


def summary(out: Path) -> dict:
    """Stories, and per story its facts and conflicts, from the written reports."""
    index = json.loads((out / "index.json").read_text())
    found = {}
    for story in index["stories"]:
        report = json.loads((out / story["report"]).read_text())
        found[story["id"]] = (sorted(f["id"] for f in report["facts"]),
                              sorted(c["id"] for c in report["conflicts"]))
    return found


def start_two_nodes(port: int) -> None:
    """A head and a worker node, each of one CPU; Ray 2.60's `ray start` checks a token, so
    every process that joins (the second node, newsprism) runs with RAY_AUTH_MODE=token."""
    os.environ["RAY_AUTH_MODE"] = "token"
    ray = str(BIN / "ray")
    common = ["--num-cpus", "1", "--disable-usage-stats"]
    subprocess.run([ray, "start", "--head", f"--port={port}", "--include-dashboard=false",
                    *common], check=True, capture_output=True)
    subprocess.run([ray, "start", f"--address=127.0.0.1:{port}", *common], check=True,
                   capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--data", type=Path, default=DATA / "allsides-12k.jsonl.gz")
    parser.add_argument("--multinode", action="store_true",
                        help="also run on a two-node cluster started on this host")
    parser.add_argument("--port", type=int, default=6390)
    args = parser.parse_args()

    newsprism = str(BIN / "newsprism")
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        count = write_articles(inputs, args.articles, args.data)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in inputs.glob("*.txt"))
        runs, summaries = [], {}
        plans = [("local", ["--engine", "local"]), ("processes", ["--engine", "processes"]),
                 ("ray, local cluster", ["--engine", "ray"])]
        if args.multinode:
            plans.append(("ray, 2 nodes on this host",
                          ["--engine", "ray", "--ray-address", f"127.0.0.1:{args.port}"]))
        for label, flags in plans:
            out = Path(tmp) / re.sub(r"\W+", "-", label)
            if "2 nodes" in label:
                start_two_nodes(args.port)
            try:
                runs.append(run(label, [newsprism, "analyze", str(inputs), "--out", str(out),
                                        *flags]))
            finally:
                if "2 nodes" in label:
                    subprocess.run([str(BIN / "ray"), "stop", "--force"], capture_output=True)
                    os.environ.pop("RAY_AUTH_MODE", None)
            summaries[label] = summary(out)
            shutil.rmtree(out)
    print_table(runs, summaries, count, words)
    project(runs[0], count)


def print_table(runs: list[dict], summaries: dict, count: int, words: int) -> None:
    print(f"## analyze --engine local, processes, ray: {count} AllSides articles "
          f"({words:,} words), {os.cpu_count()} cores, CPU only\n")
    stages = ["ingest", "annotate", "stories", "align", "framing", "publish", "report"]
    print("| engine | seconds | articles/s | peak RSS (tree) | " + " | ".join(stages) +
          " | same stories, facts, conflicts as local |")
    print("|---|---:|---:|---:|" + "---:|" * len(stages) + "---|")
    reference = summaries[runs[0]["label"]]
    for r in runs:
        same = summaries[r["label"]] == reference
        peak = f"{r['peak_mb']:,.0f} MB" if "2 nodes" not in r["label"] else "n/a (ray start)"
        cells = " | ".join(f"{r['stages'].get(s, 0):.0f}" for s in stages)
        print(f"| {r['label']} | {r['seconds']:.0f} | {count / r['seconds']:.2f} | {peak} | "
              f"{cells} | {'yes' if same else 'NO'} |")
    stories = len(reference)
    facts = sum(len(f) for f, _ in reference.values())
    print(f"\n{stories} stories, {facts} facts. Stage seconds as the CLI reports them: for "
          "ray, annotate and stories are wall time on the driver, align and framing are "
          "summed over workers (publish: the checked JSON report, built where the story is "
          "analysed; report: files and store, on the driver).")


def project(local: dict, count: int, nodes=(1, 10, 50), cores: int = 16) -> None:
    """1M articles on N nodes of ``cores`` CPUs, from the local run's per-stage seconds."""
    per_article = {k: v / count for k, v in local["stages"].items()}
    serial = ["ingest", "report"]  # the driver: reading, placement, the one store writer
    parallel = [k for k in per_article if k not in serial]
    million = 1_000_000
    print(f"\n### Projection: 1M articles (from the local run, {count} articles, 1 core's "
          "worth per stage)\n")
    print("| nodes × cores | parallel stages | driver (serial) | total |")
    print("|---|---:|---:|---:|")
    serial_h = sum(per_article.get(k, 0) for k in serial) * million / 3600
    for n in nodes:
        work = sum(per_article[k] for k in parallel) * million / 3600
        # The local run used 2 cores only partly in parallel: count its seconds as 1 core's.
        parallel_h = work / (n * cores)
        print(f"| {n} × {cores} | {parallel_h:.1f} h | {serial_h:.1f} h | "
              f"{parallel_h + serial_h:.1f} h |")
    print("\nAssumptions: per-article cost stays as measured (stories of AllSides' size); "
          "workers scale linearly (no shared bottleneck but the driver); the driver's ingest "
          "and report writing stay serial, as today; model loading (about 10 s per worker) "
          "and Ray's per-stage start are ignored at this size.")


if __name__ == "__main__":
    main()
