"""Sampling sliders while chatting, presets, and load settings that need a reload."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from chatapp.core.paths import resolve_paths
from chatapp.core.settings import SamplingParams, load_settings
from chatapp.gui.app import create_window
from chatapp.gui.main_window import MainWindow

pytestmark = pytest.mark.model


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
