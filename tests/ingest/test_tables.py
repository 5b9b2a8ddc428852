import gzip
import json
import zlib
from datetime import UTC, date, datetime

import pytest

from newsprism.ingest import ColumnMap, IngestOptions, ingest
from newsprism.ingest.tables import read_table, table_suffix
from newsprism.models import Article


def jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def items(path, columns=None):
    return list(read_table(path, columns))


def articles(pairs):
    return [value for _, value in pairs if isinstance(value, Article)]


def errors(pairs):
    return [(label, str(value)) for label, value in pairs if isinstance(value, ValueError)]


ROWS = [
    {"body": "First story body.", "headline": "First", "published_at": "2014-05-06T10:00:00Z",
     "source": "The Bugle", "url": "https://www.bugle.com/a", "author": "Jane Doe; John Roe"},
    {"body": "Second story body.", "headline": "Second", "published_at": "6/5/14",
     "source": "Daily Planet", "url": "https://planet.com/b", "author": ["Ann Lee"]},
]


@pytest.mark.parametrize("name", ["a.jsonl", "a.ndjson", "a.jsonl.gz"])
def test_jsonl_plain_and_gzipped_with_guessed_columns(tmp_path, name):
    data = "".join(json.dumps(r) + "\n" for r in ROWS).encode()
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    result = ingest([path])
    assert not result.errors
    first, second = result.articles
    assert (first.text, first.title, first.published, first.outlet) == (
        "First story body.", "First", "2014-05-06", "The Bugle")
    assert first.url == "https://www.bugle.com/a"
    assert first.authors == ("Jane Doe", "John Roe") and second.authors == ("Ann Lee",)
    assert second.published == "2014-06-05"
    assert first.path == f"{path}:1" and second.path == f"{path}:2"
    assert first.published_at == "2014-05-06T10:00:00+00:00" and second.published_at is None
    assert first.metadata_sources == {"title": "column", "published": "column",
                                      "outlet": "column", "url": "column",
                                      "authors": "column", "published_at": "column"}


def test_table_suffix():
    from pathlib import Path

    assert table_suffix(Path("x.JSONL.GZ")) == ".jsonl.gz"
    assert table_suffix(Path("x.csv.gz")) == ".csv.gz"
    assert table_suffix(Path("x.parquet")) == ".parquet"
    assert table_suffix(Path("x.json")) is None
    assert table_suffix(Path("x.gz")) is None


def test_explicit_column_map(tmp_path):
    path = jsonl(tmp_path / "x.jsonl", [
        {"text": "decoy", "story_text": "The real body.", "hed": "Real title",
         "when": "May 6, 2014", "pub": "Real Outlet", "link2": "https://r.com/", "by": "A and B"}])
    columns = ColumnMap(text="story_text", title="hed", date="when", outlet="pub", url="link2",
                        authors="by")
    result = ingest([path], IngestOptions(columns=columns))
    assert not result.errors
    (article,) = result.articles
    assert (article.text, article.title, article.published, article.outlet, article.url) == (
        "The real body.", "Real title", "2014-05-06", "Real Outlet", "https://r.com/")
    assert article.authors == ("A", "B")


def test_dotted_key_for_nested_json(tmp_path):
    path = jsonl(tmp_path / "n.jsonl", [
        {"content": "Nested body.", "source": {"name": "BBC", "id": "bbc"},
         "meta": {"dates": {"published": "2014-05-06"}}},
        {"content": "No source here.", "source": None, "meta": "flat"}])
    columns = ColumnMap(outlet="source.name", date="meta.dates.published")
    result = ingest([path], IngestOptions(columns=columns))
    assert not result.errors
    nested, flat = result.articles
    assert (nested.outlet, nested.published) == ("BBC", "2014-05-06")
    assert (flat.outlet, flat.published) == (None, None)


def test_guessed_outlet_from_nested_source_object(tmp_path):
    path = jsonl(tmp_path / "n.jsonl", [{"text": "Body.", "source": {"name": "BBC"}}])
    (article,) = ingest([path]).articles
    assert article.outlet == "BBC"


def test_named_column_missing_is_one_error_listing_columns(tmp_path):
    path = jsonl(tmp_path / "x.jsonl", [{"text": f"Story {i}.", "title": "T"} for i in range(5)])
    result = ingest([path], IngestOptions(columns=ColumnMap(text="body_text")))
    assert not result.articles
    (error,) = result.errors
    assert error.source.startswith(str(path))
    assert "'body_text'" in error.message
    assert "text" in error.message and "title" in error.message


def test_no_text_column_guessable_is_one_error(tmp_path):
    path = jsonl(tmp_path / "x.jsonl", [{"foo": "a", "bar": "b"}] * 4)
    result = ingest([path])
    assert not result.articles
    (error,) = result.errors
    assert "no text column" in error.message and "foo, bar" in error.message


def test_row_without_text_is_a_labelled_error_and_others_are_read(tmp_path):
    path = jsonl(tmp_path / "x.jsonl", [
        {"text": "One."}, {"text": ""}, {"text": None}, {"text": 42}, {"title": "no text key"},
        {"text": "Six."}])
    pairs = items(path)
    assert [a.text for a in articles(pairs)] == ["One.", "Six."]
    assert errors(pairs) == [(f"{path}:{n}", "row has no text") for n in (2, 3, 4, 5)]


def test_malformed_json_line_is_an_error_with_its_line(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"text": "One."}\n\n{"text": broken\n[1, 2]\n{"text": "Five."}\n',
                    encoding="utf-8")
    pairs = items(path)
    assert [a.text for a in articles(pairs)] == ["One.", "Five."]
    (bad_json, not_object) = errors(pairs)
    assert bad_json[0] == f"{path}:3" and "not valid JSON" in bad_json[1]
    assert not_object == (f"{path}:4", "line is not an object")


def test_jsonl_with_bom_is_read(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"text": "With BOM."}).encode() + b"\n")
    assert [a.text for a in articles(items(path))] == ["With BOM."]


def test_csv_with_quoted_multiline_field(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text('headline,body,published_at,source\n'
                    '"Title, with comma","Line one.\nLine two, ""quoted"".",2014-05-06,Bugle\n'
                    ',,2014-05-07,Bugle\n'
                    'Third,Body three.,6/5/14,Planet\n', encoding="utf-8")
    pairs = items(path)
    first, third = articles(pairs)
    assert first.text == 'Line one.\nLine two, "quoted".'
    assert (first.title, first.published, first.outlet) == ("Title, with comma", "2014-05-06",
                                                           "Bugle")
    assert (third.title, third.published, third.outlet) == ("Third", "2014-06-05", "Planet")
    assert errors(pairs) == [(f"{path}:4", "row has no text")]


def test_csv_gz_end_to_end(tmp_path):
    path = tmp_path / "x.csv.gz"
    path.write_bytes(gzip.compress(b"text,outlet\nGzipped body.,Bugle\n"))
    result = ingest([path])
    assert not result.errors
    assert [(a.text, a.outlet) for a in result.articles] == [("Gzipped body.", "Bugle")]


def test_non_utf8_csv_is_an_error(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("text,outlet\ncaf\xe9 cr\xe8me,Le Monde\n".encode("latin-1"))
    result = ingest([path])
    assert not result.articles
    (error,) = result.errors
    assert error.source == str(path) and "cannot read" in error.message


def test_messy_dates_counted(tmp_path):
    path = tmp_path / "dates.csv"
    path.write_text("text,date\n"
                    "a,2014-05-06T10:00:00+02:00\n"
                    "b,6/5/14\n"
                    "c,\n"
                    "d,not a date\n"
                    "e,May 6 2014\n"
                    "f,2999-01-01\n", encoding="utf-8")
    result = ingest([path])
    assert not result.errors
    published = {a.text: a.published for a in result.articles}
    assert published == {"a": "2014-05-06", "b": "2014-06-05", "c": None, "d": None,
                         "e": "2014-05-06", "f": None}
    assert sum(1 for v in published.values() if v) == 3
    assert "published" not in next(a for a in result.articles if a.text == "c").metadata_sources


def test_parquet(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "x.parquet"
    table = pa.table({
        "body": ["Parquet body one.", None, "Parquet body three."],
        "headline": ["One", "Two", "Three"],
        "published_at": [datetime(2014, 5, 6, 10, tzinfo=UTC), None,
                         datetime(2015, 1, 2, tzinfo=UTC)],
        "source": ["Bugle", "Bugle", None],
        "authors": [["Jane Doe", "John Roe"], [], None],
    })
    pq.write_table(table, path)
    pairs = items(path)
    one, three = articles(pairs)
    assert (one.text, one.title, one.published, one.outlet, one.authors) == (
        "Parquet body one.", "One", "2014-05-06", "Bugle", ("Jane Doe", "John Roe"))
    assert (three.published, three.outlet) == ("2015-01-02", None)
    assert errors(pairs) == [(f"{path}:2", "row has no text")]


def test_parquet_date_column_and_explicit_map(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "y.parquet"
    pq.write_table(pa.table({"txt": ["Body."], "day": [date(2014, 5, 6)]}), path)
    result = ingest([path], IngestOptions(columns=ColumnMap(text="txt", date="day")))
    assert [(a.text, a.published) for a in result.articles] == [("Body.", "2014-05-06")]


def test_garbage_parquet_is_one_error(tmp_path):
    path = tmp_path / "bad.parquet"
    path.write_bytes(b"PAR1 this is not parquet PAR1")
    result = ingest([path])
    assert not result.articles
    (error,) = result.errors
    assert error.source == str(path) and "Parquet" in error.message


def test_not_gzip_is_one_error(tmp_path):
    path = tmp_path / "x.jsonl.gz"
    path.write_bytes(b"not gzip at all")
    result = ingest([path])
    assert not result.articles
    (error,) = result.errors
    assert error.source == str(path) and "cannot read" in error.message


def test_truncated_gzip_keeps_rows_read_and_ends_with_one_error(tmp_path):
    data = gzip.compress(b"".join(b'{"text": "Row %d."}\n' % i for i in range(5000)))
    path = tmp_path / "x.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    pairs = items(path)
    assert all(isinstance(v, Article) for _, v in pairs[:-1])
    assert errors(pairs)[-1:] == [(str(path), errors(pairs)[-1][1])]
    assert len(errors(pairs)) == 1 and "cannot read" in errors(pairs)[0][1]


def test_same_text_twice_is_one_article(tmp_path):
    path = jsonl(tmp_path / "x.jsonl", [{"text": "Same."}, {"text": "Same."}, {"text": "Other."}])
    result = ingest([path])
    assert len(result.articles) == 2 and result.repeats == 1


# --- bugs: inputs that make ingest() raise instead of reporting an ItemError ---------------


def test_corrupt_gzip_body_is_one_error(tmp_path):
    packer = zlib.compressobj(wbits=31)
    data = packer.compress(b'{"text": "hi"}\n' * 100) + packer.flush()
    path = tmp_path / "x.jsonl.gz"
    path.write_bytes(data[:20] + b"\xff" * 10 + data[30:])
    result = ingest([path])
    assert not result.articles and len(result.errors) == 1


def test_csv_row_longer_than_header_without_text_column(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"a,b\n1,2,3\n")
    result = ingest([path])
    assert not result.articles
    (error,) = result.errors
    assert "no text column" in error.message


def test_jsonl_huge_integer_is_a_row_error(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"text": "One.", "n": ' + b"1" * 5000 + b'}\n{"text": "Two."}\n')
    pairs = items(path)
    assert [a.text for a in articles(pairs)] == ["Two."]
    assert [label for label, _ in errors(pairs)] == [f"{path}:1"]


def test_jsonl_deeply_nested_line_is_a_row_error(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_bytes(b"[" * 100_000 + b'\n{"text": "Two."}\n')
    pairs = items(path)
    assert [a.text for a in articles(pairs)] == ["Two."]
    assert [label for label, _ in errors(pairs)] == [f"{path}:1"]


@pytest.mark.parametrize("row", [{"text": "One.", "url": 5}, {"text": "One.", "author": 5},
                                 {"text": "One.", "link": {"href": "https://x.com/"}}])
def test_non_string_metadata_values_do_not_crash(tmp_path, row):
    path = jsonl(tmp_path / "x.jsonl", [row, {"text": "Two."}])
    result = ingest([path])
    assert len(result.articles) + len(result.errors) == 2
    assert "Two." in [a.text for a in result.articles]


def test_empty_export_is_one_error(tmp_path):
    for name in ("empty.jsonl", "empty.csv"):
        (tmp_path / name).write_text("")
        (error,) = ingest([tmp_path / name]).errors
        assert "holds no articles" in error.message and error.source.endswith(name)


def csv_file(path, dates):
    lines = ["source,date,body"] + [f"Outlet {i},{d},Story number {i} body." for i, d in
                                    enumerate(dates)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def dated(path, **options):
    result = ingest([path], IngestOptions(**options))
    by_text = {a.text: a.published for a in result.articles}
    return [by_text[f"Story number {i} body."] for i in range(len(by_text))], result


def test_one_day_first_value_decides_the_whole_column(tmp_path):
    """Field case 09's kind (dateparser #539): 01/05/2019 in a column that also holds
    29/04/2019 is the 1st of May, not the 5th of January."""
    days, result = dated(csv_file(tmp_path / "uk.csv", ["01/05/2019", "02/05/2019",
                                                       "29/04/2019", "03/05/19"]))
    assert days == ["2019-05-01", "2019-05-02", "2019-04-29", "2019-05-03"]
    assert not result.warnings and not result.errors


def test_one_month_first_value_decides_a_us_column(tmp_path):
    path = jsonl(tmp_path / "us.jsonl", [
        {"text": f"Story number {i} body.", "date": d}
        for i, d in enumerate(["01/05/2019", "04/29/2019", "12/11/2019"])])
    days, result = dated(path)
    assert days == ["2019-01-05", "2019-04-29", "2019-12-11"] and not result.warnings


def test_a_column_that_never_decides_is_read_month_first_with_a_warning(tmp_path):
    path = csv_file(tmp_path / "unsure.csv", ["01/05/2019", "02/05/2019", "2019-05-07"])
    days, result = dated(path)
    assert days == ["2019-01-05", "2019-02-05", "2019-05-07"]
    [warning] = result.warnings
    assert warning.stage == "warning" and warning.source == str(path)
    assert "01/05/2019" in warning.message and "--date-order" in warning.message


def test_a_column_mixing_both_orders_leaves_the_ambiguous_values_undated(tmp_path):
    path = csv_file(tmp_path / "mixed.csv", ["29/04/2019", "04/30/2019", "01/05/2019"])
    days, result = dated(path)
    assert days == ["2019-04-29", "2019-04-30", None]
    [warning] = result.warnings
    assert "mixes" in warning.message and "1 dates that read both ways" in warning.message


def test_a_named_date_order_wins_over_the_column(tmp_path):
    path = csv_file(tmp_path / "named.csv", ["01/05/2019", "05/13/2019"])
    days, result = dated(path, date_order="dmy")
    assert days == ["2019-05-01", None]  # 13 is no month: undated, not read month-first
    assert not result.warnings


def test_field_case_09_day_first_press_monitor_export():
    from pathlib import Path

    folder = Path(__file__).parents[1] / "fixtures/cases/09-csv-day-first-dates"
    result = ingest([folder])
    assert sorted(a.published for a in result.articles) == [
        "2019-04-29", "2019-04-30", "2019-05-01", "2019-05-02"]
    assert not result.warnings and not result.errors


def test_an_endless_line_or_field_is_one_error_in_bounded_memory(tmp_path, monkeypatch):
    """Issue 19, kind 2: one endless line in a gzipped export, or one huge CSV field, is an
    error for that line; the lines before (and, in JSONL, after) it are read. The cap is made
    small here so the test stays small; the code path is the one a 20-million-character
    line takes."""
    from newsprism.ingest import tables

    monkeypatch.setattr(tables, "MAX_RECORD_CHARS", 1000)
    path = tmp_path / "rows.jsonl.gz"
    lines = [json.dumps({"text": "A first row with enough text."}),
             json.dumps({"text": "x" * 50_000}),
             json.dumps({"text": "A third row after the endless one."})]
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    pairs = items(path)
    assert [a.text for a in articles(pairs)] == ["A first row with enough text.",
                                                  "A third row after the endless one."]
    assert errors(pairs) == [(f"{path}:2", "line is over 1,000 characters: not read")]
    big = tmp_path / "big.csv"
    big.write_text("text\nA short row of text.\n\"" + "y" * 5000 + "\"\nNever read.\n")
    pairs = items(big)
    assert [a.text for a in articles(pairs)] == ["A short row of text."]
    [(label, message)] = errors(pairs)
    assert "a field is over" in message and "rest of the file is not read" in message
