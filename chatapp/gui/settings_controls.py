"""The building blocks of the settings panel: a slider tied to a number box, an
"Advanced" expander, muted explanatory text, and a scroll area that never cuts its
content off at the side."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class Range:
    """The values a SliderBox offers: ``minimum`` to ``maximum`` in ``step``s."""

    minimum: float
    maximum: float
    step: float
    decimals: int = 0


class SliderBox(QWidget):
    """A slider and a number box that show the same value.

    Signals:
        value_changed(float): the value changed, by the slider or the box.
    """

    value_changed = Signal(float)

    def __init__(self, spec: Range, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, round((spec.maximum - spec.minimum) / spec.step))
        self.slider.setMinimumWidth(40)
        if spec.decimals:
            self.box: QSpinBox | QDoubleSpinBox = QDoubleSpinBox(self)
            self.box.setDecimals(spec.decimals)
        else:
            self.box = QSpinBox(self)
        self.box.setRange(spec.minimum, spec.maximum)  # type: ignore[arg-type]
        self.box.setSingleStep(spec.step)  # type: ignore[arg-type]
        self.box.setMinimumWidth(80)
        self.box.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.box)
        self.slider.valueChanged.connect(self._on_slider_moved)
        self.box.valueChanged.connect(self._on_box_changed)

    def value(self) -> float:
        return float(self.box.value())

    def set_maximum(self, maximum: float) -> None:
        self.spec = replace(self.spec, maximum=maximum)
        self.slider.setRange(0, round((maximum - self.spec.minimum) / self.spec.step))
        self.box.setMaximum(maximum)  # type: ignore[arg-type]

    def set_value(self, value: float) -> None:
        """Show ``value``, clamped to the box's range (a Qt spin box holds 32-bit ints)."""
        shown = clamped(value, self.spec.minimum, self.spec.maximum)
        self.box.setValue(shown if self.spec.decimals else round(shown))  # type: ignore[arg-type]

    @Slot(int)
    def _on_slider_moved(self, position: int) -> None:
        value = self.spec.minimum + position * self.spec.step
        if abs(value - self.box.value()) >= self.spec.step / 2:
            self.box.setValue(
                round(value, self.spec.decimals) if self.spec.decimals else int(value)  # type: ignore[arg-type]
            )

    @Slot()
    def _on_box_changed(self) -> None:
        position = round((self.box.value() - self.spec.minimum) / self.spec.step)
        self.slider.blockSignals(True)
        self.slider.setValue(position)
        self.slider.blockSignals(False)
        self.value_changed.emit(float(self.box.value()))


class Expander(QWidget):
    """A checkable arrow button (its text and tooltip set by the owner) that shows or
    hides ``body``; collapsed at first.

    Signals:
        expanded_changed(bool): the body was shown (True) or hidden (False).
    """

    expanded_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button = QToolButton(self)
        self.button.setCheckable(True)
        self.button.setAutoRaise(True)
        self.button.setStyleSheet("QToolButton { border: none; }")
        self.button.setArrowType(Qt.ArrowType.RightArrow)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.body = QWidget(self)
        self.body.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.body)
        self.button.toggled.connect(self._on_button_toggled)

    @property
    def is_expanded(self) -> bool:
        return self.button.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        self.button.setChecked(expanded)

    @Slot(bool)
    def _on_button_toggled(self, checked: bool) -> None:
        self.button.setArrowType(Qt.ArrowType.DownArrow if checked else Qt.ArrowType.RightArrow)
        self.body.setVisible(checked)
        self.expanded_changed.emit(checked)


def muted_label(parent: QWidget) -> QLabel:
    """A label for explanatory text in the palette's muted color, wrapped to the width
    it gets."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


def clamped(value: float, minimum: float, maximum: float) -> float:
    """``value`` within ``minimum``..``maximum`` (NaN and non-numbers give ``minimum``)."""
    try:
        return float(min(max(value, minimum), maximum)) if value == value else minimum
    except TypeError:
        return minimum


class VerticalScrollArea(QScrollArea):
    """Scrolls up and down only, and is never narrower than what it holds (so nothing
    in it is cut off at the side)."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(content)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        hint = super().minimumSizeHint()
        widget = self.widget()
        if widget is None:
            return hint
        width = (
            widget.minimumSizeHint().width()
            + self.verticalScrollBar().sizeHint().width()
            + 2 * self.frameWidth()
        )
        return QSize(max(hint.width(), width), hint.height())


def shrinking_combo(parent: QWidget) -> QComboBox:
    """A combo box that may get narrower than its longest item."""
    combo = QComboBox(parent)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return combo
