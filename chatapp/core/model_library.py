"""The models a user has: downloaded, imported (copied or used in place) and the starter.

Downloaded files live in ``models/<repo>/<file>``; copies of imported files in
``models/imported/``; files used in place are listed in ``models/imported.json`` and
are never deleted by ChatApp (removing one only forgets it). Where each is kept is
:class:`~chatapp.core.paths.AppPaths`'s to say.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePath

from chatapp.core.catalog import Catalog, CatalogEntry
from chatapp.core.downloads import (
    DISK_MARGIN,
    PART_SUFFIX,
    SIDECAR_SUFFIX,
    discard_partial,
)
from chatapp.core.errors import ChatAppError
from chatapp.core.gguf_info import GGUFInfo, ModelFileError, check_model_file, describe_size
from chatapp.core.gguf_split import is_later_part, local_parts, missing_parts, parse_split_name
from chatapp.core.messages import QT_TRANSLATE_NOOP, Message, message_of
from chatapp.core.paths import AppPaths
from chatapp.core.starter import STARTER_NAME, starter_path
from chatapp.core.text_enum import TextEnum

log = logging.getLogger(__name__)

TOKENIZER_FILE = "tokenizer.json"
IN_PLACE_PREFIX = "local:"  # ids of models used in place: "local:" and the file's path


class LibraryError(ChatAppError):
    """A model cannot be imported or removed; ``str()`` says why on one line."""


class ModelSource(TextEnum):
    """Where an installed model came from, in the order the lists show them."""

    STARTER = "starter"  # the small model of the chatapp[starter] package
    CATALOG = "catalog"  # downloaded from the catalog
    HUB = "hub"  # downloaded from the hub, not in the catalog
    IMPORTED = "imported"  # a file of the user's, copied or used in place


_SOURCE_ORDER = {source: rank for rank, source in enumerate(ModelSource)}


@dataclass(frozen=True)
class InstalledModel:
    """A model on this computer that ChatApp can load."""

    id: str
    name: str
    path: Path
    size: int
    source: ModelSource
    architecture: str | None = None
    quantization: str | None = None
    context_length: int | None = None
    problem: str | None = None
    in_place: bool = False
    catalog_id: str | None = None

    def describe(self) -> str:
        details = [describe_size(self.size)]
        if self.quantization:
            details.append(self.quantization)
        if self.architecture:
            details.append(self.architecture)
        if self.context_length:
            details.append(f"context {self.context_length}")
        return ", ".join(details)


@dataclass(frozen=True)
class PartialDownload:
    """A download that was stopped and can be resumed."""

    repo: str
    file: str
    target: Path
    done: int
    total: int | None


def list_installed(paths: AppPaths, catalog: Catalog | None = None) -> list[InstalledModel]:
    """Every usable GGUF: the starter first, then downloads, then imports."""
    found: list[InstalledModel] = []
    models_dir = paths.models_dir
    starter = starter_path(paths)
    if models_dir.is_dir():
        for path in sorted(models_dir.rglob("*.gguf")):
            if not path.is_file() or is_later_part(path.name):
                continue  # a split model is listed once, by its first part
            if path == starter:
                found.append(_described("starter", STARTER_NAME, path, ModelSource.STARTER))
            elif path.parent == paths.imported_dir:
                found.append(_copied(path))
            else:
                found.append(_downloaded(paths, path, catalog))
    found += [_in_place(path) for path in _read_imported_list(paths)]
    found.sort(key=lambda m: _SOURCE_ORDER[m.source])
    return found


def _downloaded(paths: AppPaths, path: Path, catalog: Catalog | None) -> InstalledModel:
    relative = path.relative_to(paths.models_dir).as_posix()
    saved_as = paths.repo_and_file(path)
    entry = catalog.find_file(*saved_as) if catalog and saved_as else None
    if entry is not None:
        return _described(entry.id, entry.name, path, ModelSource.CATALOG, entry)
    split = parse_split_name(path.name)
    name = PurePath(split.model_name).stem if split else path.stem
    return _described(relative, name, path, ModelSource.HUB)


def _copied(path: Path) -> InstalledModel:
    return _described(f"imported/{path.name}", path.stem, path, ModelSource.IMPORTED)


def _in_place(path: Path) -> InstalledModel:
    """A model used where it is; its id is its path, so that it never shares an id with
    a copy of the same file, nor with another file of the same name."""
    model_id = f"{IN_PLACE_PREFIX}{path}"
    return _described(model_id, path.stem, path, ModelSource.IMPORTED, in_place=True)


def _described(
    model_id: str,
    name: str,
    path: Path,
    source: ModelSource,
    entry: CatalogEntry | None = None,
    in_place: bool = False,
) -> InstalledModel:
    try:
        stat = path.stat()
    except OSError as exc:
        return InstalledModel(model_id, name, path, 0, source, problem=str(exc), in_place=in_place)
    info, problem = _inspect(path, stat.st_size, stat.st_mtime_ns)
    if missing := missing_parts(path):
        problem = f"{len(missing)} part(s) of this split model are missing, e.g. {missing[0]}"
    size = sum(p.stat().st_size for p in local_parts(path) if p.is_file())
    return InstalledModel(
        id=model_id,
        name=name,
        path=path,
        size=size,
        source=source,
        architecture=info.architecture if info else None,
        quantization=info.quantization if info else None,
        context_length=info.context_length if info else None,
        problem=problem,
        in_place=in_place,
        catalog_id=entry.id if entry else None,
    )


@lru_cache(maxsize=256)
def _inspect(path: Path, _size: int, _mtime_ns: int) -> tuple[GGUFInfo | None, str | None]:
    try:
        return check_model_file(path), None
    except ModelFileError as exc:
        return None, str(exc)


def find_installed(
    paths: AppPaths, key: str, catalog: Catalog | None = None
) -> InstalledModel | None:
    """An installed model by id, catalog id or path."""
    models = list_installed(paths, catalog)
    for model in models:
        if key in (model.id, model.catalog_id):
            return model
    candidate = Path(key).expanduser()
    if candidate.exists():
        resolved = candidate.resolve()
        return next((m for m in models if m.path.resolve() == resolved), None)
    return None


def partial_downloads(paths: AppPaths) -> list[PartialDownload]:
    """Stopped downloads in the models folder."""
    found: list[PartialDownload] = []
    if not paths.models_dir.is_dir():
        return found
    for sidecar in sorted(paths.models_dir.rglob(f"*{SIDECAR_SUFFIX}")):
        target = sidecar.with_name(sidecar.name.removesuffix(SIDECAR_SUFFIX))
        part = target.with_name(target.name + PART_SUFFIX)
        saved_as = paths.repo_and_file(target)
        if saved_as is None:
            continue
        repo, file = saved_as
        try:
            saved = json.loads(sidecar.read_text(encoding="utf-8"))
            done = part.stat().st_size if part.exists() else 0
        except (OSError, ValueError, RecursionError):
            continue
        total = saved.get("size") if isinstance(saved, dict) else None
        if not isinstance(total, int) or isinstance(total, bool) or total < 0:
            total = None  # a sidecar that was edited or damaged: the size is unknown
        found.append(PartialDownload(repo, file, target, done, total))
    return found


def import_model(paths: AppPaths, source: Path, copy: bool) -> InstalledModel:
    """Check ``source`` is a usable GGUF, then copy it into models/imported/ or list it
    to be used where it is."""
    try:
        info = check_model_file(source)
    except ModelFileError as exc:
        raise LibraryError(message_of(exc)) from None
    source = info.path.resolve()
    if source.is_relative_to(paths.models_dir.resolve()):
        raise LibraryError(
            Message(
                QT_TRANSLATE_NOOP("core", "{name} is already in the models folder"),
                name=source.name,
            )
        )
    if not copy:
        listed = _read_imported_list(paths)
        if source not in listed:
            _write_imported_list(paths, [*listed, source])
        return _in_place(source)
    folder = paths.imported_dir
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    if target.exists():
        raise LibraryError(
            Message(
                QT_TRANSLATE_NOOP(
                    "core",
                    "a model named {name} is already imported; remove it first or rename the file",
                ),
                name=source.name,
            )
        )
    free = shutil.disk_usage(folder).free
    if free < info.file_size + DISK_MARGIN:
        raise LibraryError(
            Message(
                QT_TRANSLATE_NOOP(
                    "core",
                    "not enough disk space to copy {name}: {needed} needed, {free} free; import "
                    "it in place instead",
                ),
                name=source.name,
                needed=describe_size(info.file_size),
                free=describe_size(free),
            )
        )
    partial = target.with_name(target.name + PART_SUFFIX)
    try:
        shutil.copyfile(source, partial)
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise LibraryError(
            Message(
                QT_TRANSLATE_NOOP("core", "cannot copy {name} into {folder}: {error}"),
                name=source.name,
                folder=folder,
                error=message_of(exc),
            )
        ) from None
    return _copied(target)


def remove_model(paths: AppPaths, model: InstalledModel) -> str:
    """Delete a downloaded or copied model, or forget one used in place; returns what
    was done, in words."""
    if model.in_place:
        _write_imported_list(paths, [p for p in _read_imported_list(paths) if p != model.path])
        return Message(
            QT_TRANSLATE_NOOP("core", "forgot {path} (the file itself was left where it is)"),
            path=model.path,
        )
    if not model.path.resolve().is_relative_to(paths.models_dir.resolve()):
        raise LibraryError(
            Message(
                QT_TRANSLATE_NOOP(
                    "core", "{path} is outside the models folder; ChatApp will not delete it"
                ),
                path=model.path,
            )
        )
    try:
        for part in local_parts(model.path):
            part.unlink(missing_ok=part != model.path)
            discard_partial(part)
    except OSError as exc:
        raise LibraryError(
            Message(
                QT_TRANSLATE_NOOP("core", "cannot delete {path}: {error}"),
                path=model.path,
                error=message_of(exc),
            )
        ) from None
    folder = model.path.parent
    tokenizer = folder / TOKENIZER_FILE
    if (
        model.source != ModelSource.STARTER
        and tokenizer.is_file()
        and not any(folder.glob("*.gguf"))
    ):
        tokenizer.unlink()
    _remove_empty_folders(folder, paths.models_dir)
    return Message(
        QT_TRANSLATE_NOOP("core", "deleted {path} ({size})"),
        path=model.path,
        size=describe_size(model.size),
    )


def _remove_empty_folders(folder: Path, root: Path) -> None:
    root = root.resolve()
    folder = folder.resolve()
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _read_imported_list(paths: AppPaths) -> list[Path]:
    try:
        data = json.loads(paths.imported_list_file.read_text(encoding="utf-8"))
        return [Path(item) for item in data.get("models", []) if isinstance(item, str)]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, AttributeError, TypeError, RecursionError) as exc:
        log.warning("cannot read %s: %s", paths.imported_list_file, exc)
        return []


def _write_imported_list(paths: AppPaths, models: list[Path]) -> None:
    target = paths.imported_list_file
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_text(
        json.dumps({"models": [str(p) for p in models]}, indent=2), encoding="utf-8"
    )
    os.replace(temporary, target)
