"""Fit newsprism's same-fact pair model (``src/newsprism/weights/same-fact.json``).

Data: the development set of real three-outlet stories in ``../shared/eval`` (BASIL articles,
hand-written gold). Each story runs through the real stages (ingest, annotate, resolve,
claims); every claim is paired with its nearest claims in the other articles, exactly as the
aligner does. Labels come from the gold's evidence strings:

- one fact: two claims of two outlets that each hold evidence of one gold consensus fact;
- not one fact: a candidate pair where one claim holds a gold fact's evidence and the other
  holds none of that fact's evidence (the gold lists every outlet that states a fact, in any
  words, so such a claim states something else);
- unlabelled, unless ``--restatement-cosine`` is 1: such a pair whose other claim sits in an
  article that carries the fact and is close (cosine ≥ the setting) to that article's evidence
  claim. Articles often state a fact twice (the lead, then a quote: "the lawsuit was without
  merit" / "the challenge is 'political grandstanding' without merit") and the gold lists one
  wording per outlet, so the second is no reliable "not one fact". Counting it as one taught
  the model that only an article's single best match can be the same fact.

Pairs where neither claim holds gold evidence are unlabelled and left out. The model is fitted
on the tuning half of the stories only (``--tune``, default the first, third, fifth and
seventh in name order); the script prints pair-level scores on both halves, so the number
reported for the other half is a held-out one.

    python training/train_same_fact.py [--eval ../shared/eval] [--out PATH]
        [--claim-model DIR] [--restatement-cosine 0.5]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np

from newsprism import annotate as annotate_stage
from newsprism.align import BROAD_ENTITY_TYPES
from newsprism.align.group import neighbour_lists
from newsprism.align.samefact import BINARY_FEATURES, FEATURES, WEIGHTS, PairEvidence
from newsprism.claims import extract_claims
from newsprism.embeddings import embed_claims
from newsprism.ingest import ingest
from newsprism.pipeline import estimate_anchors
from newsprism.resolve import link_speakers, resolve

NEIGHBOURS = 20
# Chosen on the tuning half's consensus (../shared/eval, score_all.sh) among 0.3-0.6 and 1 (off).
RESTATEMENT_COSINE = 0.5


def norm(text: str) -> str:
    """As the eval scorer compares evidence: curly quotes folded, spaces collapsed, lower."""
    for curly, plain in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(curly, plain)
    return re.sub(r"\s+", " ", text).strip().lower()


def prepare(story: Path, claim_model: str | None = None):
    """The story's claims and their pair evidence, through the real stages; ``claim_model``:
    a sentence-transformers directory for the statement vectors (default: the shipped one)."""
    articles = ingest([story]).articles
    annotated = annotate_stage.annotate(articles, anchors=estimate_anchors(articles))
    entities = resolve(annotated)
    annotated = link_speakers(annotated, entities)
    claims = extract_claims(annotated, entities)
    vectors = embed_claims([c.text for c in claims], claim_model)
    neighbours = neighbour_lists(claims, vectors, NEIGHBOURS)
    weak = frozenset(e.id for e in entities if e.type in BROAD_ENTITY_TYPES)
    quantities = {q.id: q for a in annotated for q in a.quantities}
    evidence = PairEvidence(claims, vectors, neighbours, quantities, weak)
    doc_of = {a.id: Path(a.path or "").stem[:3] for a in articles}
    return claims, neighbours, evidence, doc_of


def labelled_pairs(story: Path, gold: dict, claim_model: str | None = None,
                   restatement: float = RESTATEMENT_COSINE):
    """(features, labels) of one story's labelled pairs."""
    claims, neighbours, evidence, _ = prepare(story, claim_model)
    keys, labels = labelled_keys(claims, neighbours, gold, evidence.vectors, restatement)
    return evidence.matrix(keys), labels


def labelled_keys(claims, neighbours, gold: dict, vectors: np.ndarray | None = None,
                  restatement: float = 1.0) -> tuple[list[tuple[int, int]], np.ndarray]:
    """The labelled pairs of one story's claims, ``(i, j)`` with i < j, and their labels.
    With ``vectors`` and ``restatement`` < 1, likely restatements are left unlabelled (see
    the module docstring)."""
    texts = [norm(c.text) for c in claims]
    holds: dict[str, set[int]] = {}  # gold fact -> claims holding any of its evidence
    for fact in gold["consensus"]:
        needles = [norm(e) for e in fact["evidence"].values()]
        holds[fact["id"]] = {i for i, t in enumerate(texts) if any(n in t for n in needles)}

    def restates(other: int, members: set[int]) -> bool:
        return vectors is not None and restatement < 1 and any(
            claims[m].article_id == claims[other].article_id
            and float(vectors[other] @ vectors[m]) >= restatement for m in members)

    pairs: dict[tuple[int, int], int] = {}
    for members in holds.values():
        for i in members:
            for j in members:
                if i < j and claims[i].article_id != claims[j].article_id:
                    pairs[(i, j)] = 1
    for i, listed in neighbours.items():
        for j, _ in listed:
            key = (min(i, j), max(i, j))
            if key in pairs:
                continue
            uncertain = False
            for members in holds.values():
                if (i in members) != (j in members):
                    pairs[key] = 0
                    uncertain |= restates(j if i in members else i, members)
            if uncertain:
                del pairs[key]
    keys = sorted(pairs)
    return keys, np.array([pairs[k] for k in keys])


def fit(x: np.ndarray, y: np.ndarray) -> dict:
    from sklearn.linear_model import LogisticRegression

    means, scales = x.mean(axis=0), x.std(axis=0)
    scales[scales == 0] = 1.0
    # Yes/no features stay 0/1: standardising a rare one (a value agreeing: 1 pair in 1,000)
    # would turn it into a huge input whose weight the regularisation barely restrains.
    binary = [k for k, name in enumerate(FEATURES) if name in BINARY_FEATURES]
    means[binary], scales[binary] = 0.0, 1.0
    model = LogisticRegression(C=1.0, max_iter=1000).fit((x - means) / scales, y)
    return {"weights": dict(zip(FEATURES, model.coef_[0].round(4).tolist(), strict=True)),
            "bias": round(float(model.intercept_[0]), 4),
            "means": dict(zip(FEATURES, means.round(5).tolist(), strict=True)),
            "scales": dict(zip(FEATURES, scales.round(5).tolist(), strict=True))}


def pair_scores(params: dict, x: np.ndarray, y: np.ndarray) -> dict:
    from sklearn.metrics import roc_auc_score

    from newsprism.align.samefact import SameFactModel

    model = SameFactModel(params["weights"], params["bias"], params["means"],
                          params["scales"], {})
    p = model.probability(x)
    out = {"pairs": int(len(y)), "positives": int(y.sum()), "auc": round(roc_auc_score(y, p), 3)}
    for threshold in (0.3, 0.5, 0.7):
        predicted = p >= threshold
        tp = int((predicted & (y == 1)).sum())
        out[f"p@{threshold}"] = round(tp / max(int(predicted.sum()), 1), 3)
        out[f"r@{threshold}"] = round(tp / max(int(y.sum()), 1), 3)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval", type=Path, default=Path("../shared/eval"))
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    parser.add_argument("--tune", nargs="*", help="story names to fit on (default: odd ones)")
    parser.add_argument("--claim-model", help="sentence-transformers directory the weights are "
                        "for (give the same to `newsprism analyze --claim-model`; default: "
                        "the shipped claim encoder)")
    parser.add_argument("--restatement-cosine", type=float, default=RESTATEMENT_COSINE,
                        help="leave a negative unlabelled when its claim is this close to its "
                        "article's evidence claim of the fact (1: off)")
    args = parser.parse_args(argv)
    names = sorted(p.stem for p in (args.eval / "gold").glob("*.json"))
    tune = args.tune or names[0::2]
    data = {}
    for name in names:
        gold = json.loads((args.eval / "gold" / f"{name}.json").read_text(encoding="utf-8"))
        data[name] = labelled_pairs(args.eval / "stories" / name, gold, args.claim_model,
                                    args.restatement_cosine)
        print(f"{name}: {len(data[name][1])} pairs, {int(data[name][1].sum())} one fact",
              file=sys.stderr)
    x = np.concatenate([data[n][0] for n in tune])
    y = np.concatenate([data[n][1] for n in tune])
    params = fit(x, y)
    check = [n for n in names if n not in tune]
    scores = {"tune": pair_scores(params, x, y)}
    if check:
        scores["check"] = pair_scores(params, np.concatenate([data[n][0] for n in check]),
                                      np.concatenate([data[n][1] for n in check]))
    params["about"] = {
        "method": "logistic regression (scikit-learn, C=1.0) on standardised pair features",
        "data": "hand-labelled claim pairs of real three-outlet news stories (BASIL "
                "articles, newsprism's own gold); see training/train_same_fact.py",
        "tuned_on": tune, "checked_on": check, "scores": scores,
        "neighbours": NEIGHBOURS, "claim_model": args.claim_model or "shipped claim encoder",
        "restatement_cosine": args.restatement_cosine,
    }
    args.out.write_text(json.dumps(params, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(scores, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
