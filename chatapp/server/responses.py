"""What the OpenAI-compatible endpoints send: answers whole or as stream chunks, usage,
and the server-sent event stream itself."""

from __future__ import annotations

import contextlib
import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from chatapp.core.backend import ReplyStats


def finish_reason(stats: ReplyStats) -> str:
    return "length" if stats.finish_reason in ("length", "context_full") else "stop"


def usage(stats: ReplyStats) -> dict[str, Any]:
    prompt = stats.prompt_tokens_total
    return {
        "prompt_tokens": prompt,
        "completion_tokens": stats.generated_tokens,
        "total_tokens": prompt + stats.generated_tokens,
        "prompt_tokens_details": {"cached_tokens": prompt - stats.prompt_tokens},
    }


class Answer:
    """The JSON of one answer: whole, or as stream chunks."""

    def __init__(self, kind: str, model: str, chat: bool) -> None:
        self.kind, self.model, self.chat = kind, model, chat
        self.id = ("chatcmpl-" if chat else "cmpl-") + uuid.uuid4().hex[:24]
        self.created = int(time.time())

    def _head(self, kind: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": kind,
            "created": self.created,
            "model": self.model,
            "system_fingerprint": None,
        }

    def whole(self, text: str, stats: ReplyStats) -> dict[str, Any]:
        choice: dict[str, Any] = {
            "index": 0,
            "logprobs": None,
            "finish_reason": finish_reason(stats),
        }
        if self.chat:
            choice["message"] = {"role": "assistant", "content": text}
        else:
            choice["text"] = text
        return {**self._head(self.kind), "choices": [choice], "usage": usage(stats)}

    def _chunk(self, choice: dict[str, Any]) -> dict[str, Any]:
        kind = "chat.completion.chunk" if self.chat else "text_completion"
        return {**self._head(kind), "choices": [{"index": 0, "logprobs": None, **choice}]}

    def opening(self) -> dict[str, Any]:
        if self.chat:
            return self._chunk(
                {"delta": {"role": "assistant", "content": ""}, "finish_reason": None}
            )
        return self._chunk({"text": "", "finish_reason": None})

    def piece(self, text: str) -> dict[str, Any]:
        if self.chat:
            return self._chunk({"delta": {"content": text}, "finish_reason": None})
        return self._chunk({"text": text, "finish_reason": None})

    def closing(self, stats: ReplyStats) -> dict[str, Any]:
        if self.chat:
            return self._chunk({"delta": {}, "finish_reason": finish_reason(stats)})
        return self._chunk({"text": "", "finish_reason": finish_reason(stats)})

    def usage_chunk(self, stats: ReplyStats) -> dict[str, Any]:
        kind = "chat.completion.chunk" if self.chat else "text_completion"
        return {**self._head(kind), "choices": [], "usage": usage(stats)}


def sse_event(data: dict[str, Any]) -> bytes:
    return b"data: " + json.dumps(data, ensure_ascii=False).encode("utf-8") + b"\n\n"


class EventStream(Response):
    """A server-sent event stream; the reply's watcher, not this response, sees a
    client go away (the reply is cancelled and the stream then ends)."""

    media_type = "text/event-stream"

    def __init__(self, events: AsyncIterator[bytes]) -> None:
        # Not Response.__init__: that would declare an empty body (Content-Length: 0).
        self.status_code = 200
        self.background = None
        self.init_headers({"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
        self.events = events

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send(
            {"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers}
        )
        try:
            async for chunk in self.events:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            with contextlib.suppress(Exception):
                await self.events.aclose()  # type: ignore[attr-defined]
