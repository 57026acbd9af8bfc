"""The window's menus: Chat (chats, models, replies) and View (the docks)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow

from chatapp.gui.conversation_actions import ConversationActions
from chatapp.gui.icons import icon
from chatapp.gui.model_actions import ModelActions
from chatapp.gui.theme_menu import add_theme_menu

_Keys = QKeySequence | QKeySequence.StandardKey


def add_menus(
    window: QMainWindow,
    chats: ConversationActions,
    models: ModelActions,
    stop_reply: Callable[[], object],
    focus_search: Callable[[], object],
    docks: tuple[QDockWidget, QDockWidget],
) -> None:
    """Add the Chat and View menus, with their shortcuts, to ``window``; ``docks`` are
    the settings and the chats docks."""
    chat_menu = window.menuBar().addMenu("&Chat")
    entries: list[tuple[str, _Keys, Callable[[], object]]] = [
        ("&New chat", QKeySequence.StandardKey.New, chats.new_chat),
        ("&Find in chats", QKeySequence.StandardKey.Find, focus_search),
        ("&Rename chat", QKeySequence("F2"), chats.rename_current),
        ("Export chat as &Markdown...", QKeySequence("Ctrl+E"), chats.export_current_markdown),
        ("Export chat as &JSON...", QKeySequence("Ctrl+Shift+E"), chats.export_current_json),
        ("Import &chat...", QKeySequence("Ctrl+Shift+O"), chats.choose_conversation_file),
        ("&Models...", QKeySequence("Ctrl+M"), models.open_model_picker),
        ("&Import a model file...", QKeySequence("Ctrl+I"), models.choose_model_file),
        ("&Stop reply", QKeySequence(Qt.Key.Key_Escape), stop_reply),
        ("C&ontinue reply", QKeySequence("Ctrl+Shift+Return"), chats.continue_reply),
        ("&Copy last reply", QKeySequence("Ctrl+Shift+C"), chats.copy_last_reply),
        ("Copy chat as Mar&kdown", QKeySequence("Ctrl+Alt+C"), chats.branches.copy_branch_markdown),
    ]
    icons: dict[Callable[[], object], str] = {
        chats.new_chat: "new-chat",
        focus_search: "search",
        chats.rename_current: "rename",
        models.open_model_picker: "models",
        chats.copy_last_reply: "copy",
    }
    for text, keys, handler in entries:
        action = QAction(icon(icons.get(handler, "")), text, window)
        action.setShortcut(keys)
        action.triggered.connect(handler)
        chat_menu.addAction(action)
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
    quit_action = chat_menu.addAction("&Quit", window.close)
    quit_action.setShortcut(QKeySequence.StandardKey.Quit)
    view_menu = window.menuBar().addMenu("&View")
    for dock, text, shortcut in (
        (docks[0], "&Settings", "Ctrl+,"),
        (docks[1], "&Chats", "Ctrl+Shift+L"),
    ):
        toggle = dock.toggleViewAction()
        toggle.setText(text)
        toggle.setShortcut(QKeySequence(shortcut))
        view_menu.addAction(toggle)
    docks[0].toggleViewAction().setIcon(icon("settings"))
    view_menu.addSeparator()
    add_theme_menu(view_menu)
