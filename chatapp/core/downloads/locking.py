"""One download of a file at a time, across processes: an exclusive OS lock on
``<file>.part.lock`` (flock on POSIX, msvcrt.locking on Windows).

The operating system drops the lock when its process ends, however it ends, so a crashed
download never blocks the next one. The lock file is deleted while the lock is still
held; whoever waited on the deleted file sees that it is no longer the one at that path
and locks the new one instead.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from chatapp.core.downloads.errors import DownloadError, DownloadErrorKind
from chatapp.core.downloads.names import lock_path
from chatapp.core.messages import QT_TRANSLATE_NOOP, Message

log = logging.getLogger(__name__)
# Someone only looking (``download_in_progress``) holds the lock for microseconds.
_WAIT_FOR_A_LOOK = 0.5


def busy_error(file: str) -> DownloadError:
    """The one line for a file that another ChatApp is downloading now."""
    return DownloadError(
        Message(
            QT_TRANSLATE_NOOP(
                "core",
                "{file} is already being downloaded by another ChatApp (a window or a "
                "terminal); wait for that download to finish",
            ),
            file=file,
        ),
        DownloadErrorKind.BUSY,
    )


@contextlib.contextmanager
def download_lock(target: Path) -> Iterator[None]:
    """Hold the download lock of ``target`` (whose folder exists), or raise DownloadError
    (busy) at once when another process or thread holds it."""
    fd = _acquire(lock_path(target))
    if fd is None:
        raise busy_error(target.name)
    try:
        yield
    finally:
        _release(lock_path(target), fd)


def download_in_progress(target: Path) -> bool:
    """Whether some process is downloading ``target`` right now."""
    path = lock_path(target)
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return False
    try:
        if not _lock(fd):
            return True
        _unlock(fd)
        return False
    finally:
        os.close(fd)


def _acquire(path: Path) -> int | None:
    deadline = time.monotonic() + _WAIT_FOR_A_LOOK
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        if _lock(fd):
            if sys.platform == "win32" or _still_at(path, fd):
                return fd
            _unlock(fd)
        os.close(fd)
        if time.monotonic() > deadline:
            return None
        time.sleep(0.05)


def _still_at(path: Path, fd: int) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except FileNotFoundError:
        return False


def _release(path: Path, fd: int) -> None:
    if sys.platform != "win32":
        path.unlink(missing_ok=True)  # while locked: nobody can be using it
    _unlock(fd)
    os.close(fd)
    if sys.platform == "win32":
        with contextlib.suppress(OSError):  # open in another ChatApp waiting for it
            path.unlink(missing_ok=True)


def _lock(fd: int) -> bool:
    """Take the exclusive lock without waiting; False when another holder has it."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:  # e.g. ENOLCK on a network share: download without the lock
        log.warning("cannot lock a download (%s); going on without the lock", exc)
    return True


def _unlock(fd: int) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
