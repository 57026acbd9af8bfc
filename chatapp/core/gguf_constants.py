"""The ``gguf`` package's constants, loaded without ``gguf/__init__.py``.

``import gguf`` (or any ``gguf.x``) runs the package's ``__init__``, which imports numpy:
about 0.1 s of the window's start-up (``chatapp bench``, start-up row), although ChatApp
only needs ``gguf/constants.py``, a pure-Python file. This module loads that file alone, under
its own name (a later ``import gguf`` loads the package's copy: the enums are IntEnums, so
values from either compare equal), and falls back to the plain import wherever that cannot
be done (e.g. a frozen app) or ``gguf`` is already imported.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

NAME = "gguf.constants"
PRIVATE_NAME = "chatapp.core._gguf_constants_file"


def _load() -> ModuleType:
    loaded = sys.modules.get(NAME) or sys.modules.get(PRIVATE_NAME)
    if loaded is not None:
        return loaded
    if "gguf" not in sys.modules:
        try:
            package = importlib.util.find_spec("gguf")
            folders = list(package.submodule_search_locations or []) if package else []
            source = Path(folders[0]) / "constants.py" if folders else None
            spec = (
                importlib.util.spec_from_file_location(PRIVATE_NAME, source)
                if source is not None and source.is_file()
                else None
            )
            if spec is not None and spec.loader is not None:
                module = importlib.util.module_from_spec(spec)
                sys.modules[PRIVATE_NAME] = module
                spec.loader.exec_module(module)
                return module
        except Exception:
            sys.modules.pop(PRIVATE_NAME, None)
    import gguf.constants  # a plain import statement, so that PyInstaller sees it

    return gguf.constants


_constants = _load()

GGML_QUANT_SIZES = _constants.GGML_QUANT_SIZES
GGUF_DEFAULT_ALIGNMENT = _constants.GGUF_DEFAULT_ALIGNMENT
GGUF_MAGIC = _constants.GGUF_MAGIC
MODEL_ARCH_NAMES = _constants.MODEL_ARCH_NAMES
GGMLQuantizationType = _constants.GGMLQuantizationType
GGUFValueType = _constants.GGUFValueType
LlamaFileType = _constants.LlamaFileType
