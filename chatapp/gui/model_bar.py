"""The bar above the conversation: which model is loaded, how, and a button to change it."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

from chatapp.core.model_loading import LoadOutcome
from chatapp.gui.elided_label import ElidedLabel
from chatapp.gui.i18n import Retranslatable, message_text
from chatapp.gui.icons import icon
from chatapp.gui.workers import ServerReady

# What the bar shows (its texts are made from this and the values kept beside it).
_NO_MODEL = "none"
_NOT_INSTALLED = "not installed"
_LOADING = "loading"
_LOADED = "loaded"
_REMOTE = "remote"
_FAILED = "failed"
_CANCELLED = "cancelled"


class ModelBar(Retranslatable, QWidget):
    """The model's name, its state (loading, ready or generating, where it runs, errors;
    the GPU plan in the tooltip), a busy bar while it loads and "Change model..."."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.model_label = ElidedLabel(self, narrowest=3)  # gives way before the state
        self.model_label.setObjectName("modelName")
        self.state_label = ElidedLabel(self)  # the whole line and the plan: its tooltip
        self.state_label.setObjectName("modelState")
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(120)
        self.progress.hide()
        self.change_button = QPushButton(icon("models"), "", self)
        layout.addWidget(self.model_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.state_label, 1)
        layout.addWidget(self.change_button)
        self._state = _NO_MODEL
        self._name = ""  # the model's name as shown ("" : "No model")
        self._outcome: LoadOutcome | None = None
        self._remote: ServerReady | None = None
        self._message = ""
        self._generating = False
        self.retranslate()

    def retranslate(self) -> None:
        self.change_button.setText(self.tr("Change model..."))
        self._show_state()

    def set_generating(self, generating: bool) -> None:
        """Say "generating" instead of "ready" while the model writes a reply."""
        if generating == self._generating:
            return
        self._generating = generating
        if self._state in (_LOADED, _REMOTE):
            self._show_state()

    def _set(self, state: str, name: str | None = None, busy: bool = False) -> None:
        self._state = state
        if name is not None:
            self._name = name
        self.progress.setVisible(busy)
        self.change_button.setEnabled(not busy)
        self._show_state()

    def show_loading(self, name: str) -> None:
        self._set(_LOADING, name, busy=True)

    def show_loaded(self, outcome: LoadOutcome) -> str | None:
        """Show the loaded model; return what the status bar should say about the plan."""
        self._outcome = outcome
        info = outcome.info
        self._set(_LOADED, f"{info.name} ({info.quantization})")
        if outcome.notice:
            return message_text(outcome.notice)
        plan = outcome.plan
        return message_text(plan.warnings[0]) if plan is not None and plan.warnings else None

    def show_remote(self, ready: ServerReady) -> None:
        """Show a model on a server: "model · server-name", and the host it runs on."""
        self._remote = ready
        self._set(_REMOTE, ready.info.name)

    def show_failed(self, message: str) -> None:
        """Say why the model could not be loaded (the name stays)."""
        self._message = message
        self._set(_FAILED)

    def show_cancelled(self) -> None:
        """No model: the load was cancelled before one was ready."""
        self._set(_CANCELLED, "")

    def show_not_installed(self) -> None:
        """No model: none is installed yet (the welcome page says how to get one)."""
        self._set(_NOT_INSTALLED, "")

    def _show_state(self) -> None:
        self.model_label.setText(self._name or self.tr("No model"))
        self.model_label.setToolTip(self._name)
        state, tip = self._state_texts()
        self.state_label.setText(state)
        # The line may be cut short when the window is narrow: the tooltip has it whole.
        self.state_label.setToolTip("\n\n".join(text for text in (state, tip) if text))
        self.state_label.set_kept(state.split(" · ")[0])  # the name gives way first

    def _state_texts(self) -> tuple[str, str]:
        """The state line and its tooltip."""
        if self._state == _LOADING:
            return self.tr("loading..."), ""
        if self._state == _FAILED:
            return self.tr("error: {message}").format(message=message_text(self._message)), ""
        if self._state == _CANCELLED:
            return self.tr("loading cancelled"), ""
        if self._state == _NOT_INSTALLED:
            return self.tr("No model installed yet"), ""
        if self._state == _LOADED and self._outcome is not None:
            return self._loaded_texts(self._outcome)
        if self._state == _REMOTE and self._remote is not None:
            return self._remote_texts(self._remote)
        return "", ""

    def _ready_line(self, details: list[str]) -> str:
        state = self.tr("generating") if self._generating else self.tr("ready")
        return " · ".join([state, *details])

    def _loaded_texts(self, outcome: LoadOutcome) -> tuple[str, str]:
        info = outcome.info
        if info.n_gpu_layers == 0:
            where = self.tr("CPU")
        else:
            where = self.tr("GPU {layers}/{total} layers").format(
                layers=info.n_gpu_layers, total=info.n_layers
            )
        shown = [where, self.tr("context {tokens}").format(tokens=info.n_ctx)]
        plan = outcome.plan
        if plan is not None:
            details = [message_text(line) for line in plan.describe()]
        else:
            details = [self.tr("GPU layers set by hand in Settings")]
        if outcome.notice:
            details.insert(0, message_text(outcome.notice))
            shown.append(self.tr("not as planned (see tooltip)"))
        return self._ready_line(shown), "\n".join(details)

    def _remote_texts(self, ready: ServerReady) -> tuple[str, str]:
        shown = [self.tr("on {host}").format(host=ready.host)]
        if ready.info.n_ctx:
            shown.append(self.tr("context {tokens}").format(tokens=ready.info.n_ctx))
        tip = self.tr(
            "Replies come from {url}; the server sets the context, the GPU layers and the threads"
        ).format(url=ready.config.base_url)
        return self._ready_line(shown), tip
