"""Artefacts for the two device calls of bench/gpu.py (bench/gpu_bundle.sh builds them).
Stdlib + numpy (+ safetensors for the weights), so it runs both here and on the device.

    python bench/gpu_pack.py quantise SRC_MODEL_DIR DST_DIR   # here: model.safetensors -> int8 npz
    python bench/gpu_pack.py unpack SRC_DIR DST_DIR           # device: int8 npz -> fp16 safetensors
    python bench/gpu_pack.py articles SRC.jsonl.gz DST.jsonl.gz COUNT
    python bench/gpu_pack.py untar SITE.tar.xz DST_DIR        # device: the pruned spaCy stack

Weights: every 2-D floating tensor (embeddings, linear layers) is stored int8, symmetric per
row (scale = max|row| / 127, kept in fp16); every other tensor (biases, LayerNorm, position
tables of one row) stays fp16. ``unpack`` writes ``q * scale`` back as fp16 safetensors with the
original tensor names, so the directory loads exactly like the original model (newsprism's
loaders cast to fp32). Throughput does not depend on weight values; the outputs stay close
to the real model's (cosine of dequantised vs original vectors is printed by ``quantise``'s
caller, bench/gpu.py run here on CPU).
"""

from __future__ import annotations

import gzip
import json
import shutil
import sys
from pathlib import Path

import numpy as np

WEIGHTS = "model.safetensors"
PACKED = "model.int8.npz"
SKIP = {".gitattributes", "README.md", "data_config.json", "MODEL_CARD.md"}  # not read to load


def quantise(src: Path, dst: Path) -> None:
    from safetensors.numpy import load_file

    dst.mkdir(parents=True, exist_ok=True)
    for path in src.rglob("*"):
        rel = path.relative_to(src)
        if path.is_dir() or path.name == WEIGHTS or path.name in SKIP or "__pycache__" in str(rel):
            continue
        (dst / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, dst / rel)
    tensors = load_file(str(src / WEIGHTS))
    arrays, names = {}, []
    for i, (name, tensor) in enumerate(sorted(tensors.items())):
        key = f"t{i}"
        names.append(name)
        if tensor.dtype.kind == "f" and tensor.ndim == 2 and tensor.shape[0] > 1:
            value = tensor.astype(np.float32)
            scale = np.abs(value).max(axis=1, keepdims=True) / 127.0
            scale[scale == 0] = 1.0
            arrays[key + "_q"] = np.clip(np.rint(value / scale), -127, 127).astype(np.int8)
            arrays[key + "_s"] = scale.astype(np.float16)
        elif tensor.dtype.kind == "f":
            arrays[key + "_f"] = tensor.astype(np.float16)
        else:
            arrays[key + "_x"] = tensor
    arrays["names"] = np.array(json.dumps(names))
    np.savez_compressed(dst / PACKED, **arrays)
    print(f"{src} -> {dst / PACKED}: {(dst / PACKED).stat().st_size / 2**20:.1f} MiB")


def unpack(src: Path, dst: Path) -> None:
    from safetensors.numpy import save_file

    shutil.copytree(src, dst, dirs_exist_ok=True, ignore=shutil.ignore_patterns(PACKED))
    packed = np.load(src / PACKED)
    names = json.loads(str(packed["names"]))
    tensors = {}
    for i, name in enumerate(names):
        key = f"t{i}"
        if key + "_q" in packed:
            tensors[name] = (packed[key + "_q"].astype(np.float32)
                             * packed[key + "_s"].astype(np.float32)).astype(np.float16)
        elif key + "_f" in packed:
            tensors[name] = packed[key + "_f"]
        else:
            tensors[name] = packed[key + "_x"]
    save_file(tensors, str(dst / WEIGHTS), metadata={"format": "pt"})
    print(f"{src} -> {dst}: {len(tensors)} tensors, fp16 (dequantised from int8)")


def articles(src: Path, dst: Path, count: int) -> None:
    """The first ``count`` articles with a body of 200+ characters: the fields bench/gpu.py
    reads, nothing else."""
    kept = 0
    with gzip.open(src, "rt", encoding="utf-8") as rows, \
            gzip.open(dst, "wt", encoding="utf-8", compresslevel=9) as out:
        for line in rows:
            row = json.loads(line)
            body = (row.get("content_original") or row.get("content") or "").strip()
            if len(body) < 200:
                continue
            out.write(json.dumps({"title": row.get("title"), "source": row.get("source"),
                                  "content": body}, ensure_ascii=False) + "\n")
            kept += 1
            if kept == count:
                break
    print(f"{dst}: {kept} articles, {dst.stat().st_size / 2**20:.1f} MiB")


def untar(src: Path, dst: Path) -> None:
    import tarfile

    dst.mkdir(parents=True, exist_ok=True)
    with tarfile.open(src) as tar:
        tar.extractall(dst, filter="data")
    print(f"{src} -> {dst}")


if __name__ == "__main__":
    verb, *rest = sys.argv[1:]
    if verb == "articles":
        articles(Path(rest[0]), Path(rest[1]), int(rest[2]))
    else:
        {"quantise": quantise, "unpack": unpack, "untar": untar}[verb](Path(rest[0]),
                                                                       Path(rest[1]))
