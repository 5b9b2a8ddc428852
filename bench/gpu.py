"""Per-article stages on a device: articles/s for annotate, story features and claim
embeddings (and NLI pairs/s) with ``--device cpu|cuda``, the stages run exactly as an engine
runs them (``newsprism.stages``, the local engine), model loading timed apart (with one small
warm-up inference, so the first CUDA kernels are not billed to the stage). Input: the first N
AllSides articles with a body (or any JSONL(.gz) with a ``content``/``text`` field).

    python bench/gpu.py --articles 10000 --device cuda
    python bench/gpu.py --articles 200 --device cpu          # the same on this machine

The stages can run in separate calls (``--stages``), so that each call carries only the
models it needs: annotate and story features need spaCy and MiniLM, claim embeddings and NLI
only torch. ``--sentences-out`` writes the annotated sentences (gzipped JSONL, one line per
article) that a later ``--stages embeddings,nli --sentences-in`` reads instead of annotating:

    python bench/gpu.py --stages annotate,features --device cuda --workers 14 \\
        --sentences-out sentences.jsonl.gz
    python bench/gpu.py --stages embeddings,nli --device cuda --sentences-in sentences.jsonl.gz

Any model can be a directory (``--spacy-model``, ``--features-model``, ``--claim-model``,
``--nli-model``; default: the shipped ones). A device check that cannot carry fp16 weights
carries them int8 (per-row symmetric) and dequantises them to fp16 safetensors before the
run (``bench/gpu_pack.py``; ``bench/gpu_bundle.sh`` builds what the device calls carry):
throughput does not depend on weight values, and the outputs stay close to the real models'
(the loaders compute in fp32 either way).

spaCy on ``--device cuda``: ``devices.use`` calls ``spacy.prefer_gpu()`` (thinc's CuPy ops).
``--spacy-device cpu`` keeps spaCy on the CPU; with ``auto`` a pipeline that fails on the GPU
(no CuPy, a CuPy or CUDA that thinc's kernels do not build with) falls back to the CPU, and the
table says which ran. spaCy on the GPU parses in one process: ``--workers`` > 1 would fork a
CUDA context (spaCy warns against it), so annotate then runs with 1 worker and says so.
The table ends with the numbers as one JSON line (and in ``--json`` if given).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "allsides"
STAGES = ("annotate", "features", "embeddings", "nli")
PROBE = "Joe Biden met Emmanuel Macron in Paris on Monday. They spoke for 40 minutes."


def read_articles(path: Path, count: int) -> list:
    from newsprism.models import Article

    articles = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            body = (row.get("content_original") or row.get("content") or row.get("text") or "")
            if len(body.strip()) < 200:
                continue
            articles.append(Article(Article.id_for(body.strip()), body.strip(),
                                    title=row.get("title"), outlet=row.get("source")))
            if len(articles) == count:
                break
    return articles


def read_sentences(path: Path) -> list[list[str]]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line)["sentences"] for line in lines if line.strip()]


def write_sentences(path: Path, annotated: list) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for item in annotated:
            if hasattr(item, "sentences"):
                text = item.article.text
                out.write(json.dumps({"id": item.article.id, "sentences": [
                    text[s.start:s.end] for s in item.sentences]}, ensure_ascii=False) + "\n")


class Table:
    def __init__(self) -> None:
        self.rows: list[dict] = []

    def timed(self, label: str, count: int, unit: str, work, **extra) -> object:
        began = time.perf_counter()
        result = work()
        seconds = time.perf_counter() - began
        self.rows.append({"step": label, "seconds": round(seconds, 3), "count": count,
                          "unit": unit, "rate": round(count / seconds, 2) if unit and seconds
                          else None, **extra})
        return result


def use_device(name: str) -> str:
    """``devices.use``, where spaCy may be absent (a call with the torch stages alone):
    ``use`` sets the device before it imports spaCy for ``prefer_gpu``."""
    from newsprism import devices

    try:
        return devices.use(name)
    except ModuleNotFoundError as exc:
        if exc.name != "spacy":
            raise
        return devices.current()


def spacy_device(args) -> str:
    """Where spaCy runs in this process (``GPU (cupy …)`` or ``CPU (why)``), after the
    pipeline has loaded and parsed one text."""
    import spacy
    import thinc.api
    from thinc import compat

    from newsprism import annotate

    keep_cpu = args.device == "cpu" or args.spacy_device == "cpu"
    if keep_cpu:  # devices.use calls spacy.prefer_gpu(): keep this process's spaCy on the CPU
        spacy.prefer_gpu = lambda *_args, **_kwargs: False
        thinc.api.require_cpu()
    use_device(args.device)
    on_gpu = annotate.spacy_on_gpu()
    if on_gpu:
        try:
            list(annotate.warm_up(args.spacy_model).pipe([PROBE]))
        except Exception as exc:  # noqa: BLE001 - report it and measure on the CPU instead
            reason = f"the GPU pipeline failed: {exc!r}"[:300]
            thinc.api.require_cpu()
            spacy.prefer_gpu = lambda *_args, **_kwargs: False
            annotate._models.clear()  # loaded on the GPU: load again on the CPU
        else:
            return (f"GPU (thinc {thinc.__version__}, "
                    f"cupy {getattr(compat.cupy, '__version__', '?')})")
    elif keep_cpu:
        reason = "asked" if args.device == "cuda" else "device cpu"
    else:
        reason = (f"spacy.prefer_gpu() found no GPU: thinc has_cupy={compat.has_cupy}, "
                  f"has_cupy_gpu={compat.has_cupy_gpu}")
    list(annotate.warm_up(args.spacy_model).pipe([PROBE]))
    return f"CPU ({reason})"


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stages", default=",".join(STAGES),
                        help=f"comma-separated, of {', '.join(STAGES)} (default: all)")
    parser.add_argument("--articles", type=int, default=10000,
                        help="articles for story features (and annotate)")
    parser.add_argument("--annotate-articles", type=int, default=None,
                        help="the first N of them for annotate (default: --articles)")
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--data", type=Path, default=DATA / "allsides-12k.jsonl.gz")
    parser.add_argument("--workers", type=int, default=1,
                        help="annotate: spaCy worker processes (Annotate.processes)")
    parser.add_argument("--spacy-device", choices=("auto", "cpu"), default="auto")
    parser.add_argument("--spacy-model", default=None)
    parser.add_argument("--features-model", default=None)
    parser.add_argument("--claim-model", default=None)
    parser.add_argument("--nli-model", default=None)
    parser.add_argument("--nli-pairs", type=int, default=20000)
    parser.add_argument("--sentences-out", type=Path, default=None)
    parser.add_argument("--sentences-in", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    args = parser.parse_args()
    stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    unknown = set(stages) - set(STAGES)
    if unknown:
        parser.error(f"unknown stages {sorted(unknown)}: use {', '.join(STAGES)}")
    if {"embeddings", "nli"} & set(stages) and "annotate" not in stages and not args.sentences_in:
        parser.error("embeddings and nli need annotate in --stages, or --sentences-in")

    from newsprism import embeddings, nli

    table, notes = Table(), {}
    articles, annotated, words = [], [], 0
    if {"annotate", "features"} & set(stages):  # spaCy first: it decides where spaCy runs
        from newsprism.engine import LocalEngine  # (imports spaCy: not for the torch stages)
        from newsprism.stages import Annotate, Features, ModelSettings, ToAnnotate

        engine = LocalEngine()
        models = ModelSettings(device=args.device, spacy_model=args.spacy_model,
                               embedding_model=args.features_model)
        articles = read_articles(args.data, args.articles)
        words = sum(len(a.text.split()) for a in articles)
        notes["spacy"] = table.timed("load: spaCy (and one parse)", 1, "",
                                     lambda: spacy_device(args))
    device = use_device(args.device)
    if "annotate" in stages:
        workers = args.workers
        if notes["spacy"].startswith("GPU") and workers > 1:
            print(f"spaCy on the GPU: annotate in 1 process, not {workers} (worker processes "
                  "would fork the parent's CUDA context)")
            workers = 1
        notes["annotate_workers"] = workers
        subset = articles[: args.annotate_articles or len(articles)]
        annotated = table.timed(
            f"annotate ({len(subset):,} articles; spaCy {notes['spacy'].split(' ')[0]}, "
            f"{workers} process{'es' if workers > 1 else ''})", len(subset), "articles/s",
            lambda: engine.map(Annotate(models, processes=workers),
                               [ToAnnotate(a) for a in subset]))
        notes["annotate_errors"] = sum(not hasattr(a, "sentences") for a in annotated)
        if args.sentences_out:
            write_sentences(args.sentences_out, annotated)
    if "features" in stages:
        features = Features(models)
        table.timed("load: MiniLM (and 8 leads)", 1, "", lambda: (
            embeddings.warm_up(args.features_model),
            features.run(articles[:8])))
        table.timed(f"story features ({len(articles):,} articles: lead vectors + NER)",
                    len(articles), "articles/s", lambda: engine.map(features, articles))
    if {"embeddings", "nli"} & set(stages):
        if "annotate" in stages:
            per_article = [[a.article.text[s.start:s.end] for s in a.sentences]
                           for a in annotated if hasattr(a, "sentences")]
        else:
            per_article = read_sentences(args.sentences_in)
        sentences = [s for group in per_article for s in group]
    if "embeddings" in stages:
        claim_model = args.claim_model or str(embeddings.CLAIM_ENCODER)
        table.timed("load: claim encoder (and 64 sentences)", 1, "", lambda: (
            embeddings.warm_up(claim_model), embeddings.embed_claims(sentences[:64], claim_model)))
        table.timed(f"claim embeddings ({len(per_article):,} articles, "
                    f"{len(sentences):,} sentences)", len(per_article), "articles/s",
                    lambda: embeddings.embed_claims(sentences, claim_model),
                    sentences=len(sentences))
        row = table.rows[-1]
        row["sentences_per_s"] = round(len(sentences) / row["seconds"], 1)
    if "nli" in stages:
        pairs = list(zip(sentences[: args.nli_pairs], sentences[1: args.nli_pairs + 1],
                         strict=False))
        table.timed("load: NLI cross-encoder (and 32 pairs)", 1, "", lambda: (
            nli.warm_up(args.nli_model),
            nli.symmetric_contradiction([p for p, _ in pairs[:32]], [h for _, h in pairs[:32]],
                                        model=args.nli_model)))
        table.timed(f"NLI, both directions ({len(pairs):,} pairs)", len(pairs), "pairs/s",
                    lambda: nli.symmetric_contradiction([p for p, _ in pairs],
                                                        [h for _, h in pairs],
                                                        model=args.nli_model))
    name = device
    if device == "cuda":
        import torch

        name = f"cuda ({torch.cuda.get_device_name()})"
    print(f"\n## per-article stages on {name}, {os.cpu_count()} CPUs ({cpu_name()}): "
          f"{', '.join(stages)}"
          + (f"; {len(articles):,} AllSides articles ({words:,} words)" if articles else "")
          + "\n")
    for key, value in notes.items():
        print(f"- {key}: {value}")
    print("\n| step | seconds | rate |")
    print("|---|---:|---:|")
    for row in table.rows:
        rate = f"{row['rate']:,.1f} {row['unit']}" if row["rate"] is not None else ""
        if "sentences_per_s" in row:
            rate += f" ({row['sentences_per_s']:,.0f} sentences/s)"
        print(f"| {row['step']} | {row['seconds']:.1f} | {rate} |")
    result = {"device": name, "cpus": os.cpu_count(), "cpu": cpu_name(),
              "python": platform.python_version(),
              "stages": stages, "articles": len(articles), "words": words, **notes,
              "rows": table.rows}
    print("\nJSON " + json.dumps(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
