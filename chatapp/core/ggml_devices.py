"""ggml's device registry, bound with ctypes from the libraries llama-cpp-python ships.

llama-cpp-python does not bind ``ggml_backend_dev_*``; this module does, defensively:
any missing library or symbol makes :func:`list_ggml_devices` return ``None`` and the
caller falls back to other probes. The functions used (ggml-backend.h)::

    size_t             ggml_backend_reg_count(void);
    ggml_backend_reg_t ggml_backend_reg_get(size_t index);
    const char *       ggml_backend_reg_name(ggml_backend_reg_t reg);
    size_t             ggml_backend_dev_count(void);
    ggml_backend_dev_t ggml_backend_dev_get(size_t index);
    const char *       ggml_backend_dev_name(ggml_backend_dev_t device);
    const char *       ggml_backend_dev_description(ggml_backend_dev_t device);
    enum ggml_backend_dev_type ggml_backend_dev_type(ggml_backend_dev_t device);
    void               ggml_backend_dev_memory(ggml_backend_dev_t device,
                                               size_t * free, size_t * total);
    ggml_backend_reg_t ggml_backend_dev_backend_reg(ggml_backend_dev_t device);
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# enum ggml_backend_dev_type, as of the llama.cpp that llama-cpp-python 0.3.x bundles.
DEVICE_TYPES = {0: "cpu", 1: "gpu", 2: "igpu", 3: "accel", 4: "meta"}
# Backend modules that a GGML_BACKEND_DL build loads at run time (file name fragments).
_GPU_MODULES = ("cuda", "hip", "rocm", "vulkan", "metal", "sycl", "opencl", "musa", "cann")


@dataclass(frozen=True)
class GgmlDevice:
    """One device in ggml's registry."""

    name: str
    description: str
    kind: str
    backend: str
    memory_free: int
    memory_total: int


@dataclass(frozen=True)
class GgmlInventory:
    """The backends compiled into (or loaded by) this llama.cpp, and their devices."""

    backends: list[str]
    devices: list[GgmlDevice]


def library_dir() -> Path | None:
    """Where llama-cpp-python keeps llama.cpp's shared libraries (``LLAMA_CPP_LIB_PATH`` wins)."""
    override = os.environ.get("LLAMA_CPP_LIB_PATH")
    if override:
        return Path(override)
    from importlib.util import find_spec

    spec = find_spec("llama_cpp")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "lib"


def _library_names(base: str) -> list[str]:
    if sys.platform == "win32":
        return [f"{base}.dll", f"lib{base}.dll"]
    if sys.platform == "darwin":
        return [f"lib{base}.dylib", f"lib{base}.so"]
    return [f"lib{base}.so"]


def _load(folder: Path, base: str) -> ctypes.CDLL | None:
    for name in _library_names(base):
        path = folder / name
        if path.exists():
            try:
                return ctypes.CDLL(str(path))
            except OSError as exc:
                log.debug("cannot load %s: %s", path, exc)
    return None


class _Api:
    """The ggml functions above, looked up in libggml and libggml-base."""

    def __init__(self, libraries: list[ctypes.CDLL]) -> None:
        self.libraries = libraries
        vp, sz, cp = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p
        self.reg_count = self._fn("ggml_backend_reg_count", [], sz)
        self.reg_get = self._fn("ggml_backend_reg_get", [sz], vp)
        self.reg_name = self._fn("ggml_backend_reg_name", [vp], cp)
        self.dev_count = self._fn("ggml_backend_dev_count", [], sz)
        self.dev_get = self._fn("ggml_backend_dev_get", [sz], vp)
        self.dev_name = self._fn("ggml_backend_dev_name", [vp], cp)
        self.dev_description = self._fn("ggml_backend_dev_description", [vp], cp)
        self.dev_type = self._fn("ggml_backend_dev_type", [vp], ctypes.c_int)
        self.dev_memory = self._fn(
            "ggml_backend_dev_memory", [vp, ctypes.POINTER(sz), ctypes.POINTER(sz)], None
        )
        self.dev_backend_reg = self._fn("ggml_backend_dev_backend_reg", [vp], vp)
        self.load_all_from_path = self._fn("ggml_backend_load_all_from_path", [cp], None)

    def _fn(self, name: str, argtypes: list[type], restype: type | None) -> Any:
        for library in self.libraries:
            try:
                function = getattr(library, name)
            except AttributeError:
                continue
            function.argtypes = argtypes
            function.restype = restype
            return function
        raise AttributeError(name)


def _text(value: bytes | None) -> str:
    return value.decode("utf-8", errors="replace") if value else ""


def list_ggml_devices(folder: Path | None = None) -> GgmlInventory | None:
    """ggml's backends and devices with their memory, or ``None`` where the libraries or
    their device API cannot be used (the caller then probes the machine another way)."""
    folder = folder or library_dir()
    if folder is None or not folder.is_dir():
        return None
    libraries = [lib for lib in (_load(folder, "ggml"), _load(folder, "ggml-base")) if lib]
    if not libraries:
        return None
    try:
        api = _Api(libraries)
        backends = _backend_names(api)
        if not any(b.upper() != "CPU" for b in backends) and _has_gpu_modules(folder):
            # A GGML_BACKEND_DL build registers its GPU backend only once loaded.
            api.load_all_from_path(str(folder).encode())
            backends = _backend_names(api)
        devices = [_device(api, api.dev_get(i)) for i in range(api.dev_count())]
    except (AttributeError, OSError, ValueError) as exc:
        log.info("ggml's device API is not usable here: %s", exc)
        return None
    return GgmlInventory(backends=backends, devices=devices)


def _backend_names(api: _Api) -> list[str]:
    return [_text(api.reg_name(api.reg_get(i))) for i in range(api.reg_count())]


def _has_gpu_modules(folder: Path) -> bool:
    for path in folder.iterdir():
        name = path.name.lower()
        if name.startswith(("libggml-", "ggml-")) and any(m in name for m in _GPU_MODULES):
            return True
    return False


def _device(api: _Api, handle: int | None) -> GgmlDevice:
    if not handle:
        raise ValueError("ggml returned no device")
    free, total = ctypes.c_size_t(0), ctypes.c_size_t(0)
    api.dev_memory(handle, ctypes.byref(free), ctypes.byref(total))
    registry = api.dev_backend_reg(handle)
    return GgmlDevice(
        name=_text(api.dev_name(handle)),
        description=_text(api.dev_description(handle)),
        kind=DEVICE_TYPES.get(api.dev_type(handle), "unknown"),
        backend=_text(api.reg_name(registry)) if registry else "",
        memory_free=int(free.value),
        memory_total=int(total.value),
    )
