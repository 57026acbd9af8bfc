"""The window's language at start: the controller, the saved choice, and the one notice
about a missing Chinese font."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QWidget

from chatapp import APP_NAME
from chatapp.core.paths import AppPaths
from chatapp.core.settings import AppSettings
from chatapp.gui.appearance_box import AppearanceBox
from chatapp.gui.i18n import LanguageController
from chatapp.gui.language_menu import LanguageBox
from chatapp.gui.notices import show_notice
from chatapp.gui.settings_view import SettingsView


def language_cache_dir(paths: AppPaths) -> Path:
    """Where catalogues compiled from the .ts files of a checkout go."""
    return paths.data_dir / "cache" / "i18n"


def start_language(
    window: QWidget,
    paths: AppPaths,
    settings: AppSettings,
    save: Callable[[], object],
    languages: LanguageController | None = None,
) -> LanguageController:
    """Switch to the language in ``settings`` (with ``languages``, else a controller of
    the window's own) before the window's texts are made; a language chosen later is
    kept in ``settings`` and ``save`` is called. A missing Chinese font is told once, in
    a notice over ``window``."""
    controller = languages or LanguageController(window, cache_dir=language_cache_dir(paths))

    def tell(text: str) -> None:
        QTimer.singleShot(0, window, lambda: show_notice(window, APP_NAME, text))

    def remember(choice: str) -> None:
        if settings.language != choice:
            settings.language = choice
            save()

    controller.cjk_font_missed.connect(tell)
    controller.set_language(settings.language)
    controller.choice_changed.connect(remember)
    return controller


def add_appearance_rows(panel: SettingsView, languages: LanguageController) -> None:
    """The settings' Appearance group: Theme and Language, each in a labelled row."""
    panel.add_appearance_widget(
        AppearanceBox(), lambda: QCoreApplication.translate("SettingsPanel", "Theme")
    )
    panel.add_appearance_widget(
        LanguageBox(languages), lambda: QCoreApplication.translate("SettingsPanel", "Language")
    )
