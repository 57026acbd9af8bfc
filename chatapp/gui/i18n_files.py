"""Where the compiled translations (.qm) come from.

Qt loads only compiled catalogues (``.qm``); the repository keeps the sources
(``resources/i18n/chatapp_<language>.ts``) and never a compiled file:

* the bundle: ``packaging/build.py`` compiles every ``.ts`` with the build venv's
  ``lrelease`` (``python -m chatapp.gui.i18n_files SOURCE TARGET``, this module) and copies
  Qt's own ``qtbase_<language>.qm`` beside them; the bundle carries them in
  ``resources/i18n``;
* a checkout (``pip install -e .``, the tests): the ``.ts`` is compiled on first use with
  the ``lrelease`` that PySide6 ships, into a cache folder, under a name that carries a
  hash of the ``.ts`` (an edited or pulled ``.ts`` gets compiled again, and no date
  comparison can go wrong). Qt's own catalogue comes from PySide6's translations folder.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import PySide6
from PySide6.QtCore import QLibraryInfo

from chatapp.core.paths import resources_dir

log = logging.getLogger(__name__)

CATALOGUE = "chatapp"  # resources/i18n/chatapp_<language>.ts
QT_CATALOGUE = "qtbase"  # Qt's own strings: standard buttons, dialogs, context menus
# The language the sources (and Qt's own strings) are written in: its catalogue holds
# only the plural forms ("%n message(s)": "1 message", "4 messages"); no Qt catalogue.
SOURCE_LANGUAGE = "en"
LRELEASE_TIMEOUT_S = 60


def catalogue_dir() -> Path:
    """The folder of the ``.ts`` sources (a checkout) or the ``.qm`` files (the bundle)."""
    return resources_dir() / "i18n"


def lrelease_path() -> Path | None:
    """The ``lrelease`` that PySide6 ships (PySide6-Essentials has it), else one on PATH."""
    name = "lrelease.exe" if sys.platform == "win32" else "lrelease"
    shipped = Path(PySide6.__file__).resolve().parent / name
    if shipped.is_file():
        return shipped
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    return Path(found) if found else None


def compile_ts(source: Path, target: Path) -> bool:
    """Compile ``source`` (.ts) into ``target`` (.qm); False (and a log line) on failure."""
    lrelease = lrelease_path()
    if lrelease is None:
        log.warning("no lrelease to compile %s: the window stays in English", source)
        return False
    partial = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [str(lrelease), "-silent", str(source), "-qm", str(partial)],
            capture_output=True,
            text=True,
            timeout=LRELEASE_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("lrelease failed on %s: %s", source, exc)
        return False
    if result.returncode != 0 or not partial.is_file():
        log.warning("lrelease failed on %s: %s", source, (result.stderr or "").strip())
        partial.unlink(missing_ok=True)
        return False
    partial.replace(target)
    return True


def _writable_folder(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK)


def _user_id() -> str:
    return str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")


def catalogue_file(language: str, cache_dir: Path, folder: Path | None = None) -> Path | None:
    """ChatApp's compiled catalogue for ``language`` ("zh_CN"), or None when there is none.

    A shipped ``.qm`` wins when there is no ``.ts`` beside it (the bundle); otherwise the
    ``.ts`` is compiled into ``cache_dir`` once per content."""
    folder = catalogue_dir() if folder is None else folder
    source = folder / f"{CATALOGUE}_{language}.ts"
    shipped = folder / f"{CATALOGUE}_{language}.qm"
    if not source.is_file():
        return shipped if shipped.is_file() else None
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    compiled = cache_dir / f"{CATALOGUE}_{language}-{digest}.qm"
    if compiled.is_file():
        return compiled
    if not _writable_folder(cache_dir):  # a read-only data folder: compile into /tmp
        cache_dir = Path(tempfile.gettempdir()) / f"chatapp-i18n-{_user_id()}"
        compiled = cache_dir / compiled.name
        if compiled.is_file():
            return compiled
    if not compile_ts(source, compiled):
        return shipped if shipped.is_file() else None
    for old in cache_dir.glob(f"{CATALOGUE}_{language}-*.qm"):
        if old != compiled:
            old.unlink(missing_ok=True)
    return compiled


def qt_catalogue_file(language: str, folder: Path | None = None) -> Path | None:
    """Qt's own catalogue (``qtbase_<language>.qm``): the bundle's copy in resources/i18n,
    else the one in PySide6's translations folder."""
    name = f"{QT_CATALOGUE}_{language}.qm"
    folder = catalogue_dir() if folder is None else folder
    for candidate in (folder / name, qt_translations_dir() / name):
        if candidate.is_file():
            return candidate
    return None


def qt_translations_dir() -> Path:
    """Qt's translations folder (PySide6/Qt/translations in a venv)."""
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def compile_catalogues(source: Path, target: Path) -> list[Path]:
    """Compile every ``chatapp_<language>.ts`` in ``source`` into ``target`` and copy Qt's
    ``qtbase_<language>.qm`` beside each but English's (what the bundle carries); returns
    the files.
    Raises RuntimeError when a catalogue cannot be compiled or Qt's is missing."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for ts in sorted(source.glob(f"{CATALOGUE}_*.ts")):
        language = ts.stem.removeprefix(f"{CATALOGUE}_")
        qm = target / f"{ts.stem}.qm"
        if not compile_ts(ts, qm):
            raise RuntimeError(f"lrelease could not compile {ts}")
        written.append(qm)
        if language == SOURCE_LANGUAGE:
            continue
        qt_qm = qt_translations_dir() / f"{QT_CATALOGUE}_{language}.qm"
        if not qt_qm.is_file():
            raise RuntimeError(f"Qt's {qt_qm.name} is not in {qt_qm.parent}")
        shutil.copy2(qt_qm, target / qt_qm.name)
        written.append(target / qt_qm.name)
    return written


def main(argv: list[str] | None = None) -> int:
    """``python -m chatapp.gui.i18n_files SOURCE TARGET`` (packaging/build.py runs it)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m chatapp.gui.i18n_files SOURCE_DIR TARGET_DIR", file=sys.stderr)
        return 2
    try:
        written = compile_catalogues(Path(args[0]), Path(args[1]))
    except RuntimeError as exc:
        print(f"i18n_files: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
