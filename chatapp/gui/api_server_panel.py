"""The Local server panel: whether the window's local API server runs, where, an example
to copy, a busy bar while it answers an API request, and the log of its requests."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.scheduler import SchedulerState
from chatapp.gui.i18n import Retranslatable
from chatapp.server.config import RequestRecord

LOG_COLUMNS = 8  # time, path, model, prompt and completion tokens, ms, status, note
# The log keeps this many requests (the oldest go first).
MAX_LOG_ROWS = 500


class LocalServerPanel(Retranslatable, QWidget):
    """Start/stop, the address and a copyable example, the busy bar and the request log.

    Signals:
        start_requested(): the user pressed Start.
        stop_requested(): the user pressed Stop.
        settings_requested(): the user wants the local server settings.
    """

    start_requested = Signal()
    stop_requested = Signal()
    settings_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Running: the base URL and who may connect; stopped: why (None: just stopped).
        self._running: tuple[str, Callable[[], str]] | None = None
        self._stopped_reason: Callable[[], str] | None = None
        self._state = SchedulerState(None, 0)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("localServerStatus")
        self.status_label.setWordWrap(True)
        self.start_button = QPushButton(self)
        self.stop_button = QPushButton(self)
        self.stop_button.setEnabled(False)
        self.settings_button = QPushButton(self)
        self.start_button.clicked.connect(self.start_requested)
        self.stop_button.clicked.connect(self.stop_requested)
        self.settings_button.clicked.connect(self.settings_requested)
        self.security_label = QLabel("", self)
        self.security_label.setWordWrap(True)
        self.address = QLineEdit(self)
        self.address.setReadOnly(True)
        self.example = QLineEdit(self)
        self.example.setReadOnly(True)
        self.copy_address_button = QPushButton(self)
        self.copy_example_button = QPushButton(self)
        self.copy_address_button.clicked.connect(self._on_copy_address)
        self.copy_example_button.clicked.connect(self._on_copy_example)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(120)
        self.busy_label = QLabel("", self)
        self.log_table = QTableWidget(0, LOG_COLUMNS, self)
        self.log_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.log_table.verticalHeader().hide()
        self.log_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.log_table.horizontalHeader().setStretchLastSection(True)
        self.address_label = QLabel(self)
        self.example_label = QLabel(self)
        self._build_layout()
        self.show_stopped()

    def retranslate(self) -> None:
        self.start_button.setText(self.tr("Start"))
        self.stop_button.setText(self.tr("Stop"))
        self.settings_button.setText(self.tr("Settings..."))
        self.copy_address_button.setText(self.tr("Copy"))
        self.copy_example_button.setText(self.tr("Copy"))
        self.address_label.setText(self.tr("Base URL"))
        self.example_label.setText(self.tr("Try"))
        self.log_table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Path"),
                self.tr("Model"),
                self.tr("Prompt"),
                self.tr("Completion"),
                self.tr("ms"),
                self.tr("Status"),
                self.tr("Note"),
            ]
        )
        self._show_status()
        self.show_state(self._state)

    def _show_status(self) -> None:
        if self._running is not None:
            base_url, security = self._running
            self.status_label.setText(self.tr("Running at {url}").format(url=base_url))
            self.security_label.setText(security())
        else:
            reason = self._stopped_reason
            self.status_label.setText(reason() if reason is not None else self.tr("Stopped"))
            self.security_label.setText("")

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.status_label, 1)
        top.addWidget(self.start_button)
        top.addWidget(self.stop_button)
        top.addWidget(self.settings_button)
        layout.addLayout(top)
        layout.addWidget(self.security_label)
        for label, field, button in (
            (self.address_label, self.address, self.copy_address_button),
            (self.example_label, self.example, self.copy_example_button),
        ):
            row = QHBoxLayout()
            row.addWidget(label)
            row.addWidget(field, 1)
            row.addWidget(button)
            layout.addLayout(row)
        busy = QHBoxLayout()
        busy.addWidget(self.busy_bar)
        busy.addWidget(self.busy_label, 1)
        layout.addLayout(busy)
        layout.addWidget(self.log_table, 1)

    # What the window shows ---------------------------------------------------------------

    def show_running(self, base_url: str, example: str, security: Callable[[], str]) -> None:
        """The server listens at ``base_url``; ``security()`` says who may use it (in the
        window's language, made again after a language switch)."""
        self._running = (base_url, security)
        self.address.setText(base_url)
        self.example.setText(example)
        self._enable(running=True)
        self.retranslate()

    def show_stopped(self, reason: Callable[[], str] | None = None) -> None:
        """Not running; ``reason()`` says why when it could not start (in the window's
        language, made again after a language switch)."""
        self._running = None
        self._stopped_reason = reason
        self.address.clear()
        self.example.clear()
        self._enable(running=False)
        self._state = SchedulerState(None, 0)
        self.retranslate()

    def _enable(self, *, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        for widget in (
            self.address,
            self.example,
            self.copy_address_button,
            self.copy_example_button,
        ):
            widget.setEnabled(running)

    @property
    def is_busy_shown(self) -> bool:
        """Whether the busy bar says an API request is being answered."""
        return not self.busy_bar.isHidden()

    def show_state(self, state: SchedulerState) -> None:
        """The busy bar while the model answers an API request (and how many wait)."""
        self._state = state
        api = state.active is not None and state.active.source == "api"
        self.busy_bar.setVisible(api)
        if api:
            assert state.active is not None
            label = state.active.label
            if state.waiting:
                text = self.tr(
                    "Answering an API request ({request}) · %n waiting", "", state.waiting
                )
            else:
                text = self.tr("Answering an API request ({request})")
            self.busy_label.setText(text.format(request=label))
        elif state.active is not None:
            self.busy_label.setText(self.tr("The window is using the model"))
        else:
            self.busy_label.setText(self.tr("Idle"))

    def add_record(self, record: RequestRecord) -> None:
        """One more line of the request log (the newest at the bottom)."""
        table = self.log_table
        if table.rowCount() >= MAX_LOG_ROWS:
            table.removeRow(0)
        row = table.rowCount()
        table.insertRow(row)
        cells = (
            f"{record.time:%H:%M:%S}",
            f"{record.method} {record.path}",
            record.model,
            f"{record.prompt_tokens:d}",
            f"{record.completion_tokens:d}",
            f"{record.milliseconds:d}",
            f"{record.status:d}",
            record.note,
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if record.note:
                item.setToolTip(record.note)
            table.setItem(row, column, item)
        table.scrollToBottom()

    def log_row(self, row: int) -> list[str]:
        """The texts of one log line (for tests and copying)."""
        table = self.log_table
        return [
            item.text() if (item := table.item(row, column)) is not None else ""
            for column in range(table.columnCount())
        ]

    @Slot()
    def _on_copy_address(self) -> None:
        QGuiApplication.clipboard().setText(self.address.text())

    @Slot()
    def _on_copy_example(self) -> None:
        QGuiApplication.clipboard().setText(self.example.text())
