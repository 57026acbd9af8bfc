"""The conversation view's surface: a read-only QTextBrowser with the text column
centred, region backgrounds painted under the text (``chat_look``), the theme's colours,
and scrolling that follows new text only while the user is at the bottom."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFont, QGuiApplication, QPainter, QPaintEvent, QResizeEvent, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QWidget

from chatapp.gui import chat_look as look
from chatapp.gui.theme import colors_for

FONT_POINTS = 11.0  # the least size of the conversation's text


class ChatCanvas(QTextBrowser):
    """A QTextBrowser that looks like a chat; subclasses re-render in ``restyle`` when
    the theme changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatView")
        self.setOpenLinks(False)
        self.setReadOnly(True)
        size = QFont()
        size.setPointSizeF(max(QGuiApplication.font().pointSizeF(), FONT_POINTS))
        self.setFont(size)  # only the size: the family stays the application's
        self._colors = colors_for(self.palette())
        self._column_width = 0.0

    def _at_bottom(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() >= bar.maximum() - 4

    def _follow(self, was_at_bottom: bool) -> None:
        if was_at_bottom:
            bar = self.verticalScrollBar()
            bar.setValue(bar.maximum())

    def _reset_document(self) -> None:
        """Empty the document; the text column keeps its margins (clear() resets them)."""
        self.clear()
        look.fit_column(self.document(), self.viewport().width())

    def _end_cursor(self) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        return cursor

    @property
    def column_width(self) -> float:
        """How wide the text column is now (pixels)."""
        return self._column_width

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        look.paint_regions(self, painter, self._colors)
        painter.end()
        super().paintEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = look.fit_column(self.document(), self.viewport().width())
        if width != self._column_width:
            self._column_width = width
            look.set_code_tabs(self.document(), width)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            colors = colors_for(self.palette())
            if colors != self._colors:
                self._colors = colors
                self.restyle()

    def restyle(self) -> None:
        """Follow a theme change (``self._colors`` is the new theme's)."""
        look.recolor(self.document(), self._colors)
        self.viewport().update()
