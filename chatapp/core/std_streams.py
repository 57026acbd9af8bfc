"""Standard streams for a windowed app: a windowed Windows executable (and pythonw) has
``sys.stdout`` and ``sys.stderr`` set to None, and llama-cpp-python's output redirection
(which asks them for a file descriptor) would crash it. They are pointed at a file in
the log folder instead."""

from __future__ import annotations

import sys
from pathlib import Path

OUTPUT_FILE = "output.log"


def ensure_std_streams(log_dir: Path) -> Path | None:
    """Give missing stdout/stderr a real file, ``<log dir>/output.log`` (rewritten at each
    start, so it never grows); returns that file, or None when nothing was missing."""
    if sys.stdout is not None and sys.stderr is not None:
        return None
    target = log_dir / OUTPUT_FILE
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        stream = open(target, "w", encoding="utf-8", errors="replace", buffering=1)  # noqa: SIM115
    except OSError:
        return None
    if sys.stdout is None:
        sys.stdout = stream
    if sys.stderr is None:
        sys.stderr = stream
    return target
