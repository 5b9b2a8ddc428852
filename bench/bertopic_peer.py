"""BERTopic as a story-clustering peer: cluster precomputed document embeddings with BERTopic's
usual pipeline (UMAP -> HDBSCAN -> c-TF-IDF) and write the topic label of every document.

Standalone script, run by whichever interpreter has ``bertopic`` installed (in this checkout
that is ``.venv``; BERTopic, umap-learn, hdbscan and numba are extras, not in
requirements.lock). No embedding model is loaded or downloaded: documents are embedded
beforehand (e.g. with ``newsprism.embeddings.embed``) and passed in, BERTopic runs with
``embedding_model=None``, and torch / transformers / sentence-transformers are blocked from
importing so the run provably needs none of them.

Input:
    --docs PATH         JSONL, one object per line with "id" and "text"
    --embeddings PATH   .npy float array, one row per document, same order as --docs

Output (--out PATH, JSON):
    labels              topic per document, -1 = HDBSCAN outlier
    labels_no_outliers  (with --reduce-outliers) outliers moved to the nearest topic by
                        embedding similarity, BERTopic's ``reduce_outliers(strategy="embeddings")``
    seconds             wall time of ``fit_transform`` (includes numba JIT unless --warmup)
    peak_rss_mb         peak resident memory of the whole process
    n_topics, outliers, version, plus ids, n_docs, params and the outlier-reduction time

Settings are BERTopic's defaults: UMAP(n_neighbors=15, n_components=5, min_dist=0.0,
metric="cosine", low_memory=False) with random_state=42, HDBSCAN(min_cluster_size=10,
metric="euclidean", cluster_selection_method="eom", prediction_data=True),
calculate_probabilities=False.

    .venv/bin/python bench/bertopic_peer.py --docs /tmp/docs.jsonl \\
        --embeddings /tmp/emb.npy --out bench/out/bertopic.json --reduce-outliers
"""

from __future__ import annotations

import argparse
import importlib.abc
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

# BERTopic imports its optional backends inside ``except ModuleNotFoundError``; making these
# imports fail that way keeps the deep-learning stack (and any model download) out of the run.
# A finder is used rather than ``sys.modules[name] = None``: scipy probes sys.modules for torch.
BLOCKED_MODULES = ("torch", "transformers", "sentence_transformers")


class _BlockDeepLearning(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> None:
        if fullname.split(".")[0] in BLOCKED_MODULES:
            raise ModuleNotFoundError(f"{fullname} is blocked in bertopic_peer", name=fullname)
        return None


def block_deep_learning_imports() -> None:
    already = [name for name in BLOCKED_MODULES if name in sys.modules]
    if already:
        raise SystemExit(f"already imported, cannot block: {already}")
    sys.meta_path.insert(0, _BlockDeepLearning())


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_docs(path: Path) -> tuple[list[str], list[str]]:
    ids: list[str] = []
    texts: list[str] = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if "text" not in row:
                raise SystemExit(f"{path}:{number}: no 'text' field")
            ids.append(str(row.get("id", number - 1)))
            texts.append(str(row["text"]))
    return ids, texts


def build_model(min_cluster_size: int, seed: int, verbose: bool) -> Any:
    from bertopic import BERTopic
    from hdbscan import HDBSCAN
    from umap import UMAP

    umap_model = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine",
                      low_memory=False, random_state=seed)
    hdbscan_model = HDBSCAN(min_cluster_size=min_cluster_size, metric="euclidean",
                            cluster_selection_method="eom", prediction_data=True)
    return BERTopic(embedding_model=None, umap_model=umap_model, hdbscan_model=hdbscan_model,
                    min_topic_size=min_cluster_size, calculate_probabilities=False,
                    verbose=verbose)


def warm_up(min_cluster_size: int, seed: int, dim: int) -> None:
    """Fit once on a small random set so numba's JIT compilation is not in the timed fit."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(5, dim))
    points = np.repeat(centres, 40, axis=0) + 0.1 * rng.normal(size=(200, dim))
    points = (points / np.linalg.norm(points, axis=1, keepdims=True)).astype(np.float32)
    docs = [f"warm up document {i % 5} word{i % 7}" for i in range(len(points))]
    build_model(min_cluster_size, seed, verbose=False).fit_transform(docs, embeddings=points)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=Path, required=True, help="JSONL with 'id' and 'text'")
    parser.add_argument("--embeddings", type=Path, required=True, help=".npy, one row per doc")
    parser.add_argument("--out", type=Path, required=True, help="JSON file to write")
    parser.add_argument("--min-cluster-size", type=int, default=10,
                        help="HDBSCAN min_cluster_size (BERTopic's min_topic_size), default 10")
    parser.add_argument("--reduce-outliers", action="store_true",
                        help="also assign every outlier to its nearest topic (labels_no_outliers)")
    parser.add_argument("--seed", type=int, default=42, help="UMAP random_state")
    parser.add_argument("--warmup", action="store_true",
                        help="compile numba code on a toy fit first, so 'seconds' excludes JIT")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)

    block_deep_learning_imports()
    import bertopic

    ids, docs = read_docs(args.docs)
    embeddings = np.load(args.embeddings).astype(np.float32, copy=False)
    if embeddings.ndim != 2 or embeddings.shape[0] != len(docs):
        raise SystemExit(f"embeddings {embeddings.shape} do not match {len(docs)} documents")

    warmup_seconds = None
    if args.warmup:
        start = time.perf_counter()
        warm_up(args.min_cluster_size, args.seed, embeddings.shape[1])
        warmup_seconds = round(time.perf_counter() - start, 3)

    model = build_model(args.min_cluster_size, args.seed, args.verbose)
    start = time.perf_counter()
    topics, _ = model.fit_transform(docs, embeddings=embeddings)
    seconds = time.perf_counter() - start
    labels = [int(t) for t in topics]
    n_topics = len({t for t in labels if t != -1})
    outliers = sum(1 for t in labels if t == -1)

    result: dict[str, Any] = {
        "labels": labels,
        "seconds": round(seconds, 3),
        "peak_rss_mb": None,
        "n_topics": n_topics,
        "outliers": outliers,
        "version": bertopic.__version__,
        "n_docs": len(docs),
        "ids": ids,
        "warmup_seconds": warmup_seconds,
        "params": {"umap": {"n_neighbors": 15, "n_components": 5, "min_dist": 0.0,
                            "metric": "cosine", "random_state": args.seed},
                   "hdbscan": {"min_cluster_size": args.min_cluster_size},
                   "calculate_probabilities": False},
    }
    if args.reduce_outliers:
        start = time.perf_counter()
        if outliers == 0:
            no_outliers = labels
        elif n_topics == 0:  # nothing to move them to: one story holds everything
            no_outliers = [0] * len(labels)
        else:
            no_outliers = model.reduce_outliers(docs, labels, strategy="embeddings",
                                                embeddings=embeddings)
        result["labels_no_outliers"] = [int(t) for t in no_outliers]
        result["seconds_reduce_outliers"] = round(time.perf_counter() - start, 3)
    result["peak_rss_mb"] = round(peak_rss_mb(), 1)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result), encoding="utf-8")
    print(f"bertopic {result['version']}: {len(docs)} docs, {n_topics} topics, "
          f"{outliers} outliers, fit {result['seconds']:.1f}s, "
          f"peak RSS {result['peak_rss_mb']:.0f} MB -> {args.out}")


if __name__ == "__main__":
    main()
