"""RemoteBackend against a scripted OpenAI-compatible stub on 127.0.0.1: streaming,
usage, keep-alives, reasoning, retries, refused fields, faults and cancel."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest

from chatapp.core.backend import ReplyOptions, ReplyStats, collect_reply
from chatapp.core.remote import (
    ReasoningText,
    RemoteBackend,
    RemoteError,
    RemoteErrorKind,
    ServerConfig,
    normalise_base_url,
)
from chatapp.core.settings import SamplingParams
from chatapp.core.templates import Message
from tests.helpers.openai_stub import (
    Handler,
    Stub,
    chunk,
    reply_with,
    send,
    start_sse,
    status,
)


@pytest.fixture
def stub() -> Iterator[Stub]:
    server = Stub()
    yield server
    server.close()


def backend(stub: Stub, notices: list[str] | None = None, **config: Any) -> RemoteBackend:
    remote = RemoteBackend(
        ServerConfig(name="stub", base_url=stub.url, model="tiny", **config),
        notify=(notices.append if notices is not None else None),
    )
    stub.clients.append(remote)
    return remote


HELLO = [Message("user", "Hello")]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/v1"),
        ("127.0.0.1:8080/v1/", "http://127.0.0.1:8080/v1"),
        ("https://api.example.com/v1/chat/completions", "https://api.example.com/v1"),
        ("http://host/openai/v1", "http://host/openai/v1"),
    ],
)
def test_base_url_is_normalised(given: str, expected: str):
    assert normalise_base_url(given) == expected


def test_base_url_that_is_not_http_is_refused():
    with pytest.raises(RemoteError, match="not a server address"):
        normalise_base_url("ftp://example.com")


def test_streams_pieces_then_stats_with_the_server_usage(stub: Stub):
    stub.script.append(reply_with("Par", "is", "."))
    text, stats = collect_reply(backend(stub).stream_reply(HELLO, SamplingParams(seed=7)))
    assert text == "Paris."
    assert (stats.prompt_tokens, stats.generated_tokens) == (11, 3)
    assert stats.counts_exact
    assert stats.finish_reason == "stop"
    body = stub.bodies[0]
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert body["model"] == "tiny" and body["seed"] == 7 and body["top_k"] == 40
    assert body["messages"] == [{"role": "user", "content": "Hello"}]


def test_without_usage_the_counts_are_estimates(stub: Stub):
    stub.script.append(reply_with("a", "b", usage=False))
    _, stats = collect_reply(backend(stub).stream_reply(HELLO, SamplingParams()))
    assert stats.generated_tokens == 2
    assert stats.prompt_tokens > 0
    assert not stats.counts_exact


def test_reasoning_arrives_apart_from_the_answer(stub: Stub):
    stub.script.append(reply_with("42", reasoning="Let me think."))
    items = list(backend(stub).stream_reply(HELLO, SamplingParams()))
    reasoning = [i for i in items if isinstance(i, ReasoningText)]
    answer = [i for i in items if isinstance(i, str) and not isinstance(i, ReasoningText)]
    assert reasoning == ["Let me think."] and answer == ["42"]


def test_api_key_is_sent_as_bearer(stub: Stub):
    collect_reply(backend(stub, api_key="sekrit").stream_reply(HELLO, SamplingParams()))
    assert stub.headers[0]["Authorization"] == "Bearer sekrit"


def test_a_refused_extension_field_is_dropped_with_a_notice(stub: Stub):
    stub.script.append(status(400, '{"error": {"message": "unknown field: top_k"}}'))
    stub.script.append(reply_with("fine"))
    notices: list[str] = []
    text, _ = collect_reply(backend(stub, notices).stream_reply(HELLO, SamplingParams()))
    assert text == "fine"
    assert "top_k" not in stub.bodies[1] and "min_p" in stub.bodies[1]
    assert len(notices) == 1 and "top_k" in notices[0]


def test_429_is_retried_after_the_wait_the_server_asks(stub: Stub):
    stub.script.append(status(429, '{"error": "slow down"}', Retry_After="0.2"))
    stub.script.append(reply_with("later"))
    notices: list[str] = []
    started = time.perf_counter()
    text, _ = collect_reply(backend(stub, notices).stream_reply(HELLO, SamplingParams()))
    assert text == "later"
    assert time.perf_counter() - started >= 0.2
    assert "trying again" in notices[0] and "1 of 3" in notices[0]


def test_503_four_times_gives_up_with_one_line(stub: Stub):
    stub.script.extend([status(503, "{}", Retry_After="0")] * 4)
    with pytest.raises(RemoteError) as caught:
        collect_reply(backend(stub, []).stream_reply(HELLO, SamplingParams()))
    assert caught.value.kind is RemoteErrorKind.RATE_LIMITED
    assert len(stub.bodies) == 4


@pytest.mark.parametrize(
    ("answer", "kind", "words"),
    [
        (status(401, '{"error": {"message": "Invalid API key"}}'), RemoteErrorKind.AUTH, "key"),
        (
            status(404, '{"error": {"message": "model nope"}}'),
            RemoteErrorKind.MODEL_NOT_FOUND,
            "404",
        ),
        (status(500, "boom"), RemoteErrorKind.SERVER, "500"),
        (
            status(502, "<html><body>Bad gateway</body></html>", "text/html"),
            RemoteErrorKind.SERVER,
            "HTML page",
        ),
        (status(200, "<html>hi</html>", "text/html"), RemoteErrorKind.MALFORMED, "event stream"),
    ],
)
def test_http_errors_are_one_line_and_never_reply_text(
    stub: Stub, answer: Handler, kind: RemoteErrorKind, words: str
):
    stub.script.append(answer)
    items: list[object] = []
    with pytest.raises(RemoteError) as caught:
        for item in backend(stub).stream_reply(HELLO, SamplingParams()):
            items.append(item)
    assert caught.value.kind is kind
    assert words in str(caught.value) and "\n" not in str(caught.value)
    assert items == []


def test_a_stream_cut_mid_reply_keeps_the_partial_text(stub: Stub):
    def cut(handler: BaseHTTPRequestHandler, _body: dict[str, Any]) -> None:
        start_sse(handler)
        send(handler, chunk("The "))
        send(handler, chunk("start"))
        handler.connection.shutdown(2)

    stub.script.append(cut)
    with pytest.raises(RemoteError) as caught:
        list(backend(stub).stream_reply(HELLO, SamplingParams()))
    assert caught.value.kind is RemoteErrorKind.CUT
    assert caught.value.partial == "The start"


def test_malformed_events_are_reported_with_the_partial_text(stub: Stub):
    def malformed(handler: BaseHTTPRequestHandler, _body: dict[str, Any]) -> None:
        start_sse(handler)
        send(handler, chunk("Half"))
        send(handler, b"data: {not json\n\n")

    stub.script.append(malformed)
    with pytest.raises(RemoteError) as caught:
        list(backend(stub).stream_reply(HELLO, SamplingParams()))
    assert caught.value.kind is RemoteErrorKind.MALFORMED
    assert caught.value.partial == "Half"


def test_a_reply_that_never_starts_times_out(stub: Stub):
    def silent(handler: BaseHTTPRequestHandler, _body: dict[str, Any]) -> None:
        time.sleep(1.5)

    stub.script.append(silent)
    started = time.perf_counter()
    with pytest.raises(RemoteError) as caught:
        list(backend(stub, first_byte_timeout=0.5).stream_reply(HELLO, SamplingParams()))
    assert caught.value.kind is RemoteErrorKind.TIMEOUT
    assert time.perf_counter() - started < 1.4


def test_stop_closes_a_silent_stream_within_250_ms(stub: Stub):
    def stall(handler: BaseHTTPRequestHandler, _body: dict[str, Any]) -> None:
        start_sse(handler)
        send(handler, chunk("Partial"))
        time.sleep(3)

    stub.script.append(stall)
    cancel = threading.Event()
    stream = backend(stub).stream_reply(HELLO, SamplingParams(), cancel)
    assert next(stream) == "Partial"
    stopped_at: list[float] = []

    def stop_soon() -> None:
        time.sleep(0.3)
        stopped_at.append(time.perf_counter())
        cancel.set()

    threading.Thread(target=stop_soon).start()
    rest = list(stream)
    elapsed = time.perf_counter() - stopped_at[0]
    assert isinstance(rest[-1], ReplyStats) and rest[-1].finish_reason == "cancelled"
    assert elapsed < 0.25, elapsed


def test_model_list_and_context_length(stub: Stub):
    stub.models = {"data": [{"id": "tiny", "max_model_len": 8192}, {"id": "other"}]}
    remote = backend(stub)
    models = remote.list_models()
    assert [m.id for m in models] == ["tiny", "other"]
    assert remote.describe().n_ctx == 8192
    assert remote.describe().name == "tiny · stub"


def test_llama_server_reports_its_running_context_not_the_training_one(stub: Stub):
    stub.models = {"data": [{"id": "tiny", "meta": {"n_ctx": 2048, "n_ctx_train": 32768}}]}
    remote = backend(stub)
    remote.list_models()
    assert remote.describe().n_ctx == 2048


def test_an_unreachable_server_says_so_in_one_line():
    remote = RemoteBackend(ServerConfig(name="gone", base_url="http://127.0.0.1:9"))
    with pytest.raises(RemoteError) as caught:
        remote.list_models(timeout=2)
    remote.close()
    assert caught.value.kind is RemoteErrorKind.UNREACHABLE
    assert "cannot reach http://127.0.0.1:9/v1" in str(caught.value)


def test_a_kept_alive_connection_the_server_closed_is_asked_again(stub: Stub):
    def hang_up(handler: BaseHTTPRequestHandler, _body: dict[str, Any]) -> None:
        handler.close_connection = True  # no status line at all, as a stale connection

    stub.script.append(hang_up)
    stub.script.append(reply_with("again"))
    text, _ = collect_reply(backend(stub).stream_reply(HELLO, SamplingParams()))
    assert text == "again" and len(stub.bodies) == 2


def test_a_server_that_hangs_up_twice_is_unreachable(stub: Stub):
    def hang_up(handler: BaseHTTPRequestHandler, _body: dict[str, Any]) -> None:
        handler.close_connection = True

    stub.script.extend([hang_up, hang_up])
    with pytest.raises(RemoteError) as caught:
        collect_reply(backend(stub).stream_reply(HELLO, SamplingParams()))
    assert caught.value.kind is RemoteErrorKind.UNREACHABLE and len(stub.bodies) == 2


def test_continue_sends_the_cut_reply_last_for_the_server_to_go_on(stub: Stub):
    stub.script.append(reply_with(" and", " more."))
    cut = [Message("user", "Tell a story."), Message("assistant", "Once upon a time")]
    text, _ = collect_reply(
        backend(stub).stream_reply(cut, SamplingParams(), options=ReplyOptions(continue_last=True))
    )
    assert text == " and more."
    assert stub.bodies[0]["messages"][-1] == {"role": "assistant", "content": "Once upon a time"}
