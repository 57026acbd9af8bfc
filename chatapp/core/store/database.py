"""ConversationStore: conversations and messages in one SQLite file.

Messages form a tree per conversation (``parent_id``, and ``shown`` for the sibling
shown); :mod:`chatapp.core.message_tree` turns the rows into the branch shown and the
other branches.

WAL mode, so that the window reads while the store thread writes; the schema is
migrated forward on opening (see :mod:`chatapp.core.store.migrations`). Messages are
indexed with FTS5 for search across all chats.

A connection belongs to one thread. The window writes through its store thread and
reads through a connection of its own.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from chatapp.core import message_tree
from chatapp.core.conversation import Conversation, MessageState, OverflowPolicy, StoredMessage
from chatapp.core.errors import ChatAppError
from chatapp.core.messages import QT_TRANSLATE_NOOP, Message
from chatapp.core.store.migrations import MIGRATIONS, SCHEMA_VERSION
from chatapp.core.templates import Role
from chatapp.core.text_enum import TextEnum

log = logging.getLogger(__name__)


class StoreErrorKind(TextEnum):
    """What kind of store failure a StoreError is."""

    FULL = "full"  # the disk is full
    READONLY = "readonly"  # the file or its folder cannot be written
    NEWER = "newer"  # the file was made by a newer ChatApp
    OTHER = "other"


class StoreError(ChatAppError):
    """A store failure as one line, and its ``kind``."""

    def __init__(self, message: str, kind: StoreErrorKind = StoreErrorKind.OTHER) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class ConversationSummary:
    """A row of the sidebar."""

    id: str
    title: str
    created: float
    updated: float
    message_count: int


@dataclass(frozen=True)
class SearchHit:
    """A message that matches a search, with a snippet around the match."""

    conversation_id: str
    title: str
    message_id: str
    position: int
    role: str
    snippet: str
    created: float


# SQLite's primary result codes (the sqlite3 module names them only from Python 3.11).
_SQLITE_FULL = 13
_SQLITE_READONLY = 8


def describe_error(error: sqlite3.Error) -> StoreError:
    """Turn an sqlite3 error into a StoreError a user can act on."""
    text = str(error)
    code = getattr(error, "sqlite_errorcode", None)
    if code == _SQLITE_FULL or "full" in text:
        return StoreError(
            Message(QT_TRANSLATE_NOOP("core", "the disk is full: free some space")),
            StoreErrorKind.FULL,
        )
    if code == _SQLITE_READONLY or "readonly" in text or "read-only" in text:
        return StoreError(
            Message(QT_TRANSLATE_NOOP("core", "the data folder is read-only: make it writable")),
            StoreErrorKind.READONLY,
        )
    return StoreError(text)


class ConversationStore:
    """Conversations and messages in SQLite; one instance per thread."""

    def __init__(self, path: Path | str, *, uri: bool = False, create: bool = True) -> None:
        self.path = path
        self.connection = sqlite3.connect(
            str(path), uri=uri, timeout=5.0, isolation_level=None, check_same_thread=True
        )
        self.connection.row_factory = sqlite3.Row
        self.connection.execute("PRAGMA foreign_keys = ON")
        if create:
            try:
                self.prepare()
            except BaseException:
                self.connection.close()
                raise

    def prepare(self) -> None:
        """WAL mode, and the schema migrated to the current version."""
        db = self.connection
        db.execute("PRAGMA journal_mode = WAL")
        # A process that is killed loses nothing committed; only an OS crash could.
        db.execute("PRAGMA synchronous = NORMAL")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                Message(
                    QT_TRANSLATE_NOOP(
                        "core",
                        "the conversation file was made by a newer ChatApp (schema {version}): "
                        "update ChatApp",
                    ),
                    version=version,
                ),
                StoreErrorKind.NEWER,
            )
        for target in range(version, SCHEMA_VERSION):
            log.info("migrating %s to schema %d", self.path, target + 1)
            db.executescript(
                f"BEGIN; {MIGRATIONS[target]} PRAGMA user_version = {target + 1}; COMMIT;"
            )
        if version < SCHEMA_VERSION:
            # A migration that rebuilt a table leaves its old pages free: give them back.
            db.execute("VACUUM")

    @property
    def schema_version(self) -> int:
        return int(self.connection.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        self.connection.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        db = self.connection
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    # Writing ----------------------------------------------------------------

    def mark_interrupted(self) -> int:
        """Replies still marked as streaming were cut off by an ended process."""
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE messages SET state = ? WHERE state = ?",
                (MessageState.INTERRUPTED.value, MessageState.STREAMING.value),
            )
            return cursor.rowcount

    def save_conversation(self, conversation: Conversation) -> None:
        """Insert or update a conversation's header (its messages are saved one by one)."""
        with self._transaction() as db:
            self._upsert_header(db, conversation)

    def _upsert_header(self, db: sqlite3.Connection, conversation: Conversation) -> None:
        db.execute(
            """INSERT INTO conversations (id, title, created, updated, model, settings,
                   system_prompt, overflow_policy, context_start)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (id) DO UPDATE SET title = excluded.title,
                   updated = excluded.updated, model = excluded.model,
                   settings = excluded.settings, system_prompt = excluded.system_prompt,
                   overflow_policy = excluded.overflow_policy,
                   context_start = excluded.context_start""",
            (
                conversation.id,
                conversation.title,
                conversation.created,
                conversation.updated,
                conversation.model,
                json.dumps(conversation.settings),
                conversation.system_prompt,
                conversation.overflow_policy.value,
                conversation.context_start,
            ),
        )

    def save_message(self, conversation_id: str, position: int, message: StoredMessage) -> None:
        """Insert or update one message (``position`` is its depth in the tree) and bump the
        conversation's time; a message shown is the shown one among its siblings."""
        with self._transaction() as db:
            db.execute(
                """INSERT INTO messages (id, conversation_id, position, role, content, created,
                       stats, model, state, error, parent_id, shown)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (id) DO UPDATE SET content = excluded.content,
                       stats = excluded.stats, state = excluded.state,
                       error = excluded.error, position = excluded.position,
                       parent_id = excluded.parent_id, shown = excluded.shown""",
                (message.id, conversation_id, position, *_message_columns(message)),
            )
            if message.shown:
                self._hide_siblings(db, conversation_id, message)
            db.execute(
                "UPDATE conversations SET updated = ? WHERE id = ?", (time.time(), conversation_id)
            )

    @staticmethod
    def _hide_siblings(
        db: sqlite3.Connection, conversation_id: str, message: StoredMessage
    ) -> None:
        db.execute(
            """UPDATE messages SET shown = 0 WHERE conversation_id = ? AND parent_id IS ?
               AND id != ? AND shown != 0""",
            (conversation_id, message.parent_id, message.id),
        )

    def set_shown(self, conversation_id: str, messages: list[StoredMessage]) -> None:
        """Save which sibling is shown, for messages whose ``shown`` changed."""
        with self._transaction() as db:
            for message in messages:
                db.execute(
                    "UPDATE messages SET shown = ? WHERE conversation_id = ? AND id = ?",
                    (int(message.shown), conversation_id, message.id),
                )
                if message.shown:
                    self._hide_siblings(db, conversation_id, message)

    def delete_message(self, conversation_id: str, message_id: str) -> None:
        """Delete a message and every message written after it, in all its branches."""
        with self._transaction() as db:
            db.execute(
                """WITH RECURSIVE subtree (id) AS (
                       SELECT id FROM messages WHERE conversation_id = ? AND id = ?
                       UNION ALL
                       SELECT m.id FROM messages m JOIN subtree s ON m.parent_id = s.id
                       WHERE m.conversation_id = ?)
                   DELETE FROM messages WHERE id IN subtree""",
                (conversation_id, message_id, conversation_id),
            )

    def save_all(self, conversation: Conversation) -> None:
        """Write a whole conversation (header and every message of every branch) in one
        transaction."""
        message_tree.link_path(conversation)
        depths: dict[str | None, int] = {None: -1}
        ordered = sorted(message_tree.all_messages(conversation), key=lambda m: m.created)
        pending = list(ordered)
        rows = []
        while pending:  # parents first, so that each message's depth is known
            waiting = []
            for message in pending:
                if message.parent_id in depths:
                    depths[message.id] = depths[message.parent_id] + 1
                    rows.append(
                        (
                            message.id,
                            conversation.id,
                            depths[message.id],
                            *_message_columns(message),
                        )
                    )
                else:
                    waiting.append(message)
            if len(waiting) == len(pending):
                raise StoreError(
                    Message(
                        QT_TRANSLATE_NOOP("core", "the conversation's messages do not form a tree")
                    )
                )
            pending = waiting
        with self._transaction() as db:
            self._upsert_header(db, conversation)
            db.execute("DELETE FROM messages WHERE conversation_id = ?", (conversation.id,))
            db.executemany(
                """INSERT INTO messages (id, conversation_id, position, role, content, created,
                       stats, model, state, error, parent_id, shown)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                rows,
            )

    def rename(self, conversation_id: str, title: str) -> None:
        with self._transaction() as db:
            db.execute("UPDATE conversations SET title = ? WHERE id = ?", (title, conversation_id))

    def set_deleted(self, conversation_id: str, deleted: bool) -> None:
        """Hide a conversation (undoable) or bring it back."""
        with self._transaction() as db:
            db.execute(
                "UPDATE conversations SET deleted = ? WHERE id = ?",
                (time.time() if deleted else None, conversation_id),
            )

    def purge_deleted(self) -> int:
        """Really delete the conversations that were deleted before this start."""
        with self._transaction() as db:
            return db.execute("DELETE FROM conversations WHERE deleted IS NOT NULL").rowcount

    # Reading ----------------------------------------------------------------

    def exists(self, conversation_id: str) -> bool:
        row = self.connection.execute(
            "SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)
        ).fetchone()
        return row is not None

    def list_conversations(self) -> list[ConversationSummary]:
        """Conversations that are not deleted, most recently updated first."""
        rows = self.connection.execute(
            """SELECT c.id, c.title, c.created, c.updated,
                      (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id) AS n
               FROM conversations c WHERE c.deleted IS NULL
               ORDER BY c.updated DESC"""
        ).fetchall()
        return [
            ConversationSummary(r["id"], r["title"], r["created"], r["updated"], r["n"])
            for r in rows
        ]

    def load(self, conversation_id: str) -> Conversation | None:
        """A conversation with all its messages, or None when there is no such one."""
        row = self.connection.execute(
            "SELECT * FROM conversations WHERE id = ?", (conversation_id,)
        ).fetchone()
        if row is None:
            return None
        messages = [
            StoredMessage(
                role=m["role"],
                content=m["content"],
                id=m["id"],
                created=m["created"],
                stats=json.loads(m["stats"]) if m["stats"] else None,
                model=m["model"],
                state=m["state"],
                error=m["error"],
                parent_id=m["parent_id"],
                shown=bool(m["shown"]),
            )
            for m in self.connection.execute(
                """SELECT * FROM messages WHERE conversation_id = ?
                   ORDER BY position, created, rowid""",
                (conversation_id,),
            )
        ]
        try:
            policy = OverflowPolicy(row["overflow_policy"])
        except ValueError:
            policy = OverflowPolicy.KEEP_SYSTEM
        conversation = Conversation(
            id=row["id"],
            title=row["title"],
            created=row["created"],
            updated=row["updated"],
            model=row["model"],
            settings=_settings_snapshot(row["settings"]),
            system_prompt=row["system_prompt"],
            overflow_policy=policy,
            context_start=row["context_start"],
        )
        try:
            return message_tree.build(conversation, messages)
        except message_tree.TreeError as exc:  # not written by ChatApp: show what holds
            log.warning("conversation %s is not a tree (%s): shown in order", conversation_id, exc)
            conversation.messages = messages
            message_tree.link_path(conversation)
            return conversation

    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        """Messages of all chats that contain every word of ``text`` (word prefixes match)."""
        query = fts_query(text)
        if not query:
            return []
        rows = self.connection.execute(
            """SELECT m.conversation_id, c.title, m.id, m.position, m.role, m.created,
                      snippet(messages_fts, 0, '«', '»', '…', 12) AS snippet
               FROM messages_fts
               JOIN messages m ON m.rowid = messages_fts.rowid
               JOIN conversations c ON c.id = m.conversation_id
               WHERE messages_fts MATCH ? AND c.deleted IS NULL
               ORDER BY rank LIMIT ?""",
            (query, limit),
        ).fetchall()
        return [
            SearchHit(
                r["conversation_id"],
                r["title"],
                r["id"],
                r["position"],
                r["role"],
                r["snippet"],
                r["created"],
            )
            for r in rows
        ]


def fts_query(text: str) -> str:
    """A safe FTS5 query from what the user typed: every word, as a quoted prefix."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    return " ".join(f'"{w}"*' for w in words)


def _message_columns(message: StoredMessage) -> tuple[object, ...]:
    """role, content, created, stats, model, state, error, parent_id and shown, as the
    messages table holds them."""
    return (
        Role(message.role).value,
        message.content,
        message.created,
        json.dumps(message.stats) if message.stats is not None else None,
        message.model,
        MessageState(message.state).value,
        message.error,
        message.parent_id,
        int(message.shown),
    )


def _settings_snapshot(text: str | None) -> dict[str, object]:
    """A chat's saved settings; empty when the stored text is not a JSON object."""
    try:
        value = json.loads(text or "{}")
    except (ValueError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}
