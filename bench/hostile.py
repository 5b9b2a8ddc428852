"""Hostile inputs through ingest: does any kind abort a batch, lose a good item or take
unbounded memory? (issue 19)

Each kind is a folder holding a few hostile files next to one good article, ingested in a fresh
process (``resource`` peak RSS is per process). Printed per kind: items tried, per-item errors
and warnings, batches aborted (an exception escaped: must be 0), good articles stored (must be
all) and the process's peak RSS.

    python bench/hostile.py
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path

GOOD = "The harbour reopened on Monday after a three-day strike by dock workers ended."
BOMB = "---\na: &a [" + ", ".join(['"lol"'] * 9) + "]\n" + "".join(
    f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]\n"
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True)) + "title: *i\n---\n" + GOOD


def _kinds(root: Path) -> dict[str, list[Path]]:
    """kind -> the files written for it (the good article is added to each folder)."""
    kinds: dict[str, dict[str, bytes]] = {
        "yaml alias bomb": {"bomb.md": BOMB.encode()},
        "deep nesting": {"deep.md": ("---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n" +
                                     GOOD).encode(),
                         "n.txt": GOOD.encode() + b" Nested.",
                         "n.meta.json": b"[" * 20000 + b"]" * 20000},
        "endless jsonl line (gz)": {"rows.jsonl.gz": b""},  # written below, streamed
        "endless warc header (gz)": {"a.warc.gz": b""},
        "huge csv field": {"big.csv": b"text\n\"" + b"y" * (30 * 2**20) + b"\"\n"},
        "binary and empty": {"bin.html": b"\x00\x01\x02" * 1000, "empty.txt": b"",
                             "nul.md": b"\x00" * 5000},
        "mis-encoded": {"latin.html": ("<html><head><meta charset='iso-8859-1'></head><body>"
                                       "<p>" + (GOOD + " Caf\x81 cr\xe8me. ") * 5 +
                                       "</p></body></html>").encode("latin-1")},
        "control characters in names": {"evil\x1b[2J.txt": b"\x00binary"},
    }
    folders = {}
    for kind, files in kinds.items():
        folder = root / kind.replace(" ", "_").replace("(", "").replace(")", "")
        folder.mkdir()
        for name, data in files.items():
            (folder / name).write_bytes(data)
        (folder / "good.txt").write_text(GOOD, encoding="utf-8")
        folders[kind] = folder
    _endless(folders["endless jsonl line (gz)"] / "rows.jsonl.gz",
             b'{"text": "' + GOOD.encode() + b' Row one."}\n{"text": "', b"z")
    _endless(folders["endless warc header (gz)"] / "a.warc.gz",
             b"WARC/1.0\r\nWARC-Type: response\r\nX-Endless: ", b"a")
    return {kind: sorted(folder.iterdir()) for kind, folder in folders.items()}


def _endless(path: Path, head: bytes, filler: bytes, megabytes: int = 200) -> None:
    with gzip.open(path, "wb") as out:
        out.write(head)
        for _ in range(megabytes):
            out.write(filler * 2**20)


PROBE = """
import json, resource, sys
from newsprism.ingest import ingest
try:
    result = ingest([sys.argv[1]])
    warned = getattr(result, "warnings", ())  # older versions had no warnings
    report = {"aborted": 0, "errors": len(result.errors), "warnings": len(warned),
              "stored": [a.text for a in result.articles]}
except BaseException as exc:
    report = {"aborted": 1, "errors": 0, "warnings": 0, "stored": [], "why": repr(exc)[:200]}
report["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps(report))
"""


def main() -> None:
    print("| kind | items | errors | warnings | aborted | good stored | peak RSS |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for kind, files in _kinds(Path(tmp)).items():
            folder = files[0].parent
            done = subprocess.run([sys.executable, "-c", PROBE, str(folder)],
                                  capture_output=True, text=True, timeout=600)
            lines = done.stdout.strip().splitlines()
            report = json.loads(lines[-1]) if lines else {
                "aborted": 1, "errors": 0, "warnings": 0, "stored": [], "peak_mb": -1}
            good = sum(1 for text in report["stored"] if text == GOOD)
            items = sum(1 for f in files if not f.name.endswith(".meta.json"))
            print(f"| {kind} | {items} | {report['errors']} | {report['warnings']} | "
                  f"{report['aborted']} | {good}/1 | {report['peak_mb']} MB |")


if __name__ == "__main__":
    main()
