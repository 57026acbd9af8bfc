"""Downloads seen from outside the model picker (the status bar: progress, then "Use"),
a download's row scrolled into view, and the model in use marked in the Installed tab."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from chatapp.bench.fakehub import FakeHub
from chatapp.gui.main_window import MainWindow
from tests.helpers.gguf_factory import write_gguf
from tests.helpers.window import FAKE_MODEL, FAKE_TIMEOUT_MS, load

REPO = "someone/Other-GGUF"
FILE = "other.Q4_K_M.gguf"
KEY = f"{REPO}/{FILE}"


@pytest.fixture
def hub(medium_gguf: Path) -> Iterator[FakeHub]:
    with FakeHub() as server:
        server.add(REPO, FILE, medium_gguf)
        yield server


@pytest.fixture
def window(fake_window: MainWindow, hub: FakeHub) -> MainWindow:
    """A window on the fake engine with its "model" loaded, downloading from the fake hub."""
    fake_window.settings.hub_endpoint = hub.endpoint
    return fake_window


def _download_any(qtbot, window: MainWindow, spec: str) -> None:
    window.models.open_model_picker()
    picker = window.models.picker
    assert picker is not None
    qtbot.keyClicks(picker.hub_spec, spec)
    qtbot.mouseClick(picker.any_download_button, Qt.MouseButton.LeftButton)


def test_the_status_bar_follows_a_download_after_the_picker_closes_then_offers_use(
    qtbot, window, hub
):
    status = window.models.download_status
    assert not status.isVisible()
    hub.misbehave(REPO, FILE, trickle_bytes_per_second=1_000_000)
    _download_any(qtbot, window, KEY)
    window.models.picker.close()
    qtbot.waitUntil(lambda: 0 < status.progress_bar.value() < 100, timeout=10_000)
    assert status.isVisible() and status.progress_bar.isVisible()
    assert "Downloading other.Q4_K_M" in status.label.text()
    assert f"{status.progress_bar.value()}%" in status.label.text()
    assert not status.use_button.isVisible()
    assert window.statusBar().isAncestorOf(status)
    qtbot.waitUntil(lambda: status.use_button.isVisible(), timeout=30_000)
    assert "is downloaded" in status.label.text() and not status.progress_bar.isVisible()
    assert window.replies.model.path == FAKE_MODEL  # a model was loaded: none loaded for it
    with qtbot.waitSignal(window.model_ready, timeout=FAKE_TIMEOUT_MS):
        qtbot.mouseClick(status.use_button, Qt.MouseButton.LeftButton)
    assert window.replies.model.path == window.paths.models_dir / REPO / FILE
    assert not status.isVisible()


def test_a_failed_download_is_told_in_the_status_bar_until_dismissed(qtbot, window, hub):
    hub.misbehave(REPO, FILE, status=404, error_code="RepoNotFound")
    _download_any(qtbot, window, KEY)
    window.models.picker.close()
    status = window.models.download_status
    qtbot.waitUntil(lambda: "failed" in status.label.text(), timeout=10_000)
    assert status.isVisible() and "was not found" in status.toolTip()
    qtbot.mouseClick(status.dismiss_button, Qt.MouseButton.LeftButton)
    assert not status.isVisible()


def test_a_download_started_in_the_picker_scrolls_its_row_into_view(qtbot, window, hub):
    hub.misbehave(REPO, FILE, trickle_bytes_per_second=500_000)
    window.models.open_model_picker()
    picker = window.models.picker
    picker.resize(860, 420)
    qtbot.waitUntil(lambda: picker.catalog_scroll.verticalScrollBar().maximum() > 0)
    assert picker.catalog_scroll.verticalScrollBar().value() == 0
    qtbot.keyClicks(picker.hub_spec, KEY)
    qtbot.mouseClick(picker.any_download_button, Qt.MouseButton.LeftButton)
    row = picker.rows[KEY]
    viewport = picker.catalog_scroll.viewport()

    def row_in_view() -> bool:
        top = row.mapTo(viewport, QPoint(0, 0)).y()
        placed = row.isVisible() and row.y() > 0  # laid out below the catalog's rows
        return placed and top >= 0 and top + row.height() <= viewport.height()

    qtbot.waitUntil(row_in_view, timeout=5_000)
    assert picker.catalog_scroll.verticalScrollBar().value() > 0
    window.downloads.cancel(KEY)
    qtbot.waitUntil(lambda: window.downloads.state(KEY) is None, timeout=5_000)


def test_the_installed_tab_marks_the_model_in_use(qtbot, window):
    window.paths.imported_dir.mkdir(parents=True, exist_ok=True)
    first = write_gguf(window.paths.imported_dir / "first.gguf")
    second = write_gguf(window.paths.imported_dir / "second.gguf")
    load(qtbot, window, second, timeout=FAKE_TIMEOUT_MS)
    window.models.open_model_picker()
    picker = window.models.picker
    picker.tabs.setCurrentIndex(1)
    table = picker.installed_table
    rows = {Path(table.item(r, 5).text()): r for r in range(table.rowCount())}
    used, other = rows[second], rows[first]
    assert "in use" in table.item(used, 0).text()
    assert table.item(used, 0).font().bold() and not table.item(used, 0).icon().isNull()
    assert "in use" not in table.item(other, 0).text()
    assert not table.item(other, 0).font().bold()
    table.selectRow(used)
    assert not picker.use_installed_button.isEnabled()
    table.selectRow(other)
    assert picker.use_installed_button.isEnabled()
    with qtbot.waitSignal(window.model_ready, timeout=FAKE_TIMEOUT_MS):
        qtbot.mouseClick(picker.use_installed_button, Qt.MouseButton.LeftButton)
    window.models.open_model_picker()
    rows = {Path(table.item(r, 5).text()): r for r in range(table.rowCount())}
    assert "in use" in table.item(rows[first], 0).text()
    assert "in use" not in table.item(rows[second], 0).text()
