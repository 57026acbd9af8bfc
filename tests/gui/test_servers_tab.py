"""The model picker's Servers tab against a real HTTP server on 127.0.0.1 that wants an
API key: add, Test (within 5 s, off the GUI thread), a wrong key, Use, remove."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from chatapp.core.servers import ServerRegistry
from chatapp.gui.main_window import MainWindow
from chatapp.gui.servers_tab import TEST_SECONDS, ServersTab
from tests.helpers.keyrings import MemoryKeyring
from tests.helpers.window import FAKE_TIMEOUT_MS, ask

# Keys go to an in-memory keyring (this machine has none).
pytestmark = pytest.mark.usefixtures("memory_keyring")

KEY = "sk-right"


class KeyedServer:
    """An OpenAI-compatible server that wants ``Bearer sk-right``: two models, and a
    short streamed reply."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: object) -> None:
                """No access log on the test's output."""

            def _send(handler, status: int, body: bytes, kind: str) -> None:  # noqa: N805
                handler.send_response(status)
                handler.send_header("Content-Type", kind)
                handler.send_header("Content-Length", str(len(body)))
                handler.end_headers()
                handler.wfile.write(body)

            def _authorised(handler) -> bool:  # noqa: N805
                if handler.headers.get("Authorization") == f"Bearer {KEY}":
                    return True
                error = {"error": {"message": "Invalid API key", "type": "auth"}}
                handler._send(401, json.dumps(error).encode(), "application/json")
                return False

            def do_GET(handler) -> None:  # noqa: N805
                time.sleep(outer.delay)
                if handler._authorised():
                    models = {"data": [{"id": "big-model", "context_length": 16384}, {"id": "b"}]}
                    handler._send(200, json.dumps(models).encode(), "application/json")

            def do_POST(handler) -> None:  # noqa: N805
                handler.rfile.read(int(handler.headers.get("Content-Length", 0)))
                if not handler._authorised():
                    return
                events = b""
                for word in ("Hello", " from", " far"):
                    delta = {"choices": [{"delta": {"content": word}, "finish_reason": None}]}
                    events += b"data: " + json.dumps(delta).encode() + b"\n\n"
                end = {"choices": [{"delta": {}, "finish_reason": "stop"}]}
                events += b"data: " + json.dumps(end).encode() + b"\n\ndata: [DONE]\n\n"
                handler._send(200, events, "text/event-stream")

        outer = self
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server() -> Iterator[KeyedServer]:
    running = KeyedServer()
    yield running
    running.close()


def open_servers_tab(qtbot, window: MainWindow) -> ServersTab:
    window.models.open_model_picker()
    picker = window.models.picker
    assert picker is not None
    picker.tabs.setCurrentWidget(picker.servers_tab)
    return picker.servers_tab


def fill(qtbot, tab: ServersTab, name: str, url: str, key: str) -> None:
    tab.start_new()
    qtbot.keyClicks(tab.name_edit, name)
    qtbot.keyClicks(tab.url_edit, url)
    qtbot.keyClicks(tab.key_edit, key)


def test_add_test_and_use_a_server(
    qtbot, fake_window: MainWindow, server: KeyedServer, paths, memory_keyring: MemoryKeyring
):
    window = fake_window
    tab = open_servers_tab(qtbot, window)
    fill(qtbot, tab, "far box", server.url, KEY)
    started = time.monotonic()
    with qtbot.waitSignal(tab.tested, timeout=int(TEST_SECONDS * 1000) + 500) as tested:
        tab.test_button.click()
        assert time.monotonic() - started < 0.5  # the GUI thread did not wait
    assert time.monotonic() - started < TEST_SECONDS
    assert tested.args[0].startswith("It answers: 2 models")
    assert [tab.model_combo.itemData(i) for i in range(tab.model_combo.count())] == [
        "big-model",
        "b",
    ]
    assert tab.chosen_model() == "big-model"
    with qtbot.waitSignal(window.model_ready, timeout=FAKE_TIMEOUT_MS) as ready:
        tab.use_button.click()
    assert ready.args[0].name == "big-model · far box" and ready.args[0].n_ctx == 16384
    assert window.model_bar.model_label.text() == "big-model · far box"
    assert "127.0.0.1" in window.model_bar.state_label.text()
    assert not window.models.picker.isVisible()
    # The key is in the keyring, not in any settings or servers file.
    assert list(memory_keyring.passwords.values()) == [KEY]
    files = "".join(p.read_text(errors="replace") for p in paths.config_dir.rglob("*.json"))
    assert "far box" in files and KEY not in files
    # The chat's replies now come from the server (a real RemoteBackend over HTTP).
    ask(qtbot, window, "Hi", timeout=FAKE_TIMEOUT_MS)
    assert window.keeper.current.messages[-1].content == "Hello from far"
    assert window.keeper.current.messages[-1].model == "big-model · far box"


def test_a_wrong_key_says_so(qtbot, fake_window: MainWindow, server: KeyedServer):
    tab = open_servers_tab(qtbot, fake_window)
    fill(qtbot, tab, "far box", server.url, "sk-wrong")
    with qtbot.waitSignal(tab.tested, timeout=int(TEST_SECONDS * 1000) + 500) as tested:
        tab.test_button.click()
    assert "API key was refused" in tested.args[0] and "\n" not in tested.args[0]
    assert tab.model_combo.count() == 0
    fake_window.models.picker.reject()


def test_a_silent_server_is_answered_within_5_s(qtbot, fake_window: MainWindow):
    slow = KeyedServer(delay=TEST_SECONDS + 3)
    try:
        tab = open_servers_tab(qtbot, fake_window)
        fill(qtbot, tab, "slow", slow.url, KEY)
        started = time.monotonic()
        with qtbot.waitSignal(tab.tested, timeout=int(TEST_SECONDS * 1000) + 1000) as tested:
            tab.test_button.click()
        assert time.monotonic() - started <= TEST_SECONDS + 0.5
        assert "within" in tested.args[0]
        fake_window.models.picker.reject()
    finally:
        slow.close()


def test_remove_deletes_the_key(
    qtbot, fake_window: MainWindow, server: KeyedServer, paths, memory_keyring: MemoryKeyring
):
    tab = open_servers_tab(qtbot, fake_window)
    fill(qtbot, tab, "far box", server.url, KEY)
    tab.save_button.click()
    assert "Saved far box" in tab.status.text()
    registry = ServerRegistry(paths.config_dir)
    assert registry.api_key("far box") == KEY
    assert tab.server_list.count() == 1 and tab.forget_key.isVisible()
    tab.remove("far box")
    assert registry.load().servers == [] and registry.api_key("far box") is None
    assert memory_keyring.passwords == {}
    assert tab.server_list.count() == 0
    fake_window.models.picker.reject()


def test_the_reply_timeout_is_saved_with_the_server(qtbot, fake_window: MainWindow, paths):
    tab = open_servers_tab(qtbot, fake_window)
    fill(qtbot, tab, "slow box", "http://127.0.0.1:9/v1", "")
    assert tab.timeout_box.value() == 60
    tab.timeout_box.setValue(240)
    assert tab.save_form() is not None
    saved = ServerRegistry(paths.config_dir).find("slow box")
    assert saved is not None and saved.first_byte_timeout == 240.0
    tab.start_new()
    assert tab.timeout_box.value() == 60
    tab.server_list.setCurrentRow(0)
    assert tab.timeout_box.value() == 240
