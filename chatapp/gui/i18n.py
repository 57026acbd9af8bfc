"""The window's language: Qt's translators, the locale, the fonts, and re-translation.

Languages: "system" (the default: the OS's language when ChatApp has it, else English),
"en" and "zh_CN" (Simplified Chinese). :class:`LanguageController` installs ChatApp's
catalogue and Qt's own (``qtbase_zh_CN.qm``: standard buttons, dialogs, context menus);
English, the language of the sources, has a catalogue of its plural forms only
("%n message(s)" is "1 message", "4 messages"),
sets ``QLocale.setDefault`` (numbers, dates and sizes: format them with ``QLocale()``),
picks a Chinese font (``cjk_fonts``), and the open window follows at once.

Every string the user sees is written in English inside ``self.tr("...")`` (a QObject
subclass) or ``QCoreApplication.translate("Context", "...")`` (elsewhere), one whole
sentence per string: values go in with ``.format()`` (or ``%n`` for counts:
``self.tr("%n chat(s)", "", n)``), never by gluing translated pieces together.

How a widget follows a language switch. Installing a translator makes Qt send
``QEvent.LanguageChange`` to every widget (and the QObjects below it);
``LanguageController`` delivers it before ``set_language`` returns. A widget class with
text of its own takes the :class:`Retranslatable` mixin (before the Qt class) and sets
every text in ``retranslate()``, which its ``__init__`` calls once::

    class ModelBar(Retranslatable, QWidget):
        def __init__(self, parent: QWidget | None = None) -> None:
            super().__init__(parent)
            self.change_button = QPushButton(self)
            self.state_label = QLabel(self)
            self._outcome: LoadOutcome | None = None
            ...
            self.retranslate()

        def retranslate(self) -> None:
            self.change_button.setText(self.tr("Change model..."))
            self._show_state()  # texts made from state are made again from the state

        def show_loaded(self, outcome: LoadOutcome) -> None:
            self._outcome = outcome
            self._show_state()

So: keep the state a text is made from (not the text), and have one method that makes
the text from it; ``retranslate()`` calls that method. Texts that are not widgets' own
(QActions built by a function, a controller's menu) are set in a function that
``watch_language(owner_widget, set_texts)`` calls again on each switch. Texts that come
from the core (``chatapp.core.messages.Message``) go through :func:`message_text` /
:func:`error_text`. The terminal stays English: nothing here is used outside the window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, QTranslator, Signal
from PySide6.QtGui import QGuiApplication

from chatapp.core.messages import Message
from chatapp.gui.cjk_fonts import (
    MISSING_FONT_NOTICE,
    chinese_font,
    installed_cjk_families,
    needs_font_notice,
)
from chatapp.gui.i18n_files import catalogue_file, qt_catalogue_file

log = logging.getLogger(__name__)

SYSTEM = "system"
ENGLISH = "en"
CHINESE = "zh_CN"
CHOICES = (SYSTEM, ENGLISH, CHINESE)
CORE_CONTEXT = "core"  # chatapp.core.messages: QT_TRANSLATE_NOOP("core", ...)
_TRADITIONAL = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    _MixinBase = QWidget
else:
    _MixinBase = object


class Retranslatable(_MixinBase):
    """Mixin for a widget class with text of its own: ``retranslate()`` runs on every
    language switch (QEvent.LanguageChange). Put it before the Qt class:
    ``class ModelBar(Retranslatable, QWidget)``; call ``self.retranslate()`` at the end
    of ``__init__``."""

    def retranslate(self) -> None:
        """Set every user-visible text of the widget again (through ``self.tr``)."""
        raise NotImplementedError(f"{type(self).__name__} must define retranslate()")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class _LanguageWatcher(QObject):
    """Calls ``callback`` when the object it filters gets QEvent.LanguageChange."""

    def __init__(self, watched: QObject, callback: Callable[[], object]) -> None:
        super().__init__(watched)
        self._callback = callback
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange:
            self._callback()
        return False


def watch_language(owner: QObject, set_texts: Callable[[], object]) -> QObject:
    """Call ``set_texts`` on each language switch that reaches ``owner`` (a widget, or a
    QObject below one); the watcher lives and dies with ``owner``."""
    return _LanguageWatcher(owner, set_texts)


def message_text(text: str) -> str:
    """``text`` in the window's language: a core ``Message`` is translated in the
    "core" context and its values filled in (messages among them translated too); any
    other string is returned as it is."""
    if not isinstance(text, Message):
        return text
    values: dict[str, Any] = {
        name: message_text(value) if isinstance(value, Message) else value
        for name, value in text.values.items()
    }
    template = QCoreApplication.translate(CORE_CONTEXT, text.template)  # i18n: checked
    try:
        return template.format(**values) if values else template
    except (KeyError, IndexError, ValueError):
        log.warning("the translation of %r does not fit its values", text.template)
        return text.template.format(**values) if values else text.template


def error_text(error: BaseException) -> str:
    """What to show for ``error`` in the window's language (see ``message_text``)."""
    first = error.args[0] if len(error.args) == 1 else None
    if isinstance(first, Message):
        return message_text(first)
    return str(error)


def window_locale() -> QLocale:
    """The locale the window writes numbers, dates and sizes in: ``QLocale()`` (the
    language's, see ``LanguageController``), or English where no locale is set at all
    (the "C" locale of a bare system)."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return locale


def number_text(value: int) -> str:
    """A whole number as the window writes it: "4,096" in English."""
    return window_locale().toString(value)


def size_text(n_bytes: float) -> str:
    """A size in bytes as the window writes it: "1.2 GiB" in English."""
    return window_locale().formattedDataSize(
        int(n_bytes), 1, QLocale.DataSizeFormat.DataSizeIecFormat
    )


def language_for_locale(locale: QLocale) -> str:
    """The language ChatApp has for ``locale``'s UI languages, in their order of
    preference: "zh_CN" for Simplified Chinese, "en" otherwise (no Traditional Chinese
    catalogue yet: its readers get the next language they named, else English)."""
    traditional = False
    for name in locale.uiLanguages():
        lowered = name.lower().replace("_", "-")
        if lowered.startswith(_TRADITIONAL):
            traditional = True
            continue
        if lowered == "zh" and traditional:
            continue  # Qt lists "zh" after "zh-Hant-TW": still Traditional
        if lowered == "zh" or lowered.startswith("zh-"):
            return CHINESE
        if lowered == "en" or lowered.startswith("en-"):
            return ENGLISH
    return ENGLISH


def locale_for(language: str, system: QLocale) -> QLocale:
    """The QLocale numbers and dates are written in: the system's when it speaks
    ``language``, else that language's main one."""
    name = system.name().replace("_", "-").lower()
    if language == CHINESE and name.startswith("zh") and not name.startswith(_TRADITIONAL):
        return system
    if language == ENGLISH and system.language() == QLocale.Language.English:
        return system
    return QLocale(QLocale.Language.Chinese if language == CHINESE else QLocale.Language.English)


def language_names() -> list[tuple[str, str]]:
    """(choice, label) for a language menu or list. Each language is named in itself,
    so that a user can find theirs whatever the window shows now."""
    return [
        (SYSTEM, QCoreApplication.translate("LanguageMenu", "System")),
        (ENGLISH, "English"),
        (CHINESE, "简体中文"),
    ]


class LanguageController(QObject):
    """Switches the application's language: translators, default locale and fonts; the
    open widgets are re-translated before ``set_language`` returns.

    ``cache_dir`` receives catalogues compiled from the ``.ts`` in a checkout;
    ``catalogue_dir`` is resources/i18n unless given. ``font_notice_done``: the missing
    font notice was shown before (the caller keeps that), so it is not shown again."""

    choice_changed = Signal(str)  # what the user chose: "system", "en" or "zh_CN"
    language_changed = Signal(str)  # the language now in use: "en" or "zh_CN"
    cjk_font_missed = Signal(str)  # the notice to show (once): which font package to install

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        cache_dir: Path,
        catalogue_dir: Path | None = None,
        font_notice_done: bool = False,
    ) -> None:
        super().__init__(parent)
        self._cache_dir = cache_dir
        self._catalogue_dir = catalogue_dir
        self._font_notice_done = font_notice_done
        self._translators: list[QTranslator] = []
        self._installed: str | None = None  # the language whose catalogues are installed
        self._choice = SYSTEM
        self._language = ENGLISH
        self._default_locale = QLocale()
        self._base_font = QGuiApplication.font() if _gui_app() else None

    @property
    def choice(self) -> str:
        """What the user chose: "system", "en" or "zh_CN"."""
        return self._choice

    @property
    def language(self) -> str:
        """The language in use: "en" or "zh_CN"."""
        return self._language

    def set_language(self, choice: str) -> None:
        """Use ``choice`` ("system", "en", "zh_CN"; anything else counts as "system")."""
        if choice not in CHOICES:
            log.warning("unknown language %r: using the system's", choice)
            choice = SYSTEM
        chose_other = choice != self._choice
        self._choice = choice
        language = language_for_locale(QLocale.system()) if choice == SYSTEM else choice
        switched = language != self._language or (language != ENGLISH and not self._translators)
        missing_font = False
        if language != self._installed and not switched:
            self._install(language)  # the first English: its plural forms
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        if switched:
            self._install(language)
            self._language = language
            QLocale.setDefault(locale_for(language, QLocale.system()))
            missing_font = self._apply_font(language)
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        if chose_other:
            self.choice_changed.emit(choice)
        if switched:
            self.language_changed.emit(language)
        if missing_font and not self._font_notice_done:
            self._font_notice_done = True
            self.cjk_font_missed.emit(MISSING_FONT_NOTICE)

    def close(self) -> None:
        """Back to English with the locale and font found at the start (tests; the end)."""
        self._install(ENGLISH)
        self._language = ENGLISH
        self._choice = SYSTEM
        QLocale.setDefault(self._default_locale)
        if self._base_font is not None:
            QGuiApplication.setFont(self._base_font)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)

    def _install(self, language: str) -> None:
        app = QCoreApplication.instance()
        if app is None:
            return
        for translator in self._translators:
            app.removeTranslator(translator)
        self._translators = []
        self._installed = language
        paths = [catalogue_file(language, self._cache_dir, self._catalogue_dir)]
        if language != ENGLISH:  # Qt's own strings are written in English
            paths.append(qt_catalogue_file(language, self._catalogue_dir))
        for path in paths:
            if path is None:
                if language != ENGLISH:
                    log.warning("no %s catalogue found: some texts stay in English", language)
                continue
            translator = QTranslator(self)
            if translator.load(str(path)):
                app.installTranslator(translator)
                self._translators.append(translator)
            else:
                log.warning("Qt could not load the catalogue %s", path)

    def _apply_font(self, language: str) -> bool:
        """Set the application font for ``language``; True when a Chinese font is
        needed and none is installed."""
        if self._base_font is None:
            return False
        if language != CHINESE:
            QGuiApplication.setFont(self._base_font)
            return False
        families = installed_cjk_families()
        if families:
            QGuiApplication.setFont(chinese_font(self._base_font, families))
        return needs_font_notice(families)


def _gui_app() -> bool:
    return isinstance(QCoreApplication.instance(), QGuiApplication)
