"""StoreWorker: writes conversations to SQLite on the "store" thread.

Every write is an idempotent operation (an upsert, a truncation, a flag), so one
that fails (a full disk, a folder that became read-only) is kept and tried again,
in order, before the next one: nothing the user wrote is dropped while the app runs.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from chatapp.core.store import ConversationStore, StoreError, describe_error, open_store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoreOp:
    """One write: the name of a ConversationStore method and its arguments."""

    name: str
    args: tuple[Any, ...]


@dataclass(frozen=True)
class StoreStatus:
    """Where the window reads conversations from, once the store thread opened them."""

    location: str
    uri: bool
    persistent: bool
    notice: str | None


def _reason(error: StoreError) -> str:
    """Why a write failed: the error's message itself (a core ``Message`` keeps its
    template across the thread), else its text."""
    first = error.args[0] if error.args else None
    return first if isinstance(first, str) else str(error)


class StoreWorker(QObject):
    """Owns the writing connection to the conversation store.

    Signals:
        opened(StoreStatus): the store is open (migrated, recovered if it had to be).
        save_failed(str): a write failed (why, a core ``Message`` where the core has
            one, for the window's language); it is kept and retried with the next one.
        saved_again(): the writes that had failed are saved now.
    """

    opened = Signal(object)
    save_failed = Signal(object)
    saved_again = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.store: ConversationStore | None = None
        self.pending: list[StoreOp] = []
        self._failing = False

    @Slot(str)
    def open(self, path: str) -> None:
        opened = open_store(Path(path))
        self.store = opened.store
        self.opened.emit(StoreStatus(opened.location, opened.uri, opened.persistent, opened.notice))

    @Slot(object)
    def run(self, op: StoreOp) -> None:
        self.pending.append(op)
        self._flush()

    @Slot()
    def retry(self) -> None:
        if self.pending:
            self._flush()

    def _flush(self) -> None:
        if self.store is None:
            return
        while self.pending:
            op = self.pending[0]
            try:
                getattr(self.store, op.name)(*op.args)
            except sqlite3.Error as exc:
                error = describe_error(exc)
                log.warning("saving (%s) failed: %s", op.name, exc)
                self._failing = True
                self.save_failed.emit(_reason(error))
                return
            except StoreError as exc:
                self._failing = True
                self.save_failed.emit(_reason(exc))
                return
            self.pending.pop(0)
        if self._failing:
            self._failing = False
            self.saved_again.emit()

    @Slot()
    def close(self) -> None:
        """Try what is still pending once more, then close the connection."""
        self._flush()
        if self.pending:
            log.error("%d conversation writes could not be saved", len(self.pending))
        if self.store is not None:
            self.store.close()
            self.store = None
