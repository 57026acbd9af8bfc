"""The model picker's "Download from" row: the hub or a mirror, another address, and the
hub token."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from chatapp.core.downloads import KNOWN_ENDPOINTS, DownloadError, hub_access
from chatapp.core.hub_token import load_token, save_token, where_token_is_kept
from chatapp.core.settings import AppSettings
from chatapp.gui.i18n import Retranslatable, error_text, message_text


class HubSourceRow(Retranslatable, QWidget):
    """Where downloads come from: a known hub or mirror, or an address typed in (saved in
    the settings), and a button for the hub access token.

    Signals:
        endpoint_changed(object): the hub endpoint setting (str, or None for the default).
    """

    endpoint_changed = Signal(object)

    def __init__(self, settings: AppSettings, config_dir: Path, parent: QWidget) -> None:
        super().__init__(parent)
        self.settings = settings
        self.config_dir = config_dir
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.endpoint_combo = QComboBox(self)
        for name, url in KNOWN_ENDPOINTS.items():
            self.endpoint_combo.addItem(f"{name} ({url})", url)
        self.endpoint_combo.addItem("", None)  # another address: its words in retranslate()
        self.custom_endpoint = QLineEdit(self)
        current = settings.hub_endpoint
        index = self.endpoint_combo.findData(current or KNOWN_ENDPOINTS["Hugging Face"])
        if current and index < 0:
            index = self.endpoint_combo.count() - 1
            self.custom_endpoint.setText(current)
        self.endpoint_combo.setCurrentIndex(max(index, 0))
        self.custom_endpoint.setVisible(self.endpoint_combo.currentData() is None)
        self.endpoint_combo.currentIndexChanged.connect(self._on_endpoint_chosen)
        self.custom_endpoint.editingFinished.connect(self._on_endpoint_chosen)
        self.token_button = QPushButton(self)
        self.token_button.clicked.connect(self._on_token_clicked)
        row.addWidget(self.label)
        row.addWidget(self.endpoint_combo)
        row.addWidget(self.custom_endpoint, 1)
        row.addWidget(self.token_button)
        row.addStretch(0)  # takes the room of the address field while that is hidden
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(self.tr("Download from:"))
        self.endpoint_combo.setItemText(
            self.endpoint_combo.count() - 1, self.tr("Other address...")
        )
        self.custom_endpoint.setPlaceholderText(self.tr("https://your-mirror.example"))
        self.token_button.setText(self.tr("Hub token..."))

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
                QMessageBox.warning(self, self.tr("Download from"), error_text(exc))
                return
        value = None if url == KNOWN_ENDPOINTS["Hugging Face"] else url
        if value != self.settings.hub_endpoint:
            self.settings.hub_endpoint = value
            self.endpoint_changed.emit(value)

    @Slot()
    def _on_token_clicked(self) -> None:
        where = where_token_is_kept(self.config_dir)
        token, ok = QInputDialog.getText(
            self,
            self.tr("Hub token"),
            self.tr(
                "Access token for gated or private repositories (leave empty to remove).\n"
                "It is kept in {place}."
            ).format(place=message_text(where)),
            QLineEdit.EchoMode.Password,
            load_token(self.config_dir) or "",
        )
        if ok:
            save_token(self.config_dir, token)
