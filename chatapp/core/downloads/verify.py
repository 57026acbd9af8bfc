"""Checking a download: its first bytes as they arrive (a web page is stopped at once),
then the finished file as it lies on disk (size, sha256 or git blob sha1, contents)."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from pathlib import Path

from chatapp.core.downloads.errors import DownloadError, DownloadErrorKind, DownloadStopped
from chatapp.core.gguf_info import ModelFileError, check_model_file, check_model_head
from chatapp.core.gguf_split import check_later_part, is_later_part
from chatapp.core.messages import QT_TRANSLATE_NOOP, Message, message_of

# How many first bytes the early check looks at: magic numbers and the first zip entry.
HEAD_BYTES = 512
_BLOCK = 4 * 1024 * 1024

HeadCheck = Callable[[bytes, int | None], None]


def sha256_of_file(path: Path, stop: threading.Event) -> str:
    """The sha256 of the bytes in ``path`` (raises DownloadStopped when ``stop`` is set)."""
    digest = hashlib.sha256()
    with open(path, "rb") as data:
        for block in iter(lambda: data.read(_BLOCK), b""):
            digest.update(block)
            if stop.is_set():
                raise DownloadStopped(path.stat().st_size, None)
    return digest.hexdigest()


def git_blob_sha1(path: Path) -> str:
    """The git blob hash of ``path`` (what the hub gives as the etag of small files)."""
    digest = hashlib.sha1(f"blob {path.stat().st_size}\0".encode())
    with open(path, "rb") as data:
        for block in iter(lambda: data.read(_BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def default_check(file: str) -> Callable[[Path], None]:
    """The content check for a downloaded file, by its name."""
    if file.lower().endswith(".gguf"):
        if is_later_part(file):
            return lambda path: _check_split_part_download(path, file)
        return check_gguf_download
    if file.lower().endswith(".json"):
        return check_tokenizer_download
    return lambda _path: None


def default_head_check(file: str) -> HeadCheck | None:
    """The check of a download's first bytes, by its name (None: wait for the whole)."""
    name = file.rsplit("/", 1)[-1]
    if name.lower().endswith(".gguf"):
        return lambda head, size: _check_gguf_head(name, head, size)
    if name.lower().endswith(".json"):
        return lambda head, _size: _check_json_head(name, head)
    return None


_REMOVED = QT_TRANSLATE_NOOP("core", "{problem} The download was removed.")


def _check_gguf_head(name: str, head: bytes, size: int | None) -> None:
    try:
        check_model_head(name, head, size or len(head))
    except ModelFileError as exc:
        raise DownloadError(
            Message(
                QT_TRANSLATE_NOOP("core", "{problem} The download was stopped and removed."),
                problem=message_of(exc),
            ),
            DownloadErrorKind.BAD_FILE,
        ) from None


def _check_json_head(name: str, head: bytes) -> None:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text and not text.startswith((b"{", b"[")):
        raise _not_a_tokenizer(name, text)


def check_gguf_download(path: Path) -> None:
    """A finished .gguf download is a GGUF llama.cpp can load (else DownloadError)."""
    try:
        check_model_file(path)
    except ModelFileError as exc:
        raise DownloadError(
            Message(_REMOVED, problem=message_of(exc)), DownloadErrorKind.BAD_FILE
        ) from None


def _check_split_part_download(path: Path, file: str) -> None:
    try:
        check_later_part(path, file)
    except ModelFileError as exc:
        raise DownloadError(
            Message(_REMOVED, problem=message_of(exc)), DownloadErrorKind.BAD_FILE
        ) from None


def check_tokenizer_download(path: Path) -> None:
    """A finished tokenizer.json download is a JSON object (else DownloadError)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        head = path.read_bytes()[:200].lstrip()
        raise _not_a_tokenizer(path.name, head) from None
    if not isinstance(data, dict):
        raise DownloadError(
            Message(QT_TRANSLATE_NOOP("core", "the downloaded tokenizer.json is not a tokenizer")),
            DownloadErrorKind.BAD_FILE,
        )


def _not_a_tokenizer(name: str, head: bytes) -> DownloadError:
    template = (
        QT_TRANSLATE_NOOP("core", "{name} is a web page, not a tokenizer; the download was removed")
        if head.lower().startswith((b"<!doctype", b"<html"))
        else QT_TRANSLATE_NOOP(
            "core", "{name} is not JSON, not a tokenizer; the download was removed"
        )
    )
    return DownloadError(
        Message(template, name=name.removesuffix(".part")), DownloadErrorKind.BAD_FILE
    )
