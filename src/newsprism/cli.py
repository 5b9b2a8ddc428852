"""The command line: thin wrappers over the library (``newsprism.pipeline``)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsprism.align import AlignSettings
from newsprism.cli_options import (
    ALLOW_PRIVATE,
    DATE_COL,
    DATE_ORDER,
    DEVICE,
    ENGINE,
    FOLLOW,
    GPUS_PER_WORKER,
    OUTLET_COL,
    RAY_ADDRESS,
    SOURCES_HELP,
    TEXT_COL,
    TITLE_COL,
    URL_COL,
    WORKERS,
    DateOrder,
    Engine,
    device_name,
    engine_settings,
)
from newsprism.ingest import ColumnMap, FetchSettings, IngestOptions
from newsprism.models import Analysis, article_label
from newsprism.stories import StorySettings

# Models ship inside PyPI packages; nothing may be fetched from a hub at run time.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Cross-source news analysis: consensus, conflicts, voices, framing.")
console = Console(stderr=True)


@app.callback()
def main() -> None:
    """newsprism: compare many outlets' reports of the same events."""


def _ingest_options(text_col, title_col, date_col, outlet_col, url_col, allow_private,
                    follow, date_order: DateOrder | None = None) -> IngestOptions:
    columns = ColumnMap(text=text_col, title=title_col, date=date_col, outlet=outlet_col,
                        url=url_col)
    return IngestOptions(columns=columns, fetch=FetchSettings(allow_private=allow_private),
                         follow_links=follow,
                         date_order=date_order.value if date_order else None)


def _check_same_fact_model(path: str) -> None:
    """Read the weights now, so a wrong file is one clear line before any work starts."""
    from newsprism.align.samefact import load_model

    try:
        if not path.strip():
            raise FileNotFoundError("no file named")  # "" would quietly mean the shipped one
        load_model(path)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise typer.BadParameter(f"{path}: not same-fact weights ({exc!r})",
                                 param_hint="--same-fact-model") from exc


@contextmanager
def _engine_errors() -> Iterator[None]:
    """An engine that cannot start or run (no Ray, no cluster) is one clear line, exit 2."""
    from newsprism.engine import EngineError

    try:
        yield
    except EngineError as exc:
        console.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc


@app.command()
def analyze(
    sources: list[str] = typer.Argument(..., help=SOURCES_HELP),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Folder for the reports."),
    db: str | None = typer.Option(None, "--db", help="SQLite file or postgresql:// URL "
                                  "(default OUT/newsprism.db)."),
    text_col: str | None = TEXT_COL, title_col: str | None = TITLE_COL,
    date_col: str | None = DATE_COL, outlet_col: str | None = OUTLET_COL,
    url_col: str | None = URL_COL, date_order: DateOrder | None = DATE_ORDER,
    allow_private: bool = ALLOW_PRIVATE, follow: bool = FOLLOW,
    spacy_model: str | None = typer.Option(None, help="spaCy package name or directory."),
    embedding_model: str | None = typer.Option(
        None, help="sentence-transformers model directory (default: shipped MiniLM)."),
    claim_model: str | None = typer.Option(
        None, help="sentence-transformers directory for the aligner's statement vectors "
        "(default: the shipped claim encoder; the same-fact model is fitted to it)."),
    same_fact_model: str | None = typer.Option(
        None, help="Same-fact weights (JSON) from training/train_same_fact.py, e.g. fitted "
        "with --claim-model to a claim encoder of your own (default: the shipped weights)."),
    nli_model: str | None = typer.Option(
        None, help="NLI cross-encoder directory (any Hugging Face sequence-classification "
        "model naming entailment/neutral/contradiction; default: shipped nli-minilm)."),
    nli: bool = typer.Option(True, help="Judge semantic conflicts with the NLI model "
                             "(--no-nli: marked antonym rules only)."),
    state_conflicts: bool = typer.Option(
        True, help="Also find semantic conflicts from the parse: one subject, opposite "
        "predicates ('measures were lifted' / 'still in place')."),
    link_threshold: float = typer.Option(
        AlignSettings.link_threshold,
        help="Same-fact probability at which two claims of two articles are one fact."),
    restatement_threshold: float = typer.Option(
        AlignSettings.restatement_threshold,
        help="Mean same-fact probability with a fact's claims of other articles at which an "
        "outlet's second statement of that fact joins it."),
    conflict_threshold: float = typer.Option(
        AlignSettings.conflict_min_score, "--conflict-threshold", "--min-conflict-score",
        help="Lowest conflict score reported (0-1, see docs/alignment.md)."),
    omission_similarity: float = typer.Option(
        AlignSettings.omission_similarity,
        help="An outlet 'omits' a fact only when none of its statements reaches this "
        "similarity to the fact's; otherwise the fact is 'not found' in it."),
    omission_overlap: float = typer.Option(
        AlignSettings.omission_overlap,
        help="... and none holds this share of a fact statement's rarity-weighted content "
        "words (nor shares a rare word with it)."),
    omission_min_sources: int = typer.Option(
        AlignSettings.omission_min_sources, min=1,
        help="... and only for a fact this many independent sources carry (1: also say "
        "the others omit a single-source fact)."),
    one_story: bool = typer.Option(False, "--one-story",
                                   help="The input is one story: do not group it."),
    story_threshold: float = typer.Option(
        StorySettings.link_threshold,
        help="Score at which an article joins a story (higher: smaller, tighter stories)."),
    engine: Engine = ENGINE, ray_address: str | None = RAY_ADDRESS,
    workers: int | None = WORKERS, device: str = DEVICE,
    gpus_per_worker: float = GPUS_PER_WORKER,
) -> None:
    """Group articles into stories and analyse each: index.{json,html,md}, one
    report.{json,html,md} per story, and a database."""
    from newsprism.pipeline import PipelineOptions
    from newsprism.pipeline import analyze as run

    if nli and nli_model and not (Path(nli_model) / "config.json").is_file():
        raise typer.BadParameter(f"{nli_model}: not a model directory (no config.json)",
                                 param_hint="--nli-model")
    if same_fact_model is not None:
        _check_same_fact_model(same_fact_model)
    options = PipelineOptions(
        spacy_model=spacy_model, embedding_model=embedding_model, claim_model=claim_model,
        nli_model=nli_model, device=device_name(device),
        engine=engine_settings(engine, ray_address, workers, gpus_per_worker),
        align=AlignSettings(link_threshold=link_threshold, conflict_min_score=conflict_threshold,
                            restatement_threshold=restatement_threshold,
                            use_nli=nli, state_conflicts=state_conflicts,
                            omission_similarity=omission_similarity,
                            omission_overlap=omission_overlap,
                            omission_min_sources=omission_min_sources,
                            same_fact_model=same_fact_model),
        ingest=_ingest_options(text_col, title_col, date_col, outlet_col, url_col,
                               allow_private, follow, date_order),
        stories=StorySettings(link_threshold=story_threshold), one_story=one_story,
    )
    with _engine_errors(), _progress() as hook:
        result = run(list(sources), out, db, options, progress=hook)
    if not result.stories:
        _errors(result.errors)
        raise typer.Exit(2)
    if len(result.stories) == 1:
        _summary(result.analysis)
    else:
        _stories_table(result.stories)
    _errors(result.errors)
    stages = ", ".join(f"{k} {v:.1f}s" for k, v in result.timings.items())
    console.print(f"time: {stages}")
    outputs = {**(result.stories[0].outputs if len(result.stories) == 1 else {}),
               **result.outputs}
    for kind, path in outputs.items():
        console.print(f"{kind:<14} {path}")
    if any(e.fails for e in result.errors):
        raise typer.Exit(1)


def _stories_table(runs) -> None:
    table = Table(title=f"{len(runs)} stories")
    for column in ("story", "days", "articles", "outlets", "conflicts", "report"):
        table.add_column(column, overflow="fold")
    for run in runs[:30]:
        story, analysis = run.story, run.analysis
        outlets = len({article_label(a) for a in analysis.articles})
        table.add_row(_safe(_short(story.title, 80)), _days(story),
                      str(len(analysis.articles)), str(outlets),
                      str(len(analysis.alignment.conflicts)), str(run.outputs["html"]))
    console.print(table)
    if len(runs) > 30:
        console.print(f"… {len(runs) - 30} more in index.html")


DB_OPTION = typer.Option(..., "--db", help="SQLite file or postgresql:// URL.")


@app.command("ingest")
def ingest_command(
    sources: list[str] = typer.Argument(..., help=SOURCES_HELP),
    db: str = DB_OPTION,
    text_col: str | None = TEXT_COL, title_col: str | None = TITLE_COL,
    date_col: str | None = DATE_COL, outlet_col: str | None = OUTLET_COL,
    url_col: str | None = URL_COL, date_order: DateOrder | None = DATE_ORDER,
    allow_private: bool = ALLOW_PRIVATE, follow: bool = FOLLOW,
    verbose: bool = typer.Option(False, "--verbose", "-v",
                                 help="Print one line per item once it is committed."),
    batch_size: int = typer.Option(64, help="Items per transaction."),
    stories: bool = typer.Option(True, "--stories/--no-stories",
                                 help="Place new articles into the stored stories."),
) -> None:
    """Store articles from any source; exact copies once, near-duplicates linked; new
    articles join the stored stories or open new ones."""
    from newsprism.intake import ingest_into
    from newsprism.store import open_store

    options = _ingest_options(text_col, title_col, date_col, outlet_col, url_col,
                              allow_private, follow, date_order)
    with open_store(db) as store:
        with _item_counter(verbose) as on_item:
            report = ingest_into(store, sources, options, on_item, batch_size)
        _ingest_summary(report.stored, report.known, report.errors, len(report.links))
        if stories:
            _place_stories(store)
    if any(e.fails for e in report.errors):
        raise typer.Exit(1)


@app.command("stories")
def stories_command(
    db: str = DB_OPTION,
    limit: int = typer.Option(30, help="Largest N stories."),
    as_json: bool = typer.Option(False, "--json", help="JSON lines on stdout."),
) -> None:
    """Place any unplaced stored articles into stories, then list the stories."""
    import json
    from dataclasses import asdict

    from newsprism.store import open_store

    with open_store(db) as store:
        _place_stories(store)
        found = store.stories()[:limit]
    if as_json:
        for story in found:
            typer.echo(json.dumps(asdict(story), ensure_ascii=False))
        return
    table = Table(title=f"{len(found)} largest stories")
    for column in ("story", "days", "articles", "shared entities"):
        table.add_column(column, overflow="fold")
    for story in found:
        table.add_row(_safe(_short(story.title, 90)), _days(story),
                      str(len(story.article_ids)),
                      _safe(", ".join(name for name, _ in story.entities[:4])))
    Console().print(table)


def _place_stories(store, bars: bool = True) -> None:
    """``bars=False`` inside another live display (watch's status line): Rich allows one."""
    from newsprism.intake import assign_stories

    if bars:
        with _progress() as hook:
            report = assign_stories(store, progress=lambda done, total: hook("stories", done,
                                                                             total))
    else:
        report = assign_stories(store)
    console.print(f"stories: {report.placed} articles placed · {report.touched} stories opened "
                  f"or changed · {report.merges} merges · {report.splits} splits · "
                  f"{report.stories} stories in the store")


@app.command()
def serve(
    db: str = DB_OPTION,
    host: str = typer.Option("127.0.0.1", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8000, help="Port."),
    token: str | None = typer.Option(None, envvar="NEWSPRISM_TOKEN",
                                     help="Token for writes (generated off loopback)."),
    allow_private: bool = ALLOW_PRIVATE,
    max_upload_mb: int = typer.Option(50, help="Largest request body, in MB."),
    allowed_host: list[str] = typer.Option(
        [], "--allowed-host", help="Another Host name to answer (the name users type, behind "
        "a proxy or on the LAN); loopback names and the bind address always are."),
    request_timeout: float = typer.Option(
        30.0, min=1.0, help="Seconds a client has to send each request, headers and body; "
        "slower ones are disconnected."),
) -> None:
    """The web app and HTTP API over a store: browse stories, read the evidence, add articles."""
    from newsprism.web import ServerSettings
    from newsprism.web import serve as run

    run(ServerSettings(db=db, token=token, allow_private=allow_private,
                       max_upload_bytes=max_upload_mb * 2**20), host, port,
        announce=console.print, extra_hosts=tuple(allowed_host), request_timeout=request_timeout)


@app.command()
def refresh(
    db: str = DB_OPTION,
    story_ids: list[str] = typer.Argument(None, help="Stories to analyse (default: every "
                                          "story not analysed, or changed since)."),
    engine: Engine = ENGINE, ray_address: str | None = RAY_ADDRESS,
    workers: int | None = WORKERS, device: str = DEVICE,
    gpus_per_worker: float = GPUS_PER_WORKER,
) -> None:
    """Analyse stored stories again from their stored articles (after ``ingest``)."""
    from newsprism.pipeline import PipelineOptions, refresh_stories
    from newsprism.store import open_store

    options = PipelineOptions(
        device=device_name(device),
        engine=engine_settings(engine, ray_address, workers, gpus_per_worker))
    with _engine_errors(), open_store(db) as store, _progress() as hook:
        done = refresh_stories(store, story_ids or None, options, progress=hook)
    console.print(f"{len(done)} stories analysed")


@app.command()
def watch(
    feeds: list[str] = typer.Argument(..., help="RSS/Atom feed URLs."),
    db: str = DB_OPTION,
    every: str = typer.Option("15m", help="Polling interval: 90s, 15m, 1h."),
    polls: int | None = typer.Option(None, help="Stop after this many rounds (default: never)."),
    allow_private: bool = ALLOW_PRIVATE, follow: bool = FOLLOW,
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Poll feeds and store only entries not seen before (Ctrl-C stops)."""
    from newsprism.intake import watch as run_watch
    from newsprism.store import open_store

    seconds = parse_interval(every)
    options = _ingest_options(None, None, None, None, None, allow_private, follow)

    with open_store(db) as store, _item_counter(verbose) as on_item:
        def on_poll(round_no: int, report) -> None:
            console.print(f"poll {round_no}: {report.stored} new, {report.known} known, "
                          f"{len(report.errors)} errors")
            if report.stored:
                _place_stories(store, bars=False)

        try:
            run_watch(store, feeds, seconds, options, on_item, polls, on_poll)
        except KeyboardInterrupt:
            console.print("stopped")


@app.command()
def errors(
    db: str = DB_OPTION,
    stage: str | None = typer.Option(None, help="Only this stage (ingest, annotate, …)."),
    limit: int = typer.Option(50, help="Most recent N."),
    as_json: bool = typer.Option(False, "--json", help="JSON lines on stdout."),
) -> None:
    """List the per-item errors stored by ingest and analyze, latest first."""
    import json
    from dataclasses import asdict

    from newsprism.store import open_store

    with open_store(db) as store:
        found = store.errors(stage, limit)
    if as_json:
        for error in found:
            typer.echo(json.dumps(asdict(error), ensure_ascii=False))
        return
    table = Table(title=f"{len(found)} errors", show_lines=False)
    for column in ("when", "stage", "source", "message"):
        table.add_column(column, overflow="fold")
    for error in found:
        table.add_row(error.created_at, error.stage, _safe(error.source), _safe(error.message))
    Console().print(table)


def parse_interval(text: str) -> float:
    """'90s', '15m', '1h', or plain seconds."""
    units = {"s": 1, "m": 60, "h": 3600}
    text = text.strip().lower()
    try:
        value = float(text[:-1]) * units[text[-1]] if text[-1] in units else float(text)
    except (ValueError, IndexError):
        raise typer.BadParameter(f"{text!r}: use 90s, 15m or 1h") from None
    if value <= 0:
        raise typer.BadParameter("the interval must be positive")
    return value


class _item_counter:
    """A progress line counting items; with ``verbose``, one stdout line per committed item
    (tab-separated: event, id or message, source), which scripts and the kill test read."""

    def __init__(self, verbose: bool) -> None:
        self.verbose = verbose

    def __enter__(self):
        self.counts = {"stored": 0, "known": 0, "error": 0, "warning": 0}
        self.status = console.status("ingesting…")
        self.status.start()
        return self.update

    def update(self, event: str, label: str, detail: str) -> None:
        self.counts[event] = self.counts.get(event, 0) + 1
        self.status.update(" · ".join(f"{v} {k}" for k, v in self.counts.items()))
        if self.verbose:
            typer.echo(f"{event}\t{printable(detail)}\t{printable(label)}")

    def __exit__(self, *exc) -> None:
        self.status.stop()


def _ingest_summary(stored: int, known: int, problems: list, links: int) -> None:
    failed = sum(e.fails for e in problems)
    warned = f" · {len(problems) - failed} warnings" if len(problems) > failed else ""
    console.print(f"[bold]{stored} stored[/] · {known} already stored · {failed} errors"
                  f"{warned} · {links} near-duplicate links")
    for error in problems[:20]:
        console.print(f"{_level(error)} {_safe(error.source)}: {_safe(error.message)}",
                      soft_wrap=True, highlight=False)
    if len(problems) > 20:
        console.print(f"… {len(problems) - 20} more: newsprism errors --db DB")


class _progress:
    """Rich progress bars, one per stage, fed by the pipeline's progress hook."""

    def __enter__(self):
        self.bars = Progress(TextColumn("{task.description:<9}"), BarColumn(),
                             TaskProgressColumn(), TimeElapsedColumn(), console=console)
        self.tasks: dict[str, int] = {}
        self.bars.start()
        return self.update

    def update(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.bars.add_task(stage, total=max(total, 1))
        self.bars.update(self.tasks[stage], completed=done, total=max(total, 1))

    def __exit__(self, *exc) -> None:
        self.bars.stop()


def _summary(analysis: Analysis) -> None:
    facts = analysis.alignment.facts
    count = {s: sum(f.status == s for f in facts) for s in ("consensus", "disputed",
                                                            "single_source")}
    console.print(
        f"[bold]{len(analysis.articles)} articles[/] · {len(analysis.entities)} entities · "
        f"{len(analysis.claims)} claims · {count['consensus']} consensus · "
        f"{count['disputed']} disputed · {count['single_source']} single-source · "
        f"{len(analysis.alignment.conflicts)} conflicts"
    )
    by_id = {c.id: c for c in analysis.claims}
    labels = {a.id: article_label(a) for a in analysis.articles}
    if analysis.alignment.conflicts:
        table = Table(title="Conflicts", show_lines=True)
        for column in ("kind", "score", "claim A", "claim B", "reason"):
            table.add_column(column, overflow="fold")
        for conflict in analysis.alignment.conflicts[:5]:
            a, b = by_id[conflict.claim_a], by_id[conflict.claim_b]
            table.add_row(conflict.kind, f"{conflict.score:.2f}",
                          f"[{labels[a.article_id]}] {_short(a.text)}",
                          f"[{labels[b.article_id]}] {_short(b.text)}", conflict.reason)
        console.print(table)


def _errors(errors) -> None:
    for error in errors:
        console.print(f"{_level(error)} {_safe(error.source)}: {_safe(error.message)} "
                      f"({error.stage})", soft_wrap=True, markup=True, highlight=False)


def _level(error) -> str:
    """The coloured word that starts an error's line: error, warning or skipped."""
    if error.fails:
        return "[red]error[/]"
    return f"[yellow]{_safe(error.stage)}[/]"


def _days(story) -> str:
    """"first – last", one day once, or "undated"."""
    return " – ".join(dict.fromkeys(d for d in (story.first_day, story.last_day) if d)) \
        or "undated"


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Untrusted text for a terminal: control characters (an escape sequence in a file name
    or a WARC target URI could rewrite the screen) shown as ``\\x1b``, never sent raw."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _safe(text: str) -> str:
    """Untrusted text for a Rich console: printable, and its [markup] shown as written."""
    return escape(printable(text))


def _short(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
