"""The window's menus: Chat (chats, models, replies) and View (the docks, the theme and
the language)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow

from chatapp.gui.conversation_actions import ConversationActions
from chatapp.gui.i18n import LanguageController, watch_language
from chatapp.gui.icons import icon
from chatapp.gui.language_menu import LanguageMenu
from chatapp.gui.model_actions import ModelActions
from chatapp.gui.theme_menu import add_theme_menu

_Keys = QKeySequence | QKeySequence.StandardKey


def _chat_texts() -> list[str]:
    """The Chat menu's entries, in the order ``add_menus`` adds them."""
    translate = QCoreApplication.translate
    return [
        translate("WindowMenus", "&New chat"),
        translate("WindowMenus", "&Find in chats"),
        translate("WindowMenus", "&Rename chat"),
        translate("WindowMenus", "Export chat as &Markdown..."),
        translate("WindowMenus", "Export chat as &JSON..."),
        translate("WindowMenus", "Import &chat..."),
        translate("WindowMenus", "&Models..."),
        translate("WindowMenus", "&Import a model file..."),
        translate("WindowMenus", "&Stop reply"),
        translate("WindowMenus", "C&ontinue reply"),
        translate("WindowMenus", "&Copy last reply"),
        translate("WindowMenus", "Copy chat as Mar&kdown"),
    ]


def add_menus(
    window: QMainWindow,
    chats: ConversationActions,
    models: ModelActions,
    stop_reply: Callable[[], object],
    focus_search: Callable[[], object],
    docks: tuple[QDockWidget, QDockWidget],
    languages: LanguageController,
) -> None:
    """Add the Chat and View menus, with their shortcuts, to ``window``; ``docks`` are
    the settings and the chats docks (their titles are set here too). Every text is set
    again on a language switch."""
    translate = QCoreApplication.translate
    chat_menu = window.menuBar().addMenu("")
    chat_menu.setObjectName("chatMenu")
    entries: list[tuple[_Keys, Callable[[], object]]] = [
        (QKeySequence.StandardKey.New, chats.new_chat),
        (QKeySequence.StandardKey.Find, focus_search),
        (QKeySequence("F2"), chats.rename_current),
        (QKeySequence("Ctrl+E"), chats.export_current_markdown),
        (QKeySequence("Ctrl+Shift+E"), chats.export_current_json),
        (QKeySequence("Ctrl+Shift+O"), chats.choose_conversation_file),
        (QKeySequence("Ctrl+M"), models.open_model_picker),
        (QKeySequence("Ctrl+I"), models.choose_model_file),
        (QKeySequence(Qt.Key.Key_Escape), stop_reply),
        (QKeySequence("Ctrl+Shift+Return"), chats.continue_reply),
        (QKeySequence("Ctrl+Shift+C"), chats.copy_last_reply),
        (QKeySequence("Ctrl+Alt+C"), chats.branches.copy_branch_markdown),
    ]
    icons: dict[Callable[[], object], str] = {
        chats.new_chat: "new-chat",
        focus_search: "search",
        chats.rename_current: "rename",
        models.open_model_picker: "models",
        chats.copy_last_reply: "copy",
    }
    chat_actions: list[QAction] = []
    for keys, handler in entries:
        action = QAction(icon(icons.get(handler, "")), "", window)
        action.setShortcut(keys)
        action.triggered.connect(handler)
        chat_menu.addAction(action)
        chat_actions.append(action)
        if handler == chats.continue_reply:
            action.setObjectName("continueReplyAction")
            action.setEnabled(False)
            chats.continue_available.connect(action.setEnabled)
    composer = chats.widgets.composer  # its actions are enabled as its buttons are
    for composer_action, shortcut in (
        (composer.regenerate_action, "Ctrl+R"),
        (composer.edit_action, "Ctrl+Shift+Up"),
    ):
        composer_action.setShortcut(QKeySequence(shortcut))
        chat_menu.addAction(composer_action)
    chat_menu.addSeparator()
    quit_action = chat_menu.addAction("", window.close)
    quit_action.setShortcut(QKeySequence.StandardKey.Quit)
    view_menu = window.menuBar().addMenu("")
    view_menu.setObjectName("viewMenu")
    for dock, shortcut in ((docks[0], "Ctrl+,"), (docks[1], "Ctrl+Shift+L")):
        toggle = dock.toggleViewAction()
        toggle.setShortcut(QKeySequence(shortcut))
        view_menu.addAction(toggle)
    view_menu.addSeparator()
    add_theme_menu(view_menu)
    view_menu.addMenu(LanguageMenu(languages, view_menu))

    def set_texts() -> None:
        chat_menu.setTitle(translate("WindowMenus", "&Chat"))
        for action, text in zip(chat_actions, _chat_texts(), strict=True):
            action.setText(text)
        quit_action.setText(translate("WindowMenus", "&Quit"))
        view_menu.setTitle(translate("WindowMenus", "&View"))
        # A dock's title sets its toggle action's text: the menu's text comes after it.
        docks[0].setWindowTitle(translate("WindowMenus", "Settings"))
        docks[1].setWindowTitle(translate("WindowMenus", "Chats"))
        docks[0].toggleViewAction().setText(translate("WindowMenus", "&Settings"))
        docks[1].toggleViewAction().setText(translate("WindowMenus", "&Chats"))

    set_texts()
    watch_language(chat_menu, set_texts)
