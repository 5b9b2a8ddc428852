import json

import pytest
from typer.testing import CliRunner

from newsprism.cli import app

runner = CliRunner()


def test_missing_path_fails_clearly(tmp_path):
    result = runner.invoke(app, ["analyze", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "no such file or folder" in result.output


@pytest.mark.slow
def test_analyze_reports_bad_file_and_exits_nonzero(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "Officials in Springfield said on Monday that the bridge will reopen in March 2025. "
        "The mayor told reporters that repairs cost about $2 million.", encoding="utf-8")
    (folder / "bad.txt").write_bytes("caf\xe9".encode("latin-1"))
    result = runner.invoke(app, ["analyze", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "bad.txt" in result.output and "UTF-8" in result.output
    assert (tmp_path / "out" / "report.html").exists()


def test_nli_model_that_is_not_a_model_directory_is_refused_before_any_work(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Some article text that would take a while to analyse.")
    result = runner.invoke(app, ["analyze", str(article), "--out", str(tmp_path / "o"),
                                 "--nli-model", str(tmp_path)],
                           env={"COLUMNS": "400"})  # the error box never wraps the message
    assert result.exit_code == 2
    assert "no config.json" in result.output
    assert not (tmp_path / "o").exists()


def test_same_fact_weights_that_do_not_read_are_refused_before_any_work(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Some article text that would take a while to analyse.")
    weights = tmp_path / "weights.json"
    weights.write_text('{"weights": {"cosine": 1.0}, "bias": 0}')  # features missing
    for given in (weights, tmp_path / "missing.json", ""):
        result = runner.invoke(app, ["analyze", str(article), "--out", str(tmp_path / "o"),
                                     "--same-fact-model", str(given)],
                               env={"COLUMNS": "400"})  # the error box never wraps it
        assert result.exit_code == 2
        assert "not same-fact weights" in result.output
    assert not (tmp_path / "o").exists()


def test_ingest_then_errors_lists_what_failed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("The harbour reopened on Monday after the strike ended.")
    (folder / "bad.html").write_bytes(b"\x00\x01binary")
    (folder / "rows.jsonl").write_text('{"body": "A row with text from an export file."}\n{oops\n')
    db = str(tmp_path / "x.db")
    # --no-stories: the errors listing is under test; placing stories would load the models
    result = runner.invoke(app, ["ingest", str(folder), "--db", db, "--verbose", "--no-stories"])
    assert result.exit_code == 1
    assert result.stdout.count("stored\t") == 2 and result.stdout.count("error\t") == 2
    listed = runner.invoke(app, ["errors", "--db", db, "--json"])
    assert listed.exit_code == 0
    messages = [json.loads(line)["message"] for line in listed.stdout.splitlines()]
    assert any("binary" in m for m in messages) and any("not valid JSON" in m for m in messages)


def test_ingest_url_to_loopback_refused_without_allow_private(tmp_path, http_server):
    from tests.http_server import Route, article_html

    http_server.routes["/a"] = Route(article_html("T", ["Some article text here."] * 8))
    db = str(tmp_path / "x.db")
    refused = runner.invoke(app, ["ingest", http_server.url("/a"), "--db", db])
    assert refused.exit_code == 1 and "--allow-private" in refused.stderr
    allowed = runner.invoke(app, ["ingest", http_server.url("/a"), "--db", db, "--allow-private"])
    assert allowed.exit_code == 0 and "1 stored" in allowed.stderr


def test_interval_parsing():
    import pytest
    import typer

    from newsprism.cli import parse_interval

    assert parse_interval("15m") == 900 and parse_interval("90s") == 90
    assert parse_interval("1h") == 3600 and parse_interval("30") == 30
    for bad in ("soon", "-5m", "0"):
        with pytest.raises(typer.BadParameter):
            parse_interval(bad)


def test_serve_off_loopback_makes_a_token_and_never_runs_without_one(tmp_path, monkeypatch):
    import uvicorn

    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, **kw: started.update(
        app=app, host=host, port=port))
    db = str(tmp_path / "x.db")
    result = runner.invoke(app, ["serve", "--db", db, "--host", "0.0.0.0", "--port", "8123"])
    assert result.exit_code == 0, result.output
    token = started["app"].state.settings.token
    assert token and len(token) >= 24 and token in result.output
    assert (started["host"], started["port"]) == ("0.0.0.0", 8123)
    runner.invoke(app, ["serve", "--db", db])  # loopback: no token needed
    assert started["host"] == "127.0.0.1" and started["app"].state.settings.token is None


def test_refresh_on_a_store_with_nothing_to_analyse(tmp_path):
    result = runner.invoke(app, ["refresh", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 0 and "0 stories analysed" in result.output


def test_a_warning_is_listed_and_stored_but_does_not_fail_the_run(tmp_path):
    export = tmp_path / "monitor.csv"
    export.write_text("source,date,body\nA,01/05/2019,The first report of the day.\n"
                      "B,02/05/2019,The second report of the day.\n", encoding="utf-8")
    db = str(tmp_path / "x.db")
    result = runner.invoke(app, ["ingest", str(export), "--db", db, "--verbose",
                                 "--no-stories"])
    assert result.exit_code == 0
    assert result.stdout.count("stored\t") == 2 and result.stdout.count("warning\t") == 1
    listed = runner.invoke(app, ["errors", "--db", db, "--json"])
    [warning] = [json.loads(line) for line in listed.stdout.splitlines()]
    assert warning["stage"] == "warning" and "--date-order" in warning["message"]
    named = runner.invoke(app, ["ingest", str(export), "--db", str(tmp_path / "y.db"),
                                "--date-order", "dmy", "--no-stories", "--verbose"])
    assert named.exit_code == 0 and "warning\t" not in named.stdout


def test_control_characters_in_names_never_reach_the_terminal_raw(tmp_path):
    """Issue 19, kind 6: a file name (or a WARC target URI) carrying an escape sequence is
    shown escaped by `ingest -v` and `errors`."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil\x1b[2J.txt").write_bytes(b"\x00\x01\x02binary")
    db = str(tmp_path / "x.db")
    result = runner.invoke(app, ["ingest", str(folder), "--db", db, "--verbose",
                                 "--no-stories"])
    assert "\x1b" not in result.stdout and "\\x1b[2J" in result.stdout
    # wide enough that the table never wraps the long temporary path inside the escape
    listed = runner.invoke(app, ["errors", "--db", db], env={"COLUMNS": "400"})
    assert "\x1b" not in listed.stdout and "\\x1b[2J" in listed.stdout
