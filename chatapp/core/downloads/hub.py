"""Asking the hub about a file before downloading it: URL, etag, size and sha256."""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass

from chatapp.core.downloads.endpoints import HubAccess
from chatapp.core.downloads.errors import DownloadStopped
from chatapp.core.downloads.failures import describe_remote_failure, is_transient, short_reason

log = logging.getLogger(__name__)
# huggingface_hub and httpx2 are imported where they are used: importing them takes
# about 0.2 s, which the window's start-up does not pay (chatapp bench, start-up row).

SHA256 = re.compile(r"^[0-9a-f]{64}$")
GIT_SHA1 = re.compile(r"^[0-9a-f]{40}$")


@dataclass(frozen=True)
class RemoteFile:
    """What the hub says about a file before it is downloaded."""

    url: str
    etag: str | None
    size: int | None
    sha256: str | None
    commit: str | None

    @property
    def git_sha1(self) -> str | None:
        """The etag when it is a git blob hash (small, non-LFS files)."""
        return self.etag if self.etag and GIT_SHA1.match(self.etag) else None


def fetch_remote_file(
    repo: str,
    file: str,
    access: HubAccess,
    *,
    retries: int = 2,
    backoff: float = 1.0,
    stop: threading.Event | None = None,
    revision: str | None = None,
) -> RemoteFile:
    """Ask the hub for a file's URL, etag, size and sha256 at ``revision`` (default:
    main); raises DownloadError."""
    from huggingface_hub import get_hf_file_metadata, hf_hub_url

    url = hf_hub_url(repo, file, revision=revision, endpoint=access.endpoint)
    stop = stop or threading.Event()
    for attempt in range(retries + 1):
        try:
            meta = get_hf_file_metadata(url, token=access.token_arg, endpoint=access.endpoint)
            break
        except Exception as exc:
            if attempt == retries or not is_transient(exc):
                raise describe_remote_failure(
                    exc, repo, file, access.endpoint, revision=revision
                ) from None
            log.info(
                "asking %s for %s failed (%s); retrying", access.endpoint, file, short_reason(exc)
            )
            if stop.wait(backoff * 2**attempt):
                raise DownloadStopped(0, None) from None
    etag = (meta.etag or "").strip('"').lower() or None
    sha256 = etag if etag and SHA256.match(etag) else None
    size = meta.size
    if sha256 is None:
        sha256, listed_size = _sha256_from_repo_info(repo, file, access, revision)
        size = size or listed_size
    return RemoteFile(url=url, etag=etag, size=size, sha256=sha256, commit=meta.commit_hash)


def _sha256_from_repo_info(
    repo: str, file: str, access: HubAccess, revision: str | None
) -> tuple[str | None, int | None]:
    from huggingface_hub import HfApi

    try:
        info = HfApi(endpoint=access.endpoint, token=access.token_arg).model_info(
            repo, revision=revision, files_metadata=True
        )
    except Exception as exc:  # a mirror may not serve the API; the etag still guards the file
        log.info("no file list for %s from %s: %s", repo, access.endpoint, exc)
        return None, None
    for sibling in info.siblings or []:
        if sibling.rfilename == file:
            sha = sibling.lfs.sha256 if sibling.lfs else None
            return sha, sibling.size
    return None, None
