"""GUI fixtures: windows on the real engine or the FakeBackend, shut down at the end;
and every GUI test fails when it leaves a QThread running or a QTimer active (as
napari's do)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QThread, QTimer

from chatapp.core.paths import AppPaths, resolve_paths
from chatapp.gui.i18n import LanguageController
from chatapp.gui.main_window import MainWindow
from chatapp.gui.workers import BackendFactory
from chatapp.testing.fake_backend import FakeBackend
from tests.helpers.gguf_factory import write_gguf
from tests.helpers.window import FAKE_TIMEOUT_MS, load, make_window
from tests.helpers.xvfb import display  # noqa: F401 (a fixture for real-window tests)


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


@pytest.fixture
def paths(data_dir: Path) -> AppPaths:
    """The app's folders inside the test's own data folder, created."""
    found = resolve_paths()
    found.ensure()
    return found


@pytest.fixture
def open_window(qtbot, paths: AppPaths) -> Iterator[Callable[..., MainWindow]]:
    """Opens windows on the data folder (one at a time; ``backend=`` a FakeBackend for
    the fake engine, or ``factory=`` another engine; ``languages=`` a LanguageController
    of the test's) with the store ready, and shuts them down at the end."""
    windows: list[MainWindow] = []

    def make(
        backend: FakeBackend | None = None,
        *,
        factory: BackendFactory | None = None,
        languages: LanguageController | None = None,
    ) -> MainWindow:
        window = make_window(qtbot, paths, backend, factory=factory, languages=languages)
        qtbot.waitUntil(lambda: window.keeper.is_ready, timeout=10_000)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.shutdown()
        assert not window.replies.is_running, "the engine thread was left running"
        assert not window.keeper._thread.isRunning(), "the store thread was left running"


@pytest.fixture
def window(open_window: Callable[..., MainWindow]) -> MainWindow:
    """A window on the real engine, no model loaded yet."""
    return open_window()


@pytest.fixture(scope="module")
def medium_gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 3 MiB GGUF file for a FakeHub to serve."""
    return write_gguf(tmp_path_factory.mktemp("gguf") / "m.gguf", extra_bytes=3 * 1024 * 1024)


@pytest.fixture
def fake_backend() -> FakeBackend:
    """The FakeBackend behind ``fake_window``; set its script before sending."""
    return FakeBackend()


@pytest.fixture
def fake_window(
    qtbot, open_window: Callable[..., MainWindow], fake_backend: FakeBackend
) -> MainWindow:
    """A window on the FakeBackend with its "model" loaded."""
    window = open_window(fake_backend)
    load(qtbot, window, timeout=FAKE_TIMEOUT_MS)
    return window
