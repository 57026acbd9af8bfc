"""The window's model actions: the model picker, importing a .gguf (chosen, dropped or
from the picker), and loading what was downloaded or chosen."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import psutil
from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from chatapp.core.catalog import Catalog, CatalogError, load_catalog
from chatapp.core.hardware import HardwareInfo
from chatapp.core.model_library import InstalledModel
from chatapp.core.model_loading import LoadOutcome
from chatapp.core.paths import AppPaths
from chatapp.core.settings import AppSettings
from chatapp.gui.download_manager import DownloadManager
from chatapp.gui.download_status import DownloadStatusWidget
from chatapp.gui.i18n import error_text, message_text
from chatapp.gui.model_texts import installed_details
from chatapp.gui.reply_controller import ReplyController

if TYPE_CHECKING:  # imported when first opened: the window shows without it
    from chatapp.gui.model_picker import ModelPickerDialog


def dropped_models(urls: list[QUrl]) -> list[Path]:
    """The local .gguf files among dropped URLs."""
    return [
        Path(url.toLocalFile())
        for url in urls
        if url.isLocalFile() and url.toLocalFile().lower().endswith(".gguf")
    ]


class ModelActions(QObject):
    """Finding and adding models for the window; ``window`` is the parent of dialogs
    and shows the status bar messages.

    Signals:
        load_requested(Path): this model file should be loaded now.
        settings_changed(): the app settings changed (the hub endpoint) and are to be saved.
        server_chosen(SavedServer, str): chat with this model on this server (Servers tab).
    """

    load_requested = Signal(object)
    settings_changed = Signal()
    server_chosen = Signal(object, str)

    def __init__(
        self,
        window: QMainWindow,
        paths: AppPaths,
        settings: AppSettings,
        downloads: DownloadManager,
        replies: ReplyController,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.paths = paths
        self.settings = settings
        self.downloads = downloads
        self.replies = replies
        self.picker: ModelPickerDialog | None = None
        self.hardware: HardwareInfo | None = None
        self.catalog: Catalog | None = None
        self._catalog_error: CatalogError | None = None
        try:
            self.catalog = load_catalog()
        except CatalogError as exc:
            self._catalog_error = exc
        downloads.finished.connect(self._on_download_finished)
        downloads.imported.connect(self._on_model_imported)
        downloads.import_failed.connect(self._on_import_failed)
        replies.model_loaded.connect(self._on_model_loaded)
        replies.model_load_failed.connect(self._on_model_changed)
        replies.server_connected.connect(self._on_model_changed)
        self.download_status = DownloadStatusWidget(downloads, window)
        self.download_status.use_requested.connect(self._on_model_chosen)
        window.statusBar().addPermanentWidget(self.download_status)

    @Slot()
    def open_model_picker(self) -> None:
        """Show the model picker (catalog, downloads, installed models)."""
        if self.catalog is None:
            why = self._catalog_error
            QMessageBox.warning(
                self.window,
                self.tr("Models"),
                error_text(why) if why is not None else self.tr("no catalog"),
            )
            self.choose_model_file()
            return
        if self.picker is None:
            from chatapp.gui.model_picker import ModelPickerDialog

            self.picker = ModelPickerDialog(
                self.paths,
                self.catalog,
                self.downloads,
                self.settings,
                self.window,
                self.model_memory,
            )
            self.picker.model_chosen.connect(self._on_model_chosen)
            self.picker.endpoint_changed.connect(self._on_endpoint_changed)
            self.picker.import_requested.connect(self.import_model_file)
            self.picker.servers_tab.use_requested.connect(self.server_chosen)
        self.picker.set_model_in_use(self.model_in_use())
        self.picker.refresh()
        self.picker.show()
        self.picker.raise_()
        self.picker.activateWindow()

    def shutdown(self) -> None:
        """End the picker's hub lookups (at the window's shutdown)."""
        if self.picker is not None:
            self.picker.hub_search.shutdown()

    def model_memory(self) -> tuple[int, str]:
        """The memory a model would run in, and its name (one of model_texts.MEMORY_NAMES,
        translated where shown): the GPU's when this build can offload to one (known after
        the first load), else the RAM."""
        if self.hardware is not None and self.hardware.gpu_devices:
            gpu = max(self.hardware.gpu_devices, key=lambda d: d.memory_total)
            return gpu.memory_total, "GPU memory"
        return psutil.virtual_memory().total, "RAM"

    def model_in_use(self) -> Path | None:
        """The model file loaded now; None for none or a server's model."""
        model = self.replies.model
        return model.path if model is not None and self.replies.server is None else None

    @Slot()
    def choose_model_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Import a GGUF model"),
            str(Path.home()),
            self.tr("GGUF models (*.gguf);;All files (*)"),
        )
        if chosen:
            self.import_model_file(Path(chosen))

    @Slot(object)
    def import_model_file(self, path: Path) -> None:
        """Ask whether to copy ``path`` or use it in place, then import it off the GUI thread."""
        copy = self.ask_import_mode(path)
        if copy is None:
            return
        self.window.statusBar().showMessage(self.tr("Importing {name}...").format(name=path.name))
        self.downloads.import_file(path, copy=copy)

    def ask_import_mode(self, path: Path) -> bool | None:
        """True to copy, False to use in place, None when the user cancels."""
        box = QMessageBox(self.window)
        box.setWindowTitle(self.tr("Import model"))
        box.setText(self.tr("Add {name} to ChatApp?").format(name=path.name))
        box.setInformativeText(
            self.tr(
                "Use in place keeps the file where it is (do not move or delete it). "
                "Copy puts a copy in ChatApp's models folder."
            )
        )
        in_place = box.addButton(self.tr("Use in place"), QMessageBox.ButtonRole.AcceptRole)
        copy = box.addButton(self.tr("Copy"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return True if clicked is copy else False if clicked is in_place else None

    @Slot(object)
    def _on_model_imported(self, model: InstalledModel) -> None:
        text = self.tr("Imported {name} ({details})")
        details = installed_details(model)
        self.window.statusBar().showMessage(text.format(name=model.name, details=details), 5000)
        if self.picker is not None:
            self.picker.refresh()
        self.load_requested.emit(model.path)

    @Slot(object)
    def _on_import_failed(self, message: str) -> None:
        self.window.statusBar().clearMessage()
        QMessageBox.warning(self.window, self.tr("Import model"), message_text(message))

    @Slot(str, str)
    def _on_download_finished(self, key: str, path: str) -> None:
        text = self.tr("Downloaded and verified {name}").format(name=key)
        self.window.statusBar().showMessage(text, 8000)
        if self.replies.model is None and self.replies.model_path is None:
            self.load_requested.emit(Path(path))

    @Slot(str)
    def _on_model_chosen(self, path: str) -> None:
        self.replies.stop()
        self.load_requested.emit(Path(path))

    @Slot(object)
    def _on_endpoint_changed(self, _endpoint: object) -> None:
        self.settings_changed.emit()

    @Slot(object)
    def _on_model_loaded(self, outcome: LoadOutcome) -> None:
        if outcome.hardware is not None:
            self.hardware = outcome.hardware
        self._on_model_changed()

    @Slot()
    def _on_model_changed(self) -> None:
        path = self.model_in_use()
        self.download_status.set_model_in_use(path)
        if self.picker is not None:
            self.picker.set_model_in_use(path)
