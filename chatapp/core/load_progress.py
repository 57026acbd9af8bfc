"""A model load's progress, and cancelling the load part way.

llama.cpp reports loading through ``llama_model_params.progress_callback`` (a fraction
from 0.0 to 1.0, once per tensor; returning false aborts the load), which
``llama_cpp.Llama`` does not expose: :func:`new_llama` builds a ``Llama`` whose model
parameters carry the callback. Front ends pass a :data:`ProgressCallback`;
:class:`ThrottledProgress` is one that forwards at most a few reports a second and
answers from a cancel event.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any

from chatapp.core.backend import BackendError
from chatapp.core.messages import QT_TRANSLATE_NOOP, Message

log = logging.getLogger(__name__)

ProgressCallback = Callable[[float], bool]
"""Called with the fraction loaded (0.0 to 1.0); returns False to cancel the load."""

REPORTS_PER_SECOND = 30


_CANCELLED = Message(QT_TRANSLATE_NOOP("core", "Loading cancelled."))


class LoadCancelledError(BackendError):
    """The load was cancelled (its progress callback returned False)."""

    def __init__(self, message: str = _CANCELLED) -> None:
        super().__init__(message)


class LoadProgress:
    """A ProgressCallback made safe to call from llama.cpp: an exception in it is logged
    (the load goes on), and once it has said stop it keeps saying so."""

    def __init__(self, report: ProgressCallback | None) -> None:
        self._report = report
        self.cancelled = False

    def __call__(self, fraction: float) -> bool:
        if self.cancelled:
            return False
        if self._report is None:
            return True
        try:
            go_on = bool(self._report(min(1.0, max(0.0, fraction))))
        except Exception:
            log.exception("the load progress callback failed")
            return True
        self.cancelled = not go_on
        return go_on

    def check(self, fraction: float) -> None:
        """Report ``fraction``; raise LoadCancelledError if the load is to stop."""
        if not self(fraction):
            raise LoadCancelledError()


class ThrottledProgress:
    """A ProgressCallback that hands ``emit`` at most ``per_second`` fractions a second
    (the first, the last, and none going backwards) and cancels once ``cancel`` is set."""

    def __init__(
        self,
        emit: Callable[[float], None],
        cancel: threading.Event,
        per_second: float = REPORTS_PER_SECOND,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._emit = emit
        self._cancel = cancel
        self._interval = 1.0 / per_second
        self._clock = clock
        self._last_at: float | None = None
        self._last = -1.0

    def __call__(self, fraction: float) -> bool:
        if self._cancel.is_set():
            return False
        now = self._clock()
        due = self._last_at is None or now - self._last_at >= self._interval
        if fraction > self._last and (due or fraction >= 1.0):
            self._last_at = now
            self._last = fraction
            self._emit(fraction)
        return not self._cancel.is_set()


_classes: dict[type, type] = {}


def new_llama(llama_cpp: ModuleType, progress: LoadProgress, **kwargs: Any) -> Any:
    """``llama_cpp.Llama(**kwargs)`` whose model load reports to ``progress`` (and stops
    when it returns False: llama-cpp-python then raises ValueError)."""
    base = llama_cpp.Llama
    cls = _classes.get(base)
    if cls is None:
        cls = _classes[base] = _progress_class(llama_cpp, base)
    return cls(chatapp_progress=progress, **kwargs)


def _progress_class(llama_cpp: ModuleType, base: type) -> type:
    """A Llama subclass that sets the progress callback on its model parameters as
    ``Llama.__init__`` assigns them (before it loads the model with them)."""
    callback_type = llama_cpp.llama_progress_callback

    class ProgressLlama(base):
        def __init__(
            self, *args: Any, chatapp_progress: LoadProgress | None = None, **kwargs: Any
        ) -> None:
            progress = chatapp_progress or LoadProgress(None)
            # llama.cpp calls it during the load: the reference must outlive it.
            self._chatapp_progress = callback_type(lambda fraction, _data: progress(fraction))
            try:
                super().__init__(*args, **kwargs)
            finally:
                params = self.__dict__.get("model_params")
                if params is not None:  # no more calls: the load is over
                    params.progress_callback = callback_type()

        @property
        def model_params(self) -> Any:
            return self.__dict__["model_params"]

        @model_params.setter
        def model_params(self, params: Any) -> None:
            params.progress_callback = self._chatapp_progress
            params.progress_callback_user_data = None
            self.__dict__["model_params"] = params

    return ProgressLlama
