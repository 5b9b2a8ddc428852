"""The command line: thin wrappers over the library (``newsprism.pipeline``)."""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsprism.align import AlignSettings
from newsprism.models import Analysis, article_label

# Models ship inside PyPI packages; nothing may be fetched from a hub at run time.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Cross-source news analysis: consensus, conflicts, voices, framing.")
console = Console(stderr=True)


@app.callback()
def main() -> None:
    """newsprism: compare many outlets' reports of the same events."""


@app.command()
def analyze(
    sources: list[Path] = typer.Argument(..., help="Article files or folders (.txt, .md)."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Folder for the reports."),
    db: Path | None = typer.Option(None, "--db", help="SQLite file (default OUT/newsprism.db)."),
    spacy_model: str | None = typer.Option(None, help="spaCy package name or directory."),
    embedding_model: str | None = typer.Option(
        None, help="sentence-transformers model directory (default: shipped MiniLM)."),
    nli_model: str | None = typer.Option(
        None, help="NLI cross-encoder directory (any Hugging Face sequence-classification "
        "model naming entailment/neutral/contradiction; default: shipped nli-minilm)."),
    nli: bool = typer.Option(True, help="Judge semantic conflicts with the NLI model "
                             "(--no-nli: marked antonym rules only)."),
    state_conflicts: bool = typer.Option(
        True, help="Also find semantic conflicts from the parse: one subject, opposite "
        "predicates ('measures were lifted' / 'still in place')."),
    link_threshold: float = typer.Option(AlignSettings.link_threshold,
                                         help="Similarity at which two claims are one fact."),
    conflict_threshold: float = typer.Option(AlignSettings.conflict_min_score,
                                             help="Lowest conflict score reported."),
) -> None:
    """Analyse articles end to end and write report.json, report.html, report.md and a DB."""
    from newsprism.pipeline import PipelineOptions
    from newsprism.pipeline import analyze as run

    if nli and nli_model and not (Path(nli_model) / "config.json").is_file():
        raise typer.BadParameter(f"{nli_model}: not a model directory (no config.json)",
                                 param_hint="--nli-model")
    options = PipelineOptions(
        spacy_model=spacy_model, embedding_model=embedding_model, nli_model=nli_model,
        align=AlignSettings(link_threshold=link_threshold, conflict_min_score=conflict_threshold,
                            use_nli=nli, state_conflicts=state_conflicts),
    )
    with _progress() as hook:
        result = run([str(s) for s in sources], out, db, options, progress=hook)
    _summary(result.analysis, result.outputs, result.timings)
    if not result.analysis.articles:
        raise typer.Exit(2)
    if result.analysis.errors:
        raise typer.Exit(1)


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


def _summary(analysis: Analysis, outputs: dict[str, Path], timings: dict[str, float]) -> None:
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
    for error in analysis.errors:
        console.print(f"[red]error[/] {escape(error.source)}: {escape(error.message)} "
                      f"({error.stage})",
                      soft_wrap=True, markup=True, highlight=False)
    stages = ", ".join(f"{k} {v:.1f}s" for k, v in timings.items())
    console.print(f"time: {stages}")
    for kind, path in outputs.items():
        console.print(f"{kind:<9} {path}")


def _short(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
