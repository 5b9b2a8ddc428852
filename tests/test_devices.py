from __future__ import annotations

import pytest

from newsprism import devices


def test_cpu_and_auto_resolve_to_the_cpu_without_a_gpu(monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert devices.resolve("cpu") == "cpu"
    assert devices.resolve("AUTO") == "cpu"
    assert devices.resolve(None) == "cpu"


def test_cuda_without_a_gpu_is_refused_not_run_on_the_cpu(monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(devices.DeviceError, match="no CUDA GPU"):
        devices.resolve("cuda")


def test_auto_takes_the_gpu_when_torch_sees_one(monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert devices.resolve("auto") == "cuda"


def test_unknown_devices_are_refused():
    with pytest.raises(devices.DeviceError, match="unknown device 'tpu'"):
        devices.resolve("tpu")


def test_batch_sizes_follow_the_process_device(monkeypatch):
    monkeypatch.setattr(devices, "_current", "cpu")
    assert devices.batch_size(32, 256) == 32
    monkeypatch.setattr(devices, "_current", "cuda")
    assert devices.batch_size(32, 256) == 256
