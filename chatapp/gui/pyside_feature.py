"""PySide6's import hook (for ``from __feature__ import ...``) searches the source of
every module imported after PySide6 for "PySide6", through ``inspect.getsource``, which
keeps every line of every such file in ``linecache`` for good: 13-16 MB of the window
process (chatapp bench, memory row). :func:`scan_sources_lightly` makes the hook read
each file once and keep nothing; its answer is the same.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

_replaced: list[Callable[[ModuleType], bool]] = []


def scan_sources_lightly() -> bool:
    """Replace the hook's source search; False when this PySide6 has none (or it is
    already replaced)."""
    feature = sys.modules.get("shibokensupport.feature")
    upstream = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or upstream is None or upstream in _replaced:
        return False

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(upstream(module))
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(upstream(module))

    _replaced.append(uses_pyside)
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    return True
