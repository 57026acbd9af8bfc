"""Translatable messages from the core, without Qt.

Design: the core keeps writing its messages in English, and the terminal shows them as
they are. A message the window should show in the user's language is written as a
template marked with ``QT_TRANSLATE_NOOP("core", ...)`` (a no-op here, with the name Qt's
``pyside6-lupdate`` looks for, so the template lands in ``resources/i18n/*.ts`` under the
context "core") and wrapped in a :class:`Message` with its values::

    from chatapp.core.messages import QT_TRANSLATE_NOOP, Message

    NOT_FOUND = QT_TRANSLATE_NOOP("core", "There is no model file at {path}.")
    raise ModelError(Message(NOT_FOUND, path=path))

A ``Message`` is a ``str`` (the English text, so ``str(error)``, logs and the terminal
are unchanged) that also keeps its template and values. The window turns it into the
user's language with ``chatapp.gui.i18n.message_text`` (``error_text`` for an exception):
it looks the template up with ``QCoreApplication.translate("core", template)`` and fills
in the values, translating values that are messages themselves. Plain strings pass
through untouched, so core modules can be converted one message at a time.

Rules for templates: one whole sentence per template (never glue translated pieces
together); values by name in braces (``{path}``), which translators move but keep;
numbers and sizes formatted by the caller before they go in (the window formats with
QLocale). gettext was the other choice; it would mean a second catalogue format and tool
beside Qt's, while this keeps one ``.ts`` file and one check (tests/i18n).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Mark ``text`` for translation in ``context`` ("core"); returns it unchanged."""
    return text


class Message(str):
    """An English message (this string) that remembers its template and values, so that
    a front end can show it in another language."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, **values: Any) -> Message:
        text = template.format(**values) if values else template
        message = super().__new__(cls, text)
        message.template = template
        message.values = values
        return message

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.template, self.values))


def _rebuild(template: str, values: dict[str, Any]) -> Message:
    return Message(template, **values)


LIST_SEPARATOR = QT_TRANSLATE_NOOP("core", "{list}; {item}")


def message_of(error: BaseException) -> str:
    """The text ``error`` carries: its ``Message`` when it has one (so that a message
    built around it stays translatable: pass this, not ``str(error)``), else its text."""
    first = error.args[0] if len(error.args) == 1 else None
    return first if isinstance(first, Message) else str(error)


def joined(items: Sequence[str], separator: str = LIST_SEPARATOR) -> str:
    """``items`` as one list ("a; b; c"), each item and the separator translatable:
    ``separator`` is a template with ``{list}`` (the items so far) and ``{item}``."""
    if not items:
        return ""
    text: str = items[0]
    for item in items[1:]:
        text = Message(separator, list=text, item=item)
    return text
