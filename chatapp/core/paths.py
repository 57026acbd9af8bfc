"""Where ChatApp keeps user data, settings and logs.

This is the only module that calls platformdirs. A data directory given with
``--data-dir`` or the ``CHATAPP_DATA_DIR`` environment variable relocates all of
it (models, conversations, settings, logs) below that one folder.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import platformdirs

from chatapp import APP_NAME

DATA_DIR_ENV = "CHATAPP_DATA_DIR"
IMPORTED_FOLDER = "imported"  # models/imported/: copies of imported files


def model_relative_path(repo: str, file: str) -> PurePosixPath:
    """Where a hub repository's file is kept below the models folder: ``<repo>/<file>``
    (``owner/name/file.gguf``; ``file`` may have folders of its own)."""
    return PurePosixPath(repo) / PurePosixPath(file)


def is_saved_as(path: Path, repo: str, file: str) -> bool:
    """Whether ``path`` is where ChatApp keeps ``repo``'s ``file`` in some models folder
    (its last folders are the repository's, its name the file's)."""
    relative = model_relative_path(repo, file).parts
    return path.parts[-len(relative) :] == relative


@dataclass(frozen=True)
class AppPaths:
    """The folders and files ChatApp reads and writes."""

    data_dir: Path
    config_dir: Path
    log_dir: Path

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def imported_dir(self) -> Path:
        """Where copies of imported models go."""
        return self.models_dir / IMPORTED_FOLDER

    @property
    def imported_list_file(self) -> Path:
        """The list of models used where they are (imported in place)."""
        return self.models_dir / "imported.json"

    def model_path(self, repo: str, file: str) -> Path:
        """Where ``repo``'s ``file`` is downloaded to: ``models/<repo>/<file>``. The names
        are not checked here (``chatapp.core.downloads`` refuses unsafe ones)."""
        return self.models_dir.joinpath(*model_relative_path(repo, file).parts)

    def repo_and_file(self, path: Path) -> tuple[str, str] | None:
        """The hub repository (``owner/name``) and file name a path in the models folder
        was downloaded as; None for a file elsewhere, the starter, or an imported copy."""
        try:
            parts = path.relative_to(self.models_dir).parts
        except ValueError:
            return None
        if len(parts) < 3:
            return None
        return f"{parts[0]}/{parts[1]}", PurePosixPath(*parts[2:]).as_posix()

    def repo_of(self, path: Path) -> str | None:
        """The hub repository (``owner/name``) of a downloaded file; see repo_and_file."""
        found = self.repo_and_file(path)
        return found[0] if found else None

    @property
    def conversations_db(self) -> Path:
        return self.data_dir / "conversations.sqlite3"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "chatapp.log"

    def ensure(self) -> None:
        """Create the folders if they do not exist yet."""
        for folder in (self.data_dir, self.config_dir, self.log_dir, self.models_dir):
            folder.mkdir(parents=True, exist_ok=True)


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """Return the app's folders: ``data_dir``, else $CHATAPP_DATA_DIR, else platformdirs."""
    override = data_dir if data_dir is not None else os.environ.get(DATA_DIR_ENV) or None
    if override is not None:
        root = Path(override).expanduser().resolve()
        return AppPaths(data_dir=root, config_dir=root / "config", log_dir=root / "logs")
    dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
    return AppPaths(
        data_dir=Path(dirs.user_data_dir),
        config_dir=Path(dirs.user_config_dir),
        log_dir=Path(dirs.user_log_dir),
    )


def resources_dir() -> Path:
    """The resources/ folder: beside the package in a checkout, or inside a frozen app."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"
