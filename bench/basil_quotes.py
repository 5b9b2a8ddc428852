"""Quote attribution on BASIL: does newsprism find the quotes and name the right speaker?

Data: BASIL (Fan et al., EMNLP 2019), ../shared/data/basil: story triplets of articles from Fox
News, the New York Times and the Huffington Post (``source``: fox, nyt, hpo), with phrase-level
annotations. Each annotated phrase says whether it lies in a quote (``quote``) and, if so, who
speaks it (``speaker``); its ``start``/``end`` are character offsets into one sentence of
``body-paragraphs``. The article text given to newsprism is the body: a paragraph's sentences
joined by a space, paragraphs by a blank line; each gold span is mapped into that text through
the sentence it lies in (the sentence where ``sentence[start:end] == txt``).

Measured, for every gold phrase with ``quote == "yes"`` and a speaker:
- coverage: some newsprism quote overlaps the phrase, by its content span, else by its sentence
  (the quote whose sentence overlaps the phrase) — both counted, and told apart;
- speaker accuracy among covered phrases: the best-overlapping quote's speaker is the gold
  speaker; unresolved (speaker None) counted separately;
- end to end: correct speaker / all gold phrases.
Split by direct (the phrase lies inside quotation marks in the text) vs reported speech, by
outlet, and by speaker kind (a person the article names vs a group or organisation).

Names are compared leniently. Gold "Michael_Steele" → "michael steele"; the prediction is
normalised by ``newsprism.resolve.normalise_name`` (case, titles such as "Mr." and "Sen.",
possessive). A person matches when the last words match (``same_name``, which also forgives
transliteration variants: "Steele", "Mr. Steele", "Michael Steele" all match). A group label
("Obama_campaign", "Senate_Republicans", "NAACP") matches when a content word of the label and
a word of the prediction agree after folding plurals and derivations (without a final "s",
one is a prefix of the other, at least five letters long: "Democratic"/"Democrats"); generic
words ("officials", "lawmakers", "campaign", ...) do not count.

Skipped, and reported as such (the rule, in order):
1. speaker ``other_anti``/``other_pro``/``other_neutral``: BASIL's placeholder for a speaker who
   is not one of the story's main entities; it names nobody, so only coverage is measured for
   these (the "coverage only" row);
2. the phrase is not found in the body (e.g. it annotates the headline);
3. the gold speaker is not named in the article: no content word of the label occurs in the
   text (compared as above), so no extractor could name it.
A gold speaker is a "person" when the article has a PERSON mention (newsprism's NER) whose
last word matches the label's last word; otherwise a "group".

    python bench/basil_quotes.py                    # the table
    python bench/basil_quotes.py --show-errors 20   # plus 20 wrong and 20 missed attributions
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
BASIL = ROOT.parent / "shared" / "data" / "basil"
ANONYMOUS = re.compile(r"^other_", re.I)
GENERIC = {"and", "the", "of", "officials", "official", "lawmakers", "lawmaker", "campaign",
           "members", "member", "people", "group", "groups", "state", "other"}
STEM = 5  # letters two words must share to count as one word in a group label
OPENING, CLOSING = "“«", "”»"
SKIP_REASONS = ("placeholder speaker (other_*): coverage only", "phrase not found in the body",
                "speaker not named in the article")


@dataclass
class Gold:
    article_id: str
    outlet: str
    speaker: str  # as annotated, "Michael_Steele"
    start: int  # in the article text
    end: int
    text: str
    sentence: str  # the BASIL sentence holding it
    direct: bool
    kind: str = "?"  # "person" or "group", set once the article is annotated


@dataclass
class Outcome:
    gold: Gold
    quote: object | None  # the newsprism Quote chosen, if any
    by: str  # "content", "sentence" or "missed"
    correct: bool
    names_person: bool = False  # the predicted speaker is a PERSON the article names


def load(basil: Path, limit: int = 0):
    """Articles (newsprism ``Article``s), their gold quote phrases, and what was skipped."""
    from newsprism.models import Article

    articles, golds = [], []
    skipped = Counter({reason: 0 for reason in SKIP_REASONS})
    anonymous = []  # gold phrases with a placeholder speaker: coverage only
    for ann_path in sorted(basil.glob("annotations/*/*_ann.json")):
        art_path = basil / "articles" / ann_path.parent.name / ann_path.name.replace("_ann", "")
        if not art_path.exists():
            skipped["annotation file without article"] += 1
            continue
        raw = json.loads(art_path.read_text(encoding="utf-8"))
        annotations = json.loads(ann_path.read_text(encoding="utf-8"))
        text, offsets = build_text(raw["body-paragraphs"])
        outlet = (raw.get("source") or "").lower() or None  # "fox" is sometimes "FOX"
        article = Article(id=Article.id_for(text), text=text, outlet=outlet,
                          title=raw.get("title"), published=raw.get("date"))
        articles.append(article)
        for phrase in annotations.get("phrase-level-annotations", []):
            if phrase.get("quote") != "yes" or not phrase.get("speaker", "").strip():
                continue
            speaker = phrase["speaker"].strip()
            where = locate(raw["body-paragraphs"], offsets, phrase)
            if where is None:
                skipped[SKIP_REASONS[1]] += 1
                continue
            start, end, sentence = where
            gold = Gold(article.id, article.outlet or "?", speaker, start, end,
                        text[start:end], sentence, inside_marks(text, start, end))
            if ANONYMOUS.match(speaker):
                skipped[SKIP_REASONS[0]] += 1
                anonymous.append(gold)
            elif not named_in(speaker, text):
                skipped[SKIP_REASONS[2]] += 1
            else:
                golds.append(gold)
        if limit and len(articles) >= limit:
            break
    return articles, golds, anonymous, skipped


def build_text(paragraphs: list[list[str]]) -> tuple[str, dict[tuple[int, int], int]]:
    """The body as one text, and where each (paragraph, sentence) starts in it."""
    parts, offsets, at = [], {}, 0
    for p, sentences in enumerate(paragraphs):
        if parts:
            parts.append("\n\n")
            at += 2
        for s, sentence in enumerate(sentences):
            if s:
                parts.append(" ")
                at += 1
            offsets[(p, s)] = at
            parts.append(sentence)
            at += len(sentence)
    return "".join(parts), offsets


def locate(paragraphs, offsets, phrase) -> tuple[int, int, str] | None:
    """Article-text span of a gold phrase: its offsets are relative to a sentence, the first
    whose ``[start:end]`` is the phrase's text."""
    start, end, txt = phrase["start"], phrase["end"], phrase["txt"]
    for p, sentences in enumerate(paragraphs):
        for s, sentence in enumerate(sentences):
            if sentence[start:end] == txt:
                base = offsets[(p, s)]
                return base + start, base + end, sentence
    return None


def inside_marks(text: str, start: int, end: int) -> bool:
    """Direct speech: the phrase holds a quotation mark, or one is open where it begins (within
    its paragraph; curly marks by direction, straight double marks by parity)."""
    span = text[start:end]
    if any(ch in span for ch in OPENING + CLOSING + '"'):
        return True
    before = text[text.rfind("\n\n", 0, start) + 1:start]
    opened = sum(before.count(ch) for ch in OPENING) > sum(before.count(ch) for ch in CLOSING)
    return opened or before.count('"') % 2 == 1


def words(name: str) -> list[str]:
    from newsprism.resolve import normalise_name

    return normalise_name(name.replace("_", " "), "PERSON").split()


def content_words(label: str) -> list[str]:
    return [w for w in words(label) if w not in GENERIC and len(w) >= 3]


def same_word(a: str, b: str) -> bool:
    a, b = a.removesuffix("s"), b.removesuffix("s")
    short, long = sorted((a, b), key=len)
    return a == b or (len(short) >= STEM and long.startswith(short))


def named_in(label: str, text: str) -> bool:
    vocabulary = set(words(text))
    return any(any(same_word(w, v) for v in vocabulary) for w in content_words(label))


def person_kind(gold: Gold, mentions) -> str:
    last = words(gold.speaker)[-1:] or [""]
    for mention in mentions:
        if mention.label == "PERSON" and words(mention.text)[-1:] == last:
            return "person"
    return "group"


def speaker_matches(gold: Gold, predicted: str | None) -> bool:
    from newsprism.resolve import same_name

    if not predicted:
        return False
    got = words(predicted)
    if not got:
        return False
    if gold.kind == "person":
        want = words(gold.speaker)
        return bool(want) and same_name(want[-1], got[-1])
    return any(same_word(w, g) for w in content_words(gold.speaker) for g in got)


def match(gold: Gold, quotes) -> tuple[object | None, str]:
    """The newsprism quote for a gold phrase: the largest content overlap, else the quote whose
    sentence overlaps the phrase most."""
    def overlap(a: int, b: int) -> int:
        return min(b, gold.end) - max(a, gold.start)

    by_content = [q for q in quotes if overlap(q.start, q.end) > 0]
    if by_content:
        return max(by_content, key=lambda q: overlap(q.start, q.end)), "content"
    by_sentence = [q for q in quotes if overlap(q.sentence_start, q.sentence_end) > 0]
    if by_sentence:
        return max(by_sentence, key=lambda q: overlap(q.sentence_start, q.sentence_end)), \
            "sentence"
    return None, "missed"


def evaluate(golds: list[Gold], annotated) -> list[Outcome]:
    by_id = {a.article.id: a for a in annotated}
    outcomes = []
    for gold in golds:
        doc = by_id[gold.article_id]
        gold.kind = person_kind(gold, doc.mentions)
        quote, by = match(gold, doc.quotes)
        correct = quote is not None and speaker_matches(gold, quote.speaker)
        people = {m.text for m in doc.mentions if m.label == "PERSON"}
        names_person = quote is not None and quote.speaker in people
        outcomes.append(Outcome(gold, quote, by, correct, names_person))
    return outcomes


def pct(part: int, whole: int) -> str:
    return f"{part} ({100 * part / whole:.1f}%)" if whole else "0 (–)"


def row(name: str, outcomes: list[Outcome], speakers: bool = True) -> str:
    n = len(outcomes)
    covered = [o for o in outcomes if o.quote is not None]
    by_content = sum(o.by == "content" for o in outcomes)
    if not speakers:
        return (f"| {name} | {n} | {pct(len(covered), n)} | {by_content} | "
                f"{len(covered) - by_content} | – | – | – |")
    unresolved = sum(o.quote.speaker is None for o in covered)
    correct = sum(o.correct for o in outcomes)
    return (f"| {name} | {n} | {pct(len(covered), n)} | {by_content} | "
            f"{len(covered) - by_content} | {pct(correct, len(covered))} | "
            f"{pct(unresolved, len(covered))} | {pct(correct, n)} |")


def print_table(outcomes: list[Outcome], anonymous: list[Outcome], skipped: Counter) -> None:
    print("| gold quote phrases | n | covered | by content | by sentence only | "
          "speaker correct (of covered) | speaker None (of covered) | end to end |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print(row("all named speakers", outcomes))
    groups = [("direct", lambda o: o.gold.direct), ("reported", lambda o: not o.gold.direct)]
    groups += [(f"outlet {name}", lambda o, name=name: o.gold.outlet == name)
               for name in sorted({o.gold.outlet for o in outcomes})]
    groups += [(f"speaker: {kind}", lambda o, kind=kind: o.gold.kind == kind)
               for kind in ("person", "group")]
    for name, keep in groups:
        print(row(name, [o for o in outcomes if keep(o)]))
    print(row("placeholder speakers (other_*), coverage only", anonymous, speakers=False))
    print()
    members = [o for o in outcomes
               if o.gold.kind == "group" and not o.correct and o.names_person]
    print(f"Group speakers scored wrong although a named person was predicted (a member or "
          f"spokesperson? not checked, not counted correct): {len(members)}")
    print()
    print("Skipped gold phrases (quote = yes, speaker given):")
    for reason, count in skipped.most_common():
        print(f"- {reason}: {count}")


def show_errors(outcomes: list[Outcome], n: int) -> None:
    wrong = [o for o in outcomes if o.quote is not None and not o.correct]
    missed = [o for o in outcomes if o.quote is None]
    print(f"\n## Wrong or unresolved speakers ({len(wrong)}; first {min(n, len(wrong))})")
    for o in wrong[:n]:
        q = o.quote
        kind = "direct" if o.gold.direct else "reported"
        print(f"- gold {o.gold.speaker} ({o.gold.kind}, {kind}, {o.gold.outlet}) · predicted "
              f"{q.speaker!r} · cue {q.cue!r} · matched by {o.by}, "
              f"newsprism {'direct' if q.direct else 'reported'}")
        print(f"  phrase: {o.gold.text!r}")
        print(f"  sentence: {o.gold.sentence}")
    print(f"\n## Missed (no newsprism quote in the sentence) ({len(missed)}; "
          f"first {min(n, len(missed))})")
    for o in missed[:n]:
        kind = "direct" if o.gold.direct else "reported"
        print(f"- gold {o.gold.speaker} ({o.gold.kind}, {kind}, {o.gold.outlet})")
        print(f"  phrase: {o.gold.text!r}")
        print(f"  sentence: {o.gold.sentence}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=BASIL, help="the BASIL folder")
    parser.add_argument("--limit", type=int, default=0, help="first N articles only (0: all)")
    parser.add_argument("--model", default=None, help="spaCy model (default: newsprism's)")
    parser.add_argument("--show-errors", type=int, default=0, metavar="N",
                        help="print N wrong and N missed attributions")
    args = parser.parse_args()

    from newsprism.annotate import annotate

    started = time.perf_counter()
    articles, golds, anonymous_golds, skipped = load(args.data, args.limit)
    annotated = annotate(articles, model=args.model)
    outcomes = evaluate(golds, annotated)
    anonymous = evaluate(anonymous_golds, annotated)
    elapsed = time.perf_counter() - started
    quotes = sum(len(a.quotes) for a in annotated)
    print(f"BASIL: {len(articles)} articles, {quotes} newsprism quotes, "
          f"{len(golds)} gold quote phrases with a named speaker; {elapsed:.0f} s",
          file=sys.stderr)
    print_table(outcomes, anonymous, skipped)
    if args.show_errors:
        show_errors(outcomes, args.show_errors)


if __name__ == "__main__":
    main()
