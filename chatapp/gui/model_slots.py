"""The ReplyController's model side: which model (a file, or a server's model) writes
the replies, asked for on the engine thread and reported back through its signals.

A mixin of ReplyController (a QObject with the signals named here), kept apart so that
the reply flow stays readable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Slot

from chatapp.core.backend import ModelInfo
from chatapp.core.model_loading import LoadOutcome
from chatapp.core.remote import ServerConfig
from chatapp.core.settings import LoadParams
from chatapp.gui.workers import LoadRequest, ServerReady, ServerRequest


class ModelSlots:
    """Loading a model file or using a server's model, and what was loaded last."""

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

    def load_model(self, path: Path, params: LoadParams) -> None:
        """Load ``path`` on the engine thread (after the reply in progress, if any)."""
        self._model_path = path
        self._loaded_with = params
        self.load_requested.emit(LoadRequest(path, params))

    def use_server(self, config: ServerConfig) -> None:
        """Chat with ``config``'s model from now on (after the reply in progress)."""
        self._model_path = None
        self._loaded_with = None
        self.server_requested.emit(ServerRequest(config))

    @Slot(object)
    def _on_model_loaded(self, outcome: LoadOutcome) -> None:
        self._model = outcome.info
        self._server = None
        self.model_loaded.emit(outcome)

    @Slot(str)
    def _on_model_load_failed(self, message: str) -> None:
        self._model = None
        self.model_load_failed.emit(message)

    @Slot(object)
    def _on_server_connected(self, ready: ServerReady) -> None:
        self._model = ready.info
        self._server = ready
        self.server_connected.emit(ready)

    @Slot(str)
    def _on_server_failed(self, message: str) -> None:
        if self._server is not None:  # the server in use was let go for the new one
            self._model = None
            self._server = None
        self.server_failed.emit(message)
