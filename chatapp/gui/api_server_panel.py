"""The Local server panel: whether the window's local API server runs, where, an example
to copy, a busy bar while it answers an API request, and the log of its requests."""

from __future__ import annotations

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
from chatapp.server.config import RequestRecord

LOG_COLUMNS = ("Time", "Path", "Model", "Prompt", "Completion", "ms", "Status", "Note")
# The log keeps this many requests (the oldest go first).
MAX_LOG_ROWS = 500


class LocalServerPanel(QWidget):
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
        self.status_label = QLabel("Stopped", self)
        self.status_label.setObjectName("localServerStatus")
        self.status_label.setWordWrap(True)
        self.start_button = QPushButton("Start", self)
        self.stop_button = QPushButton("Stop", self)
        self.stop_button.setEnabled(False)
        self.settings_button = QPushButton("Settings...", self)
        self.start_button.clicked.connect(self.start_requested)
        self.stop_button.clicked.connect(self.stop_requested)
        self.settings_button.clicked.connect(self.settings_requested)
        self.security_label = QLabel("", self)
        self.security_label.setWordWrap(True)
        self.address = QLineEdit(self)
        self.address.setReadOnly(True)
        self.example = QLineEdit(self)
        self.example.setReadOnly(True)
        self.copy_address_button = QPushButton("Copy", self)
        self.copy_example_button = QPushButton("Copy", self)
        self.copy_address_button.clicked.connect(self._on_copy_address)
        self.copy_example_button.clicked.connect(self._on_copy_example)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(120)
        self.busy_label = QLabel("", self)
        self.log_table = QTableWidget(0, len(LOG_COLUMNS), self)
        self.log_table.setHorizontalHeaderLabels(list(LOG_COLUMNS))
        self.log_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.log_table.verticalHeader().hide()
        self.log_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.log_table.horizontalHeader().setStretchLastSection(True)
        self._build_layout()
        self.show_stopped()

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
            ("Base URL", self.address, self.copy_address_button),
            ("Try", self.example, self.copy_example_button),
        ):
            row = QHBoxLayout()
            row.addWidget(QLabel(label, self))
            row.addWidget(field, 1)
            row.addWidget(button)
            layout.addLayout(row)
        busy = QHBoxLayout()
        busy.addWidget(self.busy_bar)
        busy.addWidget(self.busy_label, 1)
        layout.addLayout(busy)
        layout.addWidget(self.log_table, 1)

    # What the window shows ---------------------------------------------------------------

    def show_running(self, base_url: str, example: str, security: str) -> None:
        """The server listens at ``base_url``; ``security`` says who may use it."""
        self.status_label.setText(f"Running at {base_url}")
        self.security_label.setText(security)
        self.address.setText(base_url)
        self.example.setText(example)
        self._enable(running=True)

    def show_stopped(self, message: str = "Stopped") -> None:
        """Not running; ``message`` says why when it could not start."""
        self.status_label.setText(message)
        self.security_label.setText("")
        self.address.clear()
        self.example.clear()
        self._enable(running=False)
        self.show_state(SchedulerState(None, 0))

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
        api = state.active is not None and state.active.source == "api"
        self.busy_bar.setVisible(api)
        if api:
            assert state.active is not None
            waiting = f" · {state.waiting} waiting" if state.waiting else ""
            self.busy_label.setText(f"Answering an API request ({state.active.label}){waiting}")
        elif state.active is not None:
            self.busy_label.setText("The window is using the model")
        else:
            self.busy_label.setText("Idle")

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
