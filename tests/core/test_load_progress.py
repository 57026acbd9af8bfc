"""Load progress without llama.cpp: the throttle the window uses, the guard around the
callback llama.cpp calls, and the GPU fallback leaving a cancelled load alone."""

from __future__ import annotations

import logging
import threading

import pytest

from chatapp.core import llama_runtime
from chatapp.core.errors import ChatAppError
from chatapp.core.gpu_plan import MemoryBreakdown, OffloadPlan
from chatapp.core.load_fallback import load_with_fallback
from chatapp.core.load_progress import LoadCancelledError, LoadProgress, ThrottledProgress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_throttle_passes_at_most_thirty_a_second_and_always_the_last() -> None:
    clock = Clock()
    shown: list[float] = []
    report = ThrottledProgress(shown.append, threading.Event(), per_second=30, clock=clock)
    for step in range(101):  # 100 reports in one second
        assert report(step / 100) is True
        clock.now += 0.01
    assert shown[0] == 0.0 and shown[-1] == 1.0
    assert len(shown) <= 30 + 2
    assert shown == sorted(shown) and len(set(shown)) == len(shown)


def test_throttle_never_goes_backwards() -> None:
    clock = Clock()
    shown: list[float] = []
    report = ThrottledProgress(shown.append, threading.Event(), clock=clock)
    for fraction in (0.0, 0.5, 0.2, 0.6):  # a retry with fewer GPU layers starts again
        clock.now += 1.0
        report(fraction)
    assert shown == [0.0, 0.5, 0.6]


def test_throttle_says_stop_once_cancelled() -> None:
    cancel = threading.Event()
    shown: list[float] = []
    report = ThrottledProgress(shown.append, cancel)
    assert report(0.1) is True
    cancel.set()
    assert report(0.2) is False
    assert shown == [0.1]


def test_a_failing_callback_does_not_stop_the_load(caplog: pytest.LogCaptureFixture) -> None:
    def broken(_fraction: float) -> bool:
        raise RuntimeError("the window went away")

    progress = LoadProgress(broken)
    with caplog.at_level(logging.ERROR):
        assert progress(0.5) is True
    assert not progress.cancelled
    assert "progress callback failed" in caplog.text


def test_once_stopped_the_load_stays_stopped() -> None:
    answers = iter([True, False, True])
    progress = LoadProgress(lambda _fraction: next(answers))
    assert progress(0.0) is True
    assert progress(0.3) is False
    assert progress(0.6) is False  # not asked again
    assert progress.cancelled
    with pytest.raises(LoadCancelledError) as raised:
        progress.check(1.0)
    assert isinstance(raised.value, ChatAppError)
    assert str(raised.value) == "Loading cancelled."


def test_fractions_reach_the_callback_clamped() -> None:
    seen: list[float] = []
    progress = LoadProgress(lambda fraction: seen.append(fraction) is None)
    progress(-0.5)
    progress(1.5)
    assert seen == [0.0, 1.0]


def gpu_plan() -> OffloadPlan:
    """All 33 layers of a 7B model on the GPU (the fallback would try 16, 8, then 0)."""
    memory = MemoryBreakdown(weights=4 << 30, capacity=8 << 30)
    return OffloadPlan(
        "Big", 33, 33, 32, 4096, 512, "f16", False, memory, MemoryBreakdown(), ["GPU"], True, ""
    )


def test_a_cancelled_load_is_not_retried_with_fewer_gpu_layers() -> None:
    tried: list[int] = []

    def load(n_gpu_layers: int) -> None:
        tried.append(n_gpu_layers)
        # llama.cpp had complained of memory before the user cancelled.
        llama_runtime._on_native_log(4, b"cudaMalloc failed: out of memory\n", None)
        raise LoadCancelledError()

    with pytest.raises(LoadCancelledError):
        load_with_fallback(load, gpu_plan())
    assert tried == [33]
