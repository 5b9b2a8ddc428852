"""Engine and device options: refused before any work when they cannot hold."""

from __future__ import annotations

import os
import re

from typer.testing import CliRunner

from newsprism.cli import app

runner = CliRunner()


def said(result) -> str:
    """The output as one line: Rich's error box and its line breaks removed."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.output).split())


def _analyze(tmp_path, *flags):
    article = tmp_path / "a.txt"
    article.write_text("Some article text that would take a while to analyse.")
    return runner.invoke(app, ["analyze", str(article), "--out", str(tmp_path / "o"), *flags])


def test_ray_options_without_the_ray_engine_are_refused(tmp_path):
    result = _analyze(tmp_path, "--engine", "processes", "--ray-address", "auto")
    assert result.exit_code == 2
    assert "need --engine ray" in said(result)
    assert not (tmp_path / "o").exists()


def test_the_local_engine_parses_on_every_core_unless_told():
    from newsprism.cli_options import engine_settings

    assert engine_settings("local", None, None, 0.0).workers == (os.cpu_count() or 1)
    assert engine_settings("local", None, 1, 0.0).workers == 1
    assert engine_settings("processes", None, None, 0.0).workers is None


def test_an_unknown_device_is_refused(tmp_path):
    result = _analyze(tmp_path, "--device", "tpu")
    assert result.exit_code == 2
    assert "unknown device 'tpu'" in said(result)
    assert not (tmp_path / "o").exists()


def test_cuda_without_a_gpu_is_refused_before_any_work(tmp_path, monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    result = _analyze(tmp_path, "--device", "cuda")
    assert result.exit_code == 2
    assert "no CUDA GPU" in said(result)


def test_an_unknown_engine_is_refused(tmp_path):
    result = _analyze(tmp_path, "--engine", "spark")
    assert result.exit_code == 2
    assert "spark" in said(result)
