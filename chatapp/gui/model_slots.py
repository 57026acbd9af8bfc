"""The ReplyController's model side: which model (a file, or a server's model) writes
the replies, asked for on the engine thread and reported back through its signals.

A mixin of ReplyController (a QObject with the signals named here), kept apart so that
the reply flow stays readable."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QObject, Signal, Slot

from chatapp.core.backend import ModelInfo
from chatapp.core.model_loading import LoadOutcome
from chatapp.core.server_config import ServerConfig
from chatapp.core.settings import LoadParams
from chatapp.gui.workers import (
    EngineWorker,
    LoadCancelled,
    LoadRequest,
    ServerReady,
    ServerRequest,
)


class ModelSlots:
    """Loading a model file or using a server's model, and what was loaded last.

    Signals:
        load_progressed(float): the fraction of the model loaded (at most ~30 a second).
        model_load_cancelled(LoadCancelled): ``cancel_load`` stopped the load; its
            ``model`` is the one still loaded (None when the one before was let go, then
            ``previous`` is its file, to offer loading it again).
    """

    # Signals of the QObject this is mixed into (typed Any: mypy sees no QObject here).
    load_progressed: Any = Signal(float)
    model_load_cancelled: Any = Signal(object)

    # Class defaults: ReplyController sets the other attributes in its __init__.
    _outcome: LoadOutcome | None = None
    _loads: tuple[LoadRequest, ...] = ()  # asked for, not loaded yet: oldest first
    _before_load: tuple[Path | None, LoadParams | None] = (None, None)
    _load_relay: _LoadRelay | None = None
    _model: ModelInfo | None
    _model_path: Path | None
    _loaded_with: LoadParams | None
    _server: ServerReady | None
    # The ReplyController's signals.
    model_loaded: Any
    model_load_failed: Any
    server_connected: Any
    server_failed: Any
    load_requested: Any
    server_requested: Any
    worker: EngineWorker

    @property
    def model(self) -> ModelInfo | None:
        """The loaded model, None while there is none."""
        return self._model

    @property
    def model_path(self) -> Path | None:
        """The model file asked for last (loaded or loading)."""
        return self._model_path

    @property
    def server(self) -> ServerReady | None:
        """The server model replies come from, None while it is a local model."""
        return self._server

    @property
    def loaded_with(self) -> LoadParams | None:
        """The load settings of the model asked for last."""
        return self._loaded_with

    @property
    def outcome(self) -> LoadOutcome | None:
        """How the local model in use was loaded, None while there is none."""
        return self._outcome if self._server is None and self._model is not None else None

    @property
    def is_loading(self) -> bool:
        """Whether a model file is being loaded (or waits to be)."""
        return bool(self._loads)

    def load_model(self, path: Path, params: LoadParams) -> None:
        """Load ``path`` on the engine thread (after the reply in progress, if any)."""
        self._connect_load_signals()
        if not self._loads:
            self._before_load = (self._model_path, self._loaded_with)
        self._model_path = path
        self._loaded_with = params
        request = LoadRequest(path, params, threading.Event())
        self._loads += (request,)
        self.load_requested.emit(request)

    @Slot()
    def cancel_load(self) -> None:
        """Stop the model load in progress (within a second); ``model_load_cancelled``
        follows. Cancelled before the model in use was let go, that one stays."""
        for request in self._loads:
            request.cancel.set()
            if request.withdraw():  # the worker has not got to it: nothing was changed
                self._on_model_load_cancelled(LoadCancelled(request, self._model))

    def _connect_load_signals(self) -> None:
        if self._load_relay is None:
            self._load_relay = _LoadRelay(self)

    def use_server(self, config: ServerConfig) -> None:
        """Chat with ``config``'s model from now on (after the reply in progress)."""
        self._model_path = None
        self._loaded_with = None
        self.server_requested.emit(ServerRequest(config))

    @Slot(object)
    def _on_model_loaded(self, outcome: LoadOutcome) -> None:
        self._loads = self._loads[1:]
        self._model = outcome.info
        self._outcome = outcome
        self._server = None
        self.model_loaded.emit(outcome)

    @Slot(object)
    def _on_model_load_failed(self, message: str) -> None:
        self._loads = self._loads[1:]
        self._model = None
        self.model_load_failed.emit(message)

    def _on_load_progressed(self, fraction: float) -> None:
        if self._loads:
            self.load_progressed.emit(fraction)

    def _on_model_load_cancelled(self, cancelled: LoadCancelled) -> None:
        self._loads = tuple(r for r in self._loads if r is not cancelled.request)
        if self._loads:
            return  # another load follows: the window goes on showing it
        before, params = self._before_load
        if cancelled.model is not None:
            self._model_path, self._loaded_with = before, params
            previous = None
        else:
            previous = before if self._model is not None and self._server is None else None
            self._model = None
            self._server = None
            self._model_path = self._loaded_with = None
        self.model_load_cancelled.emit(replace(cancelled, previous=previous))

    @Slot(object)
    def _on_server_connected(self, ready: ServerReady) -> None:
        self._model = ready.info
        self._server = ready
        self.server_connected.emit(ready)

    @Slot(object)
    def _on_server_failed(self, message: str) -> None:
        if self._server is not None:  # the server in use was let go for the new one
            self._model = None
            self._server = None
        self.server_failed.emit(message)


class _LoadRelay(QObject):
    """Brings the worker's load signals to ModelSlots on the GUI thread.

    Connected after the window has connected plain methods of the ReplyController,
    PySide 6.11 would run ModelSlots' own slots on the worker's thread instead."""

    def __init__(self, slots: ModelSlots) -> None:
        super().__init__(cast(QObject, slots))
        self._slots = slots
        slots.worker.load_progressed.connect(self._on_load_progressed)
        slots.worker.model_load_cancelled.connect(self._on_model_load_cancelled)

    @Slot(float)
    def _on_load_progressed(self, fraction: float) -> None:
        self._slots._on_load_progressed(fraction)

    @Slot(object)
    def _on_model_load_cancelled(self, cancelled: LoadCancelled) -> None:
        self._slots._on_model_load_cancelled(cancelled)
