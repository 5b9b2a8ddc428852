"""Database connections: SQLite (the default, one file) and PostgreSQL (a ``postgresql://``
URL, psycopg 3). The store writes its SQL once, in the dialect both share (``?`` parameters,
``INSERT … ON CONFLICT``, double-quoted names); a backend adapts the rest: parameter style,
type names, how a write transaction starts, how to list a table's columns.

Both give the store the same guarantees: one write transaction at a time per store, readers
never blocked by a writer (SQLite WAL, PostgreSQL MVCC), and rows addressable by column name.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

MIGRATION_LOCK = 7_400_031  # an arbitrary advisory-lock key: one migrating process at a time


class Backend(Protocol):
    name: str

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any: ...
    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...
    def transaction(self) -> Any: ...
    def columns(self, table: str) -> set[str]: ...
    def close(self) -> None: ...


def is_postgres_url(target: str | Path) -> bool:
    return str(target).startswith(("postgresql://", "postgres://"))


def connect(target: str | Path) -> Backend:
    if is_postgres_url(target):
        return PostgresBackend(str(target))
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    return SQLiteBackend(path)


@contextmanager
def _atomic(backend, begin: str) -> Iterator:
    """A transaction: committed on success, rolled back on any exception (KeyboardInterrupt
    included), so a save is all or nothing."""
    backend.execute(begin)
    try:
        yield backend
    except BaseException:
        backend.execute("ROLLBACK")
        raise
    backend.execute("COMMIT")


class SQLiteBackend:
    name = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a transaction spans exactly
        # one save and the sqlite3 module never commits behind our back.
        self._conn = sqlite3.connect(str(path), timeout=30.0, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")  # readers go on while a batch writes
        self._conn.execute("PRAGMA foreign_keys=ON")
        self._conn.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: atomic, still durable

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self._conn.execute(sql, tuple(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._conn.executemany(sql, rows)

    def transaction(self):
        # IMMEDIATE takes the write lock up front, so two writers queue instead of one failing
        # with "database is locked" halfway through its save.
        return _atomic(self, "BEGIN IMMEDIATE")

    def columns(self, table: str) -> set[str]:
        return {r["name"] for r in self._conn.execute(f'PRAGMA table_info("{table}")')}

    def close(self) -> None:
        self._conn.close()


_PARAM = re.compile(r"\?")
_DDL_TYPES = ((re.compile(r"\bREAL\b"), "DOUBLE PRECISION"), (re.compile(r"\bBLOB\b"), "BYTEA"))


class PostgresBackend:
    name = "postgresql"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
            from psycopg.rows import dict_row
        except ImportError:  # pragma: no cover - psycopg is a declared dependency
            raise RuntimeError("PostgreSQL needs psycopg: pip install 'psycopg[binary]'") from None
        self.url = url
        self._conn = psycopg.connect(url, autocommit=True, row_factory=dict_row)

    @staticmethod
    def translate(sql: str) -> str:
        sql = _PARAM.sub("%s", sql.replace("%", "%%"))
        if sql.lstrip().upper().startswith(("CREATE", "ALTER")):
            for pattern, name in _DDL_TYPES:
                sql = pattern.sub(name, sql)
        return sql

    @staticmethod
    def _params(params: Sequence[Any]) -> tuple:
        # Booleans go to INTEGER columns as 0/1, as SQLite stores them.
        return tuple(int(p) if isinstance(p, bool) else p for p in params)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._conn.execute(self.translate(sql), self._params(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self._conn.cursor() as cursor:
                cursor.executemany(self.translate(sql), [self._params(r) for r in rows])

    def transaction(self):
        return _atomic(self, "BEGIN")

    def lock_migrations(self) -> None:
        self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))

    def columns(self, table: str) -> set[str]:
        rows = self._conn.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s", (table,))
        return {r["column_name"] for r in rows}

    def close(self) -> None:
        self._conn.close()
