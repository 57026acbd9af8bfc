"""What this machine and this llama.cpp build can run on: backends, GPUs, RAM, cores.

The devices llama.cpp can offload to come from ggml's own device registry
(:mod:`chatapp.core.ggml_devices`). GPUs that the build cannot use are still looked
for (NVML, ``nvidia-smi``, ``rocm-smi``, Apple Silicon) so that the user is told
which build of llama-cpp-python would use them.

``CHATAPP_FAKE_GPU`` replaces the device probes, as a testing aid for machines
without a GPU: ``nvidia:8GiB``, ``amd:16GiB``, ``vulkan:4GiB``, ``apple:16GiB`` (a Mac
with 16 GiB of unified memory), several separated by commas, or ``none``.
"""

from __future__ import annotations

import json
import logging
import os
import platform
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field

import psutil

from chatapp.core import hardware_texts as texts
from chatapp.core.messages import Message
from chatapp.core.sizes import describe_size

log = logging.getLogger(__name__)

FAKE_GPU_ENV = "CHATAPP_FAKE_GPU"
GIB = 1024**3
# Metal lets a process use about this share of unified memory
# (recommendedMaxWorkingSetSize); used where Metal itself cannot be asked.
APPLE_GPU_SHARE = 0.75
PROBE_TIMEOUT_S = 5.0
_REINSTALL = "pip install --force-reinstall --no-cache-dir llama-cpp-python"
INSTALL_LINES = {
    "NVIDIA": f'CMAKE_ARGS="-DGGML_CUDA=on" {_REINSTALL}',
    "AMD": f'CMAKE_ARGS="-DGGML_HIP=on" {_REINSTALL} (or -DGGML_VULKAN=on)',
    "Apple": f'CMAKE_ARGS="-DGGML_METAL=on" {_REINSTALL} (with an arm64 Python, not under Rosetta)',
    "Intel": f'CMAKE_ARGS="-DGGML_VULKAN=on" {_REINSTALL}',
}
# llama.cpp backend (registry) names that drive each vendor's GPUs.
_VENDOR_BACKENDS = {
    "NVIDIA": {"CUDA", "VULKAN"},
    "AMD": {"ROCM", "HIP", "VULKAN"},
    "Apple": {"METAL", "MTL"},
    "Intel": {"SYCL", "VULKAN", "OPENCL"},
}
_GPU_KINDS = ("gpu", "igpu")


@dataclass(frozen=True)
class Device:
    """A GPU (or the CPU), its memory in bytes and where that was learnt."""

    name: str
    description: str
    backend: str
    kind: str = "gpu"
    memory_total: int = 0
    memory_free: int = 0
    unified_memory: bool = False
    vendor: str = ""
    source: str = "ggml"

    @property
    def memory_usable(self) -> int:
        """Free memory where known, else the total."""
        return self.memory_free if self.memory_free > 0 else self.memory_total

    @property
    def label(self) -> str:
        """``"NVIDIA GeForce RTX 3070 (CUDA0)"``."""
        if self.description and self.description != self.name:
            return f"{self.description} ({self.name})"
        return self.name


@dataclass(frozen=True)
class MemoryInfo:
    """System RAM in bytes."""

    total: int
    available: int


@dataclass(frozen=True)
class HardwareInfo:
    """The build's backends, the devices it can offload to, and the rest of the machine."""

    backends: list[str]
    devices: list[Device]
    ram: MemoryInfo
    physical_cores: int
    logical_cpus: int
    gpu_offload: bool
    machine_gpus: list[Device] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    source: str = "ggml"

    @property
    def gpu_devices(self) -> list[Device]:
        """The devices llama.cpp can put layers on (GPUs, integrated GPUs)."""
        return [d for d in self.devices if d.kind in _GPU_KINDS]

    @property
    def no_gpu_reason(self) -> str | None:
        """Why nothing can be offloaded, or ``None`` when a GPU can be used."""
        if self.gpu_devices:
            return None
        if self.source == "fake":
            return Message(texts.NO_FAKE_GPU, variable=FAKE_GPU_ENV)
        if not self.gpu_offload:
            vendors = " and ".join(sorted({g.vendor for g in self.machine_gpus if g.vendor}))
            if vendors:
                return Message(texts.CPU_ONLY_UNUSED_GPU, vendors=vendors)
            return Message(texts.CPU_ONLY)
        return Message(texts.NO_USABLE_GPU)


def detect_hardware(*, use_nvml: bool = True) -> HardwareInfo:
    """Probe the llama.cpp build and the machine (a second or less; no model needed)."""
    memory = psutil.virtual_memory()
    ram = MemoryInfo(total=int(memory.total), available=int(memory.available))
    cores = psutil.cpu_count(logical=False) or max(1, (os.cpu_count() or 2) // 2)
    logical = psutil.cpu_count(logical=True) or cores
    fake = os.environ.get(FAKE_GPU_ENV, "").strip()
    if fake:
        devices = parse_fake_devices(fake)
        backends = sorted({d.backend for d in devices}) + ["CPU"]
        return HardwareInfo(backends, devices, ram, cores, logical, bool(devices), source="fake")
    backends, devices, offload, listed = _probe_build()
    return assemble(
        backends, devices, offload, ram, cores, logical, devices_listed=listed, use_nvml=use_nvml
    )


def assemble(
    backends: list[str],
    devices: list[Device],
    gpu_offload: bool,
    ram: MemoryInfo,
    physical_cores: int,
    logical_cpus: int,
    *,
    devices_listed: bool = True,
    use_nvml: bool = True,
) -> HardwareInfo:
    """Add the machine's GPUs and the notices to what the build reported.

    ``devices_listed`` says whether ggml listed the devices; where it could not, GPUs
    found with NVML / nvidia-smi / rocm-smi / sysctl that the build has a backend for
    become the devices to plan with."""
    source = "ggml" if devices_listed else "probes"
    if any(d.kind in _GPU_KINDS for d in devices):
        return HardwareInfo(
            backends, devices, ram, physical_cores, logical_cpus, gpu_offload, source=source
        )
    machine = probe_machine_gpus(use_nvml=use_nvml)
    have = {b.upper() for b in backends}
    usable = [
        g
        for g in machine
        if gpu_offload and not devices_listed and have & _VENDOR_BACKENDS.get(g.vendor, set())
    ]
    return HardwareInfo(
        backends,
        [*devices, *usable],
        ram,
        physical_cores,
        logical_cpus,
        gpu_offload,
        machine_gpus=[g for g in machine if g not in usable],
        notices=unusable_gpu_notices(machine, backends),
        source=source,
    )


def unusable_gpu_notices(machine_gpus: list[Device], backends: list[str]) -> list[str]:
    """One sentence per GPU vendor found on the machine that the build cannot drive."""
    have = {b.upper() for b in backends}
    gpu_backends = sorted(b for b in backends if b.upper() not in ("CPU", "BLAS", "RPC"))
    template = texts.OTHER_BUILD if gpu_backends else texts.CPU_ONLY_BUILD
    notices: list[str] = []
    for vendor in dict.fromkeys(g.vendor for g in machine_gpus):
        if not vendor or have & _VENDOR_BACKENDS.get(vendor, set()):
            continue
        install = INSTALL_LINES.get(vendor, INSTALL_LINES["NVIDIA"])
        notices.append(
            Message(template, vendor=vendor, backends=", ".join(gpu_backends), install=install)
        )
    return notices


def _probe_build() -> tuple[list[str], list[Device], bool, bool]:
    """(backends, devices, GPU offload supported, whether ggml listed the devices)."""
    from chatapp.core import ggml_devices, llama_runtime

    try:
        llama_cpp = llama_runtime.import_llama_cpp()
        offload = bool(llama_cpp.llama_supports_gpu_offload())
    except (ImportError, OSError, RuntimeError) as exc:
        log.warning("llama.cpp is not usable: %s", exc)
        return ["CPU"], [], False, False
    inventory = ggml_devices.list_ggml_devices()
    if inventory is None:
        info = llama_runtime.runtime_info()
        return info.backends or ["CPU"], [], offload, False
    devices = [
        Device(
            name=d.name,
            description=d.description,
            backend=d.backend or d.name,
            kind=d.kind,
            memory_total=d.memory_total,
            memory_free=d.memory_free,
            unified_memory=d.kind == "igpu" or d.backend.upper() in ("METAL", "MTL"),
            vendor=_vendor_of(d.description or d.name) if d.kind in _GPU_KINDS else "",
        )
        for d in inventory.devices
    ]
    return inventory.backends, devices, offload, True


def probe_machine_gpus(*, use_nvml: bool = True) -> list[Device]:
    """GPUs on this machine whatever llama.cpp can use: NVML or nvidia-smi, rocm-smi,
    Apple Silicon's unified memory."""
    gpus = (probe_nvml() if use_nvml else []) or probe_nvidia_smi()
    gpus += probe_rocm_smi()
    apple = probe_apple_silicon()
    if apple is not None:
        gpus.append(apple)
    return gpus


def probe_nvml() -> list[Device]:
    """NVIDIA GPUs through NVML (the nvidia-ml-py package), if installed."""
    try:
        import pynvml  # type: ignore[import-not-found]
    except ImportError:
        return []
    try:
        pynvml.nvmlInit()
    except Exception as exc:  # pynvml raises NVMLError subclasses of Exception
        log.debug("NVML: %s", exc)
        return []
    gpus: list[Device] = []
    try:
        for index in range(pynvml.nvmlDeviceGetCount()):
            handle = pynvml.nvmlDeviceGetHandleByIndex(index)
            name = pynvml.nvmlDeviceGetName(handle)
            memory = pynvml.nvmlDeviceGetMemoryInfo(handle)
            gpus.append(
                Device(
                    name=f"GPU{index}",
                    description=name.decode() if isinstance(name, bytes) else str(name),
                    backend="CUDA",
                    memory_total=int(memory.total),
                    memory_free=int(memory.free),
                    vendor="NVIDIA",
                    source="nvml",
                )
            )
    except Exception as exc:
        log.debug("NVML: %s", exc)
    finally:
        try:
            pynvml.nvmlShutdown()
        except Exception:
            pass
    return gpus


def _run_tool(*command: str) -> str | None:
    path = shutil.which(command[0])
    if path is None:
        return None
    try:
        done = subprocess.run(
            [path, *command[1:]],
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.debug("%s: %s", command[0], exc)
        return None
    if done.returncode != 0:
        log.debug("%s exited %s: %s", command[0], done.returncode, done.stderr.strip())
        return None
    return done.stdout


def probe_nvidia_smi() -> list[Device]:
    """NVIDIA GPUs from ``nvidia-smi --query-gpu=name,memory.total,memory.free``."""
    output = _run_tool(
        "nvidia-smi", "--query-gpu=name,memory.total,memory.free", "--format=csv,noheader,nounits"
    )
    return parse_nvidia_smi(output) if output else []


def parse_nvidia_smi(output: str) -> list[Device]:
    """Rows of ``name, total MiB, free MiB``."""
    gpus: list[Device] = []
    for line in output.splitlines():
        parts = [p.strip() for p in line.rsplit(",", 2)]
        if len(parts) != 3:
            continue
        try:
            total, free = (int(float(p)) * 1024**2 for p in parts[1:])
        except ValueError:
            continue
        gpus.append(
            Device(
                name=f"GPU{len(gpus)}",
                description=parts[0],
                backend="CUDA",
                memory_total=total,
                memory_free=free,
                vendor="NVIDIA",
                source="nvidia-smi",
            )
        )
    return gpus


def probe_rocm_smi() -> list[Device]:
    """AMD GPUs from ``rocm-smi --showproductname --showmeminfo vram --json``."""
    output = _run_tool("rocm-smi", "--showproductname", "--showmeminfo", "vram", "--json")
    return parse_rocm_smi(output) if output else []


def parse_rocm_smi(output: str) -> list[Device]:
    """rocm-smi's JSON: ``{"card0": {"Card series": ..., "VRAM Total Memory (B)": ...}}``."""
    try:
        data = json.loads(output)
    except json.JSONDecodeError:
        return []
    gpus: list[Device] = []
    if not isinstance(data, dict):
        return gpus
    for card, values in data.items():
        if not str(card).lower().startswith("card") or not isinstance(values, dict):
            continue
        total = _number(values, "VRAM Total Memory (B)")
        used = _number(values, "VRAM Total Used Memory (B)")
        name = next(
            (
                str(values[k])
                for k in ("Card Series", "Card series", "Card SKU", "Card model", "Device Name")
                if values.get(k)
            ),
            "AMD GPU",
        )
        gpus.append(
            Device(
                name=f"GPU{len(gpus)}",
                description=name,
                backend="ROCm",
                memory_total=total,
                memory_free=max(total - used, 0),
                vendor="AMD",
                source="rocm-smi",
            )
        )
    return gpus


def _number(values: dict[str, object], key: str) -> int:
    try:
        return int(str(values.get(key, "0")).strip())
    except ValueError:
        return 0


def probe_apple_silicon() -> Device | None:
    """An Apple Silicon Mac's GPU, which shares the unified memory."""
    if sys.platform != "darwin" or platform.machine() != "arm64":
        return None
    output = _run_tool("sysctl", "-n", "hw.memsize")
    try:
        total = int(output.strip()) if output else int(psutil.virtual_memory().total)
    except ValueError:
        return None
    return apple_device(total, source="sysctl")


def apple_device(unified_bytes: int, *, source: str) -> Device:
    """The Metal device of a Mac with ``unified_bytes`` of memory."""
    budget = int(unified_bytes * APPLE_GPU_SHARE)
    return Device(
        name="MTL0",
        description="Apple Silicon GPU",
        backend="Metal",
        kind="gpu",
        memory_total=budget,
        memory_free=budget,
        unified_memory=True,
        vendor="Apple",
        source=source,
    )


_FAKE_KINDS = {
    "nvidia": ("CUDA", "NVIDIA"),
    "cuda": ("CUDA", "NVIDIA"),
    "amd": ("ROCm", "AMD"),
    "rocm": ("ROCm", "AMD"),
    "vulkan": ("Vulkan", ""),
    "intel": ("SYCL", "Intel"),
}


def parse_fake_devices(spec: str) -> list[Device]:
    """Devices from a ``CHATAPP_FAKE_GPU`` value such as ``nvidia:8GiB,nvidia:8GiB``."""
    devices: list[Device] = []
    for item in (part.strip() for part in spec.split(",")):
        if not item or item.lower() == "none":
            continue
        kind, _, size = item.partition(":")
        kind = kind.strip().lower()
        total = parse_size(size or "8GiB")
        if kind in ("apple", "metal"):
            devices.append(apple_device(total, source="fake"))
            continue
        if kind not in _FAKE_KINDS:
            raise ValueError(
                f"{FAKE_GPU_ENV}={spec!r}: unknown GPU kind {kind!r} "
                f"(use {', '.join([*_FAKE_KINDS, 'apple', 'none'])})"
            )
        backend, vendor = _FAKE_KINDS[kind]
        index = sum(d.backend == backend for d in devices)
        devices.append(
            Device(
                name=f"{backend}{index}",
                description=f"Fake {vendor or backend} GPU",
                backend=backend,
                memory_total=total,
                memory_free=total,
                vendor=vendor,
                source="fake",
            )
        )
    return devices


_SIZE = re.compile(r"^\s*([\d.]+)\s*([kmgt]?)(i?b?)\s*$", re.I)


def parse_size(text: str) -> int:
    """``"8GiB"``, ``"8G"``, ``"8 GB"`` (read as GiB), ``"512MiB"`` -> bytes."""
    match = _SIZE.match(text)
    if not match:
        raise ValueError(f"not a memory size: {text!r} (write e.g. 8GiB)")
    unit = match.group(2).lower() or "g"
    return int(float(match.group(1)) * 1024 ** "kmgt".index(unit) * 1024)


def describe_gib(n_bytes: float) -> str:
    """Bytes as GiB with one decimal: ``"8.0 GiB"``."""
    return describe_size(n_bytes, "GiB")


def _vendor_of(description: str) -> str:
    text = description.lower()
    for vendor, words in (
        ("NVIDIA", ("nvidia", "geforce", "quadro", "tesla", "rtx", "gtx")),
        ("AMD", ("amd", "radeon", "gfx")),
        ("Apple", ("apple",)),
        ("Intel", ("intel", "arc ", "iris")),
    ):
        if any(word in text for word in words):
            return vendor
    return ""
