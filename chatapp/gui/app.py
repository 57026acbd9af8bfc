"""QApplication set-up and the window's entry point."""

from __future__ import annotations

import sys

from chatapp.core.paths import AppPaths


def run_gui(paths: AppPaths) -> int:
    """Open the ChatApp window and run until it closes."""
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("ChatApp")
    window = QMainWindow()
    window.setWindowTitle("ChatApp")
    window.setCentralWidget(QLabel(f"ChatApp\n\nData folder: {paths.data_dir}"))
    window.resize(900, 600)
    window.show()
    return app.exec()
