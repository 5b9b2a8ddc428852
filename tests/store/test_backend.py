"""The backends' SQL adaptation and connection choice."""

from __future__ import annotations

from newsprism.store.backend import PostgresBackend, SQLiteBackend, connect, is_postgres_url


def test_postgres_translation() -> None:
    translate = PostgresBackend.translate
    assert translate("SELECT * FROM t WHERE a = ? AND b LIKE '5%'") == (
        "SELECT * FROM t WHERE a = %s AND b LIKE '5%%'")
    assert translate("CREATE TABLE x (score REAL, sig BLOB, name TEXT)") == (
        "CREATE TABLE x (score DOUBLE PRECISION, sig BYTEA, name TEXT)")
    assert translate("SELECT real_value FROM x") == "SELECT real_value FROM x"


def test_target_chooses_backend(tmp_path) -> None:
    assert is_postgres_url("postgresql://u@h/db") and is_postgres_url("postgres://h/db")
    backend = connect(tmp_path / "sub" / "x.db")
    assert isinstance(backend, SQLiteBackend) and (tmp_path / "sub" / "x.db").exists()
    backend.close()


def test_postgres_columns_and_booleans(postgres_url) -> None:
    backend = connect(postgres_url)
    try:
        backend.execute("CREATE TABLE flags (id TEXT PRIMARY KEY, on_off INTEGER, score REAL)")
        backend.executemany("INSERT INTO flags VALUES (?, ?, ?)", [("a", True, 0.5)])
        assert backend.columns("flags") == {"id", "on_off", "score"}
        row = backend.execute("SELECT * FROM flags").fetchone()
        assert row == {"id": "a", "on_off": 1, "score": 0.5}
    finally:
        backend.close()
