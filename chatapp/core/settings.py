"""Settings as dataclasses, stored as JSON with a schema version.

``SamplingParams`` apply per reply; ``LoadParams`` need a model (re)load.
The settings file is written atomically (temp file + rename). A file that cannot
be read is kept aside as ``settings.json.bad`` and defaults are used.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
DEFAULT_SEED = 299792458


@dataclass
class SamplingParams:
    """How a reply is sampled. The defaults are the original chatbot's."""

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
        checks = [
            (self.max_tokens >= 1, "max tokens must be at least 1"),
            (0.0 <= self.temperature <= 5.0, "temperature must be between 0 and 5"),
            (0.0 < self.top_p <= 1.0, "top-p must be above 0 and at most 1"),
            (self.top_k >= 0, "top-k must be 0 (off) or more"),
            (0.0 <= self.min_p <= 1.0, "min-p must be between 0 and 1"),
            (self.repeat_penalty > 0.0, "repeat penalty must be above 0"),
            (self.repeat_last_n >= 0, "repeat-last-n must be 0 or more"),
            (self.seed >= 0, "seed must be 0 or more"),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(message)


@dataclass
class LoadParams:
    """How a model is loaded. ``None`` means "ChatApp picks"."""

    n_ctx: int = 4096
    n_gpu_layers: int | None = None
    n_threads: int | None = None
    flash_attn: bool = True
    chat_format: str | None = None

    def validate(self) -> None:
        """Raise ValueError with a one-line reason when a value is out of range."""
        if self.n_ctx < 16:
            raise ValueError("context length must be at least 16 tokens")
        if self.n_threads is not None and self.n_threads < 1:
            raise ValueError("threads must be at least 1")
        if self.n_gpu_layers is not None and self.n_gpu_layers < -1:
            raise ValueError("GPU layers must be -1 (all), 0 or more")


@dataclass
class AppSettings:
    """Everything ChatApp remembers between runs (window geometry aside)."""

    sampling: SamplingParams = field(default_factory=SamplingParams)
    load: LoadParams = field(default_factory=LoadParams)
    system_prompt: str = ""
    last_model: str | None = None
    hub_endpoint: str | None = None
    last_conversation: str | None = None
    schema_version: int = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AppSettings:
        """Build settings from a dict, ignoring unknown keys and keeping defaults for missing."""
        if not isinstance(data, dict):
            raise ValueError("settings must be a JSON object")
        return cls(
            sampling=_known(SamplingParams, data.get("sampling", {})),
            load=_known(LoadParams, data.get("load", {})),
            system_prompt=str(data.get("system_prompt", "")),
            last_model=data.get("last_model"),
            hub_endpoint=data.get("hub_endpoint"),
            last_conversation=data.get("last_conversation"),
        )


def sampling_from(values: Any, fallback: SamplingParams) -> SamplingParams:
    """Sampling settings from a saved snapshot; ``fallback`` when it is unusable."""
    try:
        sampling = _known(SamplingParams, values)
        sampling.validate()
    except (ValueError, TypeError):
        return fallback
    return sampling


def _known(kind: type, values: Any) -> Any:
    if not isinstance(values, dict):
        raise ValueError(f"{kind.__name__} must be a JSON object")
    names = {f.name for f in fields(kind)}
    return kind(**{k: v for k, v in values.items() if k in names})


@dataclass
class LoadedSettings:
    """Settings read from disk, and a notice for the user when the file was bad."""

    settings: AppSettings
    notice: str | None = None


def load_settings(path: Path) -> LoadedSettings:
    """Read settings; a broken file is moved to ``<name>.bad`` and defaults are returned."""
    if not path.exists():
        return LoadedSettings(AppSettings())
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        settings = AppSettings.from_dict(data)
        settings.sampling.validate()
        settings.load.validate()
        return LoadedSettings(settings)
    except (OSError, ValueError, TypeError) as exc:
        bad = path.with_name(path.name + ".bad")
        try:
            os.replace(path, bad)
        except OSError:
            log.exception("could not move %s aside", path)
        log.warning("unreadable settings %s: %s", path, exc)
        return LoadedSettings(
            AppSettings(),
            notice=f"Your settings file could not be read ({exc}); it was kept as {bad} "
            "and the defaults are used.",
        )


def save_settings(settings: AppSettings, path: Path) -> None:
    """Write settings atomically: a temp file in the same folder, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(settings.to_dict(), indent=2, sort_keys=True)
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
