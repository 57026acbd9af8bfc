"""The bar above the conversation: which model is loaded, how, and a button to change it."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from chatapp.core.model_loading import LoadOutcome
from chatapp.gui.workers import ServerReady


class ModelBar(QWidget):
    """The model's name, its state (loading, ready or generating, where it runs, errors;
    the GPU plan in the tooltip), a busy bar while it loads and "Change model..."."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.model_label = QLabel("No model", self)
        self.model_label.setObjectName("modelName")
        self.state_label = QLabel("", self)
        self.state_label.setObjectName("modelState")
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(120)
        self.progress.hide()
        self.change_button = QPushButton("Change model...", self)
        layout.addWidget(self.model_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.state_label, 1)
        layout.addWidget(self.change_button)
        # What follows "ready" (where it runs, the context) while a model is ready.
        self._ready_details: list[str] | None = None
        self._generating = False

    def set_generating(self, generating: bool) -> None:
        """Say "generating" instead of "ready" while the model writes a reply."""
        if generating == self._generating:
            return
        self._generating = generating
        self._show_ready()

    def _show_ready(self, details: list[str] | None = None) -> None:
        if details is not None:
            self._ready_details = details
        if self._ready_details is None:
            return  # loading, failed or no model: nothing to say about replies
        state = self.tr("generating") if self._generating else self.tr("ready")
        self.state_label.setText(" · ".join([state, *self._ready_details]))

    def show_loading(self, name: str) -> None:
        self._ready_details = None
        self.model_label.setText(name)
        self.state_label.setText("loading...")
        self.progress.show()
        self.change_button.setEnabled(False)

    def show_loaded(self, outcome: LoadOutcome) -> str | None:
        """Show the loaded model; return what the status bar should say about the plan."""
        info = outcome.info
        self.progress.hide()
        self.change_button.setEnabled(True)
        where = (
            "CPU" if info.n_gpu_layers == 0 else f"GPU {info.n_gpu_layers}/{info.n_layers} layers"
        )
        self.model_label.setText(f"{info.name} ({info.quantization})")
        shown = [where, f"context {info.n_ctx}"]
        plan = outcome.plan
        details = plan.describe() if plan else ["GPU layers set by hand in Settings"]
        notice = None
        if outcome.notice:
            details.insert(0, outcome.notice)
            shown.append("not as planned (see tooltip)")
            notice = outcome.notice
        elif plan is not None and plan.warnings:
            notice = plan.warnings[0]
        self._show_ready(shown)
        self.state_label.setToolTip("\n".join(details))
        return notice

    def show_remote(self, ready: ServerReady) -> None:
        """Show a model on a server: "model · server-name", and the host it runs on."""
        self.progress.hide()
        self.change_button.setEnabled(True)
        self.model_label.setText(ready.info.name)
        context = [f"context {ready.info.n_ctx}"] if ready.info.n_ctx else []
        self._show_ready([f"on {ready.host}", *context])
        self.state_label.setToolTip(
            f"Replies come from {ready.config.base_url}; the server sets the context, "
            "the GPU layers and the threads"
        )

    def show_failed(self, message: str) -> None:
        self._ready_details = None
        self.progress.hide()
        self.change_button.setEnabled(True)
        self.state_label.setText(f"error: {message}")
