"""Per-article stages on a device: articles/s for annotate, story features and claim
embeddings (and NLI pairs/s) with ``--device cpu|cuda``, the stages run exactly as an engine
runs them (``newsprism.stages``), model loading timed apart. Input: the first N AllSides
articles with a body (or any JSONL(.gz) with a ``content``/``text`` field).

    python bench/gpu.py --articles 10000 --device cuda
    python bench/gpu.py --articles 200 --device cpu          # the same on this machine
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "allsides"


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


def timed(label: str, rows: list, count: int, unit: str, work) -> object:
    began = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - began
    rows.append((label, seconds, count / seconds if seconds else float("inf"), unit))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--data", type=Path, default=DATA / "allsides-12k.jsonl.gz")
    parser.add_argument("--nli-pairs", type=int, default=20000)
    args = parser.parse_args()

    from newsprism import devices, embeddings, nli
    from newsprism.engine import LocalEngine
    from newsprism.stages import Annotate, Features, ModelSettings, ToAnnotate

    device = devices.use(args.device)
    models = ModelSettings(device=args.device)
    articles = read_articles(args.data, args.articles)
    words = sum(len(a.text.split()) for a in articles)
    engine, rows = LocalEngine(), []
    annotate, features = Annotate(models), Features(models)
    timed("load: spaCy, MiniLM, claim encoder, NLI", rows, 1, "", lambda: (
        annotate.warm_up(), features.warm_up(), embeddings.warm_up(str(embeddings.CLAIM_ENCODER)),
        nli.warm_up()))
    annotated = timed("annotate (spaCy + newsprism components)", rows, len(articles),
                      "articles/s", lambda: engine.map(annotate, [ToAnnotate(a) for a in articles]))
    timed("story features (lead vectors + NER)", rows, len(articles), "articles/s",
          lambda: engine.map(features, articles))
    sentences = [a.article.text[s.start:s.end] for a in annotated if hasattr(a, "sentences")
                 for s in a.sentences]
    timed(f"claim embeddings ({len(sentences):,} sentences)", rows, len(articles), "articles/s",
          lambda: embeddings.embed_claims(sentences))
    pairs = list(zip(sentences[: args.nli_pairs], sentences[1: args.nli_pairs + 1], strict=False))
    timed(f"NLI, both directions ({len(pairs):,} pairs)", rows, len(pairs), "pairs/s",
          lambda: nli.symmetric_contradiction([p for p, _ in pairs], [h for _, h in pairs]))
    name = device
    if device == "cuda":
        import torch

        name = f"cuda ({torch.cuda.get_device_name()})"
    print(f"## per-article stages on {name}: {len(articles):,} AllSides articles "
          f"({words:,} words)\n")
    print("| step | seconds | rate |")
    print("|---|---:|---:|")
    for label, seconds, rate, unit in rows:
        print(f"| {label} | {seconds:.1f} | {f'{rate:,.1f} {unit}' if unit else ''} |")


if __name__ == "__main__":
    main()
