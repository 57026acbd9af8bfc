"""Opening the conversation file whatever state it is in: a corrupt file is moved
aside and a new one started; a folder that cannot be written keeps the conversations
in memory for the session; a file from a newer ChatApp is left untouched."""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from chatapp.core.messages import QT_TRANSLATE_NOOP, Message, message_of
from chatapp.core.store.database import ConversationStore, StoreError, StoreErrorKind

log = logging.getLogger(__name__)


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
    if path.is_dir():  # SQLite would open it read-only and fail later, less clearly
        opened = _in_memory(path, IsADirectoryError("a folder, not a file"), copy=False)
        opened.notice = Message(
            QT_TRANSLATE_NOOP(
                "core",
                "Conversations cannot be saved: {path} is a folder, not a conversation file. "
                "They are kept in memory until you quit; move that folder away and restart "
                "ChatApp.",
            ),
            path=path,
        )
        return opened
    try:
        return _open_checked(path)
    except sqlite3.DatabaseError as exc:
        if _unwritable(path, exc):
            return _in_memory(path, exc)
        aside = move_aside(path)
        log.warning("corrupt conversation file %s (%s); moved to %s", path, exc, aside)
        notice = Message(
            QT_TRANSLATE_NOOP(
                "core",
                "Your conversation file could not be read ({error}). It was moved to {aside} "
                "and a new one was started.",
            ),
            error=message_of(exc),
            aside=aside,
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
        if exc.kind is StoreErrorKind.NEWER:
            opened = _in_memory(path, exc, copy=False)
            opened.notice = Message(
                QT_TRANSLATE_NOOP("core", "Conversations are not saved this session: {error}."),
                error=message_of(exc),
            )
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
        notice=Message(
            QT_TRANSLATE_NOOP(
                "core",
                "Conversations cannot be saved to {path} ({error}): they are kept in memory "
                "until you quit. Make the data folder writable and restart ChatApp.",
            ),
            path=path,
            error=message_of(error),
        ),
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
