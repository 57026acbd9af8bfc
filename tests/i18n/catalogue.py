"""The translation catalogue against the sources: pyside6-lupdate, and what a .ts holds.

Shared by the CI check (tests/i18n/test_translations.py) and the command that brings the
committed catalogue up to date (``.venv/bin/python -m tests.i18n.update_catalogue``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import PySide6

REPO = Path(__file__).resolve().parents[2]
CATALOGUE_DIR = REPO / "resources" / "i18n"
LANGUAGES = ("zh_CN",)  # every string of the window, translated
# The language the sources are written in: its catalogue holds only the plural (%n)
# entries, with the real plural forms ("%n message" / "%n messages" for "%n message(s)").
PLURAL_ONLY = ("en",)
CATALOGUES = LANGUAGES + PLURAL_ONLY
# Same arguments for the check and the update, so that they agree; no file:line
# locations, so that moving code does not change the .ts.
LUPDATE_ARGS = ("-locations", "none")
_GONE = ("vanished", "obsolete")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:[:!][^{}]*)?\}|%n|%L?[1-9]")


def catalogue(language: str) -> Path:
    """The committed ``resources/i18n/chatapp_<language>.ts``."""
    return CATALOGUE_DIR / f"chatapp_{language}.ts"


def lupdate_args(language: str) -> tuple[str, ...]:
    """What lupdate needs besides ``LUPDATE_ARGS`` for ``language``'s catalogue."""
    return ("-pluralonly",) if language in PLURAL_ONLY else ()


def qt_tool(name: str) -> Path:
    """``lupdate``/``lrelease`` from PySide6 (what ``pyside6-<name>`` runs)."""
    folder = Path(PySide6.__file__).resolve().parent
    shipped = folder / (f"{name}.exe" if sys.platform == "win32" else name)
    if shipped.is_file():
        return shipped
    found = shutil.which(f"pyside6-{name}", path=str(Path(sys.executable).parent))
    if found is None:
        raise FileNotFoundError(f"neither {shipped} nor pyside6-{name} is there")
    return Path(found)


def source_files() -> list[Path]:
    """What lupdate reads: the window's code, and the modules of the core and of the API
    server that mark messages (chatapp/core/messages.py and its users)."""
    gui = sorted((REPO / "chatapp" / "gui").rglob("*.py"))
    marking = [
        path
        for folder in ("core", "server")
        for path in sorted((REPO / "chatapp" / folder).rglob("*.py"))
        if path.name == "messages.py" or "QT_TRANSLATE_NOOP(" in path.read_text(encoding="utf-8")
    ]
    return gui + marking


def run_in_repo(
    command: list[str], env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in the repository with its output captured as text (a failure is
    the caller's to check)."""
    return subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def run_lupdate(ts: Path, *extra: str) -> str:
    """Merge the strings of ``source_files()`` into ``ts`` (created when missing)."""
    sources = [str(p.relative_to(REPO)) for p in source_files()]
    result = run_in_repo(
        [str(qt_tool("lupdate")), *LUPDATE_ARGS, *extra, *sources, "-ts", str(ts)], timeout=120
    )
    if result.returncode != 0:
        raise RuntimeError(f"lupdate failed ({result.returncode}): {result.stderr}")
    return result.stdout + result.stderr


@dataclass(frozen=True)
class Entry:
    """One message of a .ts file."""

    context: str
    source: str
    comment: str
    kind: str  # the translation's type: "" (finished), "unfinished", "vanished", "obsolete"
    translations: tuple[str, ...]  # one, or one per plural form (numerus)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.context, self.source, self.comment)

    def __str__(self) -> str:
        comment = f" ({self.comment})" if self.comment else ""
        return f"{self.context}: {self.source!r}{comment}"


def read_entries(ts: Path) -> list[Entry]:
    """Every message in ``ts``."""
    entries = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = "" if translation is None else translation.get("type", "")
            if translation is None:
                texts: tuple[str, ...] = ("",)
            elif message.get("numerus") == "yes":
                texts = tuple(form.text or "" for form in translation.iter("numerusform"))
            else:
                texts = (translation.text or "",)
            entries.append(
                Entry(
                    context=name,
                    source=message.findtext("source") or "",
                    comment=message.findtext("comment") or "",
                    kind=kind,
                    translations=texts,
                )
            )
    return entries


@dataclass
class Comparison:
    """What a catalogue lacks or holds too much against the sources."""

    missing: list[Entry]  # in the sources, not in the catalogue
    vanished: list[Entry]  # in the catalogue, not in the sources (or marked so)


def compare(committed: Path, merged: Path) -> Comparison:
    """``merged`` is a copy of ``committed`` after lupdate ran on it."""
    before = {entry.key for entry in read_entries(committed) if entry.kind not in _GONE}
    after = read_entries(merged)
    after_keys = {entry.key for entry in after if entry.kind not in _GONE}
    missing = [entry for entry in after if entry.kind not in _GONE and entry.key not in before]
    vanished = [entry for entry in after if entry.kind in _GONE]
    dropped = before - after_keys - {entry.key for entry in vanished}
    vanished += [entry for entry in read_entries(committed) if entry.key in dropped]
    vanished += [entry for entry in read_entries(committed) if entry.kind in _GONE]
    return Comparison(missing=missing, vanished=sorted(set(vanished), key=str))


def unfinished(entries: list[Entry]) -> list[Entry]:
    """Entries not translated yet (marked unfinished, or with an empty translation)."""
    return [
        entry
        for entry in entries
        if entry.kind not in _GONE
        and (entry.kind == "unfinished" or not all(t.strip() for t in entry.translations))
    ]


def placeholder_mismatches(entries: list[Entry]) -> list[str]:
    """Finished translations whose placeholders ({name}, %n, %1) differ from the source's:
    ``.format()`` would fail or lose a value at run time."""
    problems = []
    for entry in entries:
        if entry.kind:
            continue
        wanted = sorted(_PLACEHOLDER.findall(entry.source))
        for text in entry.translations:
            found = sorted(_PLACEHOLDER.findall(text))
            if found != wanted and not (wanted == ["%n"] and not found):
                problems.append(f"{entry}: {text!r} has {found}, the source {wanted}")
    return problems
