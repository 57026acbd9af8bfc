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
    QFontDatabase,
    QGuiApplication,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QTextEdit, QWidget

from chatapp.core.conversation import StoredMessage
from chatapp.core.engine import ReplyStats
from chatapp.gui import chat_look as look
from chatapp.gui.chat_canvas import ChatCanvas
from chatapp.gui.chat_stats import describe_stats, stats_line
from chatapp.gui.markdown_render import MarkdownRenderer
from chatapp.gui.message_links import BRANCH_STEPS, Navigator, header_parts

__all__ = ["CONTEXT_MARKER", "REASONING_LABEL", "ChatView", "describe_stats", "stats_line"]

RENDER_INTERVAL_MS = 250
_NAMES = {"user": "You", "assistant": "Assistant", "system": "System"}
CONTEXT_MARKER = "Earlier messages are outside what the model sees"
REASONING_LABEL = "Reasoning"


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


class ChatView(ChatCanvas):
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
        self.anchorClicked.connect(self._on_anchor_clicked)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
        self._markdown = MarkdownRenderer(self._colors, mono)
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
        self._stats.setFontPointSize(max(self.font().pointSizeF() - 1.5, 7))
        self._marker_index: int | None = None
        self._marker_span = (0, 0)
        self.highlighted_index: int | None = None

    # Messages ---------------------------------------------------------------

    def _gap(self, cursor: QTextCursor, block: QTextBlockFormat | None = None) -> None:
        """Start a message: a new block with room above it (the first one has none)."""
        gap = QTextBlockFormat(block) if block is not None else QTextBlockFormat()
        if self.document().isEmpty():
            gap.setTopMargin(look.PAD_Y if block is not None else 0)
            cursor.setBlockFormat(gap)
        else:
            gap.setTopMargin(look.MESSAGE_GAP)
            cursor.insertBlock(gap, QTextCharFormat())

    def _insert_header(self, role: str, navigator: Navigator = None) -> _ShownMessage:
        cursor = self._end_cursor()
        start = cursor.position()
        user = role == "user"
        self._gap(cursor, look.user_block_format(4) if user else None)
        key = f"{role}_name" if role in _NAMES else "text"
        header = look.tagged(key, self._colors)
        header.setFontWeight(QFont.Weight.DemiBold)
        cursor.insertText(self.tr(_NAMES.get(role, role)), header)
        cursor.insertText("\u00a0\u00a0", QTextCharFormat())
        index = len(self._messages)
        for text, href in header_parts(index, role, navigator):
            cursor.insertText(text, self._link_format(href, small=True))
        body = look.user_block_format() if user else QTextBlockFormat()
        cursor.insertBlock(body, QTextCharFormat())
        message = _ShownMessage(index, role, "", start, cursor.position())
        self._messages.append(message)
        return message

    def _render_body(self, message: _ShownMessage) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(message.body_start)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        self._insert_body(cursor, message)

    def _link_format(self, href: str, small: bool = False) -> QTextCharFormat:
        size = max(self.font().pointSizeF() - 1.5, 7) if small else 0
        return look.link_format(self._colors, href, size)

    def _insert_body(self, cursor: QTextCursor, message: _ShownMessage) -> None:
        if message.role == "user":
            cursor.insertText(message.text, self._body)
            look.mark_user_message(self.document(), message.body_start - 1, cursor.position())
        else:
            if message.reasoning:
                cursor.insertHtml(self._reasoning_html(message))
                if message.text:
                    cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
            rendered = self._markdown.render(message.text, f"m{message.index}")
            self._code_blocks.update(rendered.code_blocks)
            if message.text:
                cursor.insertHtml(rendered.html.strip())
            look.shape_rendered(self.document(), message.body_start, cursor.position())
            look.set_code_tabs(
                self.document(), self._column_width, message.body_start, cursor.position()
            )
            first = QTextCursor(self.document())
            first.setPosition(message.body_start)
            if first.block().userState() != look.CODE_HEAD:
                gap = QTextBlockFormat()
                gap.setTopMargin(6)
                first.mergeBlockFormat(gap)
        message.body_end = cursor.position()

    def _reasoning_html(self, message: _ShownMessage) -> str:
        arrow = "▾" if message.reasoning_open else "▸"
        muted = self._colors.muted
        link = (
            f'<small><a href="reasoning:{message.index}" style="color:{muted}; '
            f'text-decoration:none">{arrow} {self.tr(REASONING_LABEL)}</a></small>'
        )
        if not message.reasoning_open:
            return link
        thinking = html.escape(message.reasoning.strip()).replace("\n", "<br>")
        return f'{link}<br><span style="color:{muted}"><i>{thinking}</i></span>'

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
            self._gap(cursor)
            index = len(self._messages)
            position = cursor.position()
            self._messages.append(_ShownMessage(index, "error", "", start, position, position))
        self._add_error_line(error, index, first=not partial)
        self._follow(was_at_bottom)

    def _add_error_line(self, error: str, index: int, first: bool = False) -> None:
        cursor = self._end_cursor()
        if not first:
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        cursor.insertText("⚠ " + " ".join(error.split()), look.tagged("error", self._colors))
        cursor.insertText("\u00a0\u00a0", QTextCharFormat())
        retry = look.tagged("link", self._colors)
        retry.setAnchor(True)
        retry.setAnchorHref(f"retry:{index}")
        cursor.insertText(self.tr("Retry"), retry)

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
        block = QTextBlockFormat()
        block.setTopMargin(6)
        cursor.insertBlock(block, QTextCharFormat())
        cursor.insertText(line, look.tagged("muted", self._colors, self._stats))

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
        block.setTopMargin(look.MESSAGE_GAP)
        block.setAlignment(Qt.AlignmentFlag.AlignCenter)
        marker = look.tagged("muted", self._colors, self._stats)
        marker.setFontItalic(True)
        cursor.insertBlock(block, QTextCharFormat())
        cursor.insertText(f"─── {self.tr(CONTEXT_MARKER)} ───", marker)
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
        selection.format.setBackground(QColor(self._colors.found))
        self.setExtraSelections([selection])
        self.highlighted_index = index
        top = QTextCursor(self.document())
        top.setPosition(message.body_start)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + self.cursorRect(top).top() - 40)

    def restyle(self) -> None:
        """Follow a theme change: colours, and code highlighting rendered again."""
        self._markdown.colors = self._colors
        was_at_bottom = self._at_bottom()
        super().restyle()
        for message in self._messages:
            if message.role not in ("user", "error") and message is not self._streaming:
                self._replace_body(message)
        if self._streaming is not None:
            self._render_streaming_reply()
        self._follow(was_at_bottom)
        self.viewport().update()

    # Copy links -------------------------------------------------------------

    @Slot(QUrl)
    def _on_anchor_clicked(self, url: QUrl) -> None:
        kind, _, key = url.toString().partition(":")
        if kind == "copy-code" and key in self._code_blocks:
            QGuiApplication.clipboard().setText(self._code_blocks[key])
            self.copied.emit(self.tr("Code copied"))
        elif kind == "copy-message" and key.isdigit() and int(key) < len(self._messages):
            QGuiApplication.clipboard().setText(self._messages[int(key)].text)
            self.copied.emit(self.tr("Message copied"))
        elif kind == "reasoning" and key.isdigit():
            self.toggle_reasoning(int(key))
        elif kind == "retry":
            self.retry_requested.emit()
        elif kind in BRANCH_STEPS and key.isdigit():
            self.branch_step_requested.emit(int(key), BRANCH_STEPS[kind])
        elif kind in ("edit", "delete") and key.isdigit():
            (self.edit_requested if kind == "edit" else self.delete_requested).emit(int(key))
