"""What the user does with the branches of the open chat: edit any of their messages
(a new branch; the old one is kept), move between siblings with ``‹ 2/3 ›``, delete a
message and what follows it (with Undo), and copy the branch shown as Markdown."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QPushButton

from chatapp.core.conversation import export_markdown
from chatapp.core.message_tree import Removed
from chatapp.core.messages import QT_TRANSLATE_NOOP
from chatapp.core.templates import Role
from chatapp.gui.chat_view import ChatView
from chatapp.gui.composer import Composer
from chatapp.gui.conversation_keeper import ConversationKeeper
from chatapp.gui.i18n import watch_language
from chatapp.gui.reply_controller import ReplyController

EDITING_NOTE = QT_TRANSLATE_NOOP(
    "BranchActions", "Editing a message: send it as a new branch, or Cancel edit"
)
WAIT_NOTE = QT_TRANSLATE_NOOP("BranchActions", "Wait for the reply to end (or stop it) first")


class BranchActions(QObject):
    """Edits, branch navigation and message deletion in the open chat, on the
    ConversationKeeper; the view is shown again from the chat after each change (never
    while a reply streams). Adds "Cancel edit" and "Undo" buttons to the status bar.

    Signals:
        branch_shown(): the branch shown changed: the context meter needs a new reading.
    """

    branch_shown = Signal()

    def __init__(
        self,
        window: QMainWindow,
        view: ChatView,
        composer: Composer,
        keeper: ConversationKeeper,
        replies: ReplyController,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.view = view
        self.composer = composer
        self.keeper = keeper
        self.replies = replies
        self.editing: int | None = None
        self._removed: Removed | None = None
        self._deleted_note = ""  # the status bar's line while Undo is offered
        status_bar = window.statusBar()
        self.cancel_edit_button = QPushButton(window)
        self.cancel_edit_button.setObjectName("cancelEdit")
        self.cancel_edit_button.hide()
        status_bar.addPermanentWidget(self.cancel_edit_button)
        self.undo_button = QPushButton(window)
        self.undo_button.setObjectName("undoDeleteMessage")
        self.undo_button.hide()
        status_bar.addPermanentWidget(self.undo_button)
        # Shown again once the signal handlers that changed the chat have all run.
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)
        self.cancel_edit_button.clicked.connect(self.cancel_edit)
        self.undo_button.clicked.connect(self.undo_delete)
        view.branch_step_requested.connect(self.step)
        view.edit_requested.connect(self.edit)
        view.delete_requested.connect(self.delete)
        composer.send_requested.connect(self._on_sent)
        keeper.branch_changed.connect(self._refresh_timer.start)
        replies.reply_ended.connect(self._on_reply_ended)
        status_bar.messageChanged.connect(self._on_status_message_changed)
        self._set_texts()
        watch_language(self.undo_button, self._set_texts)

    def _set_texts(self) -> None:
        self.cancel_edit_button.setText(self.tr("Cancel edit"))
        self.undo_button.setText(self.tr("Undo"))

    def _busy(self) -> bool:
        if self.replies.is_generating:
            self.window.statusBar().showMessage(self.tr(WAIT_NOTE), 5000)  # i18n: checked
            return True
        return False

    @Slot()
    def refresh(self) -> None:
        """Show the open chat's branch again, where the user was reading."""
        if self.replies.is_generating:
            return
        conversation = self.keeper.current
        self.view.show_conversation(
            conversation.messages,
            conversation.context_start,
            self.keeper.navigators(),
            keep_place=True,
        )
        last = conversation.messages[-1] if conversation.messages else None
        self.composer.set_has_reply(last is not None and last.role == Role.ASSISTANT)
        self.branch_shown.emit()

    @Slot(int, int)
    def step(self, position: int, step: int) -> None:
        """Show the previous (-1) or next (+1) sibling of the message at ``position``."""
        if not self._busy() and self.keeper.show_sibling(position, step):
            self.end_edit()
            self.refresh()

    @Slot(int)
    def edit(self, position: int) -> None:
        """Put the user message at ``position`` in the composer; sending it makes a new
        branch there, Cancel edit shows the chat as it was."""
        messages = self.keeper.current.messages
        if self._busy() or not 0 <= position < len(messages):
            return
        if messages[position].role != Role.USER:
            return
        if self.editing is not None:
            self.keeper.show_continuation()
        text = messages[position].content
        self.keeper.branch_from(position)
        self.editing = position
        self.refresh()
        self.composer.edit_text(text)
        self.cancel_edit_button.show()
        self.window.statusBar().showMessage(self.tr(EDITING_NOTE))  # i18n: checked

    @Slot()
    def edit_last(self) -> None:
        """Edit the last of the user's messages (the composer's Edit last)."""
        messages = self.keeper.current.messages
        users = [i for i, m in enumerate(messages) if m.role == Role.USER]
        if users:
            self.edit(users[-1])

    @Slot()
    def cancel_edit(self) -> None:
        """Leave the edit: the composer is emptied and the chat shown as it was."""
        if self.editing is None:
            return
        self.end_edit()
        self.composer.editor.clear()
        if not self.keeper.show_continuation():
            self.refresh()

    def end_edit(self) -> None:
        """Forget the edit in progress (it was sent, or the chat changed)."""
        if self.editing is not None:
            self.editing = None
            self.cancel_edit_button.hide()
            self.window.statusBar().clearMessage()

    @Slot(str)
    def _on_sent(self, _text: str) -> None:
        self.end_edit()

    @Slot(int)
    def delete(self, position: int) -> None:
        """Delete the message at ``position`` and what follows it; Undo brings it back."""
        if self._busy() or not 0 <= position < len(self.keeper.current.messages):
            return
        self.end_edit()
        self._removed = self.keeper.delete_from(position)
        self.refresh()
        count = len(self._removed.messages)
        self._deleted_note = self.tr("Deleted %n message(s)", "", count)
        self.window.statusBar().showMessage(self._deleted_note, 15000)
        self.undo_button.show()

    @Slot()
    def undo_delete(self) -> None:
        removed, self._removed = self._removed, None
        self.undo_button.hide()
        if removed is None or self._busy():
            self._removed = removed
            return
        conversation = self.keeper.restore_deleted(removed)
        if conversation is not None and conversation is self.keeper.current:
            self.refresh()
        self.window.statusBar().showMessage(self.tr("Restored"), 5000)

    @Slot(str)
    def _on_status_message_changed(self, text: str) -> None:
        if text != self._deleted_note and self._removed is not None:
            self.undo_button.hide()

    @Slot()
    def _on_reply_ended(self) -> None:
        # Once per reply, in a chat with branches: the new message's navigator appears.
        navigators = self.keeper.navigators()
        branched = any(count > 1 for _, count in navigators)
        if branched or self.view.message_count != len(navigators):
            self._refresh_timer.start()

    @Slot()
    def copy_branch_markdown(self) -> None:
        """Put the branch shown, as Markdown, on the clipboard."""
        if not self.keeper.current.messages:
            return
        QGuiApplication.clipboard().setText(export_markdown(self.keeper.current))
        self.window.statusBar().showMessage(self.tr("Chat copied as Markdown"), 3000)
