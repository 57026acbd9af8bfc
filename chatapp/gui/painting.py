"""How Qt paints for ChatApp's window."""

from __future__ import annotations

import os

NO_GUI_THREAD_POOL = "QT_NO_GUI_THREADPOOL"


def rasterize_on_gui_thread() -> None:
    """Have Qt's raster engine fill shapes on the GUI thread alone.

    Qt splits a tall fill (a vertical scroll bar's groove, a message's background) into
    pieces for the threads of its own GUI thread pool and waits for them. A 14 x 700 px
    scroll bar then took 1.3 ms to paint on an idle 2-core machine (0.1 ms unsplit), and
    several ms while llama.cpp keeps the cores busy and the pool's threads wait for one.
    Qt reads this variable when it creates that pool, at the first paint: call this
    before it (``run_gui`` does, before the QApplication).
    """
    os.environ.setdefault(NO_GUI_THREAD_POOL, "1")
