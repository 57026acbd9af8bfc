"""RemoteBackend: replies from an OpenAI-compatible server (llama-server, vLLM, Ollama,
LM Studio, a hosted API) over ``POST {base}/chat/completions`` with server-sent events.

httpx2 (which huggingface_hub already brings) does the HTTP and the event-stream
parsing; this module turns what servers send into the backend contract: text pieces
(``ReasoningText`` for a reasoning model's ``reasoning_content``), then one ReplyStats.
Errors never become reply text: each is a RemoteError with a kind and one line.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx2

from chatapp.core.backend import BackendError, ModelInfo, ReplyStats, TokenCount
from chatapp.core.conversation import OverflowPolicy
from chatapp.core.settings import SamplingParams
from chatapp.core.templates import Message

log = logging.getLogger(__name__)

DEFAULT_FIRST_BYTE_TIMEOUT = 60.0
MAX_RETRIES = 3
MAX_RETRY_WAIT = 60.0
# Sent as llama.cpp/vLLM extension fields; dropped (with a notice) by servers that refuse them.
EXTENSION_FIELDS = ("top_k", "min_p", "repeat_penalty")


class RemoteErrorKind(Enum):
    """Why a remote reply could not be had."""

    UNREACHABLE = "unreachable"
    AUTH = "auth"
    MODEL_NOT_FOUND = "model_not_found"
    RATE_LIMITED = "rate_limited"
    SERVER = "server"
    BAD_REQUEST = "bad_request"
    CUT = "cut"
    MALFORMED = "malformed"
    TIMEOUT = "timeout"


class RemoteError(BackendError):
    """A remote server failed; ``kind`` says how, ``partial`` holds any reply text that
    had arrived before it did (kept and marked, never mixed with the message)."""

    def __init__(self, kind: RemoteErrorKind, message: str, partial: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.partial = partial


class ReasoningText(str):
    """A piece of a reasoning model's thinking (``delta.reasoning_content``), shown apart
    from the answer; a plain ``str`` to front ends that do not know it."""


@dataclass(frozen=True)
class ServerConfig:
    """A saved server: a name, its base URL, the model to ask for, and its API key
    (kept in the keyring, never in settings.json)."""

    name: str
    base_url: str
    model: str = ""
    api_key: str | None = field(default=None, repr=False)
    first_byte_timeout: float = DEFAULT_FIRST_BYTE_TIMEOUT


@dataclass(frozen=True)
class RemoteModel:
    """One entry of ``GET {base}/models``."""

    id: str
    context_length: int | None = None


def normalise_base_url(url: str) -> str:
    """``http://host:8080``, ``…/v1/``, ``…/v1/chat/completions`` -> ``http://host:8080/v1``.

    Raises RemoteError for what is not an http(s) address."""
    text = url.strip()
    if "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(
            RemoteErrorKind.BAD_REQUEST,
            f"{url!r} is not a server address: give one like http://127.0.0.1:8080/v1",
        )
    path = parts.path.rstrip("/")
    for suffix in ("/chat/completions", "/completions", "/models"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
    if not path:
        path = "/v1"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def remote_model_info(config: ServerConfig, context_length: int) -> ModelInfo:
    """A server's model as the front ends show it: ``model · server``, its context
    length when the server reports one (else 0), nothing about files or layers."""
    return ModelInfo(
        path=Path(),
        name=f"{config.model or 'default model'} · {config.name}",
        architecture="remote",
        quantization="",
        file_size=0,
        n_layers=0,
        n_ctx=context_length,
        n_ctx_train=context_length,
        n_gpu_layers=0,
        n_threads=0,
        flash_attn=False,
        template_name="the server's",
        template_origin="server",
        load_seconds=0.0,
    )


def estimate_tokens(messages: list[Message]) -> TokenCount:
    """About four characters a token, plus a few per message for the template."""
    characters = sum(len(m.content) for m in messages)
    return TokenCount(characters // 4 + 4 * len(messages), exact=False)


class RemoteBackend:
    """A ChatBackend that streams replies from an OpenAI-compatible server.

    ``notify`` receives one-line notices (a field the server refused, a retry after a
    429); ``sleep`` waits between retries (tests pass a fake clock).
    """

    def __init__(
        self,
        config: ServerConfig,
        *,
        client: httpx2.Client | None = None,
        notify: Callable[[str], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.config = config
        self.base_url = normalise_base_url(config.base_url)
        self._client = client or httpx2.Client(trust_env=True)
        self._notify = notify or (lambda text: log.info("%s", text))
        self._sleep = sleep
        self._refused_fields: set[str] = set()
        self._context_length: int | None = None

    def close(self) -> None:
        self._client.close()

    # Model list ---------------------------------------------------------------

    def list_models(self, timeout: float = 5.0) -> list[RemoteModel]:
        """The server's models (``GET {base}/models``); RemoteError says why not."""
        try:
            response = self._client.get(
                f"{self.base_url}/models", headers=self._headers(), timeout=timeout
            )
        except httpx2.TimeoutException:
            raise self._error(RemoteErrorKind.TIMEOUT, f"no answer within {timeout:g} s") from None
        except httpx2.TransportError as exc:
            raise self._unreachable(exc) from None
        if response.status_code != 200:
            raise self._status_error(response.status_code, response.text, response.headers)
        try:
            entries = response.json()["data"]
            models = [_remote_model(entry) for entry in entries]
        except (ValueError, KeyError, TypeError):
            raise self._error(
                RemoteErrorKind.MALFORMED, "its model list is not OpenAI-compatible JSON"
            ) from None
        for model in models:
            if model.id == self.config.model and model.context_length:
                self._context_length = model.context_length
        return models

    def describe(self) -> ModelInfo:
        """The chosen model, as the front ends show it (``name · server``)."""
        return remote_model_info(self.config, self._context_length or 0)

    def count_tokens(self, messages: list[Message]) -> TokenCount:
        return estimate_tokens(messages)

    # Replies ------------------------------------------------------------------

    def stream_reply(
        self,
        messages: list[Message],
        sampling: SamplingParams,
        cancel: threading.Event | None = None,
        *,
        policy: OverflowPolicy = OverflowPolicy.KEEP_SYSTEM,
        start: int = 0,
    ) -> Iterator[str | ReplyStats]:
        """The reply, streamed; retries 429/503 up to MAX_RETRIES times honouring
        Retry-After. The server owns the context: ``policy`` and ``start`` apply only
        to what is sent (messages before ``start`` are left out)."""
        cancel = cancel or threading.Event()
        sent = [m for i, m in enumerate(messages) if i >= start or str(m.role) == "system"]
        stale_retried = False
        for attempt in range(MAX_RETRIES + 1):
            try:
                yield from _Reply(self, sent, sampling, cancel).stream()
                return
            except _StaleConnection as stale:
                # A kept-alive connection the server had closed: ask once more, anew.
                if stale_retried:
                    raise stale.error from None
                stale_retried = True
            except _Retry as retry:
                if attempt == MAX_RETRIES:
                    raise retry.error from None
                wait = min(retry.wait, MAX_RETRY_WAIT)
                self._notify(
                    f"{self.config.name} is busy ({retry.error}); trying again in {wait:.0f} s "
                    f"({attempt + 1} of {MAX_RETRIES})"
                )
                if cancel.wait(wait):
                    yield ReplyStats(0, 0.0, 0, 0.0, 0.0, "cancelled")
                    return
            except _RefusedField as refused:
                self._refused_fields.add(refused.field)
                self._notify(
                    f"{self.config.name} does not take {refused.field}: sending without it"
                )
        raise self._error(RemoteErrorKind.BAD_REQUEST, "the server refused every request")

    def request_body(self, messages: list[Message], sampling: SamplingParams) -> dict[str, Any]:
        """The JSON sent for a reply: OpenAI fields plus the extension fields the server
        has not refused."""
        body: dict[str, Any] = {
            "messages": [{"role": str(m.role), "content": m.content} for m in messages],
            "stream": True,
            "stream_options": {"include_usage": True},
            "temperature": sampling.temperature,
            "top_p": sampling.top_p,
            "max_tokens": sampling.max_tokens,
        }
        if self.config.model:
            body["model"] = self.config.model
        if not sampling.random_seed:
            body["seed"] = sampling.seed
        extensions = {
            "top_k": sampling.top_k,
            "min_p": sampling.min_p,
            "repeat_penalty": sampling.repeat_penalty,
        }
        for name, value in extensions.items():
            if name not in self._refused_fields:
                body[name] = value
        return body

    # Errors -------------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        if self.config.api_key:
            return {"Authorization": f"Bearer {self.config.api_key}"}
        return {}

    def _error(self, kind: RemoteErrorKind, what: str, partial: str = "") -> RemoteError:
        return RemoteError(kind, f"{self.config.name}: {what}", partial)

    def _unreachable(self, exc: Exception) -> RemoteError:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return self._error(
            RemoteErrorKind.UNREACHABLE,
            f"cannot reach {self.base_url} ({reason}): is the server running and the "
            "address right?",
        )

    def _status_error(
        self, status: int, text: str, headers: httpx2.Headers, partial: str = ""
    ) -> RemoteError:
        detail = _error_detail(text)
        if status in (401, 403):
            kind, what = RemoteErrorKind.AUTH, "the API key was refused: check it in Servers"
        elif status == 404:
            kind = RemoteErrorKind.MODEL_NOT_FOUND
            what = f"no model {self.config.model!r} there (404): choose one of its models"
        elif status in (429, 503):
            kind, what = RemoteErrorKind.RATE_LIMITED, f"busy ({status})"
        elif status >= 500:
            kind, what = RemoteErrorKind.SERVER, f"server error {status}"
        else:
            kind, what = RemoteErrorKind.BAD_REQUEST, f"refused the request ({status})"
        if detail:
            what = f"{what}: {detail}"
        return self._error(kind, what, partial)


class _StaleConnection(Exception):
    def __init__(self, error: RemoteError) -> None:
        self.error = error


class _Retry(Exception):
    def __init__(self, error: RemoteError, wait: float) -> None:
        self.error = error
        self.wait = wait


class _RefusedField(Exception):
    def __init__(self, name: str) -> None:
        self.field = name


class _Reply:
    """One request and its event stream."""

    def __init__(
        self,
        backend: RemoteBackend,
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
        backend = self.backend
        timeout = httpx2.Timeout(10.0, read=backend.config.first_byte_timeout)
        started = time.perf_counter()
        try:
            with backend._client.stream(
                "POST",
                f"{backend.base_url}/chat/completions",
                json=backend.request_body(self.messages, self.sampling),
                headers={**backend._headers(), "Accept": "text/event-stream"},
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
            raise backend._error(
                RemoteErrorKind.TIMEOUT,
                f"no reply within {backend.config.first_byte_timeout:g} s",
                "".join(self.text),
            ) from None
        except httpx2.TransportError as exc:
            if self.cancel.is_set():
                yield self._cancelled(started)
                return
            if self.text:
                raise backend._error(
                    RemoteErrorKind.CUT,
                    "the connection was cut during the reply; what arrived is kept",
                    "".join(self.text),
                ) from None
            if isinstance(exc, httpx2.RemoteProtocolError) and not self.answered:
                raise _StaleConnection(backend._unreachable(exc)) from None
            raise backend._unreachable(exc) from None

    def _raise_for_status(self, response: httpx2.Response) -> None:
        response.read()
        backend = self.backend
        text = response.text
        if response.status_code == 400:
            lowered = text.lower()
            for name in EXTENSION_FIELDS:
                if name in lowered and name not in backend._refused_fields:
                    raise _RefusedField(name)
        error = backend._status_error(response.status_code, text, response.headers)
        if error.kind is RemoteErrorKind.RATE_LIMITED:
            raise _Retry(error, _retry_after(response.headers.get("Retry-After")))
        raise error

    def _events(self, response: httpx2.Response, started: float) -> Iterator[str | ReplyStats]:
        backend = self.backend
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != "text/event-stream":
            response.read()
            raise backend._error(
                RemoteErrorKind.MALFORMED,
                f"answered with {content_type or 'no content type'} instead of an event "
                "stream: is this an OpenAI-compatible address (it usually ends in /v1)?",
            )
        first_at: float | None = None
        finish: str | None = None
        usage: dict[str, Any] | None = None
        pieces = 0
        for event in httpx2.EventSource(response):
            if self.cancel.is_set():
                break
            if event.data.strip() == "[DONE]":
                break
            if not event.data.strip():
                continue
            chunk = self._decode(event.data)
            if isinstance(chunk.get("error"), dict | str):
                raise backend._error(
                    RemoteErrorKind.SERVER,
                    f"stopped with an error: {_error_detail(json.dumps(chunk))}",
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
                raise backend._error(
                    RemoteErrorKind.CUT,
                    "the reply stream ended early; what arrived is kept",
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
            raise self.backend._error(
                RemoteErrorKind.MALFORMED,
                "sent something that is not an OpenAI event stream; what arrived is kept",
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


def _retry_after(value: str | None) -> float:
    try:
        return max(0.0, float(value)) if value else 1.0
    except ValueError:
        return 1.0


def _int(usage: dict[str, Any] | None, key: str) -> int | None:
    value = (usage or {}).get(key)
    return value if isinstance(value, int) and value >= 0 else None


def _remote_model(entry: Any) -> RemoteModel:
    model_id = entry["id"]
    if not isinstance(model_id, str):
        raise TypeError(model_id)
    context = None
    for key in ("context_length", "max_model_len", "n_ctx", "context_window"):
        value = entry.get(key) if isinstance(entry, dict) else None
        if isinstance(value, int) and value > 0:
            context = value
            break
    meta = entry.get("meta") if isinstance(entry, dict) else None
    # llama-server: meta.n_ctx is the context it runs with (n_ctx_train only the model's).
    if context is None and isinstance(meta, dict) and isinstance(meta.get("n_ctx"), int):
        context = meta["n_ctx"]
    return RemoteModel(model_id, context)


def _error_detail(text: str) -> str:
    """The server's own one-line reason from an OpenAI error body, else a short excerpt;
    an HTML page (a proxy's) is named, not pasted."""
    stripped = text.strip()
    if stripped.lower().startswith(("<!doctype", "<html")):
        return "an HTML page came back (a proxy or a web server, not the API)"
    try:
        data = json.loads(stripped)
    except ValueError:
        return stripped.splitlines()[0][:160] if stripped else ""
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        return error["message"].splitlines()[0][:200]
    if isinstance(error, str):
        return error.splitlines()[0][:200]
    if isinstance(data, dict) and isinstance(data.get("detail"), str):
        return data["detail"].splitlines()[0][:200]
    return ""
