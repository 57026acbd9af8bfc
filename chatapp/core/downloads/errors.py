"""What a failed or stopped download raises: one-line errors with a typed kind."""

from __future__ import annotations

from enum import Enum

from chatapp.core.errors import ChatAppError


class DownloadErrorKind(Enum):
    """Why a download failed, for code that reacts to the reason rather than the words."""

    UNREACHABLE = "unreachable"  # no connection to the hub, or it broke for good
    NOT_FOUND = "not_found"  # no such repository, revision or file
    GATED = "gated"  # the license must be accepted on the hub first
    AUTH = "auth"  # the hub refused the token (or its absence)
    SERVER = "server"  # the hub answered with an error, or sent too few bytes
    VERIFY = "verify"  # the bytes do not match the hub's hash
    BAD_FILE = "bad_file"  # the file is not what its name says (a web page, not GGUF)
    DISK_SPACE = "disk"  # not enough free space, before or during the download
    WRITE_FAILED = "write"  # this computer refused the write (permissions, read-only)
    BAD_NAME = "bad_name"  # a repository, file or endpoint name that cannot be used
    BUSY = "busy"  # another ChatApp is downloading the same file right now


class DownloadError(ChatAppError):
    """A download that failed; ``str()`` is one line saying what happened and what to do."""

    def __init__(self, message: str, kind: DownloadErrorKind) -> None:
        super().__init__(message)
        self.kind = kind


class DownloadStopped(Exception):
    """The download was paused or cancelled; the partial file is kept for a resume."""

    def __init__(self, done: int, total: int | None) -> None:
        super().__init__(f"stopped at {done} bytes")
        self.done = done
        self.total = total
