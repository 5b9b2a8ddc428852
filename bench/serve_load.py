"""Load check of the web app: bursts of concurrent requests to its pages, on loopback only.

Starts ``newsprism serve`` (one uvicorn process, as a user runs it) in a child process over a
store holding the analysed example story, then for each page kind fires ``--requests`` requests
with ``--concurrency`` in flight at once and reports requests/s, median / p95 / max latency,
errors and the server's peak memory; then, when Debian's ``wrk`` is installed, the
sustained rate of each page under ``wrk`` (the Python client above shares the two CPUs with
the server and is slower than it). For scale, the same burst is served as a static file by
Python's threading ``http.server`` from the ``report.html`` that ``analyze`` writes (what a user
without the app would open).

    .venv/bin/python bench/serve_load.py                 # 200 concurrent requests per page
    .venv/bin/python bench/serve_load.py --requests 1000 --concurrency 200
    .venv/bin/python bench/serve_load.py --story-articles 50   # one 50-article story
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "wagner"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def analysed_store(articles: int = 0, topic: str | None = None,
                   month: str | None = None) -> tuple[Path, Path]:
    """(database, report.html) of one analysed story in a temp folder: the example story, or
    ``articles`` AllSides articles of ``topic`` and ``month`` analysed as one story (a large
    report, as a busy story gives)."""
    from newsprism.pipeline import PipelineOptions, analyze

    out = Path(tempfile.mkdtemp(prefix="newsprism-load-"))
    source, options = EXAMPLE, PipelineOptions()
    if articles:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from speed import DATA, write_articles

        source = out / "articles"
        source.mkdir()
        write_articles(source, articles, DATA / "allsides-12k.jsonl.gz", topic, month)
        options = PipelineOptions(one_story=True)
    result = analyze([source], out / "out", db_path=out / "newsprism.db", options=options)
    return out / "newsprism.db", result.stories[0].outputs["html"]


def wait_until_up(base: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            if httpx.get(f"{base}/", timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def burst(url: str, requests: int, concurrency: int, headers: dict) -> dict:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    latencies: list[float] = []
    errors = 0
    size = 0
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=120, headers=headers) as client:
        async def one() -> None:
            nonlocal errors, size
            async with gate:
                began = time.perf_counter()
                try:
                    response = await client.get(url)
                    if response.status_code != 200:
                        errors += 1
                    size = len(response.content)
                except httpx.HTTPError:
                    errors += 1
                latencies.append(time.perf_counter() - began)

        began = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(requests)))
        wall = time.perf_counter() - began
    latencies.sort()
    return {"requests": requests, "errors": errors, "rps": requests / wall,
            "p50": statistics.median(latencies) * 1000,
            "p95": latencies[max(0, int(0.95 * len(latencies)) - 1)] * 1000,
            "max": latencies[-1] * 1000, "kb": size / 1024}


def pages(base: str) -> list[tuple[str, str, dict]]:
    stories = httpx.get(f"{base}/stories.json").json()["stories"]
    story = stories[0]["id"]
    report = httpx.get(f"{base}/stories/{story}.json").json()["report"]
    cited = report["brief"]["sentences"][0]["citations"][0]
    html = {"accept": "text/html"}
    return [
        ("stories list (HTML)", f"{base}/stories", html),
        ("story page (HTML)", f"{base}/stories/{story}", html),
        ("story page JSON twin", f"{base}/stories/{story}.json", {}),
        ("article page, cited span (HTML)",
         f"{base}/articles/{cited['article_id']}?hl={cited['start']}-{cited['end']}", html),
    ]


def wrk(url: str, concurrency: int, seconds: int, headers: dict) -> dict | None:
    """The same page under ``wrk`` (a C load generator, Debian package ``wrk``) for
    ``seconds``: the server's own ceiling, without a Python client sharing the 2 CPUs."""
    import re
    import shutil

    if not shutil.which("wrk"):
        return None
    # As a browser (and the httpx client above) asks: compressed where the server offers it.
    flags = [f"-H{k}: {v}" for k, v in {**headers, "accept-encoding": "gzip, deflate"}.items()]
    out = subprocess.run(["wrk", "-t1", f"-c{concurrency}", f"-d{seconds}s", "--latency",
                          *flags, url], capture_output=True, text=True, check=True).stdout

    def ms(label: str) -> float:
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50": ms("50"), "p90": ms("90"), "p99": ms("99"),
            "errors": (int(failed.group(1)) if failed else 0)
            + (sum(int(n) for n in errors.groups()) if errors else 0)}


def static_peer(report_html: Path, requests: int, concurrency: int) -> dict:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "--directory", str(report_html.parent)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base, server)
        result = asyncio.run(burst(f"{base}/{report_html.name}", requests, concurrency, {}))
        result["rss"] = peak_rss_mb(server.pid)
        return result
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per page kind")
    parser.add_argument("--concurrency", type=int, default=200, help="requests in flight")
    parser.add_argument("--seconds", type=int, default=10,
                        help="seconds of sustained load per page with wrk, when installed "
                             "(0: skip)")
    parser.add_argument("--story-articles", type=int, default=0,
                        help="serve one story of N AllSides articles instead of the example")
    parser.add_argument("--topic", default="coronavirus")
    parser.add_argument("--month", default="2020-03")
    args = parser.parse_args()
    db, report_html = analysed_store(args.story_articles, args.topic, args.month)
    port = free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "newsprism", "serve", "--db", str(db), "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    rows = []
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base, server)
        for name, url, headers in pages(base):
            rows.append((name, asyncio.run(burst(url, args.requests, args.concurrency,
                                                 headers))))
        sustained = [(name, wrk(url, args.concurrency, args.seconds, headers))
                     for name, url, headers in pages(base)] if args.seconds else []
        app_rss = peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(10)
    peer = static_peer(report_html, args.requests, args.concurrency)
    print(f"\n{args.requests} requests per page, {args.concurrency} in flight, loopback, "
          f"{os.cpu_count()} CPUs; newsprism serve peak RSS {app_rss:.0f} MB\n")
    print("| page | requests | errors | requests/s | p50 ms | p95 ms | max ms | KB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in [*rows, (f"peer: static report.html, http.server "
                            f"({peer['rss']:.0f} MB)", peer)]:
        print(f"| {name} | {r['requests']} | {r['errors']} | {r['rps']:.0f} | {r['p50']:.0f} "
              f"| {r['p95']:.0f} | {r['max']:.0f} | {r['kb']:.0f} |")
    if any(r for _, r in sustained):
        print(f"\nSustained: wrk, {args.concurrency} connections for {args.seconds} s each\n")
        print("| page | requests/s | p50 ms | p90 ms | p99 ms | errors |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, r in sustained:
            if r:
                print(f"| {name} | {r['rps']:.0f} | {r['p50']:.0f} | {r['p90']:.0f} "
                      f"| {r['p99']:.0f} | {r['errors']} |")
    if any(r["errors"] for _, r in rows) or any(r and r["errors"] for _, r in sustained):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
