"""The real app in a real X server (Xvfb) chatting with a model on a real server:
llama-cpp-python's OpenAI-compatible server on the test model, saved in Servers."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.core.servers import SavedServer, ServerRegistry
from tests.gui.test_real_window import _wait_for, display  # noqa: F401 (a fixture)

pytestmark = pytest.mark.model

API_KEY = "window-test-key"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def llama_server(test_model_path: Path, tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "llama_cpp.server",
                "--model",
                str(test_model_path),
                "--model_alias",
                "gemma-test",
                "--chat_format",
                "chatml",
                "--n_ctx",
                "1024",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--api_key",
                API_KEY,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"llama_cpp.server exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.3)
    else:
        server.kill()
        pytest.fail("llama_cpp.server did not start within 120 s")
    yield f"http://127.0.0.1:{port}/v1"
    server.terminate()
    server.wait(timeout=30)


def test_the_window_chats_with_a_model_on_a_server(
    display: str,  # noqa: F811 (the fixture imported above)
    tmp_path: Path,
    llama_server: str,
):
    data = tmp_path / "data"
    config = data / "config"
    config.mkdir(parents=True)
    # The app finds no OS keyring here either: the key goes to a private file.
    ServerRegistry(config).put(SavedServer("llama box", llama_server, "gemma-test"), API_KEY)
    (config / "settings.json").write_text(
        json.dumps(
            {
                "last_server": "llama box",
                "last_server_model": "gemma-test",
                "sampling": {"max_tokens": 12, "seed": 3},
            }
        ),
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    log_file = data / "logs" / "chatapp.log"
    app = subprocess.Popen(
        [sys.executable, "-m", "chatapp", "--data-dir", str(data)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )

    def logged(text: str) -> bool:
        return log_file.exists() and text in log_file.read_text(encoding="utf-8")

    def xdotool(*args: str) -> str:
        return subprocess.run(
            ["xdotool", *args], env=env, capture_output=True, text=True, check=True
        ).stdout

    try:
        _wait_for(lambda: logged("using gemma-test · llama box on"), 60, "the server model")
        window = xdotool("search", "--sync", "--onlyvisible", "--name", "^ChatApp").split()[0]
        geometry = dict(
            line.split("=") for line in xdotool("getwindowgeometry", "--shell", window).split()
        )
        x, y = int(geometry["WIDTH"]) // 2, int(geometry["HEIGHT"]) - 90
        xdotool("mousemove", "--window", window, str(x), str(y))
        xdotool("click", "1")
        xdotool("type", "--delay", "15", "Tell me about the sea.")
        xdotool("key", "Return")
        _wait_for(lambda: logged("reply finished"), 90, "the reply")
        time.sleep(0.5)
        shot = tmp_path / "window.png"
        subprocess.run(["import", "-window", window, str(shot)], env=env, check=True)
        spread = subprocess.run(
            ["convert", str(shot), "-format", "%[fx:standard_deviation]", "info:"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert float(spread) > 0.05, "the screenshot is blank"
    finally:
        app.send_signal(signal.SIGTERM)
        output = app.communicate(timeout=30)[0]
    assert "Traceback" not in output
    text = log_file.read_text("utf-8")
    generated = re.search(r"reply finished: .*generated_tokens=(\d+)", text)
    assert generated and int(generated.group(1)) > 0
    assert API_KEY not in (config / "settings.json").read_text(encoding="utf-8")
    with sqlite3.connect(data / "conversations.sqlite3") as db:
        rows = db.execute("SELECT role, content, model, state FROM messages ORDER BY position")
        stored = rows.fetchall()
    assert stored[0][:2] == ("user", "Tell me about the sea.")
    assert stored[1][0] == "assistant" and stored[1][1].strip()
    assert stored[1][2:] == ("gemma-test · llama box", "complete")
