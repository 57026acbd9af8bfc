"""A download's state on disk between runs: ``<file>.part`` with ``<file>.part.json``
beside it (URL, etag, size, sha256), so that the next run resumes with a Range request
when the etag still matches."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from chatapp.core.downloads.errors import DownloadError, DownloadErrorKind
from chatapp.core.downloads.hub import RemoteFile
from chatapp.core.downloads.locking import download_lock
from chatapp.core.downloads.names import partial_path, sidecar_path

log = logging.getLogger(__name__)


@dataclass
class Sidecar:
    """What was asked of the hub when the partial file was started."""

    url: str
    etag: str | None
    size: int | None
    sha256: str | None
    commit: str | None

    @classmethod
    def read(cls, path: Path) -> Sidecar | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**{k: data.get(k) for k in ("url", "etag", "size", "sha256", "commit")})
        except (OSError, ValueError, TypeError, AttributeError):
            return None

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self)), encoding="utf-8")


def partial_size(target: Path) -> int | None:
    """Bytes already downloaded for ``target``, or None when there is no partial file."""
    try:
        return partial_path(target).stat().st_size
    except OSError:
        return None


def discard_partial(target: Path) -> bool:
    """Delete a stopped download's partial file and sidecar. False (nothing deleted) when
    another ChatApp is downloading ``target`` right now."""
    if not target.parent.is_dir():
        return True
    try:
        with download_lock(target):
            remove_partial_files(target)
    except DownloadError as exc:
        if exc.kind is not DownloadErrorKind.BUSY:
            raise
        log.info("kept %s: another ChatApp is downloading it", partial_path(target))
        return False
    return True


def remove_partial_files(target: Path) -> None:
    """Delete the partial file and sidecar; only for whoever holds the download lock."""
    partial_path(target).unlink(missing_ok=True)
    sidecar_path(target).unlink(missing_ok=True)


def resumable_bytes(target: Path, remote: RemoteFile) -> int:
    """How much of the partial file can be kept: all of it when it is of the same file
    on the hub (same etag, not longer), else none (and it is deleted)."""
    part = partial_path(target)
    size = part.stat().st_size if part.exists() else 0
    if not size:
        return 0
    previous = Sidecar.read(sidecar_path(target))
    same_file = previous is not None and previous.etag == remote.etag and remote.etag is not None
    if same_file and (remote.size is None or size <= remote.size):
        log.info("resuming %s at %d bytes", part, size)
        return size
    log.info("discarding %s: the file on the hub changed", part)
    part.unlink()
    return 0
