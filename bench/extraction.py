"""Main-text extraction quality of HTML pages: newsprism (``newsprism.ingest.html.extract_html``)
against trafilatura (defaults, ``favor_precision``, ``favor_recall``) and newspaper4k, all on the
same pages: ../shared/data/extraction, a subset of the Scrapinghub article-extraction-benchmark
(``html/<id>.html.gz`` and ``ground-truth.json``: id -> {"articleBody", "url"}).

Scoring is that benchmark's ``evaluate.py``, reimplemented line for line:

* text is split into ``\\w+`` tokens; the units compared are 4-token shingles (a text of 1-3
  tokens is one shorter shingle), counted as multisets: tp = overlap, fp = predicted only,
  fn = true only; per page these are normalised to sum to 1 so every page weighs the same;
* precision is the mean over pages with tp + fp > 0, recall the mean over pages with
  tp + fn > 0, and F1 = 2PR / (P + R) of those two means (not a mean of per-page F1s);
* so an **empty prediction** (no text, or ``ValueError`` from newsprism, or an exception from
  an extractor) counts as recall 0 on that page and is *left out of the precision mean*;
* accuracy is the share of pages whose token sequence equals the truth's exactly;
* "±" is the standard deviation over 1000 bootstrap resamples of the pages (seeded here).

Seconds are the total wall time of the extraction calls (decoding included), imports and one
untimed warm-up call per system excluded.
The network (DNS included) is blocked while the script runs; newspaper4k gets the HTML and
``fetch_images=False`` (its ``parse()`` would otherwise download the images).

    .venv/bin/python bench/extraction.py                  # all 91 pages
    .venv/bin/python bench/extraction.py --limit 20 --json out/extraction.json

newspaper4k is a bench-only dependency: ``pip install -r bench/requirements.txt``.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import random
import re
import socket
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "extraction"
TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)
Extractor = Callable[[bytes, str], str]
Counts = tuple[float, float, float]


def _no_network(*args: object, **kwargs: object) -> None:
    raise OSError("network access is blocked in bench/extraction.py")


def tokenize(text: str | None) -> list[str]:
    return TOKEN_RE.findall(text or "")


def shingles(text: str | None, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = tokenize(text)
    grams = (tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)))
    return Counter(g for g in grams if g)


def match(true: str, pred: str) -> Counts:
    """evaluate.py's ``string_shingle_matching``: normalised (tp, fp, fn) of 4-gram shingles."""
    t, p = shingles(true), shingles(pred)
    tp = float(sum((t & p).values()))
    fp, fn = float(sum((p - t).values())), float(sum((t - p).values()))
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s > 0 else (tp, fp, fn)


def precision_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def recall_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def metrics(counts: list[Counts]) -> dict[str, float]:
    """Precision, recall and F1 as evaluate.py's ``metrics_from_tp_fp_fns`` (NaN if no page
    qualifies for a mean, which evaluate.py would crash on)."""
    ps = [precision_score(*c) for c in counts if c[0] + c[1] > 0]
    rs = [recall_score(*c) for c in counts if c[0] + c[2] > 0]
    p = statistics.mean(ps) if ps else float("nan")
    r = statistics.mean(rs) if rs else float("nan")
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def evaluate(counts: list[Counts], accs: list[float], n_boot: int) -> dict[str, float]:
    result = {**metrics(counts), "accuracy": statistics.mean(accs)}
    rng, samples = random.Random(0), {}
    for _ in range(n_boot):
        idx = [rng.randint(0, len(counts) - 1) for _ in counts]
        boot = {**metrics([counts[i] for i in idx]), "accuracy":
                statistics.mean(accs[i] for i in idx)}
        for key, value in boot.items():
            samples.setdefault(key, []).append(value)
    for key, values in samples.items():
        result[f"{key}_std"] = statistics.stdev(values) if len(values) > 1 else 0.0
    return result


def systems() -> dict[str, Extractor | str]:
    """Name -> extractor, or name -> why it is unavailable."""
    found: dict[str, Extractor | str] = {}
    try:
        from newsprism.ingest.html import extract_html

        def newsprism_text(raw: bytes, url: str) -> str:
            try:
                return extract_html(raw, url=url).text
            except ValueError:  # no article: an empty prediction
                return ""

        found["newsprism"] = newsprism_text
    except ImportError as exc:
        found["newsprism"] = f"import failed ({exc})"
    import trafilatura

    for name, options in (("trafilatura", {}), ("trafilatura precision", {"favor_precision":
                          True}), ("trafilatura recall", {"favor_recall": True})):
        found[name] = lambda raw, url, o=options: trafilatura.extract(
            raw.decode("utf-8", errors="replace"), **o) or ""
    try:
        with warnings.catch_warnings():  # "nltk is not installed": only .nlp() needs it
            warnings.simplefilter("ignore")
            import newspaper

        def newspaper_text(raw: bytes, url: str) -> str:
            article = newspaper.Article(url, fetch_images=False)  # parse() would GET them
            article.download(input_html=raw.decode("utf-8", errors="replace"))
            article.parse()  # never .nlp(): it would fetch NLTK data
            return article.text or ""

        found["newspaper4k"] = newspaper_text
    except Exception:  # noqa: BLE001 - any failure to import means it is unusable here
        found["newspaper4k"] = "not installed"
    return found


def dist(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, help="only the first N pages (sorted by id)")
    parser.add_argument("--json", type=Path, help="write per-page scores here")
    parser.add_argument("--n-bootstrap", type=int, default=1000)
    args = parser.parse_args()
    socket.socket.connect = socket.create_connection = _no_network  # type: ignore[method-assign]
    socket.getaddrinfo = _no_network  # type: ignore[assignment]

    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[: args.limit]
    pages = {i: gzip.decompress((args.data / "html" / f"{i}.html.gz").read_bytes()) for i in ids}
    rows, per_page, notes = [], {}, []
    for name, extract in systems().items():
        if isinstance(extract, str):
            notes.append(f"{name}: {extract}")
            continue
        with contextlib.suppress(Exception):  # warm-up, untimed: lazy imports and caches
            extract(pages[ids[0]], truth[ids[0]]["url"])
        counts, accs, seconds, empty, errors, scores = [], [], 0.0, 0, 0, {}
        for i in ids:
            start = time.perf_counter()
            try:
                pred = extract(pages[i], truth[i]["url"])
            except Exception as exc:  # noqa: BLE001 - a crash on one page is an empty prediction
                pred, errors = "", errors + 1
                print(f"{name}: {i}: {type(exc).__name__}: {exc}", file=sys.stderr)
            elapsed = time.perf_counter() - start
            seconds += elapsed
            true = truth[i].get("articleBody", "")
            counts.append(match(true, pred))
            accs.append(float(tokenize(true) == tokenize(pred)))
            empty += not tokenize(pred)
            scores[i] = {"precision": precision_score(*counts[-1]), "tp_fp_fn": counts[-1],
                         "recall": recall_score(*counts[-1]), "accuracy": accs[-1],
                         "chars": len(pred), "seconds": round(elapsed, 4)}
        per_page[name] = scores
        m = evaluate(counts, accs, args.n_bootstrap)
        rows.append(f"| {name} | {len(ids)} | " + " | ".join(
            f"{m[k]:.3f} ± {m[k + '_std']:.3f}" for k in ("precision", "recall", "f1",
                                                          "accuracy"))
                    + f" | {empty} ({errors} errors) | {seconds:.2f} | {len(ids) / seconds:.1f} |")

    print(f"Pages: {args.data} ({len(ids)}); trafilatura {dist('trafilatura')}, newspaper4k "
          f"{dist('newspaper4k')}, Python {sys.version.split()[0]}\n")
    print("| system | pages | precision | recall | F1 | accuracy | empty | seconds | pages/s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    for note in notes:
        print(note)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(per_page, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
