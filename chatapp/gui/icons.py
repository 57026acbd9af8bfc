"""The action icons (resources/icons/actions, Lucide line icons), drawn in the palette's
text colour when they are painted, so that they follow the theme without being set again.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from chatapp.core.paths import resources_dir

__all__ = ["ICON_NAMES", "icon", "tinted_pixmap"]

ICON_NAMES = (
    "copy",
    "dark",
    "delete",
    "edit",
    "light",
    "models",
    "new-chat",
    "regenerate",
    "rename",
    "search",
    "send",
    "server",
    "settings",
    "stop",
    "system",
    "theme",
)

_svg_texts: dict[str, str] = {}
_pixmaps: dict[tuple[str, str, int, int], QPixmap] = {}
_icons: dict[str, QIcon] = {}
_engines: list[QIconEngine] = []  # QIcon does not keep a Python engine alive by itself


def _svg_text(name: str) -> str:
    if name not in _svg_texts:
        path = resources_dir() / "icons" / "actions" / f"{name}.svg"
        try:
            _svg_texts[name] = path.read_text(encoding="utf-8")
        except OSError:
            _svg_texts[name] = ""
    return _svg_texts[name]


def _color(mode: QIcon.Mode) -> QColor:
    palette = QGuiApplication.palette()
    if mode == QIcon.Mode.Disabled:
        return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    if mode == QIcon.Mode.Selected:
        return palette.color(QPalette.ColorRole.HighlightedText)
    return palette.color(QPalette.ColorRole.WindowText)


def tinted_pixmap(name: str, size: int, color: QColor, scale: float = 1.0) -> QPixmap:
    """Icon ``name`` drawn ``size`` pixels square (device independent) in ``color``."""
    pixels = max(1, round(size * scale))
    key = (name, color.name(QColor.NameFormat.HexArgb), pixels, round(scale * 100))
    cached = _pixmaps.get(key)
    if cached is not None:
        return cached
    pixmap = QPixmap(pixels, pixels)
    pixmap.fill(Qt.GlobalColor.transparent)
    text = _svg_text(name).replace("currentColor", color.name(QColor.NameFormat.HexRgb))
    renderer = QSvgRenderer(QByteArray(text.encode("utf-8")))
    if renderer.isValid():
        painter = QPainter(pixmap)
        painter.setOpacity(color.alphaF())
        renderer.render(painter, QRectF(0, 0, pixels, pixels))
        painter.end()
    pixmap.setDevicePixelRatio(scale)
    _pixmaps[key] = pixmap
    return pixmap


class _ThemedIconEngine(QIconEngine):
    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = name

    def clone(self) -> QIconEngine:
        engine = _ThemedIconEngine(self._name)
        _engines.append(engine)
        return engine

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return tinted_pixmap(self._name, min(size.width(), size.height()), _color(mode))

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        return tinted_pixmap(self._name, min(size.width(), size.height()), _color(mode), scale)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        side = min(rect.width(), rect.height())
        scale = painter.device().devicePixelRatioF() if painter.device() else 1.0
        pixmap = tinted_pixmap(self._name, side, _color(mode), scale)
        x = rect.x() + (rect.width() - side) // 2
        y = rect.y() + (rect.height() - side) // 2
        painter.drawPixmap(QRect(x, y, side, side), pixmap)

    def iconName(self) -> str:
        return self._name


def icon(name: str) -> QIcon:
    """The action icon ``name`` (one of ICON_NAMES; an empty icon for another name),
    drawn in the current palette's text colour."""
    if name not in ICON_NAMES:
        return QIcon()
    if name not in _icons:
        engine = _ThemedIconEngine(name)
        _engines.append(engine)
        _icons[name] = QIcon(engine)
    return QIcon(_icons[name])
