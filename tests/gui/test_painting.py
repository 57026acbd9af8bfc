"""The window keeps Qt's raster fills on the GUI thread (chatapp/gui/painting.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from chatapp.core.paths import AppPaths
from chatapp.gui.painting import NO_GUI_THREAD_POOL

# Paints a tall scroll bar, as the chat's is, and names the process's threads.
PROBE = """
import os, sys
if sys.argv[1] == "chatapp":
    from chatapp.gui.painting import rasterize_on_gui_thread
    rasterize_on_gui_thread()
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QScrollBar
app = QApplication(["probe"])
bar = QScrollBar(Qt.Orientation.Vertical)
bar.resize(14, 700)
image = QImage(bar.size(), QImage.Format.Format_ARGB32_Premultiplied)
for _ in range(5):
    bar.render(image)
for task in os.listdir("/proc/self/task"):
    with open(f"/proc/self/task/{task}/comm") as name:
        print(name.read().strip())
"""


def _threads_after_painting(mode: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != NO_GUI_THREAD_POOL}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, mode],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    return done.stdout.split()


@pytest.mark.skipif(sys.platform != "linux", reason="thread names are read from /proc")
def test_a_tall_fill_is_painted_without_qt_s_thread_pool() -> None:
    if (os.cpu_count() or 1) > 1:  # the probe sees the pool where Qt would use it
        assert "Thread (pooled)" in " ".join(_threads_after_painting("plain"))
    assert "Thread (pooled)" not in " ".join(_threads_after_painting("chatapp"))


def test_the_window_sets_it_before_anything_is_painted(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chatapp.gui import app

    monkeypatch.delenv(NO_GUI_THREAD_POOL, raising=False)
    created: list[str | None] = []

    class _App:
        def __init__(self, _argv: list[str]) -> None:
            created.append(os.environ.get(NO_GUI_THREAD_POOL))
            raise SystemExit(0)  # the window itself is not needed here

        @staticmethod
        def instance() -> None:
            return None

    monkeypatch.setattr(app, "QApplication", _App)
    with pytest.raises(SystemExit):
        app.run_gui(paths)
    assert created == ["1"]
