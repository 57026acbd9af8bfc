"""Light and dark looks: one palette per theme, the stylesheet from resources/style
filled in from it, and the System choice that follows the OS's colour scheme.

Widgets never hold colours of their own: they read ``colors_for(widget.palette())`` when
they paint or render, and redo that on a palette change (the conversation view re-renders
its code blocks then).
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from string import Template

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from chatapp.core.paths import resources_dir
from chatapp.core.settings import AppSettings, save_settings
from chatapp.core.settings_validation import THEMES

log = logging.getLogger(__name__)

__all__ = [
    "DARK",
    "LIGHT",
    "THEMES",
    "ThemeColors",
    "ThemeController",
    "apply_saved_theme",
    "build_palette",
    "colors_for",
    "is_dark",
    "stylesheet",
    "theme_controller",
]


@dataclass(frozen=True)
class ThemeColors:
    """Every colour the app uses in one theme (hex texts) and its code highlighting."""

    dark: bool
    window: str  # the window, docks and bars
    base: str  # the conversation and text fields
    alt_base: str  # fields in panels, alternate rows
    raised: str  # buttons, menus
    hover: str
    text: str
    muted: str  # secondary text: statistics, hints, the links beside a name
    border: str
    accent: str
    accent_text: str
    link: str
    user_tint: str  # the background of the user's messages
    code_bg: str
    code_border: str
    quote_bar: str
    table_header: str
    error: str
    user_name: str
    assistant_name: str
    system_name: str
    found: str  # a message found by search
    pygments_style: str


LIGHT = ThemeColors(
    dark=False,
    window="#f4f4f5",
    base="#ffffff",
    alt_base="#fafafa",
    raised="#ffffff",
    hover="#e9e9ec",
    text="#1f2328",
    muted="#6b7078",
    border="#dcdce0",
    accent="#2f6fed",
    accent_text="#ffffff",
    link="#2563c9",
    user_tint="#eef2f8",
    code_bg="#f5f6f8",
    code_border="#e3e5e8",
    quote_bar="#c8ccd2",
    table_header="#f1f2f4",
    error="#c62f37",
    user_name="#2f6fed",
    assistant_name="#1a7f4b",
    system_name="#7c4dce",
    found="#fff1b8",
    pygments_style="default",
)

DARK = ThemeColors(
    dark=True,
    window="#18191c",
    base="#1f2023",
    alt_base="#26272b",
    raised="#2b2c31",
    hover="#34353b",
    text="#e4e4e7",
    muted="#9a9ca3",
    border="#37383e",
    accent="#4f8cff",
    accent_text="#ffffff",
    link="#78a9ff",
    user_tint="#2a2d34",
    code_bg="#16171a",
    code_border="#303137",
    quote_bar="#52545c",
    table_header="#2a2b30",
    error="#ff6b6b",
    user_name="#78a9ff",
    assistant_name="#4cc38a",
    system_name="#b392f0",
    found="#4d4221",
    pygments_style="github-dark",
)


def is_dark(theme: str, scheme: Qt.ColorScheme) -> bool:
    """Whether ``theme`` ("system", "light" or "dark") looks dark while the OS's colour
    scheme is ``scheme``."""
    if theme == "dark":
        return True
    if theme == "light":
        return False
    return scheme == Qt.ColorScheme.Dark


def colors_for(palette: QPalette) -> ThemeColors:
    """The theme colours that go with ``palette`` (dark when its window is dark)."""
    return DARK if palette.color(QPalette.ColorRole.Window).lightness() < 128 else LIGHT


def build_palette(colors: ThemeColors) -> QPalette:
    """The QPalette of a theme (disabled text dimmed)."""
    palette = QPalette()
    role = QPalette.ColorRole
    roles = {
        role.Window: colors.window,
        role.WindowText: colors.text,
        role.Base: colors.base,
        role.AlternateBase: colors.alt_base,
        role.ToolTipBase: colors.raised,
        role.ToolTipText: colors.text,
        role.PlaceholderText: colors.muted,
        role.Text: colors.text,
        role.Button: colors.raised,
        role.ButtonText: colors.text,
        role.BrightText: colors.error,
        role.Light: colors.hover,
        role.Midlight: colors.hover,
        role.Mid: colors.border,
        role.Dark: colors.border,
        role.Shadow: "#000000",
        role.Highlight: colors.accent,
        role.HighlightedText: colors.accent_text,
        role.Link: colors.link,
        role.LinkVisited: colors.link,
    }
    for name, value in roles.items():
        palette.setColor(name, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for name in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(disabled, name, QColor(colors.muted))
    return palette


def stylesheet(colors: ThemeColors) -> str:
    """resources/style/chatapp.qss with ``$name`` filled in from ``colors`` ("" when the
    file is missing)."""
    path = resources_dir() / "style" / "chatapp.qss"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    values = {name: str(value) for name, value in asdict(colors).items()}
    return Template(text).substitute(values)


def _normal(theme: str) -> str:
    theme = theme.lower() if isinstance(theme, str) else ""
    return theme if theme in THEMES else "system"


class ThemeController(QObject):
    """The app's theme: System (the OS's light or dark), Light or Dark. Applying it sets
    the Fusion style, the theme's palette and the stylesheet on the application.

    Signals:
        theme_changed(str): the theme applied changed ("system", "light" or "dark"), or
            the System theme changed colours with the OS.
    """

    theme_changed = Signal(str)

    def __init__(self, theme: str = "system", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._theme = _normal(theme)
        self._applied: tuple[str, bool] | None = None
        hints = QGuiApplication.styleHints()
        self._scheme = hints.colorScheme()
        hints.colorSchemeChanged.connect(self._on_color_scheme_changed)

    @property
    def theme(self) -> str:
        return self._theme

    @property
    def colors(self) -> ThemeColors:
        return DARK if is_dark(self._theme, self._scheme) else LIGHT

    def set_theme(self, theme: str) -> None:
        """Choose and apply ``theme`` (anything unknown is "system")."""
        self._theme = _normal(theme)
        self.apply()

    def apply(self) -> None:
        """Put the theme on the application (nothing when it is already on)."""
        colors = self.colors
        if self._applied == (self._theme, colors.dark):
            return
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return
        if self._applied is None:
            app.setStyle("Fusion")
        self._applied = (self._theme, colors.dark)
        app.setPalette(build_palette(colors))
        app.setStyleSheet(stylesheet(colors))
        self.theme_changed.emit(self._theme)

    @Slot(Qt.ColorScheme)
    def _on_color_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        self._scheme = scheme
        if self._applied is not None and self._theme == "system":
            self.apply()


_controller: ThemeController | None = None


def theme_controller() -> ThemeController:
    """The application's one ThemeController (made on first use; applies nothing yet)."""
    global _controller
    if _controller is None:
        _controller = ThemeController(parent=QApplication.instance())
    return _controller


def apply_saved_theme(settings: AppSettings, settings_file: Path) -> ThemeController:
    """Apply the theme in ``settings``; a theme chosen later is stored there and written
    to ``settings_file``."""
    controller = theme_controller()
    controller.set_theme(settings.theme)

    def remember(theme: str) -> None:
        if settings.theme != theme:
            settings.theme = theme
            try:
                save_settings(settings, settings_file)
            except OSError:
                log.exception("could not save the theme")

    controller.theme_changed.connect(remember)
    return controller
