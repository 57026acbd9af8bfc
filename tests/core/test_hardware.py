"""Hardware detection: ggml's device list, fake nvidia-smi / rocm-smi, CHATAPP_FAKE_GPU."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from chatapp.core import ggml_devices
from chatapp.core.hardware import (
    FAKE_GPU_ENV,
    GIB,
    MemoryInfo,
    assemble,
    detect_hardware,
    parse_fake_devices,
    parse_size,
    probe_machine_gpus,
    probe_nvidia_smi,
    probe_rocm_smi,
    unusable_gpu_notices,
)

MIB = 1024**2
RAM = MemoryInfo(total=16 * GIB, available=12 * GIB)
unix_only = pytest.mark.skipif(sys.platform == "win32", reason="fake tools are shell scripts")


@pytest.fixture(autouse=True)
def no_fake_gpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(FAKE_GPU_ENV, raising=False)


def install_tool(folder: Path, name: str, script: str) -> Path:
    """An executable shell script called ``name`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


@pytest.fixture
def tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder first on PATH, for fake nvidia-smi / rocm-smi."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    return folder


NVIDIA_SMI = """
case "$*" in
  *--query-gpu=name,memory.total,memory.free*--format=csv,noheader,nounits*)
    echo "NVIDIA GeForce RTX 3070, 8192, 7900"
    echo "NVIDIA GeForce RTX 3090, 24576, 24000"
    ;;
  *) echo "unexpected arguments: $*" >&2; exit 2 ;;
esac
"""

ROCM_SMI_JSON = {
    "card0": {
        "Card Series": "Radeon RX 7900 XTX",
        "VRAM Total Memory (B)": str(24 * GIB),
        "VRAM Total Used Memory (B)": str(1 * GIB),
    },
    "system": {"Driver version": "6.7.0"},
}


def test_fake_gpu_values() -> None:
    (nvidia,) = parse_fake_devices("nvidia:8GiB")
    assert (nvidia.name, nvidia.backend, nvidia.vendor) == ("CUDA0", "CUDA", "NVIDIA")
    assert nvidia.memory_total == nvidia.memory_free == 8 * GIB
    assert not nvidia.unified_memory
    two = parse_fake_devices("nvidia:8GiB, nvidia:12G")
    assert [d.name for d in two] == ["CUDA0", "CUDA1"]
    assert two[1].memory_total == 12 * GIB
    (apple,) = parse_fake_devices("apple:16GiB")
    assert apple.unified_memory and apple.backend == "Metal"
    assert apple.memory_total == 12 * GIB  # Metal's share of 16 GiB of unified memory
    assert parse_fake_devices("none") == []
    with pytest.raises(ValueError, match="unknown GPU kind 'tpu'"):
        parse_fake_devices("tpu:8GiB")
    with pytest.raises(ValueError, match="not a memory size"):
        parse_fake_devices("nvidia:lots")


def test_sizes() -> None:
    assert parse_size("8GiB") == parse_size("8 GB") == parse_size("8") == 8 * GIB
    assert parse_size("512MiB") == 512 * MIB
    assert parse_size("1.5T") == int(1.5 * 1024 * GIB)


def test_fake_gpu_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FAKE_GPU_ENV, "nvidia:8GiB")
    hardware = detect_hardware()
    assert hardware.source == "fake"
    assert hardware.gpu_offload
    assert [d.memory_total for d in hardware.gpu_devices] == [8 * GIB]
    assert "CUDA" in hardware.backends
    assert hardware.no_gpu_reason is None
    assert hardware.ram.total > 0 and hardware.physical_cores >= 1

    monkeypatch.setenv(FAKE_GPU_ENV, "none")
    hardware = detect_hardware()
    assert hardware.gpu_devices == []
    assert hardware.no_gpu_reason == f"no GPU is given in {FAKE_GPU_ENV}"


def test_ggml_device_list_of_this_build() -> None:
    inventory = ggml_devices.list_ggml_devices()
    assert inventory is not None, "ggml's device API should be bound on this machine"
    assert "CPU" in inventory.backends
    cpus = [d for d in inventory.devices if d.kind == "cpu"]
    assert cpus, inventory
    assert cpus[0].backend == "CPU"
    assert 0 < cpus[0].memory_free <= cpus[0].memory_total


def test_ggml_binding_without_libraries(tmp_path: Path) -> None:
    assert ggml_devices.list_ggml_devices(tmp_path / "missing") is None
    assert ggml_devices.list_ggml_devices(tmp_path) is None
    for name in ("libggml.so", "libggml.dylib", "ggml.dll"):
        (tmp_path / name).write_bytes(b"not a shared library")
    assert ggml_devices.list_ggml_devices(tmp_path) is None


def test_detect_hardware_on_this_machine() -> None:
    hardware = detect_hardware(use_nvml=False)
    assert hardware.source in ("ggml", "probes")
    assert "CPU" in hardware.backends
    assert hardware.ram.available <= hardware.ram.total
    if not hardware.gpu_devices:
        assert hardware.no_gpu_reason


@unix_only
def test_fake_nvidia_smi(tools: Path) -> None:
    install_tool(tools, "nvidia-smi", NVIDIA_SMI)
    first, second = probe_nvidia_smi()
    assert first.description == "NVIDIA GeForce RTX 3070"
    assert (first.memory_total, first.memory_free) == (8192 * MIB, 7900 * MIB)
    assert (first.vendor, first.backend, first.source) == ("NVIDIA", "CUDA", "nvidia-smi")
    assert second.memory_total == 24 * GIB


@unix_only
def test_nvidia_smi_without_a_driver(tools: Path) -> None:
    install_tool(
        tools,
        "nvidia-smi",
        'echo "NVIDIA-SMI has failed because it couldn\'t communicate with the NVIDIA driver."\n'
        "exit 9\n",
    )
    assert probe_nvidia_smi() == []


@unix_only
def test_fake_rocm_smi(tools: Path) -> None:
    payload = json.dumps(ROCM_SMI_JSON)
    install_tool(
        tools,
        "rocm-smi",
        'case "$*" in *--showmeminfo*vram*--json*) ;; *) exit 2 ;; esac\n'
        f"cat <<'EOF'\n{payload}\nEOF\n",
    )
    (gpu,) = probe_rocm_smi()
    assert gpu.description == "Radeon RX 7900 XTX"
    assert (gpu.memory_total, gpu.memory_free) == (24 * GIB, 23 * GIB)
    assert (gpu.vendor, gpu.backend) == ("AMD", "ROCm")


@unix_only
def test_machine_gpus_and_cpu_only_notice(tools: Path) -> None:
    install_tool(tools, "nvidia-smi", NVIDIA_SMI)
    hardware = assemble(["CPU"], [], False, RAM, 4, 8, use_nvml=False)
    assert hardware.gpu_devices == []
    assert [g.description for g in hardware.machine_gpus][:2] == [
        "NVIDIA GeForce RTX 3070",
        "NVIDIA GeForce RTX 3090",
    ]
    (notice,) = hardware.notices
    assert notice.startswith(
        "This machine has an NVIDIA GPU, but this build of llama.cpp is CPU-only: "
    )
    assert 'CMAKE_ARGS="-DGGML_CUDA=on" pip install' in notice
    assert hardware.no_gpu_reason is not None and "CPU-only" in hardware.no_gpu_reason


@unix_only
def test_detect_hardware_tells_about_an_unused_gpu(tools: Path) -> None:
    install_tool(tools, "nvidia-smi", NVIDIA_SMI)
    hardware = detect_hardware(use_nvml=False)
    if hardware.gpu_devices:
        pytest.skip("this llama.cpp build already uses a GPU here")
    assert any("NVIDIA GPU" in n and "-DGGML_CUDA=on" in n for n in hardware.notices)


@unix_only
def test_probed_gpus_stand_in_when_ggml_cannot_list(tools: Path) -> None:
    install_tool(tools, "nvidia-smi", NVIDIA_SMI)
    hardware = assemble(["CUDA", "CPU"], [], True, RAM, 4, 8, devices_listed=False, use_nvml=False)
    assert [d.memory_total for d in hardware.gpu_devices] == [8 * GIB, 24 * GIB]
    assert hardware.notices == []
    assert hardware.source == "probes"


@unix_only
@pytest.mark.skipif(sys.platform == "darwin", reason="macOS reports its GPU without tools")
def test_no_tools_no_gpus(tools: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tools))
    assert probe_machine_gpus(use_nvml=False) == []


def test_notice_for_a_gpu_of_another_vendor() -> None:
    (amd,) = parse_fake_devices("amd:16GiB")
    (notice,) = unusable_gpu_notices([amd], ["CUDA", "CPU"])
    assert "an AMD GPU, but this build of llama.cpp is built for CUDA only" in notice
    assert "-DGGML_HIP=on" in notice
    assert unusable_gpu_notices([amd], ["Vulkan", "CPU"]) == []
