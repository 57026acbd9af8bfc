"""A real X server for real-window tests: Xvfb, with xdotool and ImageMagick beside it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

TOOLS = ("Xvfb", "xdotool", "import", "convert")


def wait_for(predicate: Callable[[], object], timeout: float, what: str) -> None:
    """Poll ``predicate`` every 0.2 s until it is true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def assert_not_blank(png: Path) -> None:
    """Fail when the screenshot ``png`` is one flat colour (ImageMagick's spread of it)."""
    spread = subprocess.run(
        ["convert", str(png), "-format", "%[fx:standard_deviation]", "info:"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert float(spread) > 0.05, "the screenshot is blank"


@pytest.fixture
def display() -> Iterator[str]:
    """A fresh Xvfb screen (1280x800); yields its DISPLAY name."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    assert not missing, f"install {missing} (Debian: xvfb xdotool imagemagick), as .ci/run does"
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


class RealApp:
    """``python -m chatapp --data-dir DATA`` on the X server ``display``, with its log
    file and xdotool at hand."""

    def __init__(self, data: Path, display: str) -> None:
        self.env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        self.env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
        self.log_file = data / "logs" / "chatapp.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "chatapp", "--data-dir", str(data)],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def logged(self, text: str) -> bool:
        """Whether the app's log file holds ``text`` yet."""
        return self.log_file.exists() and text in self.log_file.read_text(encoding="utf-8")

    def xdotool(self, *args: str) -> str:
        return subprocess.run(
            ["xdotool", *args], env=self.env, capture_output=True, text=True, check=True
        ).stdout

    def stop(self) -> str:
        """Close the app as the desktop would (SIGTERM); return what it printed."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.communicate(timeout=30)[0]
