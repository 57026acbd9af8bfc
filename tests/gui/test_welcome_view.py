"""The welcome page of an empty chat: the model that is ready and example prompts, or,
with no model installed, the three ways to get one (download against the fake hub)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from chatapp.bench.fakehub import FakeHub
from chatapp.core.catalog import load_catalog
from chatapp.gui import app as gui_app
from chatapp.gui.main_window import MainWindow
from chatapp.gui.welcome_view import starter_entry
from chatapp.testing.fake_backend import FakeBackend
from tests.helpers.gguf_factory import write_gguf
from tests.helpers.window import FAKE_MODEL, FAKE_TIMEOUT_MS

TOKENIZER = b'{"version": "1.0", "model": {"type": "BPE", "vocab": {}}}'


@pytest.fixture(scope="module")
def small_gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_gguf(tmp_path_factory.mktemp("gguf") / "small.gguf", extra_bytes=256 * 1024)


@pytest.fixture
def hub(small_gguf: Path) -> Iterator[FakeHub]:
    """The fake hub with the files of the starter and the recommended catalog models."""
    catalog = load_catalog()
    with FakeHub() as server:
        for entry in (starter_entry(catalog), catalog.recommended()):
            assert entry is not None and entry.repo is not None
            server.add(entry.repo, entry.file, small_gguf)
            if entry.tokenizer is not None:
                server.add(entry.tokenizer.repo, entry.tokenizer.file, TOKENIZER)
        yield server


@pytest.fixture
def empty_window(
    open_window: Callable[..., MainWindow],
    fake_backend: FakeBackend,
    monkeypatch: pytest.MonkeyPatch,
) -> MainWindow:
    """A first start of the packaged app: no model installed, no starter package."""
    monkeypatch.setattr(gui_app, "default_model", lambda _paths: None)
    window = open_window(fake_backend)
    gui_app.open_initial_model(window)
    return window


def new_chat_action(window: MainWindow):
    return next(
        a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "&New chat"
    )


def test_an_empty_chat_welcomes_with_the_model_and_an_example_prompt_sends(
    qtbot, fake_window: MainWindow
):
    area = fake_window.chat_area
    welcome = area.welcome
    assert area.showing_welcome and welcome.isVisible() and not fake_window.chat_view.isVisible()
    name = fake_window.replies.model.name
    assert name and f"{name}</b> is ready" in welcome.status.text()
    assert welcome.examples.isVisible() and not welcome.choices.isVisible()
    assert "View > Settings (Ctrl+,)" in welcome.hint.text()

    prompt = welcome.prompt_buttons[1]
    with qtbot.waitSignal(fake_window.reply_completed, timeout=FAKE_TIMEOUT_MS):
        qtbot.mouseClick(prompt, Qt.MouseButton.LeftButton)
    assert not area.showing_welcome and fake_window.chat_view.isVisible()
    assert fake_window.chat_view.message_count == 2
    assert fake_window.chat_view.message_text(0) == prompt.text()
    assert fake_window.keeper.current.messages[1].content  # the fake's reply
    assert fake_window.composer.draft == ""

    fake_window.sidebar.focus_search()
    assert fake_window.focusWidget() is not fake_window.composer.editor
    new_chat_action(fake_window).trigger()
    assert area.showing_welcome and welcome.examples.isVisible()
    assert fake_window.focusWidget() is fake_window.composer.editor


def test_opening_a_saved_chat_hides_the_welcome_and_new_chat_brings_it_back(
    qtbot, fake_window: MainWindow
):
    with qtbot.waitSignal(fake_window.reply_completed, timeout=FAKE_TIMEOUT_MS):
        fake_window.composer.submit("hello there")
    saved = fake_window.keeper.current.id
    fake_window.conversations.new_chat()
    assert fake_window.chat_area.showing_welcome
    fake_window.conversations.open_conversation(saved)
    assert not fake_window.chat_area.showing_welcome
    assert fake_window.chat_view.message_count == 2


def test_a_returned_message_leaves_the_chat_empty_and_the_welcome_back(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend
):
    fake_backend.tokens = ()  # no text: the reply is dropped and the message given back
    with qtbot.waitSignal(fake_window.replies.reply_ended, timeout=FAKE_TIMEOUT_MS):
        fake_window.composer.submit("say nothing")
    assert fake_window.chat_view.message_count == 0
    assert fake_window.chat_area.showing_welcome
    assert fake_window.composer.draft == "say nothing"


def test_without_a_model_the_welcome_offers_three_choices(empty_window: MainWindow):
    welcome = empty_window.chat_area.welcome
    assert welcome.isVisible() and welcome.choices.isVisible()
    assert not welcome.examples.isVisible()
    assert "No model is installed yet" in welcome.status.text()
    catalog = load_catalog()
    starter = starter_entry(catalog)
    assert starter is not None and starter.size_bytes < 200_000_000
    assert starter.name in welcome.starter_card.text.text()
    assert catalog.recommended().name == welcome.recommended_card.title.text()
    assert "OpenChat 3.5" in welcome.recommended_card.title.text()
    assert welcome.import_card.button.text() == "Import a .gguf..."
    assert empty_window.models.picker is None  # nothing pops up by itself


def test_import_choice_asks_for_a_file_and_loads_it(
    qtbot, empty_window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    model = write_gguf(tmp_path / "my-own-model.gguf")
    asked: list[tuple[str, str]] = []

    def choose(_parent, title, _folder, filters):
        asked.append((title, filters))
        return str(model), filters

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(choose))
    monkeypatch.setattr(empty_window.models, "ask_import_mode", lambda _path: False)
    welcome = empty_window.chat_area.welcome
    with qtbot.waitSignal(empty_window.model_ready, timeout=FAKE_TIMEOUT_MS):
        qtbot.mouseClick(welcome.import_card.button, Qt.MouseButton.LeftButton)
    assert asked and "*.gguf" in asked[0][1]
    assert "<b>my-own-model</b> is ready" in welcome.status.text()
    assert welcome.examples.isVisible() and not welcome.choices.isVisible()


def test_recommended_choice_downloads_in_the_picker_then_loads(
    qtbot, empty_window: MainWindow, hub: FakeHub
):
    empty_window.settings.hub_endpoint = hub.endpoint
    welcome = empty_window.chat_area.welcome
    entry = load_catalog().recommended()
    with qtbot.waitSignal(empty_window.model_ready, timeout=30_000):
        qtbot.mouseClick(welcome.recommended_card.button, Qt.MouseButton.LeftButton)
        picker = empty_window.models.picker
        assert picker is not None and picker.isVisible() and picker.tabs.currentIndex() == 0
        assert empty_window.downloads.state(f"{entry.repo}/{entry.file}") is not None
    assert hub.file_gets(entry.repo, entry.file)
    assert f"<b>{Path(entry.file).stem}</b> is ready" in welcome.status.text()


def test_starter_choice_starts_its_download_against_the_hub(
    qtbot, empty_window: MainWindow, hub: FakeHub
):
    empty_window.settings.hub_endpoint = hub.endpoint
    welcome = empty_window.chat_area.welcome
    entry = starter_entry(load_catalog())
    assert entry is not None
    qtbot.mouseClick(welcome.starter_card.button, Qt.MouseButton.LeftButton)
    state = empty_window.downloads.state(f"{entry.repo}/{entry.file}")
    assert state is not None and state.request.file == entry.file
    qtbot.waitUntil(lambda: welcome.download_line.isVisible(), timeout=10_000)
    assert welcome.download_line.text().startswith(entry.name)
    picker = empty_window.models.picker
    assert picker is not None and picker.isVisible()
    qtbot.waitUntil(lambda: bool(hub.file_gets(entry.repo, entry.file)), timeout=10_000)


def fits_across(window: MainWindow) -> list[str]:
    """The welcome page's visible widgets that stick out of its viewport sideways."""
    welcome = window.chat_area.welcome
    viewport = welcome.viewport()
    out = []
    for widget in welcome.widget().findChildren(QWidget):
        if not widget.isVisibleTo(welcome):
            continue
        left = widget.mapTo(viewport, widget.rect().topLeft()).x()
        right = widget.mapTo(viewport, widget.rect().topRight()).x()
        if left < 0 or right >= viewport.width():
            out.append(f"{type(widget).__name__} {widget.objectName()} {left}..{right}")
    return out


@pytest.mark.parametrize("with_model", [True, False])
def test_at_800_px_with_both_docks_the_welcome_does_not_scroll_sideways(
    qtbot, open_window, fake_backend: FakeBackend, monkeypatch: pytest.MonkeyPatch, with_model
):
    monkeypatch.setattr(gui_app, "default_model", lambda _paths: FAKE_MODEL if with_model else None)
    window: MainWindow = open_window(fake_backend)
    with qtbot.waitSignal(window.model_ready, timeout=FAKE_TIMEOUT_MS, raising=with_model):
        gui_app.open_initial_model(window)
    window.resize(800, 600)
    window.settings_dock.show()
    window.sidebar_dock.show()
    welcome = window.chat_area.welcome
    qtbot.waitUntil(lambda: welcome.viewport().width() < 400, timeout=FAKE_TIMEOUT_MS)
    qtbot.wait(50)  # the page's layout follows the resize
    assert welcome.isVisible()
    assert (welcome.examples if with_model else welcome.choices).isVisible()
    assert not welcome.horizontalScrollBar().isVisible()
    assert fits_across(window) == []
    # Wide again: two columns of prompts, the cards' buttons beside their text.
    window.resize(1400, 800)
    first, second = welcome.prompt_buttons[:2]
    card = welcome.starter_card

    def wide() -> bool:
        if with_model:
            return first.y() == second.y() and first.x() < second.x()
        return card.button.x() >= card.text.x() + card.text.width()

    qtbot.waitUntil(wide, timeout=FAKE_TIMEOUT_MS)
    assert fits_across(window) == []
