"""The welcome page's pieces: the example prompt buttons (their text wraps) and the cards
offering a model (the button goes under the text), so that the page fits a narrow
window without scrolling sideways."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

# The prompt buttons' padding (the style sheet's and the wrapped text's).
_PAD_X = 14
_PAD_Y = 10
_BORDER = 1
# Narrowest a prompt button gets (its text wraps below its one-line width).
_PROMPT_MIN_WIDTH = 120

STYLE = f"""
QFrame#welcomeCard {{
    background: palette(base);
    border: 1px solid palette(midlight);
    border-radius: 10px;
}}
QPushButton#examplePrompt {{
    text-align: left;
    padding: {_PAD_Y}px {_PAD_X}px;
    background: palette(base);
    border: {_BORDER}px solid palette(midlight);
    border-radius: 10px;
}}
QPushButton#examplePrompt:hover, QFrame#welcomeCard:hover {{
    border-color: palette(highlight);
}}
QLabel#recommendedBadge {{
    color: palette(highlighted-text);
    background: palette(highlight);
    border-radius: 6px;
    padding: 1px 7px;
}}
"""


def muted(label: QLabel, smaller: bool = False) -> QLabel:
    """``label`` in the placeholder colour (and a point smaller)."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    if smaller:
        font = label.font()
        font.setPointSizeF(max(font.pointSizeF() - 1, 7))
        label.setFont(font)
    return label


class PromptButton(QPushButton):
    """An example prompt: a flat card-like button whose text wraps onto more lines when
    the page is narrower than its one line."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("examplePrompt")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _text_rect(self, width: int) -> QRect:
        inner = max(width - 2 * (_PAD_X + _BORDER), 1)
        flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
        return self.fontMetrics().boundingRect(QRect(0, 0, inner, 100_000), flags, self.text())

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._text_rect(width).height() + 2 * (_PAD_Y + _BORDER)

    def sizeHint(self) -> QSize:
        width = self.fontMetrics().horizontalAdvance(self.text()) + 2 * (_PAD_X + _BORDER) + 2
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        width = min(_PROMPT_MIN_WIDTH, self.sizeHint().width())
        return QSize(width, self.heightForWidth(width))

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)
        inner = self.rect().adjusted(
            _PAD_X + _BORDER, _PAD_Y + _BORDER, -_PAD_X - _BORDER, -_PAD_Y - _BORDER
        )
        flags = (
            Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        painter.drawItemText(
            inner, int(flags), self.palette(), self.isEnabled(), self.text(), self.foregroundRole()
        )


class ChoiceCard(QFrame):
    """One way to get a model: a title, a line about it and a button beside them (under
    them in a narrow window: ``set_narrow``); the texts are set by the WelcomeView."""

    def __init__(self, parent: QWidget, badge: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeCard")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() + 1)
        self.title.setFont(font)
        self._title_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._title_row.setSpacing(8)
        self._title_row.addWidget(self.title)
        self.badge: QLabel | None = None
        if badge:
            self.badge = QLabel(self)
            self.badge.setObjectName("recommendedBadge")
            self._title_row.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        self._title_row.addStretch(1)
        self.text = muted(QLabel(self))
        self.text.setWordWrap(True)
        self.button = QPushButton(self)
        self.button.setMinimumWidth(130)
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        words = QVBoxLayout()
        words.setSpacing(4)
        words.addLayout(self._title_row)
        words.addWidget(self.text)
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(18, 14, 18, 14)
        self._layout.setSpacing(18)
        self._layout.addLayout(words, 1)
        self._layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)

    def set_text(self, title: str, text: str) -> None:
        self.title.setText(title)
        self.text.setText(text)

    def set_narrow(self, narrow: bool) -> None:
        """The button under the text, the badge under the title (narrow), or beside."""
        layout = self._layout
        self.title.setWordWrap(narrow)  # wide, a wrapped label would take less than it has
        self._title_row.setDirection(
            QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        )
        if self.badge is not None:
            where = Qt.AlignmentFlag.AlignLeft if narrow else Qt.AlignmentFlag.AlignTop
            self._title_row.setAlignment(self.badge, where)
        if narrow:
            layout.setDirection(QBoxLayout.Direction.TopToBottom)
            layout.setSpacing(10)
            layout.setContentsMargins(14, 12, 14, 12)
            layout.setAlignment(self.button, Qt.AlignmentFlag.AlignLeft)
        else:
            layout.setDirection(QBoxLayout.Direction.LeftToRight)
            layout.setSpacing(18)
            layout.setContentsMargins(18, 14, 18, 14)
            layout.setAlignment(self.button, Qt.AlignmentFlag.AlignVCenter)
