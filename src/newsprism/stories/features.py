"""What a journalist looks at to tell whether two articles are one story: what the headline
and lead are about (a sentence vector), who and where (named entities, names folded so
Prigozhin/Prighozin are one), and when (the publication day). Computed once per article and
stored, so adding articles never recomputes the corpus.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from newsprism.annotate.mentions import ENTITY_LABELS  # the labels that name something
from newsprism.models import Article
from newsprism.resolve.names import fold, normalise_name

LEAD_CHARS = 600  # headline + the first two or three sentences: what the story is about
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")


@dataclass(frozen=True)
class StoryFeatures:
    article_id: str
    vector: np.ndarray  # unit length (float32)
    entities: frozenset[str]  # folded entity names of the headline and lead
    terms: tuple[str, ...]  # content words of the headline and lead, for explanations
    day: date | None
    title: str
    names: tuple[tuple[str, str], ...] = ()  # (folded key, the name as written) for display

    def __hash__(self) -> int:
        return hash(self.article_id)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StoryFeatures) and other.article_id == self.article_id


def lead_text(article: Article) -> str:
    """Headline and lead. Many texts start with their headline: it is not said twice."""
    body = article.text[: LEAD_CHARS + 200]
    title = (article.title or "").strip()
    if title and not body.lstrip().startswith(title[:40]):
        body = f"{title}.\n{body}"
    return _cut(body, LEAD_CHARS)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    end = text.rfind(" ", 0, limit)
    return text[: end if end > limit // 2 else limit]


def story_features(articles: Sequence[Article], model: str | None = None,
                   spacy_model: str | None = None) -> list[StoryFeatures]:
    """Features of each article, in order (one batch through the encoder and the NER)."""
    if not articles:
        return []
    from newsprism.embeddings import embed

    leads = [lead_text(a) for a in articles]
    vectors = embed(leads, model=model)
    names = _entities(leads, spacy_model)
    return [
        StoryFeatures(article.id, vectors[i], frozenset(names[i]), _terms(leads[i]),
                      _day(article.published), (article.title or _first_line(article.text)),
                      tuple(sorted(names[i].items())))
        for i, article in enumerate(articles)
    ]


def _entities(texts: list[str], spacy_model: str | None) -> list[dict[str, str]]:
    """Per text: folded key → the name as first written.

    Its own NER pass, not annotate's mentions: the lead includes the headline, which most
    article texts do not start with (186 of the first 200 AllSides articles), and ``ingest``
    places articles in stories before any annotation; one source of names keeps both paths
    placing an article alike."""
    from newsprism.annotate import warm_up

    # The annotate stage's pipeline (loaded once per process), with only what NER needs:
    # the parser and tagger off make it 3x faster and give the same entities.
    nlp = warm_up(spacy_model)
    only_ner = [name for name in nlp.pipe_names if name not in ("tok2vec", "ner")]
    found = []
    for doc in nlp.pipe(texts, batch_size=64, disable=only_ner):
        names: dict[str, str] = {}
        for ent in doc.ents:
            key = entity_key(ent.text, ent.label_) if ent.label_ in ENTITY_LABELS else ""
            if key:
                names.setdefault(key, " ".join(ent.text.split()))
        found.append(names)
    return found


def entity_key(text: str, label: str) -> str:
    """A name as the resolve stage compares it: ASCII, lower case, titles and affixes off,
    transliteration folded ("Sergey Shoigu" and "Sergei Shoigu" give one key)."""
    name = normalise_name(text, label)
    return " ".join(fold(word) for word in name.split())


def _terms(text: str) -> tuple[str, ...]:
    from spacy.lang.en.stop_words import STOP_WORDS

    words = (w.lower().strip("'-") for w in _WORD.findall(text))
    return tuple(dict.fromkeys(w for w in words if w not in STOP_WORDS and len(w) > 2))


def _day(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def _first_line(text: str) -> str:
    return _cut(text.strip().split("\n", 1)[0], 120)
