"""The annotate stage as spaCy pipeline components, so one ``nlp.pipe`` call, in this process or
spread over worker processes (``n_process``), does the whole stage: the parse and every
newsprism annotator after it.

The annotate stage hands each text to ``nlp.pipe(..., as_tuples=True)`` with a ``Pending``
record as its context: the article and its date anchor. Each component below reads the
record from ``doc._context`` and adds its results to it; spaCy sends the context to its worker
processes and back with the parsed doc, so the results return without re-parsing anything. A
doc without a ``Pending`` context (story features run NER on headlines with this pipeline) passes
through untouched. A component that fails on one article records the error on that article's
record, and the later components skip it: one bad article never stops the batch.

Components, in pipeline order after spaCy's own: ``newsprism_mentions`` (sentences and entity
mentions), ``newsprism_quotes``, ``newsprism_quantities``, ``newsprism_dates``,
``newsprism_clauses`` (needs the parser; empty without one), ``newsprism_words`` (content
words and mention descriptions for later stages; empty without a tagger / parser).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from newsprism.annotate.clauses import find_clauses
from newsprism.annotate.dates import find_dates
from newsprism.annotate.mentions import find_mentions
from newsprism.annotate.quantities import find_quantities
from newsprism.annotate.quotes import find_quotes
from newsprism.annotate.words import find_content_words, find_descriptions
from newsprism.models import AnnotatedArticle, Article, Sentence

PARAGRAPHS = "newsprism_paragraphs"  # before the parser: a sentence starts at a line break
COMPONENTS = ("newsprism_mentions", "newsprism_quotes", "newsprism_quantities",
              "newsprism_dates", "newsprism_clauses", "newsprism_words")


@dataclass
class Pending:
    """One article on its way through the pipeline; the components fill it in order. Mutable
    on purpose: it is the carrier of one ``nlp.pipe`` call, never stored or shared."""

    article: Article
    anchor: str | None = None  # an estimated date for an undated article (ISO)
    index: int = 0  # its place in the input: results come back in this order
    sentences: tuple = ()
    mentions: tuple = ()
    quotes: tuple = ()
    quantities: tuple = ()
    dates: tuple = ()
    clauses: tuple = ()
    content_words: tuple = ()
    descriptions: tuple = ()
    error: str | None = None  # the first component that failed, and why

    def result(self) -> AnnotatedArticle:
        """The finished annotation. Raises RuntimeError when a component failed."""
        if self.error:
            raise RuntimeError(self.error)
        return AnnotatedArticle(article=self.article, sentences=self.sentences,
                                mentions=self.mentions, quotes=self.quotes,
                                quantities=self.quantities, dates=self.dates,
                                clauses=self.clauses, content_words=self.content_words,
                                descriptions=self.descriptions)


def add_components(nlp) -> None:
    """Add the newsprism components to ``nlp`` (once): the paragraph breaks before the
    parser, the annotators after spaCy's own components."""
    _register()
    if "parser" in nlp.pipe_names and PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, last=True)


def _sentences_and_mentions(pending: Pending, doc) -> None:
    article = pending.article
    pending.sentences = tuple(Sentence(article.id, i, s.start_char, s.end_char)
                              for i, s in enumerate(doc.sents))
    sentence_of = {token.i: i for i, sent in enumerate(doc.sents) for token in sent}
    pending.mentions = find_mentions(article, doc, sentence_of)


def _quotes(pending: Pending, doc) -> None:
    pending.quotes = tuple(find_quotes(pending.article, doc, pending.mentions))


def _quantities(pending: Pending, doc) -> None:
    pending.quantities = tuple(find_quantities(pending.article, doc, pending.mentions))


def _dates(pending: Pending, doc) -> None:
    article = pending.article
    if article.published:
        anchor, how = article.published, "publication date"
        lower_bound = article.metadata_sources.get("published") == "text"
        if lower_bound:
            how = "latest date stated in the article"
    else:
        anchor, how, lower_bound = pending.anchor, "estimated story date", True
    pending.dates = tuple(find_dates(article, doc, anchor, how, lower_bound))


def _clauses(pending: Pending, doc) -> None:
    if doc.has_annotation("DEP"):
        pending.clauses = tuple(find_clauses(pending.article, doc))


def _words(pending: Pending, doc) -> None:
    pending.content_words = find_content_words(doc)
    pending.descriptions = find_descriptions(doc, pending.mentions)


def _guarded(doc, name: str, step: Callable[[Pending, object], None]):
    pending = getattr(doc, "_context", None)
    if not isinstance(pending, Pending) or pending.error:
        return doc
    try:
        step(pending, doc)
    except Exception as exc:  # noqa: BLE001 - one article's failure, recorded on it
        pending.error = f"{name}: {exc!r}"
    return doc


# Module-level functions, not closures: spaCy pickles its pipeline where worker processes
# are spawned rather than forked (macOS, Windows).
def paragraph_breaks(doc):
    """A sentence starts after every line break: headings, captions and paragraphs never run
    into each other, whatever the parser thinks. Inside a line, no sentence starts right after
    a word with no final stop: the parser splits title-case headlines ("AARP Willing | To
    Negotiate"), datelines ("Massachusetts | Gov. Deval Patrick on Wednesday picked …") and
    quotes ("really nice | and they were listening"), and edited prose does not end a sentence
    without a mark."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or previous.is_space and "\n" in previous.text:
            token.is_sent_start = True
        elif _unfinished_word(previous):
            token.is_sent_start = False
    return doc


def _unfinished_word(token) -> bool:
    """A word that cannot close a sentence: one ending in a letter or digit ("Conn.", "U.S.",
    a closing mark or an emoji can)."""
    return not token.is_punct and token.text[-1].isalnum()


def mentions_component(doc):
    return _guarded(doc, "newsprism_mentions", _sentences_and_mentions)


def quotes_component(doc):
    return _guarded(doc, "newsprism_quotes", _quotes)


def quantities_component(doc):
    return _guarded(doc, "newsprism_quantities", _quantities)


def dates_component(doc):
    return _guarded(doc, "newsprism_dates", _dates)


def clauses_component(doc):
    return _guarded(doc, "newsprism_clauses", _clauses)


def words_component(doc):
    return _guarded(doc, "newsprism_words", _words)


_FUNCTIONS = dict(zip(COMPONENTS, (mentions_component, quotes_component, quantities_component,
                                   dates_component, clauses_component, words_component),
                      strict=True))


def _register() -> None:
    from spacy.language import Language

    for name, function in ((PARAGRAPHS, paragraph_breaks), *_FUNCTIONS.items()):
        if not Language.has_factory(name):
            Language.component(name, func=function)
