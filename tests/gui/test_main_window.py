"""The window, offscreen: sending, streaming, stop, errors, shortcuts and shutdown.

Most flows run on the FakeBackend (fast, scripted); a handful run on the real model to
show the whole path works."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from chatapp.core.engine import EngineError
from chatapp.core.paths import AppPaths
from chatapp.core.settings import AppSettings, load_settings
from chatapp.gui import app as gui_app
from chatapp.gui.app import create_window, initial_model, open_initial_model
from chatapp.gui.main_window import MainWindow
from chatapp.testing.fake_backend import FakeBackend
from tests.helpers.window import (
    FAKE_TIMEOUT_MS,
    ask,
    load,
    type_and_send,
    use_sampling,
)

LONG_SCRIPT = tuple(f" word{i}" for i in range(200))


# On the FakeBackend ------------------------------------------------------------------


def test_a_reply_streams_in_with_its_stats(qtbot, fake_window: MainWindow, fake_backend):
    window = fake_window
    assert window.composer.button.isEnabled()
    assert "ready" in window.model_bar.state_label.text()
    with qtbot.waitSignal(window.reply_completed, timeout=FAKE_TIMEOUT_MS) as finished:
        type_and_send(qtbot, window, "Tell me about the moon.")
        assert window.composer.button.text() == "Stop"
    stats = finished.args[0]
    assert stats.generated_tokens == len(fake_backend.tokens)
    shown = window.chat_view.toPlainText()
    assert "Tell me about the moon." in shown
    assert "Hello from the fake backend." in shown
    assert f"{stats.generated_tokens} tokens · " in shown and "finished" in shown
    assert [m.role for m in window.history] == ["user", "assistant"]
    assert window.chat_view.message_text(1) == window.history[1].content
    assert window.composer.button.text() == "Send"
    assert window.composer.editor.toPlainText() == ""
    assert window.composer.regenerate_button.isEnabled()


def test_the_token_limit_is_said_under_the_reply(qtbot, fake_window: MainWindow):
    use_sampling(fake_window, max_tokens=2)
    stats = ask(qtbot, fake_window, "Hi", timeout=FAKE_TIMEOUT_MS)
    assert stats.generated_tokens == 2 and stats.finish_reason == "length"
    assert fake_window.history[1].content == "Hello from"
    assert "2 tokens" in fake_window.chat_view.toPlainText()
    assert "reply length limit" in fake_window.chat_view.toPlainText()


def test_stop_ends_a_slow_reply_at_once(qtbot, fake_window: MainWindow, fake_backend):
    fake_backend.tokens = LONG_SCRIPT
    fake_backend.token_delay = 1.0
    window = fake_window
    with qtbot.waitSignal(window.replies.token_batch_ready, timeout=FAKE_TIMEOUT_MS):
        type_and_send(qtbot, window, "Write a long story.")
    with qtbot.waitSignal(window.reply_completed, timeout=FAKE_TIMEOUT_MS) as finished:
        stopped_at = time.monotonic()
        qtbot.keyClick(window.composer.editor, Qt.Key.Key_Escape)
    assert time.monotonic() - stopped_at < 0.25
    assert finished.args[0].finish_reason == "cancelled"
    assert "stopped by you" in window.chat_view.toPlainText()
    assert window.history[-1].content == LONG_SCRIPT[0]
    assert window.composer.button.text() == "Send"


def test_a_failure_is_one_line_in_the_status_bar_not_in_the_reply(
    qtbot, fake_window: MainWindow, fake_backend
):
    fake_backend.fail_after = 3
    window = fake_window
    with qtbot.waitSignal(window.reply_failed, timeout=FAKE_TIMEOUT_MS) as failed:
        type_and_send(qtbot, window, "Hello")
    assert failed.args == ["The fake backend failed: try again"]
    message = window.statusBar().currentMessage()
    assert message == "Error: The fake backend failed: try again" and "\n" not in message
    # The partial reply is gone; what the user wrote is back in the composer.
    assert window.chat_view.toPlainText() == "" and window.history == []
    assert "fake backend failed" not in window.chat_view.toPlainText()
    assert window.composer.editor.toPlainText() == "Hello"
    assert window.composer.button.text() == "Send"


def test_a_failed_reply_keeps_what_the_user_wrote(qtbot, fake_window: MainWindow, fake_backend):
    fake_backend.fail_after = 0
    fake_backend.failure = EngineError("The message is too long for the context")
    long_text = "word " * 400
    with qtbot.waitSignal(fake_window.reply_failed, timeout=FAKE_TIMEOUT_MS):
        type_and_send(qtbot, fake_window, long_text)
    assert "too long for the context" in fake_window.statusBar().currentMessage()
    assert fake_window.composer.editor.toPlainText() == long_text.strip()
    assert fake_window.history == [] and fake_window.chat_view.toPlainText() == ""


def test_replies_arrive_in_several_batches(qtbot, fake_window: MainWindow, fake_backend):
    fake_backend.tokens = LONG_SCRIPT[:12]
    fake_backend.token_delay = 0.03  # more than the ~1/60 s between batches
    ask(qtbot, fake_window, "Tell me a long story.", timeout=FAKE_TIMEOUT_MS)
    assert fake_window.replies.reply_batches > 1
    assert fake_window.replies.reply_text == fake_window.history[-1].content


def test_shift_enter_is_a_new_line(qtbot, fake_window: MainWindow):
    qtbot.keyClicks(fake_window.composer.editor, "one")
    qtbot.keyClick(
        fake_window.composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.keyClicks(fake_window.composer.editor, "two")
    assert fake_window.composer.editor.toPlainText() == "one\ntwo"
    assert fake_window.history == []


def test_the_title_follows_the_conversation(qtbot, fake_window: MainWindow):
    assert fake_window.windowTitle() == "ChatApp"
    text = "Plan a   trip to the mountains of northern Portugal in the spring please"
    ask(qtbot, fake_window, text, timeout=FAKE_TIMEOUT_MS)
    assert fake_window.windowTitle() == "ChatApp — Plan a trip to the mountains of northern Portug…"


def test_regenerate_replaces_the_last_reply_with_a_new_seed(
    qtbot, fake_window: MainWindow, fake_backend
):
    window = fake_window
    assert not window.composer.regenerate_button.isEnabled()
    ask(qtbot, window, "Name a colour.", timeout=FAKE_TIMEOUT_MS)
    assert window.composer.regenerate_button.isEnabled()
    fake_backend.tokens = ("Blue", ".")
    with qtbot.waitSignal(window.reply_completed, timeout=FAKE_TIMEOUT_MS):
        window.composer.regenerate_button.click()
    assert [m.role for m in window.history] == ["user", "assistant"]
    assert window.history[-1].content == "Blue."
    assert [r.sampling.random_seed for r in fake_backend.requests] == [False, True]
    assert fake_backend.requests[1].messages == fake_backend.requests[0].messages
    # The first reply is kept as another branch: ‹ 2/2 › moves between them.
    qtbot.waitUntil(lambda: "‹ 2/2 ›" in window.chat_view.toPlainText(), timeout=1000)
    shown = window.chat_view.toPlainText()
    assert shown.startswith(
        "You  Copy · Edit · Delete\nName a colour.\nAssistant  ‹ 2/2 › · Copy · Delete\nBlue."
    )
    assert shown.count("tokens ·") == 1
    assert window.chat_view.message_count == 2


def test_edit_last_puts_the_message_back(qtbot, fake_window: MainWindow):
    window = fake_window
    ask(qtbot, window, "First question", timeout=FAKE_TIMEOUT_MS)
    ask(qtbot, window, "Second qestion", timeout=FAKE_TIMEOUT_MS)
    window.composer.edit_button.click()
    assert window.composer.editor.toPlainText() == "Second qestion"
    assert [m.content for m in window.history][:1] == ["First question"]
    assert len(window.history) == 2
    assert "Second qestion" not in window.chat_view.toPlainText()
    window.composer.editor.clear()
    ask(qtbot, window, "Second question", timeout=FAKE_TIMEOUT_MS)
    assert [m.role for m in window.history] == ["user", "assistant"] * 2
    assert window.history[2].content == "Second question"


def test_shortcuts_copy_the_last_reply_and_start_a_new_chat(qtbot, fake_window: MainWindow):
    from PySide6.QtGui import QGuiApplication

    window = fake_window
    ask(qtbot, window, "Hello", timeout=FAKE_TIMEOUT_MS)
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(
        window.composer.editor,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert QGuiApplication.clipboard().text() == window.history[-1].content
    qtbot.keyClick(window.composer.editor, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.history == [] and window.chat_view.toPlainText() == ""
    assert window.windowTitle() == "ChatApp"
    assert window.settings_dock.isVisible()
    qtbot.keyClick(window.composer.editor, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert not window.settings_dock.isVisible()


def test_closing_during_a_slow_reply_stops_it_and_ends_the_thread(qtbot, open_window):
    backend = FakeBackend(tokens=LONG_SCRIPT, token_delay=5.0)
    window = open_window(backend)
    load(qtbot, window, timeout=FAKE_TIMEOUT_MS)
    with qtbot.waitSignal(window.replies.token_batch_ready, timeout=FAKE_TIMEOUT_MS):
        type_and_send(qtbot, window, "Write a long story.")
    window.close()
    assert not window.replies.is_running
    assert backend.describe() is None


def test_a_model_that_fails_to_load_says_why_in_the_bar(qtbot, open_window):
    window = open_window(FakeBackend(load_failure="Not enough memory: pick a smaller model"))
    with qtbot.waitSignal(window.model_failed, timeout=FAKE_TIMEOUT_MS):
        window.load_model(Path("big.gguf"))
    assert window.model_bar.state_label.text() == "error: Not enough memory: pick a smaller model"
    assert not window.composer.button.isEnabled()


# On the real model -----------------------------------------------------------------


@pytest.mark.model
def test_chat_streams_a_reply_with_its_stats(qtbot, window: MainWindow, test_model_path: Path):
    assert not window.composer.button.isEnabled()
    assert window.composer.editor.placeholderText() == "Load a model to start"
    load(qtbot, window, test_model_path)
    assert window.composer.button.isEnabled()
    state = window.model_bar.state_label
    assert "ready" in state.text() and "CPU" in state.text()
    assert "Runs on the CPU" in state.toolTip()  # the plan says why
    use_sampling(window, max_tokens=12)
    with qtbot.waitSignal(window.reply_completed, timeout=60_000) as finished:
        type_and_send(qtbot, window, "Tell me about the moon.")
        assert window.composer.button.text() == "Stop"
    stats = finished.args[0]
    assert stats.generated_tokens == 12
    shown = window.chat_view.toPlainText()
    assert "Tell me about the moon." in shown
    assert "12 tokens" in shown and "reply length limit" in shown
    assert [m.role for m in window.history] == ["user", "assistant"]
    # The view holds the reply as streamed (Markdown may render list markers etc. away).
    assert (
        window.history[1].content and window.chat_view.message_text(1) == window.history[1].content
    )
    assert window.composer.button.text() == "Send"
    assert window.composer.editor.toPlainText() == ""
    # The model is remembered for the next start.
    assert load_settings(window.paths.settings_file).settings.last_model == str(test_model_path)


@pytest.mark.model
def test_stop_ends_the_reply(qtbot, window: MainWindow, test_model_path: Path):
    load(qtbot, window, test_model_path)
    use_sampling(window, max_tokens=1000)
    with qtbot.waitSignal(window.reply_completed, timeout=60_000) as finished:
        type_and_send(qtbot, window, "Write a long story.")
        qtbot.waitUntil(lambda: window.replies.reply_batches > 0, timeout=30_000)
        qtbot.keyClick(window.composer.editor, Qt.Key.Key_Escape)
    assert finished.args[0].finish_reason == "cancelled"
    assert finished.args[0].generated_tokens < 1000
    assert "stopped by you" in window.chat_view.toPlainText()


@pytest.mark.model
def test_a_bad_model_shows_its_error_in_the_bar(qtbot, window: MainWindow, tmp_path: Path):
    page = tmp_path / "openchat_3.5.Q8_0.gguf"
    page.write_text("<!DOCTYPE html><html>", encoding="utf-8")
    with qtbot.waitSignal(window.model_failed, timeout=10_000):
        window.load_model(page)
    assert "web page" in window.model_bar.state_label.text()
    assert not window.composer.button.isEnabled()


@pytest.mark.model
def test_first_start_picks_the_starter_model(window: MainWindow):
    model = initial_model(window)
    assert model is not None and model.name == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert model.is_relative_to(window.paths.models_dir)


def test_without_any_model_the_window_says_how_to_get_one(fake_window: MainWindow, monkeypatch):
    monkeypatch.setattr(gui_app, "default_model", lambda _paths: None)
    open_initial_model(fake_window)
    assert "No model installed" in fake_window.model_bar.state_label.text()
    assert not fake_window.replies.is_generating


def test_unreadable_settings_are_kept_aside_and_reported(qtbot, paths: AppPaths, monkeypatch):
    paths.settings_file.write_text("{broken", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(MainWindow, "show_notice", lambda _self, _title, text: shown.append(text))
    win = create_window(paths)
    qtbot.addWidget(win)
    try:
        qtbot.waitUntil(lambda: bool(shown), timeout=5_000)
        assert "settings.json.bad" in shown[0]
        assert win.settings == AppSettings()
        assert (paths.config_dir / "settings.json.bad").read_text(encoding="utf-8") == "{broken"
    finally:
        win.shutdown()


@pytest.mark.model
def test_closing_during_a_reply_stops_it_and_ends_the_thread(
    qtbot, open_window, test_model_path: Path
):
    win = open_window()
    load(qtbot, win, test_model_path)
    use_sampling(win, max_tokens=1000)
    type_and_send(qtbot, win, "Write a long story.")
    qtbot.waitUntil(lambda: win.replies.reply_batches > 0, timeout=30_000)
    win.close()
    assert not win.replies.is_running
    assert not win.replies.worker.backend.is_loaded  # type: ignore[attr-defined]


@pytest.mark.model
def test_closing_during_a_model_load(qtbot, open_window, test_model_path: Path):
    win = open_window()
    win.load_model(test_model_path)
    win.close()
    assert not win.replies.is_running
    assert not win.replies.worker.backend.is_loaded  # type: ignore[attr-defined]


@pytest.mark.model
def test_the_last_model_and_the_window_layout_come_back(
    qtbot, window: MainWindow, open_window, test_model_path: Path, tmp_path: Path
):
    copy = tmp_path / "my model.gguf"
    copy.symlink_to(test_model_path)
    load(qtbot, window, copy)
    window.settings_dock.hide()
    window.layout().activate()  # the smaller minimum size applies before resizing
    window.resize(620, 470)  # the offscreen screen is 800x800
    saved = (window.size().width(), window.size().height())
    assert saved != (980, 720)
    window.close()
    again = open_window()
    assert initial_model(again) == copy
    assert (again.size().width(), again.size().height()) == saved
    assert not again.settings_dock.isVisibleTo(again)


def test_the_app_icon_ships_in_every_size(qapp):
    from chatapp.gui.app import app_icon, resources_dir

    icon = app_icon()
    sizes = {(s.width(), s.height()) for s in icon.availableSizes()}
    assert {(16, 16), (32, 32), (256, 256), (512, 512)} <= sizes
    for name in ("chatapp.svg", "chatapp.ico", "chatapp.icns"):
        assert (resources_dir() / "icons" / name).stat().st_size > 300


def test_unexpected_errors_are_logged_and_shown_with_the_log_path(
    qtbot, data_dir: Path, monkeypatch
):
    import logging
    import sys

    from chatapp.core.logs import setup_logging
    from chatapp.core.paths import resolve_paths
    from chatapp.gui import app as gui_app

    paths = resolve_paths()
    setup_logging(paths.log_file)
    shown: list[str] = []
    monkeypatch.setattr(gui_app.QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    gui_app.install_excepthook(paths.log_file)
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_chatapp", False)]:
        handler.close()
        root.removeHandler(handler)
    assert shown and "boom in a slot" in shown[0] and str(paths.log_file) in shown[0]
    logged = paths.log_file.read_text(encoding="utf-8")
    assert "Traceback" in logged and "RuntimeError: boom in a slot" in logged


def test_the_pickers_import_button_asks_how_to_add_the_file(
    qtbot, fake_window: MainWindow, tmp_path: Path, monkeypatch
):
    from PySide6.QtWidgets import QFileDialog

    chosen = tmp_path / "mine.gguf"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(chosen), ""))
    asked: list[Path] = []
    monkeypatch.setattr(fake_window.models, "ask_import_mode", lambda path: asked.append(path))
    fake_window.models.open_model_picker()
    picker = fake_window.models.picker
    assert picker is not None
    picker.import_button.click()
    assert asked == [chosen]
    picker.close()


def test_a_narrow_window_cuts_the_models_name_not_its_state(qtbot, fake_window: MainWindow):
    bar = fake_window.model_bar
    assert bar.state_label.text().startswith("ready · ")
    bar._name = "A Model With A Very Long Name Indeed (Q4_K_M, from some-org/some-repo)"
    bar._show_state()
    bar.setParent(None)  # on its own, as narrow as a small window leaves it
    bar.resize(420, bar.sizeHint().height())
    bar.show()
    qtbot.waitExposed(bar)
    label = bar.state_label
    assert label.width() >= label.fontMetrics().horizontalAdvance("ready …")
    assert bar.model_label.width() < bar.model_label.fontMetrics().horizontalAdvance(bar._name)
    bar.close()
