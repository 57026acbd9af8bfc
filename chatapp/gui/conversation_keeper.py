"""ConversationKeeper: the open conversation, the list of all of them, and saving.

Writes go to a StoreWorker on the "store" thread, so saving never blocks the window;
reads (opening a chat, search) use a connection of the GUI thread's own, which WAL
lets run beside the writer. Conversations touched this session are kept in memory,
so what the window shows never waits for a write to land.
"""

from __future__ import annotations

import copy
import logging
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, QTimer, Signal, Slot

from chatapp.core import message_tree
from chatapp.core.conversation import Conversation, StoredMessage, new_id, title_from
from chatapp.core.store import ConversationStore, ConversationSummary, SearchHit
from chatapp.core.templates import Message
from chatapp.gui.store_worker import StoreOp, StoreStatus, StoreWorker

log = logging.getLogger(__name__)

# A streaming reply is saved this often: a killed app loses at most about this much.
FLUSH_SECONDS = 1.0


class ConversationKeeper(QObject):
    """Keeps every conversation saved; ``current`` is the one in the window.

    Signals:
        ready(StoreStatus): the store is open and the list of conversations is known.
        list_changed(): a conversation was added, renamed, deleted or updated.
        save_failed(str): a write failed (why: a core Message where it has one); the text
            stays in memory and is retried.
        saved_again(): the failed writes went through.
        branch_changed(): the branch shown of the open chat changed other than by a
            message added at its end (a reply given up showed the old branch again).
    """

    open_requested = Signal(str)
    write_requested = Signal(object)
    retry_requested = Signal()
    ready = Signal(object)
    list_changed = Signal()
    save_failed = Signal(object)
    saved_again = Signal()
    branch_changed = Signal()

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.current = Conversation()
        self.status: StoreStatus | None = None
        self.unsaved_error: str | None = None
        self._reader: ConversationStore | None = None
        self._summaries: dict[str, ConversationSummary] = {}
        self._known: dict[str, Conversation] = {}
        self._in_store: set[str] = set()
        self._last_flush = 0.0
        # After a failed write, the store tries again by itself: 5 s, then up to 30 s
        # apart, so that a chat is saved as soon as space comes back without a new send.
        self.retry_first_ms = 5_000
        self.retry_max_ms = 30_000
        self._retrying = False
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self._on_retry_due)
        self._thread = QThread(self)
        self._thread.setObjectName("store")
        self.worker = StoreWorker()
        self.worker.moveToThread(self._thread)
        self.open_requested.connect(self.worker.open)
        self.write_requested.connect(self.worker.run)
        self.retry_requested.connect(self.worker.retry)
        self.worker.opened.connect(self._on_opened)
        self.worker.save_failed.connect(self._on_save_failed)
        self.worker.saved_again.connect(self._on_saved_again)
        self._thread.start()
        self.open_requested.emit(str(db_path))

    @property
    def is_ready(self) -> bool:
        return self.status is not None

    @Slot(object)
    def _on_opened(self, status: StoreStatus) -> None:
        if not self._thread.isRunning():  # came after shutdown: an in-memory store is gone
            return
        try:
            self._reader = ConversationStore(status.location, uri=status.uri, create=False)
            for summary in self._reader.list_conversations():
                self._summaries.setdefault(summary.id, summary)
                self._in_store.add(summary.id)
        except Exception:
            log.exception("cannot read the conversation store")
            self._reader = None
        self.status = status
        self.ready.emit(status)
        self.list_changed.emit()

    @Slot(object)
    def _on_save_failed(self, message: str) -> None:
        self.unsaved_error = message
        if not self._retry_timer.isActive():
            interval = self._retry_timer.interval() if self._retrying else self.retry_first_ms
            self._retry_timer.start(interval)
        self.save_failed.emit(message)

    @Slot()
    def _on_saved_again(self) -> None:
        self.unsaved_error = None
        self._retry_timer.stop()
        self._retrying = False
        self.saved_again.emit()

    @Slot()
    def _on_retry_due(self) -> None:
        # The next failure waits twice as long (at most retry_max_ms).
        self._retrying = True
        self._retry_timer.setInterval(min(self._retry_timer.interval() * 2, self.retry_max_ms))
        self.retry_saving()

    def _write(self, name: str, *args: Any) -> None:
        # Copies, so that later edits in the window do not race the store thread.
        self.write_requested.emit(StoreOp(name, copy.deepcopy(args)))

    def retry_saving(self) -> None:
        """Try the failed writes again now (a timer also does it by itself)."""
        self.retry_requested.emit()

    # The list ---------------------------------------------------------------

    def summaries(self) -> list[ConversationSummary]:
        """Every conversation, most recently updated first."""
        return sorted(self._summaries.values(), key=lambda s: s.updated, reverse=True)

    def _touch(self, conversation: Conversation) -> None:
        self._known[conversation.id] = conversation
        self._summaries[conversation.id] = ConversationSummary(
            conversation.id,
            conversation.title,
            conversation.created,
            conversation.updated,
            len(conversation.messages),
        )
        self.list_changed.emit()

    def load(self, conversation_id: str) -> Conversation | None:
        """A conversation by id: from memory when touched this session, else the store."""
        known = self._known.get(conversation_id)
        if known is not None:
            return known
        if self._reader is None or conversation_id not in self._summaries:
            return None
        loaded = self._reader.load(conversation_id)
        if loaded is not None:
            self._known[conversation_id] = loaded
        return loaded

    def search(self, text: str) -> list[SearchHit]:
        if self._reader is None:
            return []
        return [h for h in self._reader.search(text) if h.conversation_id in self._summaries]

    # The open conversation ----------------------------------------------------

    def history(self) -> list[Message]:
        return [m.as_message() for m in self.current.messages]

    def start_new(self, conversation: Conversation) -> None:
        """Make ``conversation`` (empty) current; it is saved with its first message."""
        self.current = conversation

    def open(self, conversation_id: str) -> Conversation | None:
        conversation = self.load(conversation_id)
        if conversation is not None:
            self.current = conversation
            message_tree.show_continuation(conversation)  # an edit left unsent
        return conversation

    def save_header(self, conversation: Conversation | None = None) -> None:
        """Save the title, settings snapshot and policy of ``conversation`` (the
        current one by default, as for the methods below)."""
        conversation = conversation or self.current
        if conversation.id in self._in_store or conversation.messages:
            conversation.updated = time.time()
            self._in_store.add(conversation.id)
            self._write("save_conversation", _header(conversation))
            self._touch(conversation)

    def add_message(
        self,
        message: StoredMessage,
        *,
        with_header: bool = False,
        conversation: Conversation | None = None,
    ) -> None:
        """Append a message to the current conversation and save it; the header (title,
        settings snapshot, policy) too when ``with_header`` or when it is new."""
        conversation = conversation or self.current
        if not conversation.messages and conversation.title == "New chat":
            conversation.title = title_from(message.content)
        message_tree.append(conversation, message)  # the store hides its older siblings
        conversation.updated = time.time()
        if with_header or conversation.id not in self._in_store:
            self._in_store.add(conversation.id)
            self._write("save_conversation", _header(conversation))
        self._save_message(len(conversation.messages) - 1, conversation)
        self._touch(conversation)

    def _save_message(self, position: int, conversation: Conversation | None = None) -> None:
        conversation = conversation or self.current
        self._write("save_message", conversation.id, position, conversation.messages[position])
        self._last_flush = time.monotonic()

    def reply_grew(self, force: bool = False, conversation: Conversation | None = None) -> None:
        """The last message (a streaming reply) changed: saved every FLUSH_SECONDS."""
        conversation = conversation or self.current
        if force or time.monotonic() - self._last_flush >= FLUSH_SECONDS:
            self._save_message(len(conversation.messages) - 1, conversation)

    def finish_last(self, conversation: Conversation | None = None) -> None:
        """The last message is complete (or interrupted): save it as it is now."""
        conversation = conversation or self.current
        self._save_message(len(conversation.messages) - 1, conversation)
        self._touch(conversation)

    def take_back(
        self, count: int, *, keep_place: bool = False, conversation: Conversation | None = None
    ) -> list[StoredMessage]:
        """Delete the last ``count`` messages (a reply given up) and return them; when the
        first of them had an older sibling, that sibling's branch is shown again, unless
        ``keep_place`` (a new try is written there)."""
        conversation = conversation or self.current
        position = len(conversation.messages) - count
        taken = conversation.messages[position:]
        message_tree.delete_branch(conversation, position)
        if keep_place:
            message_tree.hide_from(conversation, position)
        if conversation.id in self._in_store:
            self._write("delete_message", conversation.id, taken[0].id)
            self._write("set_shown", conversation.id, conversation.messages[position:])
            self._touch(conversation)
        if len(conversation.messages) > position and conversation is self.current:
            self.branch_changed.emit()
        return taken

    # Branches of the open conversation -------------------------------------------

    def navigators(self) -> list[tuple[int, int]]:
        """For each message shown: which of its siblings it is (from 1), and how many."""
        conversation = self.current
        return [
            message_tree.siblings_at(conversation, i) for i in range(len(conversation.messages))
        ]

    def branch_from(self, position: int) -> None:
        """Stop showing the messages from ``position`` on (kept, saved as they are): the
        next message added there is a new branch (an edit, a regenerated reply)."""
        message_tree.hide_from(self.current, position)

    def show_continuation(self) -> bool:
        """Show again the branch hidden by ``branch_from`` when nothing new was added
        there (an edit cancelled, a regenerated reply that never came)."""
        if not message_tree.show_continuation(self.current):
            return False
        self.branch_changed.emit()
        return True

    def show_sibling(self, position: int, step: int) -> bool:
        """Show the sibling ``step`` away of the message at ``position`` (saved)."""
        changed = message_tree.show_sibling(self.current, position, step)
        self._save_shown(self.current, changed)
        return bool(changed)

    def show_message(self, conversation: Conversation, message_id: str) -> int:
        """Show the branch of ``conversation`` that holds ``message_id`` (a search hit);
        its position there, -1 when it is not there any more."""
        position, changed = message_tree.show_message(conversation, message_id)
        self._save_shown(conversation, changed)
        return position

    def delete_from(self, position: int) -> message_tree.Removed:
        """Delete the message at ``position`` and all that follows it, in every branch;
        ``restore_deleted`` brings them back."""
        conversation = self.current
        message_id = conversation.messages[position].id
        removed = message_tree.delete_branch(conversation, position)
        if conversation.id in self._in_store:
            self._write("delete_message", conversation.id, message_id)
            self._save_shown(conversation, conversation.messages[position:])
        return removed

    def restore_deleted(self, removed: message_tree.Removed) -> Conversation | None:
        """Undo ``delete_from`` (in the conversation it was made in)."""
        conversation = self.load(removed.conversation_id)
        if conversation is None:
            return None
        message_tree.restore(conversation, removed)
        if conversation.id in self._in_store:
            for message in removed.messages:  # parents first
                depth = message_tree.depth_of(conversation, message)
                self._write("save_message", conversation.id, depth, message)
            self._save_shown(conversation, conversation.messages)
        return conversation

    def _save_shown(self, conversation: Conversation, changed: list[StoredMessage]) -> None:
        if changed and conversation.id in self._in_store:
            self._write("set_shown", conversation.id, changed)
            self._touch(conversation)

    # Other conversations ------------------------------------------------------

    def rename(self, conversation_id: str, title: str) -> None:
        conversation = self.load(conversation_id)
        if conversation is None:
            return
        conversation.title = title_from(title)
        self._write("rename", conversation_id, conversation.title)
        self._touch(conversation)

    def delete(self, conversation_id: str) -> ConversationSummary | None:
        """Hide a conversation; ``restore`` brings it back until the app ends."""
        summary = self._summaries.pop(conversation_id, None)
        if summary is not None:
            self._write("set_deleted", conversation_id, True)
            self.list_changed.emit()
        return summary

    def restore(self, summary: ConversationSummary) -> None:
        self._summaries[summary.id] = summary
        self._write("set_deleted", summary.id, False)
        self.list_changed.emit()

    def add_imported(self, conversation: Conversation) -> Conversation:
        """Save an imported conversation; it gets new ids when it is already here."""
        if conversation.id in self._summaries or conversation.id in self._in_store:
            conversation.id = new_id()
            new_ids = {m.id: new_id() for m in message_tree.all_messages(conversation)}
            for message in message_tree.all_messages(conversation):
                message.id = new_ids[message.id]
                message.parent_id = new_ids.get(message.parent_id or "")
        self._in_store.add(conversation.id)
        self._write("save_all", conversation)
        self._touch(conversation)
        return conversation

    # Shutdown ---------------------------------------------------------------

    def shutdown(self) -> int:
        """Save what is pending, end the store thread; return how many writes failed."""
        self._retry_timer.stop()
        if not self._thread.isRunning():
            return 0
        QMetaObject.invokeMethod(self.worker, "close", Qt.ConnectionType.BlockingQueuedConnection)
        self._thread.quit()
        self._thread.wait()
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        return len(self.worker.pending)


def _header(conversation: Conversation) -> Conversation:
    """The conversation without its messages: all that save_conversation writes."""
    return replace(conversation, messages=[])
