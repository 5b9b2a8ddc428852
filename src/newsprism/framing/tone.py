"""Tone toward actors: per outlet, how the sentences that name each main actor read.

Scored by VADER (vaderSentiment, a published, rule-based lexicon shipped inside its package:
Hutto & Gilbert 2014), sentence by sentence, so every number can be checked against the
sentences behind it. It measures the words around the actor, not the outlet's stance: a quoted
critic's words count, and sarcasm or a neutral report of bad news reads negative. On BASIL's
tone annotations (bench/basil_framing.py) sentence-level VADER reaches macro-F1 0.485 against
0.446 for always answering "negative" (Pearson 0.20): read it as a pointer to sentences, not a
verdict.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from newsprism.models import AnnotatedArticle, Citation, Entity, Tone, article_label

ACTOR_TYPES = {"PERSON", "ORG", "GPE", "NORP"}
MAX_ACTORS = 8  # the main actors: most mentioned across the story's articles
NEUTRAL = 0.05  # VADER's own convention for its compound score


@lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def sentence_tone(text: str) -> float:
    return float(_analyzer().polarity_scores(text)["compound"])


def main_actors(entities: Sequence[Entity], limit: int = MAX_ACTORS) -> list[Entity]:
    """People, organisations and places named in the most articles (then most often)."""
    actors = [e for e in entities if e.type in ACTOR_TYPES and e.mentions]
    return sorted(actors, key=lambda e: (-len({m.article_id for m in e.mentions}),
                                         -len(e.mentions), e.name))[:limit]


def tone(annotated: Sequence[AnnotatedArticle], entities: Sequence[Entity]) -> list[Tone]:
    """One row per (outlet, main actor) the outlet names."""
    by_article = {a.article.id: a for a in annotated}
    rows = []
    for actor in main_actors(entities):
        sentences: dict[str, dict[tuple[int, int], float]] = defaultdict(dict)
        for mention in actor.mentions:
            article = by_article.get(mention.article_id)
            if article is None:
                continue
            sentence = article.sentence_of(mention)
            if sentence is None or (sentence.start, sentence.end) in \
                    sentences[article.article.id]:
                continue
            text = article.article.text[sentence.start:sentence.end]
            sentences[article.article.id][(sentence.start, sentence.end)] = sentence_tone(text)
        rows.extend(_outlet_rows(actor, sentences, by_article))
    return sorted(rows, key=lambda t: (t.entity, t.outlet))


def _outlet_rows(actor: Entity, sentences: dict[str, dict[tuple[int, int], float]],
                 by_article: dict[str, AnnotatedArticle]) -> list[Tone]:
    per_outlet: dict[str, list[tuple[Citation, float]]] = defaultdict(list)
    for article_id, spans in sentences.items():
        outlet = article_label(by_article[article_id].article)
        for (start, end), score in sorted(spans.items()):
            per_outlet[outlet].append((Citation(article_id, start, end), score))
    rows = []
    for outlet, scored in per_outlet.items():
        mean = round(sum(s for _, s in scored) / len(scored), 4)
        label = "neutral" if abs(mean) < NEUTRAL else ("positive" if mean > 0 else "negative")
        rows.append(Tone(outlet, actor.id, actor.name, mean, label,
                         tuple(c for c, _ in scored), tuple(round(s, 4) for _, s in scored)))
    return rows
