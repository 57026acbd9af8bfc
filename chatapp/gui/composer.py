"""The message box: Enter sends, Shift+Enter starts a new line, Tab moves on (Ctrl+Tab
types a tab); Send turns into Stop, and "Thinking..." shows until the reply's first words."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.messages import QT_TRANSLATE_NOOP
from chatapp.core.token_budget import BudgetReading
from chatapp.gui.elided_label import ElidedLabel
from chatapp.gui.i18n import Retranslatable, number_text
from chatapp.gui.icons import icon

NO_MODEL_HINT = QT_TRANSLATE_NOOP("Composer", "Load a model to start")
Hint = str | Callable[[], str]  # a text, or a function that gives it in today's language
PENDING_DOTS_MS = 400  # one more dot of "Thinking..." this often


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
        if (
            event.key() == Qt.Key.Key_Tab
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.insertPlainText("\t")  # Tab alone moves the focus on
            return
        super().keyPressEvent(event)


_METER_COLORS = {"ok": "#2da44e", "tight": "#bf8700", "over": "#cf222e"}


class Composer(Retranslatable, QWidget):
    """Input box with a Send/Stop button and a meter of the context the chat takes.

    Signals:
        draft_changed(str): the text in the box changed (the meter is recounted).
        send_requested(str): the user sent this text.
        stop_requested(): the user wants the streaming reply stopped.
        regenerate_requested(): the user wants a new answer to the last message.
        continue_requested(): the user wants the last reply (stopped or cut at the
            length limit) to go on where it stopped.
        edit_requested(): the user wants to edit and resend the last message.
    """

    draft_changed = Signal(str)
    send_requested = Signal(str)
    stop_requested = Signal()
    regenerate_requested = Signal()
    continue_requested = Signal()
    edit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = _MessageEdit(self)
        self.editor.setObjectName("composerEditor")
        self.editor.setFixedHeight(96)
        self.editor.setTabChangesFocus(True)
        self.button = QPushButton(self)
        self.button.setObjectName("sendButton")
        self.regenerate_button = QPushButton(icon("regenerate"), "", self)
        self.edit_button = QPushButton(icon("edit"), "", self)
        self.regenerate_button.clicked.connect(self.regenerate_requested)
        self.continue_button = QPushButton(self)
        self.continue_button.setObjectName("continueButton")
        self.continue_button.clicked.connect(self.continue_requested)
        self._can_continue = False
        self.edit_button.clicked.connect(self.edit_requested)
        # For the window's menu (which gives them their shortcuts), enabled as the buttons.
        self.regenerate_action = QAction(self)
        self.regenerate_action.setObjectName("regenerateAction")
        self.regenerate_action.triggered.connect(self.regenerate_requested)
        self.edit_action = QAction(self)
        self.edit_action.setObjectName("editLastAction")
        self.edit_action.triggered.connect(self.edit_requested)
        buttons = QVBoxLayout()
        buttons.addWidget(self.button)
        buttons.addWidget(self.regenerate_button)
        buttons.addWidget(self.continue_button)
        buttons.addWidget(self.edit_button)
        self.meter_bar = QProgressBar(self)
        self.meter_bar.setObjectName("contextMeterBar")
        self.meter_bar.setTextVisible(False)
        self._meter_color = ""
        self.meter_bar.setFixedHeight(6)
        self.meter_bar.setMaximumWidth(160)
        self.meter_bar.setMinimumWidth(24)
        self.meter = QLabel(self)
        self.meter.setObjectName("contextMeter")
        self.pending_label = ElidedLabel(self)
        self.pending_label.setObjectName("replyPending")
        self.pending_label.setStyleSheet("color: palette(placeholder-text); font-style: italic;")
        self._pending_text = ""
        self._pending_dots = 0
        self._pending_timer = QTimer(self)
        self._pending_timer.setObjectName("replyPendingDots")
        self._pending_timer.setInterval(PENDING_DOTS_MS)
        self._pending_timer.timeout.connect(self._on_pending_tick)
        meter_row = QHBoxLayout()
        meter_row.addWidget(self.pending_label)
        meter_row.addStretch(1)
        meter_row.addWidget(self.meter_bar)
        meter_row.addWidget(self.meter)
        left = QVBoxLayout()
        left.addWidget(self.editor, 1)
        left.addLayout(meter_row)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 1)
        layout.addLayout(buttons)
        self.editor.textChanged.connect(self._on_text_changed)
        self._streaming = False
        self._ready = False
        self._has_reply = False
        self._hint: Hint | None = None
        self._reading: BudgetReading | None = None
        self.editor.submitted.connect(self._on_submitted)
        self.editor.escape_pressed.connect(self._on_escape)
        self.button.clicked.connect(self._on_button_clicked)
        self.retranslate()
        self.set_ready(False)

    def retranslate(self) -> None:
        self.regenerate_button.setText(self.tr("Regenerate"))
        self.regenerate_button.setToolTip(
            self.tr("A new answer to your last message, with a new seed")
        )
        self.edit_button.setText(self.tr("Edit last"))
        self.edit_button.setToolTip(
            self.tr("Put your last message back here to change and resend it")
        )
        self.continue_button.setText(self.tr("Continue"))
        self.continue_button.setToolTip(self.tr("Go on with the last reply where it stopped"))
        self.regenerate_action.setText(self.tr("&Regenerate reply"))
        self.edit_action.setText(self.tr("&Edit last message"))
        self._show_placeholder()
        self._update_button()
        self._show_meter()

    def set_ready(self, ready: bool, hint: Hint | None = None) -> None:
        """Enable sending when a model is ready; otherwise show why not (``hint``, "Load
        a model to start" unless given; a function is asked again on a language switch)."""
        self._ready = ready
        self._hint = hint
        self._show_placeholder()
        if ready:
            self.editor.setFocus()
        self._update_button()

    def _show_placeholder(self) -> None:
        if self._ready:
            text = self.tr("Message (Enter sends, Shift+Enter for a new line)")
        elif self._hint is None:
            text = QCoreApplication.translate("Composer", NO_MODEL_HINT)  # i18n: checked
        else:
            text = self._hint() if callable(self._hint) else self._hint
        self.editor.setPlaceholderText(text)
        self.editor.viewport().update()  # the placeholder is not repainted on its own

    def set_streaming(self, streaming: bool) -> None:
        self._streaming = streaming
        self._update_button()

    def show_pending(self, text: str | None) -> None:
        """Show ``text`` ("Thinking", say) with dots that come and go until the reply's
        first words; None hides it."""
        if not text:
            if not self._pending_text:
                return
            self._pending_timer.stop()
            self._pending_text = ""
            self.pending_label.clear()
            return
        if text != self._pending_text:
            self._pending_text = text
            self._pending_dots = 0
            self._on_pending_tick()
        if not self._pending_timer.isActive():
            self._pending_timer.start()

    @property
    def pending_text(self) -> str:
        """What the pending line says ("" when it is hidden), without its dots."""
        return self._pending_text

    @Slot()
    def _on_pending_tick(self) -> None:
        self._pending_dots = self._pending_dots % 3 + 1
        self.pending_label.setText(self._pending_text + "." * self._pending_dots)

    def set_has_reply(self, has_reply: bool) -> None:
        """Whether there is a last exchange to regenerate or edit."""
        self._has_reply = has_reply
        self._update_button()

    def set_can_continue(self, can_continue: bool) -> None:
        """Whether the last reply stopped or was cut short, so that it can go on."""
        self._can_continue = can_continue
        self._update_button()

    def edit_text(self, text: str) -> None:
        """Put ``text`` in the box for editing."""
        self.editor.setPlainText(text)
        self.editor.moveCursor(QTextCursor.MoveOperation.End)
        self.editor.setFocus()

    @Slot(str)
    def submit(self, text: str) -> None:
        """Send ``text`` as if typed and sent; it stays in the box when it cannot be sent."""
        self.edit_text(text)
        self._on_submitted()

    @property
    def draft(self) -> str:
        return self.editor.toPlainText()

    def show_budget(self, reading: BudgetReading | None) -> None:
        """Show how much of the context the chat and the draft take (hidden: no model)."""
        self._reading = reading
        self._show_meter()

    def _show_meter(self) -> None:
        reading = self._reading
        if reading is None:
            self.meter.clear()
            self.meter_bar.hide()
            return
        self.meter_bar.show()
        self.meter_bar.setRange(0, max(reading.total, 1))
        self.meter_bar.setValue(min(reading.used, reading.total))
        color = _METER_COLORS[reading.level]
        if color != self._meter_color:  # a style sheet re-polishes the bar: only on a change
            self._meter_color = color
            self.meter_bar.setStyleSheet(f"QProgressBar::chunk {{ background: {color}; }}")
        used, total = number_text(reading.used), number_text(reading.total)
        if reading.exact:
            text = self.tr("{used} / {total} tokens").format(used=used, total=total)
            tip = self.tr(
                "System prompt, the messages the model still sees, and your draft, against "
                "the model's context length"
            )
        else:
            text = self.tr("≈{used} / {total} tokens").format(used=used, total=total)
            tip = self.tr(
                "System prompt, the messages the model still sees, and your draft, against "
                "the model's context length (estimated: the model has no tokenizer.json)"
            )
        if reading.level == "over":
            text = self.tr("{count} · older turns will be left out").format(count=text)
        self.meter.setText(text)
        self.meter.setToolTip(tip)

    @Slot()
    def _on_text_changed(self) -> None:
        self.draft_changed.emit(self.editor.toPlainText())

    def _update_button(self) -> None:
        self.button.setText(self.tr("Stop") if self._streaming else self.tr("Send"))
        self.button.setIcon(icon("stop" if self._streaming else "send"))
        self.button.setEnabled(self._streaming or self._ready)
        idle_with_reply = self._ready and self._has_reply and not self._streaming
        self.regenerate_button.setEnabled(idle_with_reply)
        self.edit_button.setEnabled(idle_with_reply)
        self.regenerate_action.setEnabled(idle_with_reply)
        self.edit_action.setEnabled(idle_with_reply)
        self.continue_button.setEnabled(self._ready and self._can_continue and not self._streaming)

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
