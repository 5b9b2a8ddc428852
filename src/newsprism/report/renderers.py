"""The files of a story's report: one registered renderer per file.

A renderer is ``(report: dict, folder: Path) -> Path``: it writes one file for the checked
report dict into ``folder`` and returns its path. newsprism's own are ``json``
(``report.json``), ``html`` (``report.html``, self-contained) and ``markdown``
(``report.md``); another joins with ``@registries.renderers.register("name")`` and its file
is written next to them by ``analyze`` (``render_all``), its path listed under that name.

``render_files`` runs every renderer where the story is analysed (a worker process or a Ray
actor) into a scratch folder and returns the bytes of every file written there (those a
renderer writes beside the one it returns too: images, data for its page), so the one writer
only writes them (``write_files``): rendering leaves the driver, and a renderer registered
from outside needs no change.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
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


@dataclass(frozen=True)
class RenderedFiles:
    """A story's report files rendered elsewhere: each renderer's returned file (name →
    path relative to the story's folder) and the bytes of every file the renderers wrote
    (relative path → bytes)."""

    outputs: dict[str, str]
    data: dict[str, bytes]


def render_files(report: dict[str, Any]) -> RenderedFiles:
    """Every registered renderer's files for ``report``, as bytes: rendered in a scratch
    folder (removed after), and every file found there kept, not only the returned ones."""
    with tempfile.TemporaryDirectory(prefix="newsprism-render-") as scratch:
        folder = Path(scratch)
        paths = render_all(report, folder)
        data = {path.relative_to(folder).as_posix(): path.read_bytes()
                for path in sorted(folder.rglob("*")) if path.is_file()}
        return RenderedFiles({name: path.relative_to(folder).as_posix()
                              for name, path in paths.items()}, data)


def write_files(files: RenderedFiles, folder: Path) -> dict[str, Path]:
    """Write the files of ``render_files`` into ``folder``: renderer name → path."""
    for relative, data in files.data.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return {name: folder / relative for name, relative in files.outputs.items()}
