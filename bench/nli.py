"""Accuracy and speed of newsprism's NLI cross-encoder, next to a negation/antonym rule baseline.

Data (all held out from training):
- SNLI test (../shared/data/nli/dev.jsonl.gz): three-way accuracy, contradiction P/R/F1;
- FNC-1 news stance pairs: "disagree" (contradiction) vs agree/discuss, with the premise the
  whole body (truncated) and, claim-sized, the body sentence closest to the headline;
- bench/data/news_claim_pairs.jsonl: 60 news-claim pairs written for this bench before any
  training; news_claim_pairs_blind.jsonl: 90 more by a second author who never saw the
  training data or its phrase lexicon;
- held-out news edits: pairs made by training/make_news_pairs.py from articles the training
  split never saw.
Speed: pairs per second at batch 1 and 32 on claim-sized pairs, and peak memory.

    python bench/nli.py                  # shipped model
    python bench/nli.py --model DIR ...  # any HF cross-encoder directories, side by side
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
NLI_DATA = ROOT.parent / "shared" / "data" / "nli"
LABELS = ("entailment", "neutral", "contradiction")
NEGATION = re.compile(r"\b(not|no|never|none|nobody|nothing|without)\b|n't\b", re.I)
Predictor = Callable[[list[str], list[str]], list[str]]


def read_jsonl(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def rule_baseline(premises: list[str], hypotheses: list[str]) -> list[str]:
    """Contradiction on negation or antonym asymmetry; entailment when the hypothesis's words
    are nearly all in the premise; neutral otherwise."""
    from newsprism.align.conflicts import opposite_terms

    labels = []
    for p, h in zip(premises, hypotheses, strict=True):
        flipped = bool(NEGATION.search(p)) != bool(NEGATION.search(h)) or bool(
            opposite_terms(p, h))
        words_p, words_h = set(re.findall(r"\w+", p.lower())), set(re.findall(r"\w+", h.lower()))
        overlap = len(words_h & words_p) / max(1, len(words_h))
        labels.append("contradiction" if flipped else "entailment" if overlap >= 0.8
                      else "neutral")
    return labels


def model_predictors(path: str | None, device: str, threshold: float):
    """The model's three-way label, and contradiction as the aligner decides it: the mean of
    both directions' contradiction probability at ``threshold`` (scored as a binary task)."""
    from newsprism.nli import NLIModel

    model = NLIModel(path, device=device).warm_up()

    def predict(premises: list[str], hypotheses: list[str]) -> list[str]:
        return [p.label for p in model.predict(premises, hypotheses)]

    def two_way(premises: list[str], hypotheses: list[str]) -> list[str]:
        return ["contradiction" if score >= threshold else "other"
                for score in model.symmetric_contradiction(premises, hypotheses)]

    return [(model.name, predict, False),
            (f"{model.name}, two-way mean ≥ {threshold} (as aligned)", two_way, True)]


def scores(gold: list[str], predicted: list[str], binary: bool = False) -> dict[str, float]:
    if binary:  # contradiction vs the rest
        gold = ["contradiction" if g == "contradiction" else "other" for g in gold]
        predicted = ["contradiction" if p == "contradiction" else "other" for p in predicted]
    tp = sum(g == p == "contradiction" for g, p in zip(gold, predicted, strict=True))
    predicted_c = sum(p == "contradiction" for p in predicted)
    gold_c = sum(g == "contradiction" for g in gold)
    precision = tp / predicted_c if predicted_c else 0.0
    recall = tp / gold_c if gold_c else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / max(1, len(gold))
    return {"n": len(gold), "accuracy": accuracy, "precision": precision, "recall": recall,
            "f1": f1}


def datasets(args: argparse.Namespace) -> dict[str, tuple[list[dict], bool]]:
    rng = random.Random(13)
    snli = read_jsonl(NLI_DATA / "dev.jsonl.gz")
    snli = snli if args.snli <= 0 else rng.sample(snli, min(args.snli, len(snli)))
    fnc = read_jsonl(NLI_DATA / "extra_fnc1_news_stance.jsonl.gz")
    fnc = rng.sample(fnc, min(args.fnc, len(fnc)))
    found = {
        "SNLI test": (snli, False),
        "FNC-1 body→headline": (fnc, True),
        "FNC-1 best sentence→headline": (closest_sentences(fnc), True),
        "news claim pairs (hand-written)": (read_jsonl(ROOT / "bench/data/news_claim_pairs.jsonl"),
                                            False),
    }
    blind = ROOT / "bench/data/news_claim_pairs_blind.jsonl"
    if blind.exists():
        found["news claim pairs (blind, second author)"] = (read_jsonl(blind), False)
    edits = held_out_edits(args.edits, rng)
    if edits:
        found["news edits (held-out articles)"] = (edits, False)
    return found


def closest_sentences(pairs: list[dict]) -> list[dict]:
    """The same pairs with each body cut to its sentence closest to the headline (MiniLM)."""
    import numpy as np

    from newsprism.embeddings import embed

    split = [[s for s in re.split(r"(?<=[.!?])\s+", r["premise"]) if len(s) > 20] or
             [r["premise"]] for r in pairs]
    sentence_vectors = embed([s for sentences in split for s in sentences])
    headline_vectors = embed([r["hypothesis"] for r in pairs])
    out, start = [], 0
    for record, sentences, headline in zip(pairs, split, headline_vectors, strict=True):
        block = sentence_vectors[start:start + len(sentences)]
        start += len(sentences)
        out.append({**record, "premise": sentences[int(np.argmax(block @ headline))]})
    return out


def held_out_edits(count: int, rng: random.Random) -> list[dict]:
    sys.path.insert(0, str(ROOT / "training"))
    from make_news_pairs import ALLSIDES, generate

    if count <= 0 or not ALLSIDES.exists():
        return []
    records = [r for r in generate(ALLSIDES, 2, 0.1, 13) if r["split"] == "heldout"]
    return rng.sample(records, min(count, len(records)))


def speed(predict_one: Callable, pairs: list[dict], batch_size: int, limit: int) -> float:
    premises = [r["premise"] for r in pairs][:limit]
    hypotheses = [r["hypothesis"] for r in pairs][:limit]
    started = time.perf_counter()
    for start in range(0, len(premises), batch_size):
        predict_one(premises[start:start + batch_size], hypotheses[start:start + batch_size])
    return len(premises) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", action="append", default=None,
                        help="model directory (repeatable); default: the shipped model")
    parser.add_argument("--snli", type=int, default=0, help="sample size (0: all 9,824)")
    parser.add_argument("--fnc", type=int, default=1500)
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--only", default="", help="run the data sets whose name contains this")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--threshold", type=float, default=0.7,
                        help="two-way contradiction threshold (the aligner's nli_threshold)")
    args = parser.parse_args()

    data = datasets(args)
    systems: list[tuple[str, Predictor, bool]] = [
        ("rules (negation/antonym)", rule_baseline, False)]
    paths = args.model or [None]
    for path in paths:
        systems += model_predictors(path, args.device, args.threshold)
    rows = []
    for name, records_binary in data.items():
        if args.only.lower() not in name.lower():
            continue
        records, binary = records_binary
        gold = [r["label"] for r in records]
        for system, predict, system_binary in systems:
            started = time.perf_counter()
            predicted = predict([r["premise"] for r in records], [r["hypothesis"] for r in records])
            rows.append((name, system, scores(gold, predicted, binary or system_binary)))
            print(f"{name} · {system}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print_table(rows)
    if not args.no_speed:
        print_speed(paths, args.device, data["news claim pairs (hand-written)"][0] +
                    data["SNLI test"][0][:1000])


def print_table(rows) -> None:
    print("Accuracy is three-way, except on FNC-1 and for two-way rows: contradiction vs rest.")
    print("| data | system | pairs | accuracy | contradiction P | R | F1 |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, system, s in rows:
        print(f"| {name} | {system} | {s['n']:,} | {s['accuracy']:.3f} | {s['precision']:.3f} "
              f"| {s['recall']:.3f} | {s['f1']:.3f} |")


def print_speed(paths: list[str | None], device: str, pairs: list[dict]) -> None:
    from newsprism.nli import NLIModel

    print("\n| model | device | batch 1 pairs/s | batch 32 pairs/s | peak RSS MB |")
    print("|---|---|---:|---:|---:|")
    for path in paths:
        model = NLIModel(path, batch_size=32, device=device).warm_up()
        name = model.name
        one = speed(model.predict, pairs, 1, 200)  # speed() hands over one batch at a time
        many = speed(model.predict, pairs, 32, len(pairs))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"| {name} | {device} | {one:.1f} | {many:.1f} | {peak:,.0f} |")


if __name__ == "__main__":
    main()
