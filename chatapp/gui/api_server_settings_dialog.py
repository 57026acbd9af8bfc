"""The local server's settings: address, port, API key and the web origins allowed to call
it. Checked as the server checks them, so that what is saved can start."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.messages import QT_TRANSLATE_NOOP
from chatapp.core.settings import LocalServerParams
from chatapp.gui.i18n import Retranslatable, error_text, message_text
from chatapp.server.config import ApiServerError, ApiServerSettings, is_loopback

KEY_NEEDED = QT_TRANSLATE_NOOP(
    "LocalServerSettingsDialog",
    "Listening on {host} lets other machines use the model: set an API key, or listen on 127.0.0.1",
)


def for_window(error: ApiServerError) -> str:
    """A server error as the window says it, in its language: its terminal hints point
    to the settings instead."""
    return message_text(error.for_window())


def check_local_server(params: LocalServerParams, api_key: str | None) -> str | None:
    """Why the server could not start with these settings, in one line in the window's
    language (None: it can)."""
    try:
        params.validate()
    except ValueError as exc:
        return error_text(exc)
    host = params.host.strip()
    if not is_loopback(host) and not api_key:
        text = QCoreApplication.translate("LocalServerSettingsDialog", KEY_NEEDED)  # i18n: checked
        return text.format(host=host)
    try:
        ApiServerSettings(host, params.port, api_key, params.allowed_origins).validate()
    except ApiServerError as exc:
        return for_window(exc)
    return None


class LocalServerSettingsDialog(Retranslatable, QDialog):
    """Host, port, API key (stored as a secret, shown as dots) and allowed origins (one a
    line); OK is refused with a one-line reason while they cannot be used."""

    def __init__(
        self,
        params: LocalServerParams,
        api_key: str | None,
        key_place: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._key_place = key_place
        self.host = QLineEdit(params.host, self)
        self.port = QSpinBox(self)
        self.port.setRange(0, 65535)
        self.port.setValue(params.port)
        self.api_key = QLineEdit(api_key or "", self)
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.origins = QPlainTextEdit("\n".join(params.allowed_origins), self)
        self.origins.setMaximumHeight(80)
        self.error_label = QLabel("", self)
        self.error_label.setObjectName("settingsError")
        self.error_label.setWordWrap(True)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.form_labels = [QLabel(self) for _ in range(4)]
        form = QFormLayout()
        for label, field in zip(
            self.form_labels, (self.host, self.port, self.api_key, self.origins), strict=True
        ):
            form.addRow(label, field)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Local server settings"))
        self.port.setToolTip(self.tr("0 picks any free port"))
        self.api_key.setPlaceholderText(self.tr("none (only this computer may connect)"))
        self.api_key.setToolTip(
            self.tr("Kept in {place}, never in the settings file").format(
                place=message_text(self._key_place)
            )
        )
        self.origins.setPlaceholderText(self.tr("none: web pages may not call the server"))
        self.note.setText(
            self.tr(
                "The server listens on 127.0.0.1 (this computer only) unless you change the "
                "address; any other address needs an API key. Web pages can call it only "
                "from the origins listed (one a line, like http://localhost:3000)."
            )
        )
        for label, text in zip(
            self.form_labels,
            (self.tr("Address"), self.tr("Port"), self.tr("API key"), self.tr("Allowed origins")),
            strict=True,
        ):
            label.setText(text)
        if self.error_label.text():
            self.error_label.setText(check_local_server(*self.values()) or "")

    def values(self) -> tuple[LocalServerParams, str | None]:
        """The settings as entered, and the API key (None: no key)."""
        origins = tuple(
            line.strip() for line in self.origins.toPlainText().splitlines() if line.strip()
        )
        params = LocalServerParams(self.host.text().strip(), self.port.value(), origins)
        return params, self.api_key.text().strip() or None

    def accept(self) -> None:
        problem = check_local_server(*self.values())
        if problem is not None:
            self.error_label.setText(problem)
            return
        super().accept()
