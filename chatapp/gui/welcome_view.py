"""The chat area: a welcome page while the open chat is empty (what ChatApp is, the model
that is ready or how to get one, example prompts), stacked with the ChatView."""

from __future__ import annotations

import html

from PySide6.QtCore import QMargins, Qt, Signal, Slot
from PySide6.QtGui import QFont, QIcon, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.catalog import Catalog, CatalogEntry
from chatapp.core.model_loading import LoadOutcome
from chatapp.core.paths import resources_dir
from chatapp.gui.chat_view import ChatView
from chatapp.gui.composer import Composer
from chatapp.gui.download_row import format_progress_line, row_key
from chatapp.gui.i18n import Retranslatable, message_text, size_text
from chatapp.gui.model_actions import ModelActions
from chatapp.gui.welcome_widgets import STYLE, ChoiceCard, PromptButton, muted
from chatapp.gui.workers import LoadCancelled, LoadRequest, ServerReady

_COLUMN_WIDTH = 640
# Below this width the page takes one column of example prompts and the cards put their
# button under the text, so that it never scrolls sideways.
_NARROW_WIDTH = 480


def starter_entry(catalog: Catalog) -> CatalogEntry | None:
    """The small model to try ChatApp with: the catalog's downloadable starter, else its
    smallest downloadable model."""
    on_hub = [e for e in catalog.entries if e.repo is not None]
    marked = [e for e in on_hub if "starter" in f"{e.source} {e.id} {e.name}".lower()]
    candidates = marked or on_hub
    return min(candidates, key=lambda e: e.size_bytes) if candidates else None


class WelcomeView(Retranslatable, QScrollArea):
    """What an empty chat shows: ChatApp in one line, the model that is ready (with
    example prompts) or, when there is none, three ways to get one; and where the
    settings are.

    Signals:
        prompt_chosen(str): an example prompt was clicked.
        starter_requested(): download the small starter model.
        recommended_requested(): download the recommended model.
        import_requested(): import a .gguf file the user has.
    """

    prompt_chosen = Signal(str)
    starter_requested = Signal()
    recommended_requested = Signal()
    import_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeView")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # The page wraps its texts and columns to the width: it only ever scrolls down.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setStyleSheet(STYLE)
        # What the page shows, kept to show it again in another language.
        self._state = "idle"  # "idle", "loading", "ready" or "no model"
        self._name = ""
        self._starter: CatalogEntry | None = None
        self._recommended: CatalogEntry | None = None
        self._why = ""
        self._cancelled = False
        self._narrow: bool | None = None
        page = QWidget(self)
        page.setBackgroundRole(QPalette.ColorRole.Window)
        column = QWidget(page)
        column.setMaximumWidth(_COLUMN_WIDTH)
        self._column = QVBoxLayout(column)
        self._column_margins = self._column.contentsMargins()
        self._column.setSpacing(10)
        self._build_header(column)
        self._build_examples(column)
        self._build_choices(column)
        self.hint = muted(QLabel(column), True)
        self.hint.setObjectName("settingsHint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._column.addSpacing(14)
        self._column.addWidget(self.hint)
        across = QHBoxLayout()
        across.addStretch(1)
        across.addWidget(column, 100)
        across.addStretch(1)
        self._outer = QVBoxLayout(page)
        self._outer.addStretch(2)
        self._outer.addLayout(across)
        self._outer.addStretch(3)
        self.setWidget(page)
        self._fit_width()
        self.retranslate()

    def retranslate(self) -> None:
        self.hint.setText(self.tr("Settings are under View > Settings (Ctrl+,)."))
        self.title.setText(self.tr("Welcome to ChatApp"))
        self.tagline.setText(
            self.tr("Chat with AI models that run on your own computer, privately.")
        )
        self.caption.setText(self.tr("Type a message below, or try one of these:"))
        prompts = (
            self.tr("Explain how a rainbow forms."),
            self.tr("Write a short poem about the sea."),
            self.tr("Give me three ideas for dinner tonight."),
            self.tr("What can you help me with?"),
        )
        for button, prompt in zip(self.prompt_buttons, prompts, strict=True):
            button.setText(prompt)
            button.setToolTip(self.tr("Send this message"))
        self.starter_card.button.setText(self.tr("Download"))
        self.recommended_card.button.setText(self.tr("Download"))
        if self.recommended_card.badge is not None:
            self.recommended_card.badge.setText(self.tr("Recommended"))
        self.import_card.set_text(
            self.tr("Use a model file you have"),
            self.tr("Add a .gguf file from your disk: copied, or used where it is."),
        )
        self.import_card.button.setText(self.tr("Import a .gguf..."))
        self._show_state()

    def _build_header(self, column: QWidget) -> None:
        icon = QLabel(column)
        icon.setPixmap(QIcon(str(resources_dir() / "icons" / "chatapp-128.png")).pixmap(72, 72))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(column)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.tagline = muted(QLabel(column))
        self.tagline.setWordWrap(True)
        self.tagline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status = QLabel(column)
        self.status.setObjectName("welcomeStatus")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self._column.addWidget(icon)
        self._column.addWidget(self.title)
        self._column.addWidget(self.tagline)
        self._column.addSpacing(12)
        self._column.addWidget(self.status)
        self._column.addSpacing(6)

    def _build_examples(self, column: QWidget) -> None:
        self.examples = QWidget(column)
        self._grid = QGridLayout(self.examples)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(10)
        self.caption = muted(QLabel(self.examples))
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        self.prompt_buttons: list[PromptButton] = []
        for _index in range(4):
            button = PromptButton(self.examples)
            button.clicked.connect(
                lambda _checked=False, b=button: self.prompt_chosen.emit(b.text())
            )
            self.prompt_buttons.append(button)
        self._column.addWidget(self.examples)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit_width()

    def _fit_width(self) -> None:
        """Two columns of prompts and the cards' buttons beside their text, or, in a
        narrow window, one column and the buttons under the text."""
        narrow = self.viewport().width() < _NARROW_WIDTH
        if narrow == self._narrow:
            return
        self._narrow = narrow
        margin = 12 if narrow else 24
        self._outer.setContentsMargins(margin, margin, margin, margin)
        self._column.setContentsMargins(QMargins() if narrow else self._column_margins)
        columns = 1 if narrow else 2
        for widget in (self.caption, *self.prompt_buttons):
            self._grid.removeWidget(widget)
        self._grid.addWidget(self.caption, 0, 0, 1, columns)
        for index, button in enumerate(self.prompt_buttons):
            self._grid.addWidget(button, 1 + index // columns, index % columns)
        for card in (self.starter_card, self.recommended_card, self.import_card):
            card.set_narrow(narrow)

    def _build_choices(self, column: QWidget) -> None:
        self.choices = QWidget(column)
        layout = QVBoxLayout(self.choices)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.starter_card = ChoiceCard(self.choices)
        self.recommended_card = ChoiceCard(self.choices, badge=True)
        self.import_card = ChoiceCard(self.choices)
        self.starter_card.button.clicked.connect(self.starter_requested)
        self.recommended_card.button.clicked.connect(self.recommended_requested)
        self.import_card.button.clicked.connect(self.import_requested)
        for card in (self.starter_card, self.recommended_card, self.import_card):
            layout.addWidget(card)
        self.download_line = muted(QLabel(self.choices), True)
        self.download_line.setObjectName("welcomeDownload")
        self.download_line.setWordWrap(True)
        self.download_line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.download_line.hide()
        layout.addWidget(self.download_line)
        self._column.addWidget(self.choices)

    # States --------------------------------------------------------------------------

    def _show(self, status: str, examples: bool = False, choices: bool = False) -> None:
        self.status.setText(status)
        self.status.setVisible(bool(status))
        self.examples.setVisible(examples)
        self.choices.setVisible(choices)

    def _show_state(self) -> None:
        name = html.escape(self._name)
        if self._state == "loading":
            self._show(self.tr("Loading {name}...").format(name=name))
        elif self._state == "ready":
            self._show(self.tr("<b>{name}</b> is ready.").format(name=name), examples=True)
        elif self._state == "no model":
            self._show_choices()
        else:
            self._show("")

    def show_idle(self) -> None:
        """Before the first model is asked for: ChatApp in one line, nothing more."""
        self._state = "idle"
        self._show_state()

    def show_loading(self, name: str) -> None:
        self._state, self._name = "loading", name
        self._show_state()

    def show_ready(self, name: str) -> None:
        """``name`` (the loaded model's) is ready; the example prompts show."""
        self._state, self._name = "ready", name
        self._show_state()

    def show_no_model(
        self,
        starter: CatalogEntry | None,
        recommended: CatalogEntry | None,
        why: str = "",
        cancelled: bool = False,
    ) -> None:
        """No model to chat with: the three ways to get one (``why`` says what failed;
        ``cancelled``: the user cancelled the load)."""
        self._state = "no model"
        self._starter, self._recommended, self._why = starter, recommended, why
        self._cancelled = cancelled
        self._show_state()

    def _show_choices(self) -> None:
        starter, recommended = self._starter, self._recommended
        self.starter_card.title.setText(self.tr("Try a small model first"))
        if starter is not None:
            self.starter_card.text.setText(
                self.tr(
                    "{name}: a {size} download, ready in a minute. Good for trying "
                    "ChatApp; too small for real work."
                ).format(name=starter.name, size=size_text(starter.size_bytes))
            )
        else:
            self.starter_card.text.setText(self.tr("Pick a small model in the catalog."))
        if recommended is not None:
            self.recommended_card.set_text(
                recommended.name,
                self.tr(
                    "A {parameters} assistant for real conversations: a {size} download "
                    "that needs about {memory} of memory."
                ).format(
                    parameters=recommended.parameters,
                    size=size_text(recommended.size_bytes),
                    memory=size_text(recommended.ram_bytes),
                ),
            )
        else:
            self.recommended_card.set_text(
                self.tr("A model for real conversations"),
                self.tr("Choose one in the model catalog."),
            )
        if self._why:
            status = self.tr("The model could not be loaded: {why}").format(
                why=html.escape(message_text(self._why))
            )
        elif self._cancelled:
            status = self.tr("Loading was cancelled.")
        else:
            status = self.tr("No model is installed yet. Choose one to start:")
        self._show(status, choices=True)

    def show_download(self, text: str) -> None:
        """One line under the choices about a download they started (empty: hidden)."""
        self.download_line.setText(text)
        self.download_line.setVisible(bool(text))


class ChatArea(Retranslatable, QStackedWidget):
    """The conversation, or the welcome page while the open chat is empty: the page
    follows the replies, the model and the downloads started from it.

    Call ``update_page`` when another chat is shown (the window does, on
    ``conversation_shown``)."""

    def __init__(self, composer: Composer, models: ModelActions, parent: QWidget) -> None:
        super().__init__(parent)
        self.composer = composer
        self.models = models
        self.chat_view = ChatView(self)
        self.welcome = WelcomeView(self)
        self.addWidget(self.welcome)
        self.addWidget(self.chat_view)
        replies = models.replies
        replies.token_batch_ready.connect(self.chat_view.append_to_reply)
        replies.reasoning_batch_ready.connect(self.chat_view.append_reasoning)
        replies.load_requested.connect(self._on_load_requested)
        replies.model_loaded.connect(self._on_model_loaded)
        replies.server_connected.connect(self._on_server_connected)
        replies.model_load_failed.connect(self._on_model_load_failed)
        replies.server_failed.connect(self._on_model_load_failed)
        replies.model_load_cancelled.connect(self._on_model_load_cancelled)
        replies.reply_ended.connect(self.update_page)
        composer.send_requested.connect(self._on_send_requested)
        models.downloads.changed.connect(self._on_download_changed)
        self.welcome.prompt_chosen.connect(composer.submit)
        self.welcome.starter_requested.connect(self._on_starter_requested)
        self.welcome.recommended_requested.connect(self._on_recommended_requested)
        self.welcome.import_requested.connect(models.choose_model_file)
        self._download_key = ""

    def retranslate(self) -> None:
        if self._download_key:
            self._on_download_changed(self._download_key)

    @property
    def showing_welcome(self) -> bool:
        return self.currentWidget() is self.welcome

    @Slot()
    def update_page(self) -> None:
        """The welcome page while the chat on screen has no message, else the chat."""
        self.setCurrentWidget(self.chat_view if self.chat_view.message_count else self.welcome)

    def show_no_model(self, why: str = "", cancelled: bool = False) -> None:
        """Offer the ways to get a model (none is installed, it failed to load, or its
        load was cancelled)."""
        catalog = self.models.catalog
        starter = starter_entry(catalog) if catalog else None
        recommended = catalog.recommended() if catalog else None
        if recommended is not None and recommended.repo is None:
            recommended = None
        self.welcome.show_no_model(starter, recommended, why, cancelled)

    def _download(self, entry: CatalogEntry | None) -> None:
        """Open the picker's catalog at ``entry`` and start its download there, where
        its progress, Pause and Cancel are (the line under the choices follows it too)."""
        self.models.open_model_picker()
        picker = self.models.picker
        if picker is None:  # no catalog: the file dialog was offered instead
            return
        picker.tabs.setCurrentIndex(0)
        row = picker.rows.get(row_key(entry)) if entry is not None else None
        if row is None:
            return
        scroll = row.parentWidget()
        while scroll is not None and not isinstance(scroll, QScrollArea):
            scroll = scroll.parentWidget()
        if scroll is not None:
            scroll.ensureWidgetVisible(row)
        button = row.download_button
        if button.isVisibleTo(row) and button.isEnabled():
            button.click()

    @Slot()
    def _on_starter_requested(self) -> None:
        catalog = self.models.catalog
        self._download(starter_entry(catalog) if catalog else None)

    @Slot()
    def _on_recommended_requested(self) -> None:
        catalog = self.models.catalog
        self._download(catalog.recommended() if catalog else None)

    @Slot(str)
    def _on_send_requested(self, _text: str) -> None:
        self.setCurrentWidget(self.chat_view)

    @Slot(object)
    def _on_load_requested(self, request: LoadRequest) -> None:
        self.welcome.show_loading(request.path.name)

    @Slot(object)
    def _on_model_loaded(self, outcome: LoadOutcome) -> None:
        self.welcome.show_download("")
        self.welcome.show_ready(outcome.info.name)

    @Slot(object)
    def _on_server_connected(self, ready: ServerReady) -> None:
        self.welcome.show_ready(ready.info.name)

    @Slot(object)
    def _on_model_load_failed(self, message: str) -> None:
        model = self.models.replies.model
        if model is not None:
            self.welcome.show_ready(model.name)
        else:
            self.show_no_model(message)

    @Slot(object)
    def _on_model_load_cancelled(self, cancelled: LoadCancelled) -> None:
        if cancelled.model is not None:
            self.welcome.show_ready(cancelled.model.name)
        else:
            self.show_no_model(cancelled=True)

    @Slot(str)
    def _on_download_changed(self, key: str) -> None:
        if not self.welcome.choices.isVisibleTo(self.welcome):
            return
        self._download_key = key
        state = self.models.downloads.state(key)
        line = format_progress_line(state) if state is not None else ""
        text = (
            self.tr("{name}: {progress}").format(name=state.request.name, progress=line)
            if state is not None and line
            else ""
        )
        self.welcome.show_download(text)
