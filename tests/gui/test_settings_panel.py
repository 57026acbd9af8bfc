"""Sampling sliders while chatting, presets, and load settings that need a reload; the
panel's tooltips and groups, and how it fits a small window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QRect, QSize, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from chatapp.core.conversation import Conversation, OverflowPolicy, StoredMessage
from chatapp.core.paths import AppPaths, resolve_paths
from chatapp.core.settings import LoadParams, SamplingParams, load_settings
from chatapp.core.store import ConversationStore
from chatapp.gui.app import create_window
from chatapp.gui.main_window import MainWindow
from chatapp.gui.settings_panel import REMOTE_LOAD_TIP, SettingsPanel
from tests.helpers.window import clipped_ancestor


@pytest.fixture
def window(qtbot, data_dir: Path, test_model_path: Path) -> Iterator[MainWindow]:
    paths = resolve_paths()
    paths.ensure()
    win = create_window(paths)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.model_ready, timeout=60_000):
        win.load_model(test_model_path)
    yield win
    win.shutdown()
    assert not win.replies.is_running


def ask(qtbot, window: MainWindow, text: str):
    with qtbot.waitSignal(window.reply_completed, timeout=60_000) as done:
        qtbot.keyClicks(window.composer.editor, text)
        qtbot.keyClick(window.composer.editor, Qt.Key.Key_Return)
    return done.args[0]


@pytest.mark.model
def test_a_slider_change_applies_to_the_next_reply_and_is_saved(qtbot, window: MainWindow):
    panel = window.settings_panel
    panel.sliders["max_tokens"].box.setValue(6)
    panel.sliders["temperature"].slider.setValue(10)  # 10 steps of 0.05
    assert window.settings.sampling.max_tokens == 6
    assert window.settings.sampling.temperature == pytest.approx(0.5)
    assert ask(qtbot, window, "Hello").generated_tokens == 6
    qtbot.waitUntil(
        lambda: load_settings(window.paths.settings_file).settings.sampling.max_tokens == 6,
        timeout=5_000,
    )
    saved = load_settings(window.paths.settings_file).settings.sampling
    assert saved.temperature == pytest.approx(0.5)


@pytest.mark.model
def test_a_change_while_streaming_waits_for_the_next_reply(qtbot, window: MainWindow):
    panel = window.settings_panel
    panel.sliders["max_tokens"].box.setValue(40)
    with qtbot.waitSignal(window.reply_completed, timeout=60_000) as first:
        qtbot.keyClicks(window.composer.editor, "Tell me a story")
        qtbot.keyClick(window.composer.editor, Qt.Key.Key_Return)
        panel.sliders["max_tokens"].box.setValue(3)
        assert "this one keeps its settings" in panel.note.text()
    assert first.args[0].generated_tokens in range(1, 41)
    assert first.args[0].generated_tokens != 3 or first.args[0].finish_reason == "stop"
    assert ask(qtbot, window, "Go on").generated_tokens == 3
    assert panel.note.text() == "Changes apply to the next reply."


@pytest.mark.model
def test_presets_and_reset(window: MainWindow):
    panel = window.settings_panel
    panel.preset.setCurrentIndex(panel.preset.findText("Precise"))
    panel.preset.activated.emit(panel.preset.currentIndex())
    assert window.settings.sampling.temperature == pytest.approx(0.2)
    assert panel.sliders["temperature"].value() == pytest.approx(0.2)
    panel.sliders["top_k"].box.setValue(77)
    assert panel.preset.currentText() == "Custom"
    panel.reset_button.click()
    assert window.settings.sampling == SamplingParams()
    assert panel.sliders["top_k"].value() == 40


@pytest.mark.model
def test_context_length_needs_a_reload_offered_in_one_click(qtbot, window: MainWindow):
    panel = window.settings_panel
    assert panel.reload_button.isHidden()
    panel.context.box.setValue(2048)
    assert not panel.reload_button.isHidden()
    with qtbot.waitSignal(window.model_ready, timeout=60_000) as reloaded:
        panel.reload_button.click()
    assert reloaded.args[0].n_ctx == 2048
    assert panel.reload_button.isHidden()
    assert "context 2048" in window.model_bar.state_label.text()


@pytest.mark.model
def test_gpu_layers_and_threads_have_sliders_with_auto(window: MainWindow):
    panel = window.settings_panel
    assert panel.gpu_layers.box.text() == "Auto (plan)" and panel.threads.box.text() == "Auto"
    assert panel.gpu_layers.spec.maximum == 19  # the test model's 18 blocks and its output layer
    panel.gpu_layers.slider.setValue(1)  # -1 + 1 step = 0: CPU only
    panel.threads.slider.setValue(1)
    assert window.settings.load.n_gpu_layers == 0
    assert window.settings.load.n_threads == 1
    assert not panel.reload_button.isHidden()
    panel.gpu_layers.slider.setValue(0)
    panel.threads.slider.setValue(0)
    assert window.settings.load.n_gpu_layers is None and window.settings.load.n_threads is None
    assert panel.reload_button.isHidden()


# The panel itself: no model needed ---------------------------------------------------


@pytest.fixture
def panel(qtbot) -> SettingsPanel:
    shown = SettingsPanel(SamplingParams(), LoadParams(), "")
    qtbot.addWidget(shown)
    return shown


CONTROL_TYPES = (QAbstractSlider, QAbstractSpinBox, QComboBox, QAbstractButton, QPlainTextEdit)


def tooltip_of(widget: QWidget, panel: SettingsPanel) -> str:
    """The tooltip the user sees over ``widget``: its own or its nearest parent's."""
    shown: QWidget | None = widget
    while shown is not None and shown is not panel:
        if shown.toolTip():
            return shown.toolTip()
        shown = shown.parentWidget()
    return ""


def test_every_control_says_what_it_does_in_a_tooltip(panel: SettingsPanel):
    controls = [w for w in panel.findChildren(QWidget) if isinstance(w, CONTROL_TYPES)]
    controls = [w for w in controls if panel.content.isAncestorOf(w) or w is panel.reload_button]
    assert len(controls) > 20
    missing = [w.objectName() or type(w).__name__ for w in controls if not tooltip_of(w, panel)]
    assert not missing
    for name, slider in panel.sliders.items():
        assert "Typical:" in tooltip_of(slider.box, panel), name
    for slider in (panel.context, panel.threads):
        assert "Typical:" in tooltip_of(slider.slider, panel)
    assert "random" in panel.sliders["temperature"].toolTip()
    assert "0.6-0.9" in panel.sliders["temperature"].toolTip()
    assert "GPU memory" in panel.gpu_layers.toolTip()
    assert "Balanced" in panel.preset.toolTip() and "defaults" in panel.reset_button.toolTip()
    assert "context" in panel.overflow.toolTip() and "reload" in panel.flash_attn.toolTip()


def test_the_settings_are_grouped_with_rare_ones_under_advanced(panel: SettingsPanel):
    titles = [g.title() for g in panel.content.findChildren(QGroupBox) if not g.isHidden()]
    assert titles == ["Sampling", "System prompt", "Context", "Model and performance"]
    rare = [panel.sliders[name] for name in ("top_k", "min_p", "repeat_last_n")]
    rare += [panel.seed, panel.threads, panel.flash_attn]
    for expander in (panel.sampling_advanced, panel.model_advanced):
        assert expander.button.arrowType() == Qt.ArrowType.RightArrow
        assert expander.body.isHidden()
    bodies = (panel.sampling_advanced.body, panel.model_advanced.body)
    assert all(any(body.isAncestorOf(control) for body in bodies) for control in rare)
    assert not any(body.isAncestorOf(panel.sliders["temperature"]) for body in bodies)
    panel.sampling_advanced.button.click()
    assert not panel.sampling_advanced.body.isHidden() and panel.model_advanced.body.isHidden()
    assert panel.sampling_advanced.button.arrowType() == Qt.ArrowType.DownArrow
    panel.sampling_advanced.button.click()
    assert panel.sampling_advanced.body.isHidden()


def test_the_scope_note_says_the_settings_go_with_each_chat(panel: SettingsPanel):
    text = panel.scope_note.text()
    assert "saved with each chat" in text and "A new chat starts from the values" in text


def test_the_preset_box_names_the_preset_the_values_match(qtbot, panel: SettingsPanel):
    assert panel.preset.currentText() == "Balanced"
    panel.sliders["top_k"].box.setValue(41)
    assert panel.preset.currentText() == "Custom"
    panel.sliders["top_k"].box.setValue(40)
    assert panel.preset.currentText() == "Balanced"
    panel.sliders["max_tokens"].box.setValue(300)
    panel.seed.setValue(5)
    assert panel.preset.currentText() == "Balanced"  # the length and seed are the user's
    with qtbot.waitSignal(panel.sampling_changed, timeout=1_000) as changed:
        panel.preset.activated.emit(panel.preset.findText("Creative"))
    creative = changed.args[0]
    assert (creative.temperature, creative.top_k, creative.max_tokens, creative.seed) == (
        1.1,
        100,
        300,
        5,
    )
    assert panel.preset.currentText() == "Creative"
    panel.preset.activated.emit(panel.preset.findText("Custom"))
    assert panel.preset.currentText() == "Creative"  # Custom names no values of its own
    panel.show_conversation_settings(
        SamplingParams(temperature=0.2, top_p=0.9, top_k=20, min_p=0.1, max_tokens=64),
        "",
        OverflowPolicy.KEEP_SYSTEM,
    )
    assert panel.preset.currentText() == "Precise"
    panel.show_sampling(SamplingParams(temperature=0.25))
    assert panel.preset.currentText() == "Custom"
    panel.reset_button.click()
    assert panel.preset.currentText() == "Balanced"


def test_a_chat_opened_with_a_presets_values_shows_the_preset(
    open_window: Callable[..., MainWindow], paths: AppPaths
):
    precise = SamplingParams(temperature=0.2, top_p=0.9, top_k=20, min_p=0.1, seed=7)
    chat = Conversation(
        title="Facts",
        settings={"sampling": asdict(precise)},
        messages=[StoredMessage("user", "hi"), StoredMessage("assistant", "hello")],
    )
    store = ConversationStore(paths.conversations_db)
    store.save_all(chat)
    store.close()
    window = open_window()
    assert window.settings_panel.preset.currentText() == "Balanced"
    assert window.conversations.open_conversation(chat.id)
    assert window.settings_panel.preset.currentText() == "Precise"
    assert window.settings_panel.sliders["temperature"].value() == pytest.approx(0.2)


def test_an_appearance_widget_gets_its_own_group(panel: SettingsPanel):
    assert panel.appearance_group.isHidden()
    theme = QComboBox()
    panel.add_appearance_widget(theme)
    assert not panel.appearance_group.isHidden() and panel.appearance_group.title() == "Appearance"
    assert theme.parentWidget() is panel.appearance_group


def test_the_settings_fit_an_800_by_600_window(qtbot, open_window: Callable[..., MainWindow]):
    window = open_window()
    panel = window.settings_panel
    panel.add_appearance_widget(QComboBox())
    panel.sampling_advanced.set_expanded(True)
    panel.model_advanced.set_expanded(True)
    window.resize(800, 600)
    qtbot.waitUntil(lambda: window.size() == QSize(800, 600), timeout=2_000)
    assert window.settings_dock.isVisible() and window.settings_dock.width() >= 200
    # Small, yet never narrower than the controls (the dock cannot squeeze them).
    assert panel.content.minimumSizeHint().width() < panel.minimumSizeHint().width() <= 300
    bounds = window.rect()
    for widget in window.findChildren(QWidget):
        shown = widget.isVisible() and widget.window() is window
        if shown and not clipped_ancestor(widget, window):
            place = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
            assert bounds.contains(place), f"{widget!r} at {place} is cut off"
    viewport = panel.scroll_area.viewport()
    scroll_bar = panel.scroll_area.verticalScrollBar()
    assert panel.content.width() <= viewport.width()
    assert panel.content.minimumSizeHint().width() <= viewport.width()
    for widget in panel.content.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            assert widget.height() >= widget.heightForWidth(widget.width()), widget.text()
        else:
            assert widget.width() >= widget.minimumSizeHint().width(), repr(widget)
        if isinstance(widget, CONTROL_TYPES) and not isinstance(widget, QAbstractSlider):
            scroll_bar.setValue(widget.mapTo(panel.content, QPoint(0, 0)).y())
            place = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
            assert viewport.rect().contains(place), f"{widget!r} cannot be scrolled to"


class MarkingTranslator(QTranslator):
    """Puts the panel's texts in brackets, as a stand-in for another language."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return f"[{source}]" if context == "SettingsPanel" else ""

    def isEmpty(self) -> bool:  # noqa: N802 (Qt override)
        return False


def test_the_panel_follows_a_language_switch(qtbot, panel: SettingsPanel):
    temperature = panel.sliders["temperature"]
    [label] = [w for w in panel.findChildren(QLabel) if w.buddy() is temperature]
    group = panel.findChild(QGroupBox, "samplingGroup")
    panel.set_remote(True)
    translator = MarkingTranslator()
    app = QCoreApplication.instance()
    assert app is not None
    app.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: label.text() == "[Temperature]", timeout=2_000)
        assert temperature.toolTip().startswith("[How random")
        assert group.title() == "[Sampling]" and panel.preset.itemText(0) == "[Custom]"
        assert panel.note.text() == "[Changes apply to the next reply.]"
        assert panel.context.toolTip() == f"[{REMOTE_LOAD_TIP}]"
        assert panel.sampling_advanced.button.text() == "[Advanced]"
    finally:
        app.removeTranslator(translator)
    qtbot.waitUntil(lambda: label.text() == "Temperature", timeout=2_000)
    assert panel.context.toolTip() == REMOTE_LOAD_TIP
    panel.set_remote(False)
    assert "Typical:" in panel.context.toolTip()
