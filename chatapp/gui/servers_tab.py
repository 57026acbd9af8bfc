"""The model picker's Servers tab: OpenAI-compatible servers (llama-server, vLLM, Ollama,
LM Studio, a hosted API) saved by name, tested, and one of their models used for the chat.

API keys go through ServerRegistry (the keyring, else a private file), never into
settings.json. Test asks the server for its model list on a thread of its own, so the
window never waits on the network.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.errors import ChatAppError
from chatapp.core.remote import RemoteBackend
from chatapp.core.server_config import DEFAULT_FIRST_BYTE_TIMEOUT, RemoteModel, ServerConfig
from chatapp.core.servers import MAX_TIMEOUT, MIN_TIMEOUT, SavedServer, ServerRegistry
from chatapp.gui.download_manager import error_message
from chatapp.gui.i18n import Retranslatable, message_text, number_text, window_locale

TEST_SECONDS = 5.0
_ERROR_STYLE = "color: #cf222e;"


class _TestRelay(QObject):
    """Carries a test's answer from its thread to the tab (queued to the GUI thread)."""

    answered = Signal(int, object)


def seconds_text(seconds: float, decimals: int = 0) -> str:
    """Seconds as the locale writes numbers ("5", "1.2")."""
    return window_locale().toString(float(seconds), "f", decimals)


def list_server_models(config: ServerConfig, timeout: float) -> list[RemoteModel] | str:
    """The server's models, or one line saying why not (a str or a core Message; run off
    the GUI thread)."""
    backend = RemoteBackend(config)
    try:
        return backend.list_models(timeout)
    except ChatAppError as exc:
        return error_message(exc)
    except Exception as exc:  # a test must answer whatever happens
        return f"{config.name}: {exc}"
    finally:
        backend.close()


class ServersTab(Retranslatable, QWidget):
    """Saved servers on the left; the chosen one's name, address and key on the right,
    with Save, Test, Remove, its models and Use.

    Signals:
        use_requested(SavedServer, str): chat with this server's model (the str) now.
        tested(str): a test answered; the text is what the status line shows.
    """

    use_requested = Signal(object, str)
    tested = Signal(str)

    def __init__(self, config_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.registry = ServerRegistry(config_dir)
        self._servers: list[SavedServer] = []
        self._models: list[RemoteModel] = []
        self._key_place: tuple[bool, str] = (False, "")
        self._status: tuple[Callable[[], str], bool] = (str, False)
        self._test_id = 0
        self._relay = _TestRelay(self)
        self._relay.answered.connect(self._on_test_answered)
        self._deadline = QTimer(self)
        self._deadline.setObjectName("serverTestDeadline")
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(int(TEST_SECONDS * 1000))
        self._deadline.timeout.connect(self._on_test_overdue)

        self.server_list = QListWidget(self)
        self.server_list.currentRowChanged.connect(self._on_server_selected)
        self.new_button = QPushButton(self)
        self.new_button.clicked.connect(self.start_new)
        self.remove_button = QPushButton(self)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        left = QVBoxLayout()
        left.addWidget(self.server_list, 1)
        left_buttons = QHBoxLayout()
        left_buttons.addWidget(self.new_button)
        left_buttons.addWidget(self.remove_button)
        left.addLayout(left_buttons)

        self.name_edit = QLineEdit(self)
        self.url_edit = QLineEdit(self)
        self.url_edit.setPlaceholderText("http://192.168.1.20:8080/v1")  # i18n: checked
        self.key_edit = QLineEdit(self)
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.forget_key = QCheckBox(self)
        self.forget_key.hide()
        self.timeout_box = QSpinBox(self)
        self.timeout_box.setRange(int(MIN_TIMEOUT), int(MAX_TIMEOUT))
        self.timeout_box.setValue(int(DEFAULT_FIRST_BYTE_TIMEOUT))
        self.form_labels = [QLabel(self) for _ in range(4)]
        form = QFormLayout()
        form.addRow(self.form_labels[0], self.name_edit)
        form.addRow(self.form_labels[1], self.url_edit)
        form.addRow(self.form_labels[2], self.key_edit)
        form.addRow("", self.forget_key)
        form.addRow(self.form_labels[3], self.timeout_box)
        self.save_button = QPushButton(self)
        self.save_button.clicked.connect(self.save_form)
        self.test_button = QPushButton(self)
        self.test_button.clicked.connect(self.start_test)
        actions = QHBoxLayout()
        actions.addWidget(self.save_button)
        actions.addWidget(self.test_button)
        actions.addStretch(1)
        self.status = QLabel("", self)
        self.status.setObjectName("serverStatus")
        self.status.setWordWrap(True)
        self.model_combo = QComboBox(self)
        self.model_combo.setEditable(True)
        self.model_combo.setMinimumWidth(240)
        self.use_button = QPushButton(self)
        self.use_button.clicked.connect(self._on_use_clicked)
        self.model_label = QLabel(self)
        model_row = QHBoxLayout()
        model_row.addWidget(self.model_label)
        model_row.addWidget(self.model_combo, 1)
        model_row.addWidget(self.use_button)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addLayout(actions)
        right.addWidget(self.status)
        right.addLayout(model_row)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 2)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.new_button.setText(self.tr("New"))
        self.remove_button.setText(self.tr("Remove..."))
        self.name_edit.setPlaceholderText(self.tr("any name, e.g. home box"))
        self.forget_key.setText(self.tr("Forget the saved key"))
        self.timeout_box.setSuffix(self.tr(" s"))
        self.timeout_box.setToolTip(
            self.tr(
                "How long to wait for a reply to start before saying the server does not "
                "answer. A big model on a busy server may need more; usually 60 s."
            )
        )
        for label, text in zip(
            self.form_labels,
            (self.tr("Name"), self.tr("Base URL"), self.tr("API key"), self.tr("Reply timeout")),
            strict=True,
        ):
            label.setText(text)
        self.save_button.setText(self.tr("Save"))
        self.test_button.setText(self.tr("Test"))
        self.test_button.setToolTip(
            self.tr("Ask the server for its models (at most {seconds} s)").format(
                seconds=seconds_text(TEST_SECONDS)
            )
        )
        self.model_label.setText(self.tr("Model"))
        self.use_button.setText(self.tr("Use"))
        self.use_button.setToolTip(self.tr("Chat with this model from now on"))
        self._show_key_place()
        self._label_models()
        self._say(*self._status)

    # The list ---------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        """Read the saved servers again (and select ``select`` by name)."""
        loaded = self.registry.load()
        self._servers = loaded.servers
        selected = self.selected()
        current = select or (selected.name if selected else None)
        self.server_list.blockSignals(True)
        self.server_list.clear()
        self.server_list.addItems([s.name for s in self._servers])
        self.server_list.blockSignals(False)
        names = [s.name for s in self._servers]
        if current in names:
            self.server_list.setCurrentRow(names.index(current))
        elif self._servers:
            self.server_list.setCurrentRow(0)
        else:
            self.start_new()
        if loaded.notice:
            notice = loaded.notice
            self._say(lambda: message_text(notice), error=True)
        self.remove_button.setEnabled(bool(self._servers))

    def selected(self) -> SavedServer | None:
        row = self.server_list.currentRow()
        return self._servers[row] if 0 <= row < len(self._servers) else None

    @Slot(int)
    def _on_server_selected(self, row: int) -> None:
        server = self._servers[row] if 0 <= row < len(self._servers) else None
        if server is None:
            return
        self._show(server)

    def _show(self, server: SavedServer | None) -> None:
        self.name_edit.setText(server.name if server else "")
        self.url_edit.setText(server.base_url if server else "")
        timeout = server.first_byte_timeout if server else DEFAULT_FIRST_BYTE_TIMEOUT
        self.timeout_box.setValue(round(timeout))
        self.key_edit.clear()
        has_key = server is not None and self.registry.api_key(server.name) is not None
        self.forget_key.setChecked(False)
        self.forget_key.setVisible(has_key)
        where = self.registry.where_key_is_kept(server.name if server else "new")
        self._key_place = (has_key, where)
        self._show_key_place()
        self._models = []
        self.model_combo.clear()
        if server and server.model:
            self.model_combo.addItem(server.model)
        self._say(str)

    def _show_key_place(self) -> None:
        has_key, where = self._key_place
        text = (
            self.tr("saved in {place}: leave empty to keep it")
            if has_key
            else self.tr("optional; kept in {place}, never in settings")
        )
        self.key_edit.setPlaceholderText(text.format(place=message_text(where)))

    @Slot()
    def start_new(self) -> None:
        """An empty form for a new server."""
        self.server_list.blockSignals(True)
        self.server_list.setCurrentRow(-1)
        self.server_list.blockSignals(False)
        self._show(None)
        self.name_edit.setFocus()

    def _say(self, text: Callable[[], str], error: bool = False) -> None:
        """Show ``text()`` on the status line (made again after a language switch)."""
        self._status = (text, error)
        self.status.setText(text())
        self.status.setStyleSheet(_ERROR_STYLE if error else "")

    # Saving -------------------------------------------------------------------------

    def _form_server(self) -> SavedServer:
        return SavedServer(
            self.name_edit.text(),
            self.url_edit.text(),
            self.chosen_model(),
            float(self.timeout_box.value()),
        )

    def _form_key(self) -> str | None:
        """The key to store: the field's text, "" to forget it, None to keep it."""
        key = self.key_edit.text().strip()
        if key:
            return key
        return "" if self.forget_key.isChecked() else None

    @Slot()
    def save_form(self) -> SavedServer | None:
        """Save the form (a rename keeps the key); None, with the reason shown, when it
        cannot be saved."""
        old = self.selected()
        key = self._form_key()
        try:
            where = self.registry.put(
                self._form_server(), key or None, old_name=old.name if old else ""
            )
            name = self._form_server().name.strip()
            if key == "":
                self.registry.set_api_key(name, None)
        except (ChatAppError, OSError) as exc:
            message = error_message(exc)
            self._say(lambda: message_text(message), error=True)
            return None
        saved = self.registry.find(name)
        self.refresh(select=name)
        if self.registry.api_key(name):
            self._say(
                lambda: self.tr("Saved {name}; its key is kept in {place}.").format(
                    name=name, place=message_text(where)
                )
            )
        else:
            self._say(lambda: self.tr("Saved {name}.").format(name=name))
        return saved

    @Slot()
    def _on_remove_clicked(self) -> None:
        server = self.selected()
        if server is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Remove server"),
            self.tr("Remove {name} and its saved API key?").format(name=server.name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.remove(server.name)

    def remove(self, name: str) -> None:
        """Forget a server and its key."""
        self.registry.remove(name)
        self.refresh()
        self._say(lambda: self.tr("Removed {name} and its key.").format(name=name))

    # Testing ------------------------------------------------------------------------

    def _form_config(self) -> ServerConfig:
        server = self._form_server()
        key = self.key_edit.text().strip() or None
        old = self.selected()
        if key is None and old is not None and not self.forget_key.isChecked():
            key = self.registry.api_key(old.name)
        return ServerConfig(
            server.name.strip() or "server", server.base_url, server.model, api_key=key
        )

    @Slot()
    def start_test(self) -> None:
        """Ask the server in the form for its models; the answer comes within
        TEST_SECONDS (``tested``)."""
        if not self.url_edit.text().strip():
            self._say(
                lambda: self.tr("Give the server's base URL first, like http://HOST:8080/v1."),
                True,
            )
            return
        self._test_id += 1
        test_id, config, relay = self._test_id, self._form_config(), self._relay
        started = time.monotonic()

        def run() -> None:
            answer = list_server_models(config, TEST_SECONDS - 0.5)
            try:
                relay.answered.emit(test_id, (answer, time.monotonic() - started))
            except RuntimeError:  # the tab was closed meanwhile
                pass

        self.test_button.setEnabled(False)
        self._say(lambda: self.tr("Testing..."))
        self._deadline.start()
        threading.Thread(target=run, name="server-test", daemon=True).start()

    @Slot(int, object)
    def _on_test_answered(self, test_id: int, result: object) -> None:
        if test_id != self._test_id:
            return  # an older test, overdue already
        self._deadline.stop()
        self.test_button.setEnabled(True)
        assert isinstance(result, tuple)
        answer: list[RemoteModel] | str = result[0]
        seconds: float = result[1]
        if isinstance(answer, str):
            why = answer
            self._say(lambda: message_text(why), error=True)
        else:
            self._show_models(answer, seconds)
        self.tested.emit(self.status.text())

    def _show_models(self, models: list[RemoteModel], seconds: float) -> None:
        wanted = self.model_combo.currentText()
        self.model_combo.clear()
        self._models = list(models)
        for model in models:
            self.model_combo.addItem(model.id, model.id)
        self._label_models()
        ids = [m.id for m in models]
        if wanted in ids:
            self.model_combo.setCurrentIndex(ids.index(wanted))
        count, took = len(models), seconds_text(seconds, 1)
        self._say(
            lambda: self.tr(
                "It answers: %n model(s), in {seconds} s. Choose one and press Use.", "", count
            ).format(seconds=took)
        )

    def _label_models(self) -> None:
        """The tested models' labels in the list: the id and its context length."""
        for index, model in enumerate(self._models):
            label = model.id
            if model.context_length:
                label = self.tr("{model}  (context {tokens})").format(
                    model=model.id, tokens=number_text(model.context_length)
                )
            self.model_combo.setItemText(index, label)

    @Slot()
    def _on_test_overdue(self) -> None:
        self._test_id += 1  # its answer, if it still comes, is ignored
        self.test_button.setEnabled(True)
        self._say(
            lambda: self.tr(
                "No answer within {seconds} s: is the address right and the server up?"
            ).format(seconds=seconds_text(TEST_SECONDS)),
            True,
        )
        self.tested.emit(self.status.text())

    def stop_test(self) -> None:
        """Forget a test in progress (the dialog is closing)."""
        self._deadline.stop()
        self._test_id += 1
        self.test_button.setEnabled(True)

    # Using --------------------------------------------------------------------------

    def chosen_model(self) -> str:
        data = self.model_combo.currentData()
        index = self.model_combo.currentIndex()
        if (
            isinstance(data, str)
            and self.model_combo.itemText(index) == self.model_combo.currentText()
        ):
            return data
        return self.model_combo.currentText().strip()

    @Slot()
    def _on_use_clicked(self) -> None:
        model = self.chosen_model()
        if not model:
            self._say(
                lambda: self.tr("Choose a model first: press Test to see the server's models."),
                True,
            )
            return
        saved = self.save_form()
        if saved is None:
            return
        if saved.model != model:
            saved = replace(saved, model=model)
            self.registry.put(saved)
        self.use_requested.emit(saved, model)
