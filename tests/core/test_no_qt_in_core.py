"""chatapp/core must stay pure Python: importing it never loads Qt.

The static rule (no module below chatapp.core imports Qt or a front end) is an
import-linter contract in pyproject.toml, run by .ci/run; these tests check what
actually happens at run time, sub-packages included.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import chatapp.core


def _core_modules() -> list[str]:
    return [
        info.name
        for info in pkgutil.walk_packages(chatapp.core.__path__, "chatapp.core.")
        if not info.name.endswith("__main__")
    ]


def test_importing_all_of_core_loads_no_qt():
    modules = _core_modules()
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
    assert len(modules) >= 8


def test_terminal_commands_do_not_load_qt():
    code = (
        "import sys, chatapp.cli, chatapp.cli.chat, chatapp.cli.info, chatapp.cli.models\n"
        "import chatapp.cli.serve, chatapp.server.runner\n"
        "print(any(m.startswith('PySide6') for m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
