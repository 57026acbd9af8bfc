"""Choosing a GPU build of llama.cpp at start, and what `chatapp gpu` recommends: the
rules, with the device probes' answers given (the real probes run in tests/gpu/)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from chatapp.core.cpu_compat import LIB_PATH_ENV, select_llama_library
from chatapp.core.gpu_advice import choose_build, pip_command
from chatapp.core.gpu_probe import GpuCheck, VulkanDevice, usable_vulkan_devices

LLVMPIPE = VulkanDevice(0, "llvmpipe (LLVM 15.0.6, 256 bits)", "CPU", (1, 3, 230))
RADEON = VulkanDevice(1, "AMD Radeon RX 7600", "discrete GPU", (1, 3, 280))
OLD_INTEL = VulkanDevice(2, "Intel HD Graphics 4000", "integrated GPU", (1, 0, 2))


def answers(**usable: bool) -> tuple[list[str], object]:
    asked: list[str] = []

    def check(backend: str, _env: Mapping[str, str]) -> GpuCheck:
        asked.append(backend)
        ok = usable.get(backend, False)
        return GpuCheck(backend, ok, f"{backend} {'found' if ok else 'missing'}")

    return asked, check


@pytest.fixture
def folders(tmp_path: Path) -> dict[str, Path]:
    made = {name: tmp_path / f"lib-{name}" for name in ("compat", "vulkan", "cuda")}
    for folder in made.values():
        folder.mkdir()
    return made


def test_vulkan_variant_chosen_when_its_device_is_usable(folders: dict[str, Path]):
    env: dict[str, str] = {}
    _asked, check = answers(vulkan=True)
    choice = select_llama_library(
        env, folders["compat"], lambda: True, {"vulkan": folders["vulkan"]}, check
    )
    assert (choice.variant, choice.reason) == ("vulkan", "vulkan found")
    assert choice.is_gpu
    assert env[LIB_PATH_ENV] == str(folders["vulkan"])


def test_cpu_variant_with_the_reason_when_no_device(folders: dict[str, Path]):
    env: dict[str, str] = {}
    _asked, check = answers()
    choice = select_llama_library(
        env, folders["compat"], lambda: True, {"vulkan": folders["vulkan"]}, check
    )
    assert choice.variant == "default"
    assert choice.reason == "the CPU has AVX2, FMA and F16C; vulkan not used: vulkan missing"
    assert LIB_PATH_ENV not in env


def test_cuda_is_tried_before_vulkan(folders: dict[str, Path]):
    asked, check = answers(cuda=True, vulkan=True)
    gpus = {"vulkan": folders["vulkan"], "cuda": folders["cuda"]}
    choice = select_llama_library({}, folders["compat"], lambda: True, gpus, check)
    assert choice.variant == "cuda"
    assert asked == ["cuda"]


def test_no_gpu_build_on_a_cpu_without_avx2(folders: dict[str, Path]):
    asked, check = answers(vulkan=True)
    env: dict[str, str] = {}
    choice = select_llama_library(
        env, folders["compat"], lambda: False, {"vulkan": folders["vulkan"]}, check
    )
    assert choice.variant == "compat"
    assert "the GPU libraries need a CPU with AVX2" in choice.reason
    assert asked == []
    assert env[LIB_PATH_ENV] == str(folders["compat"])


@pytest.mark.parametrize(
    ("env", "variant"),
    [
        ({"CHATAPP_LIBRARY_VARIANT": "cpu"}, "default"),
        ({"CHATAPP_LIBRARY_VARIANT": "compat"}, "compat"),
        ({"CHATAPP_CPU_VARIANT": "default"}, "default"),
        ({"CHATAPP_LIBRARY_VARIANT": "vulkan"}, "vulkan"),
    ],
)
def test_the_variant_can_be_forced(folders: dict[str, Path], env: dict[str, str], variant: str):
    asked, check = answers(vulkan=True)
    gpus = {"vulkan": folders["vulkan"]}
    choice = select_llama_library(dict(env), folders["compat"], lambda: True, gpus, check)
    assert choice.variant == variant
    assert asked == []  # forced: no probe


def test_forcing_a_missing_or_unknown_variant_says_so(folders: dict[str, Path]):
    _asked, check = answers(vulkan=True)
    missing = select_llama_library(
        {"CHATAPP_LIBRARY_VARIANT": "cuda"}, folders["compat"], lambda: True, {}, check
    )
    assert missing.variant == "default"
    assert "CHATAPP_LIBRARY_VARIANT=cuda, but this installation has no cuda libraries" in (
        missing.reason
    )
    unknown = select_llama_library(
        {"CHATAPP_LIBRARY_VARIANT": "vulkn"}, folders["compat"], lambda: True, {}, check
    )
    assert "CHATAPP_LIBRARY_VARIANT=vulkn is not one of auto, cpu, compat" in unknown.reason


def test_ggml_rules_for_vulkan_devices():
    devices = [LLVMPIPE, RADEON, OLD_INTEL]
    assert usable_vulkan_devices(devices, {}) == [RADEON]
    assert usable_vulkan_devices([LLVMPIPE], {}) == []
    assert usable_vulkan_devices(devices, {"GGML_VK_VISIBLE_DEVICES": "0"}) == [LLVMPIPE]
    assert usable_vulkan_devices(devices, {"GGML_VK_VISIBLE_DEVICES": "2"}) == []  # Vulkan 1.0


def check(backend: str, usable: bool) -> GpuCheck:
    return GpuCheck(backend, usable, f"{backend} {'found' if usable else 'missing'}")


@pytest.mark.parametrize(
    ("system", "cuda", "vulkan", "gpus", "tools", "backend"),
    [
        ("darwin", False, False, [], set(), "Metal"),
        ("linux", True, True, ["RTX 4070 (NVIDIA)"], {"nvcc"}, "CUDA"),
        ("linux", True, True, ["RTX 4070 (NVIDIA)"], set(), "Vulkan"),
        ("win32", False, True, [], set(), "Vulkan"),
        ("linux", False, False, ["AMD Radeon RX 7600 (AMD)"], {"hipcc"}, "HIP"),
        ("linux", False, False, [], {"nvcc"}, "CPU"),
    ],
)
def test_build_recommended_for_the_machine(system, cuda, vulkan, gpus, tools, backend):
    machine = "arm64" if system == "darwin" else "x86_64"
    choice = choose_build(
        system, machine, check("cuda", cuda), check("vulkan", vulkan), gpus, tools
    )
    assert choice.backend == backend
    assert (choice.cmake_args is None) == (backend == "CPU")


def test_pip_command_for_posix_and_powershell():
    posix = pip_command("-DGGML_VULKAN=on", "0.3.36", "/venv/bin/python", windows=False)
    assert posix == (
        'CMAKE_ARGS="-DGGML_VULKAN=on" "/venv/bin/python" -m pip install --force-reinstall '
        "--no-cache-dir --no-deps --no-binary llama-cpp-python llama-cpp-python==0.3.36"
    )
    windows = pip_command("-DGGML_CUDA=on", "0.3.36", r"C:\venv\python.exe", windows=True)
    assert windows.startswith('$env:CMAKE_ARGS="-DGGML_CUDA=on"; & "C:\\venv\\python.exe" -m pip')


def test_a_gpu_build_that_does_not_load_falls_back_to_the_cpu_libraries(tmp_path: Path):
    """A GPU build whose libraries cannot be loaded (here: not libraries at all; on a
    user's machine: a missing or too old driver library) must not stop the app."""
    broken = tmp_path / "lib-vulkan"
    broken.mkdir()
    for name in ("libllama.so", "llama.dll", "libllama.dylib"):
        (broken / name).write_bytes(b"not a library")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from chatapp.core import cpu_compat\n"
        "from chatapp.core.llama_runtime import import_llama_cpp\n"
        "chosen = cpu_compat.select_llama_library(gpu_dirs={'vulkan': Path(sys.argv[1])})\n"
        "llama_cpp = import_llama_cpp()\n"
        "print(chosen.variant, cpu_compat.last_choice().variant, cpu_compat.loaded_library_path())\n"
        "print(cpu_compat.last_choice().reason)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LLAMA_CPP", "CHATAPP_"))}
    env["CHATAPP_LIBRARY_VARIANT"] = "vulkan"
    result = subprocess.run(
        [sys.executable, "-c", code, str(broken)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    first, reason = result.stdout.strip().splitlines()[-2:]
    chosen, used, library = first.split(" ", 2)
    assert (chosen, used) == ("vulkan", "default")
    assert Path(library).parent != broken
    assert "the vulkan libraries did not load" in reason
