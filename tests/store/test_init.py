"""The SQLite store: idempotent upserts, one transaction per save, WAL, migrations."""

from __future__ import annotations

import dataclasses
import sqlite3
from contextlib import closing
from pathlib import Path

import psycopg
import pytest

from newsprism import store as store_module
from newsprism.models import Alignment, Analysis, Article, Claim
from newsprism.store import Store, open_store, story_id_for

EXPECTED = {
    "articles": 3, "entities": 2, "mentions": 5, "claims": 8, "quotes": 2, "quantities": 2,
    "dates": 1, "facts": 3, "fact_claims": 6, "conflicts": 1, "brief_sentences": 2,
    "timeline": 1, "errors": 1, "runs": 1, "text_reuse": 0, "article_signatures": 0,
    "near_duplicates": 0, "feeds": 0, "feed_entries": 0, "story_features": 0, "stories": 0,
    "story_members": 0, "story_events": 0, "story_reports": 0,
}


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "nested" / "dir" / "newsprism.db"


@pytest.fixture
def saved(store_target: str, small_analysis: Analysis):
    """A store on either backend with ``small_analysis`` saved."""
    with open_store(store_target) as store:
        store.save_analysis(small_analysis)
        yield store


@pytest.fixture
def sqlite_saved(db_path: Path, small_analysis: Analysis):
    with open_store(db_path) as store:
        store.save_analysis(small_analysis)
        yield store


LATEST = store_module.MIGRATIONS[-1][0]
INTEGRITY_ERRORS = (sqlite3.IntegrityError, psycopg.IntegrityError)


def test_open_creates_file_and_applies_migrations(db_path: Path) -> None:
    with open_store(db_path) as store:
        assert db_path.is_file()
        assert store.schema_version() == LATEST
        assert all(n == 0 for n in store.counts().values())
    # Reopening applies nothing twice.
    with open_store(db_path) as store:
        assert store.schema_version() == LATEST
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] == LATEST


def test_a_version_1_store_upgrades_without_losing_data(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, small_analysis: Analysis
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:1])
        with open_store(db_path) as store:
            store.save_analysis(small_analysis)
    with open_store(db_path) as store:
        assert store.schema_version() == LATEST
        assert store.counts() == EXPECTED
        store.save_analysis(small_analysis)  # the new columns take the new fields
    with closing(sqlite3.connect(db_path)) as conn:
        kinds = {r[0] for r in conn.execute("SELECT kind FROM quantities")}
        assert kinds and kinds <= {"count", "money", "percent", "duration", "age", "measure"}


def test_later_migrations_are_applied_in_order(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, small_analysis: Analysis
) -> None:
    with open_store(db_path) as store:
        store.save_analysis(small_analysis)
    extra = (LATEST + 1, ("ALTER TABLE articles ADD COLUMN word_count INTEGER",))
    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, extra])
    with open_store(db_path) as store:
        assert store.schema_version() == LATEST + 1
        assert store.counts()["articles"] == 3  # data survives the migration
    with closing(sqlite3.connect(db_path)) as conn:
        cols = {r[1] for r in conn.execute("PRAGMA table_info(articles)")}
        assert "word_count" in cols
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations")]
        assert versions == list(range(1, LATEST + 2))


def test_counts_after_save(saved: Store) -> None:
    assert saved.counts() == EXPECTED


def test_saving_twice_is_idempotent(saved: Store, small_analysis: Analysis) -> None:
    saved.save_analysis(small_analysis)
    assert saved.counts() == {**EXPECTED, "runs": 2}  # only the run log grows


def test_articles_and_claims_round_trip(saved: Store, small_analysis: Analysis) -> None:
    articles = {a.id: a for a in saved.articles()}
    for original in small_analysis.articles:
        # Undetected at ingest, the language is the annotator's.
        assert articles[original.id] == dataclasses.replace(original, language="en")
        assert articles[original.id].metadata_sources == original.metadata_sources
    assert sorted(saved.claims(), key=lambda c: c.id) == sorted(
        small_analysis.claims, key=lambda c: c.id
    )
    first = small_analysis.articles[0].id
    assert {c.article_id for c in saved.claims(first)} == {first}


def test_upsert_updates_in_place(saved: Store, small_analysis: Analysis) -> None:
    old = small_analysis.articles[0]
    renamed = dataclasses.replace(old, title="Corrected headline")
    saved.save_analysis(
        dataclasses.replace(small_analysis, articles=(renamed, *small_analysis.articles[1:]))
    )
    assert {a.id: a.title for a in saved.articles()}[old.id] == "Corrected headline"
    assert saved.counts()["articles"] == 3


def test_rerun_replaces_story_level_records(saved: Store, small_analysis: Analysis) -> None:
    facts = small_analysis.alignment.facts[:1]  # the re-run found only the consensus fact
    brief = dataclasses.replace(small_analysis.brief, sentences=small_analysis.brief.sentences[:1])
    saved.save_analysis(
        dataclasses.replace(small_analysis, alignment=Alignment(facts, ()), brief=brief)
    )
    counts = saved.counts()
    assert counts["facts"] == 1 and counts["fact_claims"] == 3
    assert counts["conflicts"] == 0 and counts["brief_sentences"] == 1


def test_wal_mode_and_foreign_keys(sqlite_saved: Store, db_path: Path) -> None:
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with sqlite_saved.transaction() as conn:
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_reader_reads_while_a_write_is_open(sqlite_saved: Store, db_path: Path) -> None:
    reader = sqlite3.connect(db_path, timeout=0.1)  # would fail fast if it had to wait
    try:
        with sqlite_saved.transaction() as conn:
            conn.execute("INSERT INTO articles (id, text) VALUES ('art_new', 'New text.')")
            # The reader sees the last committed state, without blocking.
            assert reader.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 3
        assert reader.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 4
    finally:
        reader.close()


def test_failure_mid_save_leaves_previous_data(
    saved: Store, small_analysis: Analysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_article = Article(id=Article.id_for("Fresh text."), text="Fresh text.", outlet="New")
    changed = dataclasses.replace(
        small_analysis, articles=(*small_analysis.articles, new_article)
    )

    def explode(*args: object) -> None:
        raise RuntimeError("killed mid-save")

    # Articles, entities and claims are written before the alignment: make that step fail.
    monkeypatch.setattr(saved, "_save_alignment", explode)
    with pytest.raises(RuntimeError, match="killed mid-save"):
        saved.save_analysis(changed)
    assert saved.counts() == EXPECTED
    assert new_article.id not in {a.id for a in saved.articles()}
    with open_store(saved.target) as other:  # and nothing is visible from outside either
        assert other.counts()["articles"] == 3
    monkeypatch.undo()
    saved.save_analysis(changed)  # the store is usable again after the rollback
    assert saved.counts()["articles"] == 4


def test_integrity_error_rolls_back(saved: Store, small_analysis: Analysis) -> None:
    orphan = Claim(id="clm_orphan", article_id="art_missing", start=0, end=4, text="Ghost",
                   kind="statement")
    broken = dataclasses.replace(small_analysis, claims=(*small_analysis.claims, orphan))
    with pytest.raises(INTEGRITY_ERRORS):
        saved.save_analysis(broken)
    assert saved.counts() == EXPECTED


def test_story_id_is_order_independent(small_analysis: Analysis) -> None:
    reversed_articles = dataclasses.replace(
        small_analysis, articles=tuple(reversed(small_analysis.articles))
    )
    assert story_id_for(reversed_articles) == story_id_for(small_analysis)
    assert story_id_for(small_analysis).startswith("story_")


def test_brief_and_timeline_stored_in_order(sqlite_saved: Store, small_analysis: Analysis,
                                            db_path: Path) -> None:
    story = story_id_for(small_analysis)
    with closing(sqlite3.connect(db_path)) as conn:
        rows = conn.execute(
            "SELECT position, text FROM brief_sentences WHERE story_id = ? ORDER BY position",
            (story,),
        ).fetchall()
        timeline = conn.execute("SELECT date, citations FROM timeline").fetchall()
    assert [r[1] for r in rows] == [s.text for s in small_analysis.brief.sentences]
    assert timeline[0][0] == "2023-06-24" and '"article_id"' in timeline[0][1]
