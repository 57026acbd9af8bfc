"""Scheduler: one queue in front of one backend, served in arrival order on one thread.

The window, the terminal and the API server share one model: every reply and every
call on the backend (load, unload, count tokens) is a job, and one engine thread runs
the jobs one after another, in the order they were submitted. Nothing else may touch
the backend while a scheduler owns it.

Replies::

    handle = scheduler.submit(lambda backend, cancel: backend.stream_reply(msgs, s, cancel))
    for piece in (reply := ReplyStream(handle)):   # blocks; any thread (a Qt worker too)
        ...
    reply.stats
    handle.cancel()                                # any thread, any time

A handle iterates like ``ChatBackend.stream_reply``: text pieces, then one ReplyStats;
the backend's exception (BackendError, ...) is raised in the reading thread. Instead of
iterating, ``on_item`` gets each item on the engine thread as it comes (a str, the
ReplyStats, or the exception as the last item); the API server hands items to its
event loop that way. A job cancelled while it waits is dropped from the queue at once
and ends with a cancelled ReplyStats and no text.

Other calls: ``scheduler.call(lambda backend: load(...))`` returns a
``concurrent.futures.Future``. ``add_listener`` reports each change of the active job
(``SchedulerState``, on the engine thread) for a busy indicator.

With ``may_refuse=True`` (the default: API requests) a submission finds at most
``max_waiting`` jobs waiting or gets QueueFullError; the window's own replies pass False.
"""

from __future__ import annotations

import collections
import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, TypeVar

from chatapp.core.backend import BackendError, ReplyStats
from chatapp.core.messages import QT_TRANSLATE_NOOP
from chatapp.core.messages import Message as CoreMessage

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_MAX_WAITING = 16
ReplyItem = str | ReplyStats | BaseException
Work = Callable[[Any, threading.Event], Iterable[str | ReplyStats]]

__all__ = [
    "DEFAULT_MAX_WAITING",
    "JobInfo",
    "QueueFullError",
    "ReplyHandle",
    "Scheduler",
    "SchedulerClosedError",
    "SchedulerState",
]


class QueueFullError(BackendError):
    """Too many requests wait already; ``retry_after`` is a guess in whole seconds."""

    def __init__(self, waiting: int, retry_after: int) -> None:
        super().__init__(
            CoreMessage(
                QT_TRANSLATE_NOOP(
                    "core",
                    "{waiting} requests are waiting for the model already: try again in "
                    "{retry_after} s.",
                ),
                waiting=waiting,
                retry_after=retry_after,
            )
        )
        self.retry_after = retry_after


_NO_STATISTICS = CoreMessage(
    QT_TRANSLATE_NOOP("core", "the backend ended the reply without its statistics")
)


class SchedulerClosedError(BackendError):
    """The scheduler was closed: no more jobs are run."""


@dataclass(frozen=True)
class JobInfo:
    """One job as observers see it: who sent it (``source``: "window", "api", ...), a
    short ``label`` (an API path, say) and when it arrived (``time.monotonic()``)."""

    id: int
    source: str
    label: str
    submitted: float


@dataclass(frozen=True)
class SchedulerState:
    """What the engine thread does now: the ``active`` job (None when idle) and how
    many jobs wait behind it."""

    active: JobInfo | None
    waiting: int


def _cancelled_stats() -> ReplyStats:
    return ReplyStats(0, 0.0, 0, 0.0, 0.0, "cancelled")


class ReplyHandle:
    """A submitted reply: iterate it for pieces then its ReplyStats; ``cancel()`` from
    any thread. ``started`` is set when the engine thread takes it up."""

    def __init__(
        self,
        info: JobInfo,
        cancel: threading.Event,
        on_item: Callable[[ReplyItem], None] | None,
    ) -> None:
        self.info = info
        self.cancel_event = cancel
        self.started = threading.Event()
        self._items: queue.SimpleQueue[ReplyItem] = queue.SimpleQueue()
        self._on_item = on_item or self._items.put
        self._done = threading.Event()
        self._dequeue: Callable[[ReplyHandle], bool] | None = None

    def cancel(self) -> None:
        """Stop the reply: between tokens when it runs, at once while it waits."""
        self.cancel_event.set()
        if self._dequeue is not None and self._dequeue(self):
            self.deliver(_cancelled_stats())

    @property
    def done(self) -> bool:
        """The reply has delivered its last item."""
        return self._done.is_set()

    def deliver(self, item: ReplyItem) -> None:
        """Hand ``item`` to the reader (the engine thread calls this)."""
        if isinstance(item, ReplyStats | BaseException):
            if self._done.is_set():
                return
            self._done.set()
        try:
            self._on_item(item)
        except Exception:  # the reader went away (its event loop closed): stop the reply
            log.exception("a reply's reader failed; cancelling it")
            self.cancel_event.set()

    def __iter__(self) -> Iterator[str | ReplyStats]:
        while True:
            item = self._items.get()
            if isinstance(item, BaseException):
                raise item
            yield item
            if isinstance(item, ReplyStats):
                return


@dataclass
class _Job:
    info: JobInfo
    run: Callable[[], None]
    handle: ReplyHandle | None = None
    future: Future[Any] | None = field(default=None)


class Scheduler:
    """Runs replies and calls on ``backend`` in arrival order on one engine thread.

    ``start()`` starts the thread (also done by the first submission); ``close()``
    cancels what waits, stops the active reply and ends the thread. ``backend`` must
    not be used by anything else meanwhile (``describe()``, an attribute read, aside).
    """

    def __init__(
        self,
        backend: object,
        *,
        max_waiting: int = DEFAULT_MAX_WAITING,
        name: str = "chatapp-engine",
    ) -> None:
        self.backend = backend
        self.max_waiting = max_waiting
        self._name = name
        self._lock = threading.Condition()
        self._waiting: collections.deque[_Job] = collections.deque()
        self._active: _Job | None = None
        self._ids = itertools.count(1)
        self._closed = False
        self._thread: threading.Thread | None = None
        self._listeners: list[Callable[[SchedulerState], None]] = []
        self._recent_seconds: collections.deque[float] = collections.deque(maxlen=8)

    # --- observing ------------------------------------------------------------------------
    def add_listener(self, listener: Callable[[SchedulerState], None]) -> None:
        """Call ``listener(state)`` on the engine thread whenever a job starts or ends."""
        with self._lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[SchedulerState], None]) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    @property
    def state(self) -> SchedulerState:
        with self._lock:
            return self._state()

    def _state(self) -> SchedulerState:
        return SchedulerState(self._active.info if self._active else None, len(self._waiting))

    # --- submitting ----------------------------------------------------------------------
    def submit(
        self,
        work: Work,
        *,
        source: str = "api",
        label: str = "",
        cancel: threading.Event | None = None,
        on_item: Callable[[ReplyItem], None] | None = None,
        may_refuse: bool = True,
    ) -> ReplyHandle:
        """Queue the reply ``work(backend, cancel)`` streams; see the module docstring.
        Raises QueueFullError (``may_refuse``) or SchedulerClosedError."""
        cancel = cancel or threading.Event()
        info = self._new_info(source, label)
        handle = ReplyHandle(info, cancel, on_item)

        def run() -> None:
            handle.started.set()
            if cancel.is_set():
                handle.deliver(_cancelled_stats())
                return
            stream: Iterator[str | ReplyStats] | None = None
            try:
                stream = iter(work(self.backend, cancel))
                for item in stream:
                    handle.deliver(item)
                    if isinstance(item, ReplyStats):
                        return
                handle.deliver(BackendError(_NO_STATISTICS))
            except BaseException as exc:  # handed to the reader, raised there
                handle.deliver(exc)
            finally:
                close = getattr(stream, "close", None)
                if close is not None:
                    close()

        handle._dequeue = self._remove_waiting
        self._enqueue(_Job(info, run, handle=handle), may_refuse)
        return handle

    def call(
        self, function: Callable[[Any], T], *, source: str = "window", label: str = ""
    ) -> Future[T]:
        """Run ``function(backend)`` on the engine thread in turn; its result or
        exception comes in the returned Future. Never refused for a full queue."""
        future: Future[T] = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(function(self.backend))
            except BaseException as exc:
                future.set_exception(exc)

        self._enqueue(_Job(self._new_info(source, label), run, future=future), False)
        return future

    def _new_info(self, source: str, label: str) -> JobInfo:
        return JobInfo(next(self._ids), source, label, time.monotonic())

    def _enqueue(self, job: _Job, may_refuse: bool) -> None:
        with self._lock:
            if self._closed:
                raise SchedulerClosedError(
                    CoreMessage(
                        QT_TRANSLATE_NOOP("core", "the model is shutting down: no more requests")
                    )
                )
            if may_refuse and len(self._waiting) >= self.max_waiting:
                raise QueueFullError(len(self._waiting), self._retry_after())
            self._waiting.append(job)
            self._lock.notify_all()
        self.start()

    def _retry_after(self) -> int:
        recent = sorted(self._recent_seconds)
        typical = recent[len(recent) // 2] if recent else 5.0
        return max(1, min(60, round(typical * (len(self._waiting) + 1) / 2)))

    def _remove_waiting(self, handle: ReplyHandle) -> bool:
        with self._lock:
            for job in self._waiting:
                if job.handle is handle:
                    self._waiting.remove(job)
                    self._lock.notify_all()
                    return True
        return False

    # --- the engine thread ---------------------------------------------------------------
    def start(self) -> None:
        """Start the engine thread (once)."""
        with self._lock:
            if self._thread is not None or self._closed:
                return
            self._thread = threading.Thread(target=self._serve, name=self._name, daemon=True)
            self._thread.start()

    def _serve(self) -> None:
        while True:
            with self._lock:
                while not self._waiting and not self._closed:
                    self._lock.wait()
                if not self._waiting:
                    return
                job = self._active = self._waiting.popleft()
            self._notify()
            started = time.monotonic()
            try:
                job.run()
            except BaseException:  # a listener or sink failed; the thread must go on
                log.exception("job %s failed", job.info)
            with self._lock:
                self._active = None
                if job.handle is not None:
                    self._recent_seconds.append(time.monotonic() - started)
            self._notify()

    def _notify(self) -> None:
        with self._lock:
            state = self._state()
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(state)
            except Exception:
                log.exception("scheduler listener failed")

    def close(self, timeout: float | None = 10.0) -> None:
        """Cancel waiting jobs, stop the active reply, and end the engine thread once the
        active job has returned (calls already queued still run, so that a final unload
        is not lost)."""
        with self._lock:
            self._closed = True
            replies = [job for job in self._waiting if job.handle is not None]
            for job in replies:
                self._waiting.remove(job)
            active = self._active
            self._lock.notify_all()
            thread = self._thread
        for job in replies:
            assert job.handle is not None
            job.handle.cancel_event.set()
            job.handle.deliver(_cancelled_stats())
        if active is not None and active.handle is not None:
            active.handle.cancel_event.set()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until no job runs or waits (for tests and shutdown); False on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            with self._lock:
                if self._active is None and not self._waiting:
                    return True
            if deadline is not None and time.monotonic() > deadline:
                return False
            time.sleep(0.01)
