"""The conversation view: messages, and a reply that streams in without re-rendering."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QWidget

from chatapp.core.engine import ReplyStats

_FINISH_WORDS = {"stop": "finished", "length": "hit the token limit", "cancelled": "stopped by you"}


def describe_stats(stats: ReplyStats) -> str:
    """The line shown under a reply."""
    return (
        f"{stats.generated_tokens} tokens · {stats.tokens_per_second:.1f} tok/s · "
        f"first token after {stats.time_to_first_token:.2f} s · {_FINISH_WORDS[stats.finish_reason]}"
    )


class ChatView(QTextBrowser):
    """Shows the conversation. A streaming reply is appended through one cursor at the
    end of the document; the view follows it only while the user is at the bottom."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setReadOnly(True)
        self._stream_cursor: QTextCursor | None = None
        self._message_starts: list[int] = []
        self._role_formats = {
            "user": self._header_format("#1f6feb"),
            "assistant": self._header_format("#2da44e"),
            "system": self._header_format("#8250df"),
        }
        self._body = QTextCharFormat()
        self._stats = QTextCharFormat()
        self._stats.setForeground(QColor("#6e7781"))
        self._stats.setFontPointSize(max(self.font().pointSizeF() - 1, 7))

    @staticmethod
    def _header_format(color: str) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setForeground(QColor(color))
        fmt.setFontWeight(QFont.Weight.Bold)
        return fmt

    def _at_bottom(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() >= bar.maximum() - 4

    def _follow(self, was_at_bottom: bool) -> None:
        if was_at_bottom:
            bar = self.verticalScrollBar()
            bar.setValue(bar.maximum())

    def _new_block(self, cursor: QTextCursor) -> None:
        if not self.document().isEmpty():
            block = QTextBlockFormat()
            block.setTopMargin(10)
            cursor.insertBlock(block)

    def add_message(self, role: str, text: str) -> None:
        """Append a complete message."""
        was_at_bottom = self._at_bottom()
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self._message_starts.append(cursor.position())
        self._new_block(cursor)
        names = {"user": "You", "assistant": "Assistant", "system": "System"}
        cursor.insertText(names.get(role, role), self._role_formats.get(role, self._body))
        cursor.insertBlock(QTextBlockFormat())
        cursor.insertText(text, self._body)
        self._follow(was_at_bottom)

    def begin_reply(self) -> None:
        """Start an assistant message that streams in."""
        self.add_message("assistant", "")
        self._stream_cursor = QTextCursor(self.document())
        self._stream_cursor.movePosition(QTextCursor.MoveOperation.End)

    def append_to_reply(self, text: str) -> None:
        """Add streamed text at the end of the current reply."""
        if self._stream_cursor is None:
            self.begin_reply()
        assert self._stream_cursor is not None
        was_at_bottom = self._at_bottom()
        self._stream_cursor.insertText(text, self._body)
        self._follow(was_at_bottom)

    def end_reply(self, stats: ReplyStats | None = None, note: str | None = None) -> None:
        """Close the streaming reply, with its statistics or a note underneath."""
        cursor = self._stream_cursor
        self._stream_cursor = None
        if cursor is None:
            return
        was_at_bottom = self._at_bottom()
        line = note if note is not None else (describe_stats(stats) if stats else "")
        if line:
            cursor.insertBlock(QTextBlockFormat())
            cursor.insertText(line, self._stats)
        self._follow(was_at_bottom)

    def remove_last_message(self) -> None:
        """Take the last message (and its statistics line) out of the view."""
        if not self._message_starts:
            return
        self._stream_cursor = None
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._message_starts.pop())
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()

    @property
    def message_count(self) -> int:
        return len(self._message_starts)

    def clear_conversation(self) -> None:
        self._stream_cursor = None
        self._message_starts.clear()
        self.clear()
