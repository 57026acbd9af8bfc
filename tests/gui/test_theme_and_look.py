"""Themes (System, Light, Dark), the conversation's look (centred column, code blocks
with a Copy link, quotes) and the themed icons."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPalette
from PySide6.QtWidgets import QApplication, QMenu

from chatapp.core.settings import AppSettings, load_settings
from chatapp.gui import chat_look as look
from chatapp.gui import theme as theme_module
from chatapp.gui.appearance_box import AppearanceBox
from chatapp.gui.chat_view import ChatView
from chatapp.gui.icons import ICON_NAMES, icon, tinted_pixmap
from chatapp.gui.theme import DARK, LIGHT, ThemeController, is_dark, stylesheet
from chatapp.gui.theme_menu import add_theme_menu

CODE = 'import csv\n\nprint("hi")\n'
REPLY = f"Here:\n\n```python\n{CODE}```\n\n> a quote\n\nDone."


@pytest.fixture
def controllers(qapp: QApplication) -> Iterator[list[ThemeController]]:
    """Theme controllers made by the test; the application's looks are put back after."""
    made: list[ThemeController] = []
    palette, sheet, style = qapp.palette(), qapp.styleSheet(), qapp.style().name()
    yield made
    hints = QGuiApplication.styleHints()
    for controller in made:
        hints.colorSchemeChanged.disconnect(controller._on_color_scheme_changed)
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.setPalette(palette)


def make_controller(made: list[ThemeController], theme: str) -> ThemeController:
    controller = ThemeController(theme)
    made.append(controller)
    return controller


@pytest.fixture
def view(qtbot) -> ChatView:
    widget = ChatView()
    widget.resize(900, 700)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def window_color() -> str:
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).name()


def code_background(view: ChatView) -> str:
    """The colour painted behind the first code line, just left of its text."""
    block = view.document().begin()
    while block.userState() != look.CODE_BODY:
        block = block.next()
    rect = view.document().documentLayout().blockBoundingRect(block)
    left = view.document().rootFrame().frameFormat().leftMargin()
    y = int(rect.center().y()) - view.verticalScrollBar().value()
    image: QImage = view.viewport().grab().toImage()
    return image.pixelColor(int(left) + 5, y).name()


def test_switching_theme_repaints_window_and_code(qtbot, controllers, view: ChatView):
    view.add_message("assistant", REPLY)
    controller = make_controller(controllers, "light")
    controller.apply()
    assert window_color() == LIGHT.window
    assert code_background(view) == LIGHT.code_bg
    light_html = view.toHtml()
    with qtbot.waitSignal(controller.theme_changed) as changed:
        controller.set_theme("dark")
    assert changed.args == ["dark"]
    assert window_color() == DARK.window
    assert code_background(view) == DARK.code_bg
    assert view.toHtml() != light_html  # the code is highlighted again, in dark colours
    assert "#ff7b72" in view.toHtml()  # github-dark's keyword colour ("import")
    assert "border-radius" in QApplication.instance().styleSheet()


def test_theme_names_map_to_light_or_dark():
    scheme = Qt.ColorScheme
    assert is_dark("dark", scheme.Light) and not is_dark("light", scheme.Dark)
    assert is_dark("system", scheme.Dark)
    assert not is_dark("system", scheme.Light) and not is_dark("system", scheme.Unknown)


def test_system_theme_follows_the_os(qtbot, controllers):
    controller = make_controller(controllers, "system")
    controller.apply()
    hints = QGuiApplication.styleHints()
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert window_color() == DARK.window
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert window_color() == LIGHT.window
    controller.set_theme("dark")
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)  # a chosen theme stays
    assert window_color() == DARK.window


def test_stylesheet_is_filled_from_the_palette():
    for colors in (LIGHT, DARK):
        sheet = stylesheet(colors)
        assert "$" not in sheet and colors.border in sheet and colors.accent in sheet


def test_text_column_is_centred_and_at_most_800_px(qtbot, view: ChatView):
    view.resize(1600, 700)
    view.add_message("user", "word " * 400)
    qtbot.waitUntil(lambda: view.column_width > 0)
    frame = view.document().rootFrame().frameFormat()
    width = view.viewport().width()
    assert frame.leftMargin() == frame.rightMargin()
    assert width - frame.leftMargin() - frame.rightMargin() <= look.COLUMN_MAX
    assert frame.leftMargin() >= (width - look.COLUMN_MAX) // 2
    view.resize(500, 700)
    qtbot.waitUntil(lambda: view.document().rootFrame().frameFormat().leftMargin() == 20)
    assert view.column_width == view.viewport().width() - 2 * look.SIDE_MIN


def test_messages_are_marked_for_their_looks(view: ChatView):
    view.add_message("user", "first line\nsecond line")
    view.add_message("assistant", REPLY)
    states = []
    block = view.document().begin()
    while block.isValid():
        states.append((block.userState(), block.text()))
        block = block.next()
    assert states[0] == (look.USER_START, "You\xa0\xa0Copy · Edit · Delete")
    assert states[1:3] == [(look.USER_BODY, "first line"), (look.USER_BODY, "second line")]
    kinds = [state for state, _ in states]
    assert kinds.count(look.CODE_HEAD) == 1 and kinds.count(look.CODE_BODY) >= 2
    assert (look.QUOTE_START, "a quote") in states
    assert states[3][0] == -1  # the assistant's message has no tint


def test_copy_link_copies_exactly_the_code(qtbot, view: ChatView):
    view.add_message("assistant", REPLY)
    document = view.document()
    position = document.toPlainText().index("Copy code") + 2
    cursor = view.textCursor()
    cursor.setPosition(position)
    point: QPoint = view.cursorRect(cursor).center()
    QGuiApplication.clipboard().setText("something else")
    with qtbot.waitSignal(view.copied) as copied:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert copied.args == ["Code copied"]
    assert QGuiApplication.clipboard().text() == CODE


def test_every_icon_is_drawn_in_the_palette_text_colour(qtbot, controllers):
    controller = make_controller(controllers, "light")
    controller.apply()
    for name in ICON_NAMES:
        image = icon(name).pixmap(24, 24).toImage()
        colours = {
            image.pixelColor(x, y).name()
            for x in range(24)
            for y in range(24)
            if image.pixelColor(x, y).alpha() == 255
        }
        assert colours == {LIGHT.text}, name
    controller.set_theme("dark")
    image = icon("copy").pixmap(24, 24).toImage()
    opaque = [
        image.pixelColor(x, y)
        for x in range(24)
        for y in range(24)
        if image.pixelColor(x, y).alpha()
    ]
    assert opaque and all(c.name() == DARK.text for c in opaque if c.alpha() == 255)
    assert icon("no-such-icon").isNull()
    assert tinted_pixmap("send", 16, QColor("#ff0000")).size().width() == 16


def test_menu_and_box_choose_the_same_theme(qtbot, controllers):
    controller = make_controller(controllers, "system")
    menu = QMenu()
    qtbot.addWidget(menu)
    theme_menu = add_theme_menu(menu, controller)
    box = AppearanceBox(controller)
    qtbot.addWidget(box)
    actions = {a.data(): a for a in theme_menu.actions()}
    assert list(actions) == ["system", "light", "dark"] and actions["system"].isChecked()
    actions["dark"].trigger()
    assert controller.theme == "dark" and window_color() == DARK.window
    assert box.currentData() == "dark"
    box.setCurrentIndex(box.findData("light"))
    assert controller.theme == "light" and window_color() == LIGHT.window
    assert actions["light"].isChecked()


def test_theme_setting_is_kept_and_checked(tmp_path: Path):
    path = tmp_path / "settings.json"
    assert AppSettings().theme == "system"
    path.write_text(json.dumps({"theme": "dark"}), encoding="utf-8")
    assert load_settings(path).settings.theme == "dark"
    path.write_text(json.dumps({"theme": "sepia"}), encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings.theme == "system"
    assert loaded.notice is not None and "theme" in loaded.notice


def test_a_saved_theme_is_applied_and_a_new_choice_saved(qtbot, controllers, tmp_path, monkeypatch):
    controller = make_controller(controllers, "system")
    monkeypatch.setattr(theme_module, "_controller", controller)
    settings = AppSettings(theme="dark")
    path = tmp_path / "settings.json"
    theme_module.apply_saved_theme(settings, path)
    assert window_color() == DARK.window and not path.exists()
    controller.set_theme("light")
    assert json.loads(path.read_text(encoding="utf-8"))["theme"] == "light"
