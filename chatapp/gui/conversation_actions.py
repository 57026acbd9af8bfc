"""The window's chat actions: new chat, open, search, rename, delete with undo, export
and import, redoing the last exchange, and what is said when saving goes wrong."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
)

from chatapp.core.conversation import (
    Conversation,
    ImportFormatError,
    MessageState,
    export_json,
    export_markdown,
    read_import_file,
)
from chatapp.core.settings import AppSettings, sampling_from
from chatapp.core.store import ConversationSummary
from chatapp.gui.branch_actions import BranchActions
from chatapp.gui.chat_view import ChatView
from chatapp.gui.composer import Composer
from chatapp.gui.conversation_keeper import ConversationKeeper
from chatapp.gui.i18n import error_text, message_text, watch_language
from chatapp.gui.notices import show_notice
from chatapp.gui.reply_controller import ReplyController, settings_snapshot
from chatapp.gui.reply_queue import ReplyQueueBar
from chatapp.gui.settings_panel import SettingsPanel
from chatapp.gui.sidebar import ConversationSidebar
from chatapp.gui.store_worker import StoreStatus

APP_TITLE = "ChatApp"


@dataclass(frozen=True)
class ChatWidgets:
    """The widgets the chat actions show things in; ``window`` gives the title, the
    status bar and the parent of dialogs."""

    window: QMainWindow
    chat_view: ChatView
    composer: Composer
    sidebar: ConversationSidebar
    sidebar_dock: QDockWidget
    settings_panel: SettingsPanel


class ConversationActions(QObject):
    """What the user does with chats, on the ConversationKeeper and the ReplyController
    (a reply goes on in the background when its chat is left, and is shown streaming
    again on return). It adds an Undo button for deletions, the replies waiting their
    turn (with Cancel) and a warning for failed saves to the window's status bar.

    Signals:
        conversation_shown(): another chat (or a new one) is shown or the open one
            changed: the context meter needs a new reading.
        settings_changed(): the app settings changed (a chat's sampling, system prompt,
            the last chat) and are to be saved.
        conversation_opened(object): a saved chat was opened; the argument is the model
            that answered it last ("model · server" for a server's), or None.
        continue_available(bool): whether the last reply on screen can be continued.
    """

    continue_available = Signal(bool)
    conversation_shown = Signal()
    settings_changed = Signal()
    conversation_opened = Signal(object)

    def __init__(
        self,
        widgets: ChatWidgets,
        keeper: ConversationKeeper,
        replies: ReplyController,
        settings: AppSettings,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.widgets = widgets
        self.window = widgets.window
        self.keeper = keeper
        self.replies = replies
        self.settings = settings
        self._pending_open: tuple[str, int | None] | None = None
        self._deleted: ConversationSummary | None = None
        self._deleted_note = ""  # the status bar's line while Undo is offered
        self._save_error: str | None = None
        status_bar = self.window.statusBar()
        self.undo_button = QPushButton(self.window)
        self.undo_button.setObjectName("undoDelete")
        self.undo_button.hide()
        status_bar.addPermanentWidget(self.undo_button)
        self.save_warning = QLabel(self.window)
        self.save_warning.setObjectName("saveWarning")
        self.save_warning.setStyleSheet("color: #cf222e;")
        self.save_warning.setWordWrap(True)
        self.save_warning.hide()
        status_bar.addPermanentWidget(self.save_warning, 1)
        self.queue_bar = ReplyQueueBar(self.window)
        status_bar.addPermanentWidget(self.queue_bar)
        self.queue_bar.cancel_requested.connect(replies.cancel_waiting)
        replies.waiting_changed.connect(self._on_waiting_changed)
        keeper.start_new(self._fresh_conversation())
        keeper.ready.connect(self._on_store_ready)
        keeper.list_changed.connect(self._on_conversation_list_changed)
        keeper.save_failed.connect(self._on_save_failed)
        keeper.saved_again.connect(self._on_saved_again)
        replies.reply_ended.connect(self._on_reply_ended)
        replies.reply_restored.connect(self._on_reply_restored)
        replies.model_loaded.connect(self.show_can_continue)
        replies.server_connected.connect(self.show_can_continue)
        sidebar = widgets.sidebar
        sidebar.new_chat_requested.connect(self.new_chat)
        sidebar.conversation_chosen.connect(self._on_conversation_chosen)
        sidebar.hit_chosen.connect(self._on_hit_chosen)
        # Queued: renaming refills the list, which must not happen inside the item's edit.
        sidebar.rename_requested.connect(
            self._on_rename_requested, Qt.ConnectionType.QueuedConnection
        )
        sidebar.delete_requested.connect(self.delete_conversation)
        sidebar.export_requested.connect(self._on_export_requested)
        sidebar.search_changed.connect(self._on_search_changed)
        self.branches = BranchActions(
            self.window, widgets.chat_view, widgets.composer, keeper, replies
        )
        self.branches.branch_shown.connect(self.conversation_shown)
        self.branches.branch_shown.connect(self.show_can_continue)
        widgets.composer.regenerate_requested.connect(self.regenerate)
        widgets.composer.continue_requested.connect(self.continue_reply)
        widgets.composer.edit_requested.connect(self.branches.edit_last)
        widgets.chat_view.copied.connect(self._on_copied)
        self.undo_button.clicked.connect(self.undo_delete)
        status_bar.messageChanged.connect(self._on_status_message_changed)
        self._set_texts()
        watch_language(self.undo_button, self._set_texts)

    def _set_texts(self) -> None:
        self.undo_button.setText(self.tr("Undo"))
        self._show_save_warning()

    def _status(self, text: str, timeout: int = 0) -> None:
        self.window.statusBar().showMessage(text, timeout)

    def show_title(self, conversation: Conversation | None) -> None:
        """The window's title: ChatApp and the open chat's title."""
        title = f"{APP_TITLE} — {conversation.title}" if conversation else APP_TITLE
        self.window.setWindowTitle(title)

    def _fresh_conversation(self) -> Conversation:
        return Conversation(
            settings=settings_snapshot(self.settings.sampling),
            system_prompt=self.settings.system_prompt,
            overflow_policy=self.keeper.current.overflow_policy,
        )

    def _show_has_reply(self) -> None:
        history = self.keeper.history()
        self.widgets.composer.set_has_reply(bool(history) and history[-1].role == "assistant")
        self.show_can_continue()

    @Slot()
    def show_can_continue(self) -> None:
        """Enable Continue (button and menu) when the last reply can go on."""
        can_continue = self.replies.can_continue()
        self.widgets.composer.set_can_continue(can_continue)
        self.continue_available.emit(can_continue)

    # The open chat -------------------------------------------------------------------

    @Slot()
    def new_chat(self) -> None:
        """Start an empty conversation (a reply being written goes on in its chat)."""
        self.branches.end_edit()
        self.keeper.start_new(self._fresh_conversation())
        self.widgets.chat_view.clear_conversation()
        self.widgets.composer.set_has_reply(False)
        self.widgets.composer.set_streaming(False)
        self.show_can_continue()
        self.widgets.sidebar.set_current(None)
        self.show_title(None)
        self.conversation_shown.emit()
        self.widgets.composer.editor.setFocus()

    @Slot()
    def regenerate(self) -> None:
        """Write a new reply beside the last one (a new random seed gives a new answer);
        both stay, as branches."""
        if self.replies.last_exchange_ready():
            self.widgets.chat_view.remove_last_message()
            self.replies.regenerate(self.settings.sampling, self.settings.system_prompt)

    @Slot()
    def continue_reply(self) -> None:
        """Let the last reply go on where it stopped (after Stop or the length limit);
        the new text is appended to the same message."""
        if self.replies.can_continue():
            self.widgets.chat_view.resume_reply()
            self.replies.continue_reply(self.settings.sampling, self.settings.system_prompt)
            self.show_can_continue()

    @Slot()
    def _on_reply_restored(self) -> None:
        self.branches.refresh()  # the continuation failed: the reply is shown as it was

    @Slot()
    def retry(self) -> None:
        """Try the failed reply at the end of the chat again (Retry on its error line)."""
        messages = self.keeper.current.messages
        if self.replies.is_generating or not messages or not messages[-1].is_error:
            return
        self.widgets.chat_view.remove_last_message()
        self.replies.retry(self.settings.sampling, self.settings.system_prompt)

    @Slot()
    def copy_last_reply(self) -> None:
        replies = [m.content for m in self.keeper.history() if m.role == "assistant"]
        if replies:
            QGuiApplication.clipboard().setText(replies[-1])
            self._on_copied(self.tr("Last reply copied"))

    @Slot(str)
    def _on_copied(self, what: str) -> None:
        self._status(what, 3000)

    # Conversations -----------------------------------------------------------

    @Slot(object)
    def _on_store_ready(self, status: StoreStatus) -> None:
        if status.notice:
            show_notice(self.window, self.tr("Conversations"), message_text(status.notice))
        last = self.settings.last_conversation
        if last and not self.keeper.current.messages and self.keeper.load(last) is not None:
            self.open_conversation(last)

    @Slot()
    def _on_conversation_list_changed(self) -> None:
        self.widgets.sidebar.set_conversations(self.keeper.summaries())
        self.widgets.sidebar.set_reply_marks(self.replies.reply_marks())
        current = self.keeper.current
        self.widgets.sidebar.set_current(current.id if current.messages else None)

    def open_conversation(self, conversation_id: str, position: int | None = None) -> bool:
        """Show a saved conversation (at the message at ``position``) and restore its
        settings; a reply being written for it is shown as it goes on."""
        conversation = self.keeper.open(conversation_id)
        if conversation is None:
            self._status(self.tr("That chat is no longer there"), 5000)
            return False
        self.branches.end_edit()
        view = self.widgets.chat_view
        navigators = self.keeper.navigators()
        view.show_conversation(conversation.messages, conversation.context_start, navigators)
        self._show_reply_state(conversation)
        sampling = sampling_from(conversation.settings.get("sampling", {}), self.settings.sampling)
        self.settings.sampling = sampling
        self.settings.system_prompt = conversation.system_prompt
        self.widgets.settings_panel.show_conversation_settings(
            sampling, conversation.system_prompt, conversation.overflow_policy
        )
        self.settings.last_conversation = conversation.id
        self.settings_changed.emit()
        self.widgets.sidebar.set_current(conversation.id)
        self.show_title(conversation)
        self._show_has_reply()
        if position is not None:
            view.scroll_to_message(position)
        self.conversation_shown.emit()
        answered = [m.model for m in conversation.messages if m.role == "assistant" and m.model]
        self.conversation_opened.emit(answered[-1] if answered else conversation.model)
        return True

    def _show_reply_state(self, conversation: Conversation) -> None:
        """A reply written (or waiting) for the chat just shown streams on in the view."""
        state = self.replies.reply_marks().get(conversation.id, "")
        last = conversation.messages[-1] if conversation.messages else None
        if state == "generating" and last is not None and last.state == MessageState.STREAMING:
            self.widgets.chat_view.resume_reply()
        elif state:
            self.widgets.chat_view.begin_reply()
        self.widgets.composer.set_streaming(bool(state))

    @Slot()
    def _on_waiting_changed(self) -> None:
        marks = self.replies.reply_marks()
        self.widgets.sidebar.set_reply_marks(marks)
        self.queue_bar.show_waiting([q.conversation.title for q in self.replies.waiting])
        self.widgets.composer.set_streaming(bool(marks.get(self.keeper.current.id)))

    @Slot()
    def _on_reply_ended(self) -> None:
        self.show_can_continue()
        if self._pending_open is not None:
            conversation_id, position = self._pending_open
            self._pending_open = None
            self.open_conversation(conversation_id, position)

    @Slot(str)
    def _on_conversation_chosen(self, conversation_id: str) -> None:
        self.open_conversation(conversation_id)

    @Slot(str, int, str)
    def _on_hit_chosen(self, conversation_id: str, position: int, message_id: str) -> None:
        """Open the chat at the hit, showing the branch it is in."""
        current = conversation_id == self.keeper.current.id
        conversation = self.keeper.load(conversation_id)
        if conversation is not None and not (current and self.replies.is_generating):
            position = self.keeper.show_message(conversation, message_id)
            if position < 0:
                self._status(self.tr("That message is no longer there"), 5000)
                return
        if current and not self.replies.is_generating:
            self.branches.refresh()
            self.widgets.chat_view.scroll_to_message(position)
        else:
            self.open_conversation(conversation_id, position)

    @Slot(str)
    def _on_search_changed(self, text: str) -> None:
        if text:
            self.widgets.sidebar.show_hits(self.keeper.search(text))

    @Slot(str, str)
    def _on_rename_requested(self, conversation_id: str, title: str) -> None:
        if not title.strip():
            self._on_conversation_list_changed()  # an empty title puts the old one back
            return
        self.keeper.rename(conversation_id, title)
        if conversation_id == self.keeper.current.id:
            self.show_title(self.keeper.current)

    @Slot()
    def rename_current(self) -> None:
        """Edit the title of the open chat in the list, or of the chat selected there
        when the list has the focus (F2 in the list)."""
        sidebar = self.widgets.sidebar
        if sidebar.list.hasFocus() and sidebar.list.currentItem() is not None:
            sidebar.rename_selected()
            return
        item = sidebar.item_for(self.keeper.current.id)
        if item is not None:
            self.widgets.sidebar_dock.show()
            sidebar.list.setCurrentItem(item)
            sidebar.rename_selected()

    @Slot(str)
    def delete_conversation(self, conversation_id: str) -> None:
        """Delete a conversation; Undo in the status bar brings it back."""
        is_current = conversation_id == self.keeper.current.id
        if self.replies.reply_marks().get(conversation_id):
            self._status(self.tr("Stop the reply before deleting this chat"), 5000)
            return
        summary = self.keeper.delete(conversation_id)
        if summary is None:
            return
        if is_current:
            self.new_chat()
        self._deleted = summary
        self._deleted_note = self.tr("Deleted “{title}”").format(title=summary.title)
        self._status(self._deleted_note, 15000)
        self.undo_button.show()

    @Slot()
    def undo_delete(self) -> None:
        summary, self._deleted = self._deleted, None
        self.undo_button.hide()
        if summary is not None:
            self.keeper.restore(summary)
            self._status(self.tr("Restored “{title}”").format(title=summary.title), 5000)

    @Slot(str)
    def _on_status_message_changed(self, text: str) -> None:
        if text != self._deleted_note:
            self.undo_button.hide()

    @Slot(object)
    def _on_save_failed(self, message: str) -> None:
        self._save_error = message
        self._show_save_warning()

    def _show_save_warning(self) -> None:
        if self._save_error is None:
            self.save_warning.hide()
            return
        self.save_warning.setText(
            self.tr(
                "Not saved: {reason}. Your chat is kept in memory and saved as soon as it can be."
            ).format(reason=message_text(self._save_error))
        )
        self.save_warning.show()

    @Slot()
    def _on_saved_again(self) -> None:
        self._save_error = None
        self._show_save_warning()
        self._status(self.tr("Your chats are saved again"), 5000)

    def confirm_quit_unsaved(self) -> bool:
        """Whether to quit although some messages could not be saved."""
        answer = QMessageBox.warning(
            self.window,
            self.tr("Quit ChatApp"),
            self.tr(
                "Some messages are not saved ({reason}). Quit anyway? To keep them, free "
                "some space, or export the chat first."
            ).format(reason=message_text(self.keeper.unsaved_error or "")),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    # Export and import -----------------------------------------------------------

    @Slot()
    def export_current_markdown(self) -> None:
        self._on_export_requested(self.keeper.current.id, "markdown")

    @Slot()
    def export_current_json(self) -> None:
        self._on_export_requested(self.keeper.current.id, "json")

    @Slot(str, str)
    def _on_export_requested(self, conversation_id: str, kind: str) -> None:
        conversation = self.keeper.load(conversation_id)
        if conversation is None or not conversation.messages:
            self._status(self.tr("There is nothing to export in this chat yet"), 5000)
            return
        path = self.ask_export_path(conversation.title, kind)
        if path is not None:
            self.export_conversation(conversation, path, kind)

    def ask_export_path(self, title: str, kind: str) -> Path | None:
        """Where to export (a file dialog); None when the user cancels."""
        if kind == "markdown":
            suffix, label = ".md", self.tr("Markdown (*.md)")
        else:
            suffix, label = ".json", self.tr("JSON (*.json)")
        safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in title).strip() or "chat"
        chosen, _ = QFileDialog.getSaveFileName(
            self.window, self.tr("Export chat"), str(Path.home() / f"{safe}{suffix}"), label
        )
        return Path(chosen) if chosen else None

    def export_conversation(self, conversation: Conversation, path: Path, kind: str) -> bool:
        text = export_markdown(conversation) if kind == "markdown" else export_json(conversation)
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            QMessageBox.warning(
                self.window,
                self.tr("Export chat"),
                self.tr("Cannot write {path}: {reason}. Choose another folder.").format(
                    path=path, reason=exc.strerror or exc
                ),
            )
            return False
        self._status(self.tr("Exported to {path}").format(path=path), 8000)
        return True

    @Slot()
    def choose_conversation_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Import a chat"),
            str(Path.home()),
            self.tr("ChatApp chats (*.json);;All files (*)"),
        )
        if chosen:
            self.import_conversation_file(Path(chosen))

    def import_conversation_file(self, path: Path) -> bool:
        """Import a chat exported as JSON and open it; a bad file is explained."""
        try:
            conversation = read_import_file(path)
        except ImportFormatError as exc:
            QMessageBox.warning(
                self.window,
                self.tr("Import chat"),
                self.tr("Cannot import {name}: {reason}").format(
                    name=path.name, reason=error_text(exc)
                ),
            )
            return False
        imported = self.keeper.add_imported(conversation)
        self._pending_open = None
        self.open_conversation(imported.id)
        self._status(self.tr("Imported “{title}”").format(title=imported.title), 5000)
        return True
