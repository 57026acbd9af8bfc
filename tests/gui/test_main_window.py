"""The window on the real model, offscreen: load, stream, stop, errors, shutdown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from chatapp.core.paths import resolve_paths
from chatapp.core.settings import AppSettings, load_settings
from chatapp.gui.app import create_window, initial_model
from chatapp.gui.main_window import MainWindow

pytestmark = pytest.mark.model


@pytest.fixture
def window(qtbot, data_dir: Path) -> Iterator[MainWindow]:
    paths = resolve_paths()
    paths.ensure()
    win = create_window(paths)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.shutdown()
    assert not win._thread.isRunning(), "the engine thread was left running"


def flat(text: str) -> str:
    """Text with its whitespace runs made single spaces (Markdown joins soft breaks)."""
    return " ".join(text.split())


def load(qtbot, window: MainWindow, path: Path) -> None:
    with qtbot.waitSignal(window.model_ready, timeout=60_000):
        window.load_model(path)


def send(qtbot, window: MainWindow, text: str) -> None:
    qtbot.keyClicks(window.composer.editor, text)
    qtbot.keyClick(window.composer.editor, Qt.Key.Key_Return)


def test_chat_streams_a_reply_with_its_stats(qtbot, window: MainWindow, test_model_path: Path):
    assert not window.composer.button.isEnabled()
    assert window.composer.editor.placeholderText() == "Load a model to start"
    load(qtbot, window, test_model_path)
    assert window.composer.button.isEnabled()
    assert "ready" in window.state_label.text() and "CPU" in window.state_label.text()
    assert "Runs on the CPU" in window.state_label.toolTip()  # the plan says why
    window.settings.sampling.max_tokens = 12
    with qtbot.waitSignal(window.reply_completed, timeout=60_000) as finished:
        send(qtbot, window, "Tell me about the moon.")
        assert window.composer.button.text() == "Stop"
    stats = finished.args[0]
    assert stats.generated_tokens == 12
    shown = window.chat_view.toPlainText()
    assert "Tell me about the moon." in shown
    assert "12 tokens" in shown and "hit the token limit" in shown
    assert [m.role for m in window.history] == ["user", "assistant"]
    # The view holds the reply as streamed (Markdown may render list markers etc. away).
    assert (
        window.history[1].content and window.chat_view.message_text(1) == window.history[1].content
    )
    assert window.composer.button.text() == "Send"
    assert window.composer.editor.toPlainText() == ""
    # The model is remembered for the next start.
    assert load_settings(window.paths.settings_file).settings.last_model == str(test_model_path)


def test_stop_ends_the_reply(qtbot, window: MainWindow, test_model_path: Path):
    load(qtbot, window, test_model_path)
    window.settings.sampling.max_tokens = 1000
    with qtbot.waitSignal(window.reply_completed, timeout=60_000) as finished:
        send(qtbot, window, "Write a long story.")
        qtbot.waitUntil(lambda: bool(window._reply_parts), timeout=30_000)
        qtbot.keyClick(window.composer.editor, Qt.Key.Key_Escape)
    assert finished.args[0].finish_reason == "cancelled"
    assert finished.args[0].generated_tokens < 1000
    assert "stopped by you" in window.chat_view.toPlainText()


def test_shift_enter_is_a_new_line(qtbot, window: MainWindow, test_model_path: Path):
    load(qtbot, window, test_model_path)
    qtbot.keyClicks(window.composer.editor, "one")
    qtbot.keyClick(window.composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(window.composer.editor, "two")
    assert window.composer.editor.toPlainText() == "one\ntwo"
    assert window.history == []


def test_a_bad_model_shows_its_error_in_the_bar(qtbot, window: MainWindow, tmp_path: Path):
    page = tmp_path / "openchat_3.5.Q8_0.gguf"
    page.write_text("<!DOCTYPE html><html>", encoding="utf-8")
    with qtbot.waitSignal(window.model_failed, timeout=10_000):
        window.load_model(page)
    assert "web page" in window.state_label.text()
    assert not window.composer.button.isEnabled()


def test_first_start_picks_the_starter_model(window: MainWindow):
    model = initial_model(window)
    assert model is not None and model.name == "gemma-3-270m-q4_k_m.gguf"
    assert model.is_relative_to(window.paths.models_dir)


def test_unreadable_settings_are_kept_aside_and_reported(qtbot, data_dir: Path, monkeypatch):
    paths = resolve_paths()
    paths.ensure()
    paths.settings_file.write_text("{broken", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(
        "chatapp.gui.app.QMessageBox.warning", lambda _parent, _title, text: shown.append(text)
    )
    win = create_window(paths)
    qtbot.addWidget(win)
    try:
        qtbot.waitUntil(lambda: bool(shown), timeout=5_000)
        assert "settings.json.bad" in shown[0]
        assert win.settings == AppSettings()
        assert (paths.config_dir / "settings.json.bad").read_text(encoding="utf-8") == "{broken"
    finally:
        win.shutdown()


def test_the_title_follows_the_conversation(qtbot, window: MainWindow, test_model_path: Path):
    load(qtbot, window, test_model_path)
    assert window.windowTitle() == "ChatApp"
    window.settings.sampling.max_tokens = 2
    with qtbot.waitSignal(window.reply_completed, timeout=60_000):
        send(
            qtbot,
            window,
            "Plan a   trip to the mountains of northern Portugal in the spring please",
        )
    assert window.windowTitle() == "ChatApp — Plan a trip to the mountains of northern Portug…"


def test_regenerate_replaces_the_last_reply(qtbot, window: MainWindow, test_model_path: Path):
    load(qtbot, window, test_model_path)
    assert not window.composer.regenerate_button.isEnabled()
    window.settings.sampling.max_tokens = 16
    with qtbot.waitSignal(window.reply_completed, timeout=60_000):
        send(qtbot, window, "Name a colour.")
    first = window.history[-1].content
    assert window.composer.regenerate_button.isEnabled()
    answers = {first}
    for _ in range(3):  # each regeneration draws a new seed
        with qtbot.waitSignal(window.reply_completed, timeout=60_000):
            window.composer.regenerate_button.click()
        answers.add(window.history[-1].content)
    assert [m.role for m in window.history] == ["user", "assistant"]
    assert len(answers) > 1
    shown = window.chat_view.toPlainText()
    assert shown.startswith("You  Copy\nName a colour.\nAssistant  Copy\n")
    assert shown.count("tokens ·") == 1
    assert window.chat_view.message_text(1) == window.history[-1].content
    assert window.chat_view.message_count == 2


def test_edit_last_puts_the_message_back(qtbot, window: MainWindow, test_model_path: Path):
    load(qtbot, window, test_model_path)
    window.settings.sampling.max_tokens = 4
    with qtbot.waitSignal(window.reply_completed, timeout=60_000):
        send(qtbot, window, "First question")
    with qtbot.waitSignal(window.reply_completed, timeout=60_000):
        send(qtbot, window, "Second qestion")
    window.composer.edit_button.click()
    assert window.composer.editor.toPlainText() == "Second qestion"
    assert [m.content for m in window.history][:1] == ["First question"]
    assert len(window.history) == 2
    assert "Second qestion" not in window.chat_view.toPlainText()
    window.composer.editor.clear()
    with qtbot.waitSignal(window.reply_completed, timeout=60_000):
        send(qtbot, window, "Second question")
    assert [m.role for m in window.history] == ["user", "assistant"] * 2
    assert window.history[2].content == "Second question"


def test_a_failed_reply_keeps_what_the_user_wrote(qtbot, window: MainWindow, test_model_path: Path):
    window.settings.load.n_ctx = 256
    load(qtbot, window, test_model_path)
    long_text = "word " * 400
    with qtbot.waitSignal(window.reply_failed, timeout=60_000):
        send(qtbot, window, long_text)
    assert "too long for the context" in window.statusBar().currentMessage()
    assert window.composer.editor.toPlainText() == long_text.strip()
    assert window.history == [] and window.chat_view.toPlainText() == ""
    assert window.composer.button.text() == "Send"


def test_closing_during_a_reply_stops_it_and_ends_the_thread(
    qtbot, data_dir: Path, test_model_path: Path
):
    paths = resolve_paths()
    paths.ensure()
    win = create_window(paths)
    qtbot.addWidget(win)
    win.show()
    load(qtbot, win, test_model_path)
    win.settings.sampling.max_tokens = 1000
    send(qtbot, win, "Write a long story.")
    qtbot.waitUntil(lambda: bool(win._reply_parts), timeout=30_000)
    win.close()
    assert not win._thread.isRunning()
    assert not win.worker.engine.is_loaded


def test_closing_during_a_model_load(qtbot, data_dir: Path, test_model_path: Path):
    paths = resolve_paths()
    paths.ensure()
    win = create_window(paths)
    qtbot.addWidget(win)
    win.show()
    win.load_model(test_model_path)
    win.close()
    assert not win._thread.isRunning()
    assert not win.worker.engine.is_loaded


def test_replies_arrive_in_several_batches(qtbot, window: MainWindow, test_model_path: Path):
    load(qtbot, window, test_model_path)
    window.settings.sampling.max_tokens = 60
    with qtbot.waitSignal(window.reply_completed, timeout=60_000):
        send(qtbot, window, "Tell me a long story.")
    assert len(window._reply_parts) > 1
    assert "".join(window._reply_parts) == window.history[-1].content


def test_the_last_model_and_the_window_layout_come_back(
    qtbot, window: MainWindow, test_model_path: Path, tmp_path: Path
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
    again = create_window(window.paths)
    qtbot.addWidget(again)
    try:
        assert initial_model(again) == copy
        assert (again.size().width(), again.size().height()) == saved
        assert not again.settings_dock.isVisibleTo(again)
    finally:
        again.shutdown()


def test_the_app_icon_ships_in_every_size(qapp):
    from chatapp.gui.app import app_icon, resources_dir

    icon = app_icon()
    sizes = {(s.width(), s.height()) for s in icon.availableSizes()}
    assert {(16, 16), (32, 32), (256, 256), (512, 512)} <= sizes
    for name in ("chatapp.svg", "chatapp.ico", "chatapp.icns"):
        assert (resources_dir() / "icons" / name).stat().st_size > 300


def test_shortcuts_copy_the_last_reply_and_start_a_new_chat(
    qtbot, window: MainWindow, test_model_path: Path
):
    from PySide6.QtGui import QGuiApplication

    load(qtbot, window, test_model_path)
    window.settings.sampling.max_tokens = 5
    with qtbot.waitSignal(window.reply_completed, timeout=60_000):
        send(qtbot, window, "Hello")
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


def test_unexpected_errors_are_logged_and_shown_with_the_log_path(
    qtbot, data_dir: Path, monkeypatch
):
    import logging
    import sys

    from chatapp.core.logs import setup_logging
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
