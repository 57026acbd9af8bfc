"""EngineWorker: the one object that touches the backend (llama.cpp), in its own QThread."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from chatapp.core.backend import BackendError, ChatBackend, GenerationRequest, ReplyStream
from chatapp.core.engine import ChatEngine, ContextFullError
from chatapp.core.gguf_info import ModelFileError
from chatapp.core.model_loading import LoadOutcome, load_planned
from chatapp.core.settings import LoadParams

log = logging.getLogger(__name__)

# At most this many token batches a second reach the GUI thread.
BATCHES_PER_SECOND = 60

ModelLoader = Callable[[str, LoadParams], LoadOutcome]


@dataclass(frozen=True)
class BackendSetup:
    """What the engine thread works with: the backend replies come from, how a model
    file is loaded into it, and how it is freed at the end."""

    backend: ChatBackend
    load_model: ModelLoader
    close: Callable[[], None]


BackendFactory = Callable[[], BackendSetup]


def local_backend() -> BackendSetup:
    """llama.cpp in this process: models are loaded by the GPU plan (``load_planned``)."""
    engine = ChatEngine()
    return BackendSetup(engine, partial(load_planned, engine), engine.unload)


@dataclass(frozen=True)
class LoadRequest:
    """A model file to load and how."""

    path: Path
    params: LoadParams


class EngineWorker(QObject):
    """Loads models and streams replies for the window, off the GUI thread.

    Signals:
        model_loaded(LoadOutcome): a model is ready, with the GPU plan it was loaded by.
        model_load_failed(str): one line saying why a model could not be loaded.
        token_batch_ready(str): new reply text, batched to at most ~60 a second.
        reply_finished(ReplyStats): the reply ended (stop, length, context full or cancelled).
        reply_failed(str): one line saying why the reply failed.
        context_full(str): the chat does not fit and its policy says to stop and ask.
    """

    model_loaded = Signal(object)
    model_load_failed = Signal(str)
    token_batch_ready = Signal(str)
    reply_finished = Signal(object)
    reply_failed = Signal(str)
    context_full = Signal(str)

    def __init__(self, setup: BackendSetup | None = None) -> None:
        super().__init__()
        self.setup = setup or local_backend()

    @property
    def backend(self) -> ChatBackend:
        return self.setup.backend

    @Slot(object)
    def load_model(self, request: LoadRequest) -> None:
        try:
            outcome = self.setup.load_model(str(request.path), request.params)
        except (ModelFileError, BackendError) as exc:
            self.model_load_failed.emit(str(exc))
        except Exception as exc:
            log.exception("loading %s failed", request.path)
            self.model_load_failed.emit(f"Unexpected error while loading the model: {exc}")
        else:
            self.model_loaded.emit(outcome)

    @Slot(object)
    def generate(self, request: GenerationRequest) -> None:
        """Stream the reply ``request`` asks for, in batches."""
        pending: list[str] = []
        last_emit = 0.0
        try:
            reply = ReplyStream(request.stream(self.backend))
            for piece in reply:
                pending.append(piece)
                now = time.monotonic()
                if now - last_emit >= 1.0 / BATCHES_PER_SECOND:
                    self.token_batch_ready.emit("".join(pending))
                    pending.clear()
                    last_emit = now
        except ContextFullError as exc:
            self.context_full.emit(str(exc))
        except BackendError as exc:
            self.reply_failed.emit(str(exc))
        except Exception as exc:
            log.exception("generation failed")
            self.reply_failed.emit(f"Unexpected error while generating: {exc}")
        else:
            if pending:
                self.token_batch_ready.emit("".join(pending))
            self.reply_finished.emit(reply.stats)

    @Slot()
    def shutdown(self) -> None:
        """Free the model (on this thread, the one that loaded it)."""
        self.setup.close()
