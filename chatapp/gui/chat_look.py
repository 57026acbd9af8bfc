"""How the conversation view looks beyond what QTextDocument draws by itself: a centred
text column, rounded backgrounds behind the user's messages and code blocks, a bar beside
quotes, and text colours that follow the theme.

Blocks are marked with their block user state (``USER_START`` ... ``QUOTE_BODY``); a
region is a start block and the continuation blocks after it. Characters whose colour
comes from the theme carry the name of that ``ThemeColors`` field in ``COLOR_KEY``, so
that a theme change can repaint them in place.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QPainter,
    QPen,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextOption,
)
from PySide6.QtWidgets import QTextEdit

from chatapp.gui.theme import ThemeColors

COLUMN_MAX = 800  # the widest the text column gets, in pixels
SIDE_MIN = 20  # the least room left and right of it
TOP_MARGIN = 18
BOTTOM_MARGIN = 28
MESSAGE_GAP = 26  # above each message's name
PAD_X = 16  # text inside a tinted region, from its edges
PAD_Y = 10
LINE_HEIGHT = 140  # percent, for prose
COLOR_KEY = QTextFormat.Property.UserProperty + 1

USER_START, USER_BODY, CODE_HEAD, CODE_BODY, QUOTE_START, QUOTE_BODY = range(101, 107)
_FOLLOWS = {USER_START: USER_BODY, CODE_HEAD: CODE_BODY, QUOTE_START: QUOTE_BODY}
_CONTINUATIONS = set(_FOLLOWS.values())
_QUOTE_INDENT = 40  # what Qt gives a <blockquote>


def tagged(key: str, colors: ThemeColors, base: QTextCharFormat | None = None) -> QTextCharFormat:
    """``base`` (or a plain format) in the theme colour ``key``, marked to follow the theme."""
    fmt = QTextCharFormat(base) if base is not None else QTextCharFormat()
    fmt.setForeground(QColor(getattr(colors, key)))
    fmt.setProperty(COLOR_KEY, key)
    return fmt


def link_format(colors: ThemeColors, href: str, size: float = 0) -> QTextCharFormat:
    """A link to ``href`` (plain text when "") in the muted colour, ``size`` points (0: as
    the text around it)."""
    fmt = tagged("muted", colors)
    if size:
        fmt.setFontPointSize(size)
    if href:
        fmt.setAnchor(True)
        fmt.setAnchorHref(href)
    return fmt


def recolor(document: QTextDocument, colors: ThemeColors) -> None:
    """Give every marked character the colour of ``colors`` its key names."""
    cursor = QTextCursor(document)
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            key = fragment.charFormat().property(COLOR_KEY)
            if isinstance(key, str) and hasattr(colors, key):
                cursor.setPosition(fragment.position())
                cursor.setPosition(
                    fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
                )
                change = QTextCharFormat()
                change.setForeground(QColor(getattr(colors, key)))
                cursor.mergeCharFormat(change)
            it += 1
        block = block.next()


def user_block_format(bottom_margin: float = 0) -> QTextBlockFormat:
    """The format of a block inside one of the user's messages (inset from the tint)."""
    fmt = QTextBlockFormat()
    fmt.setLeftMargin(PAD_X)
    fmt.setRightMargin(PAD_X)
    fmt.setBottomMargin(bottom_margin)
    fmt.setLineHeight(LINE_HEIGHT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    return fmt


def mark_user_message(document: QTextDocument, start: int, end: int) -> None:
    """Mark the blocks from ``start`` (the name) to ``end`` as one user message."""
    block = document.findBlock(start)
    state = USER_START
    while block.isValid() and block.position() <= end:
        block.setUserState(state)
        state = USER_BODY
        block = block.next()


def shape_rendered(document: QTextDocument, start: int, end: int) -> None:
    """Finish Markdown inserted between ``start`` and ``end``: prose gets its line
    height, code and quote blocks are marked as regions and inset."""
    cursor = QTextCursor(document)
    block = document.findBlock(start)
    region = -1
    while block.isValid() and block.position() <= end:
        fmt = block.blockFormat()
        state = block.userState()
        if state in _FOLLOWS:
            region = state
        elif region == CODE_HEAD and fmt.nonBreakableLines():
            state = CODE_BODY
        elif region == QUOTE_START and fmt.leftMargin() >= _QUOTE_INDENT:
            state = QUOTE_BODY
        else:
            region = state = -1
        block.setUserState(state)
        change = QTextBlockFormat()
        if state in (CODE_HEAD, CODE_BODY):
            change.setLeftMargin(PAD_X)
            change.setRightMargin(PAD_X)
            change.setTabPositions([])
            # A code line wider than the view wraps: unbroken, it widened the whole
            # document and the conversation scrolled sideways with it.
            change.setNonBreakableLines(False)
            if state == CODE_HEAD:
                change.setTopMargin(MESSAGE_GAP * 0.6)
                change.setBottomMargin(PAD_Y)
        elif state in (QUOTE_START, QUOTE_BODY):
            change.setLeftMargin(fmt.leftMargin() - _QUOTE_INDENT + PAD_X + 2)
            change.setRightMargin(0)
        if not fmt.nonBreakableLines():
            change.setLineHeight(
                LINE_HEIGHT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
            )
        cursor.setPosition(block.position())
        cursor.mergeBlockFormat(change)
        block = block.next()
    _pad_code_ends(document, start, end)
    shape_tables(document, start, end)


def shape_tables(document: QTextDocument, start: int = 0, end: int = -1) -> None:
    """Room above and below the tables between ``start`` and ``end`` (-1: the end).
    Inside an edit block a document has no tables yet: call this again after it."""
    for frame in document.rootFrame().childFrames():
        if start <= frame.firstPosition() and (end < 0 or frame.firstPosition() <= end):
            table = frame.frameFormat()
            after_code = document.findBlock(frame.firstPosition() - 1).userState() == CODE_BODY
            top, bottom = PAD_Y + 14 if after_code else 8, MESSAGE_GAP * 0.3
            if (table.topMargin(), table.bottomMargin()) == (top, bottom):
                continue  # shaped already: setting it again would lay the table out again
            table.setTopMargin(top)
            table.setBottomMargin(bottom)
            frame.setFrameFormat(table)


def _pad_code_ends(document: QTextDocument, start: int, end: int) -> None:
    """Room below the last line of each code block, inside its background."""
    block = document.findBlock(start)
    cursor = QTextCursor(document)
    while block.isValid() and block.position() <= end:
        following = block.next()
        if block.userState() == CODE_BODY and following.userState() != CODE_BODY:
            change = QTextBlockFormat()
            change.setBottomMargin(PAD_Y * 2.2)
            cursor.setPosition(block.position())
            cursor.mergeBlockFormat(change)
        block = following


def set_code_tabs(document: QTextDocument, width: float, start: int = 0, end: int = -1) -> None:
    """Put the Copy link of each code block (between ``start`` and ``end``, -1: the
    end) at the right of its head, in a column ``width`` wide."""
    stop = QTextOption.Tab(max(width - 2 * PAD_X, 40), QTextOption.TabType.RightTab)
    cursor = QTextCursor(document)
    block = document.findBlock(start)
    while block.isValid() and (end < 0 or block.position() <= end):
        if block.userState() == CODE_HEAD:
            change = QTextBlockFormat()
            change.setTabPositions([stop])
            cursor.setPosition(block.position())
            cursor.mergeBlockFormat(change)
        block = block.next()


def column_side(viewport_width: int) -> int:
    """The margin left and right of the text column in a viewport this wide."""
    return max(SIDE_MIN, (viewport_width - COLUMN_MAX) // 2)


def fit_column(document: QTextDocument, viewport_width: int) -> float:
    """Centre the text column, at most COLUMN_MAX wide; returns its width."""
    root = document.rootFrame()
    fmt = root.frameFormat()
    side = column_side(viewport_width)
    if fmt.leftMargin() != side or fmt.rightMargin() != side:
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        fmt.setTopMargin(TOP_MARGIN)
        fmt.setBottomMargin(BOTTOM_MARGIN)
        root.setFrameFormat(fmt)
    return float(viewport_width - 2 * side)


def _first_visible(view: QTextEdit) -> QTextBlock:
    document = view.document()
    top = view.verticalScrollBar().value()
    position = document.documentLayout().hitTest(QPointF(0, top), Qt.HitTestAccuracy.FuzzyHit)
    block = document.findBlock(max(position, 0))
    while block.isValid() and block.userState() in _CONTINUATIONS and block.previous().isValid():
        block = block.previous()
    return block


def paint_regions(view: QTextEdit, painter: QPainter, colors: ThemeColors) -> None:
    """Draw the backgrounds of the regions in sight, under the text."""
    document = view.document()
    layout = document.documentLayout()
    frame = document.rootFrame().frameFormat()
    left = frame.leftMargin()
    width = document.textWidth() - left - frame.rightMargin()
    bottom = view.verticalScrollBar().value() + view.viewport().height()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(-view.horizontalScrollBar().value(), -view.verticalScrollBar().value())
    region: list[QRectF] = []
    kind = -1
    block = _first_visible(view)
    while block.isValid():
        state = block.userState()
        rect = layout.blockBoundingRect(block)
        if kind != -1 and state == _FOLLOWS[kind]:
            region.append(rect)
        else:
            if region:
                _paint_region(painter, kind, region, left, width, colors)
            region, kind = ([rect], state) if state in _FOLLOWS else ([], -1)
            if rect.top() > bottom:
                break
        block = block.next()
    if region:
        _paint_region(painter, kind, region, left, width, colors)


def _paint_region(
    painter: QPainter,
    kind: int,
    rects: list[QRectF],
    left: float,
    width: float,
    colors: ThemeColors,
) -> None:
    top, end = rects[0].top(), rects[-1].bottom()
    if kind == QUOTE_START:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colors.quote_bar))
        painter.drawRoundedRect(QRectF(left + 4, top - 2, 3, end - top + 4), 1.5, 1.5)
        return
    if kind == USER_START:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colors.user_tint))
        painter.drawRoundedRect(QRectF(left, top - PAD_Y, width, end - top + 2 * PAD_Y), 14, 14)
        return
    box = QRectF(left, top - PAD_Y, width, end - top + 2 * PAD_Y)
    painter.setPen(QPen(QColor(colors.code_border), 1))
    painter.setBrush(QBrush(QColor(colors.code_bg)))
    painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 10, 10)
    line = rects[0].bottom() + PAD_Y * 0.6
    painter.drawLine(QPointF(left + 1, line), QPointF(left + width - 1, line))
