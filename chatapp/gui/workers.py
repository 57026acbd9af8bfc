"""EngineWorker: the window's loads, server switches and replies, in its own QThread.

The backend in use (llama.cpp for a local model, or a RemoteBackend for a model on a
server) belongs to a ``Scheduler``: only the scheduler's engine thread touches it, so
that the window's replies and the local API server's requests take turns on one model.
The worker submits jobs and waits for them (a load can wait behind an API reply)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, Signal, Slot

from chatapp.core.backend import (
    BackendError,
    ChatBackend,
    GenerationRequest,
    ModelInfo,
    ReasoningText,
    ReplyStats,
    ReplyStream,
)
from chatapp.core.engine import ChatEngine, ContextFullError
from chatapp.core.gguf_info import ModelFileError
from chatapp.core.load_progress import LoadCancelledError, ProgressCallback, ThrottledProgress
from chatapp.core.messages import QT_TRANSLATE_NOOP, Message, message_of
from chatapp.core.model_loading import LoadOutcome, load_planned
from chatapp.core.remote_errors import RemoteError, RemoteErrorKind
from chatapp.core.scheduler import ReplyHandle, Scheduler, SchedulerClosedError
from chatapp.core.server_config import RemoteModel, ServerConfig
from chatapp.core.settings import LoadParams

log = logging.getLogger(__name__)

# At most this many token batches a second reach the GUI thread: smooth to read, and
# half the GUI work of one batch a token (which 60 a second was at 55 tokens/s; on two
# cores that work is taken from llama.cpp's threads).
BATCHES_PER_SECOND = 30

# How often a load waiting behind other jobs looks whether it was cancelled.
CANCEL_POLL_SECONDS = 0.05

# Messages the window shows through ``message_text`` (the "core" context: they travel
# as Messages, like the core's own).
NO_SUCH_MODEL = QT_TRANSLATE_NOOP(
    "core", "{server} has no model '{model}' (it has {names}): choose another one in Servers"
)
NO_SUCH_MODEL_NONE = QT_TRANSLATE_NOOP(
    "core", "{server} has no model '{model}' (it has none): choose another one in Servers"
)
UNEXPECTED_CONNECT = QT_TRANSLATE_NOOP(
    "core", "Unexpected error while connecting to {server}: {error}"
)
UNEXPECTED_LOAD = QT_TRANSLATE_NOOP("core", "Unexpected error while loading the model: {error}")
UNEXPECTED_REPLY = QT_TRANSLATE_NOOP("core", "Unexpected error while generating: {error}")


class ModelLoader(Protocol):
    """Loads a model file into the local backend (``load_planned`` on a ChatEngine);
    ``progress`` as for :meth:`ChatEngine.load`."""

    def __call__(
        self, path: str, params: LoadParams, *, progress: ProgressCallback | None = None
    ) -> LoadOutcome: ...


# Checking a server's model list at connection takes at most this long.
CONNECT_TIMEOUT = 5.0


class RemoteChat(ChatBackend, Protocol):
    """A backend on a server: a ChatBackend that can list the server's models and close."""

    def list_models(self, timeout: float = CONNECT_TIMEOUT) -> list[RemoteModel]: ...

    def close(self) -> None: ...


RemoteConnector = Callable[[ServerConfig, Callable[[str], None]], RemoteChat]


def connect_remote(config: ServerConfig, notify: Callable[[str], None]) -> RemoteChat:
    """An OpenAI-compatible server through httpx (``chatapp.core.remote``)."""
    from chatapp.core.remote import RemoteBackend  # only when a server is used

    return RemoteBackend(config, notify=notify)


@dataclass(frozen=True)
class BackendSetup:
    """What the engine thread works with: the local backend replies come from, how a
    model file is loaded into it, how it is freed at the end, and how a server is
    connected to instead (``connect``)."""

    backend: ChatBackend
    load_model: ModelLoader
    close: Callable[[], None]
    connect: RemoteConnector = connect_remote


BackendFactory = Callable[[], BackendSetup]


def local_backend() -> BackendSetup:
    """llama.cpp in this process: models are loaded by the GPU plan (``load_planned``)."""
    engine = ChatEngine()
    return BackendSetup(engine, partial(load_planned, engine), engine.unload)


class _Claim:
    """Who has a request: the first of its claimants to ask."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._owner: str | None = None

    def __call__(self, owner: str) -> bool:
        with self._lock:
            self._owner = self._owner or owner
            return self._owner == owner


@dataclass(frozen=True)
class LoadRequest:
    """A model file to load and how; ``cancel.set()`` (any thread) stops the load.

    The engine thread ``take()``s it when it gets to it; before that the window may
    ``withdraw()`` it (the worker's thread may be busy with a reply meanwhile)."""

    path: Path
    params: LoadParams
    cancel: threading.Event = field(default_factory=threading.Event, compare=False)
    _claim: _Claim = field(default_factory=_Claim, compare=False, repr=False)

    def take(self) -> bool:
        """For the worker: False when the request was withdrawn first."""
        return self._claim("engine")

    def withdraw(self) -> bool:
        """For the window: False when the worker has taken the request already."""
        return self._claim("window")


@dataclass(frozen=True)
class LoadCancelled:
    """A load that was cancelled: the ``model`` still loaded (the one before, when the
    load was cancelled before it was let go; else None) and the model file the window
    may offer to load again (``previous``)."""

    request: LoadRequest
    model: ModelInfo | None
    previous: Path | None = None


@dataclass(frozen=True)
class ServerRequest:
    """A model on a server to chat with from now on."""

    config: ServerConfig


@dataclass(frozen=True)
class ServerReady:
    """A server answered and has the model: what the window shows about it."""

    info: ModelInfo
    config: ServerConfig
    host: str
    models: tuple[RemoteModel, ...]


@dataclass(frozen=True)
class ReplyError:
    """A reply a server could not finish: one line, and the text that had arrived."""

    message: str
    partial: str = ""


class EngineWorker(QObject):
    """Loads models and streams replies for the window, off the GUI thread.

    Signals:
        model_loaded(LoadOutcome): a model is ready, with the GPU plan it was loaded by.
        model_load_failed(str): one line saying why a model could not be loaded (a core
            ``Message`` where it is one: the texts of these signals go through
            ``message_text``).
        load_progressed(float): the fraction of the model loaded (at most ~30 a second).
        model_load_cancelled(LoadCancelled): the load stopped at the request's cancel.
        token_batch_ready(str): new reply text, batched to at most ~30 a second.
        reply_finished(ReplyStats): the reply ended (stop, length, context full or cancelled).
        reply_failed(str): one line saying why the reply failed.
        reply_errored(ReplyError): a server failed during the reply (kept as an error).
        context_full(str): the chat does not fit and its policy says to stop and ask.
        reasoning_batch_ready(str): more of a reasoning model's thinking (not the answer).
        server_connected(ServerReady): a server model is now the one replies come from.
        server_failed(str): one line saying why the server model cannot be used.
        notice(str): a one-line remark from the server backend (a retry, a refused field).
    """

    model_loaded = Signal(object)
    model_load_failed = Signal(object)  # str or Message: Signal(str) would drop the template
    load_progressed = Signal(float)
    model_load_cancelled = Signal(object)
    token_batch_ready = Signal(str)
    reply_finished = Signal(object)
    reply_failed = Signal(object)
    reply_errored = Signal(object)
    context_full = Signal(object)
    reasoning_batch_ready = Signal(str)
    server_connected = Signal(object)
    server_failed = Signal(object)
    notice = Signal(object)

    def __init__(
        self, setup: BackendSetup | None = None, scheduler: Scheduler | None = None
    ) -> None:
        super().__init__()
        self.setup = setup or local_backend()
        self.scheduler = scheduler or Scheduler(self.setup.backend)
        self.remote: RemoteChat | None = None
        # The window's reply in progress (set on this thread, cancelled from any).
        self.active_reply: ReplyHandle | None = None

    @property
    def backend(self) -> ChatBackend:
        """The backend in use: the server's while one is chosen, else the local one."""
        backend: ChatBackend = self.scheduler.backend  # type: ignore[assignment]
        return backend

    def _use_local(self, _backend: object = None) -> None:
        """On the engine thread: let the server go; the local backend is in use again."""
        remote, self.remote = self.remote, None
        self.scheduler.backend = self.setup.backend
        if remote is not None:
            remote.close()

    def _use_remote(self, remote: RemoteChat, _backend: object = None) -> None:
        """On the engine thread: free the local model; replies come from ``remote``."""
        self.setup.close()
        self.remote = remote
        self.scheduler.backend = remote

    @Slot(object)
    def use_server(self, request: ServerRequest) -> None:
        """Chat with a model on a server from now on: the local model is freed and the
        server's model list checked (at most CONNECT_TIMEOUT seconds)."""
        self.scheduler.call(self._use_local).result()
        config = request.config
        remote = self.setup.connect(config, self.notice.emit)
        try:
            models = remote.list_models(CONNECT_TIMEOUT)
            if config.model and config.model not in [m.id for m in models]:
                names = ", ".join(m.id for m in models[:5])
                raise RemoteError(
                    RemoteErrorKind.MODEL_NOT_FOUND,
                    Message(
                        NO_SUCH_MODEL if names else NO_SUCH_MODEL_NONE,
                        server=config.name,
                        model=config.model,
                        names=names,
                    ),
                )
        except BackendError as exc:
            remote.close()
            self.server_failed.emit(message_of(exc))
            return
        except Exception as exc:
            remote.close()
            log.exception("connecting to %s failed", config.base_url)
            self.server_failed.emit(
                Message(UNEXPECTED_CONNECT, server=config.name, error=message_of(exc))
            )
            return
        self.scheduler.call(partial(self._use_remote, remote)).result()
        info = remote.describe()
        assert info is not None
        host = urlsplit(config.base_url if "://" in config.base_url else "//" + config.base_url)
        self.server_connected.emit(
            ServerReady(info, config, host.netloc or config.base_url, tuple(models))
        )

    def _load(
        self, request: LoadRequest, progress: ProgressCallback, _backend: object
    ) -> LoadOutcome:
        if not progress(0.0):
            raise LoadCancelledError()
        try:
            outcome = self.setup.load_model(str(request.path), request.params, progress=progress)
        except LoadCancelledError:
            raise  # a server's model in use stays in use
        except BaseException:
            self._use_local()
            raise
        self._use_local()
        return outcome

    @Slot(object)
    def load_model(self, request: LoadRequest) -> None:
        """Load a model file on the engine thread (after the jobs before it), reporting
        its progress; a load cancelled while it waits is dropped at once."""
        if not request.take():
            return
        progress = ThrottledProgress(self.load_progressed.emit, request.cancel)
        try:
            future = self.scheduler.call(partial(self._load, request, progress))
            outcome = _result_unless_cancelled(future, request.cancel)
        except LoadCancelledError:
            self.model_load_cancelled.emit(LoadCancelled(request, self.backend.describe()))
        except (ModelFileError, BackendError) as exc:
            self.model_load_failed.emit(message_of(exc))
        except Exception as exc:
            log.exception("loading %s failed", request.path)
            self.model_load_failed.emit(Message(UNEXPECTED_LOAD, error=message_of(exc)))
        else:
            self.model_loaded.emit(outcome)

    @Slot(object)
    def generate(self, request: GenerationRequest) -> None:
        """Stream the reply ``request`` asks for, in batches."""
        pending: list[str] = []
        thinking: list[str] = []
        last_emit = 0.0
        try:
            handle = self.scheduler.submit(
                partial(_stream_request, request),
                source="window",
                cancel=request.cancel,
                may_refuse=False,
            )
            self.active_reply = handle
            if request.cancel.is_set():  # stopped before the handle was there to cancel
                handle.cancel()
            reply = ReplyStream(handle)
            for piece in reply:
                (thinking if isinstance(piece, ReasoningText) else pending).append(piece)
                now = time.monotonic()
                if now - last_emit >= 1.0 / BATCHES_PER_SECOND:
                    self._flush(pending, thinking)
                    last_emit = now
        except ContextFullError as exc:
            self.context_full.emit(message_of(exc))
        except RemoteError as exc:
            self._flush(pending, thinking)
            self.reply_errored.emit(ReplyError(str(exc), exc.partial))
        except BackendError as exc:
            self.reply_failed.emit(message_of(exc))
        except Exception as exc:
            log.exception("generation failed")
            self.reply_failed.emit(Message(UNEXPECTED_REPLY, error=message_of(exc)))
        else:
            self._flush(pending, thinking)
            self.reply_finished.emit(reply.stats)
        finally:
            self.active_reply = None

    def _flush(self, pending: list[str], thinking: list[str]) -> None:
        if thinking:
            self.reasoning_batch_ready.emit("".join(thinking))
            thinking.clear()
        if pending:
            self.token_batch_ready.emit("".join(pending))
            pending.clear()

    def _close_all(self, _backend: object) -> None:
        self._use_local()
        self.setup.close()

    @Slot()
    def shutdown(self) -> None:
        """Free the model and close the server connection (on the engine thread), then
        end that thread; replies still waiting for it are cancelled."""
        try:
            closed = self.scheduler.call(self._close_all)
        except SchedulerClosedError:
            return
        self.scheduler.close()
        closed.result()


def _result_unless_cancelled(future: Future[LoadOutcome], cancel: threading.Event) -> LoadOutcome:
    """The load's outcome; LoadCancelledError at once when it is cancelled before the
    engine thread takes it up."""
    while True:
        try:
            return future.result(timeout=CANCEL_POLL_SECONDS)
        except TimeoutError:
            if cancel.is_set() and future.cancel():
                raise LoadCancelledError() from None


def _stream_request(
    request: GenerationRequest, backend: ChatBackend, _cancel: object
) -> Iterator[str | ReplyStats]:
    return request.stream(backend)
