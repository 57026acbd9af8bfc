"""A scripted OpenAI-compatible server on 127.0.0.1 for the remote backend's tests:
each POST to /v1/chat/completions is answered by the next handler in ``script``."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from chatapp.core.remote import RemoteBackend

Handler = Callable[[BaseHTTPRequestHandler, dict[str, Any]], None]


def chunk(content: str | None = None, finish: str | None = None, **delta: str) -> bytes:
    if content is not None:
        delta["content"] = content
    body = {"choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    return b"data: " + json.dumps(body).encode() + b"\n\n"


def start_sse(handler: BaseHTTPRequestHandler, status: int = 200) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", "text/event-stream")
    handler.send_header("Connection", "close")
    handler.end_headers()


def send(handler: BaseHTTPRequestHandler, data: bytes, delay: float = 0.0) -> None:
    if delay:
        time.sleep(delay)
    handler.wfile.write(data)
    handler.wfile.flush()


def reply_with(*words: str, usage: bool = True, reasoning: str = "") -> Handler:
    def handle(handler: BaseHTTPRequestHandler, _body: dict[str, Any]) -> None:
        start_sse(handler)
        send(handler, b": keep-alive\n\n")
        if reasoning:
            send(handler, chunk(reasoning_content=reasoning))
        for word in words:
            send(handler, chunk(word))
        send(handler, chunk(finish="stop"))
        if usage:
            usage_chunk = {"choices": [], "usage": {"prompt_tokens": 11, "completion_tokens": 3}}
            send(handler, b"data: " + json.dumps(usage_chunk).encode() + b"\n\n")
        send(handler, b"data: [DONE]\n\n")

    return handle


def status(code: int, body: str, content_type: str = "application/json", **headers: str):
    def handle(handler: BaseHTTPRequestHandler, _body: dict[str, Any]) -> None:
        data = body.encode()
        handler.send_response(code)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.send_header("Connection", "close")
        for name, value in headers.items():
            handler.send_header(name.replace("_", "-"), value)
        handler.end_headers()
        handler.wfile.write(data)

    return handle


class Stub:
    """An HTTP server whose /v1/chat/completions answers are scripted per request."""

    def __init__(self) -> None:
        self.script: list[Handler] = []
        self.bodies: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.models: dict[str, Any] = {"object": "list", "data": [{"id": "tiny"}]}
        self.clients: list[RemoteBackend] = []
        stub = self

        class RequestHandler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: object) -> None:
                """No access log on the test's output."""

            def do_GET(self) -> None:
                stub.headers.append(dict(self.headers))
                if self.path == "/v1/models":
                    status(200, json.dumps(stub.models))(self, {})
                else:
                    status(404, '{"error": {"message": "not found"}}')(self, {})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length))
                stub.bodies.append(body)
                stub.headers.append(dict(self.headers))
                handler = stub.script.pop(0) if stub.script else reply_with("ok")
                # A client that hung up on purpose (a stop, a timeout test).
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    handler(self, body)
                self.close_connection = True

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), RequestHandler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        for client in self.clients:
            client.close()
        self.server.shutdown()
        self.server.server_close()
