"""Make news-domain NLI training pairs from real news sentences by controlled edits.

The public NLI sets are image captions and Wikipedia; news claims differ (numbers, dates,
officials, outcomes). This script takes sentences from the AllSides articles (Apache-2.0) and
edits them so the label is known by construction:

- contradiction: a changed exact number, a negated or un-negated auxiliary, an outcome verb
  swapped for its opposite, a changed weekday, month or year;
- entailment: a trailing clause, attribution or opening adverbial dropped; an exact number
  weakened to a lower bound ("12" -> "more than 10");
- neutral: another sentence of the same article; a bound count changed ("at least 12" ->
  "at least 30"); a time added that the premise does not state.

Contradictions are emitted in both directions (the relation is symmetric). Articles are split
by id so a held-out set of generated pairs can be scored apart from training. Paraphrastic
pairs from training/state_pairs.py (people named in the training-split articles) are added.

    python training/make_news_pairs.py --out training/data/news_pairs.jsonl.gz
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from state_pairs import harvest_names, state_pairs  # noqa: E402

ALLSIDES = Path(__file__).resolve().parents[2] / "shared/data/allsides/allsides-12k.jsonl.gz"
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“A-Z])")
AUXILIARIES = r"is|was|were|are|has|have|had|will|would|can|could|should|does|did"
AUX_RE = re.compile(rf"\b({AUXILIARIES})\b(?! not\b)(?!n't)")
NEGATED_RE = re.compile(rf"\b({AUXILIARIES}) not\b|\b(is|was|were|are|has|have|had|does|did)n't\b")
BOUND_WORDS = r"at least|more than|over|about|nearly|up to|some|around|almost|roughly|fewer than"
NUMBER_RE = re.compile(r"(?<![\w$.,])(\d{1,3}(?:,\d{3})*|\d+)(?![\w.,]\d)")
BOUNDED_NUMBER_RE = re.compile(rf"\b({BOUND_WORDS}) (\d{{1,3}}(?:,\d{{3}})*|\d+)\b")
YEAR_RE = re.compile(r"\b(19[5-9]\d|20[0-2]\d)\b")
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "June", "July", "August", "September",
          "October", "November", "December"]
OPPOSITES = [
    ("rose", "fell"), ("increased", "decreased"), ("won", "lost"), ("approved", "rejected"),
    ("accepted", "rejected"), ("confirmed", "denied"), ("opened", "closed"),
    ("lifted", "imposed"), ("allowed", "banned"), ("supported", "opposed"), ("higher", "lower"),
    ("acquitted", "convicted"), ("arrested", "released"), ("gained", "lost"),
    ("raised", "cut"), ("began", "ended"), ("passed", "failed"), ("agreed", "refused"),
    ("signed", "vetoed"), ("expanded", "reduced"), ("increase", "decrease"), ("before", "after"),
    ("guilty", "not guilty"), ("legal", "illegal"), ("survived", "died"), ("upheld", "struck down"),
    ("praised", "criticized"), ("backed", "opposed"), ("resigned", "stayed on"),
    ("ally", "opponent"), ("most", "least"), ("strengthened", "weakened"), ("first", "last"),
]
DROP_TAIL = re.compile(r",\s+(which|who|according to|where|while|as|after|before|because|but|"
                       r"although|including|saying)\b[^,]*[.]$")
DROP_LEAD = re.compile(r"^(On|In|Last|Earlier|Later|This|Meanwhile|However|Still|But|Yet|Also)"
                       r"\b[^,]{0,40},\s+")
DROP_ATTRIBUTION = re.compile(r",\s+(he|she|they|officials|police|\w+ \w+) (said|says|told \w+)\.$")


def sentences(text: str) -> Iterator[str]:
    for paragraph in text.split("\n"):
        for sentence in SENTENCE_END.split(paragraph.strip()):
            words = sentence.split()
            if 8 <= len(words) <= 40 and sentence[-1] in ".!?" and '"' not in sentence \
                    and "“" not in sentence and not sentence.isupper():
                yield sentence


def exact_number(s: str) -> re.Match | None:
    """The first plain count in a sentence that has no bounded count ("at least 12") in it."""
    m = NUMBER_RE.search(s)
    if m and not YEAR_RE.fullmatch(m.group(1)) and not BOUNDED_NUMBER_RE.search(s):
        return m
    return None


def contradictions(s: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    m = exact_number(s)
    if m:
        value = int(m.group(1).replace(",", ""))
        if value >= 2:
            new = rng.choice([value * 2, value + rng.randint(2, 9), max(1, value // 3)])
            if new != value:
                yield "number", s[: m.start(1)] + f"{new:,}" + s[m.end(1):]
    negated = NEGATED_RE.search(s)
    if negated:
        text = negated.group(0)
        fixed = text.replace(" not", "") if " not" in text else text.replace("n't", "")
        yield "negation", s[: negated.start()] + fixed + s[negated.end():]
    else:
        auxiliaries = list(AUX_RE.finditer(s))
        if len(auxiliaries) == 1:
            a = auxiliaries[0]
            yield "negation", s[: a.end()] + " not" + s[a.end():]
    for left, right in rng.sample(OPPOSITES, len(OPPOSITES)):
        for old, new in ((left, right), (right, left)):
            if re.search(rf"\b{old}\b", s):
                yield "opposite", re.sub(rf"\b{old}\b", new, s, count=1)
                return
    for names in (WEEKDAYS, MONTHS):
        for name in names:
            if re.search(rf"\b{name}\b", s):
                other = rng.choice([n for n in names if n != name])
                yield "time", re.sub(rf"\b{name}\b", other, s, count=1)
                return
    year = YEAR_RE.search(s)
    if year:
        other = int(year.group(1)) + rng.choice([-3, -2, 2, 3])
        yield "time", s[: year.start()] + str(other) + s[year.end():]


def entailments(s: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    for kind, pattern in (("drop-tail", DROP_TAIL), ("drop-attribution", DROP_ATTRIBUTION)):
        shorter = pattern.sub(".", s)
        if shorter != s and len(shorter.split()) >= 6:
            yield kind, shorter
            break
    lead = DROP_LEAD.match(s)
    if lead and len(s) - lead.end() > 30:
        rest = s[lead.end():]
        yield "drop-lead", rest[0].upper() + rest[1:]
    m = exact_number(s)
    if m:
        value = int(m.group(1).replace(",", ""))
        if value >= 5:
            lower = rng.choice([value - 1, value // 2, int(value * 0.8)])
            bound = rng.choice(["more than", "at least", "over"])
            yield "weaken-number", s[: m.start(1)] + f"{bound} {lower:,}" + s[m.end(1):]


def neutrals(s: str, others: list[str], rng: random.Random) -> Iterator[tuple[str, str]]:
    candidates = [o for o in others if o != s]
    if candidates:
        yield "other-sentence", rng.choice(candidates)
    m = BOUNDED_NUMBER_RE.search(s)
    if m and m.group(1) in ("at least", "more than", "over"):
        value = int(m.group(2).replace(",", ""))
        higher = value * rng.choice([2, 3]) + rng.randint(1, 9)
        yield "bound-count", s[: m.start(2)] + f"{higher:,}" + s[m.end(2):]
    if not any(w in s for w in WEEKDAYS) and s.endswith("."):
        yield "add-time", s[:-1] + f" on {rng.choice(WEEKDAYS)}."


def held_out(article_id: str, fraction: float) -> bool:
    return int(hashlib.sha1(article_id.encode()).hexdigest(), 16) % 1000 < fraction * 1000


def generate(source: Path, per_article: int, held_fraction: float, seed: int) -> Iterator[dict]:
    rng = random.Random(seed)
    with gzip.open(source, "rt", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            found = list(dict.fromkeys(sentences(article.get("content_original") or "")))[1:]
            if len(found) < 3:
                continue
            split = "heldout" if held_out(article["ID"], held_fraction) else "train"
            for s in rng.sample(found, min(per_article, len(found))):
                yield from _pairs_for(s, found, rng, article["ID"], split)


def _pairs_for(s: str, found: list[str], rng: random.Random, aid: str, split: str):
    made = [("contradiction", *c) for c in contradictions(s, rng)]
    made += [("entailment", *e) for e in entailments(s, rng)]
    made += [("neutral", *n) for n in neutrals(s, found, rng)]
    for label, edit, hypothesis in made:
        record = {"premise": s, "hypothesis": hypothesis, "label": label,
                  "source": f"news_edit:{edit}", "article": aid, "split": split}
        yield record
        if label == "contradiction":  # symmetric: teach both directions
            yield {**record, "premise": hypothesis, "hypothesis": s}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=ALLSIDES)
    parser.add_argument("--out", type=Path, default=Path("training/data/news_pairs.jsonl.gz"))
    parser.add_argument("--per-article", type=int, default=2)
    parser.add_argument("--held-out", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--state-pairs", type=int, default=6000)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[tuple[str, str], int] = {}
    with gzip.open(args.out, "wt", encoding="utf-8") as out:
        names: list[str] = []
        edits = list(generate(args.source, args.per_article, args.held_out, args.seed))
        for record in edits:
            if record["split"] == "train":
                names.append(record["premise"])
        states = state_pairs(harvest_names(names), args.state_pairs, args.seed)
        for record in [*edits, *({**r, "split": "train"} for r in states)]:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            key = (record["split"], record["label"])
            counts[key] = counts.get(key, 0) + 1
    for (split, label), n in sorted(counts.items()):
        print(f"{split:8} {label:14} {n:6,}")


if __name__ == "__main__":
    main()
