"""Calling the local API server from a test: real HTTP on 127.0.0.1 in a thread of its
own, so that the Qt event loop goes on while the reply streams."""

from __future__ import annotations

import http.client
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class ApiCall:
    """One streamed chat completion in a background thread: its status, its text pieces
    and when it ended (``time.monotonic()``)."""

    port: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 0
    pieces: list[str] = field(default_factory=list)
    error_body: str = ""
    ended_at: float = 0.0
    thread: threading.Thread | None = None

    def start(self) -> ApiCall:
        self.thread = threading.Thread(target=self._run, name="test-api-client", daemon=True)
        self.thread.start()
        return self

    @property
    def done(self) -> bool:
        return self.thread is not None and not self.thread.is_alive()

    @property
    def text(self) -> str:
        return "".join(self.pieces)

    def _run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request(
                "POST",
                "/v1/chat/completions",
                body=json.dumps({**self.body, "stream": True}),
                headers={"Content-Type": "application/json", **self.headers},
            )
            response = connection.getresponse()
            self.status = response.status
            if response.status != 200:
                self.error_body = response.read().decode()
                return
            for raw in response:
                line = raw.decode().strip()
                if not line.startswith("data: ") or line == "data: [DONE]":
                    continue
                for choice in json.loads(line[6:]).get("choices", []):
                    piece = choice.get("delta", {}).get("content")
                    if piece:
                        self.pieces.append(piece)
        finally:
            connection.close()
            self.ended_at = time.monotonic()


def chat(port: int, content: str, headers: dict[str, str] | None = None, **body: Any) -> ApiCall:
    """Start streaming the reply to one user message."""
    messages = [{"role": "user", "content": content}]
    return ApiCall(port, {"messages": messages, **body}, headers or {}).start()
