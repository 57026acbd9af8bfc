"""Reading the body into the partial file, with Range requests to resume and retries
when the link drops.

The body is read here rather than with huggingface_hub's ``http_get`` because that reads
in 10 MB pieces: progress and stop requests must act within a fraction of a second even
on a slow link.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import BinaryIO

from chatapp.core.downloads.endpoints import HubAccess
from chatapp.core.downloads.errors import DownloadError, DownloadErrorKind, DownloadStopped
from chatapp.core.downloads.failures import (
    describe_remote_failure,
    describe_write_failure,
    is_transient,
    short_reason,
)
from chatapp.core.downloads.hub import RemoteFile
from chatapp.core.downloads.progress import Meter
from chatapp.core.downloads.running_hash import RunningHash
from chatapp.core.downloads.verify import HEAD_BYTES, HeadCheck
from chatapp.core.messages import QT_TRANSLATE_NOOP, Message
from chatapp.core.sizes import describe_size

log = logging.getLogger(__name__)
READ_TIMEOUT = 30.0
# How often the bytes written are handed to the running hash (flushed first).
HASH_STEP_BYTES = 4 * 1024 * 1024


class Transfer:
    """The open partial file, how many bytes it holds, the check of its first bytes and
    the running hash that reads the file back as it grows (when one is given).

    A refused write (full disk, no permission) raises DownloadError saying so, never a
    network error: it is this computer's, and trying the hub again will not help.
    """

    def __init__(
        self,
        out: BinaryIO,
        done: int,
        total: int | None,
        head_check: HeadCheck | None,
        running_hash: RunningHash | None = None,
    ) -> None:
        self.out = out
        self.done = done
        self.total = total
        self._head_check = head_check
        self._head = bytearray()
        self._head_checked = done > 0 or head_check is None
        self._hash = running_hash
        self._hashed_to = done
        if running_hash is not None:
            running_hash.advance(done)

    @property
    def _path(self) -> Path:
        return Path(self.out.name)

    def restart(self) -> None:
        """Start the file again from its first byte (the server ignored a Range)."""
        if self._hash is not None:
            self._hash.restart()
        self._hashed_to = 0
        try:
            self.out.seek(0)
            self.out.truncate()
        except OSError as exc:
            raise self._write_failure(exc) from None
        self.done = 0
        self._head.clear()
        self._head_checked = self._head_check is None

    def write(self, chunk: bytes) -> None:
        if not self._head_checked:
            self._head += chunk[: HEAD_BYTES - len(self._head)]
            if len(self._head) >= HEAD_BYTES and self._head_check is not None:
                self._head_checked = True
                self._head_check(bytes(self._head), self.total)
        try:
            self.out.write(chunk)
        except OSError as exc:
            raise self._write_failure(exc) from None
        self.done += len(chunk)
        if self._hash is not None and self.done - self._hashed_to >= HASH_STEP_BYTES:
            self.flush()

    def flush(self) -> None:
        try:
            self.out.flush()
        except OSError as exc:
            raise self._write_failure(exc) from None
        if self._hash is not None:
            self._hash.advance(self.done)
            self._hashed_to = self.done

    def _write_failure(self, exc: OSError) -> DownloadError:
        needed = self.total - self.done if self.total is not None else None
        name = self._path.name.removesuffix(".part")
        return describe_write_failure(exc, self._path.parent, name, needed)


def stream_body(
    remote: RemoteFile,
    access: HubAccess,
    transfer: Transfer,
    stop: threading.Event,
    meter: Meter,
    retries: int,
    backoff: float,
    where: tuple[str, str],
) -> None:
    """Fetch the rest of ``remote`` into ``transfer``, retrying a dropped link with
    back-off (``where`` is (repo, file), for messages)."""
    repo, file = where
    attempts_left = retries
    while remote.size is None or transfer.done < remote.size:
        before = transfer.done
        try:
            _get_range(remote, access, transfer, stop, meter)
            return
        except (DownloadStopped, DownloadError):
            raise
        except Exception as exc:
            if transfer.done > before:
                attempts_left = retries
            if not is_transient(exc) or attempts_left <= 0:
                if transfer.done and is_transient(exc):
                    total = describe_size(remote.size) if remote.size else "?"
                    raise DownloadError(
                        Message(
                            QT_TRANSLATE_NOOP(
                                "core",
                                "connection lost after {done} of {total} of {file} ({reason}); "
                                "try again to resume",
                            ),
                            done=describe_size(transfer.done),
                            total=total,
                            file=file,
                            reason=short_reason(exc),
                        ),
                        DownloadErrorKind.UNREACHABLE,
                    ) from None
                raise describe_remote_failure(exc, repo, file, access.endpoint) from None
            attempts_left -= 1
            delay = min(backoff * 2 ** (retries - attempts_left - 1), 30.0)
            log.warning(
                "download of %s interrupted at %d bytes (%s); retrying in %.1fs",
                file,
                transfer.done,
                short_reason(exc),
                delay,
            )
            if stop.wait(delay):
                raise DownloadStopped(transfer.done, remote.size) from None


def _get_range(
    remote: RemoteFile,
    access: HubAccess,
    transfer: Transfer,
    stop: threading.Event,
    meter: Meter,
) -> None:
    import httpx2
    from huggingface_hub.utils import build_hf_headers, get_session, hf_raise_for_status

    headers = build_hf_headers(token=access.token_arg)
    headers["Accept-Encoding"] = "identity"
    if transfer.done:
        headers["Range"] = f"bytes={transfer.done}-"
    timeout = httpx2.Timeout(READ_TIMEOUT, connect=15.0)
    with get_session().stream("GET", remote.url, headers=headers, timeout=timeout) as response:
        hf_raise_for_status(response)
        if transfer.done and response.status_code != 206:
            log.info("the server ignored the Range request; starting %s again", remote.url)
            transfer.restart()
        # The raw body, one piece per read of the socket, unless the server encoded it
        # after all (it was asked for none): decoding adds a layer of Python per piece.
        encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
        chunks = response.iter_raw() if encoding in ("", "identity") else response.iter_bytes()
        try:
            for chunk in chunks:
                if stop.is_set():
                    raise DownloadStopped(transfer.done, remote.size)
                if chunk:
                    transfer.write(chunk)
                    meter.update(transfer.done)
        finally:
            transfer.flush()
