"""Switching the open window's language at run time (View > Language, the settings),
with a small Chinese catalogue of the test's own: the strings below, found in the
sources by lupdate (in whatever context they are) and compiled by lrelease the way a
checkout compiles the real catalogue. The full translation comes later."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QMessageBox,
    QWidget,
)

from chatapp.core.paths import AppPaths
from chatapp.core.settings import AppSettings, load_settings, save_settings
from chatapp.gui import i18n
from chatapp.gui.cjk_fonts import MISSING_FONT_NOTICE
from chatapp.gui.i18n import LanguageController
from chatapp.gui.language_menu import LanguageBox, LanguageMenu
from chatapp.gui.main_window import MainWindow
from chatapp.testing.fake_backend import FakeBackend
from tests.helpers.window import FAKE_TIMEOUT_MS, clipped_ancestor, load, type_and_send
from tests.i18n.catalogue import run_lupdate

CHINESE = {
    "&Chat": "对话(&C)",
    "&View": "查看(&V)",
    "&Server": "服务器(&S)",
    "&Language": "语言(&L)",
    "&Theme": "主题(&T)",
    "&New chat": "新建对话(&N)",
    "&Quit": "退出(&Q)",
    "&Settings": "设置(&S)",
    "&Chats": "对话列表(&C)",
    "Settings": "设置",
    "Chats": "对话列表",
    "Change model...": "更换模型...",
    "No model": "没有模型",
    "ready": "就绪",
    "generating": "正在生成",
    "context {tokens}": "上下文 {tokens}",
    "Send": "发送",
    "Stop": "停止",
    "Regenerate": "重新生成",
    "Continue": "继续",
    "Edit last": "编辑上一条",
    "Message (Enter sends, Shift+Enter for a new line)": "输入消息（Enter 发送，Shift+Enter 换行）",
    "New chat": "新建对话",
    "Search all chats": "搜索所有对话",
    "Welcome to ChatApp": "欢迎使用 ChatApp",
    "Chat with AI models that run on your own computer, privately.": (
        "与在您自己电脑上运行的 AI 模型私密聊天。"
    ),
    "Type a message below, or try one of these:": "在下方输入消息，或试试这些：",
    "Explain how a rainbow forms.": "解释彩虹是如何形成的。",
    "Write a short poem about the sea.": "写一首关于大海的短诗。",
    "Give me three ideas for dinner tonight.": "给我三个今晚晚餐的主意。",
    "What can you help me with?": "你能帮我做什么？",
    "Settings are under View > Settings (Ctrl+,).": "设置位于“查看 > 设置”（Ctrl+,）。",
    "<b>{name}</b> is ready.": "<b>{name}</b> 已就绪。",
    "Appearance": "外观",
    "Theme": "主题",
    "Language": "语言",
    "Sampling": "采样",
    "Preset": "预设",
    "Context": "上下文",
    "System prompt": "系统提示词",
    "Model and performance": "模型与性能",
    "Reset to defaults": "恢复默认值",
    "Advanced": "高级",
}


@pytest.fixture(scope="module")
def catalogue_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """resources/i18n as a test's: chatapp_zh_CN.ts with the strings of CHINESE."""
    folder = tmp_path_factory.mktemp("i18n")
    ts = folder / "chatapp_zh_CN.ts"
    run_lupdate(ts)
    tree = ET.parse(ts)
    found = set()
    for message in tree.getroot().iter("message"):
        source = message.findtext("source")
        translation = message.find("translation")
        if source in CHINESE and translation is not None and message.get("numerus") != "yes":
            translation.text = CHINESE[source]
            translation.attrib.pop("type", None)
            found.add(source)
    assert found == set(CHINESE), f"no longer in the code: {set(CHINESE) - found}"
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return folder


@pytest.fixture
def languages(qapp, catalogue_dir: Path, tmp_path: Path) -> Iterator[LanguageController]:
    controller = LanguageController(cache_dir=tmp_path / "cache", catalogue_dir=catalogue_dir)
    yield controller
    controller.close()


@pytest.fixture
def open_window(
    open_window: Callable[..., MainWindow], languages: LanguageController, fake_backend: FakeBackend
) -> Callable[[], MainWindow]:
    """Opens a window on the FakeBackend with the test's language controller."""
    return lambda: open_window(fake_backend, languages=languages)


@pytest.fixture
def window(qtbot, open_window: Callable[[], MainWindow]) -> MainWindow:
    window = open_window()
    load(qtbot, window, timeout=FAKE_TIMEOUT_MS)
    return window


def _menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def _language_action(window: MainWindow, choice: str):  # type: ignore[no-untyped-def]
    menu = window.findChild(LanguageMenu)
    assert menu is not None, "View > Language"
    return next(a for a in menu.actions() if a.data() == choice)


def test_view_language_switches_menus_and_model_bar_at_once_and_back(
    window: MainWindow, languages: LanguageController
):
    bar = window.model_bar
    assert _menu_titles(window) == ["&Chat", "&View", "&Server"]
    assert bar.state_label.text().startswith("ready · CPU · context ")
    tokens = bar.state_label.text().rsplit(" ", 1)[1]

    _language_action(window, "zh_CN").trigger()

    assert languages.language == "zh_CN"
    assert _menu_titles(window) == ["对话(&C)", "查看(&V)", "服务器(&S)"]
    assert bar.change_button.text() == "更换模型..."
    assert bar.state_label.text() == f"就绪 · CPU · 上下文 {tokens}"
    assert window.composer.button.text() == "发送"
    assert window.sidebar.new_button.text() == "新建对话"
    assert window.sidebar_dock.windowTitle() == "对话列表"
    assert window.settings_dock.toggleViewAction().text() == "设置(&S)"
    assert window.chat_area.welcome.prompt_buttons[0].text() == "解释彩虹是如何形成的。"
    chat_menu = window.menuBar().actions()[0].menu()
    assert chat_menu.actions()[0].text() == "新建对话(&N)"
    assert _language_action(window, "zh_CN").isChecked()
    assert window.settings.language == "zh_CN", "the choice is kept"
    assert load_settings(window.paths.settings_file).settings.language == "zh_CN"

    _language_action(window, "en").trigger()

    assert _menu_titles(window) == ["&Chat", "&View", "&Server"]
    assert bar.change_button.text() == "Change model..."
    assert bar.state_label.text() == f"ready · CPU · context {tokens}"
    assert window.composer.button.text() == "Send"
    assert window.sidebar_dock.windowTitle() == "Chats"
    assert window.settings_dock.toggleViewAction().text() == "&Settings"
    assert load_settings(window.paths.settings_file).settings.language == "en"


def test_texts_made_from_state_follow_the_switch(
    qtbot, window: MainWindow, languages, fake_backend: FakeBackend
):
    fake_backend.tokens = tuple(f" word{i}" for i in range(60))
    fake_backend.token_delay = 0.05
    with qtbot.waitSignal(window.replies.token_batch_ready, timeout=FAKE_TIMEOUT_MS):
        type_and_send(qtbot, window, "Write a long story.")

    languages.set_language("zh_CN")

    assert window.model_bar.state_label.text().startswith("正在生成 · ")
    assert window.composer.button.text() == "停止"
    with qtbot.waitSignal(window.replies.reply_ended, timeout=FAKE_TIMEOUT_MS):
        window.composer.button.click()
    assert window.composer.button.text() == "发送"
    assert window.model_bar.state_label.text().startswith("就绪 · ")


def test_an_example_prompt_sends_the_text_it_shows(qtbot, window: MainWindow, languages):
    languages.set_language("zh_CN")
    with qtbot.waitSignal(window.reply_completed, timeout=FAKE_TIMEOUT_MS):
        window.chat_area.welcome.prompt_buttons[1].click()
    assert window.chat_view.message_text(0) == "写一首关于大海的短诗。"


def test_the_settings_have_theme_and_language_rows(window: MainWindow, languages):
    panel = window.settings_panel
    assert not panel.appearance_group.isHidden()
    box = panel.appearance_group.findChild(LanguageBox)
    assert box is not None
    labels = [label.text() for label in panel.appearance_group.findChildren(QLabel)]
    assert labels == ["Theme", "Language"]
    box.activated.emit(box.findData("zh_CN"))
    assert languages.language == "zh_CN"
    assert panel.appearance_group.title() == "外观"
    assert [label.text() for label in panel.appearance_group.findChildren(QLabel)] == [
        "主题",
        "语言",
    ]
    assert _language_action(window, "zh_CN").isChecked(), "the menu follows the settings"


def test_the_saved_language_is_used_from_the_start(paths: AppPaths, open_window, languages):
    settings = AppSettings(language="zh_CN")
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    save_settings(settings, paths.settings_file)
    window = open_window()
    assert languages.choice == "zh_CN"
    assert _menu_titles(window) == ["对话(&C)", "查看(&V)", "服务器(&S)"]
    assert window.model_bar.model_label.text() == "没有模型"
    assert _language_action(window, "zh_CN").isChecked()


def test_a_missing_chinese_font_is_told_once(qtbot, window: MainWindow, languages, monkeypatch):
    monkeypatch.setattr(i18n, "installed_cjk_families", list)
    monkeypatch.setattr("chatapp.gui.cjk_fonts.sys.platform", "linux")

    def notices() -> list[QMessageBox]:
        return [box for box in window.findChildren(QMessageBox) if box.isVisible()]

    languages.set_language("zh_CN")
    qtbot.waitUntil(lambda: len(notices()) == 1, timeout=5_000)
    assert notices()[0].text() == MISSING_FONT_NOTICE
    notices()[0].close()
    languages.set_language("en")
    languages.set_language("zh_CN")
    qtbot.wait(50)
    assert notices() == []


def test_a_bad_language_setting_is_replaced_with_a_notice(tmp_path: Path):
    path = tmp_path / "settings.json"
    assert AppSettings().language == "system"
    path.write_text(json.dumps({"language": "ZH_cn"}), encoding="utf-8")
    assert load_settings(path).settings.language == "zh_CN", "spelt as the choice"
    path.write_text(json.dumps({"language": "klingon"}), encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings.language == "system"
    assert loaded.notice is not None and "language" in loaded.notice


@pytest.mark.parametrize("size", [QSize(1280, 800), QSize(800, 600)])
def test_in_chinese_the_window_still_fits(qtbot, window: MainWindow, languages, size: QSize):
    languages.set_language("zh_CN")

    def resized() -> bool:
        QApplication.processEvents()  # the layouts take in the new texts and font first
        window.resize(size)
        return window.size() == size

    qtbot.waitUntil(resized, timeout=2_000)
    QApplication.processEvents()
    assert window.settings_dock.isVisible() and window.sidebar_dock.isVisible()
    bounds = window.rect()
    checked = 0
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        if clipped_ancestor(widget, window):
            continue
        place = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        assert bounds.contains(place), f"{widget!r} at {place} is cut off"
        wraps = isinstance(widget, QLabel) and widget.wordWrap()
        if isinstance(widget, (QLabel, QAbstractButton)) and not wraps:
            text = widget.text()
            assert widget.width() >= widget.minimumSizeHint().width(), f"{text!r} is squeezed"
            checked += 1
    assert checked >= 5
