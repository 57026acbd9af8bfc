"""A long chat written in pieces: the document holds a window of the messages (``lo`` to
``hi``), the last ones when a chat opens; more are written above (or below) as the user
scrolls near an end, a few per event-loop turn, and those far out of sight are taken out
again, so that no edit of the document grows with the chat. What the user reads stays
where it is on screen while the window moves."""

from __future__ import annotations

import time
from bisect import bisect_right

from PySide6.QtCore import QPointF, Qt, QTimer, Slot
from PySide6.QtGui import QShowEvent, QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QWidget

from chatapp.gui import chat_look as look
from chatapp.gui.chat_writer import ChatWriter, ShownMessage

OPEN_CHARACTERS = 12_000  # about how much text is written at once when a chat opens
OPEN_MESSAGES = 40  # and at most this many messages
SLICE_SECONDS = 0.002  # writing more messages per event-loop turn, at most about this long
MARGIN_SCREENS = 1.5  # more is written when an end of the window is this close
MAX_BLOCKS = 400  # beyond this, messages far out of sight leave the document

_Anchor = tuple[int, int, float]  # a message, a position in it, pixels from its block's top


class ChatPager(ChatWriter):
    """The conversation view's window of written messages and its paging as it scrolls."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stream_cursor: QTextCursor | None = None
        self._page_timer = QTimer(self)
        self._page_timer.setObjectName("chatPaging")
        self._page_timer.setSingleShot(True)
        self._page_timer.setInterval(0)
        self._page_timer.timeout.connect(self._on_page_timer_timeout)
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_scrolled)

    @property
    def written_range(self) -> tuple[int, int]:
        """The messages now in the document: from the first up to (without) the second."""
        return self._lo, self._hi

    def _at_bottom(self) -> bool:
        return self._hi == len(self._messages) and super()._at_bottom()

    # The window -------------------------------------------------------------------------

    def _write_range(self, lo: int, hi: int) -> None:
        """Make the document hold messages ``lo`` to ``hi`` only, written afresh."""
        self._reset_document()
        self._code_blocks.clear()
        self._stream_cursor = None
        self._lo = self._hi = lo
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        while self._hi < hi:
            self._append_written()
        cursor.endEditBlock()
        look.shape_tables(self.document())

    def _tail_start(self) -> int:
        """Where the window starts when a chat opens at its end."""
        lo, size = len(self._messages), 0
        while lo > 0 and size < OPEN_CHARACTERS and len(self._messages) - lo < OPEN_MESSAGES:
            lo -= 1
            size += len(self._messages[lo].text) + 200
        return lo

    def _window_around(self, index: int) -> tuple[int, int]:
        """A window from message ``index`` on (the chat's end, when that is near)."""
        hi, size = index, 0
        while hi < len(self._messages) and size < OPEN_CHARACTERS and hi - index < OPEN_MESSAGES:
            size += len(self._messages[hi].text) + 200
            hi += 1
        if hi == len(self._messages):
            return min(index, self._tail_start()), hi
        return index, hi

    def _append_written(self) -> None:
        """Write message ``hi`` at the end of the document."""
        message = self._messages[self._hi]
        self._write_message(self._end_cursor(), message, first=self._lo == self._hi)
        self._hi += 1
        if message is self._streaming:
            self._stream_cursor = self._end_cursor()

    def _prepend_written(self) -> None:
        """Write message ``lo - 1`` at the top of the document."""
        message = self._messages[self._lo - 1]
        if self._lo == self._hi:
            self._write_message(QTextCursor(self.document()), message, first=True)
            self._lo -= 1
            return
        below = self._messages[self._lo]
        cursor = self._open_top()
        self._write_message(cursor, message, first=True)
        end = cursor.position()  # the block break after it is where the one below starts
        self._lo -= 1
        self._shift(below.index, end + 1)
        self._move_segment_start(below, end)

    def _open_top(self) -> QTextCursor:
        """An empty first block above the document's old first one, which gets the room
        above it that a message has when it is not the first."""
        document = self.document()
        first = document.firstBlock()
        block = first.blockFormat()
        state = first.userState()
        block.setTopMargin(look.MESSAGE_GAP)
        cursor = QTextCursor(document)
        cursor.insertBlock(block, QTextCharFormat())
        document.findBlockByNumber(1).setUserState(state)
        cursor.setPosition(0)
        return cursor

    def _drop_first(self) -> None:
        """Take message ``lo`` out of the document (one below it stays)."""
        message, below = self._messages[self._lo], self._messages[self._lo + 1]
        end = self._segment_start(below)
        self._remove(0, end + 1)
        self._lo += 1
        self._forget_code(message)
        self._shift(below.index, -(end + 1))
        self._move_segment_start(below, 0)
        self._fit_first_block()

    def _drop_last(self) -> None:
        """Take message ``hi - 1`` out of the document."""
        message = self._messages[self._hi - 1]
        self._remove(self._segment_start(message) if self._hi - 1 > self._lo else 0)
        self._hi -= 1
        self._forget_code(message)
        if message is self._streaming:
            self._stream_cursor = None

    def _segment_start(self, message: ShownMessage) -> int:
        """Where the message begins in the document, with the marker before it."""
        if message.index == self._marker_index:
            return self._marker_span[0]
        return message.start

    def _move_segment_start(self, message: ShownMessage, position: int) -> None:
        if message.index == self._marker_index:
            self._marker_span = (position, self._marker_span[1])
        else:
            message.start = position

    def _fit_first_block(self) -> None:
        """The document's first block has the room above it of a first message."""
        if self._lo >= self._hi:
            return
        first = self._messages[self._lo]
        framed = first.index == self._marker_index or first.role == "user"
        block = QTextBlockFormat()
        block.setTopMargin(self._first_margin(framed))
        QTextCursor(self.document()).mergeBlockFormat(block)

    # Paging as the user scrolls -----------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._schedule_paging()

    @Slot()
    def _on_scrolled(self) -> None:
        self._schedule_paging()

    def _wanted(self) -> tuple[bool, bool]:
        """Whether more messages are wanted above, and below."""
        if not self.isVisible():
            return False, False
        bar = self.verticalScrollBar()
        margin = max(self.viewport().height(), 50) * MARGIN_SCREENS
        up = self._lo > 0 and bar.value() < margin
        down = self._hi < len(self._messages) and bar.maximum() - bar.value() < margin
        return up, down

    def _schedule_paging(self) -> None:
        if not self._page_timer.isActive() and any(self._wanted()):
            self._page_timer.start()

    @Slot()
    def _on_page_timer_timeout(self) -> None:
        up, down = self._wanted()
        if not (up or down):
            return
        anchor = self._anchor()
        started = now = time.perf_counter()
        longest = 0.0  # the longest a message took to write, to stop before the budget
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        wrote = False
        while now == started or now - started + longest <= SLICE_SECONDS:
            message = self._next_to_write(up)
            if message is None:
                break
            if self._needs_rendering(message):
                # Markdown and highlighting cost about as much as writing and laying out
                # the result: one turn renders, the next writes, so neither waits on both.
                if not wrote:
                    self._render_markdown(message)
                break
            if up:
                self._prepend_written()
            else:
                self._append_written()
            wrote = True
            longest = max(longest, time.perf_counter() - now)
            now = time.perf_counter()
        cursor.endEditBlock()
        if not wrote:
            self._schedule_paging()
            return
        look.shape_tables(self.document())
        self._restore(anchor)
        if self.document().blockCount() > MAX_BLOCKS and anchor is not None:
            self._trim(anchor[0], below=up)
            self._restore(anchor)
        self._schedule_paging()

    def _next_to_write(self, up: bool) -> ShownMessage | None:
        """The message that paging would write next: above the window, or below it."""
        if up:
            return self._messages[self._lo - 1] if self._lo > 0 else None
        return self._messages[self._hi] if self._hi < len(self._messages) else None

    def _anchor(self) -> _Anchor | None:
        """What is at the top of the view: a message, a position in it, and how far the
        view's top is below the top of that position's block."""
        if self._lo >= self._hi:
            return None
        document = self.document()
        layout = document.documentLayout()
        top = self.verticalScrollBar().value()
        position = layout.hitTest(QPointF(0, top), Qt.HitTestAccuracy.FuzzyHit)
        position = max(position, 0)
        found = bisect_right(self._messages, position, self._lo, self._hi, key=_start) - 1
        message = self._messages[max(found, self._lo)]
        block_top = layout.blockBoundingRect(document.findBlock(position)).top()
        return message.index, position - message.start, top - block_top

    def _restore(self, anchor: _Anchor | None) -> None:
        bar = self.verticalScrollBar()
        if anchor is None or not self._written(anchor[0]):
            bar.setValue(bar.maximum())
            return
        index, offset, below_top = anchor
        document = self.document()
        position = min(max(self._messages[index].start + offset, 0), document.characterCount() - 1)
        block = document.findBlock(position)
        bar.setValue(round(document.documentLayout().blockBoundingRect(block).top() + below_top))

    def _trim(self, keep: int, below: bool) -> None:
        """Take messages far out of sight out of the document while it is over
        MAX_BLOCKS: below the view (or above it), never message ``keep``. The layout is
        not updated until the end, so tops are all measured as they were at the start."""
        document = self.document()
        layout = document.documentLayout()
        top = self.verticalScrollBar().value()
        screen = max(self.viewport().height(), 50)
        distance = screen * (MARGIN_SCREENS + 1)
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        while document.blockCount() > MAX_BLOCKS:
            if below and self._hi - 1 > keep:
                block = document.findBlock(self._segment_start(self._messages[self._hi - 1]))
                if layout.blockBoundingRect(block).top() < top + screen + distance:
                    break
                self._drop_last()
            elif not below and self._lo + 1 < keep:
                block = document.findBlock(self._segment_start(self._messages[self._lo + 1]))
                if layout.blockBoundingRect(block).top() > top - distance:
                    break
                self._drop_first()
            else:
                break
        cursor.endEditBlock()


def _start(message: ShownMessage) -> int:
    return message.start
