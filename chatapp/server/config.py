"""The API server's settings, its errors and its request log record: what the window and
the terminal need to know about the server without loading its HTTP stack."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from chatapp.core.errors import ChatAppError, ExitCode
from chatapp.core.messages import QT_TRANSLATE_NOOP, Message

MAX_BODY_BYTES = 8 * 2**20
DEFAULT_PORT = 8765
DEFAULT_HOST = "127.0.0.1"


NOT_A_PORT = QT_TRANSLATE_NOOP("core", "port {port} is not a port number: use 1 to 65535")
NEEDS_KEY = (  # the terminal's words; the window says WINDOW_WORDING's
    "listening on {host} lets other machines use the model: set an API key "
    "(chatapp serve --api-key-env VAR) or listen on 127.0.0.1"
)
BAD_ORIGIN = QT_TRANSLATE_NOOP(
    "core", "allowed origin {origin} must be one web origin like http://localhost:3000"
)
PORT_IN_USE = "listening on {host} port {port} is in use: choose another port (--port N)"
LISTEN_FAILED = "listening on {host} port {port} failed ({reason}): choose another port (--port N)"
DID_NOT_START = QT_TRANSLATE_NOOP("core", "the API server did not start (details in the log)")
# The same errors as the window words them: its settings, not the terminal's flags.
WINDOW_WORDING = {
    NEEDS_KEY: QT_TRANSLATE_NOOP(
        "core",
        "listening on {host} lets other machines use the model: set an API key or listen "
        "on 127.0.0.1",
    ),
    PORT_IN_USE: QT_TRANSLATE_NOOP(
        "core",
        "listening on {host} port {port} is in use: choose another port in Server > Local "
        "server settings",
    ),
    LISTEN_FAILED: QT_TRANSLATE_NOOP(
        "core",
        "listening on {host} port {port} failed ({reason}): choose another port in Server > "
        "Local server settings",
    ),
}


class ApiServerError(ChatAppError):
    """The server cannot start as asked; ``str()`` says what to change (in the
    terminal's words: ``for_window`` gives the window's, from WINDOW_WORDING)."""

    exit_code = ExitCode.USAGE

    def for_window(self) -> Message | str:
        """The message as the window words it, still to be translated."""
        first = self.args[0] if len(self.args) == 1 else None
        if not isinstance(first, Message):
            return str(self)
        window = WINDOW_WORDING.get(first.template)
        return Message(window, **first.values) if window is not None else first


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
            raise ApiServerError(Message(NOT_A_PORT, port=self.port))
        if not is_loopback(self.host) and not self.api_key:
            raise ApiServerError(Message(NEEDS_KEY, host=self.host))
        for origin in self.cors_origins:
            if origin == "*" or "://" not in origin:
                raise ApiServerError(Message(BAD_ORIGIN, origin=repr(origin)))


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
