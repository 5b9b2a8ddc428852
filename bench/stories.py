"""Stories: pair similarity on SemEval-2022 Task 8, sub-topic clustering on ECB+, scale on
AllSides, with BERTopic (the usual peer) on the same data and machine.

- SemEval-2022 Task 8 training pairs (``../shared/data/semeval2022t8``): Pearson r between
  newsprism's pair score and the negated Overall score (1 = very similar, 4 = very dissimilar),
  English–English pairs and all pairs reported separately. The same pairs choose the link
  threshold (best F1 for "Overall <= 2"), so r is a fit on them; ECB+ and AllSides are then
  held out.
- ECB+ Train+Dev documents (``../shared/data/ecbplus``): each topic holds two sub-topics, two
  different events of one kind (the hard case). All documents are clustered together, with
  no topic given; BCubed F1 and adjusted Rand index against the sub-topics (and the topics).
- AllSides (``../shared/data/allsides``): stories formed from 12,000 articles of 400+ outlets,
  articles/s, peak memory, and the time to add 1,000 more to the stored stories.

    .venv/bin/python bench/stories.py [--part semeval|ecbplus|scale|all] [--bertopic PYTHON]

``--bertopic`` names an interpreter with BERTopic installed (bench/bertopic_peer.py); it runs
on the same headline-and-lead vectors newsprism uses.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
DATA = HERE.parents[0].parent / "shared" / "data"

from newsprism.models import Article  # noqa: E402
from newsprism.stories import StoryIndex, StorySettings, story_features  # noqa: E402


def article(text: str, key: str, day: str | None = None, title: str | None = None) -> Article:
    return Article(id=f"{key}", text=text, title=title, published=day)


def features_of(articles: list[Article]) -> list:
    """story_features and the seconds they took when computed, cached on disk by content
    (re-running a bench skips the encoders but reports their measured time)."""
    import hashlib
    import pickle

    digest = hashlib.sha256("\x1f".join(f"{a.id}\x1e{a.title}\x1e{a.published}\x1e{a.text}"
                                         for a in articles).encode()).hexdigest()[:24]
    cache = Path(tempfile.gettempdir()) / "newsprism-bench-cache" / f"{digest}.pkl"
    if cache.exists():
        found, seconds = pickle.loads(cache.read_bytes())
        return found, seconds
    began = time.perf_counter()
    found = story_features(articles)
    seconds = time.perf_counter() - began
    cache.parent.mkdir(exist_ok=True)
    cache.write_bytes(pickle.dumps((found, seconds)))
    return found, seconds


# -- SemEval-2022 Task 8 ---------------------------------------------------------------------
def semeval_pairs() -> list[dict]:
    csv.field_size_limit(2**31 - 1)
    with open(DATA / "semeval2022t8" / "training_set.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def semeval(settings: StorySettings) -> dict:
    pairs = semeval_pairs()
    texts = {}
    for p in pairs:
        for side in ("1", "2"):
            texts.setdefault(p[f"text{side}"], f"t{len(texts)}")
    computed, _ = features_of([article(text, key) for text, key in texts.items()])
    features = {f.article_id: f for f in computed}
    index = StoryIndex(settings)
    index.observe(features.values())
    rows = []
    for p in pairs:
        a, b = features[texts[p["text1"]]], features[texts[p["text2"]]]
        rows.append((p["lang1"] == p["lang2"] == "en", -float(p["Overall"]),
                     index.pair_score(a, b), float(np.dot(a.vector, b.vector))))
    result = {}
    for name, keep in (("en", lambda r: r[0]), ("all", lambda r: True)):
        chosen = [r for r in rows if keep(r)]
        gold = [r[1] for r in chosen]
        result[name] = {"pairs": len(chosen),
                        "r": float(np.corrcoef(gold, [r[2] for r in chosen])[0, 1]),
                        "r_cosine": float(np.corrcoef(gold, [r[3] for r in chosen])[0, 1])}
    result["threshold"] = best_threshold([(r[2], r[1] >= -2.0) for r in rows if r[0]])
    return result


def best_threshold(scored: list[tuple[float, bool]]) -> dict:
    best = (0.0, 0.0)
    for threshold in np.arange(0.3, 1.0, 0.01):
        tp = sum(1 for s, same in scored if s >= threshold and same)
        fp = sum(1 for s, same in scored if s >= threshold and not same)
        fn = sum(1 for s, same in scored if s < threshold and same)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        best = max(best, (f1, round(float(threshold), 2)))
    return {"f1": round(best[0], 3), "value": best[1]}


# -- ECB+ --------------------------------------------------------------------------------------
def ecbplus_documents() -> list[tuple[str, str, str, str]]:
    """(doc id, topic, sub-topic, text) of Train and Dev."""
    from ecbplus import read, topic_of

    docs = []
    for split in ("Train", "Dev"):
        corpus = read(split)
        for doc_id, sentences in sorted(corpus.documents.items()):
            text = "\n".join(" ".join(corpus.sentences[(doc_id, s)]) for s in sentences)
            sub = topic_of(doc_id) + ("+" if doc_id.endswith("ecbplus") else "")
            docs.append((doc_id, topic_of(doc_id), sub, text))
    return docs


def bcubed(labels: list, gold: list) -> float:
    clusters, classes = defaultdict(set), defaultdict(set)
    for i, (c, g) in enumerate(zip(labels, gold, strict=True)):
        clusters[c].add(i)
        classes[g].add(i)
    pairs = list(zip(labels, gold, strict=True))
    p = np.mean([len(clusters[c] & classes[g]) / len(clusters[c]) for c, g in pairs])
    r = np.mean([len(clusters[c] & classes[g]) / len(classes[g]) for c, g in pairs])
    return float(2 * p * r / (p + r))


def ecbplus(settings: StorySettings, bertopic: str | None) -> list[dict]:
    from sklearn.metrics import adjusted_rand_score

    docs = ecbplus_documents()
    features, feature_seconds = features_of([article(text, doc_id)
                                             for doc_id, _, _, text in docs])
    began = time.perf_counter()
    labels = StoryIndex(settings).add_all(features)
    seconds = feature_seconds + time.perf_counter() - began
    systems = [("newsprism", labels, seconds)]
    if bertopic:
        peer = run_bertopic(bertopic, [d[3] for d in docs], np.stack([f.vector for f in features]),
                            min_cluster_size=2)
        systems += [("BERTopic (outliers kept apart)", peer["labels_apart"], peer["seconds"]),
                    ("BERTopic (outliers reassigned)", peer["labels_no_outliers"],
                     peer["seconds"])]
    rows = []
    for name, found, secs in systems:
        rows.append({"system": name, "docs": len(docs), "clusters": len(set(found)),
                     "bcubed_sub": bcubed(found, [d[2] for d in docs]),
                     "ari_sub": adjusted_rand_score([d[2] for d in docs], found),
                     "bcubed_topic": bcubed(found, [d[1] for d in docs]),
                     "ari_topic": adjusted_rand_score([d[1] for d in docs], found),
                     "seconds": round(secs, 1)})
    return rows


def run_bertopic(python: str, texts: list[str], vectors: np.ndarray,
                 min_cluster_size: int = 10) -> dict:
    folder = Path(tempfile.mkdtemp())
    with (folder / "docs.jsonl").open("w") as out:
        for i, text in enumerate(texts):
            out.write(json.dumps({"id": str(i), "text": text}) + "\n")
    np.save(folder / "vectors.npy", vectors.astype(np.float32))
    subprocess.run([python, str(HERE / "bertopic_peer.py"), "--docs", str(folder / "docs.jsonl"),
                    "--embeddings", str(folder / "vectors.npy"), "--out", str(folder / "o.json"),
                    "--min-cluster-size", str(min_cluster_size), "--reduce-outliers"],
                   check=True, capture_output=True)
    result = json.loads((folder / "o.json").read_text())
    # An outlier (-1) is a story of its own, not one big story of all outliers.
    result["labels_apart"] = [f"o{i}" if t == -1 else t for i, t in enumerate(result["labels"])]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", default="all", choices=["semeval", "ecbplus", "scale", "all"])
    parser.add_argument("--bertopic", help="python interpreter that has bertopic installed")
    parser.add_argument("--threshold", type=float, help="link threshold (default: settings)")
    args = parser.parse_args()
    settings = StorySettings(**({"link_threshold": args.threshold} if args.threshold else {}))
    if args.part in ("semeval", "all"):
        print_semeval(semeval(settings))
    if args.part in ("ecbplus", "all"):
        print_ecbplus(ecbplus(settings, args.bertopic))
    if args.part in ("scale", "all"):
        from stories_scale import print_scale, scale

        print_scale(scale(settings, args.bertopic))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS of this process: {peak:.0f} MB")


def print_semeval(result: dict) -> None:
    print("\nSemEval-2022 Task 8 (training pairs): Pearson r with -Overall")
    print("| pairs | n | newsprism score | cosine only |\n|---|---:|---:|---:|")
    for name in ("en", "all"):
        r = result[name]
        print(f"| {name} | {r['pairs']} | {r['r']:.3f} | {r['r_cosine']:.3f} |")
    t = result["threshold"]
    print(f"best link threshold for 'Overall <= 2' on en pairs: {t['value']} (F1 {t['f1']})")


def print_ecbplus(rows: list[dict]) -> None:
    print("\nECB+ Train+Dev documents, clustered all together (no topics given)")
    print("| system | docs | clusters | BCubed F1 sub-topic | ARI sub-topic | BCubed F1 topic "
          "| ARI topic | seconds |\n|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['system']} | {r['docs']} | {r['clusters']} | {r['bcubed_sub']:.3f} | "
              f"{r['ari_sub']:.3f} | {r['bcubed_topic']:.3f} | {r['ari_topic']:.3f} | "
              f"{r['seconds']} |")


if __name__ == "__main__":
    main()
