"""The API server's settings, its errors and its request log record: what the window and
the terminal need to know about the server without loading its HTTP stack."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from chatapp.core.errors import ChatAppError, ExitCode

MAX_BODY_BYTES = 8 * 2**20
DEFAULT_PORT = 8765
DEFAULT_HOST = "127.0.0.1"


class ApiServerError(ChatAppError):
    """The server cannot start as asked; ``str()`` says what to change."""

    exit_code = ExitCode.USAGE


@dataclass(frozen=True)
class ApiServerSettings:
    """Where the server listens and who may use it. ``api_key`` None: no key (only on
    a loopback address); ``cors_origins``: web origins allowed to call it (none)."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    api_key: str | None = None
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = MAX_BODY_BYTES

    def validate(self) -> None:
        """Raise ApiServerError for settings that would be unsafe or cannot work."""
        if not 0 <= self.port <= 65535:
            raise ApiServerError(f"port {self.port} is not a port number: use 1 to 65535")
        if not is_loopback(self.host) and not self.api_key:
            raise ApiServerError(
                f"listening on {self.host} lets other machines use the model: set an API key "
                "(chatapp serve --api-key-env VAR) or listen on 127.0.0.1"
            )
        for origin in self.cors_origins:
            if origin == "*" or "://" not in origin:
                raise ApiServerError(
                    f"allowed origin {origin!r} must be one web origin like http://localhost:3000"
                )


@dataclass(frozen=True)
class RequestRecord:
    """One line of the request log."""

    time: datetime
    method: str
    path: str
    model: str
    prompt_tokens: int
    completion_tokens: int
    milliseconds: int
    status: int
    note: str = ""


RequestListener = Callable[[RequestRecord], None]


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only (127.x, ::1, localhost)."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False
