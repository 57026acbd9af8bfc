"""Loading a model with fewer GPU layers, then on the CPU, when the planned load runs
out of memory."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, TypeVar

from chatapp.core.gpu_plan import OffloadPlan
from chatapp.core.messages import QT_TRANSLATE_NOOP, Message

log = logging.getLogger(__name__)

T = TypeVar("T")

MEMORY_ERROR = re.compile(
    r"out of memory|failed to allocate|unable to allocate|cudaMalloc failed|"
    r"not enough memory|ErrorOutOfDeviceMemory|insufficient memory|"
    r"failed to create .*buffer|hipMalloc failed",
    re.IGNORECASE,
)


class FallbackResult(NamedTuple):
    """What :func:`load_with_fallback` loaded, with how many GPU layers, and a notice
    for the user when that is fewer than planned (``None`` otherwise)."""

    value: Any
    n_gpu_layers: int
    notice: str | None


def is_memory_error(exc: BaseException, log_lines: Sequence[str] = ()) -> bool:
    """Whether a failed load ran out of memory.

    llama-cpp-python raises ``ValueError("Failed to load model from file: ...")`` or
    ``ValueError("Failed to create llama_context")`` whatever the cause; the cause is in
    llama.cpp's log ("failed to allocate CUDA0 buffer", "cudaMalloc failed: out of
    memory", "ErrorOutOfDeviceMemory"). ChatEngine's EngineError says "Not enough
    memory to load ..." (llama_runtime.explain_load_failure)."""
    if isinstance(exc, MemoryError):
        return True
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, MemoryError) or MEMORY_ERROR.search(str(current)):
            return True
        current = current.__cause__ or current.__context__
    return any(MEMORY_ERROR.search(line) for line in log_lines)


def fallback_steps(n_gpu_layers: int) -> list[int]:
    """GPU layer counts to try, in order: the plan's, half, a quarter, then the CPU."""
    steps = [n_gpu_layers, n_gpu_layers // 2, n_gpu_layers // 4, 0]
    return [k for i, k in enumerate(steps) if k >= 0 and k not in steps[:i]]


def load_with_fallback(load: Callable[[int], T], plan: OffloadPlan) -> FallbackResult:
    """Call ``load(n_gpu_layers)`` with the plan's layers; when it fails for lack of
    memory, retry with fewer layers on the GPU, then on the CPU alone.

    Other failures, and a memory failure on the CPU, are raised as they are."""
    from chatapp.core.llama_runtime import captured_native_log
    from chatapp.core.load_progress import LoadCancelledError

    steps = fallback_steps(plan.n_gpu_layers)
    failed: list[int] = []
    for index, k in enumerate(steps):
        with captured_native_log() as lines:
            try:
                value = load(k)
            except Exception as exc:
                last = index == len(steps) - 1
                if last or isinstance(exc, LoadCancelledError) or not is_memory_error(exc, lines):
                    raise
                log.warning("loading with %d GPU layers ran out of memory: %s", k, exc)
                failed.append(k)
                continue
        return FallbackResult(value, k, _fallback_notice(plan, failed, k))
    raise AssertionError("unreachable: the last step raises")  # pragma: no cover


def _fallback_notice(plan: OffloadPlan, failed: list[int], used: int) -> str | None:
    if not failed:
        return None
    if used == 0:
        template = QT_TRANSLATE_NOOP(
            "core",
            "Loading {model} with {tried}/{n} layers on the GPU ran out of memory; it was "
            "loaded on the CPU instead, which is slower.",
        )
    else:
        template = QT_TRANSLATE_NOOP(
            "core",
            "Loading {model} with {tried}/{n} layers on the GPU ran out of memory; it was "
            "loaded with {used}/{n} layers on the GPU instead, which is slower.",
        )
    return Message(template, model=plan.model_name, tried=failed[0], n=plan.n_layers, used=used)
