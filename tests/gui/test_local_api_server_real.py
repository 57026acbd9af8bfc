"""The window and its local server at once on the real test model: one engine, a reply
in the window while an API request streams, both complete, in arrival order."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from chatapp.core.scheduler import SchedulerState
from chatapp.core.settings import LocalServerParams
from chatapp.gui.main_window import MainWindow
from tests.helpers.api_client import chat
from tests.helpers.window import REAL_TIMEOUT_MS, load, type_and_send, use_sampling

pytestmark = pytest.mark.model


def test_a_window_reply_while_an_api_request_streams_on_one_model(
    qtbot, window: MainWindow, test_model_path: Path
):
    load(qtbot, window, test_model_path, timeout=REAL_TIMEOUT_MS)
    use_sampling(window, max_tokens=12, temperature=0.0)
    window.settings.local_server = LocalServerParams(port=0)
    states: list[SchedulerState] = []
    window.replies.scheduler.add_listener(states.append)
    assert window.local_server.start()
    server = window.local_server.server
    assert server is not None
    with qtbot.waitSignal(window.local_server.busy_changed, timeout=REAL_TIMEOUT_MS):
        call = chat(server.port, "Tell me about lighthouses.", max_tokens=160, temperature=0)
    assert window.local_server.panel.is_busy_shown
    with qtbot.waitSignal(window.reply_completed, timeout=REAL_TIMEOUT_MS) as finished:
        type_and_send(qtbot, window, "Hello")
        qtbot.waitUntil(lambda: window.replies.scheduler.state.waiting == 1)
    qtbot.waitUntil(lambda: call.done, timeout=REAL_TIMEOUT_MS)
    assert call.status == 200 and call.text.strip()
    assert finished.args[0].generated_tokens > 0 and window.history[-1].content.strip()
    started = [(s.active.source, s.active.id) for s in states if s.active is not None]
    api = next(job for source, job in started if source == "api")
    reply = next(job for source, job in started if source == "window")
    assert api < reply  # the API request came first and was served first
    qtbot.waitUntil(lambda: window.local_server.panel.log_table.rowCount() == 1)
    row = window.local_server.panel.log_row(0)
    assert row[1] == "POST /v1/chat/completions" and row[2] == test_model_path.stem
    assert int(row[3]) > 0 and int(row[4]) > 0 and row[6] == "200"
    window.close()
    assert not window.replies.is_running
    assert [t.name for t in threading.enumerate() if t.name.startswith("chatapp-")] == []
