"""Children the bench drives over their standard input (the fake hub, the window)."""

from __future__ import annotations

import subprocess


def end_child(child: subprocess.Popen[str], seconds: float) -> None:
    """Close the child's input, which tells it to stop, and wait for it (killed after
    ``seconds``); then close its output."""
    assert child.stdin is not None and child.stdout is not None
    child.stdin.close()
    try:
        child.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
    child.stdout.close()
