"""The main window: the chats sidebar, a model bar, the conversation and the composer."""

from __future__ import annotations

import logging
import threading
from dataclasses import asdict, replace
from pathlib import Path

import psutil
from PySide6.QtCore import QMetaObject, QSettings, Qt, QThread, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.catalog import Catalog, CatalogError, load_catalog
from chatapp.core.conversation import (
    Conversation,
    OverflowPolicy,
    StoredMessage,
)
from chatapp.core.engine import ModelInfo, ReplyStats
from chatapp.core.hardware import HardwareInfo
from chatapp.core.model_library import InstalledModel
from chatapp.core.model_loading import LoadOutcome
from chatapp.core.paths import AppPaths
from chatapp.core.settings import (
    AppSettings,
    LoadParams,
    SamplingParams,
    save_settings,
)
from chatapp.core.store import ConversationSummary
from chatapp.core.templates import Message
from chatapp.core.token_budget import ContextBudget, counter_for_model
from chatapp.gui.chat_view import ChatView
from chatapp.gui.composer import Composer
from chatapp.gui.conversation_actions import ConversationActions
from chatapp.gui.conversation_keeper import ConversationKeeper
from chatapp.gui.download_manager import DownloadManager
from chatapp.gui.model_picker import ModelPickerDialog
from chatapp.gui.settings_panel import SettingsPanel
from chatapp.gui.sidebar import ConversationSidebar
from chatapp.gui.workers import EngineWorker

log = logging.getLogger(__name__)


class MainWindow(ConversationActions, QMainWindow):
    """ChatApp's window. The model lives in an EngineWorker on its own QThread; the
    conversations are saved by a ConversationKeeper on the store thread.

    Signals:
        load_requested(str, LoadParams): ask the worker to load a model.
        generation_requested(list, SamplingParams, threading.Event, tuple): ask for a
            reply; the tuple is the chat's overflow policy and where its context began.
        model_ready(ModelInfo): a model finished loading (emitted on the GUI thread).
        model_failed(str): a model could not be loaded.
        reply_completed(ReplyStats): a reply ended and is shown with its statistics.
        reply_failed(str): a reply failed; the message is shown in the status bar.
    """

    load_requested = Signal(str, object)
    generation_requested = Signal(object, object, object, object)
    model_ready = Signal(object)
    model_failed = Signal(str)
    reply_completed = Signal(object)
    reply_failed = Signal(str)

    def __init__(self, paths: AppPaths, settings: AppSettings) -> None:
        super().__init__()
        self.paths = paths
        self.settings = settings
        self._reply_parts: list[str] = []
        self._reply_message: StoredMessage | None = None
        self._pending_open: tuple[str, int | None] | None = None
        self._deleted: ConversationSummary | None = None
        self.budget = ContextBudget()
        self.keeper = ConversationKeeper(paths.conversations_db, self)
        self.keeper.start_new(self._fresh_conversation())
        self._cancel: threading.Event | None = None
        self._model: ModelInfo | None = None
        self._model_path: Path | None = None
        self._loaded_with: LoadParams | None = None
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(400)
        self._save_timer.timeout.connect(self._save_settings)
        self.setWindowTitle("ChatApp")
        self.resize(980, 720)
        self.setAcceptDrops(True)
        self.catalog: Catalog | None = None
        self._catalog_error: str | None = None
        try:
            self.catalog = load_catalog()
        except CatalogError as exc:
            self._catalog_error = str(exc)
        self.downloads = DownloadManager(paths, self)
        self.downloads.finished.connect(self._on_download_finished)
        self.downloads.imported.connect(self._on_model_imported)
        self.downloads.import_failed.connect(self._on_import_failed)
        self.picker: ModelPickerDialog | None = None
        self.hardware: HardwareInfo | None = None
        self._build()
        self._thread = QThread(self)
        self._thread.setObjectName("engine")
        self.worker = EngineWorker()
        self.worker.moveToThread(self._thread)
        self.load_requested.connect(self.worker.load_model)
        self.generation_requested.connect(self.worker.generate)
        self.worker.model_loaded.connect(self._on_model_loaded)
        self.worker.model_load_failed.connect(self._on_model_load_failed)
        self.worker.token_batch_ready.connect(self._on_token_batch_ready)
        self.worker.reply_finished.connect(self._on_reply_finished)
        self.worker.reply_failed.connect(self._on_reply_failed)
        self.worker.context_full.connect(self._on_context_full)
        self._thread.start()
        self.keeper.ready.connect(self._on_store_ready)
        self.keeper.list_changed.connect(self._on_conversation_list_changed)
        self.keeper.save_failed.connect(self._on_save_failed)
        self.keeper.saved_again.connect(self._on_saved_again)

    def _build(self) -> None:
        bar = QWidget(self)
        bar_layout = QHBoxLayout(bar)
        bar_layout.setContentsMargins(8, 4, 8, 4)
        self.model_label = QLabel("No model", bar)
        self.model_label.setObjectName("modelName")
        self.state_label = QLabel("", bar)
        self.state_label.setObjectName("modelState")
        self.progress = QProgressBar(bar)
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(120)
        self.progress.hide()
        self.change_button = QPushButton("Change model...", bar)
        self.change_button.clicked.connect(self._on_change_model_clicked)
        bar_layout.addWidget(self.model_label)
        bar_layout.addWidget(self.progress)
        bar_layout.addWidget(self.state_label, 1)
        bar_layout.addWidget(self.change_button)

        self.chat_view = ChatView(self)
        self.chat_view.copied.connect(self._on_copied)
        self.composer = Composer(self)
        self.composer.draft_changed.connect(self._on_draft_changed)
        self.composer.send_requested.connect(self._on_send_requested)
        self.composer.stop_requested.connect(self.stop_reply)
        self.composer.regenerate_requested.connect(self.regenerate)
        self.composer.edit_requested.connect(self.edit_last)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(bar)
        layout.addWidget(self.chat_view, 1)
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
        self.settings_dock = QDockWidget("Settings", self)
        self.settings_dock.setObjectName("settingsDock")
        self.settings_dock.setWidget(self.settings_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.settings_dock)

        self.sidebar = ConversationSidebar(self)
        self.sidebar.new_chat_requested.connect(self.new_chat)
        self.sidebar.conversation_chosen.connect(self._on_conversation_chosen)
        self.sidebar.hit_chosen.connect(self._on_hit_chosen)
        # Queued: renaming refills the list, which must not happen inside the item's edit.
        self.sidebar.rename_requested.connect(
            self._on_rename_requested, Qt.ConnectionType.QueuedConnection
        )
        self.sidebar.delete_requested.connect(self.delete_conversation)
        self.sidebar.export_requested.connect(self._on_export_requested)
        self.sidebar.search_changed.connect(self._on_search_changed)
        self.sidebar_dock = QDockWidget("Chats", self)
        self.sidebar_dock.setObjectName("chatsDock")
        self.sidebar_dock.setWidget(self.sidebar)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.sidebar_dock)
        self.resizeDocks([self.sidebar_dock], [220], Qt.Orientation.Horizontal)

        self.undo_button = QPushButton("Undo", self)
        self.undo_button.setObjectName("undoDelete")
        self.undo_button.hide()
        self.undo_button.clicked.connect(self.undo_delete)
        self.statusBar().addPermanentWidget(self.undo_button)
        self.statusBar().messageChanged.connect(self._on_status_message_changed)
        self.save_warning = QLabel("", self)
        self.save_warning.setObjectName("saveWarning")
        self.save_warning.setStyleSheet("color: #cf222e;")
        self.save_warning.setWordWrap(True)
        self.save_warning.hide()
        self.statusBar().addPermanentWidget(self.save_warning, 1)
        self._add_actions()
        self._restore_layout()

    def _layout_store(self) -> QSettings:
        # Window geometry only; everything else lives in settings.json.
        return QSettings(str(self.paths.config_dir / "window.ini"), QSettings.Format.IniFormat)

    def _restore_layout(self) -> None:
        store = self._layout_store()
        geometry = store.value("geometry")
        state = store.value("state")
        if state is not None:
            self.restoreState(state)
        if geometry is not None:
            self.restoreGeometry(geometry)

    def _save_layout(self) -> None:
        store = self._layout_store()
        store.setValue("geometry", self.saveGeometry())
        store.setValue("state", self.saveState())
        store.sync()

    def _add_actions(self) -> None:
        chat_menu = self.menuBar().addMenu("&Chat")
        entries = [
            ("&New chat", QKeySequence.StandardKey.New, self.new_chat),
            ("&Find in chats", QKeySequence.StandardKey.Find, self.sidebar.focus_search),
            ("&Rename chat", QKeySequence("F2"), self.rename_current),
            ("Export chat as &Markdown...", QKeySequence("Ctrl+E"), self.export_current_markdown),
            ("Export chat as &JSON...", QKeySequence("Ctrl+Shift+E"), self.export_current_json),
            ("Import &chat...", QKeySequence("Ctrl+Shift+O"), self.choose_conversation_file),
            ("&Models...", QKeySequence("Ctrl+M"), self.open_model_picker),
            ("&Import a model file...", QKeySequence("Ctrl+I"), self.choose_model_file),
            ("&Stop reply", QKeySequence(Qt.Key.Key_Escape), self.stop_reply),
            ("&Copy last reply", QKeySequence("Ctrl+Shift+C"), self.copy_last_reply),
            ("&Quit", QKeySequence.StandardKey.Quit, self.close),
        ]
        for text, keys, handler in entries:
            action = QAction(text, self)
            action.setShortcut(keys)
            action.triggered.connect(handler)
            chat_menu.addAction(action)
        view_menu = self.menuBar().addMenu("&View")
        toggle = self.settings_dock.toggleViewAction()
        toggle.setText("&Settings")
        toggle.setShortcut(QKeySequence("Ctrl+,"))
        view_menu.addAction(toggle)
        chats = self.sidebar_dock.toggleViewAction()
        chats.setText("&Chats")
        chats.setShortcut(QKeySequence("Ctrl+Shift+L"))
        view_menu.addAction(chats)

    @property
    def history(self) -> list[Message]:
        """The open conversation's messages (system prompt aside)."""
        return self.keeper.history()

    @Slot()
    def new_chat(self) -> None:
        """Start an empty conversation (the current reply is stopped first)."""
        self.stop_reply()
        if self._cancel is not None:
            return  # the reply ends first; its signals still need the old conversation
        self.keeper.start_new(self._fresh_conversation())
        self.chat_view.clear_conversation()
        self.composer.set_has_reply(False)
        self.sidebar.set_current(None)
        self.setWindowTitle("ChatApp")
        self._update_meter()

    @Slot()
    def copy_last_reply(self) -> None:
        replies = [m.content for m in self.history if m.role == "assistant"]
        if replies:
            QGuiApplication.clipboard().setText(replies[-1])
            self._on_copied("Last reply copied")

    @Slot(str)
    def _on_copied(self, what: str) -> None:
        self.statusBar().showMessage(what, 3000)

    # Model -----------------------------------------------------------------

    def load_model(self, path: Path) -> None:
        """Load ``path`` on the engine thread; the bar shows progress."""
        self.composer.set_ready(False, "Loading the model...")
        self.model_label.setText(path.name)
        self.state_label.setText("loading...")
        self.progress.show()
        self.change_button.setEnabled(False)
        self.settings_panel.set_reload_needed(False)
        self._model_path = path
        self._loaded_with = replace(self.settings.load)
        self.load_requested.emit(str(path), replace(self.settings.load))

    @Slot()
    def _on_change_model_clicked(self) -> None:
        self.open_model_picker()

    @Slot()
    def open_model_picker(self) -> None:
        """Show the model picker (catalog, downloads, installed models)."""
        if self.catalog is None:
            QMessageBox.warning(self, "Models", self._catalog_error or "no catalog")
            self.choose_model_file()
            return
        if self.picker is None:
            self.picker = ModelPickerDialog(
                self.paths, self.catalog, self.downloads, self.settings, self, self.model_memory
            )
            self.picker.model_chosen.connect(self._on_model_chosen)
            self.picker.endpoint_changed.connect(self._on_endpoint_changed)
        self.picker.refresh()
        self.picker.show()
        self.picker.raise_()
        self.picker.activateWindow()

    def model_memory(self) -> tuple[int, str]:
        """The memory a model would run in, and its name: the GPU's when this build can
        offload to one (known after the first load), else the RAM."""
        if self.hardware is not None and self.hardware.gpu_devices:
            gpu = max(self.hardware.gpu_devices, key=lambda d: d.memory_total)
            return gpu.memory_total, "GPU memory"
        return psutil.virtual_memory().total, "RAM"

    @Slot()
    def choose_model_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Import a GGUF model", str(Path.home()), "GGUF models (*.gguf);;All files (*)"
        )
        if chosen:
            self.import_model_file(Path(chosen))

    def import_model_file(self, path: Path) -> None:
        """Ask whether to copy ``path`` or use it in place, then import it off the GUI thread."""
        copy = self.ask_import_mode(path)
        if copy is None:
            return
        self.statusBar().showMessage(f"Importing {path.name}...")
        self.downloads.import_file(path, copy=copy)

    def ask_import_mode(self, path: Path) -> bool | None:
        """True to copy, False to use in place, None when the user cancels."""
        box = QMessageBox(self)
        box.setWindowTitle("Import model")
        box.setText(f"Add {path.name} to ChatApp?")
        box.setInformativeText(
            "Use in place keeps the file where it is (do not move or delete it). "
            "Copy puts a copy in ChatApp's models folder."
        )
        in_place = box.addButton("Use in place", QMessageBox.ButtonRole.AcceptRole)
        copy = box.addButton("Copy", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return True if clicked is copy else False if clicked is in_place else None

    @Slot(object)
    def _on_model_imported(self, model: InstalledModel) -> None:
        self.statusBar().showMessage(f"Imported {model.name} ({model.describe()})", 5000)
        if self.picker is not None:
            self.picker.refresh()
        self.load_model(model.path)

    @Slot(str)
    def _on_import_failed(self, message: str) -> None:
        self.statusBar().clearMessage()
        QMessageBox.warning(self, "Import model", message)

    @Slot(str, str)
    def _on_download_finished(self, key: str, path: str) -> None:
        self.statusBar().showMessage(f"Downloaded and verified {key}", 8000)
        if self._model is None and self._model_path is None:
            self.load_model(Path(path))

    @Slot(str)
    def _on_model_chosen(self, path: str) -> None:
        if self._cancel is not None:
            self.stop_reply()
        self.load_model(Path(path))

    @Slot(object)
    def _on_endpoint_changed(self, _endpoint: object) -> None:
        self._save_timer.start()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if _dropped_models(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        models = _dropped_models(event.mimeData().urls())
        if not models:
            event.ignore()
            return
        event.acceptProposedAction()
        for path in models:
            self.import_model_file(path)

    @Slot(object)
    def _on_model_loaded(self, outcome: LoadOutcome) -> None:
        info = outcome.info
        self._model = info
        self.progress.hide()
        self.change_button.setEnabled(True)
        where = (
            "CPU" if info.n_gpu_layers == 0 else f"GPU {info.n_gpu_layers}/{info.n_layers} layers"
        )
        self.model_label.setText(f"{info.name} ({info.quantization})")
        self.state_label.setText(f"ready · {where} · context {info.n_ctx}")
        plan = outcome.plan
        details = plan.describe() if plan else ["GPU layers set by hand in Settings"]
        if outcome.hardware is not None:
            self.hardware = outcome.hardware
        if outcome.notice:
            details.insert(0, outcome.notice)
            self.state_label.setText(self.state_label.text() + " · not as planned (see tooltip)")
            self.statusBar().showMessage(outcome.notice, 15000)
        elif plan is not None and plan.warnings:
            self.statusBar().showMessage(plan.warnings[0], 15000)
        self.state_label.setToolTip("\n".join(details))
        self.composer.set_ready(True)
        self.settings_panel.set_layer_count(info.n_layers)
        self.settings.last_model = str(info.path)
        self._save_settings()
        self.budget.set_counter(counter_for_model(info.path, info.n_vocab))
        self._update_meter()
        self.model_ready.emit(info)

    @Slot(str)
    def _on_model_load_failed(self, message: str) -> None:
        self._model = None
        self.progress.hide()
        self.change_button.setEnabled(True)
        self.state_label.setText(f"error: {message}")
        self.composer.set_ready(False)
        self._update_meter()
        self.model_failed.emit(message)

    @Slot(object)
    def _on_sampling_changed(self, sampling: SamplingParams) -> None:
        self.settings.sampling = sampling
        self._save_timer.start()

    @Slot(object)
    def _on_load_changed(self, load: LoadParams) -> None:
        self.settings.load = load
        self._save_timer.start()
        needed = self._model_path is not None and load != self._loaded_with
        self.settings_panel.set_reload_needed(needed)

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
        if self._model_path is not None and self._cancel is None:
            self.load_model(self._model_path)

    def _save_settings(self) -> None:
        try:
            save_settings(self.settings, self.paths.settings_file)
        except OSError:
            log.exception("could not save settings")

    # Replies ---------------------------------------------------------------

    def _fresh_conversation(self) -> Conversation:
        return Conversation(
            settings=self._snapshot(),
            system_prompt=self.settings.system_prompt,
            overflow_policy=self.keeper.current.overflow_policy,
        )

    def _snapshot(self) -> dict[str, object]:
        return {"sampling": asdict(self.settings.sampling)}

    def _system_messages(self) -> list[Message]:
        prompt = self.settings.system_prompt.strip()
        return [Message("system", prompt)] if prompt else []

    def _context_messages(self) -> list[Message]:
        """What the model sees of the open conversation (before the draft is added)."""
        conversation = self.keeper.current
        start = min(conversation.context_start, len(conversation.messages))
        rolled = conversation.overflow_policy is OverflowPolicy.ROLLING_WINDOW and start > 0
        system = [] if rolled else self._system_messages()
        return system + [m.as_message() for m in conversation.messages[start:]]

    def _update_meter(self) -> None:
        if self._model is None:
            self.composer.show_budget(None)
            return
        reading = self.budget.measure(
            self._context_messages(), self.composer.draft, self._model.n_ctx
        )
        self.composer.show_budget(reading)

    @Slot(str)
    def _on_draft_changed(self, _text: str) -> None:
        self._update_meter()

    @Slot(str)
    def _on_send_requested(self, text: str) -> None:
        self.statusBar().clearMessage()
        conversation = self.keeper.current
        conversation.settings = self._snapshot()
        conversation.system_prompt = self.settings.system_prompt
        conversation.overflow_policy = self.settings_panel.overflow_policy
        if self._model is not None:
            conversation.model = self._model.name
        self.keeper.add_message(StoredMessage("user", text), with_header=True)
        self.chat_view.add_message("user", text)
        self.sidebar.set_current(conversation.id)
        self.setWindowTitle(f"ChatApp — {conversation.title}")
        self.settings.last_conversation = conversation.id
        self._save_timer.start()
        self._request_reply(self.settings.sampling)
        self._update_meter()

    def _request_reply(
        self, sampling: SamplingParams, policy: OverflowPolicy | None = None
    ) -> None:
        conversation = self.keeper.current
        self.chat_view.begin_reply()
        self._reply_parts = []
        self._reply_message = None
        self._cancel = threading.Event()
        self.composer.set_streaming(True)
        self.settings_panel.set_streaming(True)
        context = (policy or conversation.overflow_policy, conversation.context_start)
        messages = self._system_messages() + self.history
        self.generation_requested.emit(messages, replace(sampling), self._cancel, context)

    def _last_exchange_ready(self) -> bool:
        return (
            self._cancel is None
            and self._model is not None
            and len(self.history) >= 2
            and self.history[-1].role == "assistant"
        )

    @Slot()
    def regenerate(self) -> None:
        """Replace the last reply with a new one (a new random seed gives a new answer)."""
        if not self._last_exchange_ready():
            return
        self.keeper.take_back(1)
        self.chat_view.remove_last_message()
        self._request_reply(replace(self.settings.sampling, random_seed=True))

    @Slot()
    def edit_last(self) -> None:
        """Take the last exchange back and put the user's message in the composer."""
        if not self._last_exchange_ready():
            return
        taken = self.keeper.take_back(2)
        self.chat_view.remove_last_message()
        self.chat_view.remove_last_message()
        self.composer.edit_text(taken[0].content)
        self.composer.set_has_reply(False)
        self._update_meter()

    @Slot()
    def stop_reply(self) -> None:
        """Stop the streaming reply (set directly: the worker is busy in its loop)."""
        if self._cancel is not None:
            self._cancel.set()

    @Slot(str)
    def _on_token_batch_ready(self, text: str) -> None:
        self._reply_parts.append(text)
        self.chat_view.append_to_reply(text)
        message = self._reply_message
        if message is None:
            model = self._model.name if self._model else None
            message = StoredMessage("assistant", text, state="streaming", model=model)
            self._reply_message = message
            self.keeper.add_message(message)
        else:
            message.content += text
            self.keeper.reply_grew()

    def _finish_streaming_message(self) -> None:
        """Save a reply that is still streaming as interrupted (the app is closing)."""
        message, self._reply_message = self._reply_message, None
        if message is not None and message.state == "streaming":
            message.state = "interrupted"
            self.keeper.finish_last()

    @Slot(object)
    def _on_reply_finished(self, stats: ReplyStats) -> None:
        log.info("reply finished: %s", stats)
        message, self._reply_message = self._reply_message, None
        if message is not None:
            conversation = self.keeper.current
            message.content = "".join(self._reply_parts)
            message.state = "interrupted" if stats.finish_reason == "cancelled" else "complete"
            message.stats = asdict(stats)
            self.keeper.finish_last()
            if stats.dropped_messages != conversation.context_start:
                conversation.context_start = stats.dropped_messages
                self.keeper.save_header()
            self.chat_view.end_reply(stats)
            self.chat_view.set_context_start(conversation.context_start)
            self.budget.record_engine_count(
                self._context_messages(), stats.prompt_tokens_total + stats.generated_tokens
            )
        else:
            self._take_back_last_message()
        self._reply_done()
        self.reply_completed.emit(stats)

    @Slot(str)
    def _on_reply_failed(self, message: str) -> None:
        self._take_back_last_message()
        self.statusBar().showMessage(f"Error: {message}")
        self._reply_done()
        self.reply_failed.emit(message)

    @Slot(str)
    def _on_context_full(self, message: str) -> None:
        self.chat_view.end_reply()
        self.chat_view.remove_last_message()
        self._reply_done()
        if self.ask_drop_oldest(message):
            self._request_reply(self.settings.sampling, OverflowPolicy.KEEP_SYSTEM)
            return
        self._take_back_user_message()
        self.statusBar().showMessage(message)
        self.reply_failed.emit(message)

    def ask_drop_oldest(self, message: str) -> bool:
        """Whether to drop the oldest turns for this reply (the chat says stop and ask)."""
        answer = QMessageBox.question(
            self,
            "The chat is too long",
            f"{message}\n\nDrop the oldest turns for this reply?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _take_back_last_message(self) -> None:
        """A reply that failed or produced nothing: the user's message goes back into
        the composer (a partial reply is taken back with it)."""
        self.chat_view.end_reply()
        self.chat_view.remove_last_message()
        if self._reply_message is not None:
            self._reply_message = None
            self.keeper.take_back(1)
        self._take_back_user_message()

    def _take_back_user_message(self) -> None:
        self.chat_view.remove_last_message()
        if self.history and self.history[-1].role == "user":
            self.composer.edit_text(self.keeper.take_back(1)[0].content)

    def _reply_done(self) -> None:
        self._cancel = None
        self.composer.set_streaming(False)
        self.composer.set_has_reply(bool(self.history) and self.history[-1].role == "assistant")
        self.settings_panel.set_streaming(False)
        self._update_meter()
        if self._pending_open is not None:
            conversation_id, position = self._pending_open
            self._pending_open = None
            self.open_conversation(conversation_id, position)

    # Shutdown --------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop any reply, free the model on its own thread, end the threads; what is
        not saved yet is saved first."""
        if not self._thread.isRunning():
            return
        self.stop_reply()
        self.chat_view.stop_rendering()
        if self._save_timer.isActive():
            self._save_timer.stop()
            self._save_settings()
        QMetaObject.invokeMethod(
            self.worker, "shutdown", Qt.ConnectionType.BlockingQueuedConnection
        )
        self._thread.quit()
        self._thread.wait()
        self.downloads.shutdown()
        self._finish_streaming_message()
        unsaved = self.keeper.shutdown()
        if unsaved:
            log.error("%d conversation changes were not saved", unsaved)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.keeper.unsaved_error and not self.confirm_quit_unsaved():
            event.ignore()
            return
        self._save_layout()
        self.shutdown()
        super().closeEvent(event)


def _dropped_models(urls: list[QUrl]) -> list[Path]:
    return [
        Path(url.toLocalFile())
        for url in urls
        if url.isLocalFile() and url.toLocalFile().lower().endswith(".gguf")
    ]
