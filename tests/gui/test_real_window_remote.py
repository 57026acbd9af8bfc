"""The real app in a real X server (Xvfb) chatting with a model on a real server:
llama-cpp-python's OpenAI-compatible server on the test model, saved in Servers."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.bench.remote import llama_cpp_server
from chatapp.core.servers import SavedServer, ServerRegistry
from tests.helpers.xvfb import RealApp, assert_not_blank, wait_for

pytestmark = pytest.mark.model

API_KEY = "window-test-key"


@pytest.fixture
def llama_server(test_model_path: Path, tmp_path: Path) -> Iterator[str]:
    with llama_cpp_server(test_model_path, tmp_path, alias="gemma-test", api_key=API_KEY) as url:
        yield url


def test_the_window_chats_with_a_model_on_a_server(
    display: str,
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
    app = RealApp(data, display)
    env, log_file, logged, xdotool = app.env, app.log_file, app.logged, app.xdotool

    try:
        try:
            wait_for(lambda: logged("using gemma-test · llama box on"), 60, "the server model")
        except AssertionError:
            tail = log_file.read_text("utf-8")[-3000:] if log_file.exists() else "(no log)"
            raise AssertionError(
                f"the window never used the server model; its log:\n{tail}"
            ) from None
        window = xdotool("search", "--sync", "--onlyvisible", "--name", "^ChatApp").split()[0]
        geometry = dict(
            line.split("=") for line in xdotool("getwindowgeometry", "--shell", window).split()
        )
        x, y = int(geometry["WIDTH"]) // 2, int(geometry["HEIGHT"]) - 90
        xdotool("mousemove", "--window", window, str(x), str(y))
        xdotool("click", "1")
        xdotool("type", "--delay", "15", "Tell me about the sea.")
        xdotool("key", "Return")
        wait_for(lambda: logged("reply finished"), 90, "the reply")
        time.sleep(0.5)
        shot = tmp_path / "window.png"
        subprocess.run(["import", "-window", window, str(shot)], env=env, check=True)
        assert_not_blank(shot)
    finally:
        output = app.stop()
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
