"""The pipeline: the one orchestrator. It wires the stages, runs them on one engine, shows
progress, and is the only writer of analyses, reports and stories.

Stages never see each other's internals: each takes the previous stages' records and returns
new ones (``stages.py``). ``Pipeline`` knows their order: ``analyze`` (sources to reports and
a store), ``refresh`` (stored stories analysed again) and ``add`` (ingest into a store, place
in stories, refresh what changed: ``newsprism ingest`` and the web app's jobs). It starts its
engine on first use and keeps it for every call until ``close()``, so a library user or a
server running many batches loads models (or joins a Ray cluster) once. The module functions
``analyze``, ``run_analysis`` and ``refresh_stories`` are one-call shorthands.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from newsprism import align as align_stage
from newsprism import stories as stories_stage
from newsprism.engine import Engine, EngineSettings, make_engine
from newsprism.ingest import IngestOptions, ingest
from newsprism.models import Analysis, AnnotatedArticle, Article, ItemError, Story, content_id
from newsprism.report.build import published_report
from newsprism.stages import (
    AnalyseStory,
    Annotate,
    Features,
    ModelSettings,
    StoryInput,
    StoryOutput,
    ToAnnotate,
)
from newsprism.stories import StorySettings, describe, order_key

if TYPE_CHECKING:
    from newsprism.report.renderers import RenderedFiles


@dataclass(frozen=True)
class PipelineOptions:
    spacy_model: str | None = None  # spaCy package name or directory
    embedding_model: str | None = None  # sentence-transformers directory
    # Statement encoder for the aligner (default: the distilled one newsprism ships).
    claim_model: str | None = None
    nli_model: str | None = None  # Hugging Face cross-encoder directory (default: shipped)
    device: str = "cpu"  # where the models run: cpu, cuda or auto (devices.py)
    align: align_stage.AlignSettings = field(default_factory=align_stage.AlignSettings)
    ingest: IngestOptions = field(default_factory=IngestOptions)
    stories: StorySettings = field(default_factory=StorySettings)
    engine: EngineSettings = field(default_factory=EngineSettings)  # where stages run
    one_story: bool = False  # the input is one story: do not group

    @property
    def models(self) -> ModelSettings:
        return ModelSettings(self.spacy_model, self.embedding_model, self.claim_model,
                             self.nli_model, self.device)


# The models read English; an article detected as another language is stored, not analysed.
ANALYSED_LANGUAGES = {"en", None}


@dataclass(frozen=True)
class StoryRun:
    story: Story
    analysis: Analysis
    outputs: dict[str, Path] = field(default_factory=dict)  # its report files
    features: tuple = ()  # its articles' story features (stored for incremental ingest)
    report: dict = field(default_factory=dict)  # the published JSON report (once written)
    files: RenderedFiles | None = None  # its report files, rendered where analysed


@dataclass(frozen=True)
class RunResult:
    stories: tuple[StoryRun, ...]  # largest story first
    outputs: dict[str, Path | str]  # the index files and the database (a path or a URL)
    timings: dict[str, float]  # seconds per stage
    errors: tuple[ItemError, ...] = ()  # inputs not analysed (ingest errors, other languages)

    @property
    def analysis(self) -> Analysis:
        """The largest story's analysis (the only one for a folder about one event)."""
        return self.stories[0].analysis


# A progress hook: called as (stage, done, total). The CLI draws bars with it; library users
# may pass their own or none.
Progress = Callable[[str, int, int], None]
# Stories refresh annotates and analyses together: one engine map per stage each (on Ray a new
# actor pool that loads its models), so large; memory holds one chunk's annotations.
REFRESH_CHUNK = 256


@dataclass(frozen=True)
class Grouping:
    stories: list[Story]  # largest first
    features: list  # every article's story features (stored for incremental ingest)


class Pipeline:
    """Runs the stages in order on one engine (``options.engine``, started on first use)."""

    def __init__(self, options: PipelineOptions | None = None,
                 progress: Progress | None = None, engine: Engine | None = None) -> None:
        self.options = options or PipelineOptions()
        self.progress: Progress = progress or (lambda stage, done, total: None)
        self._engine, self._owns_engine = engine, engine is None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.options.engine)
        return self._engine

    def close(self) -> None:
        """Stop the engine this pipeline started (a local Ray cluster); given ones stay."""
        if self._owns_engine and self._engine is not None:
            self._engine.close()
            self._engine = None

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def run(self, sources: list[str | Path], render: bool = False
            ) -> tuple[list[StoryRun], list[ItemError], dict[str, float]]:
        """Ingest ``sources``, group the articles into stories and analyse each story (nothing
        is written; ``render``: also render each story's report files where it is analysed,
        as ``StoryRun.files``). Returns the stories (largest first), the inputs not analysed, and
        seconds per stage."""
        timings: dict[str, float] = {}
        with _timed(timings, "ingest", self.progress):
            ingested = ingest(list(sources), self.options.ingest)
        articles = [a for a in ingested.articles if a.language in ANALYSED_LANGUAGES]
        skipped = [a for a in ingested.articles if a.language not in ANALYSED_LANGUAGES]
        errors = list(ingested.errors) + list(ingested.warnings) + [
            ItemError(a.path or a.url or a.id, "skipped",
                      f"not analysed: the article is in '{a.language}'; the models read English")
            for a in skipped]
        annotated = self.annotate(articles, errors, timings)
        with _timed(timings, "stories", self.progress):
            grouping = self.group(annotated)
        outputs = self.analyse([StoryInput(story.id, _members(annotated, story), tuple(errors))
                                for story in grouping.stories], timings, render=render)
        runs = []
        for story, output in zip(grouping.stories, outputs, strict=True):
            if output.analysis is None:
                errors.append(output.error)
                continue
            members = set(story.article_ids)
            runs.append(StoryRun(story, replace(output.analysis, skipped=tuple(skipped)),
                                 features=tuple(f for f in grouping.features
                                                if f.article_id in members),
                                 report=output.report or {}, files=output.files))
        return runs, errors, timings

    def analyze(self, sources: list[str | Path], out_dir: str | Path,
                db_path: str | Path | None = None) -> RunResult:
        """Run the pipeline and write, under ``out_dir``: ``index.json/.html/.md`` (the
        stories) and one ``report.json/.html/.md`` per story (in ``out_dir`` itself when the
        input is one story, else in ``out_dir/stories/<story id>/``); persist everything in the
        store ``db_path``: a SQLite file (default ``out_dir/newsprism.db``) or a
        ``postgresql://`` URL."""
        from newsprism.report.index import write_index
        from newsprism.store import open_store

        runs, errors, timings = self.run(sources, render=True)
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        database = db_path if db_path else out / "newsprism.db"
        with _timed(timings, "report", self.progress):
            runs = [_write_reports(run, out, single=len(runs) == 1) for run in runs]
            entries = [(r.story, r.analysis, r.outputs["json"].relative_to(out).as_posix())
                       for r in runs]
            outputs = {**write_index(entries, [asdict(e) for e in errors], out),
                       "database": database}
            with open_store(database) as store:
                for run in runs:
                    store.save_analysis(run.analysis, story_id=run.story.id)
                    store.save_report(run.story.id, run.report)
                if runs:
                    store.save_ingested(runs[0].analysis.skipped)  # stored and flagged
                    _save_stories(store, runs)
        return RunResult(tuple(runs), outputs, timings, tuple(errors))

    def refresh(self, store, story_ids: list[str] | None = None) -> list[str]:
        """Analyse stored stories again from their stored articles, and store each one's
        analysis and report: ``story_ids``, or every story with no report or whose articles
        changed since (after ``newsprism ingest`` or the web app added articles). Stories go
        through the engine ``REFRESH_CHUNK`` at a time. Returns the ids analysed."""
        wanted = list(story_ids) if story_ids is not None else store.stale_story_ids()
        done: list[str] = []
        for start in range(0, len(wanted), REFRESH_CHUNK):
            done += self._refresh_chunk(store, wanted[start:start + REFRESH_CHUNK])
            self.progress("refresh", min(start + REFRESH_CHUNK, len(wanted)), len(wanted))
        return done

    def _refresh_chunk(self, store, story_ids: list[str]) -> list[str]:
        stored = {story_id: [a for a in store.story_articles(story_id)
                             if a.language in ANALYSED_LANGUAGES] for story_id in story_ids}
        articles = [a for story in stored.values() for a in story]
        anchors = {k: v for story in stored.values() for k, v in estimate_anchors(story).items()}
        errors: list[ItemError] = []
        annotated = self.annotate(articles, errors, {}, anchors)
        by_article = {a.article.id: a for a in annotated}
        story_of = {a.path or a.id: story_id for story_id, story in stored.items() for a in story}
        inputs = [StoryInput(story_id, tuple(by_article[a.id] for a in stored[story_id]
                                             if a.id in by_article),
                             tuple(e for e in errors if story_of.get(e.source) == story_id))
                  for story_id in story_ids]
        inputs = [item for item in inputs if item.annotated]
        done = []
        for output in self.analyse(inputs, {}):
            if output.analysis is None:
                store.save_ingested((), errors=[output.error])
                continue
            store.save_analysis(output.analysis, story_id=output.story_id)
            store.save_report(output.story_id,
                              output.report or published_report(output.analysis))
            done.append(output.story_id)
        return done

    def add(self, store, sources=(), items=(), on_item=None):
        """Everything that follows new material into a store, in order: ingest it
        (``intake.ingest_into``), place the new articles in stories (story features on the
        engine), and analyse again the stories that changed. Returns an ``intake.AddReport``."""
        from newsprism.intake import AddReport, assign_stories, ingest_into

        options = self.options
        self.progress("ingest", 0, 0)
        ingested = ingest_into(store, sources, options.ingest, on_item=on_item, items=items)
        placed = assign_stories(
            store, options.stories, featurize=self.features,
            progress=lambda done, total: self.progress("stories", done, total))
        analysed = self.refresh(store, sorted(placed.touched_ids))
        return AddReport(ingested, placed, analysed)

    def annotate(self, articles: list[Article], errors: list[ItemError],
                 timings: dict[str, float], anchors: dict[str, str] | None = None,
                 ) -> list[AnnotatedArticle]:
        """Annotate on the engine; an article that breaks the annotator goes to ``errors``.
        ``anchors``: estimated dates of undated articles (default: the batch's median)."""
        if not articles:
            return []  # nothing to read: don't pay for loading a model
        began = time.perf_counter()
        anchors = estimate_anchors(articles) if anchors is None else anchors
        items = [ToAnnotate(article, anchors.get(article.id)) for article in articles]
        parse = self.options.engine
        processes = (parse.workers or 1) if parse.name == "local" else 1
        outputs = self.engine.map(Annotate(self.options.models, processes=processes), items,
                                  lambda done, total: self.progress("annotate", done, total))
        timings["annotate"] = timings.get("annotate", 0.0) + time.perf_counter() - began
        errors.extend(o for o in outputs if isinstance(o, ItemError))
        return [o for o in outputs if not isinstance(o, ItemError)]

    def features(self, articles: list[Article]) -> list:
        """Story features of ``articles``, in order, computed on the engine."""
        return self.engine.map(Features(self.options.models), articles)

    def group(self, annotated: list[AnnotatedArticle]) -> Grouping:
        """The stories of a batch; with ``options.one_story`` all are one. Features come from
        the engine; placement is one ordered step here."""
        if not annotated:
            return Grouping([], [])
        features = self.features([a.article for a in annotated])
        if self.options.one_story:
            first = min(features, key=order_key)
            return Grouping([describe(content_id("story", first.article_id), features)],
                            features)
        index = stories_stage.StoryIndex(self.options.stories)
        index.add_all(features)
        return Grouping(index.stories(), features)

    def analyse(self, inputs: list[StoryInput], timings: dict[str, float],
                render: bool = False) -> list[StoryOutput]:
        """Each story's analysis on the engine, one output per input, in order; the steps'
        seconds are added to ``timings`` (summed over workers). ``render``: the report files
        too, rendered there."""
        stage = AnalyseStory(self.options.models, self.options.align, render=render)
        outputs = self.engine.map(stage, inputs,
                                  lambda done, total: self.progress("stories", done, total))
        for output in outputs:
            for step, seconds in output.timings.items():
                timings[step] = timings.get(step, 0.0) + seconds
        return outputs


def run_analysis(sources: list[str | Path], options: PipelineOptions | None = None,
                 progress: Progress | None = None,
                 ) -> tuple[list[StoryRun], list[ItemError], dict[str, float]]:
    """``Pipeline(options, progress).run(sources)``, the engine closed after."""
    with Pipeline(options, progress) as pipeline:
        return pipeline.run(sources)


def analyze(sources: list[str | Path], out_dir: str | Path, db_path: str | Path | None = None,
            options: PipelineOptions | None = None, progress: Progress | None = None,
            ) -> RunResult:
    """``Pipeline(options, progress).analyze(...)``, the engine closed after."""
    with Pipeline(options, progress) as pipeline:
        return pipeline.analyze(sources, out_dir, db_path)


def refresh_stories(store, story_ids: list[str] | None = None,
                    options: PipelineOptions | None = None,
                    progress: Progress | None = None) -> list[str]:
    """``Pipeline(options, progress).refresh(store, story_ids)``, the engine closed after."""
    with Pipeline(options, progress) as pipeline:
        return pipeline.refresh(store, story_ids)


def analyse_story(annotated: list[AnnotatedArticle], options: PipelineOptions | None = None,
                  timings: dict[str, float] | None = None) -> Analysis:
    """Resolve, claims, align, brief and framing for the articles of one story, here."""
    options = options or PipelineOptions()
    stage = AnalyseStory(options.models, options.align)
    return stage.analyse(list(annotated), timings if timings is not None else {})


def _members(annotated: list[AnnotatedArticle], story: Story) -> tuple[AnnotatedArticle, ...]:
    """The story's articles, in input order (the order the analysis has always seen)."""
    members = set(story.article_ids)
    return tuple(a for a in annotated if a.article.id in members)


def _write_reports(run: StoryRun, out: Path, single: bool) -> StoryRun:
    """The story's report files, one per registered renderer (``report/renderers.py``):
    written as rendered where the story was analysed, or rendered here."""
    from newsprism.report.renderers import render_all, write_files

    folder = out if single else out / "stories" / run.story.id
    if run.files:
        return replace(run, outputs=write_files(run.files, folder), files=None)
    report = run.report or published_report(run.analysis)
    return replace(run, outputs=render_all(report, folder), report=report)


def _save_stories(store, runs: list[StoryRun]) -> None:
    """The stories, with their features, so a later ``newsprism ingest`` into this store adds
    articles to them without recomputing these."""
    features = [f for run in runs for f in run.features]
    members = {f.article_id: run.story.id for run in runs for f in run.features}
    store.save_stories(features, members, [run.story for run in runs])


def estimate_anchors(articles: list[Article]) -> dict[str, str]:
    """For undated articles, the median publication date of the dated ones: a story's reports
    appear within days of each other, so relative dates resolve to within a few days."""
    known = sorted(a.published for a in articles if a.published)
    if not known:
        return {}
    anchor = known[len(known) // 2]  # the (upper) median date
    return {a.id: anchor for a in articles if not a.published}


@contextmanager
def _timed(timings: dict[str, float], stage: str, report: Progress, total: int = 1) -> Iterator:
    report(stage, 0, total)
    began = time.perf_counter()
    yield
    timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - began
    report(stage, total, total)
