"""The window's keyboard (fake backend): F2 renames from the chat list, Tab leaves the
message box and Ctrl+Tab types a tab, Ctrl+R regenerates and Ctrl+Shift+Up edits the
last message (from the Chat menu, off when they cannot be done), Ctrl+N gives the
message box the focus."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from chatapp.gui.main_window import MainWindow
from chatapp.testing.fake_backend import FakeBackend
from tests.helpers.window import FAKE_TIMEOUT_MS, ask, type_and_send

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier


def _active(qtbot, window: MainWindow) -> MainWindow:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    return window


def _menu_texts(window: MainWindow) -> dict[str, str]:
    chat_menu = window.menuBar().actions()[0].menu()
    return {a.text(): a.shortcut().toString() for a in chat_menu.actions() if not a.isSeparator()}


def test_f2_in_the_chat_list_edits_the_title_of_the_chat_selected_there(
    qtbot, fake_window: MainWindow
):
    window = _active(qtbot, fake_window)
    ask(qtbot, window, "First chat", timeout=FAKE_TIMEOUT_MS)
    first = window.keeper.current.id
    window.conversations.new_chat()
    ask(qtbot, window, "Second chat", timeout=FAKE_TIMEOUT_MS)
    chats = window.sidebar.list
    chats.setFocus()
    chats.setCurrentItem(window.sidebar.item_for(first))  # chosen with the arrows, not opened
    qtbot.keyClick(chats, Qt.Key.Key_F2)  # an ambiguous F2 would be a Qt warning: a failure
    assert chats.state() == QAbstractItemView.State.EditingState
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "First chat"
    editor.setText("Renamed by F2")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Renamed by F2" in window.sidebar.titles(), timeout=FAKE_TIMEOUT_MS)
    assert window.keeper.load(first).title == "Renamed by F2"  # type: ignore[union-attr]
    assert window.keeper.current.title == "Second chat"


def test_f2_elsewhere_renames_the_open_chat(qtbot, fake_window: MainWindow):
    window = _active(qtbot, fake_window)
    ask(qtbot, window, "Open chat", timeout=FAKE_TIMEOUT_MS)
    qtbot.keyClick(window.composer.editor, Qt.Key.Key_F2)
    chats = window.sidebar.list
    assert chats.state() == QAbstractItemView.State.EditingState
    assert chats.currentItem().text() == "Open chat"
    assert _menu_texts(window)["&Rename chat"] == "F2"


def test_tab_leaves_the_message_box_and_ctrl_tab_types_a_tab(qtbot, fake_window: MainWindow):
    window = _active(qtbot, fake_window)
    editor = window.composer.editor
    editor.setFocus()
    qtbot.keyClicks(editor, "a")
    qtbot.keyClick(editor, Qt.Key.Key_Tab, CTRL)
    qtbot.keyClicks(editor, "b")
    assert window.composer.draft == "a\tb" and editor.hasFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert not editor.hasFocus()
    assert window.composer.draft == "a\tb"


def test_ctrl_r_regenerates_and_is_off_when_there_is_nothing_to_redo(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend
):
    window = _active(qtbot, fake_window)
    regenerate = window.composer.regenerate_action
    assert _menu_texts(window)["&Regenerate reply"] == "Ctrl+R"
    assert not regenerate.isEnabled()
    qtbot.keyClick(window.composer.editor, Qt.Key.Key_R, CTRL)
    assert fake_backend.requests == []  # nothing to regenerate yet
    ask(qtbot, window, "Hello", timeout=FAKE_TIMEOUT_MS)
    assert regenerate.isEnabled()
    fake_backend.tokens = ("Another", " answer")
    with qtbot.waitSignal(window.reply_completed, timeout=FAKE_TIMEOUT_MS):
        qtbot.keyClick(window.composer.editor, Qt.Key.Key_R, CTRL)
        assert not regenerate.isEnabled()  # not while the reply streams
    assert len(fake_backend.requests) == 2
    assert window.history[-1].content == "Another answer"
    assert window.keeper.navigators()[-1] == (2, 2)  # the first answer is kept beside it


def test_ctrl_shift_up_edits_the_last_message(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend
):
    window = _active(qtbot, fake_window)
    edit = window.composer.edit_action
    assert _menu_texts(window)["&Edit last message"] == "Ctrl+Shift+Up"
    assert not edit.isEnabled()
    ask(qtbot, window, "Frist question", timeout=FAKE_TIMEOUT_MS)
    fake_backend.token_delay = 0.05
    with qtbot.waitSignal(window.replies.token_batch_ready, timeout=FAKE_TIMEOUT_MS):
        type_and_send(qtbot, window, "Second question")
    assert not edit.isEnabled()  # not while the reply streams
    qtbot.keyClick(window.composer.editor, Qt.Key.Key_Up, CTRL_SHIFT)
    assert window.composer.draft == "" and window.conversations.branches.editing is None
    qtbot.waitUntil(lambda: not window.replies.is_generating, timeout=FAKE_TIMEOUT_MS)
    assert edit.isEnabled()
    qtbot.keyClick(window.chat_view, Qt.Key.Key_Up, CTRL_SHIFT)
    assert window.composer.draft == "Second question"
    assert window.composer.editor.hasFocus()
    assert window.conversations.branches.editing == 2


def test_ctrl_n_starts_a_chat_with_the_cursor_in_the_message_box(qtbot, fake_window: MainWindow):
    window = _active(qtbot, fake_window)
    ask(qtbot, window, "Hello", timeout=FAKE_TIMEOUT_MS)
    window.sidebar.list.setFocus()
    assert not window.composer.editor.hasFocus()
    qtbot.keyClick(window.sidebar.list, Qt.Key.Key_N, CTRL)
    assert window.history == []
    assert window.composer.editor.hasFocus()
