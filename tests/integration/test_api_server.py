"""The local OpenAI-compatible API server on the real test model (Gemma 3 270M).

The official ``openai`` client and raw HTTP (http.client, sockets) against a server
started in this process on 127.0.0.1, replies from one engine behind the Scheduler.
"""

from __future__ import annotations

import http.client
import json
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import openai
import pytest

from chatapp.core.backend import GenerationRequest, ReplyStats, collect_reply
from chatapp.core.engine import ChatEngine
from chatapp.core.scheduler import Scheduler, SchedulerState
from chatapp.core.settings import LoadParams, SamplingParams
from chatapp.core.templates import Message
from chatapp.server.config import RequestRecord
from chatapp.server.runner import ApiServerError, ApiServerSettings, LocalApiServer

pytestmark = pytest.mark.model

KEY = "test-key-0123456789"
HELLO = [{"role": "user", "content": "Write a story about a lighthouse keeper."}]


class Served:
    """The engine, its scheduler, an open server and a keyed one, and what they saw."""

    def __init__(self, engine: ChatEngine, scheduler: Scheduler) -> None:
        self.engine = engine
        self.scheduler = scheduler
        self.records: list[RequestRecord] = []
        self.states: list[tuple[float, SchedulerState]] = []
        scheduler.add_listener(lambda state: self.states.append((time.monotonic(), state)))
        self.server = LocalApiServer(
            scheduler, ApiServerSettings(port=0), on_request=self.records.append
        )
        self.keyed = LocalApiServer(scheduler, ApiServerSettings(port=0, api_key=KEY))

    def client(self, *, key: str = "unused", keyed: bool = False) -> openai.OpenAI:
        server = self.keyed if keyed else self.server
        return openai.OpenAI(base_url=server.base_url, api_key=key, max_retries=0, timeout=120)

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=120)

    def tokens(self, text: str, *, bos: bool = False) -> int:
        def count(engine: ChatEngine) -> int:
            llm = engine._llm
            return len(llm.tokenize(text.encode(), add_bos=bos, special=True))  # type: ignore[attr-defined]

        return self.scheduler.call(count).result()

    def started_jobs(self) -> list[int]:
        return [state.active.id for _, state in self.states if state.active is not None]


@pytest.fixture(scope="module")
def served(test_model_path: Path) -> Iterator[Served]:
    engine = ChatEngine()
    scheduler = Scheduler(engine)
    scheduler.call(lambda e: e.load(test_model_path, LoadParams(n_ctx=2048))).result()
    setup = Served(engine, scheduler)
    setup.server.start()
    setup.keyed.start()
    yield setup
    setup.server.stop()
    setup.keyed.stop()
    scheduler.call(lambda e: e.unload()).result()
    scheduler.close()


def post(
    served: Served, path: str, body: bytes, headers: dict[str, str] | None = None
) -> tuple[int, dict, dict[str, str]]:
    connection = served.connection()
    try:
        connection.request("POST", path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        return (
            response.status,
            json.loads(data) if data else {},
            {k.lower(): v for k, v in response.getheaders()},
        )
    finally:
        connection.close()


# --- the official client -------------------------------------------------------------------


def test_models_list(served: Served):
    with served.client() as client:
        models = client.models.list()
    assert [m.id for m in models.data] == ["gemma-3-270m-q4_k_m"]


def test_chat_usage_counts_are_exact(served: Served):
    with served.client() as client:
        reply = client.chat.completions.create(
            model="any", messages=HELLO, max_tokens=9, temperature=0
        )
    prompt = served.scheduler.call(lambda e: e.render_prompt([Message(**HELLO[0])])).result()
    assert reply.usage is not None
    assert reply.usage.prompt_tokens == served.tokens(prompt)
    assert reply.usage.completion_tokens == 9
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + 9
    assert reply.choices[0].finish_reason == "length"
    assert reply.choices[0].message.content
    assert served.records[-1].prompt_tokens == reply.usage.prompt_tokens
    assert served.records[-1].completion_tokens == 9


def test_streaming_gives_the_same_text_and_usage(served: Served):
    with served.client() as client:
        whole = client.chat.completions.create(
            model="x", messages=HELLO, max_tokens=12, temperature=0
        )
        stream = client.chat.completions.create(
            model="x",
            messages=HELLO,
            max_tokens=12,
            temperature=0,
            stream=True,
            stream_options={"include_usage": True},
        )
        with stream:
            chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == whole.choices[0].message.content
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "length"
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens == 12
    assert chunks[-1].usage.prompt_tokens == whole.usage.prompt_tokens


def test_completion_counts_and_stop(served: Served):
    prompt = "The capital of France is Paris. The capital of Italy is"
    with served.client() as client:
        free = client.completions.create(model="x", prompt=prompt, max_tokens=10, temperature=0)
        text = free.choices[0].text
        assert free.usage.prompt_tokens == served.tokens(prompt, bos=True)
        assert free.usage.completion_tokens == 10 == served.tokens(text)
        stop_at = text.strip().split()[1]
        cut = client.completions.create(
            model="x", prompt=prompt, max_tokens=10, temperature=0, stop=[stop_at, "zzz"]
        )
    assert cut.choices[0].finish_reason == "stop"
    assert stop_at not in cut.choices[0].text
    assert text.startswith(cut.choices[0].text)


def test_seed_gives_the_same_reply(served: Served):
    def ask(seed: int) -> str:
        with served.client() as client:
            reply = client.chat.completions.create(
                model="x", messages=HELLO, max_tokens=16, temperature=1.2, seed=seed
            )
        return reply.choices[0].message.content or ""

    first, again, other = ask(11), ask(11), ask(12)
    assert first == again
    assert other != first


def test_json_schema_output_parses_and_validates(served: Served):
    schema = {
        "type": "object",
        "properties": {
            "answer": {"type": "string", "enum": ["yes", "no"]},
            "count": {"type": "integer"},
        },
        "required": ["answer", "count"],
        "additionalProperties": False,
    }
    with served.client() as client:
        reply = client.chat.completions.create(
            model="x",
            messages=[{"role": "user", "content": "Is the sea blue? How many seas are there?"}],
            max_tokens=80,
            temperature=0,
            response_format={
                "type": "json_schema",
                "json_schema": {"name": "answer", "schema": schema, "strict": True},
            },
        )
    data = json.loads(reply.choices[0].message.content or "")
    assert set(data) == {"answer", "count"}
    assert data["answer"] in ("yes", "no") and isinstance(data["count"], int)


def test_wrong_key_is_refused_and_right_key_served(served: Served):
    with (
        served.client(key="wrong", keyed=True) as client,
        pytest.raises(openai.AuthenticationError),
    ):
        client.models.list()
    with served.client(key=KEY, keyed=True) as client:
        assert [m.id for m in client.models.list().data] == ["gemma-3-270m-q4_k_m"]
    connection = http.client.HTTPConnection("127.0.0.1", served.keyed.port, timeout=30)
    try:
        connection.request("GET", "/health")
        assert connection.getresponse().status == 200
    finally:
        connection.close()


def test_follow_up_reuses_the_cached_conversation(served: Served):
    with served.client() as client:
        first = client.chat.completions.create(
            model="x", messages=HELLO, max_tokens=8, temperature=0
        )
        answer = first.choices[0].message.content or ""
        follow_up = [
            *HELLO,
            {"role": "assistant", "content": answer},
            {"role": "user", "content": "Make it shorter."},
        ]
        second = client.chat.completions.create(
            model="x", messages=follow_up, max_tokens=4, temperature=0
        )
    cached = second.usage.prompt_tokens_details.cached_tokens
    assert cached >= first.usage.prompt_tokens - 1
    assert second.usage.prompt_tokens > first.usage.prompt_tokens
    assert "reused from the cache" in served.records[-1].note


# --- raw HTTP ---------------------------------------------------------------------------------


def test_rejected_requests_never_reach_the_model(served: Served):
    before = len(served.started_jobs())
    cases = [
        (b"{not json", "not valid JSON", None),
        (b"[1, 2]", "JSON object", None),
        (json.dumps({"messages": "hi"}).encode(), "messages", "messages"),
        (
            json.dumps({"messages": [{"role": "user", "content": 5}]}).encode(),
            "content",
            "messages[0].content",
        ),
        (
            json.dumps({"messages": HELLO, "temperature": "hot"}).encode(),
            "temperature",
            "temperature",
        ),
        (json.dumps({"messages": HELLO, "max_tokens": 0}).encode(), "max_tokens", "max_tokens"),
        (json.dumps({"messages": HELLO, "stream": "yes"}).encode(), "stream", "stream"),
        (json.dumps({"messages": HELLO, "stop": [1]}).encode(), "stop", "stop"),
        (json.dumps({"messages": HELLO, "seed": -1}).encode(), "seed", "seed"),
        (json.dumps({"messages": HELLO, "n": 2}).encode(), "'n'", "n"),
        (
            json.dumps({"messages": HELLO, "tools": [{"type": "function"}]}).encode(),
            "tools",
            "tools",
        ),
        (json.dumps({"messages": HELLO, "logprobs": True}).encode(), "logprobs", "logprobs"),
        (b'{"messages": [], "temperature": NaN}', "NaN", None),
        (b"\xff\xfe", "UTF-8", None),
        (b"[" * 100_000, "", None),
    ]
    for body, words, param in cases:
        status, data, _ = post(served, "/v1/chat/completions", body)
        assert status == 400, (body[:60], data)
        assert words in data["error"]["message"], data
        if param is not None:
            assert data["error"]["param"] == param
    status, data, _ = post(served, "/v1/completions", json.dumps({"prompt": 3}).encode())
    assert (status, data["error"]["param"]) == (400, "prompt")
    assert len(served.started_jobs()) == before


def test_unknown_fields_are_ignored(served: Served):
    body = json.dumps({"messages": HELLO, "max_tokens": 2, "frobnicate": {"x": 1}, "user": "me"})
    status, data, _ = post(served, "/v1/chat/completions", body.encode())
    assert status == 200 and data["usage"]["completion_tokens"] == 2


def test_oversized_body_gets_413(served: Served):
    big = b'{"messages": [], "pad": "' + b"x" * (8 * 2**20) + b'"}'
    status, data, _ = post(served, "/v1/chat/completions", big)
    assert status == 413 and "8 MiB" in data["error"]["message"]
    # Without Content-Length (chunked), counted as it is read.
    connection = served.connection()
    try:
        connection.putrequest("POST", "/v1/chat/completions")
        connection.putheader("Transfer-Encoding", "chunked")
        connection.endheaders()
        chunk = b"x" * 2**20
        try:
            for _ in range(9):
                connection.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            connection.send(b"0\r\n\r\n")
        except OSError:
            pass  # the server may answer and close before all of it is sent
        assert connection.getresponse().status == 413
    finally:
        connection.close()


def test_wrong_host_and_foreign_origin_are_refused(served: Served):
    body = json.dumps({"messages": HELLO, "max_tokens": 2}).encode()
    before = len(served.started_jobs())
    status, data, _ = post(served, "/v1/chat/completions", body, {"Host": "evil.example:8765"})
    assert status == 400 and "Host" in data["error"]["message"]
    status, _, _ = post(served, "/v1/chat/completions", body, {"Origin": "https://evil.example"})
    assert status == 403
    assert len(served.started_jobs()) == before
    status, _, _ = post(
        served, "/v1/chat/completions", body, {"Host": f"localhost:{served.server.port}"}
    )
    assert status == 200


def test_disconnect_mid_stream_stops_generation(served: Served):
    body = json.dumps(
        {"messages": HELLO, "max_tokens": 1500, "temperature": 1.0, "stream": True}
    ).encode()
    request = (
        b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    )
    logged = len(served.records)
    with socket.create_connection(("127.0.0.1", served.server.port), timeout=60) as sock:
        sock.sendall(request)
        received = b""
        while received.count(b"data: ") < 4:
            received += sock.recv(65536)
        closed_at = time.monotonic()
    assert served.scheduler.wait_idle(timeout=5)
    ended_at = next(t for t, state in reversed(served.states) if state.active is None)
    assert ended_at - closed_at < 0.25
    # The log record is written on the server's thread once the job has ended.
    deadline = time.monotonic() + 5
    while len(served.records) == logged and time.monotonic() < deadline:
        time.sleep(0.01)
    [record] = served.records[logged:]
    assert record.status == 499 and record.note.startswith("client disconnected")
    assert 3 <= record.completion_tokens < 1500
    started = time.monotonic()
    status, data, _ = post(
        served, "/v1/chat/completions", json.dumps({"messages": HELLO, "max_tokens": 2}).encode()
    )
    assert status == 200 and time.monotonic() - started < 5


def _blocking_job(release: threading.Event):
    def work(_backend: object, cancel: threading.Event) -> Iterator[str | ReplyStats]:
        while not release.wait(0.01) and not cancel.is_set():
            pass
        yield ReplyStats(0, 0.0, 0, 0.0, 0.0, "stop")

    return work


def test_queue_overflow_gets_503_with_retry_after(served: Served):
    release = threading.Event()
    busy = served.scheduler.submit(_blocking_job(release), source="window", may_refuse=False)
    served.scheduler.max_waiting = 2
    results: list[int] = []
    body = json.dumps({"messages": HELLO, "max_tokens": 2}).encode()
    waiting = [
        threading.Thread(
            target=lambda: results.append(post(served, "/v1/chat/completions", body)[0])
        )
        for _ in range(2)
    ]
    try:
        for thread in waiting:
            thread.start()
        deadline = time.monotonic() + 10
        while served.scheduler.state.waiting < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        status, data, headers = post(served, "/v1/chat/completions", body)
        assert status == 503 and int(headers["retry-after"]) >= 1
        assert "waiting" in data["error"]["message"]
    finally:
        served.scheduler.max_waiting = 16
        release.set()
        for thread in waiting:
            thread.join(60)
    assert list(busy)[-1].finish_reason == "stop"
    assert results == [200, 200]


def test_thirty_concurrent_clients_are_all_answered_in_order(served: Served):
    served.scheduler.max_waiting = 32
    before = len(served.started_jobs())
    release = threading.Event()
    served.scheduler.submit(_blocking_job(release), source="window", may_refuse=False)
    answers: dict[int, tuple[int, dict]] = {}

    def ask(number: int) -> None:
        body = json.dumps(
            {"messages": [{"role": "user", "content": f"Count to {number}."}], "max_tokens": 3}
        ).encode()
        status, data, _ = post(served, "/v1/chat/completions", body)
        answers[number] = (status, data)

    clients = [threading.Thread(target=ask, args=(n,)) for n in range(30)]
    try:
        for thread in clients:
            thread.start()
        deadline = time.monotonic() + 20
        while served.scheduler.state.waiting < 30 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert served.scheduler.state.waiting == 30
    finally:
        release.set()
        for thread in clients:
            thread.join(120)
        served.scheduler.max_waiting = 16
    assert sorted(answers) == list(range(30))
    assert all(
        status == 200 and data["usage"]["completion_tokens"] == 3
        for status, data in answers.values()
    )
    jobs = served.started_jobs()[before:]
    assert len(jobs) == 31 and jobs == sorted(jobs)


def test_window_reply_and_api_stream_share_the_engine_in_order(served: Served):
    order: list[str] = []  # the API client finished its stream
    api_text: list[str] = []

    def api_client() -> None:
        with served.client() as client:
            stream = client.chat.completions.create(
                model="x", messages=HELLO, max_tokens=24, temperature=0, stream=True
            )
            with stream:
                for chunk in stream:
                    if chunk.choices and chunk.choices[0].delta.content:
                        api_text.append(chunk.choices[0].delta.content)
        order.append("api")

    thread = threading.Thread(target=api_client)
    thread.start()
    deadline = time.monotonic() + 20
    while served.scheduler.state.active is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert served.scheduler.state.active is not None
    assert served.scheduler.state.active.source == "api"
    request = GenerationRequest(
        (Message("user", "Hello there"),), SamplingParams(max_tokens=8), threading.Event()
    )
    api_job = served.scheduler.state.active.id
    handle = served.scheduler.submit(
        lambda backend, _cancel: request.stream(backend),
        source="window",
        cancel=request.cancel,
        may_refuse=False,
    )
    text, stats = collect_reply(handle)
    thread.join(60)
    assert text and stats.generated_tokens > 0
    assert "".join(api_text) and order == ["api"]
    assert served.started_jobs()[-2:] == [api_job, handle.info.id]


def test_no_model_gives_503_and_empty_models(tmp_path: Path):
    scheduler = Scheduler(ChatEngine())
    server = LocalApiServer(scheduler, ApiServerSettings(port=0))
    server.start()
    try:
        with openai.OpenAI(base_url=server.base_url, api_key="x", max_retries=0) as client:
            assert client.models.list().data == []
            with pytest.raises(openai.APIStatusError) as caught:
                client.chat.completions.create(model="x", messages=HELLO)
        assert caught.value.status_code == 503
        assert "no model is loaded" in caught.value.message
    finally:
        server.stop()
        scheduler.close()


def test_other_addresses_need_a_key():
    with pytest.raises(ApiServerError, match="API key"):
        ApiServerSettings(host="0.0.0.0").validate()
    ApiServerSettings(host="0.0.0.0", api_key=KEY).validate()


def test_port_in_use_is_one_clear_error(served: Served):
    other = LocalApiServer(served.scheduler, ApiServerSettings(port=served.server.port))
    with pytest.raises(ApiServerError, match="in use"):
        other.start()


def test_served_connections_send_each_event_at_once(served: Served):
    """Nagle's algorithm is off on the server's side of a connection: an event written
    just after the response head would otherwise wait for the client's delayed ACK."""
    import gc

    with socket.create_connection(("127.0.0.1", served.server.port)) as client:
        client.sendall(b"GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert client.recv(65536).startswith(b"HTTP/1.1 200")
        mine = client.getsockname()
        accepted = [
            sock
            for sock in gc.get_objects()
            if isinstance(sock, socket.socket) and sock.fileno() >= 0 and _peer(sock) == mine
        ]
        assert accepted, "the server's side of the connection was not found"
        for sock in accepted:
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0


def _peer(sock: socket.socket) -> object:
    try:
        return sock.getpeername()
    except OSError:
        return None


def test_serve_command_answers_and_stops_on_ctrl_c(test_model_path: Path, data_dir: Path):
    command = [sys.executable, "-m", "chatapp", "serve", "--model", str(test_model_path)]
    process = subprocess.Popen(
        [*command, "--port", "0", "--ctx", "1024"], stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stderr is not None
        lines: list[str] = []
        while not lines or "serving the OpenAI-compatible API at" not in lines[-1]:
            line = process.stderr.readline()
            assert line, "".join(lines)
            lines.append(line)
        base_url = lines[-1].split(" at ")[1].strip()
        with openai.OpenAI(base_url=base_url, api_key="x", max_retries=0) as client:
            reply = client.completions.create(model="x", prompt="Hello", max_tokens=3)
        assert reply.usage.completion_tokens == 3
        process.send_signal(signal.SIGINT)
        _, rest = process.communicate(timeout=60)
    finally:
        process.kill()
        process.wait()
        if process.stderr is not None:
            process.stderr.close()
    assert process.returncode == 130, rest  # ExitCode.INTERRUPTED, as for the chat
    assert "200 POST /v1/completions" in rest and "Traceback" not in rest


def test_serve_command_needs_a_key_for_other_addresses(data_dir: Path):
    result = subprocess.run(
        [sys.executable, "-m", "chatapp", "serve", "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "API key" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
