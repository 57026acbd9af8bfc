"""A one-line label that gives way: too narrow for its text, it ends in "…"."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStyleOption, QWidget

_MIN_CHARACTERS = 6  # what it still shows at its narrowest, about


class ElidedLabel(QLabel):
    """A plain-text label on one line that may be narrower than its text: the text is cut
    with "…" at its end (``text()`` stays whole; the tooltip is the caller's)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        hint = super().minimumSizeHint()
        narrowest = self.fontMetrics().averageCharWidth() * _MIN_CHARACTERS
        margins = self.contentsMargins()
        width = min(hint.width(), narrowest + margins.left() + margins.right())
        return QSize(width, hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        room = self.contentsRect()
        metrics = self.fontMetrics()
        if metrics.horizontalAdvance(self.text()) <= room.width():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        shown = metrics.elidedText(self.text(), Qt.TextElideMode.ElideRight, room.width())
        self.style().drawItemText(
            painter,
            room,
            int(self.alignment()),
            option.palette,
            self.isEnabled(),
            shown,
            self.foregroundRole(),
        )
