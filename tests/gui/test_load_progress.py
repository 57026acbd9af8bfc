"""The model load's progress bar and Cancel in the window's status bar."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from chatapp.gui.main_window import MainWindow
from chatapp.testing.fake_backend import FakeBackend
from tests.helpers.window import FAKE_MODEL, FAKE_TIMEOUT_MS, ask, load

OTHER_MODEL = Path("other-model.gguf")


def start_slow_load(qtbot, window: MainWindow, backend: FakeBackend) -> None:
    """Load OTHER_MODEL over 10 s and wait until the bar has moved."""
    backend.load_delay = 10.0
    window.load_model(OTHER_MODEL)
    bar = window.loads.progress
    qtbot.waitUntil(lambda: bar.isVisible() and bar.fraction > 0, timeout=FAKE_TIMEOUT_MS)


def cancel(qtbot, window: MainWindow) -> float:
    """Click Cancel; how long the load took to stop."""
    clicked = time.monotonic()
    with qtbot.waitSignal(window.replies.model_load_cancelled, timeout=FAKE_TIMEOUT_MS):
        qtbot.mouseClick(window.loads.progress.cancel_button, Qt.MouseButton.LeftButton)
    return time.monotonic() - clicked


def test_the_bar_follows_the_load_and_goes_away(qtbot, fake_window: MainWindow, fake_backend):
    window = fake_window
    bar = window.loads.progress
    assert not bar.isVisible()
    shown: list[float] = []
    window.replies.load_progressed.connect(shown.append)
    fake_backend.load_delay = 1.0
    with qtbot.waitSignal(window.model_ready, timeout=FAKE_TIMEOUT_MS):
        window.load_model(OTHER_MODEL)
        assert bar.isVisible() and bar.fraction == 0.0
        assert bar.cancel_button.isVisible() and bar.cancel_button.isEnabled()
        qtbot.waitUntil(lambda: 0 < bar.fraction < 1, timeout=FAKE_TIMEOUT_MS)
    assert shown == sorted(shown) and shown[-1] == 1.0
    assert not bar.isVisible()
    assert window.replies.model is not None and window.replies.model.path == OTHER_MODEL


def test_cancel_stops_the_load_and_offers_the_model_before(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend
):
    window = fake_window
    start_slow_load(qtbot, window, fake_backend)
    assert cancel(qtbot, window) < 1.0
    bar = window.loads.progress
    assert window.statusBar().currentMessage() == "Loading cancelled: no model is loaded"
    assert not bar.bar.isVisible() and not bar.cancel_button.isVisible()
    assert bar.reload_button.isVisible()
    assert bar.reload_button.text() == f"Load {FAKE_MODEL.name} again"
    assert window.replies.model is None and window.replies.model_path is None
    assert not window.composer.button.isEnabled()
    assert window.model_bar.model_label.text() == "No model"
    assert window.model_bar.change_button.isEnabled()
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]

    fake_backend.load_delay = 0.0
    with qtbot.waitSignal(window.model_ready, timeout=FAKE_TIMEOUT_MS):
        qtbot.mouseClick(bar.reload_button, Qt.MouseButton.LeftButton)
    assert window.replies.model is not None and window.replies.model.path == FAKE_MODEL
    assert not bar.isVisible()
    ask(qtbot, window, "Still there?", timeout=FAKE_TIMEOUT_MS)
    assert window.history[-1].content == "Hello from the fake backend."


def test_a_load_cancelled_while_it_waits_keeps_the_model(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend
):
    window = fake_window
    fake_backend.tokens = tuple(f" word{i}" for i in range(100))
    fake_backend.token_delay = 0.05
    with qtbot.waitSignal(window.reply_completed, timeout=FAKE_TIMEOUT_MS):
        window.composer.edit_text("A long answer, please.")
        qtbot.keyClick(window.composer.editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.replies.reply_batches > 0, timeout=FAKE_TIMEOUT_MS)
        window.load_model(OTHER_MODEL)  # waits for the reply to end
        assert window.loads.progress.isVisible()
        assert cancel(qtbot, window) < 1.0
        assert window.replies.is_generating, "the load stopped before the reply ended"
        assert window.statusBar().currentMessage() == "Loading cancelled"
        assert not window.loads.progress.isVisible()
        assert window.model_bar.model_label.text().startswith(FAKE_MODEL.stem)
        window.replies.stop()
    assert window.replies.model is not None and window.replies.model.path == FAKE_MODEL
    assert window.replies.model_path == FAKE_MODEL
    fake_backend.tokens = ("Still", " here.")
    fake_backend.token_delay = 0.0
    ask(qtbot, window, "Still there?", timeout=FAKE_TIMEOUT_MS)
    assert window.history[-1].content == "Still here."


def test_closing_the_window_cancels_the_load(qtbot, open_window, fake_backend: FakeBackend):
    window = open_window(fake_backend)
    fake_backend.load_delay = 30.0
    window.load_model(OTHER_MODEL)
    qtbot.waitUntil(lambda: window.loads.progress.fraction > 0, timeout=FAKE_TIMEOUT_MS)
    started = time.monotonic()
    window.close()
    assert time.monotonic() - started < 2.0
    assert not window.replies.is_running


@pytest.mark.model
def test_cancelling_a_real_load_keeps_the_model_answering(
    qtbot, window: MainWindow, test_model_path: Path
):
    load(qtbot, window, test_model_path)
    with qtbot.waitSignal(window.replies.model_load_cancelled, timeout=60_000) as cancelled:
        window.load_model(test_model_path)
        window.loads.progress.cancel_button.click()  # before the engine thread takes it up
    assert cancelled.args[0].model is not None
    assert window.statusBar().currentMessage() == "Loading cancelled"
    assert window.composer.button.isEnabled()
    stats = ask(qtbot, window, "Say hello.")
    assert stats.generated_tokens > 0
