"""The files of a story's report: one registered renderer per file.

A renderer is ``(report: dict, folder: Path) -> Path``: it writes one file for the checked
report dict into ``folder`` and returns its path. newsprism's own are ``json``
(``report.json``), ``html`` (``report.html``, self-contained) and ``markdown``
(``report.md``); another joins with ``@registries.renderers.register("name")`` and its file
is written next to them by ``analyze`` (``render_all``), its path listed under that name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsprism.registries import renderers
from newsprism.report.build import write_json
from newsprism.report.html import render_html
from newsprism.report.markdown import render_markdown


@renderers.register("json")
def json_report(report: dict[str, Any], folder: Path) -> Path:
    path = folder / "report.json"
    write_json(report, path)
    return path


@renderers.register("html")
def html_report(report: dict[str, Any], folder: Path) -> Path:
    path = folder / "report.html"
    path.write_text(render_html(report), encoding="utf-8")
    return path


@renderers.register("markdown")
def markdown_report(report: dict[str, Any], folder: Path) -> Path:
    path = folder / "report.md"
    path.write_text(render_markdown(report), encoding="utf-8")
    return path


def render_all(report: dict[str, Any], folder: Path) -> dict[str, Path]:
    """Every registered renderer's file for ``report`` in ``folder``: name → path."""
    folder.mkdir(parents=True, exist_ok=True)
    return {name: render(report, folder) for name, render in renderers.get_all().items()}
