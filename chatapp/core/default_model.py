"""Which model opens when none is named: the one place that decides it.

The window, the terminal chat, the smoke test and the bench all ask here.
"""

from __future__ import annotations

from pathlib import Path

from chatapp.core.model_library import list_installed
from chatapp.core.paths import AppPaths
from chatapp.core.starter import INSTALL_HINT, ensure_starter

__all__ = ["INSTALL_HINT", "default_model"]


def default_model(paths: AppPaths) -> Path | None:
    """The model to use when none is named: the starter (SmolLM2, linked into the data
    folder on first use), else the first installed GGUF that passed its checks; None
    when there is none."""
    starter = ensure_starter(paths)
    if starter is not None:
        return starter
    models = [m for m in list_installed(paths) if m.problem is None]
    return models[0].path if models else None
