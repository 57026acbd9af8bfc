"""The llama.cpp library as ChatApp uses it: lazy import, its log routed into Python
logging, its system info and backends, and load failures turned into clear messages.

llama.cpp's own lines reach the log from WARNING up; with ``CHATAPP_LLAMA_LOG=debug`` in
the environment every level does. :func:`captured_native_log` collects every level either
way, so that a failed load can still quote llama.cpp's reason."""

from __future__ import annotations

import contextlib
import ctypes
import io
import logging
import os
import re
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

from chatapp.core.gguf_texts import UNKNOWN_ARCHITECTURE
from chatapp.core.messages import QT_TRANSLATE_NOOP, Message

if TYPE_CHECKING:
    from chatapp.core.gguf_info import GGUFInfo

native_log = logging.getLogger("chatapp.llama_cpp")
LOG_ENV = "CHATAPP_LLAMA_LOG"

# enum ggml_log_level: 0 none, 1 debug, 2 info, 3 warn, 4 error, 5 continues the last line
_LEVELS = {0: logging.INFO, 1: logging.DEBUG, 2: logging.INFO, 3: logging.WARNING, 4: logging.ERROR}
_state_lock = threading.Lock()
_module: ModuleType | None = None
_callback: Any = None
_partial: list[str] = []
_last_level = logging.INFO
_captures: list[list[str]] = []


def import_llama_cpp() -> ModuleType:
    """Import llama_cpp once and route llama.cpp's own log into Python logging."""
    global _module, _callback
    with _state_lock:
        if _module is not None:
            return _module
        llama_cpp = _import_with_cpu_fallback()
        _callback = llama_cpp.llama_log_callback(_on_native_log)
        llama_cpp.llama_log_set(_callback, ctypes.c_void_p(0))
        _module = llama_cpp
        return llama_cpp


def _import_with_cpu_fallback() -> ModuleType:
    """Import llama_cpp; when the GPU build chosen at start cannot be loaded (a driver
    library missing or too old), switch to the CPU libraries and import again."""
    from chatapp.core import cpu_compat

    try:
        import llama_cpp
    except (OSError, RuntimeError) as exc:
        choice = cpu_compat.fall_back_from_gpu(f"{type(exc).__name__}: {exc}")
        if choice is None:
            raise
        native_log.warning("the %s build of llama.cpp did not load: %s", choice.variant, exc)
        for name in [m for m in sys.modules if m == "llama_cpp" or m.startswith("llama_cpp.")]:
            del sys.modules[name]
        import llama_cpp
    return llama_cpp


def _on_native_log(level: int, text: bytes, _user_data: ctypes.c_void_p) -> None:
    global _last_level
    py_level = _last_level if level == 5 else _LEVELS.get(level, logging.INFO)
    _last_level = py_level
    chunk = text.decode("utf-8", errors="replace")
    _partial.append(chunk)
    if not chunk.endswith("\n"):
        return
    line = "".join(_partial).rstrip("\n")
    _partial.clear()
    for capture in _captures:
        capture.append(line)
    if py_level >= native_log_threshold():
        native_log.log(py_level, "%s", line)


def native_log_threshold() -> int:
    """The lowest level of llama.cpp's lines that is written to the log: a level set on
    the ``chatapp.llama_cpp`` logger (the bench's probe sets DEBUG to read the KV cache
    sizes), else DEBUG (everything) with ``CHATAPP_LLAMA_LOG=debug``, else WARNING."""
    if native_log.level != logging.NOTSET:
        return native_log.level
    wanted = os.environ.get(LOG_ENV, "").strip().lower()
    return logging.DEBUG if wanted == "debug" else logging.WARNING


class _LogStream(io.TextIOBase):
    """A text stream that sends each line written to it to a logger."""

    def __init__(self, logger: logging.Logger) -> None:
        self.logger = logger
        self.buffer_text = ""

    def write(self, text: str) -> int:
        self.buffer_text += text
        *lines, self.buffer_text = self.buffer_text.split("\n")
        for line in lines:
            if line.strip() and native_log_threshold() <= logging.DEBUG:
                self.logger.debug("%s", line)
        return len(text)


@contextlib.contextmanager
def captured_native_log() -> Iterator[list[str]]:
    """Collect llama.cpp's log lines while the block runs, and send what
    llama-cpp-python prints to stderr into the log instead of the terminal."""
    lines: list[str] = []
    _captures.append(lines)
    try:
        with contextlib.redirect_stderr(_LogStream(native_log)):
            yield lines
    finally:
        _captures.remove(lines)


def explain_load_failure(gguf: GGUFInfo, log_lines: list[str]) -> str:
    """One line for the user saying why llama.cpp refused to load ``gguf``."""
    text = "\n".join(log_lines)
    name = gguf.path.name
    arch = re.search(r"unknown model architecture: '([^']+)'", text)
    if arch:
        return Message(UNKNOWN_ARCHITECTURE, name=name, architecture=arch.group(1))
    if re.search(r"out of memory|failed to allocate|unable to allocate|cudaMalloc", text, re.I):
        template = QT_TRANSLATE_NOOP(
            "core",
            "Not enough memory to load {name}: choose a smaller model or quantization, a "
            "shorter context, or fewer GPU layers.",
        )
        return Message(template, name=name)
    detail = llama_reason(log_lines)
    if not detail:
        template = QT_TRANSLATE_NOOP(
            "core", "llama.cpp could not load {name}: no reason given (see the log file)"
        )
        return Message(template, name=name)
    return Message(
        QT_TRANSLATE_NOOP("core", "llama.cpp could not load {name}: {detail}"),
        name=name,
        detail=detail,
    )


# What llama.cpp logs after the reason, saying only that it failed.
_GENERIC_FAILURE = re.compile(
    r"^(failed to load model|error loading model|failed to create llama_context|"
    r"Failed to load model from file.*)\W*$",
    re.IGNORECASE,
)
_FUNCTION_PREFIX = re.compile(r"^\s*\w+:\s+")


def llama_reason(log_lines: list[str]) -> str | None:
    """llama.cpp's own reason for a failure, from its log: the text after its last
    "error loading model:", else the last error line that says more than "failed",
    without the name of the function that logged it."""
    for line in reversed(log_lines):
        _, marker, reason = line.partition("error loading model:")
        if marker and reason.strip():
            return reason.strip()
    for line in reversed(log_lines):
        lowered = line.lower()
        if "error" not in lowered and "failed" not in lowered:
            continue
        text = _FUNCTION_PREFIX.sub("", line).strip()
        if text and not _GENERIC_FAILURE.match(text):
            return text
    return None


@dataclass(frozen=True)
class RuntimeInfo:
    """What the installed llama.cpp build offers."""

    llama_cpp_python_version: str
    system_info: str
    backends: list[str]
    cpu_features: dict[str, bool]
    gpu_offload: bool


def runtime_info() -> RuntimeInfo:
    """Versions, backends and CPU features of the installed llama.cpp."""
    llama_cpp = import_llama_cpp()
    text = llama_cpp.llama_print_system_info().decode("utf-8", errors="replace")
    return RuntimeInfo(
        llama_cpp_python_version=getattr(llama_cpp, "__version__", "unknown"),
        system_info=text.strip(),
        backends=parse_backends(text),
        cpu_features=parse_cpu_features(text),
        gpu_offload=bool(llama_cpp.llama_supports_gpu_offload()),
    )


def parse_backends(system_info: str) -> list[str]:
    """Backend names from llama_print_system_info(), e.g. ["CUDA", "CPU"]."""
    names: list[str] = []
    for match in re.finditer(r"(?:^|\|)\s*([A-Za-z][\w-]*)\s*:", system_info):
        if match.group(1) not in names:
            names.append(match.group(1))
    return names


def parse_cpu_features(system_info: str) -> dict[str, bool]:
    """``FEATURE = 1`` pairs from the CPU part of llama_print_system_info()."""
    cpu = re.search(r"CPU\s*:(.*?)(?:\|\s*[A-Za-z][\w-]*\s*:|$)", system_info, re.S)
    section = cpu.group(1) if cpu else system_info
    return {name: value == "1" for name, value in re.findall(r"(\w+) = (\d+)", section)}
