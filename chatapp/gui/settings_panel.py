"""The settings panel: sampling sliders that apply to the next reply, the system prompt,
what a chat does when it outgrows the context, and the load settings (context, GPU
layers, threads, flash attention) that need a model reload. The widgets and their texts
are ``SettingsView``'s (settings_view.py); this is what the values do."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QWidget

from chatapp.core.conversation import OverflowPolicy
from chatapp.core.settings import SEED_MAX, SEED_MIN, LoadParams, SamplingParams
from chatapp.gui.settings_controls import clamped
from chatapp.gui.settings_presets import PRESETS, matching_preset, with_preset
from chatapp.gui.settings_view import REMOTE_LOAD_TIP, SettingsView

__all__ = ["PRESETS", "REMOTE_LOAD_TIP", "SettingsPanel"]


class SettingsPanel(SettingsView):
    """Sampling and load settings, bound to SamplingParams and LoadParams; the preset
    box names the preset the values match ("Custom" when none).

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
        super().__init__(system_prompt, parent)
        self._updating = False
        self._sampling = sampling
        self._load = load
        self.reset_button.clicked.connect(self._on_reset_clicked)
        self.reload_button.clicked.connect(self.reload_requested)
        self.preset.activated.connect(self._on_preset_chosen)
        for slider in self.sliders.values():
            slider.value_changed.connect(self._on_sampling_edited)
        self.seed.valueChanged.connect(self._on_sampling_edited)
        self.random_seed.toggled.connect(self._on_sampling_edited)
        self.system_prompt.textChanged.connect(self._on_system_prompt_edited)
        for control in (self.context, self.gpu_layers, self.threads):
            control.value_changed.connect(self._on_load_edited)
        self.flash_attn.toggled.connect(self._on_load_edited)
        self.overflow.activated.connect(self._on_overflow_chosen)
        self.show_sampling(sampling)
        self.show_load(load)

    def show_sampling(self, sampling: SamplingParams) -> None:
        """Show ``sampling`` without emitting changes."""
        self._updating = True
        try:
            for name, slider in self.sliders.items():
                slider.set_value(getattr(sampling, name))
            self.seed.setValue(int(clamped(sampling.seed, SEED_MIN, SEED_MAX)))
            self.random_seed.setChecked(bool(sampling.random_seed))
            self.seed.setEnabled(not sampling.random_seed)
        finally:
            self._updating = False
        self._sampling = sampling
        self._show_matching_preset()

    def show_load(self, load: LoadParams) -> None:
        """Show ``load`` without emitting changes."""
        self._updating = True
        try:
            self.context.set_value(load.n_ctx)
            self.gpu_layers.set_value(-1 if load.n_gpu_layers is None else load.n_gpu_layers)
            self.threads.set_value(load.n_threads or 0)
            self.flash_attn.setChecked(bool(load.flash_attn))
        finally:
            self._updating = False
        self._load = load

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

    def _read_sampling(self) -> SamplingParams:
        values = {name: slider.value() for name, slider in self.sliders.items()}
        for name in ("top_k", "repeat_last_n", "max_tokens"):
            values[name] = int(values[name])
        return SamplingParams(
            **values,  # type: ignore[arg-type]
            seed=self.seed.value(),
            random_seed=self.random_seed.isChecked(),
        )

    def _show_matching_preset(self) -> None:
        """The preset whose values the boxes show, or Custom."""
        found = self.preset.findData(matching_preset(self._read_sampling()))
        self.preset.setCurrentIndex(max(found, 0))

    # Edits ---------------------------------------------------------------------------

    @Slot()
    def _on_sampling_edited(self) -> None:
        if self._updating:
            return
        self._sampling = self._read_sampling()
        self.seed.setEnabled(not self._sampling.random_seed)
        self._show_matching_preset()
        self.sampling_changed.emit(self._sampling)

    @Slot(int)
    def _on_preset_chosen(self, index: int) -> None:
        name = self.preset.itemData(index)
        if name in PRESETS:
            self.show_sampling(with_preset(self._sampling, name))
            self.sampling_changed.emit(self._sampling)
        else:
            self._show_matching_preset()

    @Slot()
    def _on_reset_clicked(self) -> None:
        self.show_sampling(SamplingParams())
        defaults = LoadParams()
        self.show_load(
            replace(
                self._load,
                n_ctx=defaults.n_ctx,
                n_gpu_layers=None,
                n_threads=None,
                flash_attn=defaults.flash_attn,
            )
        )
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
            flash_attn=self.flash_attn.isChecked(),
        )
        self.load_changed.emit(self._load)

    @Slot(int)
    def _on_overflow_chosen(self, _index: int) -> None:
        self.overflow_policy_changed.emit(self.overflow_policy)

    @Slot()
    def _on_system_prompt_edited(self) -> None:
        self.system_prompt_changed.emit(self.system_prompt.toPlainText())
