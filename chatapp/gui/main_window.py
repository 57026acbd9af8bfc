"""The main window: the chats sidebar, a model bar, the conversation and the composer."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from chatapp import APP_NAME
from chatapp.core.backend import ModelInfo, ReplyStats
from chatapp.core.conversation import OverflowPolicy
from chatapp.core.model_loading import LoadOutcome
from chatapp.core.paths import AppPaths
from chatapp.core.servers import ServerRegistry
from chatapp.core.settings import AppSettings, LoadParams, SamplingParams, save_settings
from chatapp.core.templates import Message
from chatapp.core.token_budget import ContextBudget, counter_for_model
from chatapp.gui.api_server_actions import LocalServerActions
from chatapp.gui.composer import Composer
from chatapp.gui.conversation_actions import ChatWidgets, ConversationActions
from chatapp.gui.conversation_keeper import ConversationKeeper
from chatapp.gui.download_manager import DownloadManager
from chatapp.gui.i18n import LanguageController, message_text
from chatapp.gui.load_progress import LoadProgressActions
from chatapp.gui.model_actions import ModelActions, dropped_models
from chatapp.gui.model_bar import ModelBar
from chatapp.gui.notices import show_notice
from chatapp.gui.reply_controller import ReplyController, context_messages
from chatapp.gui.reply_states import ReplyStates
from chatapp.gui.server_actions import ServerActions
from chatapp.gui.settings_panel import SettingsPanel
from chatapp.gui.sidebar import ConversationSidebar
from chatapp.gui.welcome_view import ChatArea
from chatapp.gui.window_language import add_appearance_rows, start_language
from chatapp.gui.window_layout import WindowLayoutStore
from chatapp.gui.window_menus import add_menus
from chatapp.gui.workers import BackendFactory, local_backend

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """ChatApp's window. It builds the widgets and wires them to the ReplyController
    (models and replies, on the engine thread), the ConversationActions (the chats) and
    the ConversationKeeper (saving, on the store thread).

    Signals:
        model_ready(ModelInfo): a model finished loading and is shown.
        model_failed(str): a model could not be loaded (a core Message where it is one).
        reply_completed(ReplyStats): a reply ended and is shown with its statistics.
        reply_failed(str): a reply failed; the message is shown in the status bar.
    """

    model_ready = Signal(object)
    model_failed = Signal(object)
    reply_completed = Signal(object)
    reply_failed = Signal(object)

    def __init__(
        self,
        paths: AppPaths,
        settings: AppSettings,
        backend_factory: BackendFactory = local_backend,
        languages: LanguageController | None = None,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.settings = settings
        self.languages = start_language(self, paths, settings, self._save_settings, languages)
        self.budget = ContextBudget()
        self.keeper = ConversationKeeper(paths.conversations_db, self)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(400)
        self._save_timer.timeout.connect(self._save_settings)
        self.setWindowTitle(APP_NAME)
        self.resize(980, 720)
        self.setAcceptDrops(True)
        self.downloads = DownloadManager(paths, self)
        self.replies = ReplyController(self.keeper, self.budget, backend_factory, self)
        self.models = ModelActions(self, paths, settings, self.downloads, self.replies, self)
        self.models.load_requested.connect(self._on_load_requested)
        self.models.settings_changed.connect(self._save_timer.start)
        self._build()
        self.conversations = ConversationActions(
            ChatWidgets(
                self,
                self.chat_view,
                self.composer,
                self.sidebar,
                self.sidebar_dock,
                self.settings_panel,
            ),
            self.keeper,
            self.replies,
            settings,
            self,
        )
        self.conversations.conversation_shown.connect(self._update_meter)
        self.conversations.conversation_shown.connect(self.chat_area.update_page)
        self.conversations.settings_changed.connect(self._save_timer.start)
        self.servers = ServerActions(
            self,
            ServerRegistry(paths.config_dir),
            settings,
            self.replies,
            (self.model_bar, self.composer, self.settings_panel),
            self.budget,
        )
        self._wire_replies()
        self.loads = LoadProgressActions(
            self, self.replies, (self.model_bar, self.composer), self.load_model
        )
        self.reply_states = ReplyStates(
            self.replies, self.conversations, self.model_bar, lambda m: self.ask_drop_oldest(m)
        )
        self.reply_states.reply_declined.connect(self.reply_failed)
        add_menus(
            self,
            self.conversations,
            self.models,
            self.replies.stop,
            self.sidebar.focus_search,
            (self.settings_dock, self.sidebar_dock),
            self.languages,
        )
        self.local_server = LocalServerActions(self, self.replies, settings, paths.config_dir)
        self.local_server.settings_changed.connect(self._save_timer.start)
        self.layout_store = WindowLayoutStore(paths.config_dir / "window.ini")
        self.layout_store.restore(self)

    def _build(self) -> None:
        self.model_bar = ModelBar(self)
        self.model_bar.change_button.clicked.connect(self.models.open_model_picker)
        self.composer = Composer(self)
        self.chat_area = ChatArea(self.composer, self.models, self)
        self.chat_view = self.chat_area.chat_view
        self.composer.draft_changed.connect(self._on_draft_changed)
        self.composer.send_requested.connect(self._on_send_requested)
        self.composer.stop_requested.connect(self.replies.stop)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(self.model_bar)
        layout.addWidget(self.chat_area, 1)
        layout.addWidget(self.composer)
        self.setCentralWidget(central)

        self.settings_panel = SettingsPanel(
            self.settings.sampling, self.settings.load, self.settings.system_prompt, self
        )
        self.settings_panel.sampling_changed.connect(self._on_sampling_changed)
        self.settings_panel.load_changed.connect(self._on_load_changed)
        self.settings_panel.system_prompt_changed.connect(self._on_system_prompt_changed)
        self.settings_panel.reload_requested.connect(self._on_reload_requested)
        self.settings_panel.overflow_policy_changed.connect(self._on_overflow_policy_changed)
        add_appearance_rows(self.settings_panel, self.languages)
        self.settings_dock = self._dock("settingsDock", self.settings_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.settings_dock)
        self.sidebar = ConversationSidebar(self)
        self.sidebar_dock = self._dock("chatsDock", self.sidebar)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.sidebar_dock)
        self.resizeDocks([self.sidebar_dock], [220], Qt.Orientation.Horizontal)

    def _dock(self, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(self)  # its title comes with the View menu (window_menus)
        dock.setObjectName(name)
        dock.setWidget(widget)
        return dock

    def _wire_replies(self) -> None:
        replies = self.replies
        replies.model_loaded.connect(self._on_model_loaded)
        replies.model_load_failed.connect(self._on_model_load_failed)
        replies.reply_started.connect(self._on_reply_started)
        replies.reply_finished.connect(self._on_reply_finished)
        replies.reply_failed.connect(self._on_reply_failed)
        replies.reply_errored.connect(self._on_reply_errored)
        replies.reply_discarded.connect(self._on_reply_discarded)
        replies.user_message_returned.connect(self._on_user_message_returned)
        replies.reply_ended.connect(self._on_reply_ended)
        servers = self.servers
        servers.server_ready.connect(self._on_server_ready)
        servers.settings_changed.connect(self._save_timer.start)
        servers.pick_model_requested.connect(self.models.open_model_picker)
        self.models.server_chosen.connect(servers.use_server)
        self.chat_view.retry_requested.connect(self.conversations.retry)
        self.conversations.conversation_opened.connect(servers.check_conversation_server)

    def show_notice(self, title: str, text: str) -> QMessageBox:
        """A warning that does not block the window (the app goes on behind it)."""
        return show_notice(self, title, text)

    @property
    def history(self) -> list[Message]:
        """The open conversation's messages (system prompt aside)."""
        return self.keeper.history()

    # Models ------------------------------------------------------------------------

    def load_model(self, path: Path) -> None:
        """Load ``path`` on the engine thread; the bar shows progress."""
        self.composer.set_ready(False, lambda: self.tr("Loading the model..."))
        self.model_bar.show_loading(path.name)
        self.settings_panel.set_reload_needed(False)
        self.replies.load_model(path, self.settings.load)

    @Slot(object)
    def _on_load_requested(self, path: Path) -> None:
        self.load_model(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if dropped_models(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        models = dropped_models(event.mimeData().urls())
        if not models:
            event.ignore()
            return
        event.acceptProposedAction()
        for path in models:
            self.models.import_model_file(path)

    @Slot(object)
    def _on_model_loaded(self, outcome: LoadOutcome) -> None:
        info = outcome.info
        notice = self.model_bar.show_loaded(outcome)
        if notice:
            self.statusBar().showMessage(notice, 15000)
        self.composer.set_ready(True)
        self.settings_panel.set_layer_count(info.n_layers)
        self.settings.last_model = str(info.path)
        self._save_settings()
        self.budget.set_counter(counter_for_model(info.path, info.n_vocab))
        self._on_server_ready(info)

    @Slot(object)
    def _on_server_ready(self, info: ModelInfo) -> None:
        self._update_meter()
        self.model_ready.emit(info)

    @Slot(object)
    def _on_model_load_failed(self, message: str) -> None:
        self.model_bar.show_failed(message)
        self.composer.set_ready(False)
        self._update_meter()
        self.model_failed.emit(message)

    # Settings ----------------------------------------------------------------------

    @Slot(object)
    def _on_sampling_changed(self, sampling: SamplingParams) -> None:
        self.settings.sampling = sampling
        self._save_timer.start()

    @Slot(object)
    def _on_load_changed(self, load: LoadParams) -> None:
        self.settings.load = load
        self._save_timer.start()
        loaded = self.replies.model_path is not None and load != self.replies.loaded_with
        self.settings_panel.set_reload_needed(loaded)

    @Slot(str)
    def _on_system_prompt_changed(self, text: str) -> None:
        self.settings.system_prompt = text
        self._save_timer.start()
        self._update_meter()

    @Slot(object)
    def _on_overflow_policy_changed(self, policy: OverflowPolicy) -> None:
        self.keeper.current.overflow_policy = policy
        self.keeper.save_header()

    @Slot()
    def _on_reload_requested(self) -> None:
        path = self.replies.model_path
        if path is not None and not self.replies.is_generating:
            self.load_model(path)

    def _save_settings(self) -> None:
        try:
            save_settings(self.settings, self.paths.settings_file)
        except OSError:
            log.exception("could not save settings")

    # Replies -----------------------------------------------------------------------

    @Slot()
    def _update_meter(self) -> None:
        model = self.replies.model
        if model is None:
            self.composer.show_budget(None)
            return
        messages = context_messages(self.keeper.current, self.settings.system_prompt)
        total = model.n_ctx or self.settings.load.n_ctx  # a server may not say its context
        reading = self.budget.measure(messages, self.composer.draft, total)
        self.composer.show_budget(reading)

    @Slot(str)
    def _on_draft_changed(self, _text: str) -> None:
        self._update_meter()

    @Slot(str)
    def _on_send_requested(self, text: str) -> None:
        self.statusBar().clearMessage()
        self.chat_view.add_message("user", text)
        settings = self.settings
        policy = self.settings_panel.overflow_policy
        self.replies.send(text, settings.sampling, settings.system_prompt, policy)
        conversation = self.keeper.current
        self.sidebar.set_current(conversation.id)
        self.conversations.show_title(conversation)
        settings.last_conversation = conversation.id
        self._save_timer.start()
        self._update_meter()

    @Slot()
    def _on_reply_started(self) -> None:
        self.chat_view.begin_reply()
        self.composer.set_streaming(True)
        self.settings_panel.set_streaming(True)

    @Slot(object)
    def _on_reply_finished(self, stats: ReplyStats) -> None:
        self.chat_view.end_reply(stats)
        self.chat_view.set_context_start(self.keeper.current.context_start)
        self.reply_completed.emit(stats)

    @Slot(object)
    def _on_reply_failed(self, message: str) -> None:
        self.statusBar().showMessage(
            self.tr("Error: {message}").format(message=message_text(message))
        )
        self.reply_failed.emit(message)

    @Slot(str)
    def _on_reply_errored(self, message: str) -> None:
        self.chat_view.end_reply_with_error(message)
        self.reply_failed.emit(message)

    def ask_drop_oldest(self, message: str) -> bool:
        """Whether to drop the oldest turns for this reply (the chat says stop and ask)."""
        answer = QMessageBox.question(
            self,
            self.tr("The chat is too long"),
            self.tr("{message}\n\nDrop the oldest turns for this reply?").format(
                message=message_text(message)
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    @Slot()
    def _on_reply_discarded(self) -> None:
        self.chat_view.end_reply()
        self.chat_view.remove_last_message()

    @Slot(str)
    def _on_user_message_returned(self, text: str) -> None:
        self.chat_view.remove_last_message()
        self.composer.edit_text(text)

    @Slot()
    def _on_reply_ended(self) -> None:
        self.composer.set_streaming(False)
        self.composer.set_has_reply(bool(self.history) and self.history[-1].role == "assistant")
        self.settings_panel.set_streaming(False)
        self._update_meter()

    # Shutdown ----------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop any reply, free the model on its own thread, end the threads; what is
        not saved yet is saved first."""
        if not self.replies.is_running:
            return
        self.chat_view.stop_rendering()
        if self._save_timer.isActive():
            self._save_timer.stop()
            self._save_settings()
        self.replies.shutdown()
        self.models.shutdown()
        self.downloads.shutdown()
        unsaved = self.keeper.shutdown()
        if unsaved:
            log.error("%d conversation changes were not saved", unsaved)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.keeper.unsaved_error and not self.conversations.confirm_quit_unsaved():
            event.ignore()
            return
        self.layout_store.save(self)
        self.shutdown()
        super().closeEvent(event)
