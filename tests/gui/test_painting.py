"""The window keeps Qt's raster fills on the GUI thread (chatapp/gui/painting.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from chatapp.core.paths import AppPaths
from chatapp.gui.app import create_window


@pytest.fixture
def global_pool() -> Iterator[QThreadPool]:
    pool = QThreadPool.globalInstance()
    before = pool.maxThreadCount()
    pool.setMaxThreadCount(4)  # as on a 4-core machine, whatever this one has
    yield pool
    pool.setMaxThreadCount(before)


def test_the_window_keeps_fills_off_qt_s_thread_pool(
    qtbot: QtBot, paths: AppPaths, global_pool: QThreadPool
) -> None:
    window = create_window(paths)
    qtbot.addWidget(window)
    try:
        # Qt's raster engine splits a tall fill over this pool's threads, and waits for
        # them even when llama.cpp holds every core; with one thread it never splits.
        assert global_pool.maxThreadCount() == 1
    finally:
        window.shutdown()
