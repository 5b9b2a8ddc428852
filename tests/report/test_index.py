"""The story index: schema-valid JSON, escaped HTML, escaped Markdown."""

from __future__ import annotations

import jsonschema
import pytest

from newsprism.models import Analysis, Story
from newsprism.report.index import (
    build_index,
    plural,
    render_index_html,
    render_index_markdown,
    validate_index,
)

HOSTILE = 'Mutiny <img src=x onerror=alert(1)> | ends [here](javascript:x)'


@pytest.fixture
def index(small_analysis: Analysis) -> dict:
    story = Story(id="story_0123456789abcdef", article_ids=tuple(
        a.id for a in small_analysis.articles), title=HOSTILE, first_day="2023-06-24",
        last_day="2023-06-25", entities=(("Wagner", 3), ("Rostov-on-Don", 2)),
        terms=("mutiny", "fighters"), cohesion=0.81)
    return build_index([(story, small_analysis, "stories/story_0123456789abcdef/report.json")],
                       [{"source": "x.txt", "stage": "skipped", "message": "in 'de'"}])


def test_index_counts_and_validates(index, small_analysis) -> None:
    validate_index(index)
    (entry,) = index["stories"]
    assert entry["articles"] == len(small_analysis.articles) == index["summary"]["articles"]
    assert entry["conflicts"] == len(small_analysis.alignment.conflicts)
    assert entry["consensus"] == sum(f.status == "consensus"
                                     for f in small_analysis.alignment.facts)
    assert entry["why"]["entities"][0] == {"name": "Wagner", "articles": 3}
    with pytest.raises(jsonschema.ValidationError):
        validate_index({**index, "stories": [{**entry, "id": "not-a-story-id"}]})


def test_html_escapes_and_links_the_report(index) -> None:
    page = render_index_html(index)
    assert "<img src=x" not in page and "&lt;img src=x" in page
    assert 'href="stories/story_0123456789abcdef/report.html"' in page
    assert "1 story ·" in page and "Content-Security-Policy" in page


def test_markdown_cannot_break_the_table_or_inject_html(index) -> None:
    text = render_index_markdown(index)
    row = next(line for line in text.splitlines() if "story_0123456789abcdef" in line)
    assert "\\<img" in row and "\\|" in row and "\\[here\\]" in row
    assert row.count(" | ") == 7  # eight cells: nothing the title holds opened another
    assert "(stories/story_0123456789abcdef/report.md)" in row
    assert "## Not analysed" in text


def test_plural() -> None:
    assert plural(1, "story", "stories") == "1 story" and plural(2, "story", "stories") == (
        "2 stories")
    assert plural(0, "conflict") == "0 conflicts"
