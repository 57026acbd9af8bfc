"""Opening the main window in tests, on the real engine or on the FakeBackend, and
driving it as a user would (type and press Return)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from chatapp.core.backend import ReplyStats
from chatapp.core.paths import AppPaths
from chatapp.core.settings import load_settings
from chatapp.gui.i18n import LanguageController
from chatapp.gui.main_window import MainWindow
from chatapp.gui.workers import BackendFactory, BackendSetup, local_backend
from chatapp.testing.fake_backend import FakeBackend

FAKE_MODEL = Path("fake-model.gguf")
REAL_TIMEOUT_MS = 120_000
FAKE_TIMEOUT_MS = 10_000


def fake_backend_factory(backend: FakeBackend) -> BackendFactory:
    """A backend factory for MainWindow / ReplyController that hands out ``backend``."""
    return lambda: BackendSetup(backend, backend.load_model, backend.close)


def make_window(
    qtbot: Any,
    paths: AppPaths,
    backend: FakeBackend | None = None,
    show: bool = True,
    *,
    factory: BackendFactory | None = None,
    languages: LanguageController | None = None,
) -> MainWindow:
    """A window on ``paths`` with the settings from disk, on the real engine, on
    ``backend`` or on what ``factory`` sets up, switching languages with ``languages``
    when given; the caller shuts it down."""
    settings = load_settings(paths.settings_file).settings
    if backend is not None:
        factory = fake_backend_factory(backend)
    window = MainWindow(paths, settings, factory or local_backend, languages)
    qtbot.addWidget(window)
    if show:
        window.show()
    return window


def load(qtbot: Any, window: MainWindow, path: Path = FAKE_MODEL, timeout: int = 60_000) -> None:
    """Load ``path`` and wait until the window shows it is ready."""
    with qtbot.waitSignal(window.model_ready, timeout=timeout):
        window.load_model(path)


def type_and_send(qtbot: Any, window: MainWindow, text: str) -> None:
    """Type ``text`` into the composer and press Return, as the user would."""
    qtbot.keyClicks(window.composer.editor, text)
    qtbot.keyClick(window.composer.editor, Qt.Key.Key_Return)


def ask(qtbot: Any, window: MainWindow, text: str, timeout: int = REAL_TIMEOUT_MS) -> ReplyStats:
    """Send ``text`` (the composer is filled at once) and wait for the whole reply."""
    with qtbot.waitSignal(window.reply_completed, timeout=timeout) as finished:
        window.composer.edit_text(text)
        qtbot.keyClick(window.composer.editor, Qt.Key.Key_Return)
    stats = finished.args[0]
    assert isinstance(stats, ReplyStats)
    return stats


def use_sampling(window: MainWindow, **changes: Any) -> None:
    """Change the window's sampling settings (a frozen value) for the next reply."""
    window.settings.sampling = replace(window.settings.sampling, **changes)


def clipped_ancestor(widget: QWidget, top: QWidget) -> bool:
    """Whether ``widget`` lies in a scroll area's viewport below ``top`` (it may be
    scrolled out of sight on purpose)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and area.viewport() is parent:
            return True
        parent = area
    return False
