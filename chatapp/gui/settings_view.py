"""The settings panel's widgets and texts, in groups (Sampling, System prompt, Context,
Model and performance, Appearance) with the rarely used controls under "Advanced". The
content scrolls up and down, so the panel fits a small window. The values and what
editing them does are ``SettingsPanel``'s (settings_panel.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.conversation import OverflowPolicy
from chatapp.core.settings import SEED_MAX, SEED_MIN, LoadParams
from chatapp.core.settings_validation import logical_cpu_count
from chatapp.gui import settings_tips as tips
from chatapp.gui.i18n import Retranslatable
from chatapp.gui.settings_controls import (
    Expander,
    Range,
    SliderBox,
    VerticalScrollArea,
    muted_label,
    shrinking_combo,
)
from chatapp.gui.settings_presets import PRESETS

REMOTE_LOAD_TIP = str(
    QT_TRANSLATE_NOOP(
        "SettingsPanel",
        "Set on the server: a model on a server runs with the server's own context "
        "length, GPU layers, threads and flash attention (see its start command)",
    )
)

_SAMPLING_RANGES = {
    "temperature": Range(0, 2, 0.05, 2),
    "top_p": Range(0.01, 1, 0.01, 2),
    "repeat_penalty": Range(0.5, 2, 0.01, 2),
    "max_tokens": Range(1, 8192, 1),
    # Under "Advanced":
    "top_k": Range(0, 200, 1),
    "min_p": Range(0, 1, 0.01, 2),
    "repeat_last_n": Range(0, 2048, 8),
}
_ADVANCED_SAMPLING = ("top_k", "min_p", "repeat_last_n")
_DEFAULT_CONTEXT = LoadParams().n_ctx

TextSource = Callable[[], str]


class SettingsView(Retranslatable, QWidget):
    """The settings panel's controls, their labels and tooltips (set again on each
    language switch), laid out in groups in a scroll area. Its texts name their context
    ("SettingsPanel") because ``self.tr`` would take the subclass's name."""

    def __init__(self, system_prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._streaming = False
        self._remote = False
        self._texts: list[tuple[Callable[[str], object], TextSource]] = []
        self._form_labels: list[QLabel] = []
        self._slider_boxes: list[SliderBox] = []
        self.content = QWidget(self)
        self.content.setObjectName("settingsContent")
        self.scope_note = muted_label(self.content)
        self.scope_note.setObjectName("settingsScopeNote")
        self._text(
            self.scope_note.setText,
            lambda: QCoreApplication.translate(
                "SettingsPanel",
                "Sampling, system prompt and overflow are saved with each chat as you use "
                "it and come back when you open it. A new chat starts from the values "
                "shown here.",
            ),
        )
        self.appearance_group = self._group(
            "appearanceGroup", lambda: QCoreApplication.translate("SettingsPanel", "Appearance")
        )
        self.appearance_group.setLayout(self._form())
        self.appearance_group.hide()

        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(8, 8, 8, 8)
        content_layout.setSpacing(10)
        content_layout.addWidget(self.scope_note)
        content_layout.addWidget(self._build_sampling())
        content_layout.addWidget(self._build_system_prompt(system_prompt))
        content_layout.addWidget(self._build_context())
        content_layout.addWidget(self._build_model())
        content_layout.addWidget(self.appearance_group)
        content_layout.addStretch(1)
        self.scroll_area = VerticalScrollArea(self.content, self)
        self.scroll_area.setObjectName("settingsScroll")

        self.reset_button = QPushButton(self)
        self._text(
            self.reset_button.setText,
            lambda: QCoreApplication.translate("SettingsPanel", "Reset to defaults"),
        )
        self._text(self.reset_button.setToolTip, lambda: tips.reset_tip(_DEFAULT_CONTEXT))
        self.reload_button = QPushButton(self)
        self._text(
            self.reload_button.setText,
            lambda: QCoreApplication.translate("SettingsPanel", "Reload model to apply"),
        )
        self._text(self.reload_button.setToolTip, tips.reload_tip)
        self.reload_button.hide()
        buttons = QHBoxLayout()
        buttons.setContentsMargins(8, 6, 8, 8)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        buttons.addWidget(self.reload_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(buttons)
        self.retranslate()

    # Building ------------------------------------------------------------------------

    def _text(self, setter: Callable[[str], object], text: TextSource) -> None:
        """``setter(text())`` now and on every language switch."""
        self._texts.append((setter, text))

    def _group(self, name: str, title: TextSource) -> QGroupBox:
        group = QGroupBox(self.content)
        group.setObjectName(name)
        self._text(group.setTitle, title)
        return group

    def _expander(self, name: str, parent: QWidget) -> Expander:
        expander = Expander(parent)
        expander.setObjectName(name)
        self._text(
            expander.button.setText, lambda: QCoreApplication.translate("SettingsPanel", "Advanced")
        )
        self._text(expander.button.setToolTip, tips.advanced_tip)
        expander.expanded_changed.connect(self._on_expanded_changed)
        return expander

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return form

    def _add_row(
        self,
        form: QFormLayout,
        texts: Callable[[], tuple[str, str]],
        field: QWidget,
        field_tip: bool = True,
    ) -> None:
        """A labelled row; ``texts`` gives the label and the tooltip of both (of the label
        alone without ``field_tip``)."""
        label = QLabel(field.parentWidget())
        label.setBuddy(field)
        self._text(label.setText, lambda: texts()[0])
        self._text(label.setToolTip, lambda: texts()[1])
        if field_tip:
            self._text(field.setToolTip, lambda: texts()[1])
        self._form_labels.append(label)
        form.addRow(label, field)

    def _add_slider(self, name: str, spec: Range, parent: QWidget) -> SliderBox:
        slider = SliderBox(spec, parent)
        slider.setObjectName(name)
        self._slider_boxes.append(slider)
        return slider

    def _add_load_slider(
        self, form: QFormLayout, name: str, spec: Range, parent: QWidget
    ) -> SliderBox:
        """A row of ``form`` for the load setting ``name`` (its tooltip on the label: the
        field's says why it is off on a server)."""
        slider = self._add_slider(name, spec, parent)
        self._add_row(form, _load_texts(name), slider, field_tip=False)
        return slider

    def _build_sampling(self) -> QGroupBox:
        group = self._group(
            "samplingGroup", lambda: QCoreApplication.translate("SettingsPanel", "Sampling")
        )
        self.preset = shrinking_combo(group)
        self.preset.addItem("", None)
        self._text(
            partial(self.preset.setItemText, 0),
            lambda: QCoreApplication.translate("SettingsPanel", "Custom"),
        )
        names = {
            "Precise": lambda: QCoreApplication.translate("SettingsPanel", "Precise"),
            "Balanced": lambda: QCoreApplication.translate("SettingsPanel", "Balanced"),
            "Creative": lambda: QCoreApplication.translate("SettingsPanel", "Creative"),
        }
        for index, key in enumerate(PRESETS, start=1):
            self.preset.addItem(key, key)
            if key in names:
                self._text(partial(self.preset.setItemText, index), names[key])
        form = self._form()
        self._add_row(
            form,
            lambda: (QCoreApplication.translate("SettingsPanel", "Preset"), tips.preset_tip()),
            self.preset,
        )

        self.sampling_advanced = self._expander("samplingAdvanced", group)
        body = self.sampling_advanced.body
        advanced = self._form()
        body.setLayout(advanced)
        self.sliders: dict[str, SliderBox] = {}
        for name, spec in _SAMPLING_RANGES.items():
            inside = name in _ADVANCED_SAMPLING
            slider = self._add_slider(name, spec, body if inside else group)
            self._add_row(advanced if inside else form, _sampling_texts(name), slider)
            self.sliders[name] = slider

        self.seed = QSpinBox(body)
        self.seed.setRange(SEED_MIN, SEED_MAX)
        self.seed.setMinimumWidth(80)
        self._add_row(advanced, _sampling_texts("seed"), self.seed)
        self.random_seed = QCheckBox(body)
        self._text(self.random_seed.setText, lambda: _sampling_texts("random_seed")()[0])
        self._text(self.random_seed.setToolTip, lambda: _sampling_texts("random_seed")()[1])
        advanced.addRow("", self.random_seed)

        self.note = muted_label(group)
        self.note.setObjectName("settingsNote")
        layout = QVBoxLayout(group)
        layout.addLayout(form)
        layout.addWidget(self.sampling_advanced)
        layout.addWidget(self.note)
        return group

    def _build_system_prompt(self, system_prompt: str) -> QGroupBox:
        group = self._group(
            "systemPromptGroup",
            lambda: QCoreApplication.translate("SettingsPanel", "System prompt"),
        )
        self.system_prompt = QPlainTextEdit(group)
        self._text(
            self.system_prompt.setPlaceholderText,
            lambda: QCoreApplication.translate(
                "SettingsPanel", "Optional, e.g. You are a concise assistant."
            ),
        )
        self._text(self.system_prompt.setToolTip, tips.system_prompt_tip)
        self.system_prompt.setFixedHeight(90)
        self.system_prompt.setPlainText(system_prompt)
        layout = QVBoxLayout(group)
        layout.addWidget(self.system_prompt)
        return group

    def _build_context(self) -> QGroupBox:
        group = self._group(
            "contextGroup", lambda: QCoreApplication.translate("SettingsPanel", "Context")
        )
        form = self._form()
        self.context = self._add_load_slider(form, "n_ctx", Range(256, 131072, 256), group)
        self.overflow = shrinking_combo(group)
        self.overflow.setObjectName("overflowPolicy")
        for index, policy in enumerate(OverflowPolicy):
            self.overflow.addItem(policy.value, policy)
            self._text(partial(self.overflow.setItemText, index), _overflow_text(policy, 0))
            tip_setter = partial(self.overflow.setItemData, index, role=Qt.ItemDataRole.ToolTipRole)
            self._text(tip_setter, _overflow_text(policy, 1))
        self._text(self.overflow.setToolTip, tips.overflow_tip)
        overflow_label = QLabel(group)
        overflow_label.setWordWrap(True)
        overflow_label.setBuddy(self.overflow)
        self._text(
            overflow_label.setText,
            lambda: QCoreApplication.translate(
                "SettingsPanel", "When the chat outgrows the context:"
            ),
        )
        self._text(overflow_label.setToolTip, tips.overflow_tip)
        layout = QVBoxLayout(group)
        layout.addLayout(form)
        layout.addWidget(overflow_label)
        layout.addWidget(self.overflow)
        return group

    def _build_model(self) -> QGroupBox:
        group = self._group(
            "modelGroup",
            lambda: QCoreApplication.translate("SettingsPanel", "Model and performance"),
        )
        scope = muted_label(group)
        self._text(
            scope.setText,
            lambda: QCoreApplication.translate(
                "SettingsPanel", "These apply to every chat and take effect after a model reload."
            ),
        )
        form = self._form()
        self.gpu_layers = self._add_load_slider(form, "n_gpu_layers", Range(-1, 200, 1), group)
        self._text(
            self.gpu_layers.box.setSpecialValueText,
            lambda: QCoreApplication.translate("SettingsPanel", "Auto (plan)"),
        )
        self.model_advanced = self._expander("modelAdvanced", group)
        body = self.model_advanced.body
        advanced = self._form()
        body.setLayout(advanced)
        self.threads = self._add_load_slider(
            advanced, "n_threads", Range(0, logical_cpu_count(), 1), body
        )
        self._text(
            self.threads.box.setSpecialValueText,
            lambda: QCoreApplication.translate("SettingsPanel", "Auto"),
        )
        self.flash_attn = QCheckBox(body)
        self.flash_attn.setObjectName("flashAttention")
        self._text(self.flash_attn.setText, lambda: _load_texts("flash_attn")()[0])
        advanced.addRow("", self.flash_attn)
        layout = QVBoxLayout(group)
        layout.addWidget(scope)
        layout.addLayout(form)
        layout.addWidget(self.model_advanced)
        return group

    def _align_columns(self) -> None:
        """One width for the labels and one for the number boxes in every group, so that
        the controls line up."""
        for widgets in (self._form_labels, [slider.box for slider in self._slider_boxes]):
            for widget in widgets:
                widget.setMinimumWidth(0)
            width = max(widget.sizeHint().width() for widget in widgets)
            for widget in widgets:
                widget.setMinimumWidth(width)

    def retranslate(self) -> None:
        """Every text again, in the language now installed."""
        for setter, text in self._texts:
            setter(text())
        self._show_load_tips()
        self.set_streaming(self._streaming)
        self._align_columns()
        self.scroll_area.updateGeometry()

    def add_appearance_widget(self, widget: QWidget, label: TextSource | None = None) -> None:
        """Show ``widget`` (e.g. the theme choice) in the Appearance group at the end, in a
        row named ``label`` (a function that gives its text) when given."""
        form = self.appearance_group.layout()
        assert isinstance(form, QFormLayout)
        widget.setParent(self.appearance_group)
        if label is None:
            form.addRow(widget)
        else:
            name = QLabel(self.appearance_group)
            name.setBuddy(widget)
            self._text(name.setText, label)
            name.setText(label())
            self._form_labels.append(name)
            form.addRow(name, widget)
            self._align_columns()
        self.appearance_group.show()
        self.scroll_area.updateGeometry()

    # States --------------------------------------------------------------------------

    def set_layer_count(self, n_layers: int) -> None:
        """The loaded model's layer count bounds the GPU layers slider."""
        self.gpu_layers.set_maximum(max(n_layers + 1, 0))  # the output layer counts too

    def set_reload_needed(self, needed: bool) -> None:
        self.reload_button.setVisible(needed and self.context.isEnabled())

    def set_remote(self, remote: bool) -> None:
        """A model on a server: the load settings are the server's, so they are off."""
        self._remote = remote
        for control in (self.context, self.gpu_layers, self.threads, self.flash_attn):
            control.setEnabled(not remote)
        self._show_load_tips()
        if remote:
            self.reload_button.hide()

    def _show_load_tips(self) -> None:
        """The load controls say what they do, or that the server decides (their labels
        keep saying what they do)."""
        remote_tip = QCoreApplication.translate("SettingsPanel", REMOTE_LOAD_TIP)  # i18n: checked
        controls = {
            "n_ctx": self.context,
            "n_gpu_layers": self.gpu_layers,
            "n_threads": self.threads,
            "flash_attn": self.flash_attn,
        }
        for name, control in controls.items():
            control.setToolTip(remote_tip if self._remote else _load_texts(name)()[1])

    def set_streaming(self, streaming: bool) -> None:
        self._streaming = streaming
        self.note.setText(
            QCoreApplication.translate(
                "SettingsPanel", "Changes apply to the next reply; this one keeps its settings."
            )
            if streaming
            else QCoreApplication.translate("SettingsPanel", "Changes apply to the next reply.")
        )

    @Slot(bool)
    def _on_expanded_changed(self, _expanded: bool) -> None:
        self.scroll_area.updateGeometry()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.scroll_area.updateGeometry()  # the style's sizes are known once shown


def _sampling_texts(name: str) -> Callable[[], tuple[str, str]]:
    return lambda: tips.sampling_texts()[name]


def _load_texts(name: str) -> Callable[[], tuple[str, str]]:
    return lambda: tips.load_texts(_DEFAULT_CONTEXT)[name]


def _overflow_text(policy: OverflowPolicy, which: int) -> TextSource:
    """The short label (0) or the full text (1) of an overflow choice."""
    return lambda: tips.overflow_labels()[policy][which]
