"""The View menu's Theme submenu: System, Light or Dark, one checked."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Slot
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from chatapp.gui.appearance_box import theme_names
from chatapp.gui.i18n import watch_language
from chatapp.gui.icons import icon
from chatapp.gui.theme import ThemeController, theme_controller


class _ThemeActions(QObject):
    def __init__(self, menu: QMenu, controller: ThemeController) -> None:
        super().__init__(menu)
        self._controller = controller
        self._group = QActionGroup(self)
        self._actions: dict[str, QAction] = {}
        for theme in theme_names():
            action = QAction(icon(theme), "", menu)
            action.setCheckable(True)
            action.setObjectName(f"theme-{theme}")
            action.setData(theme)
            self._group.addAction(action)
            menu.addAction(action)
            self._actions[theme] = action
        self._menu = menu
        self._on_theme_changed(controller.theme)
        self._group.triggered.connect(self._on_triggered)
        controller.theme_changed.connect(self._on_theme_changed)
        self.retranslate()
        watch_language(menu, self.retranslate)

    def retranslate(self) -> None:
        """The menu's title and its themes' names in the language now installed."""
        self._menu.setTitle(QCoreApplication.translate("Theme", "&Theme"))
        for theme, name in theme_names().items():
            self._actions[theme].setText(name)

    @Slot(QAction)
    def _on_triggered(self, action: QAction) -> None:
        self._controller.set_theme(str(action.data()))

    @Slot(str)
    def _on_theme_changed(self, theme: str) -> None:
        if theme in self._actions:
            self._actions[theme].setChecked(True)


def add_theme_menu(parent: QMenu, controller: ThemeController | None = None) -> QMenu:
    """Add the Theme submenu to ``parent`` (bound to the application's controller unless
    ``controller`` is given) and return it."""
    menu = parent.addMenu(icon("theme"), "")
    menu.setObjectName("themeMenu")
    _ThemeActions(menu, controller or theme_controller())
    return menu
