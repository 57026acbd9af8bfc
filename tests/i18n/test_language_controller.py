"""LanguageController: switching the open window between English and Simplified Chinese,
with a small catalogue of the test's own (compiled the way a checkout compiles it)."""

from __future__ import annotations

import json
import os
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QWidget

from chatapp.core.messages import QT_TRANSLATE_NOOP, Message
from chatapp.gui import i18n
from chatapp.gui.cjk_fonts import MISSING_FONT_NOTICE, installed_cjk_families
from chatapp.gui.i18n import (
    LanguageController,
    Retranslatable,
    error_text,
    language_for_locale,
    message_text,
    watch_language,
)
from chatapp.gui.language_menu import LanguageBox, LanguageMenu
from tests.helpers.catalogues import chinese_controller, write_catalogue, write_plural_catalogue
from tests.i18n.catalogue import run_in_repo

TRANSLATIONS = {
    ("ProbeWidget", "Hello"): "你好",
    ("LanguageMenu", "&Language"): "语言(&L)",
    ("LanguageMenu", "System"): "跟随系统",
    ("core", "There is no model file at {path}."): "{path} 处没有模型文件。",
    ("core", "Could not load the model: {reason}"): "无法加载模型：{reason}",
    ("core", "Broken {path}"): "坏了 {路径}",
}
ENGLISH_PLURALS = {("ProbeWidget", "%n file(s)"): ("%n file", "%n files")}


class ProbeWidget(Retranslatable, QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.label = QLabel(self)
        self.count = QLabel(self)
        self.retranslations = 0
        self.retranslate()

    def retranslate(self) -> None:
        self.retranslations += 1
        self.label.setText(self.tr("Hello"))
        self.count.setText(self.tr("%n file(s)", "", 4))


@pytest.fixture
def controller(qapp, tmp_path: Path) -> Iterator[LanguageController]:
    with chinese_controller(tmp_path, TRANSLATIONS, ENGLISH_PLURALS) as languages:
        yield languages


def test_switching_retranslates_the_open_widget_at_once_and_back(controller, qtbot):
    probe = ProbeWidget()
    qtbot.addWidget(probe)
    changes: list[str] = []
    controller.language_changed.connect(changes.append)

    controller.set_language("zh_CN")

    assert probe.label.text() == "你好"
    assert probe.retranslations == 2, "one re-translation per switch"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消", "Qt's own strings"
    assert QLocale().name() == "zh_CN"
    assert controller.language == "zh_CN" and changes == ["zh_CN"]

    controller.set_language("en")

    assert probe.label.text() == "Hello"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert QLocale().language() == QLocale.Language.English
    assert changes == ["zh_CN", "en"]


def test_english_has_its_plural_forms_from_the_start_and_after_chinese(controller, qtbot):
    probe = ProbeWidget()
    qtbot.addWidget(probe)
    assert probe.count.text() == "4 file(s)", "no catalogue yet: the source text"
    changes: list[str] = []
    controller.language_changed.connect(changes.append)

    controller.set_language("en")

    assert probe.count.text() == "4 files", "the open widget is re-translated"
    assert QCoreApplication.translate("ProbeWidget", "%n file(s)", "", 1) == "1 file"
    assert changes == [], "still English: no switch"
    controller.set_language("zh_CN")
    controller.set_language("en")
    assert probe.count.text() == "4 files"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_the_same_language_again_changes_nothing(controller, qtbot):
    probe = ProbeWidget()
    qtbot.addWidget(probe)
    controller.set_language("zh_CN")
    controller.set_language("zh_CN")
    assert probe.retranslations == 2


def test_texts_built_by_a_function_follow_through_watch_language(controller, qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    label = QLabel(owner)

    def set_texts() -> None:
        label.setText(QCoreApplication.translate("ProbeWidget", "Hello"))

    set_texts()
    watch_language(owner, set_texts)
    controller.set_language("zh_CN")
    assert label.text() == "你好"


def test_chinese_uses_a_chinese_font_and_english_gets_the_old_font_back(qapp, tmp_path, controller):
    before = QGuiApplication.font()
    notices: list[str] = []
    controller.cjk_font_missed.connect(notices.append)
    families = installed_cjk_families()

    controller.set_language("zh_CN")

    if families:  # this machine has fonts-noto-cjk (or another Chinese font)
        assert QGuiApplication.font().families()[: len(families)] == families
        assert notices == []
    else:
        assert notices == [MISSING_FONT_NOTICE]
    controller.set_language("en")
    assert QGuiApplication.font() == before


def test_missing_chinese_font_is_told_once(controller, monkeypatch):
    monkeypatch.setattr(i18n, "installed_cjk_families", list)
    monkeypatch.setattr("chatapp.gui.cjk_fonts.sys.platform", "linux")
    notices: list[str] = []
    controller.cjk_font_missed.connect(notices.append)

    controller.set_language("zh_CN")
    controller.set_language("en")
    controller.set_language("zh_CN")

    assert notices == [MISSING_FONT_NOTICE]
    assert "fonts-noto-cjk" in notices[0]


def test_core_messages_show_translated_with_their_values(controller):
    missing = Message(QT_TRANSLATE_NOOP("core", "There is no model file at {path}."), path="/m")
    error = RuntimeError(
        Message(QT_TRANSLATE_NOOP("core", "Could not load the model: {reason}"), reason=missing)
    )
    assert str(error) == "Could not load the model: There is no model file at /m."

    controller.set_language("zh_CN")

    assert message_text(missing) == "/m 处没有模型文件。"
    assert error_text(error) == "无法加载模型：/m 处没有模型文件。"
    assert error_text(ValueError("plain")) == "plain"
    broken = Message(QT_TRANSLATE_NOOP("core", "Broken {path}"), path="/x")
    assert message_text(broken) == "Broken /x", "a translation that lost a value falls back"


@pytest.mark.parametrize(
    ("name", "language"),
    [("zh_CN", "zh_CN"), ("zh_SG", "zh_CN"), ("zh_TW", "en"), ("en_GB", "en"), ("de_DE", "en")],
)
def test_language_for_a_system_locale(name: str, language: str):
    assert language_for_locale(QLocale(name)) == language


SYSTEM_PROBE = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication, QLocale
    from PySide6.QtWidgets import QApplication
    from chatapp.gui.i18n import LanguageController
    app = QApplication([])
    controller = LanguageController(cache_dir=Path(sys.argv[1]), catalogue_dir=Path(sys.argv[2]))
    controller.set_language("system")
    print(json.dumps([controller.language, QLocale().name(),
                      QCoreApplication.translate("ProbeWidget", "Hello"),
                      QCoreApplication.translate("ProbeWidget", "%n file(s)", "", 4)]))
    """
)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8", "LANGUAGE": "zh_CN:en"}, ["zh_CN", "zh_CN", "你好", "4 file(s)"]),
        ({"LANG": "en_GB.UTF-8"}, ["en", "en_GB", "Hello", "4 files"]),
        ({"LANG": "de_DE.UTF-8", "LANGUAGE": "de:zh_CN"}, ["zh_CN", "zh_CN", "你好", "4 file(s)"]),
    ],
)
def test_system_follows_the_os_language(tmp_path: Path, env: dict[str, str], expected: list[str]):
    folder = tmp_path / "i18n"
    write_catalogue(folder, TRANSLATIONS)
    write_plural_catalogue(folder, "en", ENGLISH_PLURALS)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LANG", "LC_"))}
    result = run_in_repo(
        [sys.executable, "-c", SYSTEM_PROBE, str(tmp_path / "cache"), str(folder)],
        env={**clean, **env, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected


def test_an_unknown_choice_means_the_system_language(controller):
    controller.set_language("klingon")
    assert controller.choice == "system"
    assert controller.language == language_for_locale(QLocale.system())


def test_language_menu_and_box_switch_and_follow_each_other(controller, qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    menu = LanguageMenu(controller, owner)
    box = LanguageBox(controller, owner)
    assert menu.title() == "&Language"
    assert [a.text() for a in menu.actions()] == ["System", "English", "简体中文"]
    assert menu.actions()[0].isChecked() and box.currentData() == "system"

    menu.actions()[2].trigger()

    assert controller.language == "zh_CN"
    assert menu.title() == "语言(&L)"
    assert menu.actions()[0].text() == "跟随系统" and box.itemText(0) == "跟随系统"
    assert box.currentData() == "zh_CN" and menu.actions()[2].isChecked()

    box.activated.emit(1)

    assert controller.choice == "en" and menu.actions()[1].isChecked()
    assert menu.title() == "&Language"
