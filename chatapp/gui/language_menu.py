"""Where the user picks the language: View > Language, and a list for the settings."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QComboBox, QMenu, QWidget

from chatapp.gui.i18n import LanguageController, Retranslatable, language_names


class LanguageMenu(Retranslatable, QMenu):
    """ "Language": System, English, 简体中文 as a choice of one; picking one switches the
    window at once."""

    def __init__(self, controller: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("languageMenu")
        self._controller = controller
        self._group = QActionGroup(self)
        self._actions: dict[str, QAction] = {}
        for choice, _label in language_names():
            action = QAction(self)
            action.setCheckable(True)
            action.setData(choice)
            self._group.addAction(action)
            self.addAction(action)
            self._actions[choice] = action
        self._group.triggered.connect(self._on_group_triggered)
        controller.choice_changed.connect(self._on_choice_changed)
        self._on_choice_changed(controller.choice)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("&Language"))
        for choice, label in language_names():
            self._actions[choice].setText(label)

    def _on_group_triggered(self, action: QAction) -> None:
        self._controller.set_language(str(action.data()))

    def _on_choice_changed(self, choice: str) -> None:
        self._actions[choice].setChecked(True)


class LanguageBox(Retranslatable, QComboBox):
    """The language as a drop-down list (the settings); follows the menu and the other
    way round, both through the controller."""

    def __init__(self, controller: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("languageBox")
        # Sized by a length, not by measuring its items: measuring "简体中文" would load a
        # CJK font at start-up (~3 MB of the window process) that only the open list needs.
        # The form stretches the box anyway; no icons, so the height stays the text's.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(6)
        self.setIconSize(QSize(0, 0))
        self._controller = controller
        for choice, label in language_names():
            self.addItem(label, choice)
        self._on_choice_changed(controller.choice)
        self.activated.connect(self._on_activated)
        controller.choice_changed.connect(self._on_choice_changed)
        self.retranslate()

    def retranslate(self) -> None:
        for index, (_choice, label) in enumerate(language_names()):
            self.setItemText(index, label)
        self.setToolTip(
            self.tr(
                "The language of the window. System follows your computer's language; "
                "the change takes effect at once."
            )
        )

    def _on_activated(self, index: int) -> None:
        self._controller.set_language(str(self.itemData(index)))

    def _on_choice_changed(self, choice: str) -> None:
        self.setCurrentIndex(self.findData(choice))
