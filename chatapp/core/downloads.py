"""Resumable, verified downloads from the Hugging Face hub or a mirror.

Built on huggingface_hub's public pieces (``hf_hub_url``, ``get_hf_file_metadata``,
``HfApi.model_info``, its shared HTTP session, headers and error types), so endpoint,
token, proxies, user agent and errors behave as the hub client's own. The body is read
here rather than with ``http_get`` because that reads in 10 MB pieces: progress and
stop requests must act within a fraction of a second even on a slow link.

A download writes ``<file>.part`` with ``<file>.part.json`` beside it (URL, etag, size,
sha256). Stopping keeps both; the next run continues with a Range request when the
etag still matches. The finished file is checked (size, sha256 or git blob sha1, GGUF
or tokenizer contents) and only then renamed into place.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from chatapp.core.gguf_info import ModelFileError, check_model_file, describe_size

log = logging.getLogger(__name__)
# huggingface_hub and httpx2 are imported where they are used: importing them takes
# about 0.2 s, which the window's start-up does not pay (chatapp bench, start-up row).

DEFAULT_ENDPOINT = "https://huggingface.co"
MIRROR_ENDPOINT = "https://hf-mirror.com"
KNOWN_ENDPOINTS = {"Hugging Face": DEFAULT_ENDPOINT, "hf-mirror.com": MIRROR_ENDPOINT}
PART_SUFFIX = ".part"
SIDECAR_SUFFIX = ".part.json"
DISK_MARGIN = 64 * 1024 * 1024
READ_TIMEOUT = 30.0
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_GIT_SHA1 = re.compile(r"^[0-9a-f]{40}$")
_REPO_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_TRANSIENT_STATUS = {408, 425, 429, 500, 502, 503, 504}


class DownloadError(Exception):
    """A download that failed; ``str()`` is one line saying what happened and what to do.

    ``kind`` is one of: unreachable, not_found, gated, auth, server, verify, bad_file,
    disk, bad_name.
    """

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


class DownloadStopped(Exception):
    """The download was paused or cancelled; the partial file is kept for a resume."""

    def __init__(self, done: int, total: int | None) -> None:
        super().__init__(f"stopped at {done} bytes")
        self.done = done
        self.total = total


@dataclass(frozen=True)
class DownloadProgress:
    """Where a download stands. ``phase`` is resolving, downloading, verifying or done."""

    file: str
    done: int
    total: int | None
    bytes_per_second: float
    phase: str
    resumed_from: int = 0

    @property
    def eta_seconds(self) -> float | None:
        if not self.total or self.bytes_per_second <= 0:
            return None
        return max(self.total - self.done, 0) / self.bytes_per_second

    @property
    def fraction(self) -> float | None:
        return self.done / self.total if self.total else None


ProgressCallback = Callable[[DownloadProgress], None]


@dataclass(frozen=True)
class HubAccess:
    """How to reach the hub: the endpoint URL and an optional token."""

    endpoint: str = DEFAULT_ENDPOINT
    token: str | None = None

    @property
    def token_arg(self) -> str | bool:
        # False stops huggingface_hub from also reading a token saved by `hf auth login`.
        return self.token if self.token else False


def resolve_endpoint(setting: str | None) -> str:
    """The endpoint to use: the setting, else $HF_ENDPOINT, else huggingface.co."""
    value = (setting or os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).strip()
    if not re.match(r"^https?://[^\s/]+", value):
        raise DownloadError(
            f"the hub endpoint {value!r} is not a web address; use e.g. {MIRROR_ENDPOINT}",
            "bad_name",
        )
    return value.rstrip("/")


def hub_access(endpoint_setting: str | None, token: str | None = None) -> HubAccess:
    """HubAccess from settings, honouring HF_ENDPOINT and HF_TOKEN when they are unset."""
    return HubAccess(
        resolve_endpoint(endpoint_setting), token or os.environ.get("HF_TOKEN") or None
    )


def check_repo_id(repo: str) -> str:
    parts = repo.split("/")
    if len(parts) != 2 or not all(_REPO_PART.match(p) and ".." not in p for p in parts):
        raise DownloadError(
            f"{repo!r} is not a hub repository name; it looks like owner/name", "bad_name"
        )
    return repo


def target_path(models_dir: Path, repo: str, file: str) -> Path:
    """Where ``repo``'s ``file`` goes: ``models/<repo>/<file>``, never outside models/."""
    check_repo_id(repo)
    pure = PurePosixPath(file)
    if (
        not file
        or "\\" in file
        or pure.is_absolute()
        or any(part in ("", ".", "..") for part in pure.parts)
        or ":" in file
    ):
        raise DownloadError(f"{file!r} is not a safe file name inside a repository", "bad_name")
    root = models_dir.resolve()
    target = (root / repo / pure).resolve()
    if not target.is_relative_to(root):
        raise DownloadError(f"{repo}/{file} would be saved outside the models folder", "bad_name")
    return target


def partial_path(target: Path) -> Path:
    return target.with_name(target.name + PART_SUFFIX)


def sidecar_path(target: Path) -> Path:
    return target.with_name(target.name + SIDECAR_SUFFIX)


def partial_size(target: Path) -> int | None:
    """Bytes already downloaded for ``target``, or None when there is no partial file."""
    try:
        return partial_path(target).stat().st_size
    except OSError:
        return None


def discard_partial(target: Path) -> None:
    """Delete a partial download and its sidecar."""
    partial_path(target).unlink(missing_ok=True)
    sidecar_path(target).unlink(missing_ok=True)


@dataclass(frozen=True)
class RemoteFile:
    """What the hub says about a file before it is downloaded."""

    url: str
    etag: str | None
    size: int | None
    sha256: str | None
    commit: str | None


def describe_remote_failure(
    exc: BaseException, repo: str, file: str, endpoint: str
) -> DownloadError:
    """Turn a hub or network exception into a one-line DownloadError."""
    where = f"{repo}/{file}"
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

    if isinstance(exc, GatedRepoError):
        return DownloadError(
            f"{repo} is gated: accept its license on the hub website, then add your access "
            "token with Hub token... in the model picker (terminal: HF_TOKEN)",
            "gated",
        )
    if isinstance(exc, RemoteEntryNotFoundError):
        return DownloadError(
            f"{file} is not in {repo} on {endpoint}; check the file name", "not_found"
        )
    if isinstance(exc, RevisionNotFoundError):
        return DownloadError(f"{repo} has no 'main' revision on {endpoint}", "not_found")
    if isinstance(exc, RepositoryNotFoundError):
        status = exc.response.status_code if exc.response is not None else None
        if status == 401:
            return DownloadError(
                f"{endpoint} refused {where} (401): the repository is private or gated, or "
                "your token is wrong; check Hub token... in the model picker (terminal: HF_TOKEN)",
                "auth",
            )
        return DownloadError(f"{repo} was not found on {endpoint}; check the name", "not_found")
    if isinstance(exc, HfHubHTTPError):
        status = exc.response.status_code if exc.response is not None else 0
        if status in (401, 403):
            return DownloadError(
                f"{endpoint} refused {where} ({status}); check Hub token... in the model picker",
                "auth",
            )
        if status == 404:
            return DownloadError(f"{where} was not found on {endpoint} (404)", "not_found")
        return DownloadError(
            f"{endpoint} answered {status} for {where}; try again later or choose another "
            "source under Download from (terminal: --endpoint)",
            "server",
        )
    if isinstance(exc, OfflineModeIsEnabled):
        return DownloadError("downloads are off because HF_HUB_OFFLINE is set", "unreachable")
    if isinstance(exc, (httpx2.TransportError, OSError)):
        hint = (
            f"try {MIRROR_ENDPOINT} under Download from (terminal: --endpoint {MIRROR_ENDPOINT})"
            if endpoint != MIRROR_ENDPOINT
            else "check your connection or proxy (HTTPS_PROXY)"
        )
        return DownloadError(f"hub unreachable ({endpoint}): {_short(exc)}; {hint}", "unreachable")
    return DownloadError(f"download of {where} failed: {_short(exc)}", "server")


def fetch_remote_file(
    repo: str,
    file: str,
    access: HubAccess,
    *,
    retries: int = 2,
    backoff: float = 1.0,
    stop: threading.Event | None = None,
) -> RemoteFile:
    """Ask the hub for a file's URL, etag, size and sha256 (raises DownloadError)."""
    from huggingface_hub import get_hf_file_metadata, hf_hub_url

    url = hf_hub_url(repo, file, endpoint=access.endpoint)
    stop = stop or threading.Event()
    for attempt in range(retries + 1):
        try:
            meta = get_hf_file_metadata(url, token=access.token_arg, endpoint=access.endpoint)
            break
        except Exception as exc:
            if attempt == retries or not _is_transient(exc):
                raise describe_remote_failure(exc, repo, file, access.endpoint) from None
            log.info("asking %s for %s failed (%s); retrying", access.endpoint, file, _short(exc))
            if stop.wait(backoff * 2**attempt):
                raise DownloadStopped(0, None) from None
    etag = (meta.etag or "").strip('"').lower() or None
    sha256 = etag if etag and _SHA256.match(etag) else None
    size = meta.size
    if sha256 is None:
        sha256, listed_size = _sha256_from_repo_info(repo, file, access)
        size = size or listed_size
    return RemoteFile(url=url, etag=etag, size=size, sha256=sha256, commit=meta.commit_hash)


def _sha256_from_repo_info(
    repo: str, file: str, access: HubAccess
) -> tuple[str | None, int | None]:
    from huggingface_hub import HfApi

    try:
        info = HfApi(endpoint=access.endpoint, token=access.token_arg).model_info(
            repo, files_metadata=True
        )
    except Exception as exc:  # a mirror may not serve the API; the etag still guards the file
        log.info("no file list for %s from %s: %s", repo, access.endpoint, exc)
        return None, None
    for sibling in info.siblings or []:
        if sibling.rfilename == file:
            sha = sibling.lfs.sha256 if sibling.lfs else None
            return sha, sibling.size
    return None, None


@dataclass
class _Sidecar:
    url: str
    etag: str | None
    size: int | None
    sha256: str | None
    commit: str | None

    @classmethod
    def read(cls, path: Path) -> _Sidecar | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**{k: data.get(k) for k in ("url", "etag", "size", "sha256", "commit")})
        except (OSError, ValueError, TypeError):
            return None

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self)), encoding="utf-8")


class _Meter:
    """Speed over the last few seconds and a throttle for progress reports."""

    def __init__(self, file: str, total: int | None, start: int, report: ProgressCallback) -> None:
        self.file = file
        self.total = total
        self.start = start
        self._report = report
        self._samples: list[tuple[float, int]] = [(time.monotonic(), start)]
        self._last_report = 0.0

    def update(self, done: int, phase: str = "downloading", force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_report < 0.1:
            return
        self._last_report = now
        self._samples.append((now, done))
        while len(self._samples) > 2 and now - self._samples[0][0] > 5.0:
            self._samples.pop(0)
        then, then_done = self._samples[0]
        speed = (done - then_done) / (now - then) if now > then else 0.0
        self._report(DownloadProgress(self.file, done, self.total, speed, phase, self.start))


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
) -> Path:
    """Download ``repo/file`` to ``target``, resuming a partial download when possible.

    Raises DownloadError (one-line reason) or DownloadStopped (``stop`` was set; the
    partial file stays). ``check`` validates the finished file before it is renamed
    into place (default: GGUF checks for .gguf, JSON checks for tokenizer.json).
    """
    stop = stop or threading.Event()
    report = on_progress or (lambda _p: None)
    if target.is_file():
        return target
    report(DownloadProgress(file, 0, None, 0.0, "resolving"))
    remote = fetch_remote_file(
        repo, file, access, retries=min(retries, 2), backoff=backoff, stop=stop
    )
    sha256 = remote.sha256 or (expected_sha256.lower() if expected_sha256 else None)
    if remote.sha256 and expected_sha256 and remote.sha256 != expected_sha256.lower():
        log.warning(
            "%s/%s: hub sha256 %s differs from catalog %s; using the hub's",
            repo,
            file,
            remote.sha256,
            expected_sha256,
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    part, sidecar = partial_path(target), sidecar_path(target)
    resume = _resumable_bytes(part, sidecar, remote)
    _Sidecar(remote.url, remote.etag, remote.size, sha256, remote.commit).write(sidecar)
    _check_disk_space(target.parent, (remote.size or 0) - resume)
    meter = _Meter(file, remote.size, resume, report)
    with open(part, "ab") as out:
        transfer = _Transfer(out, resume, hashlib.sha256() if sha256 else None)
        if transfer.hasher is not None and resume:
            meter.update(resume, "verifying", force=True)
            _hash_existing(part, resume, transfer.hasher, stop)
        _stream(remote, access, transfer, stop, meter, retries, backoff, repo, file)
    done, hasher = transfer.done, transfer.hasher
    git_sha1 = remote.etag if remote.etag and _GIT_SHA1.match(remote.etag) else None
    meter.update(done, "verifying", force=True)
    if remote.size is not None and done != remote.size:
        raise DownloadError(
            f"{file}: got {done} of {remote.size} bytes; try again to resume", "server"
        )
    if hasher is not None and hasher.hexdigest() != sha256:
        discard_partial(target)
        raise DownloadError(
            f"{file} is corrupt (sha256 does not match the hub's); it was removed, try again "
            "or use another endpoint",
            "verify",
        )
    if hasher is None and git_sha1 is not None and _git_blob_sha1(part) != git_sha1:
        discard_partial(target)
        raise DownloadError(
            f"{file} is corrupt (its git hash does not match the hub's); it was removed, try again",
            "verify",
        )
    if hasher is None and git_sha1 is None:
        log.warning("%s/%s: the hub gave no hash; checked its size and contents only", repo, file)
    try:
        (check or default_check(file))(part)
    except DownloadError:
        discard_partial(target)
        raise
    os.replace(part, target)
    sidecar.unlink(missing_ok=True)
    meter.update(done, "done", force=True)
    log.info("downloaded %s/%s to %s (%s)", repo, file, target, describe_size(done))
    return target


def _resumable_bytes(part: Path, sidecar: Path, remote: RemoteFile) -> int:
    size = part.stat().st_size if part.exists() else 0
    if not size:
        return 0
    previous = _Sidecar.read(sidecar)
    same_file = previous is not None and previous.etag == remote.etag and remote.etag is not None
    if same_file and (remote.size is None or size <= remote.size):
        log.info("resuming %s at %d bytes", part, size)
        return size
    log.info("discarding %s: the file on the hub changed", part)
    part.unlink()
    return 0


def _check_disk_space(folder: Path, needed: int) -> None:
    free = shutil.disk_usage(folder).free
    if needed > 0 and free < needed + DISK_MARGIN:
        raise DownloadError(
            f"not enough disk space in {folder}: {describe_size(needed)} needed, "
            f"{describe_size(free)} free; free some space and try again",
            "disk",
        )


def _hash_existing(part: Path, length: int, hasher: Any, stop: threading.Event) -> None:
    with open(part, "rb") as existing:
        remaining = length
        while remaining:
            block = existing.read(min(remaining, 4 * 1024 * 1024))
            if not block:
                break
            hasher.update(block)
            remaining -= len(block)
            if stop.is_set():
                raise DownloadStopped(length, None)


class _Transfer:
    """The open partial file, how many bytes it holds and the running hash."""

    def __init__(self, out: BinaryIO, done: int, hasher: Any) -> None:
        self.out = out
        self.done = done
        self.hasher = hasher

    def restart(self) -> None:
        self.out.seek(0)
        self.out.truncate()
        self.done = 0
        if self.hasher is not None:
            self.hasher = hashlib.sha256()

    def write(self, chunk: bytes) -> None:
        self.out.write(chunk)
        if self.hasher is not None:
            self.hasher.update(chunk)
        self.done += len(chunk)


def _stream(
    remote: RemoteFile,
    access: HubAccess,
    transfer: _Transfer,
    stop: threading.Event,
    meter: _Meter,
    retries: int,
    backoff: float,
    repo: str,
    file: str,
) -> None:
    attempts_left = retries
    while remote.size is None or transfer.done < remote.size:
        before = transfer.done
        try:
            _get_range(remote, access, transfer, stop, meter)
            return
        except DownloadStopped:
            raise
        except Exception as exc:
            failure = describe_remote_failure(exc, repo, file, access.endpoint)
            if transfer.done > before:
                attempts_left = retries
            if not _is_transient(exc) or attempts_left <= 0:
                if transfer.done and _is_transient(exc):
                    total = describe_size(remote.size) if remote.size else "?"
                    raise DownloadError(
                        f"connection lost after {describe_size(transfer.done)} of {total} of "
                        f"{file} ({_short(exc)}); try again to resume",
                        "unreachable",
                    ) from None
                raise failure from None
            attempts_left -= 1
            delay = min(backoff * 2 ** (retries - attempts_left - 1), 30.0)
            log.warning(
                "download of %s interrupted at %d bytes (%s); retrying in %.1fs",
                file,
                transfer.done,
                _short(exc),
                delay,
            )
            if stop.wait(delay):
                raise DownloadStopped(transfer.done, remote.size) from None


def _get_range(
    remote: RemoteFile,
    access: HubAccess,
    transfer: _Transfer,
    stop: threading.Event,
    meter: _Meter,
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
        try:
            for chunk in response.iter_bytes():
                if stop.is_set():
                    raise DownloadStopped(transfer.done, remote.size)
                if chunk:
                    transfer.write(chunk)
                    meter.update(transfer.done)
        finally:
            transfer.out.flush()


def _is_transient(exc: BaseException) -> bool:
    import httpx2
    from huggingface_hub.errors import HfHubHTTPError

    if isinstance(exc, (httpx2.TransportError, ConnectionError, TimeoutError)):
        return True
    if isinstance(exc, HfHubHTTPError) and exc.response is not None:
        return exc.response.status_code in _TRANSIENT_STATUS
    return False


def _git_blob_sha1(path: Path) -> str:
    digest = hashlib.sha1(f"blob {path.stat().st_size}\0".encode())
    with open(path, "rb") as data:
        for block in iter(lambda: data.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def default_check(file: str) -> Callable[[Path], None]:
    """The content check for a downloaded file, by its name."""
    if file.lower().endswith(".gguf"):
        return check_gguf_download
    if file.lower().endswith(".json"):
        return check_tokenizer_download
    return lambda _path: None


def check_gguf_download(path: Path) -> None:
    try:
        check_model_file(path)
    except ModelFileError as exc:
        raise DownloadError(f"{exc} The download was removed.", "bad_file") from None


def check_tokenizer_download(path: Path) -> None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        head = path.read_bytes()[:200].lstrip().lower()
        what = "a web page" if head.startswith((b"<!doctype", b"<html")) else "not JSON"
        raise DownloadError(
            f"{path.name.removesuffix(PART_SUFFIX)} is {what}, not a tokenizer; the download "
            "was removed",
            "bad_file",
        ) from None
    if not isinstance(data, dict):
        raise DownloadError("the downloaded tokenizer.json is not a tokenizer", "bad_file")


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


@dataclass(frozen=True)
class DownloadRequest:
    """A GGUF to fetch, with its expected sha256 and an optional tokenizer.json to put
    beside it (``tokenizer`` is (repo, file))."""

    repo: str
    file: str
    name: str
    sha256: str | None = None
    tokenizer: tuple[str, str] | None = None

    @property
    def label(self) -> str:
        return f"{self.repo}/{self.file}"


def parse_hub_spec(spec: str) -> DownloadRequest:
    """``owner/repo/file.gguf`` (or a hub URL to it) as a DownloadRequest."""
    text = spec.strip()
    match = re.match(r"^https?://[^/]+/(.+?)/(?:resolve|blob)/[^/]+/(.+)$", text)
    if match:
        repo, file = match.group(1), match.group(2)
    else:
        parts = text.strip("/").split("/")
        if len(parts) < 3:
            raise DownloadError(
                f"{spec!r} is neither a catalog id nor owner/repo/file.gguf", "bad_name"
            )
        repo, file = "/".join(parts[:2]), "/".join(parts[2:])
    check_repo_id(repo)
    if not file.lower().endswith(".gguf"):
        raise DownloadError(
            f"{file} is not a .gguf file; ChatApp runs GGUF models (pick a .gguf file from the repository's files)",
            "bad_name",
        )
    return DownloadRequest(repo, file, PurePosixPath(file).stem)


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
    """Download a GGUF into ``models/<repo>/<file>`` and its tokenizer.json beside it."""
    target = target_path(models_dir, request.repo, request.file)
    path = download_file(
        request.repo,
        request.file,
        target,
        access,
        expected_sha256=request.sha256,
        stop=stop,
        on_progress=on_progress,
        retries=retries,
        backoff=backoff,
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
                f"the model is downloaded and usable, but its tokenizer.json is not: {exc}",
                exc.kind,
            ) from None
    return path
