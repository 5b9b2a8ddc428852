"""Reports: the JSON dict (``build_report``) and its HTML and Markdown renderings.

Typical use::

    report = build_report(analysis)
    write_json(report, "out/report.json")
    Path("out/report.html").write_text(render_html(report), encoding="utf-8")
    Path("out/report.md").write_text(render_markdown(report), encoding="utf-8")

``analyze`` writes one file per renderer registered in ``registries.renderers`` (json, html,
markdown, and any added): ``report.renderers.render_all``.
"""

from newsprism.report.build import (
    build_report,
    load_schema,
    published_report,
    validate_report,
    write_json,
)
from newsprism.report.html import render_html
from newsprism.report.markdown import render_markdown

__all__ = [
    "build_report",
    "load_schema",
    "published_report",
    "render_html",
    "render_markdown",
    "validate_report",
    "write_json",
]
