"""Cross-document entity coreference on ECB+: newsprism's resolver next to a head-lemma baseline.

Setting (say it with every number): gold entity mentions (``ECB_<split>_Entity_gold_mentions
.json``), clustered within gold topics (the doc_id prefix before "_"; each topic mixes the ECB
and ECB+ sub-topics, which are two different events of one kind, and neither system is told
which document belongs to which). Scores are MUC, B³, CEAF-e and their mean, CoNLL F1, from
bench/coref_metrics.py, over all mentions, singletons included.

- baseline: mentions whose heads (spaCy head lemma of the span; a preposition's object for
  "in Queens") are equal are one entity within the topic; pronouns stay alone;
- newsprism: each document is parsed from its gold tokens (the shipped spaCy model, through
  ``newsprism.annotate.warm_up``), its mention spans become ``Mention`` records described and
  linked within the document by ``newsprism.annotate.coref``, and ``newsprism.resolve.resolve``
  clusters each topic's articles, exactly as in the product.

``resolve``'s two thresholds (context 0.70, story 0.60) were chosen on Train (Train CoNLL
72.9; ``--split Train --sweep`` scores the context threshold); Dev is for reporting only.

    python bench/ecbplus.py                       # Dev
    python bench/ecbplus.py --split Train --sweep # the threshold sweep, on Train
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
DATA = ROOT.parent / "shared" / "data" / "ecbplus"
SETTING = ("entities, gold mentions, clustered within gold topics (doc_id prefix), "
           "sub-topics not given")

from coref_metrics import Scores, score  # noqa: E402  (bench/ is not a package)

Key = tuple[str, int, int, int]  # doc id, sentence, first token, last token


@dataclass
class Corpus:
    sentences: dict[tuple[str, int], list[str]]  # (doc id, sentence) → tokens
    mentions: list[dict]

    @property
    def documents(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = defaultdict(list)
        for doc_id, sentence in sorted(self.sentences, key=lambda k: (k[0], k[1])):
            found[doc_id].append(sentence)
        return found


def read(split: str, data: Path = DATA) -> Corpus:
    tokens: dict[tuple[str, int], dict[int, str]] = defaultdict(dict)
    with open(data / f"ECB_{split}_corpus.txt", encoding="utf-8") as lines:
        for line in lines:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 5:
                continue
            tokens[(fields[0], int(fields[1]))][int(fields[2])] = fields[3] or "_"
    sentences = {k: [words[i] for i in sorted(words)] for k, words in tokens.items()}
    with open(data / f"ECB_{split}_Entity_gold_mentions.json", encoding="utf-8") as file:
        mentions = json.load(file)
    return Corpus(sentences, mentions)


def key_of(mention: dict) -> Key:
    numbers = mention["tokens_number"]
    return mention["doc_id"], mention["sent_id"], numbers[0], numbers[-1]


def topic_of(doc_id: str) -> str:
    return doc_id.split("_")[0]


def gold_clusters(corpus: Corpus) -> list[set[Key]]:
    chains: dict[str, set[Key]] = defaultdict(set)
    for mention in corpus.mentions:
        chains[mention["coref_chain"]].add(key_of(mention))
    return list(chains.values())


@dataclass
class Parsed:
    """Per topic, the annotated articles newsprism resolves; and every mention's head."""

    topics: dict[str, list]  # topic → AnnotatedArticle list
    keys: dict[tuple[str, int], Key]  # (article id, start offset) → gold mention key
    heads: dict[Key, tuple[str, str]]  # key → (kind, head lemma)


def parse(corpus: Corpus, spacy_model: str | None = None) -> Parsed:
    from spacy.tokens import Doc

    from newsprism.annotate import coref, warm_up
    from newsprism.models import AnnotatedArticle, Article, Sentence

    nlp = warm_up(spacy_model)
    order = [(d, s) for d, sentences in corpus.documents.items() for s in sentences]
    parsed_sentences = dict(zip(order, nlp.pipe(
        Doc(nlp.vocab, words=corpus.sentences[k]) for k in order), strict=True))
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for mention in corpus.mentions:
        by_doc[mention["doc_id"]].append(mention)
    topics: dict[str, list] = defaultdict(list)
    keys, heads = {}, {}
    for doc_id, sentence_ids in corpus.documents.items():
        doc = Doc.from_docs([parsed_sentences[(doc_id, s)] for s in sentence_ids])
        first_token, at = {}, 0
        for s in sentence_ids:
            first_token[s] = at
            at += len(corpus.sentences[(doc_id, s)])
        spans = [doc[first_token[m["sent_id"]] + m["tokens_number"][0]:
                     first_token[m["sent_id"]] + m["tokens_number"][-1] + 1]
                 for m in by_doc[doc_id]]
        mentions = coref.mentions(doc_id, doc, spans)
        for gold, mention in zip(by_doc[doc_id], mentions, strict=True):
            keys[(doc_id, mention.start)] = key_of(gold)
            heads[key_of(gold)] = (mention.kind, mention.head or "")
        article = Article(id=doc_id, text=doc.text)
        sentences = tuple(Sentence(doc_id, i, s.start_char, s.end_char)
                          for i, s in enumerate(doc.sents))
        topics[topic_of(doc_id)].append(
            AnnotatedArticle(article, sentences, tuple(mentions), (), (), ()))
    return Parsed(dict(topics), keys, heads)


def head_lemma_baseline(parsed: Parsed) -> list[set[Key]]:
    groups: dict[tuple, set[Key]] = defaultdict(set)
    for key, (kind, head) in parsed.heads.items():
        group = ("alone", key) if kind == "pronoun" else (topic_of(key[0]), head)
        groups[group].add(key)
    return list(groups.values())


def newsprism_clusters(parsed: Parsed, settings=None) -> list[set[Key]]:
    from newsprism.resolve import resolve

    clusters = []
    for articles in parsed.topics.values():
        for entity in resolve(articles, settings=settings):
            clusters.append({parsed.keys[(m.article_id, m.start)] for m in entity.mentions})
    return clusters


def row(name: str, scores: Scores, seconds: float | None = None) -> str:
    parts = [f"{name:<24}"]
    for prf in scores:
        parts.append(f"{100 * prf.recall:5.1f} {100 * prf.precision:5.1f} {100 * prf.f1:5.1f}")
    parts.append(f"{100 * scores.conll:6.1f}")
    parts.append("" if seconds is None else f"{seconds:7.1f}s")
    return " | ".join(parts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="Dev", choices=("Train", "Dev"))
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--spacy-model", default=None)
    parser.add_argument("--sweep", action="store_true",
                        help="also score context thresholds 0.60-0.85 (tune on Train only)")
    args = parser.parse_args(argv)
    from newsprism.resolve import ResolveSettings

    corpus = read(args.split, args.data)
    gold = gold_clusters(corpus)
    started = time.perf_counter()
    parsed = parse(corpus, args.spacy_model)
    parse_seconds = time.perf_counter() - started
    print(f"ECB+ {args.split}: {len(corpus.mentions)} entity mentions, {len(gold)} gold "
          f"entities, {len(corpus.documents)} documents, "
          f"{len(parsed.topics)} topics")
    print(f"setting: {SETTING}")
    print(f"parse + within-document description: {parse_seconds:.1f}s")
    header = " | ".join(["system".ljust(24), "MUC R     P    F1", "B³ R      P    F1",
                         "CEAF-e R  P    F1", " CoNLL", " time"])
    print(header)
    print("-" * len(header))
    started = time.perf_counter()
    baseline = head_lemma_baseline(parsed)
    print(row("same head lemma", score(gold, baseline), time.perf_counter() - started))
    default = ResolveSettings()
    thresholds = [default.context_threshold]
    if args.sweep:
        thresholds = sorted({*thresholds, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85})
    settings = [ResolveSettings(context=False)] + [
        ResolveSettings(context_threshold=t) for t in thresholds]
    for setting in settings:
        started = time.perf_counter()
        response = newsprism_clusters(parsed, setting)
        name = ("newsprism, no context" if not setting.context
                else f"newsprism, context {setting.context_threshold:.2f}")
        if setting == default:
            name = (f"newsprism (ctx {setting.context_threshold:.2f}, "
                    f"story {setting.story_threshold:.2f})")
        print(row(name, score(gold, response), time.perf_counter() - started))
    print("time: resolve over all topics (the first context run includes loading MiniLM); "
          "parsing is reported above")


if __name__ == "__main__":
    main()
