"""What can go wrong with a remote server, worded once: the error kinds, the error, and
the one-line messages for each HTTP status and network failure."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum

from chatapp.core.backend import BackendError
from chatapp.core.messages import QT_TRANSLATE_NOOP, Message


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


@dataclass(frozen=True)
class ServerErrors:
    """Words for one server's failures: its ``name``, ``base_url`` and chosen ``model``."""

    name: str
    base_url: str
    model: str

    def error(self, kind: RemoteErrorKind, what: str, partial: str = "") -> RemoteError:
        """``what`` went wrong (a ``Message``, for the window to translate), said as
        coming from this server."""
        return RemoteError(kind, Message(_FROM_SERVER, server=self.name, problem=what), partial)

    def unreachable(self, exc: Exception) -> RemoteError:
        """The server could not be reached (DNS, refused, TLS, reset)."""
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        template = QT_TRANSLATE_NOOP(
            "core", "cannot reach {url} ({reason}): is the server running and the address right?"
        )
        return self.error(
            RemoteErrorKind.UNREACHABLE, Message(template, url=self.base_url, reason=reason)
        )

    def for_status(self, status: int, text: str, partial: str = "") -> RemoteError:
        """What an HTTP error status (and the server's own reason in ``text``) means."""
        detail = error_detail(text)
        if status in (401, 403):
            kind = RemoteErrorKind.AUTH
            what = Message(
                QT_TRANSLATE_NOOP("core", "the API key was refused: check it in Servers")
            )
        elif status == 404:
            kind = RemoteErrorKind.MODEL_NOT_FOUND
            what = Message(
                QT_TRANSLATE_NOOP(
                    "core", "no model {model!r} there (404): choose one of its models"
                ),
                model=self.model,
            )
        elif status in (429, 503):
            kind = RemoteErrorKind.RATE_LIMITED
            what = Message(QT_TRANSLATE_NOOP("core", "busy ({status})"), status=status)
        elif status >= 500:
            kind = RemoteErrorKind.SERVER
            what = Message(QT_TRANSLATE_NOOP("core", "server error {status}"), status=status)
        else:
            kind = RemoteErrorKind.BAD_REQUEST
            what = Message(
                QT_TRANSLATE_NOOP("core", "refused the request ({status})"), status=status
            )
        if detail:
            what = Message(_WITH_DETAIL, problem=what, detail=detail)
        return self.error(kind, what, partial)


# "{server}: {problem}": every remote failure, said as coming from its server.
_FROM_SERVER = QT_TRANSLATE_NOOP("core", "{server}: {problem}")
# A failure and the server's own words for it (not translated: they are the server's).
_WITH_DETAIL = QT_TRANSLATE_NOOP("core", "{problem}: {detail}")
_HTML_PAGE = QT_TRANSLATE_NOOP(
    "core", "an HTML page came back (a proxy or a web server, not the API)"
)


def retry_after(value: str | None) -> float:
    try:
        return max(0.0, float(value)) if value else 1.0
    except ValueError:
        return 1.0


def error_detail(text: str) -> str:
    """The server's own one-line reason from an OpenAI error body, else a short excerpt;
    an HTML page (a proxy's) is named, not pasted."""
    stripped = text.strip()
    if stripped.lower().startswith(("<!doctype", "<html")):
        return Message(_HTML_PAGE)
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
