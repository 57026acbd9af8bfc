"""The model picker's "Search the hub" tab: GGUF repositories matching the text as the
user types, a chosen repository's models with their fit, licence and gate, and their
downloads through the window's download manager."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.downloads import DownloadError, DownloadRequest, HubAccess, target_path
from chatapp.core.hub_files import HubModelFile
from chatapp.core.hub_search import HubRepo, RepoDetails
from chatapp.core.model_fit import FitMemory, fit_phrase
from chatapp.core.sizes import describe_size
from chatapp.gui.download_manager import DownloadManager, DownloadStatus
from chatapp.gui.download_row import DownloadRow
from chatapp.gui.hub_lookups import HubLookups, LookupKind

DEBOUNCE_MS = 300
ERROR_STYLE = "color: #c62828;"
NOTE_STYLE = "color: #8a5a00;"
RESULT_COLUMNS = ["Repository", "Author", "Downloads", "Likes", "Updated"]


def describe_model(model: HubModelFile, memory: FitMemory) -> str:
    """A model's row details: parts, size, quantization and whether it fits, as the
    catalog rows say it."""
    count = len(model.files) + len(model.missing)
    parts = [
        f"{count} parts" if model.is_split else "",
        describe_size(model.size) if model.size else "size unknown",
        model.quantization,
    ]
    if model.memory_needed:
        fit = fit_phrase(model.memory_needed, memory)
        parts.append(f"needs ~{describe_size(model.memory_needed)} memory: {fit}")
    return " · ".join(p for p in parts if p)


class HubSearchTab(QWidget):
    """Search the chosen hub (or mirror) for GGUF models and download one.

    The search runs ``DEBOUNCE_MS`` after the last keystroke, on :class:`HubLookups`'
    threads; an answer to text that has since changed is dropped. A failed search (the
    hub unreachable, a server error) is one line above the results.

    Signals:
        model_chosen(str): Use was clicked for a downloaded model at this path.
    """

    model_chosen = Signal(str)

    def __init__(
        self,
        downloads: DownloadManager,
        access: Callable[[], HubAccess],
        start_download: Callable[[DownloadRequest], None],
        memory: Callable[[], FitMemory],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.downloads = downloads
        self._access = access
        self._start_download = start_download
        self._memory = memory
        self.repos: list[HubRepo] = []
        self.details: RepoDetails | None = None
        self.file_rows: dict[str, DownloadRow] = {}
        self._has_token = False
        self._search_pending = False
        self._details_pending = False
        self._resume_when_shown = False
        self.lookups = HubLookups(self)
        self.lookups.search_finished.connect(self._on_search_finished)
        self.lookups.search_failed.connect(self._on_search_failed)
        self.lookups.details_finished.connect(self._on_details_finished)
        self.lookups.details_failed.connect(self._on_details_failed)
        self.debounce = QTimer(self)
        self.debounce.setObjectName("hub-search-debounce")
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.search_again)
        self._build()
        downloads.changed.connect(self._on_download_changed)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText("Search GGUF models on the hub, e.g. qwen2.5")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(self._on_text_changed)
        layout.addWidget(self.search_box)
        self.status_line = QLabel("Type a model's name to search.", self)
        self.status_line.setWordWrap(True)  # a long error must not widen the dialog
        layout.addWidget(self.status_line)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.results = QTableWidget(0, len(RESULT_COLUMNS), splitter)
        self.results.setHorizontalHeaderLabels(RESULT_COLUMNS)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.verticalHeader().hide()
        self.results.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.results.itemSelectionChanged.connect(self._on_result_chosen)
        splitter.addWidget(self.results)
        splitter.addWidget(self._build_details(splitter))
        splitter.setSizes([220, 320])
        layout.addWidget(splitter, 1)

    def _build_details(self, parent: QWidget) -> QWidget:
        page = QWidget(parent)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.repo_title = QLabel("", page)
        self.repo_summary = QLabel("", page)
        self.access_note = QLabel("", page)
        for label in (self.repo_title, self.repo_summary, self.access_note):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        self.access_note.setStyleSheet(NOTE_STYLE)
        self.access_note.hide()
        scroll = QScrollArea(page)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget(scroll)
        self._files_layout = QVBoxLayout(inner)
        self._files_layout.addStretch(1)
        scroll.setWidget(inner)
        self._files_parent = inner
        layout.addWidget(scroll, 1)
        return page

    # -- searching ------------------------------------------------------------------

    @Slot()
    def search_again(self) -> None:
        """Search for the box's text now (also after the endpoint or token changed)."""
        self.debounce.stop()
        text = self.search_box.text().strip()
        if not text:
            return
        try:
            access = self._access()
        except DownloadError as exc:
            self._show_status(str(exc), ERROR_STYLE)
            return
        self._show_status(f"Searching {access.endpoint} for {text!r}...")
        self._search_pending = True
        self.lookups.search(text, access)

    @Slot()
    def cancel(self) -> None:
        """Stop waiting (the picker was closed): no pending search or listing will be
        shown, and they are asked again when the tab is shown again."""
        self._resume_when_shown = self._search_pending or self._details_pending
        self.debounce.stop()
        self.lookups.cancel_all()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.search_box.setFocus()  # the tab is for typing a name
        if not self._resume_when_shown:
            return
        self._resume_when_shown = False
        if self._search_pending:
            self.search_again()
        if self._details_pending:
            self._on_result_chosen()

    def shutdown(self) -> None:
        """Stop the timer and end the lookup threads (at the window's shutdown)."""
        self.debounce.stop()
        self.lookups.shutdown()

    @Slot(str)
    def _on_text_changed(self, text: str) -> None:
        self.lookups.cancel(LookupKind.SEARCH)
        self._search_pending = bool(text.strip())
        if self._search_pending:
            self.debounce.start()
        else:
            self.debounce.stop()
            self._fill_results([])
            self._show_status("Type a model's name to search.")

    @Slot(str, object)
    def _on_search_finished(self, text: str, repos: list[HubRepo]) -> None:
        self._search_pending = False
        self._fill_results(repos)
        where = self._endpoint_name()
        if repos:
            self._show_status(
                f"{len(repos)} GGUF repositories on {where} match {text!r}, most downloaded "
                "first; choose one to see its models."
            )
        else:
            self._show_status(f"No GGUF repositories on {where} match {text!r}.")

    @Slot(str, str)
    def _on_search_failed(self, _text: str, message: str) -> None:
        self._search_pending = False
        self._fill_results([])
        self._show_status(message, ERROR_STYLE)

    def _fill_results(self, repos: list[HubRepo]) -> None:
        self.repos = list(repos)
        table = self.results
        table.blockSignals(True)
        table.clearSelection()
        table.setRowCount(len(repos))
        for row, repo in enumerate(repos):
            updated = f"{repo.last_modified:%Y-%m-%d}" if repo.last_modified else ""
            values = [
                repo.id + (" (gated)" if repo.gated else ""),
                repo.author or "",
                f"{repo.downloads:,}",
                f"{repo.likes:,}",
                updated,
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(row, column, item)
        table.blockSignals(False)
        table.resizeColumnsToContents()
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def _show_status(self, text: str, style: str = "") -> None:
        self.status_line.setText(text)
        self.status_line.setStyleSheet(style)

    def _endpoint_name(self) -> str:
        try:
            return self._access().endpoint
        except DownloadError:
            return "the hub"

    # -- a repository's models --------------------------------------------------------

    def selected_repo(self) -> HubRepo | None:
        rows = {index.row() for index in self.results.selectedIndexes()}
        return self.repos[min(rows)] if rows else None

    @Slot()
    def _on_result_chosen(self) -> None:
        repo = self.selected_repo()
        if repo is None:
            return
        try:
            access = self._access()
        except DownloadError as exc:
            self._show_status(str(exc), ERROR_STYLE)
            return
        self._has_token = access.token is not None
        self._clear_files()
        self.details = None
        self.repo_title.setText(f"<b>{repo.id}</b>")
        self._show_summary(f"Reading {repo.id}'s files from {access.endpoint}...")
        self._details_pending = True
        self.lookups.details(repo.id, access)

    @Slot(object)
    def _on_details_finished(self, details: RepoDetails) -> None:
        self._details_pending = False
        self.details = details
        empty = "" if details.models else "\nNo GGUF models in this repository."
        self._show_summary(details.summary() + empty)
        note = details.access_note(self._has_token)
        self.access_note.setText(note or "")
        self.access_note.setVisible(note is not None)
        self._clear_files()
        memory = self._memory()
        for model in details.models:
            self._add_file_row(details, model, memory)

    @Slot(str, str)
    def _on_details_failed(self, _repo: str, message: str) -> None:
        self._details_pending = False
        self._show_summary(message, ERROR_STYLE)

    def _show_summary(self, text: str, style: str = "") -> None:
        self.repo_summary.setText(text)
        self.repo_summary.setStyleSheet(style)
        self.access_note.hide()

    def _add_file_row(self, details: RepoDetails, model: HubModelFile, memory: FitMemory) -> None:
        request = model.download_request(details.repo, details.revision)
        description = ""
        if model.is_split:
            description = "Split in parts, downloaded together: " + ", ".join(model.files)
        row = DownloadRow(
            model.name, describe_model(model, memory), description, self._files_parent
        )
        row.use_requested.connect(self.model_chosen)
        if model.complete:
            row.download_requested.connect(lambda r=request: self._start_download(r))
            row.pause_requested.connect(lambda k=request.label: self.downloads.pause(k))
            row.cancel_requested.connect(lambda k=request.label: self.downloads.cancel(k))
        self.file_rows[request.label] = row
        self._files_layout.insertWidget(self._files_layout.count() - 1, row)
        self._show_row_state(request.label, row, details.repo, model.files[0])
        if not model.complete:
            row.download_button.setEnabled(False)
            row.status.setText(f"incomplete on the hub: {', '.join(model.missing)} missing")
            row.status.setStyleSheet(ERROR_STYLE)
            row.status.show()

    def _show_row_state(self, key: str, row: DownloadRow, repo: str, file: str) -> None:
        state = self.downloads.state(key)
        installed: Path | None = None
        if state is not None and state.status is DownloadStatus.DONE:
            installed = state.path
        else:
            target = target_path(self.downloads.paths.models_dir, repo, file)
            installed = target if target.is_file() else None
        row.show_state(state, installed)

    def _clear_files(self) -> None:
        for row in self.file_rows.values():
            row.hide()
            row.deleteLater()
        self.file_rows.clear()

    @Slot(str)
    def _on_download_changed(self, key: str) -> None:
        row = self.file_rows.get(key)
        if row is None or self.details is None:
            return
        file = key.removeprefix(f"{self.details.repo}/")
        self._show_row_state(key, row, self.details.repo, file)
