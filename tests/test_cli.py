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
                                 "--nli-model", str(tmp_path)])
    assert result.exit_code == 2
    assert "no config.json" in result.output
    assert not (tmp_path / "o").exists()
