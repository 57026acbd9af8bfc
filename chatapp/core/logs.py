"""Logging to ``<log dir>/chatapp.log`` (rotating); llama.cpp's log goes there too."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

_FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"


def setup_logging(log_file: Path, level: int = logging.DEBUG) -> Path | None:
    """Send all ChatApp and llama.cpp logging to ``log_file``; return it, or None when
    the file cannot be written (then warnings go to stderr instead)."""
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_chatapp", False):
            root.removeHandler(old)
            old.close()
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_file,
            maxBytes=2_000_000,
            backupCount=3,
            encoding="utf-8",
            errors="backslashreplace",  # undecodable file names (surrogates) in messages
        )
        result: Path | None = log_file
    except OSError:
        handler = logging.StreamHandler()
        handler.setLevel(logging.WARNING)
        result = None
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler._chatapp = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return result
