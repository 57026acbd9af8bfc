"""What the window says about replies besides their text: "Thinking..." from Send until
the first words come, "generating" in the model bar while the model writes, and the
window put right again when a chat too long to answer is not sent after all."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot

from chatapp.core.conversation import OverflowPolicy
from chatapp.core.templates import Role
from chatapp.gui.conversation_actions import ConversationActions
from chatapp.gui.i18n import message_text, watch_language
from chatapp.gui.model_bar import ModelBar
from chatapp.gui.reply_controller import ReplyController


class ReplyStates(QObject):
    """Keeps the pending line of the composer and the model bar's state in step with the
    ReplyController, and answers its context_full (the chat's policy is "stop and ask")
    with ``ask_drop_oldest``: yes sends again dropping the oldest turns, no gives the
    message back to the composer with the buttons as before it was sent.

    Signals:
        reply_declined(str): the user chose not to send a chat too long for the context;
            the argument says why it was not sent.
    """

    reply_declined = Signal(object)

    def __init__(
        self,
        replies: ReplyController,
        conversations: ConversationActions,
        model_bar: ModelBar,
        ask_drop_oldest: Callable[[str], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.replies = replies
        self.conversations = conversations
        self.composer = conversations.widgets.composer
        self.model_bar = model_bar
        self._ask_drop_oldest = ask_drop_oldest
        for signal in (
            replies.reply_started,
            replies.token_batch_ready,
            replies.reasoning_batch_ready,
            replies.reply_ended,
            replies.waiting_changed,
            conversations.conversation_shown,
        ):
            signal.connect(self.refresh)
        replies.context_full.connect(self._on_context_full)
        replies.user_message_returned.connect(self._on_user_message_returned)
        replies.shutting_down.connect(self._on_shutting_down)
        watch_language(self.composer, self.refresh)  # "Thinking" in the new language

    @Slot()
    def refresh(self) -> None:
        """Show the state of the replies: pending in the chat on screen, and whether the
        model writes one (for whichever chat)."""
        self.model_bar.set_generating(self.replies.is_generating)
        self.composer.show_pending(self._pending_text())

    def _pending_text(self) -> str | None:
        keeper = self.conversations.keeper
        mark = self.replies.reply_marks().get(keeper.current.id)
        if mark == "waiting":
            return self.tr("Waiting for the reply in another chat")
        started = self.replies.reply_batches or self.replies.reasoning_text
        if mark != "generating" or started:
            return None
        return self.tr("Thinking")

    @Slot(object)
    def _on_context_full(self, message: str) -> None:
        settings = self.conversations.settings
        if self._ask_drop_oldest(message):
            self.replies.resend(
                settings.sampling, settings.system_prompt, OverflowPolicy.KEEP_SYSTEM
            )
            return
        self.replies.return_user_message()
        self.conversations.window.statusBar().showMessage(message_text(message))
        self.refresh()
        self.reply_declined.emit(message)

    @Slot(str)
    def _on_user_message_returned(self, _text: str) -> None:
        # The chat now ends where it did before the message was sent.
        history = self.conversations.keeper.history()
        self.composer.set_has_reply(bool(history) and history[-1].role == Role.ASSISTANT)
        self.conversations.show_can_continue()

    @Slot()
    def _on_shutting_down(self) -> None:
        self.composer.show_pending(None)
