"""Render the report dict as Markdown, for a terminal or a pull-request comment.

Same content as the HTML page, minus the article texts: every statement carries its evidence
as ``[article_id:start-end]`` so a reader can check it against the JSON or the articles.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

SUMMARY_KEYS = (
    "articles", "facts", "consensus", "disputed", "single_source", "conflicts",
    "claims", "quotes", "entities", "quantities", "dates", "errors",
)


def _inline(value: Any) -> str:
    """One line of untrusted text: newlines would break a list item or table row, and a raw
    ``<`` would let an article inject HTML (an ``<img>`` beacon) where Markdown renders HTML,
    as in a pull request; ``\\<`` shows as a plain ``<`` there."""
    if value is None:
        return ""
    return " ".join(str(value).split()).replace("<", "\\<")


def _cell(value: Any) -> str:
    """A table cell: one line, and ``|`` escaped so it cannot open a new column."""
    return _inline(value).replace("|", "\\|")


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines.extend("| " + " | ".join(_cell(v) for v in row) + " |" for row in rows)
    return lines + [""]


def cite(citation: dict[str, Any]) -> str:
    """``[article_id:start-end]``: the evidence for a statement."""
    return f"[{citation['article_id']}:{citation['start']}-{citation['end']}]"


def render_markdown(report: dict[str, Any]) -> str:
    """The report as Markdown (GitHub-flavoured tables)."""
    articles = report.get("articles", [])
    labels = {a["id"]: a["label"] for a in articles}
    claims = {c["id"]: c for c in report.get("claims", [])}
    summary = report.get("summary", {})
    gen = report.get("generator", {})

    def label(aid: str) -> str:
        return labels.get(aid, aid)

    def claim_line(cid: str) -> str:
        claim = claims.get(cid)
        if claim is None:
            return f"(claim {cid} not in report)"
        return f"{_inline(claim['text'])} {cite(claim)}"

    out: list[str] = ["# newsprism report", ""]
    out += [
        f"Generated {report.get('created', '?')} by {gen.get('name', 'newsprism')} "
        f"{gen.get('version', '')} · schema {report.get('schema_version', '?')}",
        "",
        "## Summary",
        "",
    ]
    out += _table(
        [k.replace("_", " ") for k in SUMMARY_KEYS], [[summary.get(k, 0) for k in SUMMARY_KEYS]]
    )

    out += ["## Articles", ""]
    if articles:
        out += _table(
            ["Label", "Id", "Outlet", "Published", "Title", "Metadata from"],
            [
                [
                    a["label"], a["id"], a.get("outlet") or "—", a.get("published") or "—",
                    a.get("title") or "—",
                    "; ".join(f"{k}: {v}" for k, v in sorted(a.get("metadata_sources", {}).items()))
                    or "—",
                ]
                for a in articles
            ],
        )
    else:
        out += ["_No articles._", ""]

    brief = report.get("brief", {})
    out += ["## Brief", ""]
    sentences = brief.get("sentences", [])
    for i, s in enumerate(sentences, 1):
        refs = " ".join(cite(c) for c in s.get("citations", []))
        out.append(f"{i}. {_inline(s['text'])} {refs}".rstrip())
    out += [""] if sentences else ["_No brief sentences._", ""]

    out += ["### Timeline", ""]
    timeline = brief.get("timeline", [])
    for t in timeline:
        refs = " ".join(cite(c) for c in t.get("citations", []))
        gran = "" if t.get("granularity") == "day" else f" ({t.get('granularity')})"
        out.append(f"- **{_inline(t['date'])}**{gran} — {_inline(t['text'])} {refs}".rstrip())
    out += [""] if timeline else ["_No dated events._", ""]

    facts = report.get("facts", [])
    for status, title in (("consensus", "Consensus facts"), ("disputed", "Disputed facts")):
        out += [f"## {title}", ""]
        rows = [f for f in facts if f.get("status") == status]
        for f in rows:
            by_status: dict[str, list[str]] = {"carries": [], "contradicts": [], "omits": [],
                                               "not_found": []}
            for entry in f.get("coverage", []):
                by_status.setdefault(entry["status"], []).append(_inline(entry["outlet"]))
            out.append(f"- {claim_line(f['representative_claim_id'])}")
            out.append(f"  - carried by: {', '.join(by_status['carries']) or '—'} "
                       f"({f.get('independent_sources', 1)} independent source(s))")
            if by_status["contradicts"]:
                out.append(f"  - contradicted by: {', '.join(by_status['contradicts'])}")
            out.append(f"  - omitted by: {', '.join(by_status['omits']) or '—'}")
            if by_status["not_found"]:
                out.append(f"  - not found in (a statement comes close): "
                           f"{', '.join(by_status['not_found'])}")
            if f.get("reason"):
                out.append(f"  - same fact {f.get('score', 1.0):.2f}: {_inline(f['reason'])}")
            if f.get("conflict_ids"):
                out.append(f"  - conflicts: {', '.join(f['conflict_ids'])}")
        out += [""] if rows else [f"_No {status} facts._", ""]

    out += ["## Conflicts", ""]
    conflicts = report.get("conflicts", [])
    for i, c in enumerate(conflicts, 1):
        badge = " · between speakers" if c.get("between_speakers") else ""
        out += [
            f"### {i}. {_inline(c['kind'])} · score {float(c['score']):.2f}{badge}",
            "",
            f"Reason: {_inline(c['reason'])}  ",
            f"Method: {_inline(c['method'])}  ",
            f"Id: {c['id']}",
            "",
        ]
        for side in (c["claim_a"], c["claim_b"]):
            claim = claims.get(side)
            who = label(claim["article_id"]) if claim else "?"
            speaker = f" (speaker: {_inline(claim['speaker'])})" if claim and claim.get(
                "speaker") else ""
            out += [f"> **{_inline(who)}**{speaker}: {claim_line(side)}", ""]
    if not conflicts:
        out += ["_No conflicts found._", ""]

    out += ["## Single-source claims", ""]
    single: dict[str, list[str]] = defaultdict(list)
    for f in facts:
        if f.get("status") == "single_source":
            claim = claims.get(f["representative_claim_id"])
            owner = label(claim["article_id"]) if claim else "?"
            single[owner].append(claim_line(f["representative_claim_id"]))
    for owner, lines in single.items():
        out += [f"### {_inline(owner)}", ""] + [f"- {line}" for line in lines] + [""]
    if not single:
        out += ["_No single-source claims._", ""]

    out += ["## Quotes", ""]
    quotes: dict[str, list[list[Any]]] = defaultdict(list)
    for q in report.get("quotes", []):
        quotes[label(q["article_id"])].append(
            [q.get("speaker") or "unknown", q.get("cue") or "—",
             "direct" if q.get("direct") else "reported", q["text"], cite(q)]
        )
    for owner, rows in quotes.items():
        out += [f"### {_inline(owner)}", ""]
        out += _table(["Speaker", "Cue", "Type", "Quote", "Source"], rows)
    if not quotes:
        out += ["_No quotes found._", ""]
    out += _framing(report.get("framing", {}))

    out += ["## Entities", ""]
    entities = report.get("entities", [])
    if entities:
        rows = []
        for e in entities:
            per: dict[str, int] = defaultdict(int)
            for m in e.get("mentions", []):
                per[label(m["article_id"])] += 1
            rows.append([
                e["name"], e["type"], ", ".join(e.get("aliases", [])) or "—",
                "; ".join(f"{k}: {n}" for k, n in per.items()) or "—",
            ])
        out += _table(["Name", "Type", "Variants", "Mentions"], rows)
    else:
        out += ["_No entities._", ""]

    errors = report.get("errors", [])
    if errors:
        out += ["## Errors", ""]
        rows = [[e["source"], e["stage"], e["message"]] for e in errors]
        out += _table(["Source", "Stage", "Message"], rows)
    return "\n".join(out).rstrip() + "\n"


def _framing(framing: dict[str, Any]) -> list[str]:
    """Voices per outlet and tone toward the main actors, each number with its sources."""
    out = ["## Voices", ""]
    by_outlet: dict[str, list[list[Any]]] = defaultdict(list)
    for v in framing.get("voices", []):
        by_outlet[v["outlet"]].append([
            v["speaker"] + (" (only here)" if v["only_here"] else ""), v["kind"], v["quotes"],
            v["words"], f"{v['share'] * 100:.0f} %", " ".join(cite(c) for c in v["citations"])])
    for outlet, rows in by_outlet.items():
        out += [f"### {_inline(outlet)}", ""]
        out += _table(["Voice", "Kind", "Quotes", "Words", "Share", "Sources"], rows)
    if not by_outlet:
        out += ["_No attributed quotes._", ""]
    out += ["## Tone toward actors", "",
            "_Mean VADER score (−1 … +1) of each outlet's sentences naming the actor; it reads "
            "the words around the actor, not the outlet's stance._", ""]
    rows = [[t["entity"], t["outlet"], f"{t['score']:+.2f} {t['label']}",
             " ".join(f"{cite(c)} {s:+.2f}" for c, s in zip(t["citations"],
                                                          t["sentence_scores"], strict=True))]
            for t in framing.get("tone", [])]
    out += _table(["Actor", "Outlet", "Tone", "Sentences"], rows) if rows else [
        "_No main actors._", ""]
    out += ["## Word choice", "",
            "_**bold**: no other outlet uses the word for it; (±v): its VADER lexicon valence, "
            "shown when at least 2 (evaluative)._", ""]
    referents: dict[tuple[str, str], list[list[Any]]] = defaultdict(list)
    for row in framing.get("words", []):
        terms = ", ".join(
            (f"**{t['term']}**" if t["only_here"] else t["term"])
            + (f" ×{t['count']}" if t["count"] > 1 else "")
            + (f" ({t['valence']:+.1f})" if t["valence"] is not None else "")
            for t in row["terms"][:12])
        referents[(row["referent_kind"], row["referent"])].append([row["outlet"], terms])
    for (kind, referent), rows in referents.items():
        out += [f"### {'Entity' if kind == 'entity' else 'Fact'}: {_inline(referent)}", ""]
        out += _table(["Outlet", "Words"], rows)
    if not referents:
        out += ["_No entity or fact is named by two outlets._", ""]
    return out
