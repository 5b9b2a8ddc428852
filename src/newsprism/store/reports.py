"""What the web app reads: each story's latest report (the JSON that ``analyze`` publishes),
the story list with its counts and a search, and one article with everything annotated in it.

A story's report is stored whole, as the JSON the report stage built and validated: the web
page and its JSON twin are then the same data as ``report.json``, and a page costs one row
read instead of rebuilding an analysis from twenty tables. ``member_key`` records which
articles the report covered, so a story that has grown or split since reads as out of date.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from newsprism.models import Article, content_id
from newsprism.store.ingest import now_iso, row_article


def member_key(article_ids: Sequence[str]) -> str:
    """One id for a set of articles (order does not matter)."""
    return content_id("members", *sorted(article_ids))


def analysis_state(report_key: str | None, members: Sequence[str]) -> str:
    """"missing" (no report), "stale" (the story's articles changed since) or "current"."""
    if report_key is None:
        return "missing"
    return "current" if report_key == member_key(members) else "stale"


def _story_fields(row: Any) -> dict[str, Any]:
    return {"id": row["id"], "title": row["title"], "first_day": row["first_day"],
            "last_day": row["last_day"], "articles": row["size"],
            "entities": [name for name, _ in json.loads(row["entities"])],
            "terms": json.loads(row["terms"])}


def _like(query: str) -> str:
    """A LIKE pattern matching ``query`` literally (its % and _ are not wildcards)."""
    escaped = query.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class ReportRecords:
    """Mixed into ``Store``: expects ``_db``, ``_upsert`` and ``transaction``."""

    def save_report(self, story_id: str, report: dict[str, Any]) -> None:
        """Replace the story's report (one row: the JSON and the counts the list shows)."""
        summary = report.get("summary", {})
        articles = report.get("articles", [])
        with self.transaction():
            self._upsert("story_reports", [{
                "story_id": story_id, "report": json.dumps(report, ensure_ascii=False),
                "member_key": member_key([a["id"] for a in articles]),
                "articles": len(articles),
                "outlets": len({a.get("label") or a["id"] for a in articles}),
                "facts": int(summary.get("facts", 0)),
                "consensus": int(summary.get("consensus", 0)),
                "conflicts": int(summary.get("conflicts", 0)),
                "revision": uuid.uuid4().hex, "updated_at": now_iso()}], key=("story_id",))

    def story_version(self, story_id: str) -> str | None:
        """Changes whenever the story's page would: its report is replaced, or its members or
        description change (None: no such story). Pages are cached under it."""
        row = self._db.execute(
            "SELECT s.updated_at, s.size, s.title, r.revision FROM stories s LEFT JOIN "
            "story_reports r ON r.story_id = s.id WHERE s.id = ?", (story_id,)).fetchone()
        if row is None:
            return None
        members = self._members([story_id]).get(story_id, [])
        return content_id("version", row["updated_at"], str(row["size"]), row["title"],
                          row["revision"] or "", member_key(members))

    def report(self, story_id: str) -> dict[str, Any] | None:
        row = self._db.execute("SELECT report FROM story_reports WHERE story_id = ?",
                               (story_id,)).fetchone()
        return json.loads(row["report"]) if row else None

    def story_rows(self, query: str | None = None, limit: int = 50,
                   offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        """One page of stories (largest first) and how many match ``query``: a case-
        insensitive search of story titles, top entities and terms, and member articles'
        titles and outlets."""
        where, params = "", ()
        if query and query.strip():
            pattern = _like(query.strip())
            where = ("WHERE LOWER(s.title) LIKE ? ESCAPE '\\' OR LOWER(s.entities) LIKE ? "
                     "ESCAPE '\\' OR LOWER(s.terms) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 "
                     "FROM story_members m JOIN articles a ON a.id = m.article_id WHERE "
                     "m.story_id = s.id AND (LOWER(COALESCE(a.title, '')) LIKE ? ESCAPE '\\' "
                     "OR LOWER(COALESCE(a.outlet, '')) LIKE ? ESCAPE '\\'))")
            params = (pattern,) * 5
        total = int(self._db.execute(f"SELECT COUNT(*) AS n FROM stories s {where}",
                                     params).fetchone()["n"])
        rows = self._db.execute(
            "SELECT s.*, r.member_key, r.facts, r.consensus, r.conflicts, "
            "r.updated_at AS analysed_at, (SELECT COUNT(DISTINCT COALESCE(a.outlet, a.id)) "
            "FROM story_members m JOIN articles a ON a.id = m.article_id "
            f"WHERE m.story_id = s.id) AS outlets FROM stories s LEFT JOIN story_reports r "
            f"ON r.story_id = s.id {where} ORDER BY s.size DESC, s.id LIMIT ? OFFSET ?",
            (*params, int(limit), int(offset))).fetchall()
        members = self._members([r["id"] for r in rows])
        found = []
        for r in rows:
            fields = _story_fields(r)
            state = analysis_state(r["member_key"], members.get(r["id"], []))
            found.append({
                **fields, "entities": fields["entities"][:6], "terms": fields["terms"][:6],
                "outlets": r["outlets"], "analysed": state != "missing",
                "stale": state == "stale", "analysed_at": r["analysed_at"],
                "facts": r["facts"], "consensus": r["consensus"], "conflicts": r["conflicts"]})
        return found, total

    def _members(self, story_ids: Sequence[str]) -> dict[str, list[str]]:
        if not story_ids:
            return {}
        marks = ", ".join("?" for _ in story_ids)
        found: dict[str, list[str]] = {}
        for r in self._db.execute(f"SELECT story_id, article_id FROM story_members WHERE "
                                  f"story_id IN ({marks})", tuple(story_ids)).fetchall():
            found.setdefault(r["story_id"], []).append(r["article_id"])
        return found

    def story_row(self, story_id: str) -> dict[str, Any] | None:
        row = self._db.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            return None
        return {**_story_fields(row), "cohesion": row["cohesion"],
                "updated_at": row["updated_at"]}

    def story_analysis_state(self, story_id: str) -> str:
        """Whether the story's stored report covers its current articles (``analysis_state``)."""
        row = self._db.execute("SELECT member_key FROM story_reports WHERE story_id = ?",
                               (story_id,)).fetchone()
        members = self._members([story_id]).get(story_id, [])
        return analysis_state(row["member_key"] if row else None, members)

    def story_articles(self, story_id: str) -> list[Article]:
        rows = self._db.execute(
            "SELECT a.* FROM articles a JOIN story_members m ON m.article_id = a.id "
            "WHERE m.story_id = ? ORDER BY a.published IS NULL, a.published, a.id",
            (story_id,)).fetchall()
        return [row_article(r) for r in rows]

    def stale_story_ids(self) -> list[str]:
        """Stories with no report, or whose members changed since their report."""
        members = self._members([r["id"] for r in self._db.execute(
            "SELECT id FROM stories").fetchall()])
        keys = {r["story_id"]: r["member_key"] for r in self._db.execute(
            "SELECT story_id, member_key FROM story_reports").fetchall()}
        return sorted(s for s, ids in members.items()
                      if analysis_state(keys.get(s), ids) != "current")

    def article(self, article_id: str) -> Article | None:
        row = self._db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row_article(row) if row else None

    def article_story(self, article_id: str) -> str | None:
        row = self._db.execute("SELECT story_id FROM story_members WHERE article_id = ?",
                               (article_id,)).fetchone()
        return row["story_id"] if row else None

    def article_annotations(self, article_id: str) -> dict[str, list[dict[str, Any]]]:
        """What the last analysis found in one article, in text order: claims (with their
        fact's status), quotes, entity mentions (with the entity's name), quantities, dates."""
        def rows(sql: str) -> list[dict[str, Any]]:
            return [dict(r) for r in self._db.execute(sql, (article_id,)).fetchall()]

        return {
            "claims": rows(
                'SELECT c.id, c.start, c."end", c.text, c.kind, c.speaker, c.hedged, '
                "c.attributed, c.negated, f.id AS fact_id, f.status FROM claims c LEFT JOIN "
                "fact_claims fc ON fc.claim_id = c.id LEFT JOIN facts f ON f.id = fc.fact_id "
                'WHERE c.article_id = ? ORDER BY c.start, c."end"'),
            "quotes": rows('SELECT id, start, "end", text, speaker, cue, direct FROM quotes '
                           'WHERE article_id = ? ORDER BY start, "end"'),
            "mentions": rows(
                'SELECT m.start, m."end", m.text, m.label, e.id AS entity_id, e.name, e.type '
                "FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE m.article_id = ? "
                'ORDER BY m.start, m."end"'),
            "quantities": rows('SELECT * FROM quantities WHERE article_id = ? '
                               'ORDER BY start, "end"'),
            "dates": rows('SELECT * FROM dates WHERE article_id = ? ORDER BY start, "end"'),
        }
