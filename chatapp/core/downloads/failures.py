"""Turning exceptions into one-line DownloadErrors: the hub's and the network's on one
side, this computer's refusals to write on the other (a full disk is not the hub's fault)."""

from __future__ import annotations

import errno
from pathlib import Path

from chatapp.core.downloads.endpoints import MIRROR_ENDPOINT
from chatapp.core.downloads.errors import DownloadError, DownloadErrorKind
from chatapp.core.messages import QT_TRANSLATE_NOOP, Message, message_of
from chatapp.core.sizes import describe_size

_TRANSIENT_STATUS = {408, 425, 429, 500, 502, 503, 504}
_NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NO_PERMISSION = {errno.EACCES, errno.EPERM}


def short_reason(exc: BaseException) -> str:
    """The first line of an exception's message (its translatable ``Message`` when it
    carries one), or its type's name."""
    carried = message_of(exc)
    if isinstance(carried, Message) and "\n" not in carried:
        return carried
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def describe_write_failure(
    exc: OSError, folder: Path, file: str, needed: int | None
) -> DownloadError:
    """This computer refused to write ``file`` into ``folder``: say so, and how to fix it.

    ``needed`` is how many more bytes the download needs, when known.
    """
    code = exc.errno
    if code in _NO_SPACE:
        template = (
            QT_TRANSLATE_NOOP(
                "core",
                "the disk is full: no space left in {folder} for {file}; {needed} more is "
                "needed; free some space and run the download again to resume",
            )
            if needed
            else QT_TRANSLATE_NOOP(
                "core",
                "the disk is full: no space left in {folder} for {file}; free some space and "
                "run the download again to resume",
            )
        )
        values = {"needed": describe_size(needed)} if needed else {}
        return DownloadError(
            Message(template, folder=folder, file=file, **values), DownloadErrorKind.DISK_SPACE
        )
    why: str
    if code in _NO_PERMISSION:
        why = Message(QT_TRANSLATE_NOOP("core", "no permission to write there"))
    elif code == errno.EROFS:
        why = Message(QT_TRANSLATE_NOOP("core", "the drive is read-only"))
    elif code == errno.EFBIG:
        why = Message(
            QT_TRANSLATE_NOOP(
                "core", "the file is larger than that drive or a size limit allows (FAT32: 4 GiB)"
            )
        )
    else:
        why = exc.strerror or short_reason(exc)
    return DownloadError(
        Message(
            QT_TRANSLATE_NOOP(
                "core",
                "cannot write {file} in {folder}: {why}; choose a models folder you can write "
                "to, then run the download again",
            ),
            file=file,
            folder=folder,
            why=why,
        ),
        DownloadErrorKind.WRITE_FAILED,
    )


def describe_remote_failure(
    exc: BaseException, repo: str, file: str, endpoint: str, *, revision: str | None = None
) -> DownloadError:
    """Turn a hub or network exception into a one-line DownloadError (``revision``: the
    one asked for, when not main)."""
    if isinstance(exc, DownloadError):
        return exc
    import httpx2
    from huggingface_hub.errors import (
        GatedRepoError,
        HfHubHTTPError,
        OfflineModeIsEnabled,
        RemoteEntryNotFoundError,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    kind = DownloadErrorKind
    where = f"{repo}/{file}"
    if isinstance(exc, GatedRepoError):
        template = QT_TRANSLATE_NOOP(
            "core",
            "{repo} is gated: accept its license on the hub website, then add your access "
            "token with Hub token... in the model picker (terminal: HF_TOKEN)",
        )
        return DownloadError(Message(template, repo=repo), kind.GATED)
    if isinstance(exc, RemoteEntryNotFoundError):
        template = QT_TRANSLATE_NOOP(
            "core", "{file} is not in {repo} on {endpoint}; check the file name"
        )
        return DownloadError(
            Message(template, file=file, repo=repo, endpoint=endpoint), kind.NOT_FOUND
        )
    if isinstance(exc, RevisionNotFoundError):
        if revision is None:
            template = QT_TRANSLATE_NOOP("core", "{repo} has no 'main' revision on {endpoint}")
            return DownloadError(Message(template, repo=repo, endpoint=endpoint), kind.NOT_FOUND)
        template = QT_TRANSLATE_NOOP(
            "core",
            "{repo} has no revision {revision} on {endpoint}: the pinned version is gone or "
            "this source does not have it; update ChatApp or choose another source",
        )
        return DownloadError(
            Message(template, repo=repo, revision=revision, endpoint=endpoint), kind.NOT_FOUND
        )
    if isinstance(exc, RepositoryNotFoundError):
        status = exc.response.status_code if exc.response is not None else None
        if status == 401:
            template = QT_TRANSLATE_NOOP(
                "core",
                "{endpoint} refused {where} (401): the repository is private or gated, or "
                "your token is wrong; check Hub token... in the model picker (terminal: HF_TOKEN)",
            )
            return DownloadError(Message(template, endpoint=endpoint, where=where), kind.AUTH)
        template = QT_TRANSLATE_NOOP("core", "{repo} was not found on {endpoint}; check the name")
        return DownloadError(Message(template, repo=repo, endpoint=endpoint), kind.NOT_FOUND)
    if isinstance(exc, HfHubHTTPError):
        status = exc.response.status_code if exc.response is not None else 0
        if status in (401, 403):
            template = QT_TRANSLATE_NOOP(
                "core",
                "{endpoint} refused {where} ({status}); check Hub token... in the model picker",
            )
            return DownloadError(
                Message(template, endpoint=endpoint, where=where, status=status), kind.AUTH
            )
        if status == 404:
            template = QT_TRANSLATE_NOOP("core", "{where} was not found on {endpoint} (404)")
            return DownloadError(Message(template, where=where, endpoint=endpoint), kind.NOT_FOUND)
        template = QT_TRANSLATE_NOOP(
            "core",
            "{endpoint} answered {status} for {where}; try again later or choose another "
            "source under Download from (terminal: --endpoint)",
        )
        return DownloadError(
            Message(template, endpoint=endpoint, status=status, where=where), kind.SERVER
        )
    if isinstance(exc, OfflineModeIsEnabled):
        template = QT_TRANSLATE_NOOP("core", "downloads are off because HF_HUB_OFFLINE is set")
        return DownloadError(Message(template), kind.UNREACHABLE)
    if isinstance(exc, (httpx2.TransportError, OSError)):
        template = (
            QT_TRANSLATE_NOOP(
                "core",
                "hub unreachable ({endpoint}): {reason}; try {mirror} under Download from "
                "(terminal: --endpoint {mirror})",
            )
            if endpoint != MIRROR_ENDPOINT
            else QT_TRANSLATE_NOOP(
                "core",
                "hub unreachable ({endpoint}): {reason}; check your connection or proxy "
                "(HTTPS_PROXY)",
            )
        )
        return DownloadError(
            Message(template, endpoint=endpoint, reason=short_reason(exc), mirror=MIRROR_ENDPOINT),
            kind.UNREACHABLE,
        )
    template = QT_TRANSLATE_NOOP("core", "download of {where} failed: {reason}")
    return DownloadError(Message(template, where=where, reason=short_reason(exc)), kind.SERVER)


def is_transient(exc: BaseException) -> bool:
    """Whether trying the same request again may work (a dropped link, a busy server)."""
    import httpx2
    from huggingface_hub.errors import HfHubHTTPError

    if isinstance(exc, (httpx2.TransportError, ConnectionError, TimeoutError)):
        return True
    if isinstance(exc, HfHubHTTPError) and exc.response is not None:
        return exc.response.status_code in _TRANSIENT_STATUS
    return False
