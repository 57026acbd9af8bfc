"""ReplyController: loads models and streams replies into the open conversation.

It owns the engine: the Scheduler in front of the backend (``scheduler``, which the
local API server shares) and an EngineWorker on its own QThread that submits the
window's loads and replies to it. It keeps the cancel event of the reply in progress
and that reply's text while it streams, which it saves through the ConversationKeeper.
It never touches a widget: the window shows what its signals say and asks through its
methods.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import asdict, replace
from pathlib import Path

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, Signal, Slot

from chatapp.core.backend import GenerationRequest, ModelInfo, ReplyStats
from chatapp.core.conversation import (
    Conversation,
    MessageState,
    OverflowPolicy,
    StoredMessage,
    model_messages,
)
from chatapp.core.model_loading import LoadOutcome
from chatapp.core.remote import ServerConfig
from chatapp.core.scheduler import Scheduler
from chatapp.core.settings import LoadParams, SamplingParams
from chatapp.core.templates import Message, Role
from chatapp.core.token_budget import ContextBudget
from chatapp.gui.conversation_keeper import ConversationKeeper
from chatapp.gui.workers import (
    BackendFactory,
    EngineWorker,
    LoadRequest,
    ReplyError,
    ServerReady,
    ServerRequest,
    local_backend,
)

log = logging.getLogger(__name__)


def settings_snapshot(sampling: SamplingParams) -> dict[str, object]:
    """What a conversation keeps of the settings it was written with."""
    return {"sampling": asdict(sampling)}


def system_messages(system_prompt: str) -> list[Message]:
    prompt = system_prompt.strip()
    return [Message(Role.SYSTEM, prompt)] if prompt else []


def context_messages(conversation: Conversation, system_prompt: str) -> list[Message]:
    """What the model sees of ``conversation`` (messages before its context start are
    out; a rolling window drops the system prompt with them; failed replies never go)."""
    start = min(conversation.context_start, len(conversation.messages))
    rolled = conversation.overflow_policy is OverflowPolicy.ROLLING_WINDOW and start > 0
    system = [] if rolled else system_messages(system_prompt)
    return system + model_messages(conversation.messages[start:])


def turns_before(messages: list[StoredMessage], position: int) -> int:
    """How many of the messages before ``position`` the model sees (failed replies not)."""
    return sum(1 for m in messages[:position] if not m.is_error)


def position_of_turn(messages: list[StoredMessage], turns: int) -> int:
    """Where the message comes that has ``turns`` messages the model sees before it."""
    if turns <= 0:
        return 0
    seen = 0
    for position, message in enumerate(messages):
        if seen == turns and not message.is_error:
            return position
        seen += 0 if message.is_error else 1
    return len(messages)


class ReplyController(QObject):
    """Model loading and the reply flow of the open conversation.

    A reply ends with exactly one of reply_finished, reply_failed or context_full, and
    then reply_ended. When a reply gives no text, fails or does not fit, the streaming
    reply is dropped (reply_discarded) and the user's message taken out of the chat
    (user_message_returned), so that nothing the user wrote is lost.

    Signals:
        model_loaded(LoadOutcome): a model is ready.
        model_load_failed(str): one line saying why a model could not be loaded.
        reply_started(): a reply was asked for; its text follows in token_batch_ready.
        token_batch_ready(str): more text of the reply (at most ~60 batches a second).
        reply_finished(ReplyStats): the reply ended (stopped, perhaps) and is saved.
        reply_failed(str): one line saying why the reply failed.
        reply_errored(str): a server failed during the reply; the failure is kept in the
            chat as an error (with any text that had arrived), which ``retry`` replaces.
        reasoning_batch_ready(str): more of a reasoning model's thinking (not the answer).
        server_connected(ServerReady): a server model now writes the replies.
        server_failed(str): one line saying why the server model cannot be used.
        notice(str): a one-line remark about the server (a retry after a 429, say).
        context_full(str): the chat does not fit and its policy says to stop and ask:
            answer with ``resend(..., OverflowPolicy.KEEP_SYSTEM)`` or
            ``return_user_message()``.
        reply_discarded(): the streaming reply was dropped from the chat.
        user_message_returned(str): the user's last message was taken out of the chat;
            the argument is its text, for the composer.
        reply_ended(): no reply is in progress any more (after every outcome above).
        shutting_down(): the engine is about to close: whatever else uses the scheduler
            (the local API server) lets go of it now.
        load_requested(LoadRequest): to the engine thread.
        server_requested(ServerRequest): to the engine thread.
        generation_requested(GenerationRequest): to the engine thread.
    """

    model_loaded = Signal(object)
    model_load_failed = Signal(str)
    reply_started = Signal()
    token_batch_ready = Signal(str)
    reply_finished = Signal(object)
    reply_failed = Signal(str)
    reply_errored = Signal(str)
    reasoning_batch_ready = Signal(str)
    server_connected = Signal(object)
    server_failed = Signal(str)
    notice = Signal(str)
    context_full = Signal(str)
    reply_discarded = Signal()
    user_message_returned = Signal(str)
    reply_ended = Signal()
    shutting_down = Signal()
    load_requested = Signal(object)
    server_requested = Signal(object)
    generation_requested = Signal(object)

    def __init__(
        self,
        keeper: ConversationKeeper,
        budget: ContextBudget,
        backend_factory: BackendFactory = local_backend,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.keeper = keeper
        self.budget = budget
        self._cancel: threading.Event | None = None
        self._reply_parts: list[str] = []
        self._reply_message: StoredMessage | None = None
        self._system_prompt = ""
        self._model: ModelInfo | None = None
        self._model_path: Path | None = None
        self._loaded_with: LoadParams | None = None
        self._server: ServerReady | None = None
        self._reasoning_parts: list[str] = []
        self._thread = QThread(self)
        self._thread.setObjectName("engine")
        setup = backend_factory()
        self.scheduler = Scheduler(setup.backend)
        self.worker = EngineWorker(setup, self.scheduler)
        self.worker.moveToThread(self._thread)
        self.load_requested.connect(self.worker.load_model)
        self.server_requested.connect(self.worker.use_server)
        self.generation_requested.connect(self.worker.generate)
        self.worker.model_loaded.connect(self._on_model_loaded)
        self.worker.model_load_failed.connect(self._on_model_load_failed)
        self.worker.token_batch_ready.connect(self._on_token_batch_ready)
        self.worker.reply_finished.connect(self._on_reply_finished)
        self.worker.reply_failed.connect(self._on_reply_failed)
        self.worker.context_full.connect(self._on_context_full)
        self.worker.reply_errored.connect(self._on_reply_errored)
        self.worker.reasoning_batch_ready.connect(self._on_reasoning_batch_ready)
        self.worker.server_connected.connect(self._on_server_connected)
        self.worker.server_failed.connect(self._on_server_failed)
        self.worker.notice.connect(self.notice)
        self._thread.start()

    # State -------------------------------------------------------------------------

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
    def reasoning_text(self) -> str:
        """The thinking of the streaming (or last) reply, apart from its text."""
        return "".join(self._reasoning_parts)

    @property
    def loaded_with(self) -> LoadParams | None:
        """The load settings of the model asked for last."""
        return self._loaded_with

    @property
    def is_generating(self) -> bool:
        return self._cancel is not None

    @property
    def is_running(self) -> bool:
        """Whether the engine thread runs (until ``shutdown``)."""
        return self._thread.isRunning()

    @property
    def reply_text(self) -> str:
        """The text of the streaming (or last) reply so far."""
        return "".join(self._reply_parts)

    @property
    def reply_batches(self) -> int:
        """How many batches the streaming (or last) reply came in."""
        return len(self._reply_parts)

    def last_exchange_ready(self) -> bool:
        """Whether the last exchange can be redone: a model, no reply streaming, and
        the chat ends with a reply."""
        history = self.keeper.history()
        return (
            self._cancel is None
            and self._model is not None
            and len(history) >= 2
            and history[-1].role == Role.ASSISTANT
        )

    # Asking ------------------------------------------------------------------------

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

    def send(
        self, text: str, sampling: SamplingParams, system_prompt: str, policy: OverflowPolicy
    ) -> None:
        """Add the user's message to the open chat, saved with the settings it is sent
        with, and stream the reply to it."""
        conversation = self.keeper.current
        conversation.settings = settings_snapshot(sampling)
        conversation.system_prompt = system_prompt
        conversation.overflow_policy = policy
        if self._model is not None:
            conversation.model = self._model.name
        self.keeper.add_message(StoredMessage(Role.USER, text), with_header=True)
        self.resend(sampling, system_prompt)

    def resend(
        self, sampling: SamplingParams, system_prompt: str, policy: OverflowPolicy | None = None
    ) -> None:
        """Stream a reply to the chat as it is (it ends with the user's message);
        ``policy`` overrides the chat's overflow policy for this reply."""
        conversation = self.keeper.current
        self._reply_parts = []
        self._reasoning_parts = []
        self._reply_message = None
        self._system_prompt = system_prompt
        self._cancel = threading.Event()
        self.reply_started.emit()
        request = GenerationRequest(
            messages=tuple(system_messages(system_prompt) + model_messages(conversation.messages)),
            sampling=sampling,
            cancel=self._cancel,
            overflow_policy=policy or conversation.overflow_policy,
            context_start=turns_before(conversation.messages, conversation.context_start),
        )
        self.generation_requested.emit(request)

    def regenerate(self, sampling: SamplingParams, system_prompt: str) -> bool:
        """Write a new reply beside the last one, which is kept as another branch (with a
        new random seed); False when there is no finished exchange to redo."""
        if not self.last_exchange_ready():
            return False
        self.keeper.branch_from(len(self.keeper.current.messages) - 1)
        self.resend(replace(sampling, random_seed=True), system_prompt)
        return True

    def retry(self, sampling: SamplingParams, system_prompt: str) -> bool:
        """Replace the failed reply at the end of the chat with a new try; False when the
        chat does not end with one (or a reply streams)."""
        messages = self.keeper.current.messages
        if self._cancel is not None or not messages or not messages[-1].is_error:
            return False
        self.keeper.take_back(1, keep_place=True)
        self.resend(sampling, system_prompt)
        return True

    @Slot()
    def stop(self) -> None:
        """Stop the streaming reply. The event is set directly: the worker is busy in
        its loop, where a queued call would wait for the reply to end; a reply still
        waiting its turn behind an API request is taken out of the queue at once."""
        if self._cancel is not None:
            self._cancel.set()
            handle = self.worker.active_reply
            if handle is not None and handle.cancel_event is self._cancel:
                handle.cancel()

    def return_user_message(self) -> None:
        """Take the user's last message out of the chat (user_message_returned); when it
        was answered before (a regenerated reply that never came), show that answer."""
        history = self.keeper.history()
        if history and history[-1].role == Role.USER and not self.keeper.show_continuation():
            self.user_message_returned.emit(self.keeper.take_back(1)[0].content)

    # From the engine thread -----------------------------------------------------------

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

    @Slot(str)
    def _on_reasoning_batch_ready(self, text: str) -> None:
        self._reasoning_parts.append(text)
        self.reasoning_batch_ready.emit(text)

    @Slot(str)
    def _on_token_batch_ready(self, text: str) -> None:
        self._reply_parts.append(text)
        message = self._reply_message
        if message is None:
            model = self._model.name if self._model else None
            self._reply_message = StoredMessage(
                Role.ASSISTANT, text, state=MessageState.STREAMING, model=model
            )
            self.keeper.add_message(self._reply_message)
        else:
            message.content += text
            self.keeper.reply_grew()
        self.token_batch_ready.emit(text)

    @Slot(object)
    def _on_reply_finished(self, stats: ReplyStats) -> None:
        log.info("reply finished: %s", stats)
        message, self._reply_message = self._reply_message, None
        self._cancel = None
        if message is None:  # no text: nothing to keep
            self.reply_discarded.emit()
            self.return_user_message()
        else:
            conversation = self.keeper.current
            message.content = self.reply_text
            message.state = (
                MessageState.INTERRUPTED
                if stats.finish_reason == "cancelled"
                else MessageState.COMPLETE
            )
            message.stats = asdict(stats)
            self.keeper.finish_last()
            start = position_of_turn(conversation.messages, stats.dropped_messages)
            if start != conversation.context_start:
                conversation.context_start = start
                self.keeper.save_header()
            self.budget.record_engine_count(
                context_messages(conversation, self._system_prompt),
                stats.prompt_tokens_total + stats.generated_tokens,
            )
        self.reply_finished.emit(stats)
        self.reply_ended.emit()

    @Slot(str)
    def _on_reply_failed(self, message: str) -> None:
        self._discard_reply()
        self.return_user_message()
        self.reply_failed.emit(message)
        self.reply_ended.emit()

    @Slot(object)
    def _on_reply_errored(self, error: ReplyError) -> None:
        """A server failed: the failure stays in the chat as an error, after any text that
        had arrived (which is kept, marked as cut)."""
        self._cancel = None
        message, self._reply_message = self._reply_message, None
        if message is None:
            model = self._model.name if self._model else None
            message = StoredMessage(Role.ASSISTANT, "", model=model)
            self.keeper.add_message(message)
        message.content = self.reply_text
        message.state = MessageState.ERROR
        message.error = error.message
        self.keeper.finish_last()
        self.reply_errored.emit(error.message)
        self.reply_ended.emit()

    @Slot(str)
    def _on_context_full(self, message: str) -> None:
        self._discard_reply()
        self.reply_ended.emit()
        self.context_full.emit(message)

    def _discard_reply(self) -> None:
        self._cancel = None
        if self._reply_message is not None:
            self._reply_message = None
            self.keeper.take_back(1)
        self.reply_discarded.emit()

    # Shutdown -------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the reply, free the model on its own thread and end that thread; a reply
        still streaming is saved as interrupted."""
        if not self._thread.isRunning():
            return
        self.shutting_down.emit()
        self.stop()
        QMetaObject.invokeMethod(
            self.worker, "shutdown", Qt.ConnectionType.BlockingQueuedConnection
        )
        self._thread.quit()
        self._thread.wait()
        message, self._reply_message = self._reply_message, None
        if message is not None and message.state == MessageState.STREAMING:
            message.state = MessageState.INTERRUPTED
            self.keeper.finish_last()
