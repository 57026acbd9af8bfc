"""GUI tests fail when they leave a QThread running or a QTimer active (as napari's do)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import QThread, QTimer


@pytest.fixture(autouse=True)
def no_threads_or_timers_left(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    threads: list[QThread] = []
    timers: list[QTimer] = []
    thread_start = QThread.start
    timer_start = QTimer.start

    def track_thread(self: QThread, *args: object) -> None:
        threads.append(self)
        thread_start(self, *args)

    def track_timer(self: QTimer, *args: object) -> None:
        timers.append(self)
        timer_start(self, *args)

    monkeypatch.setattr(QThread, "start", track_thread)
    monkeypatch.setattr(QTimer, "start", track_timer)
    yield
    running = [t.objectName() or repr(t) for t in threads if shiboken6.isValid(t) and t.isRunning()]
    active = [t.objectName() or repr(t) for t in timers if shiboken6.isValid(t) and t.isActive()]
    assert not running, f"QThreads left running: {running}"
    assert not active, f"QTimers left active: {active}"
