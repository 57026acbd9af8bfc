"""How a search result is drawn in the sidebar: the chat's title in bold on one line
with the date at its right, and the words around the match below it, muted, in at most
two lines, the matched words in bold."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextLayout,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

TITLE_ROLE = Qt.ItemDataRole.UserRole + 10
WHEN_ROLE = Qt.ItemDataRole.UserRole + 11
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 12
_MARGIN = 6
_GAP = 2
_SNIPPET_LINES = 2
_ELLIPSIS = "…"


def split_marks(snippet: str) -> tuple[str, list[tuple[int, int]]]:
    """The snippet without its «» match marks, and the (start, length) of each match."""
    text: list[str] = []
    matches: list[tuple[int, int]] = []
    length = 0
    start: int | None = None
    for char in snippet:
        if char == "«":
            start = length
        elif char == "»" and start is not None:
            matches.append((start, length - start))
            start = None
        else:
            text.append(char)
            length += 1
    return "".join(text), matches


class SearchHitDelegate(QStyledItemDelegate):
    """Draws items that have TITLE_ROLE as a title line and a muted two-line snippet;
    other items (the "no match" line) as usual."""

    def sizeHint(  # noqa: N802 (Qt override)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        if index.data(TITLE_ROLE) is None:
            return super().sizeHint(option, index)
        metrics = QFontMetrics(option.font)
        height = 2 * _MARGIN + metrics.height() + _GAP + _SNIPPET_LINES * metrics.lineSpacing()
        return QSize(super().sizeHint(option, index).width(), height)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        title = index.data(TITLE_ROLE)
        if title is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else None
        opt.text = ""
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = opt.palette
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = QColor(text_color)
        muted.setAlphaF(0.85 if selected else 0.62)
        rect: QRect = opt.rect.adjusted(_MARGIN, _MARGIN, -_MARGIN, -_MARGIN)
        painter.save()
        painter.setClipRect(opt.rect)
        base_font = QFont(opt.font)
        metrics = QFontMetrics(base_font)
        when = str(index.data(WHEN_ROLE) or "")
        when_width = metrics.horizontalAdvance(when)
        painter.setFont(base_font)
        painter.setPen(muted)
        title_height = metrics.height()
        title_rect = QRect(rect.left(), rect.top(), rect.width(), title_height)
        painter.drawText(
            title_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, when
        )
        bold = QFont(base_font)
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        room = max(rect.width() - when_width - 2 * _MARGIN, 0)
        painter.setFont(bold)
        painter.setPen(text_color)
        painter.drawText(
            QRect(rect.left(), rect.top(), room, title_height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            bold_metrics.elidedText(str(title), Qt.TextElideMode.ElideRight, room),
        )
        painter.setPen(muted)
        top = rect.top() + title_height + _GAP
        self._draw_snippet(painter, str(index.data(SNIPPET_ROLE) or ""), base_font, rect, top)
        painter.restore()

    def _draw_snippet(
        self, painter: QPainter, snippet: str, font: QFont, rect: QRect, top: int
    ) -> None:
        text, matches = split_marks(" ".join(snippet.split()))
        layout = _layout(text, matches, font, rect.width(), None)
        lines = [layout.lineAt(i) for i in range(layout.lineCount())]
        cut = len(lines) > _SNIPPET_LINES
        if cut:
            ellipsis = QFontMetrics(font).horizontalAdvance(_ELLIPSIS)
            layout = _layout(text, matches, font, rect.width(), rect.width() - ellipsis)
        layout.draw(painter, QPointF(rect.left(), top))
        if cut:
            last = layout.lineAt(_SNIPPET_LINES - 1)
            painter.setFont(font)
            x = rect.left() + last.naturalTextWidth()
            baseline = top + last.y() + last.ascent()
            painter.drawText(QPointF(x, baseline), _ELLIPSIS)


def _layout(
    text: str, matches: list[tuple[int, int]], font: QFont, width: int, last_width: int | None
) -> QTextLayout:
    """``text`` laid out in lines of ``width``; with ``last_width``, only the lines shown,
    the last one that narrow (room for an ellipsis)."""
    layout = QTextLayout(text, font)
    ranges = []
    for start, length in matches:
        weight = QTextCharFormat()
        weight.setFontWeight(QFont.Weight.Bold)
        bold = QTextLayout.FormatRange()
        bold.start, bold.length, bold.format = start, length, weight
        ranges.append(bold)
    layout.setFormats(ranges)
    layout.beginLayout()
    y = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        shown = layout.lineCount()
        narrow = last_width is not None and shown == _SNIPPET_LINES
        line.setLineWidth(max(last_width if narrow and last_width else width, 1))
        line.setPosition(QPointF(0, y))
        y += line.height()
        if last_width is not None and shown >= _SNIPPET_LINES:
            break
    layout.endLayout()
    return layout
