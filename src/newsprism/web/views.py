"""The data behind each page. Every function returns the page's JSON twin (plain JSON types);
the HTML page renders exactly that dict, plus layout helpers from ``*_html`` functions that only
rearrange it. So ``/stories/{id}`` and ``/stories/{id}.json`` can never disagree.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from urllib.parse import urlencode

from newsprism.ingest.readers import claimed_suffixes
from newsprism.models import article_label
from newsprism.report.html import span_tokens, story_context, target_id
from newsprism.store import Store


class NotFound(LookupError):
    pass


def stories_data(store: Store, query: str | None, limit: int, offset: int) -> dict[str, Any]:
    rows, total = store.story_rows(query, limit, offset)

    def page(at: int) -> str:
        params = {k: v for k, v in (("q", query), ("limit", limit), ("offset", at)) if v}
        return "/stories" + (f"?{urlencode(params)}" if params else "")

    return {
        "query": query or "", "total": total, "limit": limit, "offset": offset,
        "stories": rows,
        "next": page(offset + limit) if offset + limit < total else None,
        "previous": page(max(0, offset - limit)) if offset > 0 else None,
    }


def article_summary(article) -> dict[str, Any]:
    return {"id": article.id, "label": article_label(article), "outlet": article.outlet,
            "title": article.title, "published": article.published, "url": article.url,
            "language": article.language}


def story_data(store: Store, story_id: str) -> dict[str, Any]:
    """The story, its articles, and its latest report (None until it has been analysed;
    ``analysis`` says whether the report covers the story's current articles)."""
    story = store.story_row(story_id)
    if story is None:
        raise NotFound(f"no story {story_id!r}")
    articles = store.story_articles(story_id)
    report = store.report(story_id)
    return {"story": {**story, "articles": [article_summary(a) for a in articles]},
            "analysis": {"state": store.story_analysis_state(story_id),
                         "created": report.get("created") if report else None},
            "report": report}


def citation_href(article_id: str, start: int, end: int) -> str:
    """A citation on the web: the article page, the span highlighted and scrolled to."""
    return f"/articles/{article_id}?hl={start}-{end}#{target_id(article_id, start, end)}"


def story_html(data: dict[str, Any]) -> dict[str, Any]:
    """The story page's template context: the report's views (shared with report.html) with
    citations linking to article pages."""
    context = {"data": data, "story": data["story"], "analysis": data["analysis"]}
    if data["report"] is not None:
        context.update(story_context(data["report"], href=citation_href,
                                     article_href=lambda aid: f"/articles/{aid}",
                                     with_text=False))
    return context


def parse_highlight(value: str | None, length: int) -> tuple[int, int] | None:
    """``START-END`` within the text, else None (a bad value is ignored, not an error)."""
    if not value:
        return None
    start, _, end = value.partition("-")
    if not (start.isdigit() and end.isdigit()):
        return None
    lo, hi = int(start), int(end)
    return (lo, hi) if 0 <= lo < hi <= length else None


def article_data(store: Store, article_id: str, highlight: str | None = None) -> dict[str, Any]:
    article = store.article(article_id)
    if article is None:
        raise NotFound(f"no article {article_id!r}")
    span = parse_highlight(highlight, len(article.text))
    return {
        "article": {**article_summary(article), "path": article.path,
                    "authors": list(article.authors), "site_name": article.site_name,
                    "published_at": article.published_at,
                    "metadata_sources": dict(article.metadata_sources), "text": article.text},
        "story_id": store.article_story(article_id),
        "annotations": store.article_annotations(article_id),
        "highlight": {"start": span[0], "end": span[1]} if span else None,
    }


# What each kind of annotation looks like in the text, and what its tooltip says.
def _span_title(kind: str, row: dict[str, Any]) -> str:
    if kind == "claim":
        status = (row.get("status") or "no fact").replace("_", " ")
        return f"claim ({status}){' · speaker: ' + row['speaker'] if row.get('speaker') else ''}"
    if kind == "quote":
        return f"quote · speaker: {row.get('speaker') or 'unknown'}"
    if kind == "entity":
        return f"{row['name']} ({row['type']})"
    if kind == "date":
        return f"date: {row['value']} ({row['granularity']}, {row['resolution']})"
    return f"quantity: {row.get('value')} {row.get('unit') or row.get('counted') or ''}".strip()


def article_html(data: dict[str, Any]) -> dict[str, Any]:
    """The article page's context: the text cut into tokens so that every claim, quote,
    entity mention, date and quantity (and the highlighted citation) is its own element."""
    article, notes = data["article"], data["annotations"]
    text = article["text"]
    spans: set[tuple[int, int]] = set()
    kinds: dict[tuple[int, int], str] = {}
    titles: dict[tuple[int, int], str] = {}
    if data["highlight"]:
        span = (data["highlight"]["start"], data["highlight"]["end"])
        spans.add(span)
        kinds[span], titles[span] = "cited", "the cited text"
    layers = (("claims", "claim"), ("quotes", "quote"), ("mentions", "entity"),
              ("dates", "date"), ("quantities", "quantity"))
    for key, kind in layers:
        for row in notes[key]:
            span = (row["start"], row["end"])
            if not 0 <= span[0] < span[1] <= len(text) or span in kinds:
                continue
            spans.add(span)
            status = f" st-{row['status']}" if kind == "claim" and row.get("status") else ""
            kinds[span], titles[span] = kind + status, _span_title(kind, row)
    counts = {kind: len(notes[key]) for key, kind in layers}
    return {"data": data, "article": article, "counts": counts,
            "tokens": span_tokens(article["id"], text, spans, kinds, titles),
            "highlight_id": (target_id(article["id"], data["highlight"]["start"],
                                       data["highlight"]["end"]) if data["highlight"] else None)}


def job_data(store: Store, job: dict[str, Any]) -> dict[str, Any]:
    """The job, and the titles of the stories it touched (those that still exist)."""
    rows = {s: store.story_row(s) for s in job["stories"]}
    return {"job": job, "finished": job["state"] in ("done", "failed"),
            "story_titles": {s: row["title"] for s, row in rows.items() if row}}


def jobs_data(jobs: list[dict[str, Any]]) -> dict[str, Any]:
    return {"jobs": [{k: v for k, v in j.items() if k != "items"} for j in jobs]}


def settings_data(settings) -> dict[str, Any]:
    """What the add page tells a user (and a script) about the limits it will meet."""
    values = asdict(settings)
    return {"token_required": bool(values.pop("token")),
            "max_upload_bytes": values["max_upload_bytes"],
            "max_files": values["max_files"], "allow_private": values["allow_private"],
            "accepts": ["text (pasted)", *sorted(claimed_suffixes()),
                        "URLs of pages and RSS/Atom feeds"]}
