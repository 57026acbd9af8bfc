"""Where the window was and how its docks were laid out, kept between runs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow


class WindowLayoutStore:
    """The window's geometry and dock state in an INI file (QSettings); everything
    else ChatApp remembers lives in settings.json."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _settings(self) -> QSettings:
        return QSettings(str(self.path), QSettings.Format.IniFormat)

    def restore(self, window: QMainWindow) -> None:
        store = self._settings()
        geometry = store.value("geometry")
        state = store.value("state")
        if state is not None:
            window.restoreState(state)
        if geometry is not None:
            window.restoreGeometry(geometry)

    def save(self, window: QMainWindow) -> None:
        store = self._settings()
        store.setValue("geometry", window.saveGeometry())
        store.setValue("state", window.saveState())
        store.sync()
