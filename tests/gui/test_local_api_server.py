"""Server > Start local server in the window, on the FakeBackend behind the window's
scheduler: real HTTP on 127.0.0.1, the panel, the busy indicator, the request log, the
settings and the shutdown."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtGui import QGuiApplication

from chatapp.core.local_server_key import load_api_key
from chatapp.core.paths import AppPaths
from chatapp.core.remote import RemoteModel
from chatapp.core.scheduler import SchedulerState
from chatapp.core.servers import SavedServer, ServerRegistry
from chatapp.core.settings import LocalServerParams, load_settings
from chatapp.gui.main_window import MainWindow
from chatapp.gui.workers import BackendSetup
from chatapp.testing.fake_backend import FakeBackend
from chatapp.testing.fake_remote import FakeRemote
from tests.helpers.api_client import chat
from tests.helpers.keyrings import MemoryKeyring
from tests.helpers.window import FAKE_TIMEOUT_MS, ask, load, type_and_send

# Keys go to an in-memory keyring (this machine has none).
pytestmark = pytest.mark.usefixtures("memory_keyring")

SLOW = tuple(f" word{i}" for i in range(20))
KEY = "local-key-0123456789"


def api_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name in ("chatapp-api", "chatapp-engine")]


def start(window: MainWindow, port: int = 0) -> int:
    """Start the local server on ``port`` (0: a free one) and return the port."""
    window.settings.local_server = LocalServerParams(port=port)
    window.local_server.start_action.trigger()
    server = window.local_server.server
    assert server is not None, window.local_server.panel.status_label.text()
    return server.port


def sources(states: list[SchedulerState]) -> list[str]:
    """The sources of the jobs that became active, in order (repeats folded)."""
    seen: list[str] = []
    for state in states:
        if state.active is not None and (not seen or seen[-1] != state.active.source):
            seen.append(state.active.source)
    return seen


def test_start_without_a_model_says_what_is_missing(qtbot, open_window):
    window = open_window(FakeBackend())
    with qtbot.waitSignal(window.local_server.start_failed) as failed:
        window.local_server.start_action.trigger()
    [message] = failed.args
    assert "No model is loaded" in message and "\n" not in message
    assert window.local_server.panel.status_label.text() == message
    assert window.statusBar().currentMessage() == message
    assert not window.local_server.is_running
    assert "chatapp-api" not in api_threads()


def start_on_a_taken_port(qtbot, window: MainWindow) -> tuple[int, str]:
    """Start the server on a port another socket holds: the port, and what it said."""
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        window.settings.local_server = LocalServerParams(port=port)
        with qtbot.waitSignal(window.local_server.start_failed) as failed:
            window.local_server.start()
    [message] = failed.args
    return port, message


def test_start_on_a_port_in_use_says_so_in_one_line(qtbot, fake_window: MainWindow):
    port, message = start_on_a_taken_port(qtbot, fake_window)
    assert f"port {port} is in use" in message
    assert "Local server settings" in message and "--port" not in message
    assert "\n" not in message
    assert fake_window.local_server.panel.status_label.text() == message
    assert not fake_window.local_server.is_running


def test_the_panel_shows_the_address_and_an_example_and_stop_frees_the_port(
    qtbot, fake_window: MainWindow
):
    port = start(fake_window)
    panel = fake_window.local_server.panel
    assert panel.address.text() == f"http://127.0.0.1:{port}/v1"
    assert panel.example.text().startswith(f"curl http://127.0.0.1:{port}/v1/chat/completions")
    assert "Only programs on this computer" in panel.security_label.text()
    assert fake_window.local_server.dock.isVisibleTo(fake_window)
    panel.copy_example_button.click()
    assert QGuiApplication.clipboard().text() == panel.example.text()
    assert not fake_window.local_server.start_action.isEnabled()
    fake_window.local_server.stop_action.trigger()
    assert not fake_window.local_server.is_running
    assert panel.status_label.text() == "Stopped"
    assert "chatapp-api" not in api_threads()
    with socket.create_server(("127.0.0.1", port)):
        pass  # the port is free again


def test_the_request_log_and_the_busy_indicator_show_an_api_request(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend
):
    fake_backend.tokens = SLOW
    fake_backend.token_delay = 0.05
    port = start(fake_window)
    actions = fake_window.local_server
    with qtbot.waitSignal(actions.busy_changed, timeout=FAKE_TIMEOUT_MS) as busy:
        call = chat(port, "Hello from a script", max_tokens=20)
    assert busy.args == [True]
    assert actions.panel.is_busy_shown
    assert "answering an API request" in actions.indicator.text()
    assert "/v1/chat/completions" in actions.panel.busy_label.text()
    qtbot.waitSignal(actions.request_logged, timeout=FAKE_TIMEOUT_MS).wait()
    qtbot.waitUntil(lambda: call.done, timeout=FAKE_TIMEOUT_MS)
    assert call.status == 200 and call.text == "".join(SLOW)
    qtbot.waitUntil(lambda: not actions.panel.is_busy_shown, timeout=FAKE_TIMEOUT_MS)
    assert not actions.busy
    assert actions.panel.log_table.rowCount() == 1
    row = actions.panel.log_row(0)
    assert row[1:3] == ["POST /v1/chat/completions", "fake-model"]
    assert int(row[3]) > 0 and row[4] == "20" and int(row[5]) >= 900 and row[6] == "200"


def test_a_window_reply_and_an_api_stream_take_turns_in_arrival_order(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend
):
    fake_backend.tokens = SLOW
    fake_backend.token_delay = 0.03
    port = start(fake_window)
    states: list[SchedulerState] = []
    fake_window.replies.scheduler.add_listener(states.append)
    with qtbot.waitSignal(fake_window.local_server.busy_changed, timeout=FAKE_TIMEOUT_MS):
        call = chat(port, "first, from the API")
    with qtbot.waitSignal(fake_window.reply_completed, timeout=FAKE_TIMEOUT_MS):
        type_and_send(qtbot, fake_window, "second, from the window")
        qtbot.waitUntil(lambda: fake_window.replies.scheduler.state.waiting == 1)
        assert not call.done  # the window's reply waits while the API's streams
    qtbot.waitUntil(lambda: call.done, timeout=FAKE_TIMEOUT_MS)
    assert call.status == 200 and call.text == "".join(SLOW)
    assert fake_window.history[-1].content == "".join(SLOW)
    asked = [request.messages[-1].content for request in fake_backend.requests]
    assert asked == ["first, from the API", "second, from the window"]
    assert sources(states) == ["api", "window"]


def test_stop_takes_a_waiting_reply_out_of_the_queue_at_once(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend
):
    fake_backend.tokens = SLOW
    fake_backend.token_delay = 0.1  # the API reply takes 2 s
    port = start(fake_window)
    with qtbot.waitSignal(fake_window.local_server.busy_changed, timeout=FAKE_TIMEOUT_MS):
        call = chat(port, "a long one")
    type_and_send(qtbot, fake_window, "never mind")
    qtbot.waitUntil(lambda: fake_window.replies.scheduler.state.waiting == 1)
    with qtbot.waitSignal(fake_window.replies.reply_ended, timeout=1_000):
        fake_window.replies.stop()
    assert not call.done  # the API reply still runs: the window's never started
    assert fake_window.composer.draft == "never mind"
    qtbot.waitUntil(lambda: call.done, timeout=FAKE_TIMEOUT_MS)
    assert [r.messages[-1].content for r in fake_backend.requests] == ["a long one"]


def test_settings_other_addresses_need_a_key_kept_out_of_settings_json(
    qtbot, fake_window: MainWindow, memory_keyring: MemoryKeyring
):
    actions = fake_window.local_server
    dialog = actions.open_settings()
    dialog.host.setText("0.0.0.0")
    dialog.buttons.accepted.emit()
    assert dialog.isVisible()
    assert "set an API key" in dialog.error_label.text()
    dialog.origins.setPlainText("*")
    dialog.api_key.setText(KEY)
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and "allowed origin '*'" in dialog.error_label.text()
    dialog.origins.setPlainText("http://localhost:3000\n")
    dialog.port.setValue(0)
    with qtbot.waitSignal(actions.settings_changed):
        dialog.buttons.accepted.emit()
    assert fake_window.settings.local_server == LocalServerParams(
        "0.0.0.0", 0, ("http://localhost:3000",)
    )
    assert load_api_key(fake_window.paths.config_dir) == KEY
    assert list(memory_keyring.passwords.values()) == [KEY]
    qtbot.waitUntil(
        lambda: (
            load_settings(fake_window.paths.settings_file).settings.local_server.host == "0.0.0.0"
        ),
        timeout=5_000,
    )
    saved = fake_window.paths.settings_file.read_text(encoding="utf-8")
    assert KEY not in saved
    assert json.loads(saved)["local_server"]["allowed_origins"] == ["http://localhost:3000"]


def test_a_key_is_asked_for_and_the_panel_says_so(
    qtbot, fake_window: MainWindow, memory_keyring: MemoryKeyring
):
    actions = fake_window.local_server
    dialog = actions.open_settings()
    dialog.port.setValue(0)
    dialog.api_key.setText(KEY)
    with qtbot.waitSignal(actions.settings_changed):
        dialog.buttons.accepted.emit()
    port = start(fake_window)
    assert "Bearer" in actions.panel.security_label.text()
    refused = chat(port, "no key")
    allowed = chat(port, "with the key", headers={"Authorization": f"Bearer {KEY}"})
    qtbot.waitUntil(lambda: refused.done, timeout=FAKE_TIMEOUT_MS)
    assert refused.status == 401
    qtbot.waitUntil(lambda: actions.panel.log_table.rowCount() >= 1, timeout=FAKE_TIMEOUT_MS)
    assert "401" in actions.panel.log_row(0)
    qtbot.waitUntil(lambda: allowed.done, timeout=FAKE_TIMEOUT_MS)
    assert allowed.status == 200 and allowed.text


def test_closing_the_window_stops_the_server_and_leaves_no_thread(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend
):
    fake_backend.tokens = SLOW
    fake_backend.token_delay = 0.2  # 4 s: still streaming when the window closes
    port = start(fake_window)
    with qtbot.waitSignal(fake_window.local_server.busy_changed, timeout=FAKE_TIMEOUT_MS):
        call = chat(port, "a long one")
    fake_window.close()
    assert not fake_window.replies.is_running
    assert not fake_window.local_server.is_running
    assert api_threads() == []
    qtbot.waitUntil(lambda: call.done, timeout=FAKE_TIMEOUT_MS)
    socket.create_server(("127.0.0.1", port)).close()  # raises while the port is held


SERVER = SavedServer("big box", "http://10.0.0.7:8080/v1", "qwen-32b")


@pytest.fixture
def remote_window(qtbot, paths: AppPaths) -> Iterator[MainWindow]:
    """A window on a FakeBackend with a local "model" loaded, whose servers are a
    FakeRemote (SERVER is saved)."""
    ServerRegistry(paths.config_dir).put(SERVER)
    local = FakeBackend()
    remote = FakeRemote(models=(RemoteModel("qwen-32b", 32768),))
    settings = load_settings(paths.settings_file).settings
    setup = BackendSetup(local, local.load_model, local.close, connect=remote.connect)
    window = MainWindow(paths, settings, backend_factory=lambda: setup)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.keeper.is_ready, timeout=10_000)
    load(qtbot, window, timeout=FAKE_TIMEOUT_MS)
    yield window
    window.shutdown()
    assert not window.replies.is_running


def test_a_server_model_is_not_served_and_switching_to_one_stops_the_server(
    qtbot, remote_window: MainWindow
):
    window = remote_window
    port = start(window)
    with qtbot.waitSignal(window.local_server.stopped, timeout=FAKE_TIMEOUT_MS):
        window.servers.use_server(SERVER, "qwen-32b")
    qtbot.waitUntil(lambda: window.replies.server is not None, timeout=FAKE_TIMEOUT_MS)
    assert "local model" in window.local_server.panel.status_label.text()
    socket.create_server(("127.0.0.1", port)).close()  # raises while the port is held
    with qtbot.waitSignal(window.local_server.start_failed) as failed:
        window.local_server.start_action.trigger()
    assert "serves a local model" in failed.args[0]
    ask(qtbot, window, "still chatting", timeout=FAKE_TIMEOUT_MS)


def test_a_port_in_use_is_said_in_the_windows_language(qtbot, fake_window: MainWindow):
    fake_window.languages.set_language("zh_CN")  # the catalogue the app ships
    try:
        port, message = start_on_a_taken_port(qtbot, fake_window)
        assert message == (
            f"127.0.0.1 的端口 {port} 已被占用：请在“服务器 > 本地服务器设置”中选择其他端口"
        )
    finally:
        fake_window.languages.set_language("en")
