"""Settings as dataclasses, stored as JSON with a schema version.

``SamplingParams`` apply per reply; ``LoadParams`` need a model (re)load.
The settings file is written atomically (temp file + rename). A file that cannot
be read is kept aside as ``settings.json.bad`` and defaults are used; values of the wrong
type or out of range are repaired field by field (see ``settings_validation``).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from chatapp.core.messages import QT_TRANSLATE_NOOP, Message, joined
from chatapp.core.settings_validation import (
    LANGUAGES,
    LOCAL_SERVER_SPECS,
    SAMPLING_SPECS,
    SEED_MAX,
    SEED_MIN,
    THEMES,
    Text,
    check_fields,
    clean_fields,
    clean_value,
    load_specs,
    validate_seed,
)

log = logging.getLogger(__name__)

__all__ = [
    "SEED_MAX",
    "SEED_MIN",
    "AppSettings",
    "LoadParams",
    "LoadedSettings",
    "LocalServerParams",
    "SamplingParams",
    "load_settings",
    "sampling_from",
    "save_settings",
    "validate_seed",
]

SCHEMA_VERSION = 1
DEFAULT_SEED = 299792458


@dataclass(frozen=True)
class SamplingParams:
    """How a reply is sampled. The defaults are the original chatbot's. A value: change
    it with ``dataclasses.replace``."""

    max_tokens: int = 1000
    temperature: float = 0.8
    top_p: float = 0.95
    top_k: int = 40
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    repeat_last_n: int = 64
    seed: int = DEFAULT_SEED
    random_seed: bool = False

    def validate(self) -> None:
        """Raise ValueError with a one-line reason when a value is out of range."""
        check_fields(self, SAMPLING_SPECS)


@dataclass(frozen=True)
class LoadParams:
    """How a model is loaded. ``None`` means "ChatApp picks". A value: change it with
    ``dataclasses.replace``."""

    n_ctx: int = 4096
    n_gpu_layers: int | None = None
    n_threads: int | None = None
    flash_attn: bool = True
    chat_format: str | None = None

    def validate(self) -> None:
        """Raise ValueError with a one-line reason when a value is out of range."""
        check_fields(self, load_specs())


@dataclass(frozen=True)
class LocalServerParams:
    """Where the window's local API server listens (``port`` 0: any free port) and the
    web origins allowed to call it (CORS; none by default). Its API key is a secret
    (``chatapp.core.local_server_key``), never stored here."""

    host: str = "127.0.0.1"
    port: int = 8765
    allowed_origins: tuple[str, ...] = ()

    def validate(self) -> None:
        """Raise ValueError with a one-line reason when a value cannot be used."""
        check_fields(self, LOCAL_SERVER_SPECS)


_TEXT_SPECS: dict[str, Text] = {
    "system_prompt": Text("system prompt", optional=False),
    "last_model": Text("last model"),
    "hub_endpoint": Text("hub endpoint"),
    "last_conversation": Text("last conversation"),
    "last_server": Text("last server"),
    "last_server_model": Text("last server model"),
    "theme": Text("theme", optional=False, choices=frozenset(THEMES)),
    "language": Text("language", optional=False, choices=frozenset(LANGUAGES)),
}


@dataclass
class AppSettings:
    """Everything ChatApp remembers between runs (window geometry aside)."""

    sampling: SamplingParams = field(default_factory=SamplingParams)
    load: LoadParams = field(default_factory=LoadParams)
    system_prompt: str = ""
    last_model: str | None = None
    hub_endpoint: str | None = None
    last_conversation: str | None = None
    # The saved server (by name) and its model the chat used last; when set, the next
    # start reconnects to it instead of loading last_model.
    last_server: str | None = None
    last_server_model: str | None = None
    local_server: LocalServerParams = field(default_factory=LocalServerParams)
    theme: str = "system"  # "system" (the OS's light or dark), "light" or "dark"
    language: str = "system"  # "system" (the OS's language), "en" or "zh_CN"
    schema_version: int = SCHEMA_VERSION
    # Keys this version does not know (a newer ChatApp's, say), at the top and in each
    # section: written back as they were, so that running an older version loses none.
    unknown: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    unknown_in: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["unknown"], data["unknown_in"]
        for section, kept in self.unknown_in.items():
            data[section] = {**kept, **data[section]}
        return {**self.unknown, **data}

    @classmethod
    def from_dict(cls, data: Any) -> AppSettings:
        """Settings from a JSON object; see ``parse``."""
        return cls.parse(data)[0]

    @classmethod
    def parse(cls, data: Any) -> tuple[AppSettings, list[str]]:
        """Settings from a JSON object, and what had to be changed to use it.

        Unknown keys are kept aside (``to_dict`` writes them back) and missing ones keep
        their defaults; each field is checked on its own: a value of the wrong type gets
        the default and a number out of range is clamped, so one bad value never costs
        the others. Raises ValueError when
        ``data`` is not an object at all.
        """
        if not isinstance(data, dict):
            raise ValueError("settings must be a JSON object")
        defaults = cls()
        changes: list[str] = []
        sampling, sampling_changes = clean_fields(
            defaults.sampling, data.get("sampling", {}), SAMPLING_SPECS, "sampling"
        )
        load, load_changes = clean_fields(defaults.load, data.get("load", {}), load_specs(), "load")
        local_server, server_changes = clean_fields(
            defaults.local_server, data.get("local_server", {}), LOCAL_SERVER_SPECS, "local_server"
        )
        texts = {
            name: clean_value(data, name, spec, getattr(defaults, name), changes)
            for name, spec in _TEXT_SPECS.items()
        }
        settings = cls(sampling=sampling, load=load, local_server=local_server, **texts)
        settings.unknown = {key: value for key, value in data.items() if key not in _KNOWN}
        for section, known in _SECTIONS.items():
            values = data.get(section)
            if isinstance(values, dict):
                kept = {key: value for key, value in values.items() if key not in known}
                if kept:
                    settings.unknown_in[section] = kept
        return settings, sampling_changes + load_changes + server_changes + changes


_KNOWN = frozenset(f.name for f in fields(AppSettings)) - {"unknown", "unknown_in"}
_SECTIONS = {
    section: frozenset(f.name for f in fields(kind))
    for section, kind in (
        ("sampling", SamplingParams),
        ("load", LoadParams),
        ("local_server", LocalServerParams),
    )
}


def sampling_from(values: Any, fallback: SamplingParams) -> SamplingParams:
    """Sampling settings from a saved chat's snapshot: each unusable value is repaired or
    taken from ``fallback`` (a snapshot is never trusted more than settings.json)."""
    sampling, changes = clean_fields(fallback, values, SAMPLING_SPECS, "sampling")
    if changes:
        log.warning("saved chat settings repaired: %s", "; ".join(changes))
    return sampling


@dataclass
class LoadedSettings:
    """Settings read from disk, and a notice for the user when the file was bad."""

    settings: AppSettings
    notice: str | None = None


def load_settings(path: Path) -> LoadedSettings:
    """Read settings. A file that is not a JSON object is moved to ``<name>.bad`` and the
    defaults are used; unusable values in a readable file are repaired one by one (the
    original is kept as ``<name>.bad`` and the repaired settings are written back). Either
    way the notice says what happened, in one line."""
    if not path.exists():
        return LoadedSettings(AppSettings())
    bad = path.with_name(path.name + ".bad")
    try:
        settings, changes = AppSettings.parse(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, RecursionError) as exc:
        log.warning("unreadable settings %s: %s", path, exc)
        try:
            os.replace(path, bad)
        except OSError as move_error:
            log.warning("could not move %s aside: %s", path, move_error)
        template = QT_TRANSLATE_NOOP(
            "core",
            "Your settings file could not be read ({error}); it was kept as {bad} and the "
            "defaults are used.",
        )
        return LoadedSettings(AppSettings(), Message(template, error=_one_line(exc), bad=bad))
    if not changes:
        return LoadedSettings(settings)
    log.warning("settings repaired: %s", "; ".join(changes))
    try:
        shutil.copyfile(path, bad)
        save_settings(settings, path)
        template = QT_TRANSLATE_NOOP(
            "core",
            "Some values in your settings file could not be used and were changed: "
            "{changes}. The original file was kept as {bad}.",
        )
    except OSError as exc:
        log.warning("could not rewrite %s: %s", path, exc)
        template = QT_TRANSLATE_NOOP(
            "core",
            "Some values in your settings file could not be used and were changed: {changes}.",
        )
    return LoadedSettings(settings, Message(template, changes=joined(changes), bad=bad))


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def save_settings(settings: AppSettings, path: Path) -> None:
    """Write settings atomically: a temp file in the same folder, then a rename. Nothing
    is written when the file already says the same (the window saves after every reply,
    on its GUI thread, and the fsync can take long on a busy disk)."""
    text = json.dumps(settings.to_dict(), indent=2, sort_keys=True)
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass  # missing or unreadable: written afresh
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
