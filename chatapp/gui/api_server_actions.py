"""The window's local API server: Server > Start local server runs the OpenAI-compatible
API beside the chat, on the model the window has loaded.

One model, one engine thread: the server submits its requests to the window's
``Scheduler`` (``ReplyController.scheduler``), where they take turns with the window's
replies in arrival order. The scheduler reports the active job on its engine thread and
the server reports each request on its own thread: both come to the GUI thread through
queued signals. "Local server" in the window, "local API server" in the code: the
saved servers of ``server_actions`` are other people's servers the chat uses.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QDockWidget, QLabel, QMainWindow

from chatapp.core.messages import QT_TRANSLATE_NOOP
from chatapp.core.scheduler import SchedulerState
from chatapp.core.settings import AppSettings
from chatapp.gui.i18n import watch_language
from chatapp.gui.reply_controller import ReplyController

# The panel, the settings dialog, the server's configuration and its key are imported
# when first used: most windows never start the local server (less memory and start-up).
if TYPE_CHECKING:
    from chatapp.gui.api_server_panel import LocalServerPanel
    from chatapp.gui.api_server_settings_dialog import LocalServerSettingsDialog
    from chatapp.server.config import ApiServerError, ApiServerSettings, RequestRecord
    from chatapp.server.runner import LocalApiServer

log = logging.getLogger(__name__)

translate = QCoreApplication.translate

CONTEXT = "LocalServerActions"
NO_MODEL = QT_TRANSLATE_NOOP(
    "LocalServerActions",
    "No model is loaded: load one first (Change model...), then start the local server",
)
REMOTE_MODEL = QT_TRANSLATE_NOOP(
    "LocalServerActions",
    "The local server serves a local model, not one on a server: load one first "
    "(Change model...), then start the local server",
)
STOPPED_FOR_REMOTE = QT_TRANSLATE_NOOP(
    "LocalServerActions",
    "Stopped: the local server serves a local model, not one on a server: load one first "
    "(Change model...), then start the local server",
)


def _server_error(error: ApiServerError) -> str:
    from chatapp.gui.api_server_settings_dialog import for_window

    return for_window(error)


def _said(text: str) -> Callable[[], str]:
    """What makes ``text`` (marked in the "LocalServerActions" context) in the window's
    language."""
    return lambda: translate(CONTEXT, text)  # i18n: checked


class LocalServerActions(QObject):
    """Starts and stops the local API server on the window's model and shows it: the
    Server menu, the Local server panel (a dock) and a mark in the status bar.

    Signals:
        started(str): the server listens; the argument is its base URL.
        start_failed(str): one line saying why the server did not start.
        stopped(): the server stopped and its port is free.
        request_logged(RequestRecord): the server answered a request (on the GUI thread).
        busy_changed(bool): an API request is (no longer) being answered.
        settings_changed(): the local server settings changed and are to be saved.
        state_reported(SchedulerState): from the engine thread, queued to this one.
        record_reported(RequestRecord): from the server's thread, queued to this one.
    """

    started = Signal(str)
    start_failed = Signal(object)
    stopped = Signal()
    request_logged = Signal(object)
    busy_changed = Signal(bool)
    settings_changed = Signal()
    state_reported = Signal(object)
    record_reported = Signal(object)

    def __init__(
        self,
        window: QMainWindow,
        replies: ReplyController,
        settings: AppSettings,
        config_dir: Path,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.replies = replies
        self.settings = settings
        self.config_dir = config_dir
        self.server: LocalApiServer | None = None
        self.busy = False
        self.settings_dialog: LocalServerSettingsDialog | None = None
        self._panel: LocalServerPanel | None = None  # made when first shown (see panel)
        self.dock = QDockWidget(window)
        self.dock.setObjectName("localServerDock")
        self.dock.visibilityChanged.connect(self._on_dock_visibility_changed)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self.indicator = QLabel(window)
        self.indicator.setObjectName("localServerIndicator")
        window.statusBar().addPermanentWidget(self.indicator)
        self.indicator.hide()
        self._add_menu()
        watch_language(self.dock, self._set_texts)
        self._set_texts()
        self.state_reported.connect(self._on_state_reported)
        self.record_reported.connect(self._on_record_reported)
        replies.shutting_down.connect(self.stop)
        replies.server_connected.connect(self._on_server_model_chosen)

    @property
    def panel(self) -> LocalServerPanel:
        """The Local server panel in the dock, made on first use: the dock is hidden
        until the server starts or the user shows it."""
        return self._panel if self._panel is not None else self._make_panel()

    def _make_panel(self) -> LocalServerPanel:
        from chatapp.gui.api_server_panel import LocalServerPanel

        panel = LocalServerPanel(self.dock)
        panel.start_requested.connect(self.start)
        panel.stop_requested.connect(self.stop)
        panel.settings_requested.connect(self.open_settings)
        self._panel = panel
        self.dock.setWidget(panel)
        return panel

    @Slot(bool)
    def _on_dock_visibility_changed(self, visible: bool) -> None:
        if visible and self._panel is None:
            self._make_panel()

    def _add_menu(self) -> None:
        self.menu = self.window.menuBar().addMenu("")
        menu = self.menu
        self.start_action = menu.addAction("")
        self.start_action.triggered.connect(self.start)
        self.stop_action = menu.addAction("")
        self.stop_action.triggered.connect(self.stop)
        self.stop_action.setEnabled(False)
        self.settings_action = menu.addAction("")
        self.settings_action.triggered.connect(self.open_settings)
        menu.addSeparator()
        menu.addAction(self.dock.toggleViewAction())

    def _set_texts(self) -> None:
        """The menu's, the dock's and the status bar mark's texts (again on a switch)."""
        self.menu.setTitle(self.tr("&Server"))
        self.start_action.setText(self.tr("&Start local server"))
        self.stop_action.setText(self.tr("S&top local server"))
        self.settings_action.setText(self.tr("Local server &settings..."))
        self.dock.setWindowTitle(self.tr("Local server"))
        self.dock.toggleViewAction().setText(self.tr("Show local server &panel"))
        self._show_indicator()

    @property
    def is_running(self) -> bool:
        return self.server is not None

    # Starting and stopping ---------------------------------------------------------------

    @Slot()
    def start(self) -> bool:
        """Serve the loaded local model with the saved settings; False (and one line in
        the panel and the status bar) when it cannot."""
        if self.server is not None:
            return True
        if self.replies.server is not None:
            return self._fail(_said(REMOTE_MODEL))
        if self.replies.model is None:
            return self._fail(_said(NO_MODEL))
        from chatapp.core.local_server_key import load_api_key
        from chatapp.gui.api_server_settings_dialog import check_local_server
        from chatapp.server.config import ApiServerError, ApiServerSettings

        params = self.settings.local_server
        key = load_api_key(self.config_dir)
        if check_local_server(params, key) is not None:
            return self._fail(lambda: check_local_server(params, key) or "")
        config = ApiServerSettings(params.host.strip(), params.port, key, params.allowed_origins)
        try:
            from chatapp.server.runner import LocalApiServer  # uvicorn: only when used

            server = LocalApiServer(
                self.replies.scheduler,
                config,
                default_sampling=self.settings.sampling,
                on_request=self.record_reported.emit,
            )
            server.start()
        except ApiServerError as exc:
            return self._fail(partial(_server_error, exc))
        self.server = server
        self.replies.scheduler.add_listener(self._report_state)
        self.panel.show_running(
            server.base_url, server.curl_example(), lambda: _who_may_connect(config)
        )
        self._show_running(True)
        self.dock.show()
        text = self.tr("Local server running at {url}").format(url=server.base_url)
        self.window.statusBar().showMessage(text, 10000)
        self.started.emit(server.base_url)
        return True

    def _fail(self, reason: Callable[[], str]) -> bool:
        """Say why the server did not start: ``reason()`` in the window's language."""
        message = reason()
        log.info("local server not started: %s", message)
        self.panel.show_stopped(reason)
        self.dock.show()
        self.window.statusBar().showMessage(message, 15000)
        self.start_failed.emit(message)
        return False

    @Slot()
    def stop(self) -> None:
        """Stop serving: the API's replies are cancelled, the port is free on return."""
        server, self.server = self.server, None
        if server is None:
            return
        self.replies.scheduler.remove_listener(self._report_state)
        server.stop()
        self.panel.show_stopped()
        self._show_running(False)
        self._set_busy(False)
        self.stopped.emit()

    def _show_running(self, running: bool) -> None:
        self.start_action.setEnabled(not running)
        self.stop_action.setEnabled(running)
        self.indicator.setVisible(running)
        self._show_indicator()

    def _show_indicator(self) -> None:
        if self.server is None:
            return
        if self.busy:
            text = self.tr("Local server on port {port}: answering an API request...")
        else:
            text = self.tr("Local server on port {port}")
        self.indicator.setText(text.format(port=self.server.port))

    @Slot(object)
    def _on_server_model_chosen(self, _ready: object) -> None:
        if self.server is not None:
            self.stop()
            self.panel.show_stopped(_said(STOPPED_FOR_REMOTE))
            self.window.statusBar().showMessage(
                self.tr("The local server was stopped: it serves local models only"), 15000
            )

    # Reports from other threads ----------------------------------------------------------

    def _report_state(self, state: SchedulerState) -> None:
        """On the engine thread: hand the state to the GUI thread."""
        self.state_reported.emit(state)

    @Slot(object)
    def _on_state_reported(self, state: SchedulerState) -> None:
        if self.server is None:
            return  # a report that was on its way when the server stopped
        self.panel.show_state(state)
        self._set_busy(state.active is not None and state.active.source == "api")

    def _set_busy(self, busy: bool) -> None:
        if busy == self.busy:
            return
        self.busy = busy
        self._show_indicator()
        self.busy_changed.emit(busy)

    @Slot(object)
    def _on_record_reported(self, record: RequestRecord) -> None:
        self.panel.add_record(record)
        self.request_logged.emit(record)

    # Settings ----------------------------------------------------------------------------

    @Slot()
    def open_settings(self) -> LocalServerSettingsDialog:
        """The settings dialog (not modal to the app's work: replies go on)."""
        if self.settings_dialog is not None:
            self.settings_dialog.raise_()
            return self.settings_dialog
        from chatapp.core.local_server_key import load_api_key, where_key_is_kept
        from chatapp.gui.api_server_settings_dialog import LocalServerSettingsDialog

        dialog = LocalServerSettingsDialog(
            self.settings.local_server,
            load_api_key(self.config_dir),
            where_key_is_kept(self.config_dir),
            self.window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_settings_finished)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    @Slot(int)
    def _on_settings_finished(self, result: int) -> None:
        dialog, self.settings_dialog = self.settings_dialog, None
        if dialog is None or result != QDialog.DialogCode.Accepted:
            return
        from chatapp.core.local_server_key import save_api_key

        params, key = dialog.values()
        self.settings.local_server = params
        place = save_api_key(self.config_dir, key)
        log.info("local server settings saved (API key in %s)", place)
        self.settings_changed.emit()
        if self.server is not None:  # the new settings apply at once
            self.stop()
            self.start()


def _who_may_connect(config: ApiServerSettings) -> str:
    """Who may use the server, in the window's language."""
    from chatapp.server.config import is_loopback

    origins = ", ".join(config.cors_origins) or translate("LocalServerActions", "none")
    if not is_loopback(config.host):
        text = translate(
            "LocalServerActions",
            "Listening on {host}: other machines can connect with the API key; requests need "
            "'Authorization: Bearer <your API key>'. Web pages allowed to call it: {origins}.",
        )
    elif config.api_key:
        text = translate(
            "LocalServerActions",
            "Only programs on this computer can connect; requests need "
            "'Authorization: Bearer <your API key>'. Web pages allowed to call it: {origins}.",
        )
    else:
        text = translate(
            "LocalServerActions",
            "Only programs on this computer can connect; no API key is needed. Web pages "
            "allowed to call it: {origins}.",
        )
    return text.format(host=config.host, origins=origins)
