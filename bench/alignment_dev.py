"""Conflict detection and grouping on newsprism's own hand-written dev set.

bench/data/alignment_dev.jsonl: pairs of short invented reports of one event by two outlets,
written for this bench by a second author who saw neither the source code nor the example
articles. Each names one target sentence per article and a label: agree (same fact),
conflict (numeric / temporal / semantic; some attributed to speakers on both sides),
compatible (same story, related, neither) or unrelated.

Every pair runs through the real stages (annotate, resolve, claims, align) as a two-article
story. Reported: precision and recall of conflict detection (any conflict between the two
target sentences), recall per conflict kind, false-conflict rate on the hard negatives,
whether conflicts between two attributed claims are marked as between speakers, and
precision/recall of grouping (the two targets land in one fact) for "agree".

    python bench/alignment_dev.py [--split all|odd|even]
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

DATA = Path(__file__).resolve().parent / "data" / "alignment_dev.jsonl"
SYSTEMS = {
    "newsprism (NLI + state opposition)": AlignSettings(),
    "NLI only (no state opposition)": AlignSettings(state_conflicts=False),
    "rules only (NLI off)": AlignSettings(use_nli=False),
}


def load(split: str) -> list[dict]:
    cases = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    if split == "all":
        return cases
    parity = 1 if split == "odd" else 0
    return [c for c in cases if int(c["id"].lstrip("c")) % 2 == parity]


def pairs_of(cases: list[dict]):
    out = []
    for case in cases:
        a, b = article(case["a"], "outlet A"), article(case["b"], "outlet B")
        sa, sb = a.text.index(case["target_a"]), b.text.index(case["target_b"])
        out.append((a, b, (sa, sa + len(case["target_a"])), (sb, sb + len(case["target_b"]))))
    return out


def score(cases: list[dict], results) -> dict[str, object]:
    both = list(zip(cases, results, strict=True))
    tp = sum(1 for c, r in both if r.conflict and c["label"] == "conflict")
    predicted = sum(1 for r in results if r.conflict)
    gold = sum(1 for c in cases if c["label"] == "conflict")
    by_kind = Counter(c["kind"] for c in cases if c["label"] == "conflict")
    found_kind = Counter(c["kind"] for c, r in zip(cases, results, strict=True)
                         if r.conflict and c["label"] == "conflict")
    negatives = [(c, r) for c, r in zip(cases, results, strict=True)
                 if c["label"] in {"compatible", "unrelated", "agree"}]
    attributed = [(c, r) for c, r in zip(cases, results, strict=True)
                  if c["label"] == "conflict" and r.conflict]
    agree_gold = sum(1 for c in cases if c["label"] == "agree")
    same_pred = sum(1 for r in results if r.same_fact and not r.conflict)
    same_tp = sum(1 for c, r in zip(cases, results, strict=True)
                  if r.same_fact and not r.conflict and c["label"] == "agree")
    return {
        "P": tp / predicted if predicted else 0.0, "R": tp / gold if gold else 0.0,
        "kinds": {k: f"{found_kind[k]}/{n}" for k, n in sorted(by_kind.items())},
        "false_conflicts": f"{sum(1 for _, r in negatives if r.conflict)}/{len(negatives)}",
        "speakers": f"{sum(1 for c, r in attributed if r.between_speakers == c['attributed'])}"
                    f"/{len(attributed)}",
        "group_P": same_tp / same_pred if same_pred else 0.0,
        "group_R": same_tp / agree_gold if agree_gold else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["all", "odd", "even"], default="all")
    parser.add_argument("--show-false", action="store_true",
                        help="print each conflict reported on a non-conflict pair, with its reason")
    args = parser.parse_args()
    cases = load(args.split)
    labels = Counter(c["label"] for c in cases)
    print(f"{len(cases)} cases: " + ", ".join(f"{k} {v}" for k, v in sorted(labels.items())))
    print("| system | conflict P | R | F1 | found per kind | false conflicts on non-conflicts "
          "| between-speakers right | grouping P | R | s |")
    print("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|")
    pairs = pairs_of(cases)
    for name, settings in SYSTEMS.items():
        began = time.perf_counter()
        results = run_pairs(pairs, settings)
        m = score(cases, results)
        if args.show_false:
            for case, result in zip(cases, results, strict=True):
                if result.conflict and case["label"] != "conflict":
                    print(f"  false ({name}) {case['id']} {case['label']}: "
                          f"{case['target_a']!r} / {case['target_b']!r}: {result.conflict.reason}")
        f1 = 2 * m["P"] * m["R"] / (m["P"] + m["R"]) if m["P"] + m["R"] else 0.0
        kinds = ", ".join(f"{k} {v}" for k, v in m["kinds"].items())
        print(f"| {name} | {m['P']:.3f} | {m['R']:.3f} | {f1:.3f} | {kinds} | "
              f"{m['false_conflicts']} | {m['speakers']} | {m['group_P']:.3f} | "
              f"{m['group_R']:.3f} | {time.perf_counter() - began:.0f} |")


if __name__ == "__main__":
    main()
