"""The conversation view: messages in Markdown, and a reply that streams in without
re-rendering the conversation.

A streaming reply is appended as plain text through one cursor at the end of the
document; only that message is re-rendered as Markdown, on a throttle and once more
when it ends. The view follows new text only while the user is at the bottom.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from chatapp.core.conversation import StoredMessage
from chatapp.core.engine import ReplyStats
from chatapp.gui.markdown_render import MarkdownRenderer
from chatapp.gui.message_links import BRANCH_STEPS, Navigator, header_links

RENDER_INTERVAL_MS = 250
_FINISH_WORDS = {
    "stop": "finished",
    "length": "reached the reply length limit (Max tokens in Settings)",
    "context_full": "stopped: the context is full (start a new chat or raise Context length)",
    "cancelled": "stopped by you",
    "error": "stopped by an error",
}
_NAMES = {"user": "You", "assistant": "Assistant", "system": "System"}
_COLORS = {"user": "#1f6feb", "assistant": "#2da44e", "system": "#8250df"}
CONTEXT_MARKER = "Earlier messages are outside what the model sees"
INTERRUPTED_NOTE = "interrupted: this reply was cut off"
ERROR_COLOR = "#cf222e"
REASONING_LABEL = "Reasoning"


def stats_line(message: StoredMessage) -> str:
    """The line under a saved reply: its statistics, or why it is incomplete."""
    if message.state == "interrupted" and not message.stats:
        return INTERRUPTED_NOTE
    if not message.stats or message.is_error:
        return ""
    try:
        return describe_stats(ReplyStats(**message.stats))
    except (TypeError, KeyError):
        return ""


def describe_stats(stats: ReplyStats) -> str:
    """The line shown under a reply."""
    about = "" if stats.counts_exact else "≈"
    return (
        f"{about}{stats.generated_tokens} tokens · {stats.tokens_per_second:.1f} tok/s · "
        f"first token after {stats.time_to_first_token:.2f} s · {_FINISH_WORDS[stats.finish_reason]}"
    )


@dataclass
class _ShownMessage:
    index: int
    role: str
    text: str
    start: int  # where the message (with the gap before it) begins in the document
    body_start: int  # where its text begins, after the header line
    body_end: int = 0  # where its text ends (before its statistics or error line)
    reasoning: str = ""  # a reasoning model's thinking, shown folded above the answer
    reasoning_open: bool = False


class ChatView(QTextBrowser):
    """Shows the conversation; each message and code block has a copy link. A failed
    reply is one red line with a Retry link; a reasoning model's thinking is a folded
    "Reasoning" part above its answer that opens on click.

    Signals:
        copied(str): something was put on the clipboard; the argument says what.
        retry_requested(): the user clicked Retry on a failed reply.
        branch_step_requested(int, int): show the previous (-1) or next (+1) sibling of
            the message at this position (its ``‹ 2/3 ›`` links).
        edit_requested(int): the user clicked Edit on the user message at this position.
        delete_requested(int): the user clicked Delete on the message at this position.
    """

    copied = Signal(str)
    retry_requested = Signal()
    branch_step_requested = Signal(int, int)
    edit_requested = Signal(int)
    delete_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setReadOnly(True)
        self.anchorClicked.connect(self._on_anchor_clicked)
        self._markdown = MarkdownRenderer()
        self._messages: list[_ShownMessage] = []
        self._code_blocks: dict[str, str] = {}
        self._streaming: _ShownMessage | None = None
        self._stream_cursor: QTextCursor | None = None
        self._render_timer = QTimer(self)
        self._render_timer.setObjectName("markdownRenderThrottle")
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(RENDER_INTERVAL_MS)
        self._render_timer.timeout.connect(self._render_streaming_reply)
        self._body = QTextCharFormat()
        self._stats = QTextCharFormat()
        self._stats.setForeground(QColor("#6e7781"))
        self._stats.setFontPointSize(max(self.font().pointSizeF() - 1, 7))
        self._marker_index: int | None = None
        self._marker_span = (0, 0)
        self.highlighted_index: int | None = None

    # Scrolling ------------------------------------------------------------

    def _at_bottom(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() >= bar.maximum() - 4

    def _follow(self, was_at_bottom: bool) -> None:
        if was_at_bottom:
            bar = self.verticalScrollBar()
            bar.setValue(bar.maximum())

    # Messages ---------------------------------------------------------------

    def _end_cursor(self) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        return cursor

    def _insert_header(self, role: str, navigator: Navigator = None) -> _ShownMessage:
        cursor = self._end_cursor()
        start = cursor.position()
        if not self.document().isEmpty():
            gap = QTextBlockFormat()
            gap.setTopMargin(12)
            cursor.insertBlock(gap, QTextCharFormat())
        header = QTextCharFormat()
        header.setForeground(QColor(_COLORS.get(role, "#000000")))
        header.setFontWeight(QFont.Weight.Bold)
        cursor.insertText(_NAMES.get(role, role), header)
        index = len(self._messages)
        cursor.insertHtml(f"&nbsp;&nbsp;<small>{header_links(index, role, navigator)}</small>")
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        message = _ShownMessage(index, role, "", start, cursor.position())
        self._messages.append(message)
        return message

    def _render_body(self, message: _ShownMessage) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(message.body_start)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        self._insert_body(cursor, message)

    def _insert_body(self, cursor: QTextCursor, message: _ShownMessage) -> None:
        if message.role == "user":
            cursor.insertText(message.text, self._body)
        else:
            if message.reasoning:
                cursor.insertHtml(self._reasoning_html(message))
                if message.text:
                    cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
            rendered = self._markdown.render(message.text, f"m{message.index}")
            self._code_blocks.update(rendered.code_blocks)
            if message.text:
                cursor.insertHtml(rendered.html.strip())
        message.body_end = cursor.position()

    def _reasoning_html(self, message: _ShownMessage) -> str:
        arrow = "▾" if message.reasoning_open else "▸"
        link = f'<small><a href="reasoning:{message.index}">{arrow} {REASONING_LABEL}</a></small>'
        if not message.reasoning_open:
            return link
        thinking = html.escape(message.reasoning.strip()).replace("\n", "<br>")
        return f'{link}<br><span style="color:#6e7781"><i>{thinking}</i></span>'

    def _replace_body(self, message: _ShownMessage) -> None:
        """Render a message that is not the last one again, moving those after it."""
        old_end = message.body_end
        cursor = QTextCursor(self.document())
        cursor.setPosition(message.body_start)
        cursor.setPosition(old_end, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        self._insert_body(cursor, message)
        delta = message.body_end - old_end
        self._shift(message.index + 1, delta)
        if self._marker_index is not None and self._marker_index > message.index:
            start, end = self._marker_span
            self._marker_span = (start + delta, end + delta)

    def add_message(self, role: str, text: str, navigator: Navigator = None) -> None:
        """Append a complete message; ``navigator`` (which sibling, how many) adds
        ``‹ 2/3 ›`` links when it has siblings."""
        was_at_bottom = self._at_bottom()
        message = self._insert_header(role, navigator)
        message.text = text
        self._render_body(message)
        self._follow(was_at_bottom)

    def begin_reply(self) -> None:
        """Start an assistant message that streams in (a resumed one goes on)."""
        if self._streaming is not None:
            return
        if self.highlighted_index is not None:
            self.highlighted_index = None
            self.setExtraSelections([])
        was_at_bottom = self._at_bottom()
        self._streaming = self._insert_header("assistant")
        self._stream_cursor = self._end_cursor()
        self._follow(was_at_bottom)

    def resume_reply(self) -> None:
        """Stream on into the last message (Continue, or a reply still streaming in a
        chat shown again); its statistics line goes."""
        if self._streaming is not None or not self._messages:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._messages[-1].body_end)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        self._streaming = self._messages[-1]
        self._stream_cursor = self._end_cursor()

    def append_to_reply(self, text: str) -> None:
        """Add streamed text at the end of the current reply."""
        if self._streaming is None:
            self.begin_reply()
        assert self._streaming is not None and self._stream_cursor is not None
        was_at_bottom = self._at_bottom()
        self._streaming.text += text
        self._stream_cursor.insertText(text, self._body)
        self._follow(was_at_bottom)
        if not self._render_timer.isActive():
            self._render_timer.start()

    def append_reasoning(self, text: str) -> None:
        """Add to the streaming reply's thinking (shown folded, apart from its text)."""
        if self._streaming is None:
            self.begin_reply()
        assert self._streaming is not None
        self._streaming.reasoning += text
        if not self._render_timer.isActive():
            self._render_timer.start()

    def reasoning_of(self, index: int) -> str:
        """The thinking shown with message ``index`` ("" when there is none)."""
        return self._messages[index].reasoning

    def toggle_reasoning(self, index: int) -> None:
        """Open or fold the thinking of message ``index``."""
        if not 0 <= index < len(self._messages) or not self._messages[index].reasoning:
            return
        message = self._messages[index]
        message.reasoning_open = not message.reasoning_open
        if message is self._streaming:
            self._render_streaming_reply()
        else:
            self._replace_body(message)

    def end_reply_with_error(self, error: str) -> None:
        """Close the streaming reply as failed: the text that arrived stays, then one line
        saying why, with Retry; a reply with no text becomes that line alone."""
        self._render_timer.stop()
        message = self._streaming
        if message is not None and not message.text and not message.reasoning:
            self.remove_last_message()
            message = None
        if message is None:
            self.add_error(error, "")
            return
        self.end_reply(note="")
        self._add_error_line(error, message.index)

    def add_error(self, error: str, partial: str) -> None:
        """Show a failed reply: its partial text (if any) and one line with Retry."""
        was_at_bottom = self._at_bottom()
        if partial:
            self.add_message("assistant", partial)
            index = len(self._messages) - 1
        else:
            cursor = self._end_cursor()
            start = cursor.position()
            if not self.document().isEmpty():
                gap = QTextBlockFormat()
                gap.setTopMargin(12)
                cursor.insertBlock(gap, QTextCharFormat())
            index = len(self._messages)
            position = cursor.position()
            self._messages.append(_ShownMessage(index, "error", "", start, position, position))
        self._add_error_line(error, index, first=not partial)
        self._follow(was_at_bottom)

    def _add_error_line(self, error: str, index: int, first: bool = False) -> None:
        cursor = self._end_cursor()
        if not first:
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        text = html.escape(" ".join(error.split()))
        cursor.insertHtml(
            f'<span style="color:{ERROR_COLOR}">⚠ {text}</span>'
            f'&nbsp;&nbsp;<a href="retry:{index}">Retry</a>'
        )

    @Slot()
    def _render_streaming_reply(self) -> None:
        if self._streaming is None:
            return
        was_at_bottom = self._at_bottom()
        self._render_body(self._streaming)
        self._stream_cursor = self._end_cursor()
        self._follow(was_at_bottom)

    def end_reply(self, stats: ReplyStats | None = None, note: str | None = None) -> None:
        """Close the streaming reply: render it once more, with a line underneath."""
        self._render_timer.stop()
        if self._streaming is None:
            return
        was_at_bottom = self._at_bottom()
        self._render_body(self._streaming)
        self._streaming = None
        self._stream_cursor = None
        line = note if note is not None else (describe_stats(stats) if stats else "")
        if line:
            self._add_line(line)
        self._follow(was_at_bottom)

    def remove_last_message(self) -> None:
        """Take the last message (and its statistics line) out of the view."""
        if not self._messages:
            return
        self._render_timer.stop()
        if self._marker_index is not None and self._marker_index >= len(self._messages) - 1:
            self._remove_marker()
        message = self._messages.pop()
        if message is self._streaming:
            self._streaming = None
            self._stream_cursor = None
        prefix = f"m{message.index}-"
        for key in [k for k in self._code_blocks if k.startswith(prefix)]:
            del self._code_blocks[key]
        cursor = QTextCursor(self.document())
        cursor.setPosition(message.start)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()

    @property
    def message_count(self) -> int:
        return len(self._messages)

    def message_text(self, index: int) -> str:
        return self._messages[index].text

    def stop_rendering(self) -> None:
        """Stop the render throttle (the window is closing)."""
        self._render_timer.stop()

    def clear_conversation(self) -> None:
        self.stop_rendering()
        self._streaming = None
        self._stream_cursor = None
        self._messages.clear()
        self._code_blocks.clear()
        self._marker_index = None
        self.highlighted_index = None
        self.setExtraSelections([])
        self.clear()

    def show_conversation(
        self,
        messages: Sequence[StoredMessage],
        context_start: int = 0,
        navigators: Sequence[Navigator] = (),
    ) -> None:
        """Show a saved conversation from the start, marking where the context begins;
        ``navigators`` says for each message which of its siblings it is."""
        self.clear_conversation()
        for position, message in enumerate(messages):
            if message.is_error:
                self.add_error(message.error or "the reply failed", message.content)
                continue
            navigator = navigators[position] if position < len(navigators) else None
            self.add_message(message.role, message.content, navigator)
            line = stats_line(message) if message.role == "assistant" else ""
            if line:
                self._add_line(line)
        self.set_context_start(context_start)
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _add_line(self, line: str) -> None:
        cursor = self._end_cursor()
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        cursor.insertText(line, self._stats)

    # The context marker ---------------------------------------------------------

    @property
    def context_marker_index(self) -> int | None:
        """The message the marker stands before, or None when everything is in context."""
        return self._marker_index

    def set_context_start(self, index: int) -> None:
        """Mark that messages before ``index`` are outside what the model sees."""
        if index == self._marker_index or (index <= 0 and self._marker_index is None):
            return
        self._remove_marker()
        if 0 < index < len(self._messages):
            self._insert_marker(index)

    def _shift(self, first: int, delta: int) -> None:
        for message in self._messages[first:]:
            message.start += delta
            message.body_start += delta
            message.body_end += delta

    def _insert_marker(self, index: int) -> None:
        start = self._messages[index].start
        size = self.document().characterCount()
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        block = QTextBlockFormat()
        block.setTopMargin(12)
        block.setAlignment(Qt.AlignmentFlag.AlignCenter)
        marker = QTextCharFormat(self._stats)
        marker.setFontItalic(True)
        cursor.insertBlock(block, QTextCharFormat())
        cursor.insertText(f"─── {CONTEXT_MARKER} ───", marker)
        delta = self.document().characterCount() - size
        self._shift(index, delta)
        self._marker_index = index
        self._marker_span = (start, start + delta)

    def _remove_marker(self) -> None:
        if self._marker_index is None:
            return
        start, end = self._marker_span
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        self._shift(self._marker_index, start - end)
        self._marker_index = None

    # Finding a message ----------------------------------------------------------

    def scroll_to_message(self, index: int) -> None:
        """Bring message ``index`` to the top of the view and highlight it."""
        if not 0 <= index < len(self._messages):
            return
        message = self._messages[index]
        end = (
            self._messages[index + 1].start
            if index + 1 < len(self._messages)
            else self.document().characterCount() - 1
        )
        if self._marker_index == index + 1:
            end = self._marker_span[0]
        selection = QTextEdit.ExtraSelection()
        selection.cursor = QTextCursor(self.document())
        selection.cursor.setPosition(message.start)
        selection.cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection.format.setBackground(QColor("#fff3b0"))
        self.setExtraSelections([selection])
        self.highlighted_index = index
        top = QTextCursor(self.document())
        top.setPosition(message.body_start)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + self.cursorRect(top).top() - 40)

    # Copy links -------------------------------------------------------------

    @Slot(QUrl)
    def _on_anchor_clicked(self, url: QUrl) -> None:
        kind, _, key = url.toString().partition(":")
        if kind == "copy-code" and key in self._code_blocks:
            QGuiApplication.clipboard().setText(self._code_blocks[key])
            self.copied.emit("Code copied")
        elif kind == "copy-message" and key.isdigit() and int(key) < len(self._messages):
            QGuiApplication.clipboard().setText(self._messages[int(key)].text)
            self.copied.emit("Message copied")
        elif kind == "reasoning" and key.isdigit():
            self.toggle_reasoning(int(key))
        elif kind == "retry":
            self.retry_requested.emit()
        elif kind in BRANCH_STEPS and key.isdigit():
            self.branch_step_requested.emit(int(key), BRANCH_STEPS[kind])
        elif kind in ("edit", "delete") and key.isdigit():
            (self.edit_requested if kind == "edit" else self.delete_requested).emit(int(key))
