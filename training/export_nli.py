"""Export a trained NLI run as newsprism ships it: fp16 safetensors plus tokenizer and settings.

fp16 halves the size (about 45 MB for MiniLM-L6) and newsprism loads it back as float32, so
scores do not depend on batch composition (dynamic int8 quantisation would: its activation
scales are computed over the whole batch). The export checks that the fp16 copy agrees with the
trained float32 model on held-out pairs and prints the largest difference.

    python training/export_nli.py training/runs/nli-minilm src/newsprism/weights/nli-minilm
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
from pathlib import Path

import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

SHARED = Path(__file__).resolve().parents[2] / "shared/data/nli"
KEEP = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
        "settings.json", "MODEL_CARD.md")


def export(run: Path, target: Path) -> float:
    tokenizer = AutoTokenizer.from_pretrained(str(run))
    model = AutoModelForSequenceClassification.from_pretrained(str(run), dtype=torch.float32)
    model.eval()
    card = target / "MODEL_CARD.md"
    kept_card = card.read_text(encoding="utf-8") if card.exists() else None
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    model.half().save_pretrained(str(target), safe_serialization=True)
    tokenizer.save_pretrained(str(target))
    shutil.copy(run / "settings.json", target / "settings.json")
    if kept_card:
        card.write_text(kept_card, encoding="utf-8")
    for extra in target.iterdir():
        if extra.name not in KEEP:
            extra.unlink() if extra.is_file() else shutil.rmtree(extra)
    return largest_difference(run, target)


def largest_difference(run: Path, target: Path, pairs: int = 256) -> float:
    with gzip.open(SHARED / "dev.jsonl.gz", "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for _, line in zip(range(pairs), lines, strict=False)]
    tokenizer = AutoTokenizer.from_pretrained(str(target))
    inputs = tokenizer([r["premise"] for r in records], [r["hypothesis"] for r in records],
                       padding=True, truncation=True, max_length=128, return_tensors="pt")
    outputs = []
    for path in (run, target):
        model = AutoModelForSequenceClassification.from_pretrained(str(path), dtype=torch.float32)
        with torch.inference_mode():
            outputs.append(model.eval()(**inputs).logits.softmax(-1))
    return float((outputs[0] - outputs[1]).abs().max())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run", type=Path)
    parser.add_argument("target", type=Path)
    args = parser.parse_args()
    difference = export(args.run, args.target)
    size = sum(f.stat().st_size for f in args.target.iterdir()) / 1e6
    print(f"exported to {args.target}: {size:.1f} MB; largest probability change fp32→fp16: "
          f"{difference:.5f}")


if __name__ == "__main__":
    main()
