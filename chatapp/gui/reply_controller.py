"""ReplyController: loads models and streams replies into their conversations.

It owns the engine: the Scheduler in front of the backend (``scheduler``, which the
local API server shares) and an EngineWorker on its own QThread that submits the
window's loads and replies to it. It keeps the cancel event of the reply in progress
and that reply's text while it streams, which it saves through the ConversationKeeper
to the chat it answers (on screen or not), and the window's replies waiting their turn.
It never touches a widget: the window shows what its signals say and asks through it.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import asdict, replace
from pathlib import Path

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, Signal, SignalInstance, Slot

from chatapp.core.backend import GenerationRequest, ModelInfo, ReplyStats
from chatapp.core.conversation import (
    Conversation,
    MessageState,
    OverflowPolicy,
    StoredMessage,
    model_messages,
)
from chatapp.core.reply_options import ReplyOptions
from chatapp.core.scheduler import Scheduler
from chatapp.core.settings import LoadParams, SamplingParams
from chatapp.core.templates import Role
from chatapp.core.token_budget import ContextBudget
from chatapp.gui.chat_turns import (  # the window imports these from here
    context_messages,
    position_of_turn,
    settings_snapshot,
    stopped_short,
    system_messages,
    turns_before,
)
from chatapp.gui.conversation_keeper import ConversationKeeper
from chatapp.gui.i18n import message_text
from chatapp.gui.model_slots import ModelSlots
from chatapp.gui.reply_queue import QueuedReply
from chatapp.gui.workers import (
    BackendFactory,
    EngineWorker,
    ReplyError,
    ServerReady,
    local_backend,
)

log = logging.getLogger(__name__)


class ReplyController(ModelSlots, QObject):
    """Model loading and the reply flow of the open conversation.

    A reply ends with exactly one of reply_finished, reply_failed or context_full, and
    then reply_ended. When a reply gives no text, fails or does not fit, the streaming
    reply is dropped (reply_discarded) and the user's message taken out of the chat
    (user_message_returned), so that nothing the user wrote is lost.

    Signals:
        model_loaded(LoadOutcome): a model is ready.
        model_load_failed(str): why a model could not be loaded (Message: message_text).
        reply_started(): a reply was asked for; its text follows in token_batch_ready.
        token_batch_ready(str): more text of the reply (at most ~30 batches a second).
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
        reply_restored(): a continuation failed: the reply is as it was before it.
        user_message_returned(str): the user's last message was taken out of the chat;
            the argument is its text, for the composer.
        reply_ended(): no reply is in progress any more (after every outcome above).
        waiting_changed(): the chat being answered or the replies waiting changed.

    The reply signals above that show things in the chat (all but reply_ended) come
    only while the chat being answered is the one on screen (``keeper.current``): a
    reply goes on, and is saved, in a chat the user has left. A reply asked for while
    another is written waits its turn (``waiting``); reply_started comes at once.
        shutting_down(): the engine is about to close: whatever else uses the scheduler
            (the local API server) lets go of it now.
        load_requested(LoadRequest): to the engine thread.
        server_requested(ServerRequest): to the engine thread.
        generation_requested(GenerationRequest): to the engine thread.
    """

    model_loaded = Signal(object)
    model_load_failed = Signal(object)
    reply_started = Signal()
    token_batch_ready = Signal(str)
    reply_finished = Signal(object)
    reply_failed = Signal(object)
    reply_errored = Signal(str)
    reasoning_batch_ready = Signal(str)
    server_connected = Signal(object)
    server_failed = Signal(object)
    notice = Signal(object)
    context_full = Signal(object)
    reply_discarded = Signal()
    reply_restored = Signal()
    user_message_returned = Signal(str)
    reply_ended = Signal()
    waiting_changed = Signal()
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
        # Continue: the text the reply had before, and its state to go back to on failure.
        self._prefix = ""
        self._continued: tuple[MessageState, dict[str, object] | None] | None = None
        self._system_prompt = ""
        self._model: ModelInfo | None = None
        self._model_path: Path | None = None
        self._loaded_with: LoadParams | None = None
        self._server: ServerReady | None = None
        self._reasoning_parts: list[str] = []
        self._answering: Conversation | None = None  # the chat the reply is written for
        self.waiting: list[QueuedReply] = []
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
    def reasoning_text(self) -> str:
        """The thinking of the streaming (or last) reply, apart from its text."""
        return "".join(self._reasoning_parts)

    @property
    def is_generating(self) -> bool:
        return self._cancel is not None

    @property
    def on_screen(self) -> bool:
        """Whether the chat being answered is the one on screen."""
        return self._answering is not None and self._answering is self.keeper.current

    def reply_marks(self) -> dict[str, str]:
        """For the chat list, by chat id: "generating" (being answered) or "waiting"."""
        marks = {q.conversation.id: "waiting" for q in self.waiting}
        if self._answering is not None and self._cancel is not None:
            marks[self._answering.id] = "generating"
        return marks

    def _here(self, signal: SignalInstance, *args: object) -> None:
        if self.on_screen:
            signal.emit(*args)

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
        """Whether the last exchange can be redone: a model, no reply streams, a last reply."""
        history = self.keeper.history()
        return (
            self._cancel is None
            and self._model is not None
            and len(history) >= 2
            and history[-1].role == Role.ASSISTANT
        )

    def can_continue(self) -> bool:
        """Whether the chat's last reply can be continued: it stopped short (Stop, the
        length limit), and no reply streams."""
        messages = self.keeper.current.messages
        idle = self._cancel is None and self._model is not None
        return idle and bool(messages) and stopped_short(messages[-1])

    # Asking ------------------------------------------------------------------------

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
        if self._cancel is not None:  # one reply at a time: this one waits its turn
            self.waiting.append(QueuedReply(conversation, sampling, system_prompt))
            self.reply_started.emit()
            self.waiting_changed.emit()
            return
        self.resend(sampling, system_prompt)

    def resend(
        self, sampling: SamplingParams, system_prompt: str, policy: OverflowPolicy | None = None
    ) -> None:
        """Stream a reply to the chat as it is (it ends with the user's message);
        ``policy`` overrides the chat's overflow policy for this reply."""
        self._reply_message = None
        self._prefix = ""
        self._continued = None
        self._request(self.keeper.current, sampling, system_prompt, policy)

    def continue_reply(self, sampling: SamplingParams, system_prompt: str) -> bool:
        """Ask the model to go on with the last reply where it stopped; the text is
        appended to that same message. False when it cannot be continued."""
        if not self.can_continue():
            return False
        message = self.keeper.current.messages[-1]
        self._reply_message = message
        self._prefix = message.content
        self._continued = (message.state, message.stats)
        message.state = MessageState.STREAMING
        self._request(self.keeper.current, sampling, system_prompt, None, continue_last=True)
        return True

    def _request(
        self,
        conversation: Conversation,
        sampling: SamplingParams,
        system_prompt: str,
        policy: OverflowPolicy | None,
        continue_last: bool = False,
    ) -> None:
        self._answering = conversation
        self._reply_parts = []
        self._reasoning_parts = []
        self._system_prompt = system_prompt
        self._cancel = threading.Event()
        self._here(self.reply_started)
        self.waiting_changed.emit()
        request = GenerationRequest(
            messages=tuple(system_messages(system_prompt) + model_messages(conversation.messages)),
            sampling=sampling,
            cancel=self._cancel,
            overflow_policy=policy or conversation.overflow_policy,
            context_start=turns_before(conversation.messages, conversation.context_start),
            options=ReplyOptions(continue_last=True, keep_leading_space=True)
            if continue_last
            else None,
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

    def _start_next(self) -> None:
        if self._cancel is None and self.waiting:
            queued = self.waiting.pop(0)
            self._reply_message = None
            self._prefix = ""
            self._continued = None
            self._request(queued.conversation, queued.sampling, queued.system_prompt, None)
        self.waiting_changed.emit()

    @Slot()
    def stop(self) -> None:
        """Stop the reply of the chat on screen: the one being written, or the one
        waiting its turn (dropped, the user's message goes back to the composer)."""
        current = self.keeper.current
        for queued in self.waiting:
            if queued.conversation is current:
                self.waiting.remove(queued)
                self.reply_discarded.emit()
                self.return_user_message()
                self.reply_ended.emit()
                self.waiting_changed.emit()
                return
        if self._answering is current:
            self._stop_active()

    def cancel_waiting(self) -> None:
        """Drop the replies waiting their turn (the user's messages stay in their chats;
        the one on screen goes back to the composer)."""
        if any(q.conversation is self.keeper.current for q in self.waiting):
            self.stop()
        self.waiting.clear()
        self.waiting_changed.emit()

    def _stop_active(self) -> None:
        """The event is set directly: the worker is busy in its loop, where a queued call
        would wait for the reply to end; a reply still waiting its turn behind an API
        request is taken out of the scheduler's queue at once."""
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

    @Slot(str)
    def _on_reasoning_batch_ready(self, text: str) -> None:
        self._reasoning_parts.append(text)
        self._here(self.reasoning_batch_ready, text)

    @Slot(str)
    def _on_token_batch_ready(self, text: str) -> None:
        self._reply_parts.append(text)
        message = self._reply_message
        if message is None:
            model = self._model.name if self._model else None
            self._reply_message = StoredMessage(
                Role.ASSISTANT, text, state=MessageState.STREAMING, model=model
            )
            self.keeper.add_message(self._reply_message, conversation=self._answering)
        else:
            message.content += text
            self.keeper.reply_grew(conversation=self._answering)
        self._here(self.token_batch_ready, text)

    @Slot(object)
    def _on_reply_finished(self, stats: ReplyStats) -> None:
        log.info("reply finished: %s", stats)
        message, self._reply_message = self._reply_message, None
        self._cancel = None
        self._continued = None
        conversation = self._answering
        assert conversation is not None
        if message is None:  # no text: nothing to keep
            if self.on_screen:
                self.reply_discarded.emit()
                self.return_user_message()
        else:
            message.content = self._prefix + self.reply_text
            message.state = (
                MessageState.INTERRUPTED
                if stats.finish_reason == "cancelled"
                else MessageState.COMPLETE
            )
            message.stats = asdict(stats)
            self.keeper.finish_last(conversation)
            start = position_of_turn(conversation.messages, stats.dropped_messages)
            if start != conversation.context_start:
                conversation.context_start = start
                self.keeper.save_header(conversation)
            self.budget.record_engine_count(
                context_messages(conversation, self._system_prompt),
                stats.prompt_tokens_total + stats.generated_tokens,
            )
        self._here(self.reply_finished, stats)
        self.reply_ended.emit()
        self._start_next()

    @Slot(object)
    def _on_reply_failed(self, message: str) -> None:
        on_screen = self.on_screen
        self._discard_reply()
        if on_screen:
            self.return_user_message()
        elif self._answering is not None:  # the user's message stays in that chat
            failed = self.tr("the reply in “{title}” failed: {message}")
            message = failed.format(title=self._answering.title, message=message_text(message))
        self.reply_failed.emit(message)
        self.reply_ended.emit()
        self._start_next()

    @Slot(object)
    def _on_reply_errored(self, error: ReplyError) -> None:
        """A server failed: the failure stays in the chat as an error, after any text that
        had arrived (which is kept, marked as cut)."""
        self._cancel = None
        self._continued = None
        conversation = self._answering
        message, self._reply_message = self._reply_message, None
        if message is None:
            model = self._model.name if self._model else None
            message = StoredMessage(Role.ASSISTANT, "", model=model)
            self.keeper.add_message(message, conversation=conversation)
        message.content = self._prefix + self.reply_text
        message.state = MessageState.ERROR
        message.error = error.message
        self.keeper.finish_last(conversation)
        if self.on_screen:
            self.reply_errored.emit(error.message)
        else:
            self.reply_failed.emit(error.message)
        self.reply_ended.emit()
        self._start_next()

    @Slot(object)
    def _on_context_full(self, message: str) -> None:
        if self._continued is not None or not self.on_screen:  # nobody to ask: it failed
            self._on_reply_failed(message)
            return
        self._discard_reply()
        self.reply_ended.emit()
        self.context_full.emit(message)
        self._start_next()

    def _discard_reply(self) -> None:
        self._cancel = None
        if self._continued is not None and self._reply_message is not None:
            # A continuation that failed: the reply is kept as it was before.
            message, self._reply_message = self._reply_message, None
            message.content = self._prefix
            message.state, message.stats = self._continued
            self._continued = None
            self.keeper.finish_last(self._answering)
            self._here(self.reply_restored)
            return
        if self._reply_message is not None:
            self._reply_message = None
            self.keeper.take_back(1, conversation=self._answering)
        self._here(self.reply_discarded)

    # Shutdown -------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the reply, free the model on its own thread and end that thread; a reply
        still streaming is saved as interrupted."""
        if not self._thread.isRunning():
            return
        self.shutting_down.emit()
        self.waiting.clear()
        self._stop_active()
        QMetaObject.invokeMethod(
            self.worker, "shutdown", Qt.ConnectionType.BlockingQueuedConnection
        )
        self._thread.quit()
        self._thread.wait()
        message, self._reply_message = self._reply_message, None
        if message is not None and message.state == MessageState.STREAMING:
            message.state = MessageState.INTERRUPTED
            self.keeper.finish_last(self._answering)
