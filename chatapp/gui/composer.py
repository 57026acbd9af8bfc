"""The message box: Enter sends, Shift+Enter starts a new line; Send turns into Stop."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QWidget

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
    """

    send_requested = Signal(str)
    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = _MessageEdit(self)
        self.editor.setObjectName("composerEditor")
        self.editor.setFixedHeight(80)
        self.button = QPushButton("Send", self)
        self.button.setObjectName("sendButton")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.button)
        self._streaming = False
        self._ready = False
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

    def _update_button(self) -> None:
        self.button.setText("Stop" if self._streaming else "Send")
        self.button.setEnabled(self._streaming or self._ready)

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
