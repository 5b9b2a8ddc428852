"""SQLite store for analyses (stdlib ``sqlite3`` only).

Design choices, and why:

* Rows are keyed by the records' content-hash ids and written with ``INSERT ... ON CONFLICT
  DO UPDATE``: re-running the pipeline on the same input updates rows instead of duplicating.
* One analysis is written in ONE transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``): a crash or
  kill mid-save leaves the previous state, never half of a new one.
* WAL journal mode, so readers (a dashboard, a second CLI) can read while a save is running.
* Schema changes go through ``MIGRATIONS``, applied in order and recorded in
  ``schema_migrations``. Add a new version to change the schema; never edit an applied one.
* Story-level records (the brief and timeline) have no id of their own: they are keyed by a
  story id (the hash of the story's article ids, see ``story_id_for``) and replaced wholesale.
  Facts and conflicts of a story that a re-run no longer produces are deleted for the same
  reason: the latest run of a story is the truth about it.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsprism.models import Analysis, Article, Claim, content_id

# Each migration is a list of single statements (not a script): executescript() would commit
# on its own and break the one-transaction-per-migration guarantee.
MIGRATIONS: list[tuple[int, tuple[str, ...]]] = [
    (
        1,
        (
            """CREATE TABLE articles (
                id TEXT PRIMARY KEY, path TEXT, outlet TEXT, title TEXT, published TEXT,
                metadata_sources TEXT NOT NULL DEFAULT '{}', text TEXT NOT NULL,
                language TEXT NOT NULL DEFAULT 'en')""",
            """CREATE TABLE entities (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL,
                aliases TEXT NOT NULL DEFAULT '[]')""",
            """CREATE TABLE mentions (
                entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
                label TEXT NOT NULL, PRIMARY KEY (entity_id, article_id, start, "end"))""",
            """CREATE TABLE claims (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
                kind TEXT NOT NULL, speaker TEXT, speaker_entity_id TEXT,
                entity_ids TEXT NOT NULL DEFAULT '[]', quote_ids TEXT NOT NULL DEFAULT '[]',
                quantity_ids TEXT NOT NULL DEFAULT '[]', date_ids TEXT NOT NULL DEFAULT '[]',
                attributed INTEGER NOT NULL DEFAULT 0, hedged INTEGER NOT NULL DEFAULT 0)""",
            """CREATE TABLE quotes (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
                direct INTEGER NOT NULL, cue TEXT, speaker TEXT, speaker_start INTEGER,
                speaker_end INTEGER, sentence_start INTEGER NOT NULL,
                sentence_end INTEGER NOT NULL, speaker_entity_id TEXT)""",
            """CREATE TABLE quantities (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
                value REAL NOT NULL, unit TEXT, counted TEXT, bound TEXT NOT NULL,
                sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL)""",
            """CREATE TABLE dates (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
                value TEXT NOT NULL, granularity TEXT NOT NULL, resolution TEXT NOT NULL,
                anchor TEXT, sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL)""",
            """CREATE TABLE facts (
                id TEXT PRIMARY KEY, story_id TEXT NOT NULL, status TEXT NOT NULL,
                representative_claim_id TEXT NOT NULL REFERENCES claims(id),
                outlets TEXT NOT NULL DEFAULT '[]', article_ids TEXT NOT NULL DEFAULT '[]',
                omitted_by TEXT NOT NULL DEFAULT '[]', conflict_ids TEXT NOT NULL DEFAULT '[]',
                cohesion REAL NOT NULL DEFAULT 1.0)""",
            """CREATE TABLE fact_claims (
                fact_id TEXT NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
                claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
                PRIMARY KEY (fact_id, claim_id))""",
            """CREATE TABLE conflicts (
                id TEXT PRIMARY KEY, story_id TEXT NOT NULL, kind TEXT NOT NULL,
                claim_a TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
                claim_b TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
                score REAL NOT NULL, reason TEXT NOT NULL, method TEXT NOT NULL,
                between_speakers INTEGER NOT NULL DEFAULT 0)""",
            """CREATE TABLE brief_sentences (
                story_id TEXT NOT NULL, position INTEGER NOT NULL, text TEXT NOT NULL,
                fact_id TEXT, citations TEXT NOT NULL DEFAULT '[]',
                PRIMARY KEY (story_id, position))""",
            """CREATE TABLE timeline (
                story_id TEXT NOT NULL, position INTEGER NOT NULL, date TEXT NOT NULL,
                granularity TEXT NOT NULL, text TEXT NOT NULL,
                date_ids TEXT NOT NULL DEFAULT '[]', citations TEXT NOT NULL DEFAULT '[]',
                PRIMARY KEY (story_id, position))""",
            # The same failure seen again is one row whose created_at is the latest sighting.
            """CREATE TABLE errors (
                source TEXT NOT NULL, stage TEXT NOT NULL, message TEXT NOT NULL,
                created_at TEXT NOT NULL, UNIQUE (source, stage, message))""",
            """CREATE TABLE runs (
                id TEXT PRIMARY KEY, story_id TEXT NOT NULL, created_at TEXT NOT NULL,
                settings TEXT NOT NULL DEFAULT '{}')""",
            "CREATE INDEX mentions_article ON mentions(article_id)",
            "CREATE INDEX claims_article ON claims(article_id)",
            "CREATE INDEX quotes_article ON quotes(article_id)",
            "CREATE INDEX quantities_article ON quantities(article_id)",
            "CREATE INDEX dates_article ON dates(article_id)",
            "CREATE INDEX fact_claims_claim ON fact_claims(claim_id)",
            "CREATE INDEX facts_story ON facts(story_id)",
            "CREATE INDEX conflicts_story ON conflicts(story_id)",
            "CREATE INDEX conflicts_claim_a ON conflicts(claim_a)",
            "CREATE INDEX conflicts_claim_b ON conflicts(claim_b)",
            "CREATE INDEX runs_story ON runs(story_id)",
        ),
    ),
    (
        2,
        (
            # Quantities say what they measure and which entity they describe; mentions may
            # be role nouns or pronouns linked within their article.
            "ALTER TABLE quantities ADD COLUMN kind TEXT NOT NULL DEFAULT 'count'",
            "ALTER TABLE quantities ADD COLUMN subject TEXT",
            "ALTER TABLE quantities ADD COLUMN subject_start INTEGER",
            "ALTER TABLE quantities ADD COLUMN subject_end INTEGER",
            "ALTER TABLE quantities ADD COLUMN entity_id TEXT",
            "ALTER TABLE mentions ADD COLUMN kind TEXT NOT NULL DEFAULT 'name'",
            "ALTER TABLE mentions ADD COLUMN head TEXT",
            "ALTER TABLE mentions ADD COLUMN antecedent_start INTEGER",
        ),
    ),
    (
        3,
        (
            # Claims are statements (clauses) inside a sentence, with their parse; facts count
            # independent sources and say what each outlet does with them; conflicts name
            # their speakers; text reuse between articles (wire copies) is recorded.
            "ALTER TABLE claims ADD COLUMN sentence_start INTEGER",
            "ALTER TABLE claims ADD COLUMN sentence_end INTEGER",
            "ALTER TABLE claims ADD COLUMN subject TEXT",
            "ALTER TABLE claims ADD COLUMN predicate TEXT",
            "ALTER TABLE claims ADD COLUMN negated INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE claims ADD COLUMN argument TEXT",
            "ALTER TABLE facts ADD COLUMN independent_sources INTEGER NOT NULL DEFAULT 1",
            "ALTER TABLE facts ADD COLUMN origins TEXT NOT NULL DEFAULT '[]'",
            "ALTER TABLE facts ADD COLUMN coverage TEXT NOT NULL DEFAULT '[]'",
            "ALTER TABLE conflicts ADD COLUMN speaker_a TEXT",
            "ALTER TABLE conflicts ADD COLUMN speaker_b TEXT",
            "ALTER TABLE conflicts ADD COLUMN hedged INTEGER NOT NULL DEFAULT 0",
            """CREATE TABLE text_reuse (
                article_a TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                article_b TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                containment REAL NOT NULL, shared_shingles INTEGER NOT NULL,
                kind TEXT NOT NULL, PRIMARY KEY (article_a, article_b))""",
        ),
    ),
]

TABLES = (
    "articles", "entities", "mentions", "claims", "quotes", "quantities", "dates", "facts",
    "fact_claims", "conflicts", "text_reuse", "brief_sentences", "timeline", "errors", "runs",
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _json(value: Any) -> str:
    return json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)


def story_id_for(analysis: Analysis) -> str:
    """The id of the story an analysis covers: the hash of its sorted article ids."""
    return content_id("story", *sorted(a.id for a in analysis.articles))


def _upsert_sql(table: str, columns: Sequence[str], key: Sequence[str] = ("id",)) -> str:
    cols = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in key)
    conflict = ", ".join(f'"{c}"' for c in key)
    action = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
    return f'INSERT INTO "{table}" ({cols}) VALUES ({marks}) ON CONFLICT({conflict}) {action}'


class Store:
    """A connection to one newsprism database. Use ``open_store`` to get one."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a transaction spans exactly
        # one save and the sqlite3 module never commits behind our back.
        self._conn = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        self._conn.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: atomic, still durable
        self._migrate()

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: committed on success, rolled back on any exception."""
        # IMMEDIATE takes the write lock up front, so two writers queue instead of one failing
        # with "database is locked" halfway through its save.
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def _migrate(self) -> None:
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        for version, statements in MIGRATIONS:
            with self.transaction() as conn:
                # Re-read inside the lock: another process may have migrated meanwhile.
                if conn.execute(
                    "SELECT 1 FROM schema_migrations WHERE version = ?", (version,)
                ).fetchone():
                    continue
                for statement in statements:
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                    (version, _now()),
                )

    def schema_version(self) -> int:
        row = self._conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    # -- writing -----------------------------------------------------------------------------
    def _columns(self, table: str) -> set[str]:
        return {r["name"] for r in self._conn.execute(f'PRAGMA table_info("{table}")')}

    def _upsert(self, table: str, rows: list[dict[str, Any]], key: Sequence[str] = ("id",)) -> None:
        # A field added to a model later is skipped until a migration adds its column, and a
        # table a store does not have yet is left alone: an old store still saves.
        known = self._columns(table)
        rows = [{k: v for k, v in row.items() if k in known} for row in rows]
        if rows and known:
            sql = _upsert_sql(table, list(rows[0]), key)
            self._conn.executemany(sql, [tuple(r.values()) for r in rows])

    def save_analysis(self, analysis: Analysis, story_id: str | None = None) -> None:
        """Persist ``analysis`` atomically; saving the same analysis again changes nothing
        but the ``runs`` log and error timestamps. ``story_id`` defaults to
        ``story_id_for(analysis)``."""
        story = story_id or story_id_for(analysis)
        now = _now()
        languages = {a.article.id: a.language for a in analysis.annotated}
        with self.transaction() as conn:
            self._upsert("articles", [
                {"id": a.id, "path": a.path, "outlet": a.outlet, "title": a.title,
                 "published": a.published, "metadata_sources": _json(dict(a.metadata_sources)),
                 "text": a.text, "language": languages.get(a.id, "en")}
                for a in analysis.articles
            ])
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

    def _save_alignment(self, conn: sqlite3.Connection, analysis: Analysis, story: str) -> None:
        facts = analysis.alignment.facts
        conflicts = analysis.alignment.conflicts
        # Facts and conflicts this story's previous run produced but this one did not are stale.
        conn.execute(
            "DELETE FROM facts WHERE story_id = ? AND id NOT IN (SELECT value FROM json_each(?))",
            (story, _json([f.id for f in facts])),
        )
        conn.execute(
            "DELETE FROM conflicts WHERE story_id = ? "
            "AND id NOT IN (SELECT value FROM json_each(?))",
            (story, _json([c.id for c in conflicts])),
        )
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
            "INSERT OR IGNORE INTO fact_claims (fact_id, claim_id) VALUES (?, ?)",
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
        rows = self._conn.execute("SELECT * FROM articles ORDER BY id").fetchall()
        return [
            Article(id=r["id"], text=r["text"], path=r["path"], outlet=r["outlet"],
                    title=r["title"], published=r["published"],
                    metadata_sources=json.loads(r["metadata_sources"]))
            for r in rows
        ]

    def claims(self, article_id: str | None = None) -> list[Claim]:
        """Stored claims, of one article or all, in text order."""
        sql = 'SELECT * FROM claims {} ORDER BY article_id, start, "end"'
        rows = (
            self._conn.execute(sql.format("WHERE article_id = ?"), (article_id,)).fetchall()
            if article_id is not None
            else self._conn.execute(sql.format("")).fetchall()
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
            t: int(self._conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0])
            for t in TABLES
        }


def open_store(path: str | Path) -> Store:
    """Open (creating file, parent folders and tables as needed) the store at ``path``."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    return Store(target)
