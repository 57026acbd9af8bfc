"""RemoteBackend against a real third-party server: llama-cpp-python's own
OpenAI-compatible server (`python -m llama_cpp.server`) serving the test model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.bench.remote import llama_cpp_server
from chatapp.core.backend import ReplyStats, collect_reply
from chatapp.core.remote import RemoteBackend, RemoteError, RemoteErrorKind, ServerConfig
from chatapp.core.settings import SamplingParams
from chatapp.core.templates import Message

pytestmark = pytest.mark.model

API_KEY = "test-key-123"


@pytest.fixture(scope="module")
def llama_server(test_model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    workdir = tmp_path_factory.mktemp("llama-server")
    with llama_cpp_server(test_model_path, workdir, alias="gemma-test", api_key=API_KEY) as url:
        yield url.removesuffix("/v1")


@pytest.fixture
def remote(llama_server: str) -> Iterator[RemoteBackend]:
    backend = RemoteBackend(
        ServerConfig(
            name="llama-cpp-python", base_url=llama_server, model="gemma-test", api_key=API_KEY
        )
    )
    yield backend
    backend.close()


HELLO = [Message("user", "Tell me about the sea.")]


def test_model_list(remote: RemoteBackend):
    assert [m.id for m in remote.list_models()] == ["gemma-test"]


def test_streams_a_reply_and_counts_it(remote: RemoteBackend):
    # llama_cpp.server sends no usage object: the counts are the events and an estimate.
    pieces: list[str] = []
    text, stats = collect_reply(
        remote.stream_reply(HELLO, SamplingParams(max_tokens=12, seed=3)), pieces.append
    )
    assert text and len(pieces) > 1
    assert stats.generated_tokens == len(pieces) <= 12
    assert stats.finish_reason in ("stop", "length")
    assert stats.prompt_tokens > 5
    assert stats.time_to_first_token > 0


def test_same_seed_same_reply(remote: RemoteBackend):
    sampling = SamplingParams(max_tokens=8, seed=42, temperature=0.9)
    first, _ = collect_reply(remote.stream_reply(HELLO, sampling))
    second, _ = collect_reply(remote.stream_reply(HELLO, sampling))
    assert first == second


def test_stop_mid_reply_keeps_the_partial_text(remote: RemoteBackend):
    cancel = threading.Event()
    stream = remote.stream_reply(HELLO, SamplingParams(max_tokens=400), cancel)
    received = [next(stream), next(stream)]
    cancel.set()
    stopped = time.perf_counter()
    rest = list(stream)
    assert time.perf_counter() - stopped < 0.25
    stats = rest[-1]
    assert isinstance(stats, ReplyStats) and stats.finish_reason == "cancelled"
    assert all(isinstance(piece, str) for piece in received)


def test_a_wrong_api_key_is_one_line(llama_server: str):
    backend = RemoteBackend(ServerConfig(name="local", base_url=llama_server, api_key="wrong"))
    try:
        with pytest.raises(RemoteError) as caught:
            collect_reply(backend.stream_reply(HELLO, SamplingParams(max_tokens=4)))
        assert caught.value.kind is RemoteErrorKind.AUTH
        assert "API key" in str(caught.value)
        with pytest.raises(RemoteError) as listed:
            backend.list_models()
        assert listed.value.kind is RemoteErrorKind.AUTH
    finally:
        backend.close()


def chatapp(*args: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "chatapp", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **env},
    )


STATS_LINES = ("prompt tokens processed:", "tokens generated:")


def test_terminal_chat_with_a_server(llama_server: str, tmp_path: Path):
    result = chatapp(
        "chat",
        "--server",
        llama_server,
        "--api-key-env",
        "TEST_SERVER_KEY",
        "--prompt",
        "Say hello.",
        "-n",
        "8",
        data_dir=tmp_path,
        TEST_SERVER_KEY=API_KEY,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert all(line in result.stderr for line in STATS_LINES), result.stderr
    assert "(estimated counts: the server sent no token usage)" in result.stderr
    assert "chatting with gemma-test" in result.stderr
    assert "Traceback" not in result.stderr


def test_terminal_chat_with_a_saved_server_by_name(llama_server: str, tmp_path: Path):
    saved = chatapp(
        "models",
        "servers",
        "add",
        "home box",
        llama_server,
        "--api-key-env",
        "TEST_SERVER_KEY",
        data_dir=tmp_path,
        TEST_SERVER_KEY=API_KEY,
    )
    assert saved.returncode == 0, saved.stderr
    json_files = "".join(p.read_text(errors="replace") for p in tmp_path.rglob("*.json"))
    assert "home box" in json_files and API_KEY not in json_files
    listed = chatapp("models", "servers", "--json", data_dir=tmp_path)
    assert json.loads(listed.stdout)[0]["api_key"] is True
    result = chatapp("chat", "--server", "home box", "--prompt", "Hi", "-n", "4", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "tokens generated:" in result.stderr


def test_terminal_chat_with_a_wrong_key_is_one_line_exit_1(llama_server: str, tmp_path: Path):
    result = chatapp(
        "chat",
        "--server",
        llama_server,
        "--api-key-env",
        "TEST_SERVER_KEY",
        "--prompt",
        "Hi",
        data_dir=tmp_path,
        TEST_SERVER_KEY="wrong",
    )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("chatapp: ")]
    assert len(errors) == 1 and "API key" in errors[0], result.stderr
    assert "Traceback" not in result.stderr


def test_model_and_server_together_is_a_usage_error(tmp_path: Path):
    result = chatapp(
        "chat", "--model", "x.gguf", "--server", "http://127.0.0.1:9", data_dir=tmp_path
    )
    assert result.returncode == 2
    assert "exclude each other" in result.stderr


def test_an_unreachable_server_is_one_line_exit_1(tmp_path: Path):
    result = chatapp(
        "chat", "--server", "http://127.0.0.1:9/v1", "--prompt", "Hi", data_dir=tmp_path
    )
    assert result.returncode == 1
    assert "cannot reach http://127.0.0.1:9/v1" in result.stderr
    assert "Traceback" not in result.stderr
