"""Small translation catalogues of a test's own: a chatapp_<language>.ts written from a
dict, which the LanguageController compiles with lrelease the way a checkout does."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.sax.saxutils import escape

from chatapp.gui.i18n import LanguageController

Translations = dict[tuple[str, str], str]  # (context, source) -> translation
Plurals = dict[tuple[str, str], tuple[str, ...]]  # (context, source) -> plural forms


def _write_ts(folder: Path, language: str, messages: dict[str, list[str]]) -> Path:
    """``folder``/chatapp_<language>.ts holding ``messages`` (XML) by context."""
    body = "".join(
        f"<context><name>{name}</name>{''.join(items)}</context>"
        for name, items in messages.items()
    )
    folder.mkdir(parents=True, exist_ok=True)
    ts = folder / f"chatapp_{language}.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
        f'<TS version="2.1" language="{language}">{body}</TS>\n',
        encoding="utf-8",
    )
    return ts


def write_catalogue(folder: Path, translations: Translations) -> Path:
    """A chatapp_zh_CN.ts in ``folder`` with ``translations`` by (context, source)."""
    messages: dict[str, list[str]] = {}
    for (context, source), text in translations.items():
        messages.setdefault(context, []).append(
            f"<message><source>{escape(source)}</source>"
            f"<translation>{escape(text)}</translation></message>"
        )
    return _write_ts(folder, "zh_CN", messages)


def write_plural_catalogue(folder: Path, language: str, plurals: Plurals) -> Path:
    """A chatapp_<language>.ts in ``folder`` with the plural forms of ``plurals``."""
    messages: dict[str, list[str]] = {}
    for (context, source), forms in plurals.items():
        numerus = "".join(f"<numerusform>{escape(form)}</numerusform>" for form in forms)
        messages.setdefault(context, []).append(
            f'<message numerus="yes"><source>{escape(source)}</source>'
            f"<translation>{numerus}</translation></message>"
        )
    return _write_ts(folder, language, messages)


@contextmanager
def chinese_controller(
    folder: Path, translations: Translations, english_plurals: Plurals | None = None
) -> Iterator[LanguageController]:
    """A LanguageController on a zh_CN catalogue of ``translations`` (and an English one
    of ``english_plurals``) written under ``folder``/i18n, its cache in ``folder``/cache;
    closed on the way out."""
    write_catalogue(folder / "i18n", translations)
    if english_plurals is not None:
        write_plural_catalogue(folder / "i18n", "en", english_plurals)
    languages = LanguageController(cache_dir=folder / "cache", catalogue_dir=folder / "i18n")
    try:
        yield languages
    finally:
        languages.close()
