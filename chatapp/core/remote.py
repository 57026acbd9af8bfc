"""RemoteBackend: replies from an OpenAI-compatible server (llama-server, vLLM, Ollama,
LM Studio, a hosted API) over ``POST {base}/chat/completions`` with server-sent events.

httpx2 (which huggingface_hub already brings) does the HTTP and the event-stream
parsing; this module turns what servers send into the backend contract: text pieces
(``ReasoningText`` for a reasoning model's ``reasoning_content``), then one ReplyStats.
Errors never become reply text: each is a RemoteError with a kind and one line.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chatapp.core.backend import ModelInfo, ReplyStats, TokenCount
from chatapp.core.conversation import OverflowPolicy
from chatapp.core.messages import QT_TRANSLATE_NOOP, message_of
from chatapp.core.messages import Message as CoreMessage
from chatapp.core.remote_errors import RemoteError, RemoteErrorKind, ServerErrors
from chatapp.core.remote_stream import (
    ReasoningText,
    RefusedField,
    ReplyExchange,
    RetryLater,
    StaleConnection,
    estimate_tokens,
)
from chatapp.core.reply_options import ReplyOptions
from chatapp.core.server_config import (
    RemoteModel,
    ServerConfig,
    normalise_base_url,
)
from chatapp.core.settings import SamplingParams
from chatapp.core.templates import Message

__all__ = [
    "ReasoningText",
    "RemoteBackend",
    "RemoteError",
    "RemoteErrorKind",
    "RemoteModel",
    "ServerConfig",
    "estimate_tokens",
    "normalise_base_url",
    "remote_model_info",
]

if TYPE_CHECKING:  # imported when a backend is made: 12 MB a window without one spares
    import httpx2

log = logging.getLogger(__name__)

MAX_RETRIES = 3
MAX_RETRY_WAIT = 60.0


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
        import httpx2

        self.config = config
        self.base_url = normalise_base_url(config.base_url)
        self.client = client or httpx2.Client(trust_env=True)
        self._notify = notify or (lambda text: log.info("%s", text))
        self._sleep = sleep
        self.refused_fields: set[str] = set()
        self._context_length: int | None = None

    @property
    def errors(self) -> ServerErrors:
        """Words for this server's failures."""
        return ServerErrors(self.config.name, self.base_url, self.config.model)

    @property
    def first_byte_timeout(self) -> float:
        return self.config.first_byte_timeout

    def close(self) -> None:
        self.client.close()

    # Model list ---------------------------------------------------------------

    def list_models(self, timeout: float = 5.0) -> list[RemoteModel]:
        """The server's models (``GET {base}/models``); RemoteError says why not."""
        import httpx2

        try:
            response = self.client.get(
                f"{self.base_url}/models", headers=self.headers(), timeout=timeout
            )
        except httpx2.TimeoutException:
            raise self.errors.error(
                RemoteErrorKind.TIMEOUT,
                CoreMessage(
                    QT_TRANSLATE_NOOP("core", "no answer within {seconds} s"),
                    seconds=f"{timeout:g}",
                ),
            ) from None
        except httpx2.TransportError as exc:
            raise self.errors.unreachable(exc) from None
        if response.status_code != 200:
            raise self.errors.for_status(response.status_code, response.text)
        try:
            entries = response.json()["data"]
            models = [_remote_model(entry) for entry in entries]
        except (ValueError, KeyError, TypeError):
            raise self.errors.error(
                RemoteErrorKind.MALFORMED,
                CoreMessage(
                    QT_TRANSLATE_NOOP("core", "its model list is not OpenAI-compatible JSON")
                ),
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
        options: ReplyOptions | None = None,
    ) -> Iterator[str | ReplyStats]:
        """The reply, streamed; retries 429/503 up to MAX_RETRIES times honouring
        Retry-After. The server owns the context: ``policy`` and ``start`` apply only
        to what is sent (messages before ``start`` are left out). For
        ``options.continue_last`` the partial reply is sent last, as an assistant
        message, which llama-server continues (a server that does not starts anew)."""
        cancel = cancel or threading.Event()
        sent = [m for i, m in enumerate(messages) if i >= start or str(m.role) == "system"]
        stale_retried = False
        for attempt in range(MAX_RETRIES + 1):
            try:
                yield from ReplyExchange(self, sent, sampling, cancel).stream()
                return
            except StaleConnection as stale:
                # A kept-alive connection the server had closed: ask once more, anew.
                if stale_retried:
                    raise stale.error from None
                stale_retried = True
            except RetryLater as retry:
                if attempt == MAX_RETRIES:
                    raise retry.error from None
                wait = min(retry.wait, MAX_RETRY_WAIT)
                self._notify(
                    CoreMessage(
                        QT_TRANSLATE_NOOP(
                            "core",
                            "{server} is busy ({error}); trying again in {seconds} s "
                            "({attempt} of {attempts})",
                        ),
                        server=self.config.name,
                        error=message_of(retry.error),
                        seconds=f"{wait:.0f}",
                        attempt=attempt + 1,
                        attempts=MAX_RETRIES,
                    )
                )
                if cancel.wait(wait):
                    yield ReplyStats(0, 0.0, 0, 0.0, 0.0, "cancelled")
                    return
            except RefusedField as refused:
                self.refused_fields.add(refused.field)
                self._notify(
                    CoreMessage(
                        QT_TRANSLATE_NOOP(
                            "core", "{server} does not take {field}: sending without it"
                        ),
                        server=self.config.name,
                        field=refused.field,
                    )
                )
        raise self.errors.error(
            RemoteErrorKind.BAD_REQUEST,
            CoreMessage(QT_TRANSLATE_NOOP("core", "the server refused every request")),
        )

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
            if name not in self.refused_fields:
                body[name] = value
        return body

    # Errors -------------------------------------------------------------------

    def headers(self) -> dict[str, str]:
        if self.config.api_key:
            return {"Authorization": f"Bearer {self.config.api_key}"}
        return {}


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
