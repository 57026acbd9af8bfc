"""The window with hostile settings.json values and hostile saved-chat snapshots: it opens,
tells the user once (without blocking) which field was changed, and its controls hold
only values they can show."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from chatapp.core.conversation import Conversation, StoredMessage
from chatapp.core.paths import AppPaths, resolve_paths
from chatapp.core.settings import SEED_MAX, LoadParams, SamplingParams
from chatapp.core.settings_validation import CONTEXT_MAX, logical_cpu_count
from chatapp.core.store import ConversationStore
from chatapp.gui.app import create_window, initial_model
from chatapp.gui.main_window import MainWindow
from chatapp.gui.settings_panel import SettingsPanel


@pytest.fixture
def paths(data_dir: Path) -> AppPaths:
    paths = resolve_paths()
    paths.ensure()
    return paths


@pytest.fixture
def open_window(qtbot, paths: AppPaths) -> Iterator[Any]:
    windows: list[MainWindow] = []

    def opener(settings: Any) -> MainWindow:
        paths.settings_file.write_text(json.dumps(settings), encoding="utf-8")
        window = create_window(paths)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield opener
    for window in windows:
        window.shutdown()


def notices(qtbot, window: MainWindow) -> list[str]:
    """The texts of the notice boxes the window opened (waits for the first one)."""

    def boxes() -> list[QMessageBox]:
        return [box for box in window.findChildren(QMessageBox) if box.isVisible()]

    qtbot.waitUntil(lambda: bool(boxes()), timeout=5_000)
    return [box.text() for box in boxes()]


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"load": {"n_ctx": 3000000000}}, "load.n_ctx"),
        ({"sampling": {"seed": 3000000000}}, "sampling.seed"),
        ({"sampling": {"max_tokens": 1e30}}, "sampling.max_tokens"),
        ({"load": {"n_threads": 999, "n_gpu_layers": -5}}, "load.n_threads"),
        ({"sampling": {"top_k": 1e30, "repeat_last_n": -(2**40)}}, "sampling.top_k"),
    ],
)
def test_out_of_range_values_open_the_window_with_one_notice(
    qtbot, open_window: Any, settings: dict[str, Any], field: str
):
    window = open_window(settings)
    [text] = notices(qtbot, window)
    assert field in text
    panel = window.settings_panel
    for box in (panel.context.box, panel.seed, panel.threads.box, panel.sliders["top_k"].box):
        assert box.minimum() <= box.value() <= box.maximum()
    window.settings.sampling.validate()
    window.settings.load.validate()


def test_the_repaired_values_reach_the_window_and_the_next_start_is_quiet(
    qtbot, open_window: Any, paths: AppPaths
):
    window = open_window(
        {"load": {"n_ctx": 3000000000, "n_threads": 999}, "sampling": {"seed": 3000000000}}
    )
    notices(qtbot, window)
    assert window.settings.load.n_ctx == CONTEXT_MAX
    assert window.settings.load.n_threads == logical_cpu_count()
    assert window.settings.sampling.seed == SEED_MAX
    assert window.settings_panel.seed.value() == SEED_MAX
    assert window.settings_panel.threads.value() == logical_cpu_count()
    window.shutdown()
    again = create_window(paths)
    qtbot.addWidget(again)
    again.show()
    qtbot.wait(50)
    assert not [b for b in again.findChildren(QMessageBox) if b.isVisible()]
    again.shutdown()


def test_wrong_types_keep_the_other_settings(qtbot, open_window: Any):
    window = open_window(
        {
            "last_model": 42,
            "last_conversation": {},
            "system_prompt": ["not", "text"],
            "sampling": {"temperature": "hot", "top_k": 7},
            "load": {"n_ctx": 2048, "flash_attn": "yes"},
        }
    )
    [text] = notices(qtbot, window)
    for field in ("last_model", "last_conversation", "system_prompt", "sampling.temperature"):
        assert field in text
    assert window.settings.last_model is None and window.settings.last_conversation is None
    assert window.settings.sampling.top_k == 7 and window.settings.load.n_ctx == 2048
    assert window.settings_panel.sliders["top_k"].value() == 7
    assert window.settings_panel.context.value() == 2048
    initial_model(window)  # a number as the last model no longer breaks the start


def test_an_unreadable_settings_file_gives_a_notice_that_does_not_block(
    qtbot, open_window: Any, paths: AppPaths
):
    paths.settings_file.write_bytes(b"\xff{{{")
    window = create_window(paths)
    qtbot.addWidget(window)
    window.show()
    [text] = notices(qtbot, window)
    assert "settings.json.bad" in text
    window.shutdown()


def test_the_panel_clamps_what_its_controls_cannot_hold(qtbot):
    sampling = SamplingParams(seed=2**40, max_tokens=10**12, top_k=-(2**50), temperature=1e300)
    load = LoadParams(n_ctx=3_000_000_000, n_threads=10**6, n_gpu_layers=2**33)
    panel = SettingsPanel(sampling, load, "")
    qtbot.addWidget(panel)
    assert panel.seed.value() == panel.seed.maximum() == SEED_MAX
    assert panel.sliders["max_tokens"].box.value() == panel.sliders["max_tokens"].box.maximum()
    assert panel.sliders["top_k"].box.value() == 0
    assert panel.context.box.value() == panel.context.box.maximum()
    assert panel.threads.box.maximum() == logical_cpu_count()
    assert panel.threads.box.value() == logical_cpu_count()


def test_a_saved_chat_with_hostile_settings_opens(qtbot, paths: AppPaths):
    hostile = Conversation(
        title="Hostile",
        settings={
            "sampling": {
                "seed": 3000000000,
                "max_tokens": 1e30,
                "top_k": "many",
                "random_seed": "yes",
                "temperature": None,
            }
        },
        messages=[StoredMessage("user", "hi"), StoredMessage("assistant", "hello")],
    )
    store = ConversationStore(paths.conversations_db)
    store.save_all(hostile)
    store.close()
    window = create_window(paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.keeper.is_ready, timeout=5_000)
    assert window.conversations.open_conversation(hostile.id)
    sampling = window.settings.sampling
    sampling.validate()
    assert sampling.seed == SEED_MAX and isinstance(sampling.random_seed, bool)
    assert window.settings_panel.seed.value() == SEED_MAX
    window.shutdown()


def test_a_window_closed_before_its_store_opens_logs_no_error(
    qtbot, paths: AppPaths, caplog: pytest.LogCaptureFixture
):
    paths.conversations_db.mkdir()
    window = create_window(paths)
    qtbot.addWidget(window)
    window.show()
    window.shutdown()  # as the smoke test does, before the store's "opened" arrives
    qtbot.wait(200)
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]


@pytest.mark.parametrize("stored", ["[1, 2]", "not json", '"text"', '{"sampling": [3]}'])
def test_a_saved_chat_whose_settings_are_not_an_object_opens(qtbot, paths: AppPaths, stored: str):
    chat = Conversation(title="Odd", messages=[StoredMessage("user", "hi")])
    store = ConversationStore(paths.conversations_db)
    store.save_all(chat)
    store.connection.execute("UPDATE conversations SET settings = ?", (stored,))
    store.close()
    window = create_window(paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.keeper.is_ready, timeout=5_000)
    before = window.settings.sampling
    assert window.conversations.open_conversation(chat.id)
    assert window.settings.sampling == before
    window.shutdown()
