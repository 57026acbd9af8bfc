"""How one message is written into the conversation view's document: the context marker
before it (when it is the first message in context), its name with the links beside it,
its text (Markdown for replies), the statistics line and the error line under it.

Messages are kept by their position in the chat (``index``); only the range ``lo`` to
``hi`` is written in the document at a time (see ``chat_pager``), so every position in
the document is known for those messages only.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QFont, QFontDatabase, QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QWidget

from chatapp.core.conversation import StoredMessage
from chatapp.core.messages import QT_TRANSLATE_NOOP
from chatapp.gui import chat_look as look
from chatapp.gui.chat_canvas import ChatCanvas
from chatapp.gui.chat_stats import stats_line
from chatapp.gui.markdown_render import MarkdownRenderer, RenderedMarkdown
from chatapp.gui.message_links import Navigator, header_parts

_NAMES = {
    "user": QT_TRANSLATE_NOOP("ChatView", "You"),
    "assistant": QT_TRANSLATE_NOOP("ChatView", "Assistant"),
    "system": QT_TRANSLATE_NOOP("ChatView", "System"),
}
CONTEXT_MARKER = QT_TRANSLATE_NOOP("ChatView", "Earlier messages are outside what the model sees")
REASONING_LABEL = QT_TRANSLATE_NOOP("ChatView", "Reasoning")
RENDER_CACHE_SIZE = 400  # messages whose rendered Markdown is kept


@dataclass(slots=True)
class ShownMessage:
    """A message of the chat shown, and where it is while written in the document."""

    index: int
    role: str  # "user", "assistant", "system", or "error" (a failed reply with no text)
    text: str
    navigator: Navigator = None
    line: str = ""  # the muted line under a reply: its statistics, or why it ended
    error: str = ""  # why a reply failed: a red line with Retry under it
    reasoning: str = ""  # a reasoning model's thinking, shown folded above the answer
    reasoning_open: bool = False
    stored: StoredMessage | None = None  # a saved reply whose ``line`` is still to be made
    start: int = 0  # where the message (with the gap before it) begins in the document
    body_start: int = 0  # where its text begins, after the header line
    body_end: int = 0  # where its text ends (before its statistics or error line)


def shown_messages(
    messages: Sequence[StoredMessage], navigators: Sequence[Navigator]
) -> list[ShownMessage]:
    """The saved ``messages`` as the view keeps them (nothing rendered yet)."""
    shown: list[ShownMessage] = []
    for index, message in enumerate(messages):
        if message.is_error:
            error = message.error or "the reply failed"
            role = "assistant" if message.content else "error"
            shown.append(ShownMessage(index, role, message.content, error=error))
            continue
        navigator = navigators[index] if index < len(navigators) else None
        reply = message if message.role == "assistant" else None
        shown.append(ShownMessage(index, message.role, message.content, navigator, stored=reply))
    return shown


class ChatWriter(ChatCanvas):
    """The part of the conversation view that writes messages into its document."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document().setUndoRedoEnabled(False)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
        self._markdown = MarkdownRenderer(self._colors, mono)
        self._rendered: OrderedDict[tuple[int, str], RenderedMarkdown] = OrderedDict()
        self._messages: list[ShownMessage] = []
        self._lo = 0  # the messages written in the document: from lo ...
        self._hi = 0  # ... up to (without) hi
        self._code_blocks: dict[str, str] = {}
        self._streaming: ShownMessage | None = None
        self._body = QTextCharFormat()
        self._stats = QTextCharFormat()
        self._stats.setFontPointSize(max(self.font().pointSizeF() - 1.5, 7))
        self._marker_index: int | None = None
        self._marker_span = (0, 0)

    def _written(self, index: int) -> bool:
        return self._lo <= index < self._hi

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._rendered.clear()  # the code blocks' heads are in the old language
        super().changeEvent(event)

    # Writing a whole message -------------------------------------------------------------

    def _gap(self, cursor: QTextCursor, block: QTextBlockFormat | None, first: bool) -> None:
        """Start a message: a new block with room above it (the first one has none)."""
        gap = QTextBlockFormat(block) if block is not None else QTextBlockFormat()
        if first:
            gap.setTopMargin(self._first_margin(block is not None))
            cursor.setBlockFormat(gap)
            cursor.block().setUserState(-1)
        else:
            gap.setTopMargin(look.MESSAGE_GAP)
            cursor.insertBlock(gap, QTextCharFormat())

    @staticmethod
    def _first_margin(framed: bool) -> float:
        """The room above the document's first block (a user's message or the marker
        have some, inside their looks)."""
        return look.PAD_Y if framed else 0

    def _write_message(self, cursor: QTextCursor, message: ShownMessage, first: bool) -> None:
        """Write ``message`` at ``cursor``: the end of the message before it, or an
        empty first block of the document when ``first``."""
        if message.stored is not None:
            message.line = stats_line(message.stored)
            message.stored = None
        if message.index == self._marker_index:
            start = cursor.position()
            self._write_marker(cursor, first)
            self._marker_span = (start, cursor.position())
            first = False
        message.start = cursor.position()
        if message.role == "error":
            self._gap(cursor, None, first)
            message.body_start = message.body_end = cursor.position()
            self._write_error(cursor, message.error, message.index, first=True)
            return
        self._write_header(cursor, message, first)
        if message is self._streaming and not message.text and not message.reasoning:
            message.body_end = message.body_start
        else:
            self._insert_body(cursor, message)
        if message.line:
            self._write_line(cursor, message.line)
        if message.error:
            self._write_error(cursor, message.error, message.index)

    def _write_header(self, cursor: QTextCursor, message: ShownMessage, first: bool) -> None:
        role = message.role
        user = role == "user"
        self._gap(cursor, look.user_block_format(4) if user else None, first)
        key = f"{role}_name" if role in _NAMES else "text"
        header = look.tagged(key, self._colors)
        header.setFontWeight(QFont.Weight.DemiBold)
        name = _NAMES.get(role, role)
        cursor.insertText(QCoreApplication.translate("ChatView", name), header)  # i18n: checked
        cursor.insertText("\u00a0\u00a0", QTextCharFormat())
        for text, href in header_parts(message.index, role, message.navigator):
            cursor.insertText(text, self._link_format(href, small=True))
        body = look.user_block_format() if user else QTextBlockFormat()
        cursor.insertBlock(body, QTextCharFormat())
        message.body_start = cursor.position()

    def _write_marker(self, cursor: QTextCursor, first: bool) -> None:
        block = QTextBlockFormat()
        block.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._gap(cursor, block, first)
        marker = look.tagged("muted", self._colors, self._stats)
        marker.setFontItalic(True)
        label = QCoreApplication.translate("ChatView", CONTEXT_MARKER)  # i18n: checked
        cursor.insertText(f"─── {label} ───", marker)

    def _write_line(self, cursor: QTextCursor, line: str) -> None:
        block = QTextBlockFormat()
        block.setTopMargin(6)
        cursor.insertBlock(block, QTextCharFormat())
        cursor.insertText(line, look.tagged("muted", self._colors, self._stats))

    def _write_error(
        self, cursor: QTextCursor, error: str, index: int, first: bool = False
    ) -> None:
        if not first:
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        cursor.insertText("⚠ " + " ".join(error.split()), look.tagged("error", self._colors))
        cursor.insertText("\u00a0\u00a0", QTextCharFormat())
        retry = look.tagged("link", self._colors)
        retry.setAnchor(True)
        retry.setAnchorHref(f"retry:{index}")
        cursor.insertText(QCoreApplication.translate("ChatView", "Retry"), retry)

    def _link_format(self, href: str, small: bool = False) -> QTextCharFormat:
        size = max(self.font().pointSizeF() - 1.5, 7) if small else 0
        return look.link_format(self._colors, href, size)

    # A message's text ----------------------------------------------------------------

    def _needs_rendering(self, message: ShownMessage) -> bool:
        """Whether writing ``message`` would first render Markdown (not in the cache)."""
        if message.role in ("user", "error") or message is self._streaming:
            return False
        return (message.index, message.text) not in self._rendered

    def _render_markdown(self, message: ShownMessage) -> RenderedMarkdown:
        """The message's HTML, from the cache unless it is still streaming in."""
        if message is self._streaming:
            return self._markdown.render(message.text, f"m{message.index}")
        key = (message.index, message.text)
        rendered = self._rendered.get(key)
        if rendered is None:
            rendered = self._markdown.render(message.text, f"m{message.index}")
            self._rendered[key] = rendered
            if len(self._rendered) > RENDER_CACHE_SIZE:
                self._rendered.popitem(last=False)
        else:
            self._rendered.move_to_end(key)
        return rendered

    def _insert_body(self, cursor: QTextCursor, message: ShownMessage) -> None:
        if message.role == "user":
            cursor.insertText(message.text, self._body)
            look.mark_user_message(self.document(), message.body_start - 1, cursor.position())
        else:
            if message.reasoning:
                cursor.insertHtml(self._reasoning_html(message))
                if message.text:
                    cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
            rendered = self._render_markdown(message)
            self._code_blocks.update(rendered.code_blocks)
            if message.text:
                html_start = cursor.position()
                cursor.insertHtml(rendered.html.strip())
                self._drop_empty_block_before_list(html_start)
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

    def _drop_empty_block_before_list(self, position: int) -> None:
        """HTML that starts with a list leaves the empty block it was inserted in above
        the list (an empty line under the reply's name): take that block out. (Qt keeps
        the one before a table.)"""
        block = self.document().findBlock(position)
        following = block.next()
        if position > 0 and block.length() == 1 and following.textList() is not None:
            self._remove(position - 1, position)

    def _reasoning_html(self, message: ShownMessage) -> str:
        arrow = "▾" if message.reasoning_open else "▸"
        muted = self._colors.muted
        label = QCoreApplication.translate("ChatView", REASONING_LABEL)  # i18n: checked
        link = (
            f'<small><a href="reasoning:{message.index}" style="color:{muted}; '
            f'text-decoration:none">{arrow} {label}</a></small>'
        )
        if not message.reasoning_open:
            return link
        thinking = html.escape(message.reasoning.strip()).replace("\n", "<br>")
        return f'{link}<br><span style="color:{muted}"><i>{thinking}</i></span>'

    def _render_body(self, message: ShownMessage) -> None:
        """Render the last message's text again (it ends the document)."""
        # One edit block: the document is laid out once at its end, not after each of the
        # block format changes that shaping the reply makes (0.1 ms each, hundreds).
        edit = QTextCursor(self.document())
        edit.beginEditBlock()
        self._insert_body(self._emptied_body(message.body_start), message)
        edit.endEditBlock()
        look.shape_tables(self.document(), message.body_start, message.body_end)

    def _replace_body(self, message: ShownMessage) -> None:
        """Render a message that is not the last one again, moving those after it."""
        old_end = message.body_end
        edit = QTextCursor(self.document())
        edit.beginEditBlock()
        self._insert_body(self._emptied_body(message.body_start, old_end), message)
        edit.endEditBlock()
        look.shape_tables(self.document(), message.body_start, message.body_end)
        self._shift(message.index + 1, message.body_end - old_end)

    def _emptied_body(self, start: int, end: int = -1) -> QTextCursor:
        cursor = self._remove(start, end)
        cursor.setBlockFormat(QTextBlockFormat())
        cursor.block().setUserState(-1)
        return cursor

    def _remove(self, start: int, end: int = -1) -> QTextCursor:
        """Remove the text from ``start`` to ``end`` (-1: the end). A block that the cut
        begins in keeps its own format and state (Qt gives it those of the block where
        the cut ends)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        block = cursor.block()
        kept = start > block.position() or block.length() == 1
        block_format, state = block.blockFormat(), block.userState()
        if end < 0:
            cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        else:
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        if kept:
            cursor.setBlockFormat(block_format)
            cursor.block().setUserState(state)
        return cursor

    def _shift(self, first: int, delta: int) -> None:
        """Move the written messages from ``first`` on (and the marker, when it is among
        them) by ``delta`` characters."""
        for message in self._messages[max(first, self._lo) : self._hi]:
            message.start += delta
            message.body_start += delta
            message.body_end += delta
        marker = self._marker_index
        if marker is not None and self._written(marker) and marker >= first:
            start, end = self._marker_span
            self._marker_span = (start + delta, end + delta)

    def _forget_code(self, message: ShownMessage) -> None:
        prefix = f"m{message.index}-"
        for key in [k for k in self._code_blocks if k.startswith(prefix)]:
            del self._code_blocks[key]
