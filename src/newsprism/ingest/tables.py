"""Exports: JSONL (optionally gzipped), CSV and Parquet, one article per row.

Columns are named by a ``ColumnMap`` (``--text-col`` etc.); a column left unnamed is guessed
from the usual names (``body``, ``content``, ``headline``, ``published_at``, ``source``…), and
a JSON key may be a dotted path (``source.name``). Each row that cannot become an article is
reported with its file and line; the rest of the file goes on.

A date column has one convention, as exports are written by one tool: a column holding
29/04/2019 is day-first throughout, so 01/05/2019 in it is the 1st of May. The convention is
read from the whole column before any row (``--date-order`` names it instead); a column that
mixes both, or never decides, gets a warning naming the file (dateparser #539 and dateutil
#1224 show the value-by-value reading this replaces).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from itertools import chain
from pathlib import Path

from newsprism.ingest.meta import make_article, numeric_order, parse_date, parse_timestamp
from newsprism.models import ItemError

MAX_RECORD_CHARS = 20 * 2**20  # one row or line: the size a text file may have (text.MAX_BYTES)
TABLE_SUFFIXES = {".jsonl", ".ndjson", ".csv", ".parquet", ".jsonl.gz", ".ndjson.gz", ".csv.gz"}
GUESSES = {
    "text": ("text", "body", "content", "content_original", "maintext", "article", "full_text",
             "article_text", "story"),
    "title": ("title", "headline", "name"),
    "date": ("published", "date", "published_at", "publish_date", "date_publish", "pubdate",
             "datetime", "timestamp", "created_at"),
    "outlet": ("outlet", "source", "publisher", "source_name", "site_name", "site", "media",
               "source.name"),
    "url": ("url", "link", "canonical_url", "article_url"),
    "authors": ("authors", "author", "byline", "creator"),
}


@dataclass(frozen=True)
class ColumnMap:
    """Which column holds what; None means "guess from the usual names"."""

    text: str | None = None
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    url: str | None = None
    authors: str | None = None

    def resolve(self, row: dict) -> dict[str, str]:
        """Field → column actually used, judged on the first row; ``ValueError`` if a named
        column is missing or no text column can be found. A guess must hold a plain value
        (a nested ``source`` object is not an outlet; ``source.name`` may be)."""
        available = [c for c in row if isinstance(c, str)]  # CSV puts extra fields under None
        chosen = {}
        for field in fields(self):
            named = getattr(self, field.name)
            if named is not None:
                if named not in available and "." not in named:
                    raise ValueError(f"no column {named!r} (columns: {', '.join(available)})")
                chosen[field.name] = named
                continue
            guess = next((c for c in GUESSES[field.name] if _plain(_get(row, c), field.name)),
                         None)
            if guess:
                chosen[field.name] = guess
        if "text" not in chosen:
            raise ValueError(f"no text column found (columns: {', '.join(available)}); "
                             "name it with --text-col")
        return chosen


def _plain(value: object, field: str) -> bool:
    if value is None:
        return False
    if isinstance(value, list):
        return field == "authors"
    return not isinstance(value, dict)


def table_suffix(path: Path) -> str | None:
    name = path.name.lower()
    return next((s for s in sorted(TABLE_SUFFIXES, key=len, reverse=True) if name.endswith(s)),
                None)


@dataclass(frozen=True)
class DateColumn:
    """How a file's date column reads: ``order`` for three-number days (None: dateutil's
    month-first default), ``undated`` when values that read both ways are left undated (the
    column mixes conventions), and the warning to give, if any."""

    order: str | None = None
    undated: bool = False
    warning: str | None = None

    def parse(self, value: object) -> str | None:
        if self.undated and numeric_order(value) == "either":
            return None
        return parse_date(value, order=self.order)


def survey_dates(values: Iterable[object], column: str) -> DateColumn:
    """The convention of one date column, from all its values (see the module docstring)."""
    counts: Counter[str] = Counter()
    example: dict[str, str] = {}  # the first value of each kind, for the warning
    for value in values:
        kind = numeric_order(value)
        if kind:
            counts[kind] += 1
            example.setdefault(kind, str(value).strip())
    day_first, month_first, either = counts["dmy"], counts["mdy"], counts["either"]
    if day_first and month_first:
        return DateColumn(undated=True, warning=(
            f"column {column!r} mixes day-first dates ({day_first}, such as "
            f"{example['dmy']}) and month-first ones ({month_first}, such as "
            f"{example['mdy']}); {either} dates that read both ways were left undated. "
            "Name the order with --date-order dmy|mdy|ymd"))
    if day_first or month_first:
        return DateColumn(order="dmy" if day_first else "mdy")
    if either:
        return DateColumn(warning=(
            f"column {column!r} has {either} dates that read both day-first and "
            f"month-first (such as {example['either']}) and none that decides; they were "
            "read month-first. Name the order with --date-order dmy|mdy|ymd"))
    return DateColumn()


def read_table(path: Path, columns: ColumnMap | None = None, date_order: str | None = None
               ) -> Iterator[tuple[str, object]]:
    """(``file:line``, Article or ValueError) for every row; a file-level problem is one
    ValueError labelled with the file; a warning about the date column is one ``ItemError``
    of stage "warning", labelled with the file, before the rows. ``date_order`` ("dmy",
    "mdy", "ymd") names how three-number dates read; None reads it from the column (a second
    pass over the file, holding only counts)."""
    columns = columns or ColumnMap()
    try:
        dates = (DateColumn(order=date_order) if date_order
                 else _date_column(path, columns))
    except (OSError, EOFError, UnicodeDecodeError, zlib.error):
        dates = DateColumn()  # the reading pass below reports the file
    if dates.warning:
        yield str(path), ItemError(str(path), "warning", dates.warning)
    mapping = None
    try:
        for line, row in _rows(path):
            label = f"{path}:{line}"
            if isinstance(row, ValueError):
                yield label, row
                continue
            if mapping is None:
                try:
                    mapping = columns.resolve(row)
                except ValueError as exc:
                    yield str(path), exc  # wrong columns for the whole file: one error
                    return
            try:
                yield label, _row_article(row, mapping, label, dates)
            except ValueError as exc:
                yield label, exc
    except (OSError, EOFError, UnicodeDecodeError, zlib.error) as exc:
        yield str(path), ValueError(f"cannot read {path.name}: {exc}")


def _rows(path: Path) -> Iterator[tuple[int, dict | ValueError]]:
    suffix = table_suffix(path) or ""
    return (_parquet_rows(path) if suffix == ".parquet"
            else _csv_rows(path) if suffix.startswith(".csv") else _jsonl_rows(path))


def _date_column(path: Path, columns: ColumnMap) -> DateColumn:
    rows = (row for _, row in _rows(path) if isinstance(row, dict))
    first = next(rows, None)
    if first is None:
        return DateColumn()
    try:
        column = columns.resolve(first).get("date")
    except ValueError:
        return DateColumn()
    if column is None:
        return DateColumn()
    return survey_dates((_get(row, column) for row in chain([first], rows)), column)


def _row_article(row: dict, mapping: dict[str, str], label: str, dates: DateColumn):
    value = {field: _get(row, column) for field, column in mapping.items()}
    text = value.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("row has no text")
    published = dates.parse(value.get("date"))
    authors = value.get("authors")
    if isinstance(authors, list):
        authors = "; ".join(str(a) for a in authors)
    meta = {"title": value.get("title"), "published": published, "outlet": value.get("outlet"),
            "url": value.get("url"), "authors": authors,
            "published_at": parse_timestamp(value.get("date"))}
    sources = {k: "column" for k, v in meta.items() if v}
    return make_article(text, {**meta, "path": label}, sources)


def _get(row: dict, column: str) -> object:
    if column in row:
        return row[column]
    value: object = row
    for part in column.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _open_text(path: Path) -> io.TextIOBase:
    raw = gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")  # noqa: SIM115 - the wrapper closes it
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict | ValueError]]:
    with _open_text(path) as handle:
        for number, line in _bounded_lines(handle, MAX_RECORD_CHARS):
            if isinstance(line, ValueError):
                yield number, line
                continue
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, ValueError(f"not valid JSON: {exc.msg} (column {exc.colno})")
                continue
            except (ValueError, RecursionError) as exc:  # 5,000-digit numbers, deep nesting
                yield number, ValueError(f"not readable JSON: {type(exc).__name__}")
                continue
            yield number, row if isinstance(row, dict) else ValueError("line is not an object")


def _bounded_lines(handle: io.TextIOBase, limit: int) -> Iterator[tuple[int, str | ValueError]]:
    """(line number, line) for each line, or a ValueError for a line over ``limit``
    characters, which is skipped without ever being held whole (one endless line in a
    gzipped export would otherwise fill memory)."""
    number = 0
    while line := handle.readline(limit + 1):
        number += 1
        if len(line) <= limit or line.endswith("\n"):
            yield number, line
            continue
        while (rest := handle.readline(limit)) and not rest.endswith("\n"):
            pass
        yield number, ValueError(f"line is over {limit:,} characters: not read")


def _csv_rows(path: Path) -> Iterator[tuple[int, dict | ValueError]]:
    # Article bodies are long fields, but none is longer than a text file may be.
    csv.field_size_limit(min(sys.maxsize, MAX_RECORD_CHARS))
    with _open_text(path) as handle:
        reader = csv.DictReader(handle)
        try:
            start = 2  # the header is line 1; a quoted field may span lines
            for row in reader:
                yield start, row
                start = reader.line_num + 1
        except csv.Error as exc:
            reason = (f"a field is over {MAX_RECORD_CHARS:,} characters"
                      if "field larger than field limit" in str(exc) else f"malformed CSV: {exc}")
            yield reader.line_num, ValueError(f"{reason}; the rest of the file is not read")


def _parquet_rows(path: Path) -> Iterator[tuple[int, dict | ValueError]]:
    import pyarrow.parquet as pq
    from pyarrow import ArrowException

    try:
        parquet = pq.ParquetFile(path)
        number = 0
        for batch in parquet.iter_batches(batch_size=512):
            for row in batch.to_pylist():
                number += 1
                yield number, row
    except ArrowException as exc:
        raise OSError(f"not a readable Parquet file: {exc}") from None
