"""render_markdown: the report for a terminal or a pull request."""

from __future__ import annotations

import dataclasses
import re

import pytest

from newsprism.models import Alignment, Analysis, Brief
from newsprism.report import build_report, render_markdown
from newsprism.report.markdown import cite


@pytest.fixture
def md(report: dict) -> str:
    return render_markdown(report)


def section(md: str, title: str) -> str:
    start = md.index(f"## {title}\n")
    following = md.find("\n## ", start + 3)
    return md[start:] if following < 0 else md[start:following]


def test_sections_in_order(md: str) -> None:
    titles = re.findall(r"^## (.+)$", md, flags=re.MULTILINE)
    assert titles == [
        "Summary", "Articles", "Brief", "Consensus facts", "Disputed facts", "Conflicts",
        "Single-source claims", "Quotes", "Voices", "Tone toward actors", "Word choice",
        "Entities", "Errors",
    ]
    assert md.startswith("# newsprism report\n") and md.endswith("\n")


def test_summary_counts(md: str) -> None:
    assert "| 3 | 3 | 1 | 1 | 1 | 1 | 8 | 2 | 2 | 2 | 1 | 1 |" in section(md, "Summary")


def test_brief_cites_offsets(report: dict, md: str) -> None:
    brief = section(md, "Brief")
    first = report["brief"]["sentences"][0]
    refs = " ".join(cite(c) for c in first["citations"])
    assert f"1. {first['text']} {refs}" in brief
    assert re.search(r"\[art_[0-9a-f]{16}:0-49\]", brief)
    assert "- **2023-06-24** — The mutiny ended. [" in brief  # the timeline


def test_facts_list_carrying_and_omitting_outlets(md: str) -> None:
    consensus = section(md, "Consensus facts")
    assert ("carried by: Daily Planet, Kremlin Watch, gazette-b (3 independent source(s))"
            in consensus)
    disputed = section(md, "Disputed facts")
    assert "omitted by: Kremlin Watch" in disputed
    assert "contradicted by: gazette-b" in disputed


def test_conflict_reason_score_and_both_sides(report: dict, md: str) -> None:
    conflicts = section(md, "Conflicts")
    assert report["conflicts"][0]["reason"] in conflicts
    assert "numeric · score 0.87 · between speakers" in conflicts
    sides = [line for line in conflicts.splitlines() if line.startswith("> ")]
    assert len(sides) == 2
    assert "**Daily Planet**" in sides[0] and "About 25,000 fighters" in sides[0]
    assert "**gazette-b**" in sides[1] and "8,000 fighters" in sides[1]


def test_single_source_quotes_entities_errors(md: str) -> None:
    single = section(md, "Single-source claims")
    assert "### Kremlin Watch" in single and "brokered by Lukashenko" in single
    assert "| Prigozhin | said | direct | turn back \\| home |" in section(md, "Quotes")
    assert "| Yevgeny Prigozhin | PERSON | Prigozhin, Prigojine |" in section(md, "Entities")
    assert "| stories/broken.pdf | ingest | unsupported file type .pdf |" in section(md, "Errors")


def test_table_cells_escape_pipes_and_newlines(small_analysis: Analysis) -> None:
    art = dataclasses.replace(small_analysis.articles[0], title="Left | right\nsecond line")
    analysis = dataclasses.replace(small_analysis, articles=(art, *small_analysis.articles[1:]))
    md = render_markdown(build_report(analysis))
    assert "Left \\| right second line" in md
    # Every row of a table has as many unescaped separators as its header.
    for table in re.findall(r"((?:^\|.*\n)+)", md, flags=re.MULTILINE):
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in table.strip().splitlines()}
        assert len(widths) == 1, table


def test_html_in_article_text_cannot_render(md: str) -> None:
    assert not re.search(r"(?<!\\)<", md)  # every "<" is escaped
    assert "Mutiny \\<script>alert(1)\\</script> ends" in md


def test_empty_report() -> None:
    md = render_markdown(build_report(Analysis((), (), (), (), Alignment((), ()), Brief((), ()))))
    for message in ("_No articles._", "_No brief sentences._", "_No dated events._",
                    "_No consensus facts._", "_No conflicts found._", "_No quotes found._",
                    "_No entities._", "_No single-source claims._"):
        assert message in md
    assert "## Errors" not in md
