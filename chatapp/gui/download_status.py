"""The main window's status bar view of downloads, so they can be followed with the model
picker closed: the one in progress (name, percent, a small bar), then "Use" for the model
it brought."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QToolButton,
    QWidget,
)

from chatapp.gui.download_manager import DownloadManager, DownloadState, DownloadStatus
from chatapp.gui.download_row import format_progress_line
from chatapp.gui.i18n import Retranslatable, message_text


def same_file(first: Path | None, second: Path | None) -> bool:
    """Whether two paths name the same file (either may be None: then False)."""
    if first is None or second is None:
        return False
    try:
        return first.resolve() == second.resolve()
    except OSError:
        return first == second


class DownloadStatusWidget(Retranslatable, QWidget):
    """Shows the running download (and how many more wait), then the last one that ended:
    "Use" for a finished one, why for a failed one, until dismissed.

    Signals:
        use_requested(str): load the downloaded model at this path.
    """

    use_requested = Signal(str)

    def __init__(self, downloads: DownloadManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("downloadStatus")
        self.downloads = downloads
        self._ended: str | None = None  # the key of the last download that finished or failed
        self._in_use: Path | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.setSpacing(6)
        self.label = QLabel("", self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setFixedSize(110, 12)
        self.use_button = QPushButton(self)
        self.dismiss_button = QToolButton(self)
        self.dismiss_button.setText("✕")
        self.dismiss_button.setAutoRaise(True)
        for widget in (self.label, self.progress_bar, self.use_button, self.dismiss_button):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignVCenter)
        self.use_button.clicked.connect(self._on_use_clicked)
        self.dismiss_button.clicked.connect(self._on_dismiss_clicked)
        downloads.changed.connect(self._on_download_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.use_button.setText(self.tr("Use"))
        self.use_button.setToolTip(self.tr("Load this model now"))
        self.dismiss_button.setToolTip(self.tr("Dismiss"))
        self._show()

    def set_model_in_use(self, path: Path | None) -> None:
        """The model loaded now: a download of it needs no "Use"."""
        self._in_use = path
        self._show()

    def _active(self) -> list[DownloadState]:
        running = (DownloadStatus.RUNNING, DownloadStatus.QUEUED)
        return [s for s in self.downloads.states.values() if s.status in running]

    def _show(self) -> None:
        active = self._active()
        ended = self.downloads.state(self._ended) if self._ended is not None else None
        if active:
            self._show_progress(active)
        elif ended is not None and ended.status is DownloadStatus.DONE:
            self._show_done(ended)
        elif ended is not None and ended.status is DownloadStatus.FAILED:
            self._show_failed(ended)
        else:
            self._ended = None
            self.hide()
            return
        self.show()

    def _show_progress(self, active: list[DownloadState]) -> None:
        state = next((s for s in active if s.status is DownloadStatus.RUNNING), active[0])
        fraction = state.progress.fraction if state.progress is not None else None
        waiting = len(active) - 1
        name = state.request.name
        if fraction is None:
            self.progress_bar.setRange(0, 0)
            text = (
                self.tr("Downloading {name} (%n more waiting)", "", waiting)
                if waiting
                else self.tr("Downloading {name}")
            ).format(name=name)
        else:
            percent = int(fraction * 100)
            self.progress_bar.setRange(0, 100)
            self.progress_bar.setValue(percent)
            text = (
                self.tr("Downloading {name}: {percent}% (%n more waiting)", "", waiting)
                if waiting
                else self.tr("Downloading {name}: {percent}%")
            ).format(name=name, percent=percent)
        self._set_text(text, format_progress_line(state))
        self.progress_bar.show()
        self.use_button.hide()
        self.dismiss_button.hide()

    def _show_done(self, state: DownloadState) -> None:
        name = state.request.name
        in_use = same_file(state.path, self._in_use)
        text = (
            self.tr("{name} is downloaded and in use")
            if in_use
            else self.tr("{name} is downloaded")
        ).format(name=name)
        self._set_text(text, str(state.path or ""))
        self.progress_bar.hide()
        self.use_button.setVisible(not in_use)
        self.dismiss_button.show()

    def _show_failed(self, state: DownloadState) -> None:
        text = self.tr("Download of {name} failed").format(name=state.request.name)
        self._set_text(text, message_text(state.error or ""), error=True)
        self.progress_bar.hide()
        self.use_button.hide()
        self.dismiss_button.show()

    def _set_text(self, text: str, tip: str, error: bool = False) -> None:
        self.label.setText(text)
        self.label.setStyleSheet("color: #c62828;" if error else "")
        self.setToolTip(tip)

    @Slot(str)
    def _on_download_changed(self, key: str) -> None:
        state = self.downloads.state(key)
        if state is not None and state.status in (DownloadStatus.DONE, DownloadStatus.FAILED):
            self._ended = key
        elif state is not None and state.status is DownloadStatus.QUEUED and key == self._ended:
            self._ended = None
        self._show()

    @Slot()
    def _on_use_clicked(self) -> None:
        state = self.downloads.state(self._ended) if self._ended is not None else None
        if state is not None and state.path is not None:
            self.use_requested.emit(str(state.path))
        self._on_dismiss_clicked()

    @Slot()
    def _on_dismiss_clicked(self) -> None:
        self._ended = None
        self._show()
