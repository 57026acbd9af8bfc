"""EngineWorker: the one object that touches llama.cpp, living in its own QThread."""

from __future__ import annotations

import logging
import threading
import time

from PySide6.QtCore import QObject, Signal, Slot

from chatapp.core.conversation import OverflowPolicy
from chatapp.core.engine import ChatEngine, ContextFullError, EngineError, ReplyStats
from chatapp.core.gguf_info import ModelFileError
from chatapp.core.model_loading import load_planned
from chatapp.core.settings import LoadParams, SamplingParams
from chatapp.core.templates import Message

log = logging.getLogger(__name__)

# At most this many token batches a second reach the GUI thread.
BATCHES_PER_SECOND = 60


class EngineWorker(QObject):
    """Loads models and streams replies for the window, off the GUI thread.

    Signals:
        model_loaded(LoadOutcome): a model is ready, with the GPU plan it was loaded by.
        model_load_failed(str): one line saying why a model could not be loaded.
        token_batch_ready(str): new reply text, batched to at most ~60 a second.
        reply_finished(ReplyStats): the reply ended (stop, length or cancelled).
        reply_failed(str): one line saying why the reply failed.
        context_full(str): the chat does not fit and its policy says to stop and ask.
    """

    model_loaded = Signal(object)
    model_load_failed = Signal(str)
    token_batch_ready = Signal(str)
    reply_finished = Signal(object)
    reply_failed = Signal(str)
    context_full = Signal(str)

    def __init__(self, engine: ChatEngine | None = None) -> None:
        super().__init__()
        self.engine = engine or ChatEngine()

    @Slot(str, object)
    def load_model(self, path: str, params: LoadParams) -> None:
        try:
            outcome = load_planned(self.engine, path, params)
        except (ModelFileError, EngineError) as exc:
            self.model_load_failed.emit(str(exc))
        except Exception as exc:
            log.exception("loading %s failed", path)
            self.model_load_failed.emit(f"Unexpected error while loading the model: {exc}")
        else:
            self.model_loaded.emit(outcome)

    @Slot(object, object, object, object)
    def generate(
        self,
        messages: list[Message],
        sampling: SamplingParams,
        cancel: threading.Event,
        context: tuple[OverflowPolicy, int] | None = None,
    ) -> None:
        """Stream a reply; ``context`` is the chat's overflow policy and where its
        context began last time (see ChatEngine.stream_reply)."""
        policy, start = context or (OverflowPolicy.KEEP_SYSTEM, 0)
        pending: list[str] = []
        last_emit = 0.0
        try:
            for item in self.engine.stream_reply(
                messages, sampling, cancel, policy=policy, start=start
            ):
                if isinstance(item, ReplyStats):
                    if pending:
                        self.token_batch_ready.emit("".join(pending))
                    self.reply_finished.emit(item)
                    return
                pending.append(item)
                now = time.monotonic()
                if now - last_emit >= 1.0 / BATCHES_PER_SECOND:
                    self.token_batch_ready.emit("".join(pending))
                    pending.clear()
                    last_emit = now
        except ContextFullError as exc:
            self.context_full.emit(str(exc))
        except EngineError as exc:
            self.reply_failed.emit(str(exc))
        except Exception as exc:
            log.exception("generation failed")
            self.reply_failed.emit(f"Unexpected error while generating: {exc}")

    @Slot()
    def shutdown(self) -> None:
        self.engine.unload()
