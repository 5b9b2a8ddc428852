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


def test_files_rendered_elsewhere_are_written_byte_for_byte(tmp_path, small_analysis):
    """Where a story is analysed its files are rendered to bytes (a renderer registered from
    outside included); the writer puts exactly those bytes where render_all would."""
    from newsprism.report.renderers import render_files, write_files

    @renderers.register("test_notes")
    def notes(report, folder):
        path = folder / "notes" / "facts.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(f["id"] for f in report["facts"]), encoding="utf-8")
        # A file beside the one returned (a page's picture): written by the writer too.
        (path.parent / "chart.bin").write_bytes(bytes(range(256)))
        return path

    try:
        report = build_report(small_analysis)
        files = render_files(report)
        direct = render_all(report, tmp_path / "direct")
    finally:
        catalogue._remove(("newsprism", "renderers", "test_notes"))
    assert files.outputs["test_notes"] == "notes/facts.txt"
    written = write_files(files, tmp_path / "written")
    assert (tmp_path / "written" / "notes" / "chart.bin").read_bytes() == bytes(range(256))
    assert sorted(p.relative_to(tmp_path / "written").as_posix()
                  for p in (tmp_path / "written").rglob("*") if p.is_file()) == sorted(
        p.relative_to(tmp_path / "direct").as_posix()
        for p in (tmp_path / "direct").rglob("*") if p.is_file())
    assert list(written) == list(direct) == ["json", "html", "markdown", "test_notes"]
    for name, path in written.items():
        assert path.relative_to(tmp_path / "written") == direct[name].relative_to(
            tmp_path / "direct")
        assert path.read_bytes() == direct[name].read_bytes()
