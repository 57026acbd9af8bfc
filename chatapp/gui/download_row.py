"""One downloadable model in the model picker: what it is, its progress and buttons."""

from __future__ import annotations

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
from chatapp.core.gguf_info import describe_size
from chatapp.gui.download_manager import DownloadState, DownloadStatus


def row_key(entry: CatalogEntry) -> str:
    """Rows are keyed like downloads ("repo/file"); an entry not on the hub by its id."""
    return f"{entry.repo}/{entry.file}" if entry.repo else entry.id


def format_progress_line(state: DownloadState) -> str:
    """Bytes, speed and time left, or why the download is stopped."""
    progress = state.progress
    if state.status is DownloadStatus.FAILED:
        return state.error or "failed"
    if state.status is DownloadStatus.QUEUED:
        return "waiting for the download before it..."
    if progress is None:
        return ""
    total = describe_size(progress.total) if progress.total else "?"
    if state.status is DownloadStatus.PAUSED:
        return f"paused at {describe_size(progress.done)} of {total}"
    if progress.phase == "resolving":
        return "asking the hub..."
    if progress.phase == "verifying":
        return f"verifying {progress.file}..."
    speed = describe_size(progress.bytes_per_second) + "/s" if progress.bytes_per_second else ""
    eta = progress.eta_seconds
    left = ""
    if eta is not None:
        left = f"{eta:.0f} s left" if eta < 90 else f"{eta / 60:.0f} min left"
    return " · ".join(p for p in (f"{describe_size(progress.done)} of {total}", speed, left) if p)


class DownloadRow(QFrame):
    """One model to download: what it is, a progress bar, and its buttons.

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

    def __init__(self, title: str, details: str, description: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.installed_path: Path | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        text = QVBoxLayout()
        self.title = QLabel(f"<b>{title}</b>", self)
        self.details = QLabel(details, self)
        self.description = QLabel(description, self)
        self.description.setWordWrap(True)
        for label in (self.title, self.details, self.description):
            label.setWordWrap(True)
            text.addWidget(label)
        top.addLayout(text, 1)
        self.download_button = QPushButton("Download", self)
        self.pause_button = QPushButton("Pause", self)
        self.cancel_button = QPushButton("Cancel", self)
        self.use_button = QPushButton(self.tr("Use"), self)
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
        self.show_state(None, None)

    def show_state(
        self, state: DownloadState | None, installed: Path | None, in_use: bool = False
    ) -> None:
        """Show where the download stands; ``installed`` is the model file when it is
        here, ``in_use`` whether that file is the model loaded now."""
        self.installed_path = installed
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
        self.download_button.setText("Resume" if paused else "Retry" if failed else "Download")
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
            self.status.setText(f"installed: {installed}")
            self.status.setStyleSheet("")
        elif state is not None:
            self.status.setText(format_progress_line(state))
            self.status.setStyleSheet("color: #c62828;" if failed else "")
        else:
            self.status.setText("")
        self.status.setVisible(bool(self.status.text()))

    @Slot()
    def _on_use_clicked(self) -> None:
        if self.installed_path is not None:
            self.use_requested.emit(str(self.installed_path))
