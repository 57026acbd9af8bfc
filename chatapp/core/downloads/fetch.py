"""Downloading a file or a model from start to finish: ask the hub, take the file's
lock, check the disk, stream, verify the bytes on disk, and only then rename into place.

Nothing is installed whose sha256 (or git blob sha1) was not computed over the bytes of
the partial file as they lie on disk, read back after the last write and just before the
rename, while the lock keeps every other ChatApp away from that file.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from chatapp.core.downloads.endpoints import HubAccess
from chatapp.core.downloads.errors import DownloadError, DownloadErrorKind
from chatapp.core.downloads.failures import describe_write_failure
from chatapp.core.downloads.hub import RemoteFile, fetch_remote_file
from chatapp.core.downloads.locking import download_lock
from chatapp.core.downloads.names import (
    DownloadRequest,
    partial_path,
    sidecar_path,
    target_path,
)
from chatapp.core.downloads.partials import (
    Sidecar,
    partial_size,
    remove_partial_files,
    resumable_bytes,
)
from chatapp.core.downloads.progress import DownloadProgress, Meter, ProgressCallback
from chatapp.core.downloads.running_hash import RunningHash
from chatapp.core.downloads.stream import Transfer, stream_body
from chatapp.core.downloads.verify import (
    check_tokenizer_download,
    default_check,
    default_head_check,
    git_blob_sha1,
    sha256_of_file,
)
from chatapp.core.messages import QT_TRANSLATE_NOOP, Message, message_of
from chatapp.core.sizes import describe_size

log = logging.getLogger(__name__)
# Kept free beyond the file itself, so that a download never fills the disk to the brim.
DISK_MARGIN = 64 * 1024 * 1024
_REMOVED_WHEN_FAILED = (DownloadErrorKind.BAD_FILE, DownloadErrorKind.VERIFY)


def download_file(
    repo: str,
    file: str,
    target: Path,
    access: HubAccess,
    *,
    expected_sha256: str | None = None,
    stop: threading.Event | None = None,
    on_progress: ProgressCallback | None = None,
    retries: int = 5,
    backoff: float = 1.0,
    check: Callable[[Path], None] | None = None,
    revision: str | None = None,
) -> Path:
    """Download ``repo/file`` to ``target``, resuming a partial download when possible.

    ``expected_sha256`` pins the bytes: when the hub announces another sha256 nothing is
    downloaded, and a finished file with another sha256 is removed; either way a
    DownloadError (verify) says so. ``revision`` asks for the file at that commit.

    Raises DownloadError (one-line reason; ``busy`` at once when another ChatApp is
    downloading the same file) or DownloadStopped (``stop`` was set; the partial file
    stays). ``check`` validates the finished file before it is renamed into place
    (default: GGUF checks for .gguf, JSON checks for tokenizer.json). When it fails
    before a byte was kept, no partial file or sidecar is left behind.
    """
    stop = stop or threading.Event()
    report = on_progress or (lambda _p: None)
    if target.is_file():
        return target
    report(DownloadProgress(file, 0, None, 0.0, "resolving"))
    remote = fetch_remote_file(
        repo, file, access, retries=min(retries, 2), backoff=backoff, stop=stop, revision=revision
    )
    pinned = expected_sha256.lower() if expected_sha256 else None
    if pinned and remote.sha256 and remote.sha256 != pinned:
        raise DownloadError(
            Message(
                QT_TRANSLATE_NOOP(
                    "core",
                    "{file} on {endpoint} is not the file ChatApp expects (its sha256 is "
                    "{got}..., not the pinned {pinned}...); nothing was downloaded: choose "
                    "another source, or update ChatApp if the model was replaced",
                ),
                file=file,
                endpoint=access.endpoint,
                got=remote.sha256[:12],
                pinned=pinned[:12],
            ),
            DownloadErrorKind.VERIFY,
        )
    sha256 = pinned or remote.sha256
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with download_lock(target):
            if target.is_file():  # another ChatApp finished it while we asked the hub
                return target
            job = _Job(repo, file, target, remote, sha256, access, stop, retries, backoff, pinned)
            return _download_locked(job, report, check or default_check(file))
    except OSError as exc:
        raise describe_write_failure(exc, target.parent, target.name, remote.size) from None


@dataclass(frozen=True)
class _Job:
    """One file's download, as far as it is decided before the first byte."""

    repo: str
    file: str
    target: Path
    remote: RemoteFile
    sha256: str | None
    access: HubAccess
    stop: threading.Event
    retries: int
    backoff: float
    pinned_sha256: str | None = None


def _download_locked(job: _Job, report: ProgressCallback, check: Callable[[Path], None]) -> Path:
    target, remote = job.target, job.remote
    try:
        resume = resumable_bytes(target, remote)
        check_disk_space(target.parent, target.name, (remote.size or 0) - resume, resume)
        Sidecar(remote.url, remote.etag, remote.size, job.sha256, remote.commit).write(
            sidecar_path(target)
        )
        meter = Meter(job.file, remote.size, resume, report)
        with ExitStack() as hashing:
            with open(partial_path(target), "ab") as out:
                running = None
                if job.sha256 is not None:  # hashed by a second thread as the file grows
                    running = hashing.enter_context(RunningHash(partial_path(target)))
                head_check = default_head_check(job.file)
                transfer = Transfer(out, resume, remote.size, head_check, running)
                stream_body(
                    remote,
                    job.access,
                    transfer,
                    job.stop,
                    meter,
                    job.retries,
                    job.backoff,
                    where=(job.repo, job.file),
                )
            done = _verify_on_disk(job, meter, check, running)
    except BaseException as exc:
        removed = isinstance(exc, DownloadError) and exc.kind in _REMOVED_WHEN_FAILED
        if removed or not partial_size(target):
            remove_partial_files(target)
        raise
    os.replace(partial_path(target), target)
    sidecar_path(target).unlink(missing_ok=True)
    meter.update(done, "done", force=True)
    log.info("downloaded %s/%s to %s (%s)", job.repo, job.file, target, describe_size(done))
    return target


def _verify_on_disk(
    job: _Job, meter: Meter, check: Callable[[Path], None], running: RunningHash | None
) -> int:
    """Check the partial file as it lies on disk (its sha256 read back by ``running``
    while it was written, when given); returns its size."""
    target, remote, sha256, stop = job.target, job.remote, job.sha256, job.stop
    part = partial_path(target)
    name = target.name
    size = part.stat().st_size
    meter.update(size, "verifying", force=True)
    if remote.size is not None and size != remote.size:
        raise DownloadError(
            Message(
                QT_TRANSLATE_NOOP(
                    "core", "{name}: got {size} of {total} bytes; try again to resume"
                ),
                name=name,
                size=size,
                total=remote.size,
            ),
            DownloadErrorKind.SERVER,
        )
    if sha256 is not None:
        got, hashed = running.finish(stop) if running is not None else ("", -1)
        if hashed != size:  # no running hash, or it did not see the whole file
            got = sha256_of_file(part, stop)
        if got != sha256 and job.pinned_sha256:
            raise DownloadError(
                Message(
                    QT_TRANSLATE_NOOP(
                        "core",
                        "{name} is not the file ChatApp expects (sha256 {got}..., pinned "
                        "{pinned}...); it was removed: choose another source, or update ChatApp "
                        "if the model was replaced",
                    ),
                    name=name,
                    got=got[:12],
                    pinned=sha256[:12],
                ),
                DownloadErrorKind.VERIFY,
            )
        if got != sha256:
            raise DownloadError(
                Message(
                    QT_TRANSLATE_NOOP(
                        "core",
                        "{name} is corrupt (sha256 does not match the hub's); it was removed, "
                        "try again or use another endpoint",
                    ),
                    name=name,
                ),
                DownloadErrorKind.VERIFY,
            )
    elif remote.git_sha1 is not None:
        if git_blob_sha1(part) != remote.git_sha1:
            raise DownloadError(
                Message(
                    QT_TRANSLATE_NOOP(
                        "core",
                        "{name} is corrupt (its git hash does not match the hub's); it was "
                        "removed, try again",
                    ),
                    name=name,
                ),
                DownloadErrorKind.VERIFY,
            )
    else:
        log.warning("%s: the hub gave no hash; checked its size and contents only", name)
    check(part)
    return size


def check_disk_space(folder: Path, name: str, needed: int, resumed_at: int = 0) -> None:
    """Raise DownloadError (disk) unless ``folder`` has room for ``needed`` more bytes of
    ``name`` plus DISK_MARGIN; the message says the whole need and the margin in it."""
    free = shutil.disk_usage(folder).free
    if needed <= 0 or free >= needed + DISK_MARGIN:
        return
    template = (
        QT_TRANSLATE_NOOP(
            "core",
            "not enough disk space in {folder} for {name}: it needs {total} ({needed} still "
            "to download + {margin} kept free), and {free} is free; free some space and try "
            "again",
        )
        if resumed_at
        else QT_TRANSLATE_NOOP(
            "core",
            "not enough disk space in {folder} for {name}: it needs {total} ({needed} + "
            "{margin} kept free), and {free} is free; free some space and try again",
        )
    )
    raise DownloadError(
        Message(
            template,
            folder=folder,
            name=name,
            total=describe_size(needed + DISK_MARGIN),
            needed=describe_size(needed),
            margin=describe_size(DISK_MARGIN),
            free=describe_size(free),
        ),
        DownloadErrorKind.DISK_SPACE,
    )


def download_model(
    models_dir: Path,
    request: DownloadRequest,
    access: HubAccess,
    *,
    stop: threading.Event | None = None,
    on_progress: ProgressCallback | None = None,
    retries: int = 5,
    backoff: float = 1.0,
) -> Path:
    """Download a GGUF into ``models/<repo>/<file>`` and its tokenizer.json beside it;
    returns the path to load. A split model's other parts are fetched first and its
    first part (the one that is loaded) last, so that an installed first part means a
    whole model."""
    target = target_path(models_dir, request.repo, request.file)
    for file in (*request.parts, request.file):
        path = download_file(
            request.repo,
            file,
            target_path(models_dir, request.repo, file),
            access,
            expected_sha256=request.sha256 if file == request.file else None,
            stop=stop,
            on_progress=on_progress,
            retries=retries,
            backoff=backoff,
            revision=request.revision,
        )
    if request.tokenizer is not None:
        repo, file = request.tokenizer
        try:
            download_file(
                repo,
                file,
                target.with_name("tokenizer.json"),
                access,
                stop=stop,
                on_progress=on_progress,
                retries=retries,
                backoff=backoff,
                check=check_tokenizer_download,
            )
        except DownloadError as exc:
            raise DownloadError(
                Message(
                    QT_TRANSLATE_NOOP(
                        "core",
                        "the model is downloaded and usable, but its tokenizer.json is not: "
                        "{problem}",
                    ),
                    problem=message_of(exc),
                ),
                exc.kind,
            ) from None
    return path
