"""Render the report dict as ONE self-contained HTML file.

Everything is inline (CSS, a few lines of JS) and a Content-Security-Policy forbids any fetch,
so the file opens offline and an article cannot make the reader's browser phone home. Article
text and metadata are untrusted: the template runs with autoescape on and no value is ever
marked safe here; Python only prepares plain data (strings, ints, token lists).

Evidence is one click away: every citation link points at ``#s-{article_id}-{start}-{end}``, an
element that wraps exactly ``text[start:end]`` in the article section at the bottom. The JS
highlights it (and any continuation pieces, see ``span_tokens``) on load and on ``hashchange``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from newsprism.report.figures import graph_figure, timeline_figure

_TEMPLATES = Path(__file__).resolve().parent / "templates"
SNIPPET = 160  # characters of cited text shown in a link's tooltip
Href = Callable[[str, int, int], str]  # (article id, start, end) -> a citation's link


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,  # untrusted article text: escape everything, always
        undefined=jinja2.StrictUndefined,  # a typo in the template fails loudly, not silently
        trim_blocks=True,
        lstrip_blocks=True,
    )


def target_id(article_id: str, start: int, end: int) -> str:
    """The id of the element that wraps ``text[start:end]`` of an article."""
    return f"s-{article_id}-{start}-{end}"


def span_tokens(
    article_id: str, text: str, spans: set[tuple[int, int]], kinds: dict[tuple[int, int], str],
    titles: dict[tuple[int, int], str] | None = None,
) -> list[dict[str, Any]]:
    """Split ``text`` into open/text/close tokens so each span becomes a wrapping <span>.

    Spans usually nest (a quote inside its sentence); when two spans cross, the later one is
    emitted in pieces: the first piece carries the id, the others ``data-part`` = that id, so
    the JS can still highlight exactly ``text[start:end]`` while the HTML stays well nested.
    """
    ordered = sorted(spans, key=lambda s: (s[0], -s[1]))  # outer spans open first
    bounds = sorted({0, len(text)} | {b for span in ordered for b in span})
    tokens: list[dict[str, Any]] = []
    stack: list[tuple[int, int]] = []
    opened: set[tuple[int, int]] = set()
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        covering = [s for s in ordered if s[0] <= lo and hi <= s[1]]
        keep = 0
        while keep < min(len(stack), len(covering)) and stack[keep] == covering[keep]:
            keep += 1
        while len(stack) > keep:
            stack.pop()
            tokens.append({"t": "close"})
        for span in covering[keep:]:
            sid = target_id(article_id, *span)
            first = span not in opened
            opened.add(span)
            tokens.append(
                {"t": "open", "id": sid if first else None, "part": None if first else sid,
                 "cls": kinds.get(span, "span"), "title": (titles or {}).get(span)}
            )
            stack.append(span)
        tokens.append({"t": "text", "text": text[lo:hi]})
    tokens.extend({"t": "close"} for _ in stack)
    return tokens


def in_page_href(article_id: str, start: int, end: int) -> str:
    """A citation's target in the one-file report: the span's element further down the page."""
    return "#" + target_id(article_id, start, end)


def story_context(report: dict[str, Any], href: Href = in_page_href,
                  article_href: Callable[[str], str] | None = None,
                  with_text: bool = True) -> dict[str, Any]:
    """What the story templates (``_story.html.j2``) read, from a report dict. ``href`` makes
    a citation's link: the one-file report links within the page, the web app to the article
    page with the span highlighted (and needs no article text: ``with_text=False``)."""
    articles = report.get("articles", [])
    by_id = {a["id"]: a for a in articles}
    claims = {c["id"]: c for c in report.get("claims", [])}
    spans: dict[str, set[tuple[int, int]]] = defaultdict(set)
    kinds: dict[str, dict[tuple[int, int], str]] = defaultdict(dict)

    def valid(aid: str, start: Any, end: Any) -> bool:
        art = by_id.get(aid)
        return (
            art is not None and isinstance(start, int) and isinstance(end, int)
            and 0 <= start < end <= len(art["text"])
        )

    def add(aid: str, start: int, end: int, kind: str) -> None:
        if valid(aid, start, end):
            spans[aid].add((start, end))
            kinds[aid].setdefault((start, end), kind)  # claims are added first and win

    def link(aid: str, start: int, end: int) -> dict[str, Any]:
        # Links are built only from spans registered as targets, so none can dangle; an
        # out-of-range citation is shown as broken rather than pointing nowhere.
        art = by_id.get(aid)
        label = art["label"] if art else aid
        if not valid(aid, start, end):
            return {"href": None, "label": label, "title": f"invalid citation {aid}:{start}-{end}"}
        add(aid, start, end, "cited")
        snippet = art["text"][start:end]
        if len(snippet) > SNIPPET:
            snippet = snippet[: SNIPPET - 1] + "…"
        return {
            "href": href(aid, start, end),
            "label": label,
            "title": f"{label}, characters {start}–{end}: {snippet}",
        }

    for claim in claims.values():
        add(claim["article_id"], claim["start"], claim["end"], "claim")
    for quote in report.get("quotes", []):
        add(quote["article_id"], quote["start"], quote["end"], "quote")

    def claim_view(cid: str) -> dict[str, Any]:
        claim = claims.get(cid)
        if claim is None:
            return {"id": cid, "text": f"(claim {cid} not in report)", "link": None, "label": "",
                    "speaker": None, "before": "", "after": ""}
        lk = link(claim["article_id"], claim["start"], claim["end"])
        return {**claim, "link": lk, "label": lk["label"], **_sentence_context(claim, by_id)}

    def cites(citations: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [link(c["article_id"], c["start"], c["end"]) for c in citations]

    brief = report.get("brief", {})
    sentences = [{**s, "links": cites(s.get("citations", []))} for s in brief.get("sentences", [])]
    timeline = [{**t, "links": cites(t.get("citations", []))} for t in brief.get("timeline", [])]

    conflicts = report.get("conflicts", [])
    conflicts_view = [
        {**c, "a": claim_view(c["claim_a"]), "b": claim_view(c["claim_b"])} for c in conflicts
    ]
    # claim id -> [(conflict id, the other side's claim id)]
    opposed: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for c in conflicts:
        opposed[c["claim_a"]].append((c["id"], c["claim_b"]))
        opposed[c["claim_b"]].append((c["id"], c["claim_a"]))

    facts_by_status: dict[str, list[dict[str, Any]]] = {
        "consensus": [], "disputed": [], "single_source": []
    }
    single_by_outlet: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for fact in report.get("facts", []):
        rep = claim_view(fact["representative_claim_id"])
        if fact["status"] == "single_source":
            single_by_outlet[rep["label"] or "?"].append({**fact, "rep": rep})
        cells = [_cell(entry, fact, opposed, claim_view) for entry in fact.get("coverage", [])]
        facts_by_status.setdefault(fact["status"], []).append({**fact, "rep": rep, "cells": cells})

    quotes_by_outlet: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for quote in report.get("quotes", []):
        art = by_id.get(quote["article_id"])
        label = art["label"] if art else quote["article_id"]
        quotes_by_outlet[label].append({**quote, "link": link(quote["article_id"],
                                                               quote["start"], quote["end"])})

    framing = report.get("framing", {})
    voices_by_outlet: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for voice in framing.get("voices", []):
        voices_by_outlet[voice["outlet"]].append({**voice, "links": cites(voice["citations"])})
    tone_actors: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for row in framing.get("tone", []):
        links = cites(row["citations"])
        tone_actors[row["entity"]][row["outlet"]] = {**row, "links": list(zip(
            links, row["sentence_scores"], strict=True))}

    words: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in framing.get("words", []):
        terms = [{**t, "links": cites(t["citations"][:3])} for t in row["terms"][:12]]
        words[(row["referent_kind"], row["referent_id"], row["referent"])].append(
            {"outlet": row["outlet"], "terms": terms})

    labels = {a["id"]: a["label"] for a in articles}
    reuse = [{**r, "a": labels.get(r["article_a"], r["article_a"]),
              "b": labels.get(r["article_b"], r["article_b"])} for r in report.get("reuse", [])]
    entities = []
    for ent in report.get("entities", []):
        per_article = Counter(m["article_id"] for m in ent.get("mentions", []))
        entities.append({
            **ent,
            "per_article": [(labels.get(aid, aid), n) for aid, n in per_article.items()],
        })

    graph = graph_figure(report.get("entity_graph") or {})
    for edge in graph["edges"]:
        first = edge["citations"][0] if edge["citations"] else None
        edge["link"] = link(first["article_id"], first["start"], first["end"]) if first else {}

    # Tokens last: every link above has registered its span by now.
    articles_view = [
        {**a, "tokens": span_tokens(a["id"], a["text"], spans[a["id"]], kinds[a["id"]])
         if with_text else []}
        for a in articles
    ]
    order = {a["label"]: i for i, a in enumerate(articles)}

    def in_article_order(groups: dict[str, list]) -> list[tuple[str, list]]:
        return sorted(groups.items(), key=lambda kv: order.get(kv[0], len(order)))

    return {
        "report": report,
        "summary": report.get("summary", {}),
        "articles": articles_view,
        "sentences": sentences,
        "timeline": timeline,
        "facts_by_status": facts_by_status,
        "single_by_outlet": in_article_order(single_by_outlet),
        "conflicts": conflicts_view,
        "outlets": [c["outlet"] for c in (report.get("facts") or [{}])[0].get("coverage", [])],
        "reuse": reuse,
        "quotes_by_outlet": in_article_order(quotes_by_outlet),
        "voices_by_outlet": in_article_order(voices_by_outlet),
        "tone_actors": list(tone_actors.items()),
        "word_choice": [{"kind": k, "id": i, "referent": r, "rows": rows}
                        for (k, i, r), rows in words.items()],
        "tone_outlets": sorted({r["outlet"] for r in framing.get("tone", [])},
                               key=lambda o: order.get(o, len(order))),
        "entities": entities,
        "errors": report.get("errors", []),
        "settings": report.get("settings", {}),
        "fact_ids": {f["id"] for f in report.get("facts", [])},
        "timeline_figure": timeline_figure(brief.get("timeline", [])),
        "graph_figure": graph,
        "article_href": article_href or (lambda aid: f"#article-{aid}"),
    }


def _sentence_context(claim: dict[str, Any], articles: dict[str, Any]) -> dict[str, str]:
    """The rest of the claim's sentence, so a clause is read in its sentence."""
    text = articles.get(claim["article_id"], {}).get("text", "")
    start, end = claim.get("sentence_start"), claim.get("sentence_end")
    if start is None or end is None or not (start <= claim["start"] <= claim["end"] <= end):
        return {"before": "", "after": ""}
    return {"before": text[start:claim["start"]], "after": text[claim["end"]:end]}


def _cell(entry: dict[str, Any], fact: dict[str, Any], opposed: dict[str, list],
          claim_view) -> dict[str, Any]:
    """One outlet's cell of the fact matrix, from the fact's coverage entry."""
    claim_ids = entry.get("claim_ids", [])
    cell: dict[str, Any] = {"state": entry["status"], "outlet": entry["outlet"]}
    if claim_ids:
        cell["claim"] = claim_view(claim_ids[0])
    if entry["status"] == "contradicts":
        members = set(fact.get("claim_ids", []))
        cell["conflict"] = next((cid for mine in claim_ids for cid, other in opposed.get(mine, [])
                                 if other in members), "")
    return cell


def render_html(report: dict[str, Any]) -> str:
    """One self-contained, offline HTML page for a report dict from ``build_report``."""
    return _env().get_template("report.html.j2").render(**story_context(report))
