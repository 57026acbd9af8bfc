"""The model picker's "Search the hub" tab against the fake hub on 127.0.0.1: results while
typing (debounced, off the GUI thread, stale answers dropped), a repository's models with
split parts, fit, licence and gate, failures in one line, and a download to Installed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from chatapp.bench.fakehub import FakeHub
from chatapp.gui.hub_search_tab import HubSearchTab
from chatapp.gui.main_window import MainWindow
from chatapp.gui.model_picker import ModelPickerDialog
from tests.helpers.gguf_factory import write_gguf
from tests.helpers.split_gguf import split_gguf

MIB = 1024**2
TINY = "org/Tiny-Chat-GGUF"
GATED = "other/tiny-chat-small-GGUF"
SPLIT_FIRST = "Tiny-Q8_0-00001-of-00003.gguf"


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hub-models")
    whole = write_gguf(folder / "whole.gguf", extra_bytes=64 * 1024)
    big = write_gguf(folder / "big.gguf", extra_bytes=3 * MIB)
    (folder / "split").mkdir()
    parts = split_gguf(whole, folder / "split" / "Tiny-Q8_0.gguf", 3)
    return {"whole": whole, "big": big, **{f"part{i + 1}": p for i, p in enumerate(parts)}}


@pytest.fixture
def hub(models: dict[str, Path]) -> Iterator[FakeHub]:
    with FakeHub() as server:
        server.add(TINY, "tiny-chat-Q4_K_M.gguf", models["whole"])
        server.add(TINY, "tiny-chat-F16.gguf", models["big"])
        for i in (1, 2, 3):
            server.add(TINY, models[f"part{i}"].name, models[f"part{i}"])
        server.add(TINY, "README.md", b"# Tiny chat\n")
        server.describe(
            TINY,
            downloads=5000,
            likes=42,
            license="apache-2.0",
            last_modified="2025-02-03T04:05:06.000Z",
        )
        server.add(GATED, "small.IQ4_XS.gguf", models["whole"])
        server.describe(GATED, downloads=90_000, likes=3, gated="manual", license="llama3.2")
        server.add("org/qwen-mini-GGUF", "qwen-mini-Q4_0.gguf", models["whole"])
        server.add("org/qwe-other-GGUF", "qwe-Q4_0.gguf", models["whole"])
        yield server


def searches(hub: FakeHub) -> int:
    return sum(r.path == "/api/models" for r in hub.requests)


def result_ids(tab: HubSearchTab) -> list[str]:
    return [tab.results.item(r, 0).text() for r in range(tab.results.rowCount())]


def open_tab(window: MainWindow, endpoint: str) -> tuple[ModelPickerDialog, HubSearchTab]:
    window.settings.hub_endpoint = endpoint
    window.models.open_model_picker()
    picker = window.models.picker
    assert picker is not None
    picker.tabs.setCurrentWidget(picker.hub_search)
    return picker, picker.hub_search


def search(qtbot, tab: HubSearchTab, text: str, rows: int) -> None:
    qtbot.keyClicks(tab.search_box, text)
    qtbot.waitUntil(lambda: tab.results.rowCount() == rows and "match" in tab.status_line.text())


def choose(qtbot, tab: HubSearchTab, repo: str) -> None:
    row = next(i for i, r in enumerate(tab.repos) if r.id == repo)
    tab.results.selectRow(row)
    qtbot.waitUntil(lambda: tab.details is not None and tab.details.repo == repo)


def test_typing_searches_once_after_a_pause_and_lists_repositories(qtbot, window, hub):
    _picker, tab = open_tab(window, hub.endpoint)
    qtbot.keyClicks(tab.search_box, "tiny-chat")
    assert searches(hub) == 0, "the search must wait for a pause in the typing"
    qtbot.waitUntil(lambda: tab.results.rowCount() == 2)
    assert searches(hub) == 1, "nine quick keystrokes make one request"
    assert result_ids(tab) == [f"{GATED} (gated)", TINY]
    values = [tab.results.item(1, c).text() for c in range(tab.results.columnCount())]
    assert values == [TINY, "org", "5,000", "42", "2/3/25"]
    assert tab.results.item(0, 2).text() == "90,000"
    assert "2 GGUF repositories" in tab.status_line.text() and hub.endpoint in (
        tab.status_line.text()
    )
    qtbot.keyClicks(tab.search_box, "-nothing")
    qtbot.waitUntil(lambda: "No GGUF repositories" in tab.status_line.text())
    assert tab.results.rowCount() == 0 and searches(hub) == 2


def test_a_slow_answer_superseded_by_newer_typing_is_dropped(qtbot, window, hub):
    hub.search_delays["qwe"] = 1.5
    _picker, tab = open_tab(window, hub.endpoint)
    dropped: list[tuple[str, str]] = []
    tab.lookups.answer_dropped.connect(lambda kind, subject: dropped.append((kind, subject)))
    qtbot.keyClicks(tab.search_box, "qwe")
    qtbot.waitUntil(lambda: searches(hub) == 1)
    qtbot.keyClicks(tab.search_box, "n")
    # The newer search answers while the slow one is still out: it ran on another thread.
    qtbot.waitUntil(lambda: result_ids(tab) == ["org/qwen-mini-GGUF"], timeout=1400)
    qtbot.waitUntil(lambda: dropped == [("search", "qwe")], timeout=5000)
    assert result_ids(tab) == ["org/qwen-mini-GGUF"]
    assert "'qwen'" in tab.status_line.text()


def test_choosing_a_result_lists_models_with_parts_fit_and_licence(qtbot, window, hub, monkeypatch):
    monkeypatch.setattr(window.models, "model_memory", lambda: (514 * MIB, "RAM"))
    _picker, tab = open_tab(window, hub.endpoint)
    search(qtbot, tab, "Tiny-Chat", 2)
    choose(qtbot, tab, TINY)
    assert "licence: apache-2.0" in tab.repo_summary.text()
    assert "not gated" in tab.repo_summary.text() and not tab.access_note.isVisible()
    assert sorted(tab.file_rows) == sorted(
        f"{TINY}/{f}" for f in ("tiny-chat-Q4_K_M.gguf", "tiny-chat-F16.gguf", SPLIT_FIRST)
    )
    split = tab.file_rows[f"{TINY}/{SPLIT_FIRST}"]
    assert "Tiny-Q8_0.gguf" in split.title.text()
    assert split.details.text().startswith("3 parts · ")
    assert "Q8_0" in split.details.text() and "Tiny-Q8_0-00003-of-00003.gguf" in (
        split.description.text()
    )
    small = tab.file_rows[f"{TINY}/tiny-chat-Q4_K_M.gguf"].details.text()
    big = tab.file_rows[f"{TINY}/tiny-chat-F16.gguf"].details.text()
    assert "Q4_K_M" in small and "tight for your 514.0 MiB RAM" in small
    assert "F16" in big and "too big for your 514.0 MiB RAM" in big
    assert all(row.download_button.isEnabled() for row in tab.file_rows.values())


@pytest.mark.parametrize("token", [None, "hf_secret"])
def test_a_gated_repository_says_how_to_get_access(qtbot, window, hub, monkeypatch, token):
    if token:
        monkeypatch.setenv("HF_TOKEN", token)
    else:
        monkeypatch.delenv("HF_TOKEN", raising=False)
    _picker, tab = open_tab(window, hub.endpoint)
    search(qtbot, tab, "tiny-chat-small", 1)
    choose(qtbot, tab, GATED)
    assert "licence: llama3.2" in tab.repo_summary.text()
    assert "gated (manual)" in tab.repo_summary.text()
    note = tab.access_note.text()
    assert tab.access_note.isVisible() and f"{hub.endpoint}/{GATED}" in note
    if token:
        assert "once the account of your token has accepted" in note
    else:
        assert "accept its licence, then add your access token with Hub token..." in note


def test_a_server_error_is_one_line_and_the_catalog_still_downloads(qtbot, window, hub):
    hub.search_status = 500
    picker, tab = open_tab(window, hub.endpoint)
    qtbot.keyClicks(tab.search_box, "tiny")
    qtbot.waitUntil(lambda: "answered 500" in tab.status_line.text())
    assert "\n" not in tab.status_line.text() and "c62828" in tab.status_line.styleSheet()
    assert tab.results.rowCount() == 0
    picker.tabs.setCurrentIndex(0)
    with qtbot.waitSignal(window.downloads.finished, timeout=30_000):
        qtbot.keyClicks(picker.hub_spec, f"{TINY}/tiny-chat-Q4_K_M.gguf")
        qtbot.mouseClick(picker.any_download_button, Qt.MouseButton.LeftButton)
    picker.tabs.setCurrentIndex(1)
    paths = [
        picker.installed_table.item(r, 5).text() for r in range(picker.installed_table.rowCount())
    ]
    assert str(window.paths.models_dir / TINY / "tiny-chat-Q4_K_M.gguf") in paths


def test_an_unreachable_hub_is_one_line_and_installed_models_still_show(qtbot, window, hub, models):
    installed = window.paths.models_dir / TINY / "tiny-chat-Q4_K_M.gguf"
    installed.parent.mkdir(parents=True)
    installed.write_bytes(models["whole"].read_bytes())
    closed = FakeHub().start()
    endpoint = closed.endpoint
    closed.stop()
    picker, tab = open_tab(window, endpoint)
    qtbot.keyClicks(tab.search_box, "tiny")
    qtbot.waitUntil(lambda: "cannot reach" in tab.status_line.text(), timeout=15_000)
    line = tab.status_line.text()
    assert (
        "\n" not in line and endpoint in line and "catalog and installed models still work" in line
    )
    picker.tabs.setCurrentIndex(1)
    assert picker.installed_table.item(0, 5).text() == str(installed)
    assert picker.use_installed_button.isEnabled()
    picker.tabs.setCurrentIndex(0)
    assert picker.row_for("openchat-3.5-q4_k_m").download_button.isEnabled()


def test_a_split_model_downloads_from_the_tab_and_appears_in_installed(qtbot, window, hub, models):
    hub.misbehave(TINY, "Tiny-Q8_0-00002-of-00003.gguf", trickle_bytes_per_second=100_000)
    picker, tab = open_tab(window, hub.endpoint)
    search(qtbot, tab, "Tiny-Chat", 2)
    choose(qtbot, tab, TINY)
    row = tab.file_rows[f"{TINY}/{SPLIT_FIRST}"]
    with qtbot.waitSignal(window.downloads.finished, timeout=30_000):
        qtbot.mouseClick(row.download_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: row.progress_bar.isVisible() and row.pause_button.isVisible())
    qtbot.waitUntil(lambda: row.use_button.isVisible())
    assert not row.progress_bar.isVisible() and "installed:" in row.status.text()
    folder = window.paths.models_dir / TINY
    for i in (1, 2, 3):
        part = models[f"part{i}"]
        assert (folder / part.name).read_bytes() == part.read_bytes()
    paths = [
        picker.installed_table.item(r, 5).text() for r in range(picker.installed_table.rowCount())
    ]
    assert str(folder / SPLIT_FIRST) in paths
    chosen: list[str] = []
    picker.model_chosen.connect(chosen.append)
    qtbot.mouseClick(row.use_button, Qt.MouseButton.LeftButton)
    assert chosen == [str(folder / SPLIT_FIRST)]


def test_closing_the_picker_mid_search_asks_again_when_it_is_reopened(qtbot, window, hub):
    hub.search_delays["tiny"] = 0.8
    picker, tab = open_tab(window, hub.endpoint)
    dropped: list[tuple[str, str]] = []
    tab.lookups.answer_dropped.connect(lambda kind, subject: dropped.append((kind, subject)))
    qtbot.keyClicks(tab.search_box, "tiny")
    qtbot.waitUntil(lambda: searches(hub) == 1)
    picker.close()
    qtbot.waitUntil(lambda: dropped == [("search", "tiny")], timeout=5000)
    assert tab.results.rowCount() == 0
    window.models.open_model_picker()
    qtbot.waitUntil(lambda: tab.results.rowCount() == 2, timeout=5000)
    assert searches(hub) == 2 and "match 'tiny'" in tab.status_line.text()


def test_shutdown_ends_a_search_still_waiting_for_the_hub(qtbot, window, hub):
    hub.search_delays["tiny"] = 1.0
    _picker, tab = open_tab(window, hub.endpoint)
    qtbot.keyClicks(tab.search_box, "tiny")
    qtbot.waitUntil(lambda: searches(hub) == 1)
    assert tab.lookups.active_threads == 1
    window.shutdown()
    assert tab.lookups.active_threads == 0 and not tab.debounce.isActive()


def test_the_search_box_has_the_focus_and_a_long_error_wraps(qtbot, fake_window):
    fake_window.models.open_model_picker()
    picker = fake_window.models.picker
    picker.tabs.setCurrentWidget(picker.hub_search)
    qtbot.waitUntil(lambda: picker.hub_search.search_box.hasFocus(), timeout=2_000)
    assert picker.hub_search.status_line.wordWrap()
