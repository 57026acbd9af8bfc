"""The window's server actions: using a model on a saved server (from the picker's
Servers tab, or the last one at start), showing it, and saying so when a server is gone."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMainWindow, QMessageBox

from chatapp.core.servers import SavedServer, ServerRegistry
from chatapp.core.settings import AppSettings
from chatapp.core.token_budget import ContextBudget
from chatapp.gui.composer import Composer
from chatapp.gui.i18n import message_text
from chatapp.gui.model_bar import ModelBar
from chatapp.gui.reply_controller import ReplyController
from chatapp.gui.settings_panel import SettingsPanel
from chatapp.gui.workers import ServerReady

log = logging.getLogger(__name__)

SERVER_MARK = " · "  # between the model and the server in "model · server"


def server_of(model_name: str | None) -> str | None:
    """The server in a reply's "model · server" name; None for a local model."""
    if not model_name or SERVER_MARK not in model_name:
        return None
    return model_name.rsplit(SERVER_MARK, 1)[1]


class ServerActions(QObject):
    """Connects the chat to a model on a server and shows it; the load settings are
    turned off while it is in use (the server has its own).

    Signals:
        server_ready(ModelInfo): a server model now writes the replies.
        pick_model_requested(): the user wants another model (the picker opens).
        settings_changed(): the last server changed and the settings are to be saved.
    """

    server_ready = Signal(object)
    pick_model_requested = Signal()
    settings_changed = Signal()

    def __init__(
        self,
        window: QMainWindow,
        registry: ServerRegistry,
        settings: AppSettings,
        replies: ReplyController,
        widgets: tuple[ModelBar, Composer, SettingsPanel],
        budget: ContextBudget,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.registry = registry
        self.settings = settings
        self.replies = replies
        self.model_bar, self.composer, self.settings_panel = widgets
        self.budget = budget
        self.offer: QMessageBox | None = None
        replies.server_connected.connect(self._on_server_connected)
        replies.server_failed.connect(self._on_server_failed)
        replies.model_loaded.connect(self._on_local_model_loaded)
        replies.notice.connect(self._on_notice)

    @Slot(object, str)
    def use_server(self, server: SavedServer, model: str) -> None:
        """Chat with ``model`` on ``server`` from now on (the reply in progress stops)."""
        self.replies.stop()
        self.model_bar.show_loading(f"{model}{SERVER_MARK}{server.name}")
        self.composer.set_ready(
            False, lambda: self.tr("Connecting to {name}...").format(name=server.name)
        )
        self.replies.use_server(self.registry.config_for(server, model))

    def reconnect_last(self) -> bool:
        """Use the server model the chat used last; False when there is none to use.
        A server that is no longer saved is said in one line, with an offer to pick."""
        name, model = self.settings.last_server, self.settings.last_server_model
        if not name:
            return False
        server = self.registry.find(name)
        if server is None:
            self.offer_another_model(
                self.tr("The server {name} used last is no longer saved.").format(name=name)
            )
            return True
        self.use_server(server, model or server.model)
        return True

    def check_conversation_server(self, model_name: str | None) -> None:
        """Say so (and offer another model) when the open chat's server is gone."""
        name = server_of(model_name)
        if name is None or self.registry.find(name) is not None:
            return
        ready = self.replies.server
        if ready is not None and ready.config.name == name:
            return  # an ad-hoc server still in use
        self.offer_another_model(
            self.tr("This chat's server {name} is no longer saved.").format(name=name)
        )

    def offer_another_model(self, text: str) -> None:
        """One line in the status bar, and a notice offering the model picker; ``text``
        is in the window's language already."""
        line = self.tr("{problem} Pick another model.").format(problem=text)
        self.window.statusBar().showMessage(line, 15000)
        if self.offer is not None:
            self.offer.close()
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Model"), text, parent=self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        pick = box.addButton(self.tr("Pick another model..."), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        pick.clicked.connect(self.pick_model_requested)
        box.destroyed.connect(self._on_offer_closed)
        self.offer = box
        box.open()

    @Slot()
    def _on_offer_closed(self) -> None:
        self.offer = None

    @Slot(object)
    def _on_server_connected(self, ready: ServerReady) -> None:
        log.info("using %s on %s", ready.info.name, ready.config.base_url)
        self.model_bar.show_remote(ready)
        self.composer.set_ready(True)
        self.settings_panel.set_remote(True)
        self.budget.set_counter(None)
        self.settings.last_server = ready.config.name
        self.settings.last_server_model = ready.config.model
        self.settings_changed.emit()
        self.server_ready.emit(ready.info)

    @Slot(object)
    def _on_server_failed(self, message: str) -> None:
        self.model_bar.show_failed(message)
        self.composer.set_ready(self.replies.model is not None)
        self.offer_another_model(message_text(message))

    @Slot(object)
    def _on_local_model_loaded(self, _outcome: object) -> None:
        self.settings_panel.set_remote(False)
        if self.settings.last_server is not None:
            self.settings.last_server = None
            self.settings.last_server_model = None

    @Slot(object)
    def _on_notice(self, text: str) -> None:
        self.window.statusBar().showMessage(message_text(text), 10000)
