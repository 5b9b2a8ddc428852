"""How newsprism's relation labels separate ClaimDiff's claim pairs (train split).

ClaimDiff (Ko et al., 2023): claim pairs from two outlets' articles on one contentious topic;
annotators marked whether claim B strengthens claim A, weakens it, or neither. Each pair runs
through newsprism as a two-article story of one sentence each (annotate, resolve, claims,
align, default settings) and gets newsprism's label: same fact, conflict, or neither.

Printed: the confusion table (ClaimDiff label × newsprism label) and how often a pair
newsprism calls a conflict is a "weaken" pair. ClaimDiff's "weaken" is wider than
contradiction (it includes doubt, counter-evidence and a different emphasis), so conflict
recall against it is expected to be low; precision is the figure that matters.

    python bench/claimdiff.py [--limit N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pair_runner import article, run_pairs  # noqa: E402

from newsprism.align import AlignSettings  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "claimdiff"


def load(limit: int | None) -> list[dict]:
    strength = json.loads((DATA / "ClaimDiff-strength-train.json").read_text())["data"]
    weak = {x["pair_id"]: x["relation"]
            for x in json.loads((DATA / "ClaimDiff-weak-train.json").read_text())["data"]}
    pairs = []
    for item in strength:
        label = "strengthen" if item["relation"] else "weaken" if weak.get(
            item["pair_id"]) else "neither"
        pairs.append({**item, "label": label})
    return pairs[:limit] if limit else pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    items = load(args.limit)
    pairs = []
    for item in items:
        a = article({"text": item["claim_a"], "outlet": item["article_a"],
                     "published": item["date"]}, "A")
        b = article({"text": item["claim_b"], "outlet": item["article_b"],
                     "published": item["date"]}, "B")
        pairs.append((a, b, (0, len(a.text)), (0, len(b.text))))
    began = time.perf_counter()
    results = run_pairs(pairs, AlignSettings())
    seconds = time.perf_counter() - began
    table = Counter()
    for item, result in zip(items, results, strict=True):
        ours = "conflict" if result.conflict else "same fact" if result.same_fact else "neither"
        table[(item["label"], ours)] += 1
    print(f"{len(items)} pairs, {seconds:.0f} s")
    print("| ClaimDiff label | n | newsprism: same fact | conflict | neither |")
    print("|---|---:|---:|---:|---:|")
    for gold in ("strengthen", "weaken", "neither"):
        row = [table[(gold, ours)] for ours in ("same fact", "conflict", "neither")]
        print(f"| {gold} | {sum(row)} | " + " | ".join(map(str, row)) + " |")
    conflicts = sum(v for (g, o), v in table.items() if o == "conflict")
    weaken_hits = table[("weaken", "conflict")]
    print(f"conflicts called: {conflicts}; of them ClaimDiff 'weaken': {weaken_hits}"
          f" ({weaken_hits / conflicts:.1%})" if conflicts else "no conflicts called")
    same = sum(v for (g, o), v in table.items() if o == "same fact")
    related = table[("strengthen", "same fact")] + table[("weaken", "same fact")]
    print(f"same fact called: {same}; of them related (strengthen or weaken): {related}"
          f" ({related / same:.1%})" if same else "no same-fact calls")


if __name__ == "__main__":
    main()
