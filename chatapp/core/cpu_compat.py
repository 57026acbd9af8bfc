"""Choose llama.cpp's shared libraries for this CPU before ``llama_cpp`` is imported.

The packaged app carries two builds of llama.cpp's libraries: the default one (built
with ``-DGGML_NATIVE=OFF``, which needs AVX2, FMA and F16C) in ``llama_cpp/lib`` and a
"compat" one without them in ``llama_cpp/lib-compat``. On an x86_64 CPU that lacks
AVX2 the default libraries would die with "Illegal instruction", so
:func:`select_llama_library` points llama-cpp-python at the compat folder through the
``LLAMA_CPP_LIB_PATH`` environment variable, which llama-cpp-python reads once, when
``llama_cpp`` is first imported. A source install has no compat folder (it is compiled
for the machine it runs on) and is left alone.

``CHATAPP_CPU_VARIANT=compat`` or ``=default`` forces the choice (to test the compat
libraries on any machine, or to overrule a wrong detection); a ``LLAMA_CPP_LIB_PATH``
set by the user always wins.
"""

from __future__ import annotations

import ctypes
import os
import platform
import sys
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path

LIB_PATH_ENV = "LLAMA_CPP_LIB_PATH"
MTMD_LIB_ENV = "MTMD_CPP_LIB"
VARIANT_ENV = "CHATAPP_CPU_VARIANT"
COMPAT_FOLDER = "lib-compat"
# The default build's instruction set baseline (llama.cpp with GGML_NATIVE=OFF).
REQUIRED_FLAGS = ("avx2", "fma", "f16c")
# winnt.h: PF_AVX2_INSTRUCTIONS_AVAILABLE
PF_AVX2_INSTRUCTIONS_AVAILABLE = 40


_last_choice: LibraryChoice | None = None


@dataclass(frozen=True)
class LibraryChoice:
    """Which llama.cpp libraries this process uses, and why."""

    variant: str  # "default", "compat" or "environment" (LLAMA_CPP_LIB_PATH given)
    path: Path | None  # the folder given to llama-cpp-python; None = its own lib/
    reason: str


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


def select_llama_library(
    environ: MutableMapping[str, str] | None = None,
    compat_dir: Path | None = None,
    has_avx2: Callable[[], bool | None] = cpu_has_avx2,
) -> LibraryChoice:
    """Point llama-cpp-python at the compat libraries when this CPU needs them.

    Must run before anything imports ``llama_cpp``. ``compat_dir`` defaults to the
    frozen app's compat folder; ``has_avx2`` is the CPU probe."""
    global _last_choice
    choice = _choose(os.environ if environ is None else environ, compat_dir, has_avx2)
    if environ is None:
        _last_choice = choice
    return choice


def last_choice() -> LibraryChoice:
    """What :func:`select_llama_library` chose for this process (``default`` if not run)."""
    return _last_choice or LibraryChoice("default", None, "not selected at start")


def _choose(
    env: MutableMapping[str, str],
    compat_dir: Path | None,
    has_avx2: Callable[[], bool | None],
) -> LibraryChoice:
    if env.get(LIB_PATH_ENV):
        return LibraryChoice("environment", Path(env[LIB_PATH_ENV]), f"{LIB_PATH_ENV} is set")
    folder = compat_dir if compat_dir is not None else bundled_compat_dir()
    if folder is None:
        return LibraryChoice("default", None, "no compat libraries in this installation")
    forced = env.get(VARIANT_ENV, "").strip().lower()
    if forced == "default":
        return LibraryChoice("default", None, f"{VARIANT_ENV}=default")
    if forced == "compat":
        reason = f"{VARIANT_ENV}=compat"
    else:
        supported = has_avx2()
        if supported:
            return LibraryChoice("default", None, "the CPU has AVX2, FMA and F16C")
        # Unknown features: the slower libraries that run everywhere.
        reason = "the CPU lacks AVX2/FMA/F16C" if supported is False else "unknown CPU features"
    env[LIB_PATH_ENV] = str(folder)
    env[MTMD_LIB_ENV] = str(folder)
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
