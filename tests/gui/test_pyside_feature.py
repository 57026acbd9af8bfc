"""PySide6's import hook reads the source of every module imported after it; with
ChatApp's window package imported it keeps none of it in ``linecache``."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import linecache, sys
{setup}
import fractions, PySide6.QtCore
from PySide6.QtWidgets import QWidget
print(fractions.__file__ in linecache.cache, "fractions" in sys.modules)
"""


def run(setup: str) -> str:
    code = PROBE.format(setup=setup)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_pyside6_alone_keeps_the_source_of_later_imports() -> None:
    # What the fix is for: without it, each module's lines stay in memory.
    assert run("import PySide6") == "True True"


def test_the_window_package_keeps_no_source_of_later_imports() -> None:
    assert run("import chatapp.gui") == "False True"
