"""A drop-down that chooses the theme (System, Light, Dark), for the settings panel."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QComboBox, QWidget

from chatapp.gui.i18n import Retranslatable
from chatapp.gui.icons import icon
from chatapp.gui.theme import THEMES, ThemeController, theme_controller


def theme_names() -> dict[str, str]:
    """Each theme's name as shown to the user, translated."""
    translate = QCoreApplication.translate
    return {
        "system": translate("Theme", "System"),
        "light": translate("Theme", "Light"),
        "dark": translate("Theme", "Dark"),
    }


class AppearanceBox(Retranslatable, QComboBox):
    """System / Light / Dark, bound to ``controller`` (the application's by default):
    choosing applies the theme, and a theme chosen elsewhere (the View menu) shows here."""

    def __init__(
        self, controller: ThemeController | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("themeBox")
        self._controller = controller or theme_controller()
        for theme in theme_names():
            self.addItem(icon(theme), "", theme)
        self.retranslate()
        self._on_theme_changed(self._controller.theme)
        self.currentIndexChanged.connect(self._on_current_index_changed)
        self._controller.theme_changed.connect(self._on_theme_changed)

    def retranslate(self) -> None:
        for index, name in enumerate(theme_names().values()):
            self.setItemText(index, name)
        self.setToolTip(self.tr("How ChatApp looks; System follows your OS's light or dark mode"))

    @Slot(int)
    def _on_current_index_changed(self, index: int) -> None:
        if 0 <= index < len(THEMES):
            self._controller.set_theme(str(self.itemData(index)))

    @Slot(str)
    def _on_theme_changed(self, theme: str) -> None:
        index = self.findData(theme)
        if index >= 0 and index != self.currentIndex():
            self.blockSignals(True)
            self.setCurrentIndex(index)
            self.blockSignals(False)
