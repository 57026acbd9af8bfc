"""The conversation store: one SQLite file in the user data folder.

WAL mode, so that the window reads while the store thread writes; the schema version
lives in ``PRAGMA user_version`` and every earlier version is migrated forward in
order. Messages are indexed with FTS5 for search across all chats.

A connection belongs to one thread. The window writes through its store thread and
reads through a connection of its own.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from chatapp.core.conversation import Conversation, OverflowPolicy, StoredMessage

log = logging.getLogger(__name__)

# Each entry takes the database from version i to i + 1.
MIGRATIONS: list[str] = [
    # 1: conversations and messages.
    """
    CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        created REAL NOT NULL,
        updated REAL NOT NULL,
        model TEXT,
        settings TEXT NOT NULL DEFAULT '{}',
        system_prompt TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        role TEXT NOT NULL,
        content TEXT NOT NULL,
        created REAL NOT NULL,
        stats TEXT,
        model TEXT,
        state TEXT NOT NULL DEFAULT 'complete',
        UNIQUE (conversation_id, position)
    );
    CREATE INDEX conversations_by_update ON conversations (updated DESC);
    """,
    # 2: full-text search over message text, kept in step by triggers.
    """
    CREATE VIRTUAL TABLE messages_fts USING fts5(
        content, content='messages', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts (rowid, content) VALUES (new.rowid, new.content);
    END;
    CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content)
        VALUES ('delete', old.rowid, old.content);
    END;
    CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content)
        VALUES ('delete', old.rowid, old.content);
        INSERT INTO messages_fts (rowid, content) VALUES (new.rowid, new.content);
    END;
    INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
    """,
    # 3: overflow policy and context start per conversation; deletion that can be undone.
    """
    ALTER TABLE conversations ADD COLUMN overflow_policy TEXT NOT NULL DEFAULT 'keep_system';
    ALTER TABLE conversations ADD COLUMN context_start INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE conversations ADD COLUMN deleted REAL;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """A store failure as one line; ``kind`` is "full", "readonly", "newer" or "other"."""

    def __init__(self, message: str, kind: str = "other") -> None:
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


def describe_error(error: sqlite3.Error) -> StoreError:
    """Turn an sqlite3 error into a StoreError a user can act on."""
    text = str(error)
    code = getattr(error, "sqlite_errorcode", None)
    if code == sqlite3.SQLITE_FULL or "full" in text:
        return StoreError("the disk is full: free some space", "full")
    if code == sqlite3.SQLITE_READONLY or "readonly" in text or "read-only" in text:
        return StoreError("the data folder is read-only: make it writable", "readonly")
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
                f"the conversation file was made by a newer ChatApp (schema {version}): "
                "update ChatApp",
                "newer",
            )
        for target in range(version, SCHEMA_VERSION):
            log.info("migrating %s to schema %d", self.path, target + 1)
            db.executescript(
                f"BEGIN; {MIGRATIONS[target]} PRAGMA user_version = {target + 1}; COMMIT;"
            )

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
                "UPDATE messages SET state = 'interrupted' WHERE state = 'streaming'"
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
        """Insert or update one message at ``position`` and bump the conversation's time."""
        with self._transaction() as db:
            db.execute(
                "DELETE FROM messages WHERE conversation_id = ? AND position = ? AND id != ?",
                (conversation_id, position, message.id),
            )
            db.execute(
                """INSERT INTO messages (id, conversation_id, position, role, content, created,
                       stats, model, state)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (id) DO UPDATE SET content = excluded.content,
                       stats = excluded.stats, state = excluded.state,
                       position = excluded.position""",
                (
                    message.id,
                    conversation_id,
                    position,
                    message.role,
                    message.content,
                    message.created,
                    json.dumps(message.stats) if message.stats is not None else None,
                    message.model,
                    message.state,
                ),
            )
            db.execute(
                "UPDATE conversations SET updated = ? WHERE id = ?", (time.time(), conversation_id)
            )

    def truncate(self, conversation_id: str, length: int) -> None:
        """Delete the messages from ``length`` on (regenerate and edit take replies back)."""
        with self._transaction() as db:
            db.execute(
                "DELETE FROM messages WHERE conversation_id = ? AND position >= ?",
                (conversation_id, length),
            )

    def save_all(self, conversation: Conversation) -> None:
        """Write a whole conversation (header and every message) in one transaction."""
        with self._transaction() as db:
            self._upsert_header(db, conversation)
            db.execute("DELETE FROM messages WHERE conversation_id = ?", (conversation.id,))
            db.executemany(
                """INSERT INTO messages (id, conversation_id, position, role, content, created,
                       stats, model, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [
                    (
                        m.id,
                        conversation.id,
                        i,
                        m.role,
                        m.content,
                        m.created,
                        json.dumps(m.stats) if m.stats is not None else None,
                        m.model,
                        m.state,
                    )
                    for i, m in enumerate(conversation.messages)
                ],
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
            )
            for m in self.connection.execute(
                "SELECT * FROM messages WHERE conversation_id = ? ORDER BY position",
                (conversation_id,),
            )
        ]
        try:
            policy = OverflowPolicy(row["overflow_policy"])
        except ValueError:
            policy = OverflowPolicy.KEEP_SYSTEM
        return Conversation(
            id=row["id"],
            title=row["title"],
            created=row["created"],
            updated=row["updated"],
            model=row["model"],
            settings=json.loads(row["settings"] or "{}"),
            system_prompt=row["system_prompt"],
            overflow_policy=policy,
            context_start=row["context_start"],
            messages=messages,
        )

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


@dataclass
class OpenedStore:
    """A store ready to use, and a notice for the user when something had to give way.

    ``persistent`` is False when the conversations only live in memory this session.
    """

    store: ConversationStore
    location: str
    uri: bool
    persistent: bool
    notice: str | None = None


def memory_location() -> str:
    """A shared in-memory database, so that the window and the store thread see one."""
    return f"file:chatapp-{os.getpid()}-{time.monotonic_ns()}?mode=memory&cache=shared"


def open_store(path: Path) -> OpenedStore:
    """Open (or create) the conversation file, migrating it, and recover from what can go
    wrong: a corrupt file is moved aside with a timestamp and a new one created; a
    folder that cannot be written keeps conversations in memory for this session."""
    try:
        return _open_checked(path)
    except sqlite3.DatabaseError as exc:
        if _unwritable(path, exc):
            return _in_memory(path, exc)
        aside = move_aside(path)
        log.warning("corrupt conversation file %s (%s); moved to %s", path, exc, aside)
        notice = (
            f"Your conversation file could not be read ({exc}). It was moved to {aside} "
            "and a new one was started."
        )
        try:
            opened = _open_checked(path)
        except sqlite3.Error as again:
            return _in_memory(path, again)
        opened.notice = notice
        return opened
    except OSError as exc:  # the folder cannot be created
        return _in_memory(path, exc)
    except StoreError as exc:
        if exc.kind == "newer":
            opened = _in_memory(path, exc, copy=False)
            opened.notice = f"Conversations are not saved this session: {exc}."
            return opened
        raise


def _open_checked(path: Path) -> OpenedStore:
    path.parent.mkdir(parents=True, exist_ok=True)
    store = ConversationStore(path)
    try:
        problem = store.connection.execute("PRAGMA quick_check(1)").fetchone()[0]
        if problem != "ok":
            raise sqlite3.DatabaseError(f"integrity check failed: {problem}")
        store.mark_interrupted()
        store.purge_deleted()
    except BaseException:
        store.close()
        raise
    return OpenedStore(store, str(path), uri=False, persistent=True)


def _unwritable(path: Path, error: BaseException) -> bool:
    text = str(error).lower()
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return True
    folder = path.parent
    return folder.exists() and not os.access(folder, os.W_OK)


def _in_memory(path: Path, error: BaseException, *, copy: bool = True) -> OpenedStore:
    log.warning("conversations kept in memory: cannot use %s (%s)", path, error)
    location = memory_location()
    store = ConversationStore(location, uri=True, create=False)
    if copy:
        _copy_readable(path, store)
    store.prepare()
    store.mark_interrupted()
    return OpenedStore(
        store,
        location,
        uri=True,
        persistent=False,
        notice=f"Conversations cannot be saved to {path} ({error}): they are kept in "
        "memory until you quit. Make the data folder writable and restart ChatApp.",
    )


def _copy_readable(path: Path, store: ConversationStore) -> None:
    """Bring what can still be read of ``path`` into the in-memory store."""
    if not path.is_file():
        return
    # A WAL file in a folder that cannot be written can only be read as immutable.
    for options in ("mode=ro", "mode=ro&immutable=1"):
        try:
            source = sqlite3.connect(f"{path.resolve().as_uri()}?{options}", uri=True)
            try:
                source.backup(store.connection)
            finally:
                source.close()
            return
        except sqlite3.Error as exc:
            log.warning("could not read %s (%s): %s", path, options, exc)


def move_aside(path: Path) -> Path:
    """Rename a broken database (and its WAL files) to ``<name>.corrupt-<timestamp>``."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    os.replace(path, aside)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            os.replace(extra, aside.with_name(aside.name + suffix))
    return aside
