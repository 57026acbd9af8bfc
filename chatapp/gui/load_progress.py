"""A model load's progress in the status bar: a 0-100% bar with Cancel, and what the
window shows once a load is cancelled."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QProgressBar, QPushButton, QWidget

from chatapp.gui.composer import Composer
from chatapp.gui.model_bar import ModelBar
from chatapp.gui.reply_controller import ReplyController
from chatapp.gui.workers import LoadCancelled, LoadRequest

CANCELLED_MESSAGE_MS = 15_000


class LoadProgressBar(QWidget):
    """The bar (0-100%) and Cancel while a model loads; after a cancelled load that let
    the model before go, a button that loads that one again.

    Signals:
        cancel_requested(): the user wants the load stopped.
        reload_requested(Path): load this model file (the one before the cancelled load).
    """

    cancel_requested = Signal()
    reload_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 100)
        self.bar.setFormat(self.tr("Loading %p%"))
        self.bar.setMinimumWidth(160)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setToolTip(self.tr("Stop loading this model"))
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.reload_button = QPushButton(self)
        self.reload_button.clicked.connect(self._on_reload_clicked)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        layout.addWidget(self.reload_button)
        self._previous: Path | None = None
        self.hide()

    @property
    def fraction(self) -> float:
        """The fraction shown (0.0 to 1.0)."""
        return self.bar.value() / 100

    def show_loading(self) -> None:
        """Start again from 0% with Cancel."""
        self._previous = None
        self.bar.setValue(0)
        self.bar.show()
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.reload_button.hide()
        self.show()

    def set_progress(self, fraction: float) -> None:
        self.bar.setValue(round(100 * min(1.0, max(0.0, fraction))))

    def show_cancelling(self) -> None:
        self.cancel_button.setText(self.tr("Cancelling..."))
        self.cancel_button.setEnabled(False)

    def offer_reload(self, previous: Path | None) -> None:
        """The load was cancelled: offer ``previous`` (if any) to load again."""
        self._previous = previous
        self.bar.hide()
        self.cancel_button.hide()
        if previous is None:
            self.hide()
            return
        self.reload_button.setText(self.tr("Load {name} again").format(name=previous.name))
        self.reload_button.show()
        self.show()

    @Slot()
    def _on_cancel_clicked(self) -> None:
        self.show_cancelling()
        self.cancel_requested.emit()

    @Slot()
    def _on_reload_clicked(self) -> None:
        if self._previous is not None:
            self.reload_requested.emit(self._previous)


class LoadProgressActions(QObject):
    """Shows the loads ``replies`` makes in the window's status bar, cancels them on
    request, and afterwards shows the model still loaded (or that there is none)."""

    def __init__(
        self,
        window: QMainWindow,
        replies: ReplyController,
        widgets: tuple[ModelBar, Composer],
        load: Callable[[Path], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.replies = replies
        self.model_bar, self.composer = widgets
        self.progress = LoadProgressBar(window)
        window.statusBar().addPermanentWidget(self.progress)
        self.progress.cancel_requested.connect(replies.cancel_load)
        self.progress.reload_requested.connect(load)
        replies.load_requested.connect(self._on_load_requested)
        replies.load_progressed.connect(self.progress.set_progress)
        replies.model_loaded.connect(self._on_load_ended)
        replies.model_load_failed.connect(self._on_load_ended)
        replies.server_connected.connect(self._on_load_ended)
        replies.model_load_cancelled.connect(self._on_model_load_cancelled)
        replies.shutting_down.connect(replies.cancel_load)

    @Slot(object)
    def _on_load_requested(self, _request: LoadRequest) -> None:
        self.progress.show_loading()

    @Slot()
    def _on_load_ended(self) -> None:
        if not self.replies.is_loading:
            self.progress.hide()

    @Slot(object)
    def _on_model_load_cancelled(self, cancelled: LoadCancelled) -> None:
        status = self.window.statusBar()
        self.progress.offer_reload(cancelled.previous)
        server, outcome = self.replies.server, self.replies.outcome
        if server is not None:
            self.model_bar.show_remote(server)
        elif outcome is not None:
            self.model_bar.show_loaded(outcome)
        else:
            status.showMessage(self.tr("Loading cancelled: no model is loaded"))
            self._show_no_model()
            return
        status.showMessage(self.tr("Loading cancelled"), CANCELLED_MESSAGE_MS)
        self.composer.set_ready(True)

    def _show_no_model(self) -> None:
        self.model_bar.show_cancelled()
        self.composer.set_ready(False)
