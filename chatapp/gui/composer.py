"""The message box: Enter sends, Shift+Enter starts a new line; Send turns into Stop."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

NO_MODEL_HINT = "Load a model to start"


class _MessageEdit(QPlainTextEdit):
    submitted = Signal()
    escape_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.submitted.emit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            return
        super().keyPressEvent(event)


class Composer(QWidget):
    """Input box with a Send/Stop button.

    Signals:
        send_requested(str): the user sent this text.
        stop_requested(): the user wants the streaming reply stopped.
        regenerate_requested(): the user wants a new answer to the last message.
        edit_requested(): the user wants to edit and resend the last message.
    """

    send_requested = Signal(str)
    stop_requested = Signal()
    regenerate_requested = Signal()
    edit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = _MessageEdit(self)
        self.editor.setObjectName("composerEditor")
        self.editor.setFixedHeight(96)
        self.button = QPushButton("Send", self)
        self.button.setObjectName("sendButton")
        self.regenerate_button = QPushButton("Regenerate", self)
        self.regenerate_button.setToolTip("A new answer to your last message, with a new seed")
        self.edit_button = QPushButton("Edit last", self)
        self.edit_button.setToolTip("Put your last message back here to change and resend it")
        self.regenerate_button.clicked.connect(self.regenerate_requested)
        self.edit_button.clicked.connect(self.edit_requested)
        buttons = QVBoxLayout()
        buttons.addWidget(self.button)
        buttons.addWidget(self.regenerate_button)
        buttons.addWidget(self.edit_button)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor, 1)
        layout.addLayout(buttons)
        self._streaming = False
        self._ready = False
        self._has_reply = False
        self.editor.submitted.connect(self._on_submitted)
        self.editor.escape_pressed.connect(self._on_escape)
        self.button.clicked.connect(self._on_button_clicked)
        self.set_ready(False)

    def set_ready(self, ready: bool, hint: str = NO_MODEL_HINT) -> None:
        """Enable sending when a model is ready; otherwise show why not."""
        self._ready = ready
        self.editor.setPlaceholderText(
            "Message (Enter sends, Shift+Enter for a new line)" if ready else hint
        )
        self.editor.viewport().update()  # the placeholder is not repainted on its own
        if ready:
            self.editor.setFocus()
        self._update_button()

    def set_streaming(self, streaming: bool) -> None:
        self._streaming = streaming
        self._update_button()

    def set_has_reply(self, has_reply: bool) -> None:
        """Whether there is a last exchange to regenerate or edit."""
        self._has_reply = has_reply
        self._update_button()

    def edit_text(self, text: str) -> None:
        """Put ``text`` in the box for editing."""
        self.editor.setPlainText(text)
        self.editor.moveCursor(QTextCursor.MoveOperation.End)
        self.editor.setFocus()

    def _update_button(self) -> None:
        self.button.setText("Stop" if self._streaming else "Send")
        self.button.setEnabled(self._streaming or self._ready)
        idle_with_reply = self._ready and self._has_reply and not self._streaming
        self.regenerate_button.setEnabled(idle_with_reply)
        self.edit_button.setEnabled(idle_with_reply)

    @Slot()
    def _on_submitted(self) -> None:
        if self._streaming or not self._ready:
            return
        text = self.editor.toPlainText().strip()
        if not text:
            return
        self.editor.clear()
        self.send_requested.emit(text)

    @Slot()
    def _on_escape(self) -> None:
        if self._streaming:
            self.stop_requested.emit()

    @Slot()
    def _on_button_clicked(self) -> None:
        if self._streaming:
            self.stop_requested.emit()
        else:
            self._on_submitted()
