"""Choose llama.cpp's shared libraries for this CPU before ``llama_cpp`` is imported.

The packaged app carries two builds of llama.cpp's libraries: the default one (built
with ``-DGGML_NATIVE=OFF``, which needs AVX2, FMA and F16C) in ``llama_cpp/lib`` and a
"compat" one without them in ``llama_cpp/lib-compat``. On an x86_64 CPU that lacks
AVX2 the default libraries would die with "Illegal instruction", so
:func:`select_llama_library` points llama-cpp-python at the compat folder through the
``LLAMA_CPP_LIB_PATH`` environment variable, which llama-cpp-python reads once, when
``llama_cpp`` is first imported. A source install has no compat folder (it is compiled
for the machine it runs on) and is left alone.

A GPU archive adds a GPU build beside them (``llama_cpp/lib-vulkan``,
``llama_cpp/lib-cuda``). It is chosen when :mod:`chatapp.core.gpu_probe` finds a device
it can use (and the CPU has AVX2, which its CPU code needs), else the CPU libraries are,
and the reason says why the GPU build was passed over.

``CHATAPP_LIBRARY_VARIANT`` (``auto``, ``cpu``, ``compat``, ``vulkan``, ``cuda``; the older
``CHATAPP_CPU_VARIANT`` with ``default`` or ``compat`` still works) forces the choice (to
test a variant on any machine, or to overrule a wrong detection); a
``LLAMA_CPP_LIB_PATH`` set by the user always wins.
"""

from __future__ import annotations

import ctypes
import os
import platform
import sys
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chatapp.core.gpu_probe import GpuCheck

LIB_PATH_ENV = "LLAMA_CPP_LIB_PATH"
MTMD_LIB_ENV = "MTMD_CPP_LIB"
VARIANT_ENV = "CHATAPP_LIBRARY_VARIANT"
OLD_VARIANT_ENV = "CHATAPP_CPU_VARIANT"
COMPAT_FOLDER = "lib-compat"
# GPU builds in the order they are tried: CUDA is faster than Vulkan on NVIDIA cards.
GPU_VARIANTS = ("cuda", "vulkan")
# The default build's instruction set baseline (llama.cpp with GGML_NATIVE=OFF).
REQUIRED_FLAGS = ("avx2", "fma", "f16c")
# winnt.h: PF_AVX2_INSTRUCTIONS_AVAILABLE
PF_AVX2_INSTRUCTIONS_AVAILABLE = 40


_last_choice: LibraryChoice | None = None


@dataclass(frozen=True)
class LibraryChoice:
    """Which llama.cpp libraries this process uses, and why."""

    variant: str  # "default" (CPU), "compat", "vulkan", "cuda" or "environment"
    path: Path | None  # the folder given to llama-cpp-python; None = its own lib/
    reason: str

    @property
    def is_gpu(self) -> bool:
        """Whether a GPU build of llama.cpp was chosen."""
        return self.variant in GPU_VARIANTS


def is_x86_64(machine: str | None = None) -> bool:
    """Whether the CPU architecture is x86_64 (the only one with a compat build)."""
    return (machine or platform.machine()).lower() in ("x86_64", "amd64", "x64", "i686", "x86")


def flags_from_cpuinfo(text: str) -> set[str]:
    """The CPU feature flags of the first processor in a Linux ``/proc/cpuinfo``."""
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "flags":
            return set(value.split())
    return set()


def _linux_has_avx2(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool | None:
    try:
        flags = flags_from_cpuinfo(cpuinfo.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None
    return all(flag in flags for flag in REQUIRED_FLAGS) if flags else None


def _sysctl_int(name: str) -> int | None:
    libc = ctypes.CDLL("/usr/lib/libc.dylib")
    value = ctypes.c_int64(0)
    size = ctypes.c_size_t(ctypes.sizeof(value))
    if libc.sysctlbyname(name.encode(), ctypes.byref(value), ctypes.byref(size), None, 0) != 0:
        return None
    return value.value


def _macos_has_avx2() -> bool | None:
    try:
        values = [_sysctl_int(f"hw.optional.{name}") for name in ("avx2_0", "fma", "f16c")]
    except OSError:
        return None
    if any(value is None for value in values):
        # Rosetta 2 before macOS 15 has no AVX at all and leaves these out.
        return False if values[0] is None else bool(values[0])
    return all(values)


def _windows_has_avx2() -> bool | None:
    try:
        kernel32 = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return None
    # Every CPU with AVX2 that Windows reports also has FMA and F16C (Haswell, Zen).
    return bool(kernel32.IsProcessorFeaturePresent(PF_AVX2_INSTRUCTIONS_AVAILABLE))


def cpu_has_avx2(system: str | None = None) -> bool | None:
    """Whether this CPU (and OS) runs AVX2/FMA/F16C code; None when it cannot be told.

    Non-x86 CPUs (ARM: Apple Silicon, Windows on ARM, Linux aarch64) answer True: their
    builds have a single baseline and no compat variant."""
    if not is_x86_64():
        return True
    system = system or sys.platform
    if system.startswith("linux"):
        return _linux_has_avx2()
    if system == "darwin":
        return _macos_has_avx2()
    if system == "win32":
        return _windows_has_avx2()
    return None


def bundled_compat_dir() -> Path | None:
    """The compat libraries' folder inside a frozen app, when it has one."""
    bundle = getattr(sys, "_MEIPASS", None)
    if not bundle:
        return None
    folder = Path(bundle) / "llama_cpp" / COMPAT_FOLDER
    return folder if folder.is_dir() else None


def bundled_gpu_dirs() -> dict[str, Path]:
    """The GPU builds inside a frozen app (``{"vulkan": .../llama_cpp/lib-vulkan}``)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if not bundle:
        return {}
    folders = {name: Path(bundle) / "llama_cpp" / f"lib-{name}" for name in GPU_VARIANTS}
    return {name: folder for name, folder in folders.items() if folder.is_dir()}


def select_llama_library(
    environ: MutableMapping[str, str] | None = None,
    compat_dir: Path | None = None,
    has_avx2: Callable[[], bool | None] = cpu_has_avx2,
    gpu_dirs: Mapping[str, Path] | None = None,
    check_gpu: Callable[[str, Mapping[str, str]], GpuCheck] | None = None,
) -> LibraryChoice:
    """Point llama-cpp-python at the GPU build when a device for it is found, at the
    compat libraries when this CPU needs them, else leave it on its own libraries.

    Must run before anything imports ``llama_cpp``. ``compat_dir`` and ``gpu_dirs``
    default to the frozen app's folders; ``has_avx2`` and ``check_gpu`` are the probes."""
    global _last_choice
    env = os.environ if environ is None else environ
    if check_gpu is None:
        from chatapp.core.gpu_probe import check_gpu as probe

        check_gpu = probe
    gpus = bundled_gpu_dirs() if gpu_dirs is None else dict(gpu_dirs)
    choice = _choose(env, compat_dir, has_avx2, gpus, check_gpu)
    if choice.path is not None and choice.variant != "environment":
        env[LIB_PATH_ENV] = str(choice.path)
        env[MTMD_LIB_ENV] = str(choice.path)
    if environ is None:
        _last_choice = choice
    return choice


def last_choice() -> LibraryChoice:
    """What :func:`select_llama_library` chose for this process (``default`` if not run)."""
    return _last_choice or LibraryChoice("default", None, "not selected at start")


def fall_back_from_gpu(error: str) -> LibraryChoice | None:
    """After the chosen GPU build failed to load: point llama-cpp-python at the CPU
    libraries for this CPU and return that choice (None when no GPU build was chosen)."""
    global _last_choice
    failed = last_choice()
    if not failed.is_gpu:
        return None
    for name in (LIB_PATH_ENV, MTMD_LIB_ENV):
        os.environ.pop(name, None)
    cpu = _choose_cpu("auto", VARIANT_ENV, None, cpu_has_avx2)
    if cpu.path is not None:
        os.environ[LIB_PATH_ENV] = os.environ[MTMD_LIB_ENV] = str(cpu.path)
    reason = f"{cpu.reason}; the {failed.variant} libraries did not load ({error[:200]})"
    _last_choice = LibraryChoice(cpu.variant, cpu.path, reason)
    return _last_choice


def forced_variant(env: Mapping[str, str]) -> str:
    """The variant the environment asks for: ``auto`` (none), ``default`` (the CPU
    libraries), ``compat``, ``vulkan``, ``cuda``, or an unknown word as given."""
    word = env.get(VARIANT_ENV, "").strip().lower() or env.get(OLD_VARIANT_ENV, "").strip().lower()
    return {"": "auto", "cpu": "default"}.get(word, word)


def _choose(
    env: Mapping[str, str],
    compat_dir: Path | None,
    has_avx2: Callable[[], bool | None],
    gpu_dirs: dict[str, Path],
    check_gpu: Callable[[str, Mapping[str, str]], GpuCheck],
) -> LibraryChoice:
    if env.get(LIB_PATH_ENV):
        return LibraryChoice("environment", Path(env[LIB_PATH_ENV]), f"{LIB_PATH_ENV} is set")
    forced = forced_variant(env)
    source = VARIANT_ENV if env.get(VARIANT_ENV, "").strip() else OLD_VARIANT_ENV
    if forced in gpu_dirs:
        return LibraryChoice(forced, gpu_dirs[forced], f"{source}={forced}")
    gpu_note = ""
    if forced not in ("auto", "default", "compat", *GPU_VARIANTS):
        gpu_note = f"{source}={forced} is not one of auto, cpu, compat, {', '.join(GPU_VARIANTS)}"
        forced = "auto"
    if forced in GPU_VARIANTS:
        gpu_note = f"{source}={forced}, but this installation has no {forced} libraries"
    elif forced == "auto" and gpu_dirs:
        gpu_choice, why_not = _choose_gpu(env, has_avx2, gpu_dirs, check_gpu)
        if gpu_choice is not None:
            return gpu_choice
        gpu_note = "; ".join(filter(None, (gpu_note, why_not)))
    cpu = _choose_cpu(forced, source, compat_dir, has_avx2)
    if not gpu_note:
        return cpu
    return LibraryChoice(cpu.variant, cpu.path, f"{cpu.reason}; {gpu_note}")


def _choose_gpu(
    env: Mapping[str, str],
    has_avx2: Callable[[], bool | None],
    gpu_dirs: dict[str, Path],
    check_gpu: Callable[[str, Mapping[str, str]], GpuCheck],
) -> tuple[LibraryChoice | None, str]:
    """The first GPU build with a usable device, or None and why none was taken."""
    if not has_avx2():
        return None, "the GPU libraries need a CPU with AVX2"
    reasons = []
    for name in GPU_VARIANTS:
        if name not in gpu_dirs:
            continue
        check = check_gpu(name, env)
        if check.usable:
            return LibraryChoice(name, gpu_dirs[name], check.reason), ""
        reasons.append(f"{name} not used: {check.reason}")
    return None, "; ".join(reasons)


def _choose_cpu(
    forced: str, source: str, compat_dir: Path | None, has_avx2: Callable[[], bool | None]
) -> LibraryChoice:
    folder = compat_dir if compat_dir is not None else bundled_compat_dir()
    if folder is None:
        return LibraryChoice("default", None, "no compat libraries in this installation")
    if forced == "default":
        return LibraryChoice("default", None, f"{source}=default")
    if forced == "compat":
        return LibraryChoice("compat", folder, f"{source}=compat")
    supported = has_avx2()
    if supported:
        return LibraryChoice("default", None, "the CPU has AVX2, FMA and F16C")
    # Unknown features: the slower libraries that run everywhere.
    reason = "the CPU lacks AVX2/FMA/F16C" if supported is False else "unknown CPU features"
    return LibraryChoice("compat", folder, reason)


def loaded_library_path() -> str | None:
    """The file of the libllama that llama-cpp-python loaded (None before it is)."""
    module = sys.modules.get("llama_cpp.llama_cpp")
    lib = getattr(module, "_lib", None)
    return getattr(lib, "_name", None)


def loaded_llama_files(maps: Path = Path("/proc/self/maps")) -> list[str]:
    """The llama.cpp/ggml library files mapped into this process (Linux; else [])."""
    try:
        text = maps.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    files = {
        line.split(None, 5)[5]
        for line in text.splitlines()
        if len(line.split(None, 5)) == 6 and "/lib" in line and ("llama" in line or "ggml" in line)
    }
    return sorted(f for f in files if Path(f).name.startswith(("libllama", "libggml")))
