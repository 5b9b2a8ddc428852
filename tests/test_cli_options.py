"""Engine and device options: refused before any work when they cannot hold."""

from __future__ import annotations

from typer.testing import CliRunner

from newsprism.cli import app

runner = CliRunner()


def _analyze(tmp_path, *flags):
    article = tmp_path / "a.txt"
    article.write_text("Some article text that would take a while to analyse.")
    return runner.invoke(app, ["analyze", str(article), "--out", str(tmp_path / "o"), *flags])


def test_ray_options_without_the_ray_engine_are_refused(tmp_path):
    result = _analyze(tmp_path, "--workers", "4")
    assert result.exit_code == 2
    assert "needs --engine processes or ray" in " ".join(result.output.split())
    result = _analyze(tmp_path, "--engine", "processes", "--ray-address", "auto")
    assert result.exit_code == 2
    assert "need --engine ray" in " ".join(result.output.split())
    assert not (tmp_path / "o").exists()


def test_an_unknown_device_is_refused(tmp_path):
    result = _analyze(tmp_path, "--device", "tpu")
    assert result.exit_code == 2
    assert "unknown device 'tpu'" in result.output
    assert not (tmp_path / "o").exists()


def test_cuda_without_a_gpu_is_refused_before_any_work(tmp_path, monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    result = _analyze(tmp_path, "--device", "cuda")
    assert result.exit_code == 2
    assert "no CUDA GPU" in " ".join(result.output.split())


def test_an_unknown_engine_is_refused(tmp_path):
    result = _analyze(tmp_path, "--engine", "spark")
    assert result.exit_code == 2
    assert "spark" in result.output
