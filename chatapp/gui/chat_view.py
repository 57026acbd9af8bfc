"""The conversation view: messages in Markdown, and a reply that streams in without
re-rendering the conversation.

A streaming reply is appended as plain text through one cursor at the end of the
document; only that message is re-rendered as Markdown, on a throttle and once more
when it ends. The view follows new text only while the user is at the bottom. A long
chat is written in pieces as the user scrolls (``chat_pager``); messages keep their
position in the chat as their index throughout.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QColor, QGuiApplication, QTextCursor
from PySide6.QtWidgets import QTextEdit, QWidget

from chatapp.core.conversation import StoredMessage
from chatapp.core.engine import ReplyStats
from chatapp.gui.chat_pager import ChatPager
from chatapp.gui.chat_stats import describe_stats, stats_line
from chatapp.gui.chat_writer import CONTEXT_MARKER, REASONING_LABEL, ShownMessage, shown_messages
from chatapp.gui.long_lived import settle_long_lived_objects
from chatapp.gui.message_links import BRANCH_STEPS, Navigator

__all__ = ["CONTEXT_MARKER", "REASONING_LABEL", "ChatView", "describe_stats", "stats_line"]

RENDER_INTERVAL_MS = 250


class ChatView(ChatPager):
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
        self._render_timer = QTimer(self)
        self._render_timer.setObjectName("markdownRenderThrottle")
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(RENDER_INTERVAL_MS)
        self._render_timer.timeout.connect(self._render_streaming_reply)
        self.highlighted_index: int | None = None

    # Messages ---------------------------------------------------------------

    def _add(self, message: ShownMessage) -> None:
        """Put ``message`` at the end of the chat; it is written when the document
        reaches the end (else when the user scrolls there)."""
        was_at_bottom = self._at_bottom()
        self._messages.append(message)
        if self._hi == message.index:
            self._append_written()
        self._follow(was_at_bottom)

    def add_message(self, role: str, text: str, navigator: Navigator = None) -> None:
        """Append a complete message; ``navigator`` (which sibling, how many) adds
        ``‹ 2/3 ›`` links when it has siblings."""
        self._add(ShownMessage(len(self._messages), role, text, navigator))

    def begin_reply(self) -> None:
        """Start an assistant message that streams in (a resumed one goes on)."""
        if self._streaming is not None:
            return
        if self.highlighted_index is not None:
            self.highlighted_index = None
            self.setExtraSelections([])
        self._streaming = ShownMessage(len(self._messages), "assistant", "")
        self._add(self._streaming)

    def resume_reply(self) -> None:
        """Stream on into the last message (Continue, or a reply still streaming in a
        chat shown again); its statistics line goes."""
        if self._streaming is not None or not self._messages:
            return
        message = self._messages[-1]
        message.line, message.error, message.stored = "", "", None
        self._streaming = message
        if self._written(message.index):
            self._remove(message.body_end)
            self._stream_cursor = self._end_cursor()

    def append_to_reply(self, text: str) -> None:
        """Add streamed text at the end of the current reply."""
        if self._streaming is None:
            self.begin_reply()
        assert self._streaming is not None
        self._streaming.text += text
        if self._stream_cursor is None:
            return  # out of the document: written as it is when the user scrolls there
        was_at_bottom = self._at_bottom()
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
        if self._stream_cursor is not None and not self._render_timer.isActive():
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
        if not self._written(index):
            return
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
        message.error = error
        if self._written(message.index):
            self._write_error(self._end_cursor(), error, message.index)

    def add_error(self, error: str, partial: str) -> None:
        """Show a failed reply: its partial text (if any) and one line with Retry."""
        role = "assistant" if partial else "error"
        self._add(ShownMessage(len(self._messages), role, partial, error=error))

    @Slot()
    def _render_streaming_reply(self) -> None:
        if self._streaming is None or not self._written(self._streaming.index):
            return
        was_at_bottom = self._at_bottom()
        self._render_body(self._streaming)
        self._stream_cursor = self._end_cursor()
        self._follow(was_at_bottom)

    def end_reply(self, stats: ReplyStats | None = None, note: str | None = None) -> None:
        """Close the streaming reply: render it once more, with a line underneath."""
        self._render_timer.stop()
        message = self._streaming
        if message is None:
            return
        was_at_bottom = self._at_bottom()
        self._streaming = None
        self._stream_cursor = None
        written = self._written(message.index)
        if written:
            self._render_body(message)
        message.line = note if note is not None else (describe_stats(stats) if stats else "")
        if message.line and written:
            self._write_line(self._end_cursor(), message.line)
        self._follow(was_at_bottom)

    def remove_last_message(self) -> None:
        """Take the last message (and its statistics line) out of the view."""
        if not self._messages:
            return
        self._render_timer.stop()
        if self._marker_index is not None and self._marker_index >= len(self._messages) - 1:
            self._remove_marker()
        message = self._messages[-1]
        if self._written(message.index):
            self._drop_last()
        self._messages.pop()
        self._lo = min(self._lo, len(self._messages))
        self._hi = min(self._hi, len(self._messages))
        if message is self._streaming:
            self._streaming = None
            self._stream_cursor = None
        self._forget_code(message)
        self._schedule_paging()

    @property
    def message_count(self) -> int:
        return len(self._messages)

    def message_text(self, index: int) -> str:
        return self._messages[index].text

    def stop_rendering(self) -> None:
        """Stop the render throttle and the paging (the window is closing)."""
        self._render_timer.stop()
        self._page_timer.stop()

    def clear_conversation(self) -> None:
        self.stop_rendering()
        self._streaming = None
        self._stream_cursor = None
        self._messages = []
        self._lo = self._hi = 0
        self._code_blocks.clear()
        self._marker_index = None
        self.highlighted_index = None
        self.setExtraSelections([])
        self._reset_document()

    def show_conversation(
        self,
        messages: Sequence[StoredMessage],
        context_start: int = 0,
        navigators: Sequence[Navigator] = (),
        keep_place: bool = False,
    ) -> None:
        """Show a saved conversation at its end, marking where the context begins;
        ``navigators`` says for each message which of its siblings it is. Only the
        last messages are written now; earlier ones as the user scrolls up.
        ``keep_place``: the chat shown is shown again (another branch of it): the view
        stays at the message it shows."""
        anchor = self._anchor() if keep_place else None
        lo, hi, was_at_end = self._lo, self._hi, self._hi == len(self._messages)
        self.clear_conversation()
        self._messages = shown_messages(messages, navigators)
        count = len(self._messages)
        if 0 < context_start < count:
            self._marker_index = context_start
        if anchor is not None and anchor[0] < count:
            end = count if was_at_end else min(max(hi, anchor[0] + 1), count)
            self._write_range(min(lo, anchor[0]), end)
            self._restore(anchor)
        else:
            self._write_range(self._tail_start(), count)
            bar = self.verticalScrollBar()
            bar.setValue(bar.maximum())
        if not keep_place:  # another chat: a branch shown again keeps the one set aside
            settle_long_lived_objects()
        self._schedule_paging()

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

    def _insert_marker(self, index: int) -> None:
        self._marker_index = index
        if not self._written(index):
            return  # written with its message
        message = self._messages[index]
        if index == self._lo:
            cursor = self._open_top()
            self._write_marker(cursor, first=True)
            start, end = 0, cursor.position()
            self._shift(index, end + 1)
            message.start = end
        else:
            start = message.start
            cursor = QTextCursor(self.document())
            cursor.setPosition(start)
            self._write_marker(cursor, first=False)
            end = cursor.position()
            self._shift(index, end - start)
        self._marker_span = (start, end)

    def _remove_marker(self) -> None:
        index = self._marker_index
        if index is None:
            return
        self._marker_index = None
        if not self._written(index):
            return
        start, end = self._marker_span
        top = index == self._lo  # the marker is the first block: its break goes with it
        self._remove(start, end + 1 if top else end)
        if top:
            self._shift(index, -(end + 1))
            self._messages[index].start = 0
            self._fit_first_block()
        else:
            self._shift(index, start - end)

    # Finding a message ----------------------------------------------------------

    def scroll_to_message(self, index: int) -> None:
        """Bring message ``index`` to the top of the view and highlight it (written
        first when it is not in the document)."""
        if not 0 <= index < len(self._messages):
            return
        if not self._written(index):
            self._write_range(*self._window_around(index))
        message = self._messages[index]
        end = (
            self._messages[index + 1].start
            if index + 1 < self._hi
            else self.document().characterCount() - 1
        )
        if self._marker_index == index + 1 and index + 1 < self._hi:
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

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and self._hi > self._lo:
            self._rewrite_written()

    def _rewrite_written(self) -> None:
        """Write the messages in the document again (their names, links and statistics
        are in the window's language), the view staying where it was."""
        anchor = None if self._at_bottom() else self._anchor()
        self._write_range(self._lo, self._hi)
        self._restore(anchor)

    def restyle(self) -> None:
        """Follow a theme change: colours, and code highlighting rendered again."""
        self._markdown.colors = self._colors
        self._rendered.clear()
        was_at_bottom = self._at_bottom()
        super().restyle()
        for message in self._messages[self._lo : self._hi]:
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
