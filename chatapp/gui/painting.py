"""How Qt paints for ChatApp's window."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool


def rasterize_on_gui_thread() -> None:
    """Have Qt's raster engine fill shapes on the GUI thread alone.

    Qt splits a tall fill (a vertical scroll bar's groove, a message's background) into
    pieces for the threads of QThreadPool's global pool and waits for them. While
    llama.cpp keeps every core busy, those threads wait for a core, and the GUI thread
    waits for them: a 12 x 700 px fill took 0.2 ms on an idle 2-core machine (0.01 ms
    unsplit) and several ms during a reply. ChatApp runs none of its own work on that
    pool (model hub look-ups have their own).
    """
    QThreadPool.globalInstance().setMaxThreadCount(1)
