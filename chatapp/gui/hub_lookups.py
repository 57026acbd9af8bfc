"""Hub searches and repository listings off the GUI thread.

Each lookup runs on a small thread pool of its own; every new request of a kind (a
search, a repository's files) makes the ones before it stale: a stale request that has
not started yet is skipped, and the answer of one already asking the hub is dropped when
it comes back. Only plain data crosses threads (a text, a list of ``HubRepo``, a
``RepoDetails``); no widget is touched off the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from chatapp.core.downloads import HubAccess
from chatapp.core.hub_search import HubSearchError, repo_details, search_hub
from chatapp.core.text_enum import TextEnum
from chatapp.gui.download_manager import error_message, unexpected_message

log = logging.getLogger(__name__)

# A search running while the user types one more letter, plus a repository listing.
POOL_THREADS = 3
# How long shutdown waits for a lookup to end before closing the hub client under it.
SHUTDOWN_WAIT_MS = 3000


class LookupKind(TextEnum):
    """What a lookup asks the hub for."""

    SEARCH = "search"
    DETAILS = "details"


class _Lookup(QRunnable):
    """One request on the pool: runs ``work`` unless it became stale before it started,
    and hands the answer (or one line saying why it failed: a str, or a core Message the
    window translates) to ``lookups``."""

    def __init__(
        self,
        lookups: HubLookups,
        kind: LookupKind,
        request_id: int,
        subject: str,
        work: Callable[[], object],
    ) -> None:
        super().__init__()
        self.lookups = lookups
        self.kind = kind
        self.request_id = request_id
        self.subject = subject
        self.work = work

    def run(self) -> None:
        if not self.lookups.is_current(self.kind, self.request_id):
            return
        try:
            answer = self.work()
        except HubSearchError as exc:
            message = error_message(exc)
            self.lookups.answered.emit(self.kind.value, self.request_id, self.subject, message)
        except Exception as exc:
            log.exception("hub %s for %r failed", self.kind.value, self.subject)
            message = unexpected_message(exc)
            self.lookups.answered.emit(self.kind.value, self.request_id, self.subject, message)
        else:
            self.lookups.answered.emit(self.kind.value, self.request_id, self.subject, answer)


class HubLookups(QObject):
    """Asks the hub on a thread pool and reports only the newest answer of each kind.

    Signals:
        search_finished(str, list): the search text and the ``HubRepo`` list it found.
        search_failed(str, str): the search text and one line saying why it failed (a str
            or a core Message: show it with ``message_text``).
        details_finished(RepoDetails): the chosen repository's models, licence and gate.
        details_failed(str, str): the repository and one line saying why it failed (as
            search_failed).
        answer_dropped(str, str): the kind and subject of a stale answer that was dropped.
        answered(str, int, str, object): from the pool: kind, request id, subject, and
            the answer or a str saying why it failed (internal).
    """

    search_finished = Signal(str, object)
    search_failed = Signal(str, object)  # object: a core Message stays one
    details_finished = Signal(object)
    details_failed = Signal(str, object)
    answer_dropped = Signal(str, str)
    answered = Signal(str, int, str, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setObjectName("hub-lookups")
        self._pool.setMaxThreadCount(POOL_THREADS)
        self._latest = {kind: 0 for kind in LookupKind}
        self._stopped = False
        self.answered.connect(self._on_answered)

    def is_current(self, kind: LookupKind, request_id: int) -> bool:
        """Whether ``request_id`` is still the newest request of ``kind`` (any thread)."""
        return not self._stopped and self._latest[kind] == request_id

    @property
    def active_threads(self) -> int:
        """How many lookups are asking the hub right now."""
        return self._pool.activeThreadCount()

    def search(self, text: str, access: HubAccess) -> int:
        """Search the hub for GGUF repositories matching ``text``; returns the request id."""
        return self._submit(LookupKind.SEARCH, text, lambda: search_hub(text, access))

    def details(self, repo: str, access: HubAccess) -> int:
        """List ``repo``'s models, licence and gate; returns the request id."""
        return self._submit(LookupKind.DETAILS, repo, lambda: repo_details(repo, access))

    def cancel(self, kind: LookupKind) -> None:
        """Make the pending request of ``kind`` stale: its answer will not be reported."""
        self._latest[kind] += 1

    @Slot()
    def cancel_all(self) -> None:
        for kind in LookupKind:
            self.cancel(kind)

    def shutdown(self) -> None:
        """Drop every pending answer and end the pool's threads (a lookup stuck on a
        stalled connection is ended by closing the hub client under it)."""
        self._stopped = True
        self._pool.clear()
        if not self._pool.waitForDone(SHUTDOWN_WAIT_MS):
            log.info("closing the hub session to end a stalled hub lookup")
            from huggingface_hub.utils import close_session

            close_session()
            self._pool.waitForDone()

    def _submit(self, kind: LookupKind, subject: str, work: Callable[[], object]) -> int:
        if self._stopped:
            return self._latest[kind]
        self._latest[kind] += 1
        request_id = self._latest[kind]
        self._pool.start(_Lookup(self, kind, request_id, subject, work))
        return request_id

    @Slot(str, int, str, object)
    def _on_answered(self, kind_name: str, request_id: int, subject: str, answer: object) -> None:
        kind = LookupKind(kind_name)
        if not self.is_current(kind, request_id):
            self.answer_dropped.emit(kind_name, subject)
            return
        failed = isinstance(answer, str)
        if kind is LookupKind.SEARCH:
            if failed:
                self.search_failed.emit(subject, answer)
            else:
                self.search_finished.emit(subject, answer)
        elif failed:
            self.details_failed.emit(subject, answer)
        else:
            self.details_finished.emit(answer)
