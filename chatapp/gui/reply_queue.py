"""The window's replies that wait for the engine: one reply is written at a time, the
others wait here in order, and a status-bar line shows them with Cancel."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from chatapp.core.conversation import Conversation
from chatapp.core.settings import SamplingParams
from chatapp.gui.i18n import Retranslatable, window_locale


@dataclass(frozen=True)
class QueuedReply:
    """A reply asked for while another was being written: the chat it answers (whose
    last message is the user's) and what it is to be written with."""

    conversation: Conversation
    sampling: SamplingParams
    system_prompt: str


class ReplyQueueBar(Retranslatable, QWidget):
    """ "2 replies waiting: Title, Title" and Cancel, shown while replies wait.

    Signals:
        cancel_requested(): the user wants the waiting replies dropped.
    """

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replyQueue")
        self.label = QLabel(self)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("cancelWaitingReplies")
        self._titles: list[str] = []
        self.cancel_button.clicked.connect(self.cancel_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.cancel_button)
        self.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Drop the replies that wait their turn"))
        self._show_titles()

    @Slot(list)
    def show_waiting(self, titles: list[str]) -> None:
        """Show the titles of the chats whose replies wait (hidden when none do)."""
        self._titles = list(titles)
        self._show_titles()
        self.setVisible(bool(titles))

    def _show_titles(self) -> None:
        titles = self._titles
        text = self.tr("%n reply(s) waiting: {titles}", "", len(titles))
        self.label.setText(text.format(titles=window_locale().createSeparatedList(titles)))
