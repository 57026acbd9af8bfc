"""The window's chat list actions: open, search, rename, delete with undo, export and
import, and what the window says when saving goes wrong.

A mixin of MainWindow, which owns the widgets and the ConversationKeeper it uses.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox

from chatapp.core.conversation import (
    Conversation,
    ImportFormatError,
    export_json,
    export_markdown,
    read_import_file,
)
from chatapp.core.settings import sampling_from
from chatapp.gui.store_worker import StoreStatus

if TYPE_CHECKING:
    from chatapp.gui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object


class ConversationActions(_Base):
    """Chat list actions of the main window (mixed into MainWindow)."""

    # Conversations -----------------------------------------------------------

    @Slot(object)
    def _on_store_ready(self, status: StoreStatus) -> None:
        if status.notice:
            self.show_notice("Conversations", status.notice)
        last = self.settings.last_conversation
        if last and not self.keeper.current.messages and self.keeper.load(last) is not None:
            self.open_conversation(last)

    def show_notice(self, title: str, text: str) -> QMessageBox:
        """A warning that does not block the window (the app goes on behind it)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    @Slot()
    def _on_conversation_list_changed(self) -> None:
        self.sidebar.set_conversations(self.keeper.summaries())
        current = self.keeper.current
        self.sidebar.set_current(current.id if current.messages else None)

    def open_conversation(self, conversation_id: str, position: int | None = None) -> bool:
        """Show a saved conversation (at the message at ``position``) and restore its
        settings; a streaming reply is stopped first."""
        if self._cancel is not None:
            self._pending_open = (conversation_id, position)
            self.stop_reply()
            return False
        conversation = self.keeper.open(conversation_id)
        if conversation is None:
            self.statusBar().showMessage("That chat is no longer there", 5000)
            return False
        self.chat_view.show_conversation(conversation.messages, conversation.context_start)
        sampling = sampling_from(conversation.settings.get("sampling", {}), self.settings.sampling)
        self.settings.sampling = sampling
        self.settings.system_prompt = conversation.system_prompt
        self.settings_panel.show_conversation_settings(
            sampling, conversation.system_prompt, conversation.overflow_policy
        )
        self.settings.last_conversation = conversation.id
        self._save_timer.start()
        self.sidebar.set_current(conversation.id)
        self.setWindowTitle(f"ChatApp — {conversation.title}")
        self.composer.set_has_reply(bool(self.history) and self.history[-1].role == "assistant")
        if position is not None:
            self.chat_view.scroll_to_message(position)
        self._update_meter()
        return True

    @Slot(str)
    def _on_conversation_chosen(self, conversation_id: str) -> None:
        self.open_conversation(conversation_id)

    @Slot(str, int)
    def _on_hit_chosen(self, conversation_id: str, position: int) -> None:
        if conversation_id == self.keeper.current.id and self._cancel is None:
            self.chat_view.scroll_to_message(position)
        else:
            self.open_conversation(conversation_id, position)

    @Slot(str)
    def _on_search_changed(self, text: str) -> None:
        if text:
            self.sidebar.show_hits(self.keeper.search(text))

    @Slot(str, str)
    def _on_rename_requested(self, conversation_id: str, title: str) -> None:
        if not title.strip():
            self._on_conversation_list_changed()  # an empty title puts the old one back
            return
        self.keeper.rename(conversation_id, title)
        if conversation_id == self.keeper.current.id:
            self.setWindowTitle(f"ChatApp — {self.keeper.current.title}")

    @Slot()
    def rename_current(self) -> None:
        item = self.sidebar.item_for(self.keeper.current.id)
        if item is not None:
            self.sidebar_dock.show()
            self.sidebar.list.setCurrentItem(item)
            self.sidebar.rename_selected()

    @Slot(str)
    def delete_conversation(self, conversation_id: str) -> None:
        """Delete a conversation; Undo in the status bar brings it back."""
        is_current = conversation_id == self.keeper.current.id
        if is_current and self._cancel is not None:
            self.statusBar().showMessage("Stop the reply before deleting this chat", 5000)
            return
        summary = self.keeper.delete(conversation_id)
        if summary is None:
            return
        if is_current:
            self.new_chat()
        self._deleted = summary
        self.statusBar().showMessage(f"Deleted “{summary.title}”", 15000)
        self.undo_button.show()

    @Slot()
    def undo_delete(self) -> None:
        summary, self._deleted = self._deleted, None
        self.undo_button.hide()
        if summary is not None:
            self.keeper.restore(summary)
            self.statusBar().showMessage(f"Restored “{summary.title}”", 5000)

    @Slot(str)
    def _on_status_message_changed(self, text: str) -> None:
        if not text.startswith("Deleted “"):
            self.undo_button.hide()

    @Slot(str)
    def _on_save_failed(self, message: str) -> None:
        self.save_warning.setText(
            f"Not saved: {message}. Your chat is kept in memory and saved as soon as it can be."
        )
        self.save_warning.show()

    @Slot()
    def _on_saved_again(self) -> None:
        self.save_warning.hide()
        self.statusBar().showMessage("Your chats are saved again", 5000)

    def confirm_quit_unsaved(self) -> bool:
        """Whether to quit although some messages could not be saved."""
        answer = QMessageBox.warning(
            self,
            "Quit ChatApp",
            f"Some messages are not saved ({self.keeper.unsaved_error}). Quit anyway? "
            "To keep them, free some space, or export the chat first.",
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
            self.statusBar().showMessage("There is nothing to export in this chat yet", 5000)
            return
        path = self.ask_export_path(conversation.title, kind)
        if path is not None:
            self.export_conversation(conversation, path, kind)

    def ask_export_path(self, title: str, kind: str) -> Path | None:
        """Where to export (a file dialog); None when the user cancels."""
        suffix, label = (
            (".md", "Markdown (*.md)") if kind == "markdown" else (".json", "JSON (*.json)")
        )
        safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in title).strip() or "chat"
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Export chat", str(Path.home() / f"{safe}{suffix}"), label
        )
        return Path(chosen) if chosen else None

    def export_conversation(self, conversation: Conversation, path: Path, kind: str) -> bool:
        text = export_markdown(conversation) if kind == "markdown" else export_json(conversation)
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            QMessageBox.warning(
                self,
                "Export chat",
                f"Cannot write {path}: {exc.strerror or exc}. Choose another folder.",
            )
            return False
        self.statusBar().showMessage(f"Exported to {path}", 8000)
        return True

    @Slot()
    def choose_conversation_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Import a chat", str(Path.home()), "ChatApp chats (*.json);;All files (*)"
        )
        if chosen:
            self.import_conversation_file(Path(chosen))

    def import_conversation_file(self, path: Path) -> bool:
        """Import a chat exported as JSON and open it; a bad file is explained."""
        try:
            conversation = read_import_file(path)
        except ImportFormatError as exc:
            QMessageBox.warning(self, "Import chat", f"Cannot import {path.name}: {exc}")
            return False
        if self._cancel is not None:
            self.stop_reply()
        imported = self.keeper.add_imported(conversation)
        self._pending_open = None
        if self._cancel is None:
            self.open_conversation(imported.id)
        else:
            self._pending_open = (imported.id, None)
        self.statusBar().showMessage(f"Imported “{imported.title}”", 5000)
        return True
