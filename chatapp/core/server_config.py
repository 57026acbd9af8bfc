"""A server to chat with: its saved settings, the models it lists, its base URL.

Kept apart from ``chatapp.core.remote`` so that the window can list and edit servers
without importing the backend that talks to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from chatapp.core.messages import QT_TRANSLATE_NOOP
from chatapp.core.messages import Message as CoreMessage
from chatapp.core.remote_errors import RemoteError, RemoteErrorKind

DEFAULT_FIRST_BYTE_TIMEOUT = 60.0


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
            CoreMessage(
                QT_TRANSLATE_NOOP(
                    "core", "{url!r} is not a server address: give one like {example}"
                ),
                url=url,
                example="http://127.0.0.1:8080/v1",
            ),
        )
    path = parts.path.rstrip("/")
    for suffix in ("/chat/completions", "/completions", "/models"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
    if not path:
        path = "/v1"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))
