"""A one-line label that gives way: too narrow for its text, it ends in "…"."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStyleOption, QWidget

_MIN_CHARACTERS = 6  # what it still shows at its narrowest, about
_KEPT_CHARACTERS = 16  # the most of a kept beginning (``set_kept``) it insists on


class ElidedLabel(QLabel):
    """A plain-text label on one line that may be narrower than its text: the text is cut
    with "…" at its end (``text()`` stays whole; the tooltip is the caller's)."""

    def __init__(self, parent: QWidget | None = None, narrowest: int = _MIN_CHARACTERS) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._narrowest = narrowest  # characters, about
        self._kept = ""

    def set_kept(self, beginning: str) -> None:
        """Never cut the text before ``beginning`` (and "…") is shown whole: a layout
        short of room squeezes the other widgets first (up to about 16 characters)."""
        if beginning != self._kept:
            self._kept = beginning
            self.updateGeometry()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        hint = super().minimumSizeHint()
        metrics = self.fontMetrics()
        narrowest = metrics.averageCharWidth() * self._narrowest
        if self._kept:
            kept = metrics.horizontalAdvance(f"{self._kept} …")
            narrowest = max(narrowest, min(kept, metrics.averageCharWidth() * _KEPT_CHARACTERS))
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
