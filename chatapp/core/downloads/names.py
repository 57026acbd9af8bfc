"""What to download and where it goes: safe repository and file names, and the paths of
a download's partial file, its sidecar and its lock."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from chatapp.core.downloads.errors import DownloadError, DownloadErrorKind
from chatapp.core.gguf_split import parse_split_name
from chatapp.core.messages import QT_TRANSLATE_NOOP, Message
from chatapp.core.paths import model_relative_path

PART_SUFFIX = ".part"
SIDECAR_SUFFIX = ".part.json"
LOCK_SUFFIX = ".part.lock"
_REPO_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class DownloadRequest:
    """A GGUF to fetch, with its expected sha256 and an optional tokenizer.json to put
    beside it (``tokenizer`` is (repo, file)).

    ``sha256`` and ``revision`` pin the file: bytes with another sha256 fail the download,
    and the file is asked for at that commit rather than at ``main``. ``parts`` are the
    other files of a split model (``-00002-of-00003.gguf`` ...), fetched beside ``file``,
    which is the first part and the one that is loaded."""

    repo: str
    file: str
    name: str
    sha256: str | None = None
    tokenizer: tuple[str, str] | None = None
    revision: str | None = None
    parts: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.repo}/{self.file}"


def check_repo_id(repo: str) -> str:
    """``repo`` when it is a plain ``owner/name``; raises DownloadError (bad_name)."""
    parts = repo.split("/")
    if len(parts) != 2 or not all(_REPO_PART.match(p) and ".." not in p for p in parts):
        raise DownloadError(
            Message(
                QT_TRANSLATE_NOOP(
                    "core", "{repo!r} is not a hub repository name; it looks like owner/name"
                ),
                repo=repo,
            ),
            DownloadErrorKind.BAD_NAME,
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
        raise DownloadError(
            Message(
                QT_TRANSLATE_NOOP("core", "{file!r} is not a safe file name inside a repository"),
                file=file,
            ),
            DownloadErrorKind.BAD_NAME,
        )
    root = models_dir.resolve()
    target = root.joinpath(*model_relative_path(repo, file).parts).resolve()
    if not target.is_relative_to(root):
        raise DownloadError(
            Message(
                QT_TRANSLATE_NOOP("core", "{repo}/{file} would be saved outside the models folder"),
                repo=repo,
                file=file,
            ),
            DownloadErrorKind.BAD_NAME,
        )
    return target


def parse_hub_spec(spec: str) -> DownloadRequest:
    """``owner/repo/file.gguf`` (or a hub URL to it) as a DownloadRequest; any part of a
    split model asks for all of its parts."""
    text = spec.strip()
    match = re.match(r"^https?://[^/]+/(.+?)/(?:resolve|blob)/[^/]+/(.+)$", text)
    if match:
        repo, file = match.group(1), match.group(2)
    else:
        parts = text.strip("/").split("/")
        if len(parts) < 3:
            raise DownloadError(
                Message(
                    QT_TRANSLATE_NOOP(
                        "core", "{spec!r} is neither a catalog id nor owner/repo/file.gguf"
                    ),
                    spec=spec,
                ),
                DownloadErrorKind.BAD_NAME,
            )
        repo, file = "/".join(parts[:2]), "/".join(parts[2:])
    check_repo_id(repo)
    if not file.lower().endswith(".gguf"):
        raise DownloadError(
            Message(
                QT_TRANSLATE_NOOP(
                    "core",
                    "{file} is not a .gguf file; ChatApp runs GGUF models (pick a .gguf file "
                    "from the repository's files)",
                ),
                file=file,
            ),
            DownloadErrorKind.BAD_NAME,
        )
    split = parse_split_name(file)
    if split is not None:
        first, *others = split.all_parts
        return DownloadRequest(
            repo, first, PurePosixPath(split.model_name).stem, parts=tuple(others)
        )
    return DownloadRequest(repo, file, PurePosixPath(file).stem)


def partial_path(target: Path) -> Path:
    """The file a download of ``target`` writes until it is verified."""
    return target.with_name(target.name + PART_SUFFIX)


def sidecar_path(target: Path) -> Path:
    """The JSON beside the partial file: URL, etag, size and sha256 to resume against."""
    return target.with_name(target.name + SIDECAR_SUFFIX)


def lock_path(target: Path) -> Path:
    """The file a download of ``target`` holds an exclusive OS lock on while it runs."""
    return target.with_name(target.name + LOCK_SUFFIX)
