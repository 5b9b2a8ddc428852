"""The story index: one entry per story of a run (title, time span, outlets, articles,
consensus, disputes, conflicts, why its articles belong together, where its report is), as
JSON (``docs/index.schema.json``), one self-contained HTML page, and Markdown."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsprism.models import Analysis, Story, article_label
from newsprism.report.build import generator
from newsprism.report.html import _env
from newsprism.report.markdown import _inline, _table

_SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schema" / "index.schema.json"


def build_index(runs: list[tuple[Story, Analysis, str]], errors: list[dict] | None = None,
                ) -> dict[str, Any]:
    """``runs``: (story, its analysis, the report's path relative to the index)."""
    stories = []
    for story, analysis, report_path in runs:
        facts = analysis.alignment.facts
        stories.append({
            "id": story.id, "title": story.title, "first_day": story.first_day,
            "last_day": story.last_day, "articles": len(analysis.articles),
            "outlets": sorted({article_label(a) for a in analysis.articles}),
            "consensus": sum(f.status == "consensus" for f in facts),
            "disputed": sum(f.status == "disputed" for f in facts),
            "conflicts": len(analysis.alignment.conflicts),
            "why": {"entities": [{"name": n, "articles": c} for n, c in story.entities],
                    "terms": list(story.terms), "cohesion": story.cohesion},
            "report": report_path,
        })
    return {"generator": generator(), "stories": stories,
            "summary": {"stories": len(stories), "articles": sum(s["articles"] for s in stories),
                        "conflicts": sum(s["conflicts"] for s in stories)},
            "errors": errors or []}


@lru_cache(maxsize=1)
def _validator():
    import jsonschema

    return jsonschema.Draft202012Validator(json.loads(_SCHEMA_PATH.read_text(encoding="utf-8")))


def validate_index(index: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` when ``index`` breaks its schema."""
    import jsonschema

    error = jsonschema.exceptions.best_match(_validator().iter_errors(index))
    if error is not None:
        raise error


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def render_index_html(index: dict[str, Any]) -> str:
    return _env().get_template("index.html.j2").render(index=index, plural=plural)


def render_index_markdown(index: dict[str, Any]) -> str:
    s = index["summary"]
    lines = [f"# newsprism · {plural(s['stories'], 'story', 'stories')}, "
             f"{plural(s['articles'], 'article')}, {plural(s['conflicts'], 'conflict')}", ""]
    rows = []
    for story in index["stories"]:
        days = " – ".join(dict.fromkeys(d for d in (story["first_day"], story["last_day"]) if d))
        title = _inline(story["title"]).replace("[", "\\[").replace("]", "\\]")
        link = story["report"].removesuffix(".json") + ".md"
        shared = ", ".join(e["name"] for e in story["why"]["entities"][:4])
        rows.append([f"[{title}]({link})", days or "–", story["articles"],
                     len(story["outlets"]), story["consensus"], story["disputed"],
                     story["conflicts"], shared])
    lines += _table(["story", "days", "articles", "outlets", "consensus", "disputed",
                     "conflicts", "shared entities"], rows)
    if index["errors"]:
        lines += ["## Not analysed", ""]
        lines += _table(["source", "stage", "reason"],
                        [[e["source"], e["stage"], e["message"]] for e in index["errors"]])
    return "\n".join(lines)


def write_index(runs: list[tuple[Story, Analysis, str]], errors: list[dict],
                out: Path) -> dict[str, Path]:
    """``index.json`` (checked against its schema), ``index.html`` and ``index.md`` in ``out``;
    ``runs`` as for ``build_index``. Returns kind → path."""
    from newsprism.report.build import write_json

    index = build_index(runs, errors)
    validate_index(index)
    outputs = {"index": out / "index.json", "index_html": out / "index.html",
               "index_markdown": out / "index.md"}
    write_json(index, outputs["index"])
    outputs["index_html"].write_text(render_index_html(index), encoding="utf-8")
    outputs["index_markdown"].write_text(render_index_markdown(index), encoding="utf-8")
    return outputs
