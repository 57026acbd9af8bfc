"""The curated model catalog (data in resources/catalog.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chatapp.core.downloads import DownloadRequest
from chatapp.core.errors import ChatAppError
from chatapp.core.messages import QT_TRANSLATE_NOOP, Message, message_of
from chatapp.core.paths import resources_dir

CATALOG_FILE = "catalog.json"


class CatalogError(ChatAppError):
    """The catalog file is missing or malformed, or an id is unknown."""


@dataclass(frozen=True)
class HubFile:
    """One file in a hub repository."""

    repo: str
    file: str


@dataclass(frozen=True)
class CatalogEntry:
    """A model ChatApp knows how to download and run. ``revision`` (a hub commit) and
    ``sha256`` pin the exact file: it is asked for at that commit, and other bytes fail
    the download."""

    id: str
    name: str
    repo: str | None
    file: str
    size_bytes: int
    sha256: str | None
    quantization: str
    parameters: str
    context_length: int
    template: str | None
    tokenizer: HubFile | None
    license: str
    ram_bytes: int
    description: str
    recommended: bool = False
    source: str = "hub"
    revision: str | None = None

    @property
    def downloadable(self) -> bool:
        return self.source == "hub" and self.repo is not None

    @property
    def hub_file(self) -> HubFile:
        if self.repo is None:
            raise CatalogError(
                Message(
                    QT_TRANSLATE_NOOP("core", "{name} is not downloaded from the hub"),
                    name=self.name,
                )
            )
        return HubFile(self.repo, self.file)

    def download_request(self) -> DownloadRequest:
        hub = self.hub_file
        tokenizer = (self.tokenizer.repo, self.tokenizer.file) if self.tokenizer else None
        return DownloadRequest(
            hub.repo, hub.file, self.name, self.sha256, tokenizer, revision=self.revision
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CatalogEntry:
        tokenizer = data.get("tokenizer")
        try:
            return cls(
                id=str(data["id"]),
                name=str(data["name"]),
                repo=data.get("repo"),
                file=str(data["file"]),
                size_bytes=int(data["size_bytes"]),
                sha256=data.get("sha256"),
                quantization=str(data.get("quantization", "")),
                parameters=str(data.get("parameters", "")),
                context_length=int(data.get("context_length", 0)),
                template=data.get("template"),
                tokenizer=HubFile(tokenizer["repo"], tokenizer["file"]) if tokenizer else None,
                license=str(data.get("license", "")),
                ram_bytes=int(data.get("ram_bytes", 0)),
                description=str(data.get("description", "")),
                recommended=bool(data.get("recommended", False)),
                source=str(data.get("source", "hub")),
                revision=data.get("revision"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise CatalogError(
                Message(
                    QT_TRANSLATE_NOOP("core", "bad catalog entry {id}: {error}"),
                    id=data.get("id", "?"),
                    error=message_of(exc),
                )
            ) from None


@dataclass(frozen=True)
class Catalog:
    """All catalog entries, in display order."""

    entries: tuple[CatalogEntry, ...]

    def get(self, entry_id: str) -> CatalogEntry:
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        known = ", ".join(e.id for e in self.entries)
        raise CatalogError(
            Message(
                QT_TRANSLATE_NOOP("core", "no catalog model with id {id!r} (known: {known})"),
                id=entry_id,
                known=known,
            )
        )

    def find_file(self, repo: str, file: str) -> CatalogEntry | None:
        for entry in self.entries:
            if entry.repo == repo and entry.file == file:
                return entry
        return None

    def recommended(self) -> CatalogEntry:
        return next((e for e in self.entries if e.recommended), self.entries[0])


def catalog_path() -> Path:
    return resources_dir() / CATALOG_FILE


def load_catalog(path: Path | None = None) -> Catalog:
    """Read the catalog; ``path`` defaults to the one shipped in resources/."""
    path = path or catalog_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogError(
            Message(
                QT_TRANSLATE_NOOP("core", "the model catalog {path} is missing; reinstall ChatApp"),
                path=path,
            )
        ) from None
    except (OSError, ValueError) as exc:
        raise CatalogError(
            Message(
                QT_TRANSLATE_NOOP("core", "the model catalog {path} cannot be read: {error}"),
                path=path,
                error=message_of(exc),
            )
        ) from None
    models = data.get("models") if isinstance(data, dict) else None
    if not isinstance(models, list) or not all(isinstance(item, dict) for item in models):
        raise CatalogError(
            Message(
                QT_TRANSLATE_NOOP(
                    "core", "the model catalog {path} is not a list of models; reinstall ChatApp"
                ),
                path=path,
            )
        )
    entries = tuple(CatalogEntry.from_dict(item) for item in models)
    if not entries:
        raise CatalogError(
            Message(
                QT_TRANSLATE_NOOP("core", "the model catalog {path} lists no models"), path=path
            )
        )
    return Catalog(entries)


def fit_hint(needed_bytes: int, memory_bytes: int) -> str:
    """ "fits", "tight" or "too big": how ``needed_bytes`` compares with the memory the
    model would run in (RAM, or GPU memory when it is offloaded)."""
    if needed_bytes <= 0.75 * memory_bytes:
        return "fits"
    if needed_bytes <= memory_bytes:
        return "tight"
    return "too big"
