"""QApplication set-up, the crash handler, and the window's entry point."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from chatapp import APP_NAME, __version__
from chatapp.core.default_model import default_model
from chatapp.core.paths import AppPaths, resources_dir
from chatapp.core.settings import load_settings
from chatapp.gui.i18n import error_text, message_text
from chatapp.gui.main_window import MainWindow
from chatapp.gui.painting import rasterize_on_gui_thread
from chatapp.gui.theme import apply_saved_theme
from chatapp.gui.workers import BackendFactory

log = logging.getLogger(__name__)


def app_icon() -> QIcon:
    """ChatApp's icon in every size it ships (empty when resources/ is missing)."""
    icon = QIcon()
    folder = resources_dir() / "icons"
    for png in sorted(folder.glob("chatapp-*.png")):
        icon.addFile(str(png))
    return icon


def install_excepthook(log_file: Path) -> None:
    """Unexpected exceptions go to the log and to a dialog that names the log file."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, error, tb)))
        if QApplication.instance() is not None:
            QMessageBox.critical(
                None,
                APP_NAME,
                QCoreApplication.translate(
                    "App",
                    "Something went wrong: {error}\n\nThe details are in the log file:\n{log}",
                ).format(error=error_text(error), log=log_file),
            )

    sys.excepthook = hook


def create_window(
    paths: AppPaths,
    *,
    notices: list[str] | None = None,
    backend_factory: BackendFactory | None = None,
) -> MainWindow:
    """The main window with the settings from disk. What had to give
    way (a bad settings file) is told once in a notice that does not block; a headless
    caller (the smoke test) passes ``notices`` to collect the texts instead of showing
    them. ``backend_factory`` replaces the engine (the screenshots use the fake)."""
    rasterize_on_gui_thread()
    loaded = load_settings(paths.settings_file)
    if backend_factory is None:
        window = MainWindow(paths, loaded.settings)
    else:
        window = MainWindow(paths, loaded.settings, backend_factory=backend_factory)
    notice = message_text(loaded.notice) if loaded.notice else None
    if notice and notices is not None:
        notices.append(notice)
    elif notice:
        QTimer.singleShot(0, window, lambda: window.show_notice(APP_NAME, notice))
    return window


def initial_model(window: MainWindow) -> Path | None:
    """The last used model when it still exists, else the default installed one."""
    last = window.settings.last_model
    if last and Path(last).is_file():
        return Path(last)
    return default_model(window.paths)


def open_initial_model(window: MainWindow) -> None:
    """What the window starts with: the last server, else the last or default model,
    else the welcome page's ways to get one."""
    if window.servers.reconnect_last():
        return
    model = initial_model(window)
    if model is None:
        window.model_bar.show_not_installed()
        window.chat_area.show_no_model()
    else:
        window.load_model(model)


def run_gui(paths: AppPaths) -> int:
    """Open the ChatApp window and run until it closes."""
    rasterize_on_gui_thread()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("chatapp")
    install_excepthook(paths.log_file)
    window = create_window(paths)
    apply_saved_theme(window.settings, paths.settings_file)
    window.show()

    QTimer.singleShot(0, lambda: open_initial_model(window))
    try:
        return app.exec()
    finally:
        window.shutdown()
