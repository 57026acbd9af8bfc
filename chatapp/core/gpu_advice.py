"""Which GPU this machine has, whether the installed llama.cpp can use it, and the pip
command that rebuilds llama-cpp-python for it (``chatapp gpu``)."""

from __future__ import annotations

import platform
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from chatapp.core.gpu_probe import GpuCheck, check_cuda, check_vulkan
from chatapp.core.hardware import HardwareInfo, detect_hardware, probe_machine_gpus


@dataclass(frozen=True)
class BuildChoice:
    """The llama.cpp backend to compile for this machine (``None`` args: the CPU build)."""

    backend: str  # "CUDA", "Vulkan", "Metal", "HIP" or "CPU"
    cmake_args: str | None
    reason: str
    needs: list[str] = field(default_factory=list)  # what the compile needs installed


@dataclass(frozen=True)
class GpuAdvice:
    """What ``chatapp gpu`` reports."""

    machine_gpus: list[str]
    vulkan: GpuCheck
    cuda: GpuCheck
    backends: list[str]
    usable_devices: list[str]
    choice: BuildChoice
    command: str | None

    @property
    def build_uses_gpu(self) -> bool:
        """Whether the installed llama.cpp already offloads to a GPU."""
        return bool(self.usable_devices)

    @property
    def rebuild_advised(self) -> bool:
        """Whether a rebuild would let llama.cpp use a GPU it cannot use now."""
        return self.choice.cmake_args is not None and not self.build_uses_gpu

    def to_dict(self) -> dict[str, object]:
        """Plain data for ``--json``."""
        return {
            "machine_gpus": self.machine_gpus,
            "vulkan": {"usable": self.vulkan.usable, "reason": self.vulkan.reason},
            "vulkan_devices": self.vulkan.devices,
            "cuda": {"usable": self.cuda.usable, "reason": self.cuda.reason},
            "llama_cpp_backends": self.backends,
            "llama_cpp_gpu_devices": self.usable_devices,
            "build_uses_gpu": self.build_uses_gpu,
            "recommended_backend": self.choice.backend,
            "cmake_args": self.choice.cmake_args,
            "reason": self.choice.reason,
            "needs": self.choice.needs,
            "rebuild_advised": self.rebuild_advised,
            "command": self.command,
        }


def choose_build(
    system: str,
    machine: str,
    cuda: GpuCheck,
    vulkan: GpuCheck,
    machine_gpus: list[str],
    tools: set[str],
) -> BuildChoice:
    """The backend to compile for: Metal on Apple Silicon, CUDA where the NVIDIA driver
    and the CUDA toolkit (nvcc) are, Vulkan for any other usable GPU (NVIDIA without the
    toolkit, AMD, Intel), HIP for AMD with ROCm but no Vulkan driver; else the CPU."""
    if system == "darwin":
        if machine == "arm64":
            return BuildChoice("Metal", "-DGGML_METAL=on", "an Apple Silicon Mac: Metal")
        return BuildChoice("CPU", None, "an Intel Mac: llama.cpp runs best on its CPU")
    if cuda.usable and "nvcc" in tools:
        return BuildChoice("CUDA", "-DGGML_CUDA=on", f"NVIDIA: {cuda.reason}", ["CUDA toolkit"])
    vulkan_needs = ["Vulkan headers with VK_EXT_layer_settings (Vulkan SDK 1.3.261+)", "glslc"]
    if vulkan.usable:
        reason = vulkan.reason
        if cuda.usable:
            reason += " (install the CUDA toolkit, nvcc, to build for CUDA instead)"
        return BuildChoice("Vulkan", "-DGGML_VULKAN=on", reason, vulkan_needs)
    amd = any("AMD" in gpu or "Radeon" in gpu for gpu in machine_gpus)
    if amd and "hipcc" in tools:
        return BuildChoice("HIP", "-DGGML_HIP=on", "an AMD GPU with ROCm", ["ROCm (hipcc)"])
    if cuda.usable:
        return BuildChoice(
            "CUDA", "-DGGML_CUDA=on", f"NVIDIA: {cuda.reason}; install the CUDA toolkit first",
            ["CUDA toolkit"],
        )  # fmt: skip
    why = "; ".join(check.reason for check in (vulkan, cuda))
    return BuildChoice("CPU", None, f"no GPU that llama.cpp can use: {why}")


def pip_command(cmake_args: str, version: str, python: str, windows: bool) -> str:
    """The one command that recompiles the installed llama-cpp-python with ``cmake_args``."""
    pip = (
        f'"{python}" -m pip install --force-reinstall --no-cache-dir --no-deps '
        f"--no-binary llama-cpp-python llama-cpp-python=={version}"
    )
    if windows:
        return f'$env:CMAKE_ARGS="{cmake_args}"; & {pip}'  # PowerShell
    return f'CMAKE_ARGS="{cmake_args}" {pip}'


def rebuild(cmake_args: str, version: str, python: str) -> int:
    """Run the pip command of :func:`pip_command`; returns pip's exit status."""
    import os

    env = dict(os.environ, CMAKE_ARGS=cmake_args)
    command = [python, "-m", "pip", "install", "--force-reinstall", "--no-cache-dir"]
    command += ["--no-deps", "--no-binary", "llama-cpp-python", f"llama-cpp-python=={version}"]
    return subprocess.run(command, env=env, check=False).returncode


def _tools() -> set[str]:
    found = {name for name in ("nvcc", "hipcc", "glslc") if shutil.which(name)}
    import os

    cuda_home = os.environ.get("CUDA_PATH") or os.environ.get("CUDA_HOME")
    if cuda_home and any((Path(cuda_home) / "bin").glob("nvcc*")):
        found.add("nvcc")
    return found


def gpu_advice(version: str, hardware: HardwareInfo | None = None) -> GpuAdvice:
    """Probe the machine and the installed llama.cpp (a second or two)."""
    hardware = hardware or detect_hardware()
    vulkan, cuda = check_vulkan(), check_cuda()
    machine = [f"{g.description} ({g.vendor or g.backend})" for g in probe_machine_gpus()]
    choice = choose_build(sys.platform, platform.machine().lower(), cuda, vulkan, machine, _tools())
    command = None
    if choice.cmake_args is not None:
        command = pip_command(choice.cmake_args, version, sys.executable, sys.platform == "win32")
    return GpuAdvice(
        machine_gpus=machine,
        vulkan=vulkan,
        cuda=cuda,
        backends=hardware.backends,
        usable_devices=[d.label for d in hardware.gpu_devices],
        choice=choice,
        command=command,
    )
