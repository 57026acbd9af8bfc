"""One streamed reply from an OpenAI-compatible server: the request, its server-sent
events (parsed by httpx2), and the ReplyStats at the end."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

from chatapp.core.backend import ReasoningText, ReplyStats, TokenCount
from chatapp.core.messages import QT_TRANSLATE_NOOP
from chatapp.core.messages import Message as CoreMessage
from chatapp.core.remote_errors import (
    RemoteError,
    RemoteErrorKind,
    ServerErrors,
    error_detail,
    retry_after,
)
from chatapp.core.settings import SamplingParams
from chatapp.core.templates import Message

# Sent as llama.cpp/vLLM extension fields; dropped (with a notice) by servers that refuse them.
EXTENSION_FIELDS = ("top_k", "min_p", "repeat_penalty")

if TYPE_CHECKING:  # imported when a reply is streamed (see chatapp.core.remote)
    import httpx2


def estimate_tokens(messages: list[Message]) -> TokenCount:
    """About four characters a token, plus a few per message for the template."""
    characters = sum(len(m.content) for m in messages)
    return TokenCount(characters // 4 + 4 * len(messages), exact=False)


class ReplySource(Protocol):
    """What a ReplyExchange needs from the backend that starts it."""

    client: httpx2.Client
    base_url: str
    refused_fields: set[str]

    @property
    def errors(self) -> ServerErrors: ...

    @property
    def first_byte_timeout(self) -> float: ...

    def headers(self) -> dict[str, str]: ...

    def request_body(self, messages: list[Message], sampling: SamplingParams) -> dict[str, Any]: ...


class StaleConnection(Exception):
    """A kept-alive connection the server had closed: the request may be sent again."""

    def __init__(self, error: RemoteError) -> None:
        self.error = error


class RetryLater(Exception):
    """The server is busy (429/503): try again after ``wait`` seconds."""

    def __init__(self, error: RemoteError, wait: float) -> None:
        self.error = error
        self.wait = wait


class RefusedField(Exception):
    """The server refused an extension field: send again without it."""

    def __init__(self, name: str) -> None:
        self.field = name


class ReplyExchange:
    """One request to ``POST {base}/chat/completions`` and its event stream."""

    def __init__(
        self,
        backend: ReplySource,
        messages: list[Message],
        sampling: SamplingParams,
        cancel: threading.Event,
    ) -> None:
        self.backend = backend
        self.messages = messages
        self.sampling = sampling
        self.cancel = cancel
        self.text: list[str] = []
        self.answered = False  # the server sent a status line

    def stream(self) -> Iterator[str | ReplyStats]:
        import httpx2

        backend = self.backend
        timeout = httpx2.Timeout(10.0, read=backend.first_byte_timeout)
        started = time.perf_counter()
        try:
            with backend.client.stream(
                "POST",
                f"{backend.base_url}/chat/completions",
                json=backend.request_body(self.messages, self.sampling),
                headers={**backend.headers(), "Accept": "text/event-stream"},
                timeout=timeout,
            ) as response:
                self.answered = True
                if response.status_code != 200:
                    self._raise_for_status(response)
                with _closed_on_cancel(response, self.cancel):
                    yield from self._events(response, started)
        except httpx2.TimeoutException:
            if self.cancel.is_set():
                yield self._cancelled(started)
                return
            raise backend.errors.error(
                RemoteErrorKind.TIMEOUT,
                CoreMessage(
                    QT_TRANSLATE_NOOP("core", "no reply within {seconds} s"),
                    seconds=f"{backend.first_byte_timeout:g}",
                ),
                "".join(self.text),
            ) from None
        except httpx2.TransportError as exc:
            if self.cancel.is_set():
                yield self._cancelled(started)
                return
            if self.text:
                raise backend.errors.error(
                    RemoteErrorKind.CUT,
                    CoreMessage(
                        QT_TRANSLATE_NOOP(
                            "core", "the connection was cut during the reply; what arrived is kept"
                        )
                    ),
                    "".join(self.text),
                ) from None
            if isinstance(exc, httpx2.RemoteProtocolError) and not self.answered:
                raise StaleConnection(backend.errors.unreachable(exc)) from None
            raise backend.errors.unreachable(exc) from None

    def _raise_for_status(self, response: httpx2.Response) -> None:
        response.read()
        backend = self.backend
        text = response.text
        if response.status_code == 400:
            lowered = text.lower()
            for name in EXTENSION_FIELDS:
                if name in lowered and name not in backend.refused_fields:
                    raise RefusedField(name)
        error = backend.errors.for_status(response.status_code, text)
        if error.kind is RemoteErrorKind.RATE_LIMITED:
            raise RetryLater(error, retry_after(response.headers.get("Retry-After")))
        raise error

    def _events(self, response: httpx2.Response, started: float) -> Iterator[str | ReplyStats]:
        backend = self.backend
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != "text/event-stream":
            response.read()
            template = (
                QT_TRANSLATE_NOOP(
                    "core",
                    "answered with {content_type} instead of an event stream: is this an "
                    "OpenAI-compatible address (it usually ends in /v1)?",
                )
                if content_type
                else QT_TRANSLATE_NOOP(
                    "core",
                    "answered with no content type instead of an event stream: is this an "
                    "OpenAI-compatible address (it usually ends in /v1)?",
                )
            )
            raise backend.errors.error(
                RemoteErrorKind.MALFORMED, CoreMessage(template, content_type=content_type)
            )
        first_at: float | None = None
        finish: str | None = None
        usage: dict[str, Any] | None = None
        pieces = 0
        from httpx2 import EventSource

        for event in EventSource(response):
            if self.cancel.is_set():
                break
            if event.data.strip() == "[DONE]":
                break
            if not event.data.strip():
                continue
            chunk = self._decode(event.data)
            if isinstance(chunk.get("error"), dict | str):
                raise backend.errors.error(
                    RemoteErrorKind.SERVER,
                    CoreMessage(
                        QT_TRANSLATE_NOOP("core", "stopped with an error: {detail}"),
                        detail=error_detail(json.dumps(chunk)),
                    ),
                    "".join(self.text),
                )
            if isinstance(chunk.get("usage"), dict):
                usage = chunk["usage"]
            for choice in chunk.get("choices") or []:
                delta = choice.get("delta") or {}
                reasoning = delta.get("reasoning_content")
                content = delta.get("content")
                for piece, kind in ((reasoning, ReasoningText), (content, str)):
                    if isinstance(piece, str) and piece:
                        if first_at is None:
                            first_at = time.perf_counter()
                        pieces += 1
                        if kind is str:
                            self.text.append(piece)
                        yield kind(piece)
                if choice.get("finish_reason"):
                    finish = choice["finish_reason"]
        else:
            if finish is None and not self.cancel.is_set():
                raise backend.errors.error(
                    RemoteErrorKind.CUT,
                    CoreMessage(
                        QT_TRANSLATE_NOOP(
                            "core", "the reply stream ended early; what arrived is kept"
                        )
                    ),
                    "".join(self.text),
                )
        if self.cancel.is_set():
            yield self._cancelled(started, first_at, pieces, usage)
            return
        yield self._stats(started, first_at, pieces, usage, _finish_reason(finish))

    def _decode(self, data: str) -> dict[str, Any]:
        try:
            chunk = json.loads(data)
        except ValueError:
            chunk = None
        if not isinstance(chunk, dict):
            raise self.backend.errors.error(
                RemoteErrorKind.MALFORMED,
                CoreMessage(
                    QT_TRANSLATE_NOOP(
                        "core",
                        "sent something that is not an OpenAI event stream; what arrived is kept",
                    )
                ),
                "".join(self.text),
            )
        return chunk

    def _cancelled(
        self,
        started: float,
        first_at: float | None = None,
        pieces: int = 0,
        usage: dict[str, Any] | None = None,
    ) -> ReplyStats:
        return self._stats(started, first_at, pieces, usage, "cancelled")

    def _stats(
        self,
        started: float,
        first_at: float | None,
        pieces: int,
        usage: dict[str, Any] | None,
        finish: Any,
    ) -> ReplyStats:
        ended = time.perf_counter()
        first = first_at if first_at is not None else ended
        prompt = _int(usage, "prompt_tokens")
        generated = _int(usage, "completion_tokens")
        exact = prompt is not None and generated is not None
        if prompt is None:
            prompt = int(estimate_tokens(self.messages))
        if generated is None:
            generated = pieces  # servers send about one token an event
        return ReplyStats(
            prompt_tokens=prompt,
            prompt_seconds=first - started,
            generated_tokens=generated,
            generation_seconds=ended - first,
            time_to_first_token=first - started,
            finish_reason=finish,
            prompt_tokens_total=prompt,
            counts_exact=exact,
        )


class _closed_on_cancel:
    """While active, setting ``cancel`` shuts the response's socket down, so that a read
    blocked on a silent server returns at once instead of at the timeout."""

    def __init__(self, response: httpx2.Response, cancel: threading.Event) -> None:
        self.response = response
        self.cancel = cancel
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._watch, name="remote-cancel", daemon=True)

    def __enter__(self) -> None:
        self.thread.start()

    def __exit__(self, *_exc: object) -> None:
        self.done.set()
        self.thread.join()

    def _watch(self) -> None:
        while not self.done.is_set():
            if self.cancel.wait(0.05):
                sock = _socket_of(self.response)
                if sock is not None:
                    try:
                        sock.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                return


def _socket_of(response: httpx2.Response) -> socket.socket | None:
    stream = response.extensions.get("network_stream")
    if stream is None:
        return None
    try:
        sock = stream.get_extra_info("socket")
    except Exception:
        return None
    return sock if isinstance(sock, socket.socket) else None


def _finish_reason(value: str | None) -> str:
    if value in (None, "stop", "eos", "tool_calls"):
        return "stop"
    if value == "length":
        return "length"
    return "stop"


def _int(usage: dict[str, Any] | None, key: str) -> int | None:
    value = (usage or {}).get(key)
    return value if isinstance(value, int) and value >= 0 else None
