"""Report files come from registered renderers; one registered from outside joins them."""

from __future__ import annotations

import csv

import catalogue

from newsprism.registries import renderers
from newsprism.report import build_report
from newsprism.report.renderers import render_all


def test_the_three_report_files_and_one_registered_from_outside(tmp_path, small_analysis):
    """Issue 20: a new output format is a function plus a registration."""

    @renderers.register("test_facts_csv")
    def facts_csv(report, folder):
        path = folder / "facts.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["fact", "status", "outlets"])
            for fact in report["facts"]:
                writer.writerow([fact["id"], fact["status"], "; ".join(fact["outlets"])])
        return path

    try:
        report = build_report(small_analysis)
        written = render_all(report, tmp_path / "story")
    finally:
        catalogue._remove(("newsprism", "renderers", "test_facts_csv"))
    assert list(written) == ["json", "html", "markdown", "test_facts_csv"]
    assert all(path.is_file() and path.stat().st_size for path in written.values())
    rows = list(csv.reader(written["test_facts_csv"].open(encoding="utf-8")))
    assert len(rows) == 1 + len(report["facts"])
