"""The settings panel: sampling sliders that apply to the next reply, and the load
settings (context, GPU layers, threads) that need a model reload."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.conversation import OverflowPolicy
from chatapp.core.settings import SEED_MAX, SEED_MIN, LoadParams, SamplingParams
from chatapp.core.settings_validation import logical_cpu_count

REMOTE_LOAD_TIP = (
    "Set on the server: a model on a server runs with the server's own context length, "
    "GPU layers and threads (see its start command)"
)

PRESETS: dict[str, SamplingParams] = {
    "Precise": SamplingParams(temperature=0.2, top_p=0.9, top_k=20, min_p=0.1),
    "Balanced": SamplingParams(),
    "Creative": SamplingParams(temperature=1.1, top_p=0.98, top_k=100, min_p=0.02),
}


@dataclass(frozen=True)
class _Range:
    minimum: float
    maximum: float
    step: float
    decimals: int = 0


class _SliderBox(QWidget):
    """A slider and a number box that show the same value."""

    value_changed = Signal(float)

    def __init__(self, spec: _Range, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, round((spec.maximum - spec.minimum) / spec.step))
        if spec.decimals:
            self.box: QSpinBox | QDoubleSpinBox = QDoubleSpinBox(self)
            self.box.setDecimals(spec.decimals)
        else:
            self.box = QSpinBox(self)
        self.box.setRange(spec.minimum, spec.maximum)  # type: ignore[arg-type]
        self.box.setSingleStep(spec.step)  # type: ignore[arg-type]
        self.box.setMinimumWidth(80)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.box)
        self.slider.valueChanged.connect(self._on_slider_moved)
        self.box.valueChanged.connect(self._on_box_changed)

    def value(self) -> float:
        return float(self.box.value())

    def set_maximum(self, maximum: float) -> None:
        self.spec = replace(self.spec, maximum=maximum)
        self.slider.setRange(0, round((maximum - self.spec.minimum) / self.spec.step))
        self.box.setMaximum(maximum)  # type: ignore[arg-type]

    def set_value(self, value: float) -> None:
        """Show ``value``, clamped to the box's range (a Qt spin box holds 32-bit ints)."""
        shown = _clamped(value, self.spec.minimum, self.spec.maximum)
        self.box.setValue(shown if self.spec.decimals else round(shown))  # type: ignore[arg-type]

    @Slot(int)
    def _on_slider_moved(self, position: int) -> None:
        value = self.spec.minimum + position * self.spec.step
        if abs(value - self.box.value()) >= self.spec.step / 2:
            self.box.setValue(
                round(value, self.spec.decimals) if self.spec.decimals else int(value)  # type: ignore[arg-type]
            )

    @Slot()
    def _on_box_changed(self) -> None:
        position = round((self.box.value() - self.spec.minimum) / self.spec.step)
        self.slider.blockSignals(True)
        self.slider.setValue(position)
        self.slider.blockSignals(False)
        self.value_changed.emit(float(self.box.value()))


class SettingsPanel(QWidget):
    """Sampling and load settings, bound to SamplingParams and LoadParams.

    Signals:
        sampling_changed(SamplingParams): a sampling value changed (applies to the next reply).
        load_changed(LoadParams): a load setting changed (applies after a reload).
        system_prompt_changed(str): the system prompt was edited.
        reload_requested(): the user asked to reload the model with the new load settings.
        overflow_policy_changed(OverflowPolicy): what this chat does when it outgrows the
            context.
    """

    sampling_changed = Signal(object)
    load_changed = Signal(object)
    system_prompt_changed = Signal(str)
    reload_requested = Signal()
    overflow_policy_changed = Signal(object)

    def __init__(
        self,
        sampling: SamplingParams,
        load: LoadParams,
        system_prompt: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._updating = False
        self._sampling = sampling
        self._load = load
        form = QFormLayout()
        self.sliders: dict[str, _SliderBox] = {}
        specs = {
            "temperature": ("Temperature", _Range(0, 2, 0.05, 2)),
            "top_p": ("Top-p", _Range(0.01, 1, 0.01, 2)),
            "top_k": ("Top-k", _Range(0, 200, 1)),
            "min_p": ("Min-p", _Range(0, 1, 0.01, 2)),
            "repeat_penalty": ("Repeat penalty", _Range(0.5, 2, 0.01, 2)),
            "repeat_last_n": ("Repeat window", _Range(0, 2048, 8)),
            "max_tokens": ("Max tokens", _Range(1, 8192, 1)),
        }
        for name, (label, spec) in specs.items():
            slider = _SliderBox(spec, self)
            slider.setObjectName(name)
            slider.value_changed.connect(self._on_sampling_edited)
            self.sliders[name] = slider
            form.addRow(label, slider)

        self.seed = QSpinBox(self)
        self.seed.setRange(SEED_MIN, SEED_MAX)
        self.random_seed = QCheckBox("random", self)
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed, 1)
        seed_row.addWidget(self.random_seed)
        form.addRow("Seed", seed_row)
        self.seed.valueChanged.connect(self._on_sampling_edited)
        self.random_seed.toggled.connect(self._on_sampling_edited)

        self.preset = QComboBox(self)
        self.preset.addItems(["Custom", *PRESETS])
        self.preset.activated.connect(self._on_preset_chosen)
        self.reset_button = QPushButton("Reset to defaults", self)
        self.reset_button.clicked.connect(self._on_reset_clicked)
        preset_row = QHBoxLayout()
        preset_row.addWidget(self.preset, 1)
        preset_row.addWidget(self.reset_button)
        form.addRow("Preset", preset_row)

        self.context = _SliderBox(_Range(256, 131072, 256), self)
        self.gpu_layers = _SliderBox(_Range(-1, 200, 1), self)
        self.gpu_layers.box.setSpecialValueText("Auto (plan)")
        self.gpu_layers.setToolTip(
            "Auto (plan): as many layers as fit in GPU memory, from the model and the "
            "context length; 0: CPU only"
        )
        self.threads = _SliderBox(_Range(0, logical_cpu_count(), 1), self)
        self.threads.box.setSpecialValueText("Auto")
        self.threads.setToolTip("Auto: one per physical core")
        form.addRow("Context length", self.context)
        form.addRow("GPU layers", self.gpu_layers)
        form.addRow("Threads", self.threads)
        self.context.value_changed.connect(self._on_load_edited)
        self.gpu_layers.value_changed.connect(self._on_load_edited)
        self.threads.value_changed.connect(self._on_load_edited)

        self.system_prompt = QPlainTextEdit(self)
        self.system_prompt.setPlaceholderText("System prompt (optional)")
        self.system_prompt.setFixedHeight(90)
        self.system_prompt.setPlainText(system_prompt)
        self.system_prompt.textChanged.connect(self._on_system_prompt_edited)

        self.overflow = QComboBox(self)
        self.overflow.setObjectName("overflowPolicy")
        for policy in OverflowPolicy:
            self.overflow.addItem(policy.label, policy)
        self.overflow.setToolTip(
            "For this chat: what happens when it no longer fits in the model's context"
        )
        self.overflow.activated.connect(self._on_overflow_chosen)

        self.note = QLabel("Changes apply to the next reply.", self)
        self.note.setObjectName("settingsNote")
        self.note.setWordWrap(True)
        self.reload_button = QPushButton("Reload model to apply", self)
        self.reload_button.hide()
        self.reload_button.clicked.connect(self.reload_requested)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("System prompt", self))
        layout.addWidget(self.system_prompt)
        layout.addWidget(QLabel("When the chat outgrows the context", self))
        layout.addWidget(self.overflow)
        layout.addWidget(self.note)
        layout.addWidget(self.reload_button)
        layout.addStretch(1)
        self.show_sampling(self._sampling)
        self.show_load(self._load)

    def show_sampling(self, sampling: SamplingParams) -> None:
        """Show ``sampling`` without emitting changes."""
        self._updating = True
        try:
            for name, slider in self.sliders.items():
                slider.set_value(getattr(sampling, name))
            self.seed.setValue(int(_clamped(sampling.seed, SEED_MIN, SEED_MAX)))
            self.random_seed.setChecked(bool(sampling.random_seed))
            self.seed.setEnabled(not sampling.random_seed)
        finally:
            self._updating = False
        self._sampling = sampling

    def show_load(self, load: LoadParams) -> None:
        """Show ``load`` without emitting changes."""
        self._updating = True
        try:
            self.context.set_value(load.n_ctx)
            self.gpu_layers.set_value(-1 if load.n_gpu_layers is None else load.n_gpu_layers)
            self.threads.set_value(load.n_threads or 0)
        finally:
            self._updating = False
        self._load = load

    def set_layer_count(self, n_layers: int) -> None:
        """The loaded model's layer count bounds the GPU layers slider."""
        self.gpu_layers.set_maximum(max(n_layers + 1, 0))  # the output layer counts too

    def set_reload_needed(self, needed: bool) -> None:
        self.reload_button.setVisible(needed and self.context.isEnabled())

    def set_remote(self, remote: bool) -> None:
        """A model on a server: the load settings are the server's, so they are off."""
        for control in (self.context, self.gpu_layers, self.threads):
            control.setEnabled(not remote)
            if remote:
                control.setProperty("localTip", control.property("localTip") or control.toolTip())
                control.setToolTip(REMOTE_LOAD_TIP)
            elif control.property("localTip") is not None:
                control.setToolTip(str(control.property("localTip")))
        if remote:
            self.reload_button.hide()

    def set_streaming(self, streaming: bool) -> None:
        self.note.setText(
            "Changes apply to the next reply; this one keeps its settings."
            if streaming
            else "Changes apply to the next reply."
        )

    def _read_sampling(self) -> SamplingParams:
        values = {name: slider.value() for name, slider in self.sliders.items()}
        for name in ("top_k", "repeat_last_n", "max_tokens"):
            values[name] = int(values[name])
        return SamplingParams(
            **values,  # type: ignore[arg-type]
            seed=self.seed.value(),
            random_seed=self.random_seed.isChecked(),
        )

    @Slot()
    def _on_sampling_edited(self) -> None:
        if self._updating:
            return
        self._sampling = self._read_sampling()
        self.seed.setEnabled(not self._sampling.random_seed)
        self.preset.setCurrentIndex(0)
        self.sampling_changed.emit(self._sampling)

    @Slot(int)
    def _on_preset_chosen(self, index: int) -> None:
        name = self.preset.itemText(index)
        if name in PRESETS:
            chosen = replace(PRESETS[name], max_tokens=self._sampling.max_tokens)
            self.show_sampling(chosen)
            self.preset.setCurrentIndex(index)
            self.sampling_changed.emit(chosen)

    @Slot()
    def _on_reset_clicked(self) -> None:
        self.show_sampling(SamplingParams())
        self.show_load(
            replace(self._load, n_ctx=LoadParams().n_ctx, n_gpu_layers=None, n_threads=None)
        )
        self.preset.setCurrentIndex(self.preset.findText("Balanced"))
        self.sampling_changed.emit(self._sampling)
        self.load_changed.emit(self._load)

    @Slot()
    def _on_load_edited(self) -> None:
        if self._updating:
            return
        layers = int(self.gpu_layers.value())
        self._load = replace(
            self._load,
            n_ctx=int(self.context.value()),
            n_gpu_layers=None if layers == -1 else layers,
            n_threads=int(self.threads.value()) or None,
        )
        self.load_changed.emit(self._load)

    def show_conversation_settings(
        self, sampling: SamplingParams, system_prompt: str, policy: OverflowPolicy
    ) -> None:
        """Show a conversation's settings snapshot without emitting changes."""
        self.show_sampling(sampling)
        self.system_prompt.blockSignals(True)
        self.system_prompt.setPlainText(system_prompt)
        self.system_prompt.blockSignals(False)
        self.overflow.setCurrentIndex(self.overflow.findData(policy))

    @property
    def overflow_policy(self) -> OverflowPolicy:
        return OverflowPolicy(self.overflow.currentData())

    @Slot(int)
    def _on_overflow_chosen(self, _index: int) -> None:
        self.overflow_policy_changed.emit(self.overflow_policy)

    @Slot()
    def _on_system_prompt_edited(self) -> None:
        self.system_prompt_changed.emit(self.system_prompt.toPlainText())


def _clamped(value: float, minimum: float, maximum: float) -> float:
    """``value`` within ``minimum``..``maximum`` (NaN and non-numbers give ``minimum``)."""
    try:
        return float(min(max(value, minimum), maximum)) if value == value else minimum
    except TypeError:
        return minimum
