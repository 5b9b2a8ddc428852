"""What ingest writes and reads: articles as they arrive, their MinHash signatures and
near-duplicate links, per-item errors, and the state of watched feeds.

``save_ingested`` writes one batch in one transaction: a batch is either wholly stored or not
at all, so an article reported as stored (after the call returns) survives a kill -9, and a
re-run of the same input finds it and moves on. An item that now succeeds clears its earlier
ingest error.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from newsprism.models import Article, ItemError, NearDuplicate


@dataclass(frozen=True)
class StoredError:
    source: str
    stage: str
    message: str
    created_at: str


@dataclass(frozen=True)
class FeedState:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_polled: str | None = None
    title: str | None = None


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def article_row(article: Article, language: str | None = None) -> dict[str, Any]:
    return {"id": article.id, "path": article.path, "outlet": article.outlet,
            "title": article.title, "published": article.published,
            "metadata_sources": json.dumps(dict(article.metadata_sources), ensure_ascii=False),
            "text": article.text, "language": article.language or language or "und",
            "url": article.url, "authors": json.dumps(list(article.authors), ensure_ascii=False),
            "site_name": article.site_name, "published_at": article.published_at}


def row_article(row: Any) -> Article:
    keys = row.keys()
    return Article(
        id=row["id"], text=row["text"], path=row["path"], outlet=row["outlet"],
        title=row["title"], published=row["published"],
        metadata_sources=json.loads(row["metadata_sources"]),
        url=row["url"] if "url" in keys else None,
        authors=tuple(json.loads(row["authors"])) if "authors" in keys else (),
        site_name=row["site_name"] if "site_name" in keys else None,
        published_at=row["published_at"] if "published_at" in keys else None,
        language=None if row["language"] == "und" else row["language"])


class IngestRecords:
    """Mixed into ``Store``: expects ``_db``, ``_upsert`` and ``transaction``."""

    def save_ingested(self, articles: Sequence[Article], signatures: Sequence = (),
                      links: Sequence[NearDuplicate] = (),
                      errors: Sequence[ItemError] = (),
                      feed_entries: Sequence[tuple[str, str, str | None]] = ()) -> None:
        """Store one batch atomically. ``signatures`` are ``dedup.Signature`` records;
        ``feed_entries`` are (feed URL, entry key, article id or None)."""
        now = now_iso()
        with self.transaction() as conn:
            self._upsert("articles", [{**article_row(a), "ingested_at": now} for a in articles])
            self._upsert("article_signatures", [
                {"article_id": s.article_id, "signature": s.values, "shingles": s.shingles}
                for s in signatures], key=("article_id",))
            self._upsert("near_duplicates", [asdict(link) for link in links],
                         key=("article_a", "article_b"))
            conn.executemany("DELETE FROM errors WHERE source = ? AND stage = 'ingest'",
                             [(a.path,) for a in articles if a.path])
            self._upsert("errors", [
                {"source": e.source, "stage": e.stage, "message": e.message, "created_at": now}
                for e in errors], key=("source", "stage", "message"))
            self._upsert("feed_entries", [
                {"feed_url": f, "entry_key": k, "article_id": a, "seen_at": now}
                for f, k, a in feed_entries], key=("feed_url", "entry_key"))

    def article_ids(self) -> set[str]:
        return {r["id"] for r in self._db.execute("SELECT id FROM articles").fetchall()}

    def signatures(self) -> list:
        from newsprism.ingest.dedup import Signature

        rows = self._db.execute(
            "SELECT article_id, signature, shingles FROM article_signatures").fetchall()
        return [Signature(r["article_id"], bytes(r["signature"]), r["shingles"]) for r in rows]

    def near_duplicates(self, article_id: str | None = None) -> list[NearDuplicate]:
        sql = "SELECT * FROM near_duplicates"
        params: tuple = ()
        if article_id:
            sql += " WHERE article_a = ? OR article_b = ?"
            params = (article_id, article_id)
        rows = self._db.execute(sql + " ORDER BY article_a, article_b", params).fetchall()
        return [NearDuplicate(r["article_a"], r["article_b"], r["jaccard"], r["containment"],
                              r["kind"]) for r in rows]

    def errors(self, stage: str | None = None, limit: int | None = None) -> list[StoredError]:
        """Stored per-item errors, latest first."""
        sql = "SELECT * FROM errors" + (" WHERE stage = ?" if stage else "")
        sql += " ORDER BY created_at DESC, source" + (f" LIMIT {int(limit)}" if limit else "")
        rows = self._db.execute(sql, (stage,) if stage else ()).fetchall()
        return [StoredError(r["source"], r["stage"], r["message"], r["created_at"])
                for r in rows]

    def feed_state(self, url: str) -> FeedState:
        row = self._db.execute("SELECT * FROM feeds WHERE url = ?", (url,)).fetchone()
        if row is None:
            return FeedState(url)
        return FeedState(url, row["etag"], row["last_modified"], row["last_polled"],
                         row["title"])

    def save_feed_state(self, state: FeedState, status: str) -> None:
        with self.transaction():
            self._upsert("feeds", [{"url": state.url, "title": state.title, "etag": state.etag,
                                    "last_modified": state.last_modified,
                                    "last_polled": now_iso(), "last_status": status}],
                         key=("url",))

    def seen_entries(self, feed_url: str) -> set[str]:
        rows = self._db.execute("SELECT entry_key FROM feed_entries WHERE feed_url = ?",
                                (feed_url,)).fetchall()
        return {r["entry_key"] for r in rows}
