"""The store: SQLite by default (one file), PostgreSQL when given a ``postgresql://`` URL.

Design choices, and why:

* Rows are keyed by the records' content-hash ids and written with ``INSERT ... ON CONFLICT
  DO UPDATE``: re-running the pipeline on the same input updates rows instead of duplicating.
* One analysis, and one ingest batch, is written in ONE transaction: a crash or kill mid-save
  leaves the previous state, never half of a new one.
* Readers never wait for a writer (SQLite in WAL mode; PostgreSQL's MVCC), so a dashboard or a
  second CLI reads while a batch writes.
* Schema changes go through ``MIGRATIONS`` (``schema.py``), applied in order and recorded in
  ``schema_migrations``. Add a new version to change the schema; never edit an applied one.
  The SQL is written once; ``backend.py`` adapts it to each database.
* Story-level records (the brief and timeline) have no id of their own: they are keyed by a
  story id (the stories stage's, or ``story_id_for``) and replaced wholesale. Facts and
  conflicts of a story that a re-run no longer produces are deleted for the same reason: the
  latest run of a story is the truth about it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from newsprism.models import Analysis, Article, Claim, content_id
from newsprism.store.backend import Backend, connect
from newsprism.store.ingest import IngestRecords, article_row, now_iso, row_article
from newsprism.store.reports import ReportRecords
from newsprism.store.schema import MIGRATIONS, TABLES
from newsprism.store.stories import StoryRecords


def _json(value: Any) -> str:
    return json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)


def story_id_for(analysis: Analysis) -> str:
    """A story id for an analysis saved without one (a library caller's own grouping): the
    hash of its sorted article ids. ``analyze`` passes the stories stage's ids instead."""
    return content_id("story", *sorted(a.id for a in analysis.articles))


def _upsert_sql(table: str, columns: Sequence[str], key: Sequence[str] = ("id",)) -> str:
    cols = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in key)
    conflict = ", ".join(f'"{c}"' for c in key)
    action = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
    return f'INSERT INTO "{table}" ({cols}) VALUES ({marks}) ON CONFLICT({conflict}) {action}'


class Store(IngestRecords, StoryRecords, ReportRecords):
    """A connection to one newsprism database. Use ``open_store`` to get one."""

    def __init__(self, target: str | Path) -> None:
        self.target = str(target)
        self._db: Backend = connect(target)
        self._column_cache: dict[str, set[str]] = {}
        self._migrate()

    @property
    def backend(self) -> str:
        return self._db.name

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self):
        """A write transaction: committed on success, rolled back on any exception."""
        return self._db.transaction()

    def _migrate(self) -> None:
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        for version, statements in MIGRATIONS:
            with self.transaction() as conn:
                if hasattr(conn, "lock_migrations"):
                    conn.lock_migrations()
                # Re-read inside the lock: another process may have migrated meanwhile.
                if conn.execute(
                    "SELECT 1 FROM schema_migrations WHERE version = ?", (version,)
                ).fetchone():
                    continue
                for statement in statements:
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                    (version, now_iso()),
                )
        self._column_cache.clear()

    def schema_version(self) -> int:
        row = self._db.execute("SELECT MAX(version) AS v FROM schema_migrations").fetchone()
        return int(row["v"] or 0)

    # -- writing -----------------------------------------------------------------------------
    def _columns(self, table: str) -> set[str]:
        if table not in self._column_cache:
            self._column_cache[table] = self._db.columns(table)
        return self._column_cache[table]

    def _upsert(self, table: str, rows: list[dict[str, Any]], key: Sequence[str] = ("id",)) -> None:
        # A field added to a model later is skipped until a migration adds its column, and a
        # table a store does not have yet is left alone: an old store still saves.
        known = self._columns(table)
        rows = [{k: v for k, v in row.items() if k in known} for row in rows]
        if rows and known:
            sql = _upsert_sql(table, list(rows[0]), key)
            self._db.executemany(sql, [tuple(r.values()) for r in rows])

    def save_analysis(self, analysis: Analysis, story_id: str | None = None) -> None:
        """Persist ``analysis`` atomically; saving the same analysis again changes nothing
        but the ``runs`` log and error timestamps. ``story_id`` defaults to
        ``story_id_for(analysis)``."""
        story = story_id or story_id_for(analysis)
        now = now_iso()
        languages = {a.article.id: a.language for a in analysis.annotated}
        with self.transaction() as conn:
            self._upsert("articles", [article_row(a, languages.get(a.id, "en"))
                                      for a in analysis.articles])
            self._upsert("entities", [
                {"id": e.id, "name": e.name, "type": e.type, "aliases": _json(e.aliases)}
                for e in analysis.entities
            ])
            self._upsert("mentions", [
                {"entity_id": e.id, **asdict(m)} for e in analysis.entities for m in e.mentions
            ], key=("entity_id", "article_id", "start", "end"))
            self._upsert("claims", [
                {"id": c.id, "article_id": c.article_id, "start": c.start, "end": c.end,
                 "text": c.text, "kind": c.kind, "speaker": c.speaker,
                 "speaker_entity_id": c.speaker_entity_id, "entity_ids": _json(c.entity_ids),
                 "quote_ids": _json(c.quote_ids), "quantity_ids": _json(c.quantity_ids),
                 "date_ids": _json(c.date_ids), "attributed": int(c.attributed),
                 "hedged": int(c.hedged), "sentence_start": c.sentence_start,
                 "sentence_end": c.sentence_end, "subject": c.subject, "predicate": c.predicate,
                 "negated": int(c.negated), "argument": c.argument}
                for c in analysis.claims
            ])
            # Quotes, quantities and dates are flat records: their dataclass fields are the
            # table's columns (bools are stored as 0/1 by sqlite3).
            for table in ("quotes", "quantities", "dates"):
                rows = [asdict(r) for a in analysis.annotated for r in getattr(a, table)]
                self._upsert(table, list({r["id"]: r for r in rows}.values()))
            self._save_alignment(conn, analysis, story)
            conn.execute("DELETE FROM brief_sentences WHERE story_id = ?", (story,))
            conn.executemany(
                "INSERT INTO brief_sentences (story_id, position, text, fact_id, citations) "
                "VALUES (?, ?, ?, ?, ?)",
                [(story, i, s.text, s.fact_id, _json([asdict(c) for c in s.citations]))
                 for i, s in enumerate(analysis.brief.sentences)],
            )
            conn.execute("DELETE FROM timeline WHERE story_id = ?", (story,))
            conn.executemany(
                "INSERT INTO timeline (story_id, position, date, granularity, text, date_ids, "
                "citations) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(story, i, t.date, t.granularity, t.text, _json(t.date_ids),
                  _json([asdict(c) for c in t.citations]))
                 for i, t in enumerate(analysis.brief.timeline)],
            )
            self._upsert("errors", [
                {"source": e.source, "stage": e.stage, "message": e.message, "created_at": now}
                for e in analysis.errors
            ], key=("source", "stage", "message"))
            conn.execute(
                "INSERT INTO runs (id, story_id, created_at, settings) VALUES (?, ?, ?, ?)",
                (f"run_{uuid.uuid4().hex[:16]}", story, now,
                 json.dumps(analysis.settings, ensure_ascii=False, default=str)),
            )

    def _save_alignment(self, conn: Backend, analysis: Analysis, story: str) -> None:
        facts = analysis.alignment.facts
        conflicts = analysis.alignment.conflicts
        # Facts and conflicts this story's previous run produced but this one did not are stale.
        for table, current in (("facts", {f.id for f in facts}),
                               ("conflicts", {c.id for c in conflicts})):
            stored = conn.execute(f'SELECT id FROM "{table}" WHERE story_id = ?', (story,))
            stale = [(r["id"],) for r in stored.fetchall() if r["id"] not in current]
            conn.executemany(f'DELETE FROM "{table}" WHERE id = ?', stale)
        self._upsert("facts", [
            {"id": f.id, "story_id": story, "status": f.status,
             "representative_claim_id": f.representative_claim_id, "outlets": _json(f.outlets),
             "article_ids": _json(f.article_ids), "omitted_by": _json(f.omitted_by),
             "conflict_ids": _json(f.conflict_ids), "cohesion": f.cohesion,
             "independent_sources": f.independent_sources, "origins": _json(f.origins),
             "coverage": _json([asdict(c) for c in f.coverage])}
            for f in facts
        ])
        # Membership is replaced per fact, so a claim dropped from a fact does not linger.
        conn.executemany("DELETE FROM fact_claims WHERE fact_id = ?", [(f.id,) for f in facts])
        conn.executemany(
            "INSERT INTO fact_claims (fact_id, claim_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(f.id, cid) for f in facts for cid in f.claim_ids],
        )
        self._upsert("conflicts", [
            {"id": c.id, "story_id": story, "kind": c.kind, "claim_a": c.claim_a,
             "claim_b": c.claim_b, "score": c.score, "reason": c.reason, "method": c.method,
             "between_speakers": int(c.between_speakers), "speaker_a": c.speaker_a,
             "speaker_b": c.speaker_b, "hedged": int(c.hedged)}
            for c in conflicts
        ])
        self._upsert("text_reuse", [asdict(r) for r in analysis.alignment.reuse],
                     key=("article_a", "article_b"))

    # -- reading -----------------------------------------------------------------------------
    def articles(self) -> list[Article]:
        """Every stored article, ordered by id."""
        rows = self._db.execute("SELECT * FROM articles ORDER BY id").fetchall()
        return [row_article(r) for r in rows]

    def claims(self, article_id: str | None = None) -> list[Claim]:
        """Stored claims, of one article or all, in text order."""
        sql = 'SELECT * FROM claims {} ORDER BY article_id, start, "end"'
        rows = (
            self._db.execute(sql.format("WHERE article_id = ?"), (article_id,)).fetchall()
            if article_id is not None
            else self._db.execute(sql.format("")).fetchall()
        )
        return [
            Claim(id=r["id"], article_id=r["article_id"], start=r["start"], end=r["end"],
                  text=r["text"], kind=r["kind"], entity_ids=tuple(json.loads(r["entity_ids"])),
                  speaker_entity_id=r["speaker_entity_id"], speaker=r["speaker"],
                  quote_ids=tuple(json.loads(r["quote_ids"])),
                  quantity_ids=tuple(json.loads(r["quantity_ids"])),
                  date_ids=tuple(json.loads(r["date_ids"])),
                  attributed=bool(r["attributed"]), hedged=bool(r["hedged"]),
                  sentence_start=r["sentence_start"], sentence_end=r["sentence_end"],
                  subject=r["subject"], predicate=r["predicate"], negated=bool(r["negated"]),
                  argument=r["argument"])
            for r in rows
        ]

    def counts(self) -> dict[str, int]:
        """Row count of every table (``runs`` grows by one per save; the rest are upserted)."""
        return {
            t: int(self._db.execute(f'SELECT COUNT(*) AS n FROM "{t}"').fetchone()["n"])
            for t in TABLES
        }


def open_store(target: str | Path) -> Store:
    """Open the store at ``target``: a SQLite file (created with its parent folders and tables
    as needed) or a ``postgresql://`` URL (tables created in the connection's schema)."""
    return Store(target)
