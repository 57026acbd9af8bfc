"""`chatapp chat --server` with a server that never starts its reply: `--timeout` (or the
saved server's reply timeout) says so in one line, exit 1, instead of waiting 60 s."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from chatapp.core.servers import SavedServer, ServerRegistry
from tests.helpers.openai_stub import Stub


def silent(_handler: BaseHTTPRequestHandler, _body: dict[str, Any]) -> None:
    time.sleep(8)


@pytest.fixture
def stub() -> Iterator[Stub]:
    server = Stub()
    yield server
    server.close()


def chat(data: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "chatapp", "--data-dir", str(data), "chat", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    return result, time.monotonic() - started


def test_timeout_flag_ends_a_reply_that_never_starts(stub: Stub, tmp_path: Path):
    stub.script.append(silent)
    result, took = chat(tmp_path, "--server", stub.url, "--timeout", "1", "--prompt", "Hi")
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("chatapp: ")]
    assert len(errors) == 1 and "no reply within 1 s" in errors[0], result.stderr
    assert took < 7
    assert "Traceback" not in result.stderr


def test_a_saved_servers_timeout_is_used(stub: Stub, tmp_path: Path):
    stub.script.append(silent)
    ServerRegistry(tmp_path / "config").put(
        SavedServer("stub box", stub.url, "tiny", first_byte_timeout=1)
    )
    result, took = chat(tmp_path, "--server", "stub box", "--prompt", "Hi")
    assert result.returncode == 1 and "no reply within 1 s" in result.stderr, result.stderr
    assert took < 7


def test_timeout_without_a_server_is_a_usage_error(tmp_path: Path):
    result, _ = chat(tmp_path, "--timeout", "5", "--prompt", "Hi")
    assert result.returncode == 2 and "go with --server" in result.stderr
