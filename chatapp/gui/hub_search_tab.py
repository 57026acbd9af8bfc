"""The model picker's "Search the hub" tab: GGUF repositories matching the text as the
user types, a chosen repository's models with their fit, licence and gate, and their
downloads through the window's download manager."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer, Signal, Slot
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
from chatapp.core.model_fit import FitMemory
from chatapp.gui.download_manager import DownloadManager, DownloadStatus
from chatapp.gui.download_row import DownloadRow
from chatapp.gui.hub_lookups import HubLookups, LookupKind
from chatapp.gui.i18n import Retranslatable, error_text, message_text, number_text
from chatapp.gui.model_texts import (
    access_note,
    date_text,
    hub_model_details,
    repo_summary,
)

DEBOUNCE_MS = 300
ERROR_STYLE = "color: #c62828;"
NOTE_STYLE = "color: #8a5a00;"
RESULT_COLUMNS = 5

# A text shown from state: what makes it in the window's language (again after a
# language switch), and its style sheet.
Shown = tuple[Callable[[], str], str]


class HubSearchTab(Retranslatable, QWidget):
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
        self._status: Shown = (self._type_a_name, "")
        self._summary: Shown = (str, "")
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
        self.retranslate()

    def retranslate(self) -> None:
        self.search_box.setPlaceholderText(self.tr("Search GGUF models on the hub, e.g. qwen2.5"))
        self.results.setHorizontalHeaderLabels(
            [
                self.tr("Repository"),
                self.tr("Author"),
                self.tr("Downloads"),
                self.tr("Likes"),
                self.tr("Updated"),
            ]
        )
        self._set_result_texts()
        self._show_status(*self._status)
        if self.details is not None:
            self._show_details_texts(self.details)
        else:
            self._show_summary(*self._summary)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.search_box = QLineEdit(self)
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(self._on_text_changed)
        layout.addWidget(self.search_box)
        self.status_line = QLabel(self)
        self.status_line.setWordWrap(True)  # a long error must not widen the dialog
        layout.addWidget(self.status_line)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.results = QTableWidget(0, RESULT_COLUMNS, splitter)
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
            self._show_status(partial(error_text, exc), ERROR_STYLE)
            return
        self._show_status(
            lambda: self.tr("Searching {where} for '{text}'...").format(
                where=access.endpoint, text=text
            )
        )
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
            self._show_status(self._type_a_name)

    @Slot(str, object)
    def _on_search_finished(self, text: str, repos: list[HubRepo]) -> None:
        self._search_pending = False
        self._fill_results(repos)
        where, count = self._endpoint_name(), len(repos)
        if repos:
            self._show_status(
                lambda: self.tr(
                    "%n GGUF repository(s) on {where} match '{text}', most downloaded first; "
                    "choose one to see its models.",
                    "",
                    count,
                ).format(where=where or self.tr("the hub"), text=text)
            )
        else:
            self._show_status(
                lambda: self.tr("No GGUF repositories on {where} match '{text}'.").format(
                    where=where or self.tr("the hub"), text=text
                )
            )

    def _type_a_name(self) -> str:
        return self.tr("Type a model's name to search.")

    @Slot(str, object)
    def _on_search_failed(self, _text: str, message: str) -> None:
        self._search_pending = False
        self._fill_results([])
        self._show_status(lambda: message_text(message), ERROR_STYLE)

    def _fill_results(self, repos: list[HubRepo]) -> None:
        self.repos = list(repos)
        table = self.results
        table.blockSignals(True)
        table.clearSelection()
        table.setRowCount(len(repos))
        for row in range(len(repos)):
            for column in range(RESULT_COLUMNS):
                item = QTableWidgetItem()
                if column >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(row, column, item)
        self._set_result_texts()
        table.blockSignals(False)

    def _set_result_texts(self) -> None:
        table = self.results
        for row, repo in enumerate(self.repos):
            modified = repo.last_modified
            updated = QDate(modified.year, modified.month, modified.day) if modified else None
            values = [
                self.tr("{repo} (gated)").format(repo=repo.id) if repo.gated else repo.id,
                repo.author or "",
                number_text(repo.downloads),
                number_text(repo.likes),
                date_text(updated) if updated is not None else "",
            ]
            for column, value in enumerate(values):
                item = table.item(row, column)
                if item is not None:
                    item.setText(value)
        table.resizeColumnsToContents()
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def _show_status(self, text: Callable[[], str], style: str = "") -> None:
        self._status = (text, style)
        self.status_line.setText(text())
        self.status_line.setStyleSheet(style)

    def _endpoint_name(self) -> str:
        """The hub's address ("" when it cannot be used: then "the hub" is said)."""
        try:
            return self._access().endpoint
        except DownloadError:
            return ""

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
            self._show_status(partial(error_text, exc), ERROR_STYLE)
            return
        self._has_token = access.token is not None
        self._clear_files()
        self.details = None
        self.repo_title.setText(f"<b>{repo.id}</b>")
        self._show_summary(
            lambda: self.tr("Reading {repo}'s files from {where}...").format(
                repo=repo.id, where=access.endpoint
            )
        )
        self._details_pending = True
        self.lookups.details(repo.id, access)

    @Slot(object)
    def _on_details_finished(self, details: RepoDetails) -> None:
        self._details_pending = False
        self.details = details
        self._show_details_texts(details)
        self._clear_files()
        memory = self._memory()
        for model in details.models:
            self._add_file_row(details, model, memory)

    def _show_details_texts(self, details: RepoDetails) -> None:
        if details.models:
            self._show_summary(lambda: repo_summary(details))
        else:
            self._show_summary(
                lambda: self.tr("{summary}\nNo GGUF models in this repository.").format(
                    summary=repo_summary(details)
                )
            )
        note = access_note(details, self._has_token)
        self.access_note.setText(note or "")
        self.access_note.setVisible(note is not None)

    @Slot(str, object)
    def _on_details_failed(self, _repo: str, message: str) -> None:
        self._details_pending = False
        self._show_summary(lambda: message_text(message), ERROR_STYLE)

    def _show_summary(self, text: Callable[[], str], style: str = "") -> None:
        self._summary = (text, style)
        self.repo_summary.setText(text())
        self.repo_summary.setStyleSheet(style)
        self.access_note.hide()

    def _add_file_row(self, details: RepoDetails, model: HubModelFile, memory: FitMemory) -> None:
        request = model.download_request(details.repo, details.revision)

        def description() -> str:
            if not model.is_split:
                return ""
            return self.tr("Split in parts, downloaded together: {files}").format(
                files=", ".join(model.files)
            )

        row = DownloadRow(
            model.name,
            lambda: hub_model_details(model, memory),
            description,
            self._files_parent,
        )
        row.use_requested.connect(self.model_chosen)
        if model.complete:
            row.download_requested.connect(lambda r=request: self._start_download(r))
            row.pause_requested.connect(lambda k=request.label: self.downloads.pause(k))
            row.cancel_requested.connect(lambda k=request.label: self.downloads.cancel(k))
        self.file_rows[request.label] = row
        self._files_layout.insertWidget(self._files_layout.count() - 1, row)
        if not model.complete:
            row.download_button.setEnabled(False)
            missing = ", ".join(model.missing)
            row.set_note(
                lambda: self.tr("incomplete on the hub: {files} missing").format(files=missing),
                error=True,
            )
        self._show_row_state(request.label, row, details.repo, model.files[0])

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
