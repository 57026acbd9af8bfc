"""The model picker against the fake hub: download, pause, close, reopen, resume, use."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from chatapp.bench.fakehub import FakeHub
from chatapp.core.paths import resolve_paths
from chatapp.gui.app import create_window
from chatapp.gui.main_window import MainWindow
from tests.helpers.window import use_sampling

OPENCHAT_REPO = "TheBloke/openchat_3.5-GGUF"
OPENCHAT_FILE = "openchat_3.5.Q4_K_M.gguf"
TOKENIZER = b'{"version": "1.0", "model": {"type": "BPE", "vocab": {}}}'


@pytest.fixture
def hub(medium_gguf: Path) -> Iterator[FakeHub]:
    with FakeHub() as server:
        server.add(OPENCHAT_REPO, OPENCHAT_FILE, medium_gguf)
        server.add("openchat/openchat_3.5", "tokenizer.json", TOKENIZER)
        yield server


def open_window(qtbot, hub: FakeHub) -> MainWindow:
    paths = resolve_paths()
    paths.ensure()
    window = create_window(paths)
    qtbot.addWidget(window)
    window.settings.hub_endpoint = hub.endpoint
    window.show()
    return window


@pytest.fixture
def window(qtbot, data_dir: Path, hub: FakeHub) -> Iterator[MainWindow]:
    win = open_window(qtbot, hub)
    yield win
    win.shutdown()


def test_catalog_row_downloads_with_progress_then_offers_use(qtbot, window, hub):
    hub.misbehave(OPENCHAT_REPO, OPENCHAT_FILE, trickle_bytes_per_second=2_000_000)
    window.models.open_model_picker()
    picker = window.models.picker
    row = picker.row_for("openchat-3.5-q4_k_m")
    assert "fits" in row.details.text() or "tight" in row.details.text()
    assert row.download_button.isVisible() and not row.use_button.isVisible()
    qtbot.mouseClick(row.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: 0 < row.progress_bar.value() < 1000, timeout=10_000)
    assert row.progress_bar.isVisible() and row.pause_button.isVisible()
    assert " of " in row.status.text() and "/s" in row.status.text()
    qtbot.waitUntil(lambda: row.use_button.isVisible(), timeout=30_000)
    assert window.downloads.state(f"{OPENCHAT_REPO}/{OPENCHAT_FILE}").status == "done"
    assert row.use_button.isVisible() and not row.progress_bar.isVisible()
    folder = window.paths.models_dir / OPENCHAT_REPO
    assert (folder / "tokenizer.json").read_bytes() == TOKENIZER
    picker.tabs.setCurrentIndex(1)
    names = [
        picker.installed_table.item(r, 0).text() for r in range(picker.installed_table.rowCount())
    ]
    assert "OpenChat 3.5 (Q4_K_M)" in names


def test_pause_close_reopen_resume(qtbot, data_dir, hub, medium_gguf):
    hub.misbehave(OPENCHAT_REPO, OPENCHAT_FILE, trickle_bytes_per_second=1_000_000)
    first = open_window(qtbot, hub)
    first.models.open_model_picker()
    row = first.models.picker.row_for("openchat-3.5-q4_k_m")
    qtbot.mouseClick(row.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row.progress_bar.value() > 100, timeout=10_000)
    qtbot.mouseClick(row.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row.download_button.text() == "Resume", timeout=5_000)
    assert "paused at" in row.status.text()
    first.close()
    first.shutdown()

    hub.behave(OPENCHAT_REPO, OPENCHAT_FILE)
    second = open_window(qtbot, hub)
    try:
        second.models.open_model_picker()
        row = second.models.picker.row_for("openchat-3.5-q4_k_m")
        assert row.download_button.text() == "Resume" and row.progress_bar.isVisible()
        kept = int(row.progress_bar.value())
        assert kept > 100
        with qtbot.waitSignal(second.downloads.finished, timeout=30_000):
            qtbot.mouseClick(row.download_button, Qt.MouseButton.LeftButton)
        last_range = hub.ranges_seen(OPENCHAT_REPO, OPENCHAT_FILE)[-1]
        assert last_range is not None and int(last_range[6:-1]) > 0
        path = second.paths.models_dir / OPENCHAT_REPO / OPENCHAT_FILE
        assert path.read_bytes() == medium_gguf.read_bytes()
        assert row.use_button.isVisible()
    finally:
        second.shutdown()


def test_cancel_deletes_the_partial_download(qtbot, window, hub):
    hub.misbehave(OPENCHAT_REPO, OPENCHAT_FILE, trickle_bytes_per_second=500_000)
    window.models.open_model_picker()
    row = window.models.picker.row_for("openchat-3.5-q4_k_m")
    qtbot.mouseClick(row.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row.progress_bar.value() > 10, timeout=10_000)
    qtbot.mouseClick(row.cancel_button, Qt.MouseButton.LeftButton)
    key = f"{OPENCHAT_REPO}/{OPENCHAT_FILE}"
    qtbot.waitUntil(lambda: window.downloads.state(key) is None, timeout=5_000)
    assert row.download_button.isVisible() and not row.progress_bar.isVisible()
    assert not list((window.paths.models_dir / OPENCHAT_REPO).glob("*.part*"))


@pytest.mark.parametrize(
    ("how", "words"),
    [
        ({"status": 404, "error_code": "RepoNotFound"}, "was not found"),
        ({"html": True}, "web page, not a model"),
    ],
)
def test_errors_show_inline_on_the_row(qtbot, window, hub, how, words):
    hub.misbehave(OPENCHAT_REPO, OPENCHAT_FILE, **how)
    window.models.open_model_picker()
    row = window.models.picker.row_for("openchat-3.5-q4_k_m")
    qtbot.mouseClick(row.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row.download_button.text() == "Retry", timeout=10_000)
    assert words in row.status.text() and row.status.isVisible()


def test_unreachable_hub_suggests_the_mirror(qtbot, window, hub):
    closed = FakeHub().start()
    window.settings.hub_endpoint = closed.endpoint
    closed.stop()
    window.models.open_model_picker()
    row = window.models.picker.row_for("qwen2.5-0.5b-instruct")
    qtbot.mouseClick(row.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row.download_button.text() == "Retry", timeout=20_000)
    assert "hub unreachable" in row.status.text() and "hf-mirror.com" in row.status.text()


def test_any_gguf_by_repo_and_file(qtbot, window, hub, medium_gguf):
    hub.add("someone/Other-GGUF", "other.Q4_K_M.gguf", medium_gguf)
    window.models.open_model_picker()
    picker = window.models.picker
    qtbot.keyClicks(picker.hub_spec, "someone/Other-GGUF/other.txt")
    qtbot.mouseClick(picker.any_download_button, Qt.MouseButton.LeftButton)
    assert "not a .gguf file" in picker.any_error.text()
    picker.hub_spec.clear()
    with qtbot.waitSignal(window.downloads.finished, timeout=30_000):
        qtbot.keyClicks(picker.hub_spec, "someone/Other-GGUF/other.Q4_K_M.gguf")
        qtbot.mouseClick(picker.any_download_button, Qt.MouseButton.LeftButton)
    row = picker.rows["someone/Other-GGUF/other.Q4_K_M.gguf"]
    assert row.use_button.isVisible()


def test_endpoint_choice_is_saved(qtbot, window):
    window.models.open_model_picker()
    picker = window.models.picker
    picker.endpoint_combo.setCurrentIndex(picker.endpoint_combo.findData("https://hf-mirror.com"))
    assert window.settings.hub_endpoint == "https://hf-mirror.com"
    qtbot.waitUntil(lambda: window.paths.settings_file.is_file(), timeout=3_000)
    qtbot.waitUntil(
        lambda: "hf-mirror.com" in window.paths.settings_file.read_text(encoding="utf-8"),
        timeout=3_000,
    )


def test_dropping_a_gguf_imports_it_and_delete_asks_first(qtbot, window, medium_gguf, monkeypatch):
    monkeypatch.setattr(window.models, "ask_import_mode", lambda _path: True)
    monkeypatch.setattr(
        window, "load_model", lambda path: window.statusBar().showMessage(str(path))
    )
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(medium_gguf))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.downloads.imported, timeout=10_000):
        window.dropEvent(drop)
    copied = window.paths.models_dir / "imported" / medium_gguf.name
    assert copied.is_file()
    window.models.open_model_picker()
    picker = window.models.picker
    picker.tabs.setCurrentIndex(1)
    assert picker.installed_table.item(0, 5).text() == str(copied)
    asked: list[str] = []

    def answer(_parent, _title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    picker.installed_table.selectRow(0)
    qtbot.mouseClick(picker.remove_button, Qt.MouseButton.LeftButton)
    assert asked and copied.is_file()
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(picker.remove_button, Qt.MouseButton.LeftButton)
    assert not copied.exists()
    assert picker.installed_table.rowCount() == 0


@pytest.mark.model
def test_download_through_the_picker_then_chat(qtbot, window, hub, test_model_path):
    repo, file = "test-org/Gemma-3-270M-GGUF", "gemma-3-270m-q4_k_m.gguf"
    hub.add(repo, file, test_model_path)
    hub.misbehave(repo, file, trickle_bytes_per_second=100_000_000)
    window.models.open_model_picker()
    picker = window.models.picker
    qtbot.keyClicks(picker.hub_spec, f"{repo}/{file}")
    qtbot.mouseClick(picker.any_download_button, Qt.MouseButton.LeftButton)
    row = picker.rows[f"{repo}/{file}"]
    qtbot.waitUntil(lambda: row.progress_bar.isVisible() and row.progress_bar.value() > 0)
    # Nothing was loaded, so the finished download loads itself.
    qtbot.waitUntil(lambda: window.composer.button.isEnabled(), timeout=120_000)
    assert window.model_bar.model_label.text().startswith("Gemma")
    assert row.use_button.isVisible()
    use_sampling(window, max_tokens=8)
    with qtbot.waitSignal(window.reply_completed, timeout=60_000) as finished:
        qtbot.keyClicks(window.composer.editor, "Hello")
        qtbot.keyClick(window.composer.editor, Qt.Key.Key_Return)
    assert finished.args[0].generated_tokens > 0
