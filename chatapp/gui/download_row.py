"""One downloadable model in the model picker: what it is, its progress and buttons."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.catalog import CatalogEntry
from chatapp.gui.download_manager import DownloadState, DownloadStatus
from chatapp.gui.i18n import Retranslatable
from chatapp.gui.model_texts import progress_line

# A text, or what makes it again in the window's language after a switch.
Text = str | Callable[[], str]
ERROR_STYLE = "color: #c62828;"


def row_key(entry: CatalogEntry) -> str:
    """Rows are keyed like downloads ("repo/file"); an entry not on the hub by its id."""
    return f"{entry.repo}/{entry.file}" if entry.repo else entry.id


def format_progress_line(state: DownloadState) -> str:
    """Bytes, speed and time left, or why the download is stopped (window's language)."""
    return progress_line(state)


def _made(text: Text) -> str:
    return text() if callable(text) else text


class DownloadRow(Retranslatable, QFrame):
    """One model to download: what it is, a progress bar, and its buttons. Its title,
    details and description are texts or functions that make them (again after a
    language switch).

    Signals:
        download_requested(): Download or Resume was clicked.
        pause_requested(): Pause was clicked.
        cancel_requested(): Cancel was clicked.
        use_requested(str): Use was clicked for the installed file at this path.
    """

    download_requested = Signal()
    pause_requested = Signal()
    cancel_requested = Signal()
    use_requested = Signal(str)

    def __init__(self, title: Text, details: Text, description: Text, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.installed_path: Path | None = None
        self._texts = (title, details, description)
        self._state: DownloadState | None = None
        self._in_use = False
        self._note: tuple[Callable[[], str], bool] | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        text = QVBoxLayout()
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.details = QLabel(self)
        self.description = QLabel(self)
        for label in (self.title, self.details, self.description):
            label.setWordWrap(True)
            text.addWidget(label)
        top.addLayout(text, 1)
        self.download_button = QPushButton(self)
        self.pause_button = QPushButton(self)
        self.cancel_button = QPushButton(self)
        self.use_button = QPushButton(self)
        for button in (
            self.download_button,
            self.pause_button,
            self.cancel_button,
            self.use_button,
        ):
            top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 1000)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status)
        self.download_button.clicked.connect(self.download_requested)
        self.pause_button.clicked.connect(self.pause_requested)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.use_button.clicked.connect(self._on_use_clicked)
        self.retranslate()

    def retranslate(self) -> None:
        title, details, description = (_made(text) for text in self._texts)
        self.title.setText(f"<b>{html.escape(title, quote=False)}</b>")
        self.details.setText(details)
        self.description.setText(description)
        self.pause_button.setText(self.tr("Pause"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.show_state(self._state, self.installed_path, self._in_use)

    def set_note(self, note: Callable[[], str] | None, error: bool = False) -> None:
        """What the status line says while there is no download and no file (e.g. how
        the starter gets installed); ``note`` makes it in the window's language."""
        self._note = (note, error) if note is not None else None
        self.show_state(self._state, self.installed_path, self._in_use)

    def show_state(
        self, state: DownloadState | None, installed: Path | None, in_use: bool = False
    ) -> None:
        """Show where the download stands; ``installed`` is the model file when it is
        here, ``in_use`` whether that file is the model loaded now."""
        self.installed_path = installed
        self._state = state
        self._in_use = in_use
        active = state is not None and state.status in (
            DownloadStatus.QUEUED,
            DownloadStatus.RUNNING,
        )
        paused = state is not None and state.status is DownloadStatus.PAUSED
        failed = state is not None and state.status is DownloadStatus.FAILED
        self.use_button.setVisible(installed is not None)
        self.use_button.setEnabled(not in_use)
        self.use_button.setText(self.tr("In use") if in_use else self.tr("Use"))
        self.download_button.setVisible(installed is None and not active)
        self.download_button.setText(
            self.tr("Resume") if paused else self.tr("Retry") if failed else self.tr("Download")
        )
        self.pause_button.setVisible(active)
        self.cancel_button.setVisible(active or paused)
        show_bar = state is not None and (active or paused) and installed is None
        self.progress_bar.setVisible(show_bar)
        if show_bar and state is not None and state.progress is not None:
            fraction = state.progress.fraction
            if fraction is None or state.progress.phase == "resolving":
                self.progress_bar.setRange(0, 0)
            else:
                self.progress_bar.setRange(0, 1000)
                self.progress_bar.setValue(int(fraction * 1000))
        if installed is not None:
            self.status.setText(self.tr("installed: {path}").format(path=installed))
            self.status.setStyleSheet("")
        elif state is not None:
            self.status.setText(format_progress_line(state))
            self.status.setStyleSheet(ERROR_STYLE if failed else "")
        elif self._note is not None:
            self.status.setText(self._note[0]())
            self.status.setStyleSheet(ERROR_STYLE if self._note[1] else "")
        else:
            self.status.setText("")
        self.status.setVisible(bool(self.status.text()))

    @Slot()
    def _on_use_clicked(self) -> None:
        if self.installed_path is not None:
            self.use_requested.emit(str(self.installed_path))
