"""The pipeline: wires the stages, shows progress, persists and writes the reports.

Stages never see each other's internals: each takes the previous stages' records and returns
new ones. This module is the only place that knows their order, and the only one that writes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from newsprism import align as align_stage
from newsprism import stories as stories_stage
from newsprism.engine import Engine, EngineSettings, LocalEngine, make_engine
from newsprism.ingest import IngestOptions, ingest
from newsprism.models import Analysis, AnnotatedArticle, Article, ItemError, Story, content_id
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


def run_analysis(
    sources: list[str | Path], options: PipelineOptions | None = None,
    progress: Progress | None = None, engine: Engine | None = None,
) -> tuple[list[StoryRun], list[ItemError], dict[str, float]]:
    """Ingest ``sources``, group the articles into stories and analyse each story (nothing is
    written). Returns the stories (largest first), the inputs not analysed, and timings.
    Stages run on ``engine`` (default: the one ``options.engine`` names, closed after)."""
    options = options or PipelineOptions()
    report = progress or (lambda stage, done, total: None)
    timings: dict[str, float] = {}
    with _timed(timings, "ingest", report):
        ingested = ingest(list(sources), options.ingest)
    articles = [a for a in ingested.articles if a.language in ANALYSED_LANGUAGES]
    skipped = [a for a in ingested.articles if a.language not in ANALYSED_LANGUAGES]
    errors = list(ingested.errors) + list(ingested.warnings) + [
        ItemError(a.path or a.url or a.id, "skipped",
                  f"not analysed: the article is in '{a.language}'; the models read English")
        for a in skipped]
    with _engine(options, engine) as running:
        annotated = annotate_articles(articles, options, errors, report, running, timings)
        with _timed(timings, "stories", report):
            grouping = group(annotated, options, running)
        inputs = [StoryInput(story.id, tuple(a for a in annotated
                                             if a.article.id in set(story.article_ids)),
                             tuple(errors))
                  for story in grouping.stories]
        outputs = analyse_stories(inputs, options, report, running, timings)
    runs = []
    for story, output in zip(grouping.stories, outputs, strict=True):
        if output.analysis is None:
            errors.append(output.error)
            continue
        members = set(story.article_ids)
        runs.append(StoryRun(story, replace(output.analysis, skipped=tuple(skipped)),
                             features=tuple(f for f in grouping.features
                                            if f.article_id in members),
                             report=output.report or {}))
    return runs, errors, timings


@dataclass(frozen=True)
class Grouping:
    stories: list[Story]  # largest first
    features: list  # every article's story features (stored for incremental ingest)


def group(annotated: list[AnnotatedArticle], options: PipelineOptions,
          engine: Engine | None = None) -> Grouping:
    """The stories of a batch; with ``options.one_story`` (or one article) all are one.
    Features are computed on ``engine``; placement is one ordered step here."""
    articles = [a.article for a in annotated]
    if not articles:
        return Grouping([], [])
    features = (engine or LocalEngine()).map(Features(options.models), articles)
    if options.one_story:
        first = min(features, key=order_key)
        story = describe(content_id("story", first.article_id), features)
        return Grouping([story], features)
    index = stories_stage.StoryIndex(options.stories)
    index.add_all(features)
    return Grouping(index.stories(), features)


def analyse_story(annotated: list[AnnotatedArticle], options: PipelineOptions,
                  timings: dict[str, float] | None = None) -> Analysis:
    """Resolve, claims, align, brief and framing for the articles of one story, here."""
    stage = AnalyseStory(options.models, options.align)
    return stage.analyse(list(annotated), timings if timings is not None else {})


def analyse_stories(inputs: list[StoryInput], options: PipelineOptions, report: Progress,
                    engine: Engine, timings: dict[str, float]) -> list[StoryOutput]:
    """Each story's analysis on ``engine``: one output per input, in order; the steps'
    seconds are added to ``timings`` (summed over workers)."""
    stage = AnalyseStory(options.models, options.align)
    outputs = engine.map(stage, inputs, lambda done, total: report("stories", done, total))
    for output in outputs:
        for step, seconds in output.timings.items():
            timings[step] = timings.get(step, 0.0) + seconds
    return outputs


def analyze(
    sources: list[str | Path], out_dir: str | Path, db_path: str | Path | None = None,
    options: PipelineOptions | None = None, progress: Progress | None = None,
) -> RunResult:
    """Run the pipeline and write, under ``out_dir``: ``index.json/.html/.md`` (the stories)
    and one ``report.json/.html/.md`` per story (in ``out_dir`` itself when the input is one
    story, else in ``out_dir/stories/<story id>/``); persist everything in the store
    ``db_path``: a SQLite file (default ``out_dir/newsprism.db``) or a ``postgresql://`` URL."""
    from newsprism.store import open_store

    options = options or PipelineOptions()
    report_fn = progress or (lambda stage, done, total: None)
    runs, errors, timings = run_analysis(sources, options, progress)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    database = db_path if db_path else out / "newsprism.db"
    with _timed(timings, "report", report_fn):
        runs = [_write_reports(run, out, single=len(runs) == 1) for run in runs]
        outputs = {**write_index(runs, errors, out), "database": database}
        with open_store(database) as store:
            for run in runs:
                store.save_analysis(run.analysis, story_id=run.story.id)
                store.save_report(run.story.id, run.report)
            if runs:
                store.save_ingested(runs[0].analysis.skipped)  # stored and flagged
                _save_stories(store, runs)
    return RunResult(tuple(runs), outputs, timings, tuple(errors))


def refresh_stories(store, story_ids: list[str] | None = None,
                    options: PipelineOptions | None = None,
                    progress: Progress | None = None, engine: Engine | None = None) -> list[str]:
    """Analyse stored stories again from their stored articles, and store each one's analysis
    and report: ``story_ids``, or every story with no report or whose articles changed since
    (after ``newsprism ingest`` or the web app added articles). Returns the ids analysed."""
    options = options or PipelineOptions()
    report_fn = progress or (lambda stage, done, total: None)
    wanted = story_ids if story_ids is not None else store.stale_story_ids()
    done = []
    with _engine(options, engine) as running:
        for count, story_id in enumerate(wanted, 1):
            articles = [a for a in store.story_articles(story_id)
                        if a.language in ANALYSED_LANGUAGES]
            errors: list[ItemError] = []
            annotated = annotate_articles(articles, options, errors, report_fn, running, {})
            if annotated:
                [output] = analyse_stories(
                    [StoryInput(story_id, tuple(annotated), tuple(errors))], options,
                    report_fn, running, {})
                if output.analysis is None:
                    store.save_ingested((), errors=[output.error])
                else:
                    store.save_analysis(output.analysis, story_id=story_id)
                    store.save_report(story_id, output.report or
                                      _published_report(output.analysis))
                    done.append(story_id)
            report_fn("refresh", count, len(wanted))
    return done


def _published_report(analysis: Analysis) -> dict:
    """The JSON report, checked: never publish or store one that breaks its own schema."""
    from newsprism.report import build_report, validate_report

    report = build_report(analysis)
    validate_report(report)
    return report


def _write_reports(run: StoryRun, out: Path, single: bool) -> StoryRun:
    """The story's report files, one per registered renderer (``report/renderers.py``)."""
    from newsprism.report.renderers import render_all

    folder = out if single else out / "stories" / run.story.id
    report = run.report or _published_report(run.analysis)
    return replace(run, outputs=render_all(report, folder), report=report)


def write_index(runs: list[StoryRun], errors: list[ItemError], out: Path) -> dict[str, Path]:
    from newsprism.report.build import write_json
    from newsprism.report.index import (
        build_index,
        render_index_html,
        render_index_markdown,
        validate_index,
    )

    index = build_index(
        [(r.story, r.analysis, r.outputs["json"].relative_to(out).as_posix()) for r in runs],
        [{"source": e.source, "stage": e.stage, "message": e.message} for e in errors])
    validate_index(index)
    outputs = {"index": out / "index.json", "index_html": out / "index.html",
               "index_markdown": out / "index.md"}
    write_json(index, outputs["index"])
    outputs["index_html"].write_text(render_index_html(index), encoding="utf-8")
    outputs["index_markdown"].write_text(render_index_markdown(index), encoding="utf-8")
    return outputs


def _save_stories(store, runs: list[StoryRun]) -> None:
    """The stories, with their features, so a later ``newsprism ingest`` into this store adds
    articles to them without recomputing these."""
    features = [f for run in runs for f in run.features]
    members = {f.article_id: run.story.id for run in runs for f in run.features}
    store.save_stories(features, members, [run.story for run in runs])


def annotate_articles(articles: list[Article], options: PipelineOptions,
                      errors: list[ItemError], report: Progress, engine: Engine | None = None,
                      timings: dict[str, float] | None = None) -> list[AnnotatedArticle]:
    """Annotate on ``engine``; an article that breaks the annotator is added to ``errors``."""
    if not articles:
        return []  # nothing to read: don't pay for loading a model
    began = time.perf_counter()
    anchors = estimate_anchors(articles)
    items = [ToAnnotate(article, anchors.get(article.id)) for article in articles]
    outputs = (engine or LocalEngine()).map(
        Annotate(options.models), items, lambda done, total: report("annotate", done, total))
    if timings is not None:
        timings["annotate"] = timings.get("annotate", 0.0) + time.perf_counter() - began
    errors.extend(o for o in outputs if isinstance(o, ItemError))
    return [o for o in outputs if not isinstance(o, ItemError)]


def estimate_anchors(articles: list[Article]) -> dict[str, str]:
    """For undated articles, the median publication date of the dated ones: a story's reports
    appear within days of each other, so relative dates resolve to within a few days."""
    known = sorted(a.published for a in articles if a.published)
    if not known:
        return {}
    anchor = known[len(known) // 2]  # the (upper) median date
    return {a.id: anchor for a in articles if not a.published}


@contextmanager
def _engine(options: PipelineOptions, given: Engine | None) -> Iterator[Engine]:
    """The engine to run on: ``given`` (the caller closes it), or one started from
    ``options.engine`` and closed when the run ends."""
    if given is not None:
        yield given
        return
    engine = make_engine(options.engine)
    try:
        yield engine
    finally:
        engine.close()


@contextmanager
def _timed(timings: dict[str, float], stage: str, report: Progress, total: int = 1) -> Iterator:
    report(stage, 0, total)
    began = time.perf_counter()
    yield
    timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - began
    report(stage, total, total)
