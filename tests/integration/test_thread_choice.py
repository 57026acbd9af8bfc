"""Threads on Auto follow the cores other programs leave free (measured with a real
busy-loop process pinned to one core); a thread count the user set never changes."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from chatapp.core.backend import collect_reply
from chatapp.core.cpu_load import FreeCores, runnable_elsewhere
from chatapp.core.engine import ChatEngine
from chatapp.core.settings import LoadParams, SamplingParams
from chatapp.core.templates import Message


@contextmanager
def spinning_core() -> Iterator[None]:
    """Another process busy on the last CPU this process may use."""
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        os.sched_setaffinity(spinner.pid, {max(os.sched_getaffinity(0))})
        yield
    finally:
        spinner.kill()
        spinner.wait(timeout=30)


def _spin_here(seconds: float) -> None:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        pass


def test_another_process_counts_as_busy_and_this_one_does_not() -> None:
    meter = FreeCores()
    spinner = threading.Thread(target=_spin_here, args=(0.6,))
    spinner.start()
    spinner.join()
    own = meter.update()
    with spinning_core():
        time.sleep(0.6)
        other = meter.update()
    assert other - own >= 0.3, (own, other)


def _reply(engine: ChatEngine) -> None:
    collect_reply(engine.stream_reply([Message("user", "Hi")], SamplingParams(max_tokens=4)))


@pytest.mark.model
def test_auto_threads_give_a_busy_core_up(test_model_path: Path) -> None:
    assert len(os.sched_getaffinity(0)) >= 2, "this test needs two CPUs"
    engine = ChatEngine()
    info = engine.load(test_model_path, LoadParams(n_threads=None))
    try:
        assert engine.threads_in_use == info.n_threads
        with spinning_core():
            time.sleep(0.6)
            _reply(engine)
            assert engine.threads_in_use < info.n_threads
    finally:
        engine.unload()


@pytest.mark.model
def test_a_thread_count_the_user_set_stays(test_model_path: Path) -> None:
    engine = ChatEngine()
    engine.load(test_model_path, LoadParams(n_threads=2))
    try:
        with spinning_core():
            time.sleep(0.6)
            _reply(engine)
            assert engine.threads_in_use == 2
    finally:
        engine.unload()


def test_tasks_ready_to_run_count_other_processes_only() -> None:
    stop = threading.Event()

    def spin() -> None:
        while not stop.is_set():
            pass

    spinner = threading.Thread(target=spin)
    spinner.start()
    try:
        own = runnable_elsewhere(samples=50, gap=0.001)
    finally:
        stop.set()
        spinner.join()
    with spinning_core():
        time.sleep(0.2)
        other = runnable_elsewhere(samples=50, gap=0.001)
    assert own is not None and other is not None
    assert other - own >= 0.5, (own, other)
