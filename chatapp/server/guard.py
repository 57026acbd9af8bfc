"""The server's gate: what a request must pass before any endpoint sees it.

- the Host header names the bound address or localhost (a web page that rebinds its own
  DNS name to 127.0.0.1 sends its own name there and is refused);
- a browser's ``Origin`` must be on the allow-list (CORS is off by default);
- with an API key, every path but ``/health`` needs ``Authorization: Bearer <key>``;
- a declared body over the limit gets 413 before it is read.

Refusals are JSON errors in OpenAI's shape; ``on_refused(method, path, status, message)``
lets the request log see them.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
OPEN_PATHS = frozenset({"/health"})

Refused = Callable[[str, str, int, str], None]


def error_body(
    message: str,
    *,
    kind: str = "invalid_request_error",
    param: str | None = None,
    code: str | None = None,
) -> dict[str, Any]:
    """An error as OpenAI's API words it (clients show ``error.message``)."""
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def is_wildcard(host: str) -> bool:
    """``0.0.0.0`` or ``::``: every interface of the machine."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def host_of(header: str) -> str:
    """The host name of a Host header: ``[::1]:8080`` -> ``::1``, ``a:80`` -> ``a``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class Guard:
    """ASGI middleware that refuses what must not reach the endpoints (see the module)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        bound_host: str,
        api_key: str | None,
        cors_origins: tuple[str, ...],
        max_body_bytes: int,
        on_refused: Refused | None = None,
    ) -> None:
        self.app = app
        # Bound to every interface, the machine's names are not known: the API key (which
        # is then required) keeps web pages out instead.
        self.allowed_hosts = (
            None if is_wildcard(bound_host) else LOCAL_NAMES | {host_of(bound_host)}
        )
        self.api_key = api_key.encode() if api_key else None
        self.cors_origins = frozenset(o.rstrip("/") for o in cors_origins)
        self.max_body_bytes = max_body_bytes
        self.on_refused = on_refused

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refusal(scope, headers)
        if refusal is None:
            await self.app(scope, receive, send)
            return
        status, message, extra = refusal
        if self.on_refused is not None:
            self.on_refused(scope["method"], scope["path"], status, message)
        body = json.dumps(
            error_body(message, kind=_KINDS.get(status, "invalid_request_error"))
        ).encode()
        raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": raw + extra})
        await send({"type": "http.response.body", "body": body})

    def _refusal(
        self, scope: Scope, headers: dict[str, str]
    ) -> tuple[int, str, list[tuple[bytes, bytes]]] | None:
        host = headers.get("host", "")
        if self.allowed_hosts is not None and host_of(host) not in self.allowed_hosts:
            return (
                400,
                f"Host header {host[:100]!r} is not this server's address: use 127.0.0.1 or localhost",
                [],
            )
        origin = headers.get("origin")
        if origin is not None and origin.rstrip("/") not in self.cors_origins:
            return (
                403,
                f"requests from web pages at {origin[:100]!r} are not allowed: add the origin to the server's allowed origins",
                [],
            )
        preflight = scope["method"] == "OPTIONS" and "access-control-request-method" in headers
        if self.api_key is not None and scope["path"] not in OPEN_PATHS and not preflight:
            given = headers.get("authorization", "")
            scheme, _, token = given.partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(
                token.strip().encode(), self.api_key
            ):
                return (
                    401,
                    "a valid API key is needed: send 'Authorization: Bearer <key>'",
                    [(b"www-authenticate", b"Bearer")],
                )
        length = headers.get("content-length")
        if length is not None:
            if not length.strip().isdigit():
                return 400, "Content-Length is not a number", []
            if int(length) > self.max_body_bytes:
                return 413, f"the request body is larger than {self.max_body_bytes >> 20} MiB", []
        return None


_KINDS = {401: "authentication_error", 403: "permission_error", 413: "invalid_request_error"}
