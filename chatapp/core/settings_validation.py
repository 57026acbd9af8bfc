"""What each setting may hold, and the repair of values read from files.

Every number ChatApp reads from ``settings.json`` or from a saved chat's settings snapshot
goes through ``clean_fields``: a value of the wrong type is replaced by the default, a
number out of range is clamped to the nearest end of its range, and each change is
described in one short phrase for the user's notice. The ranges are the ones the window's
controls (32-bit Qt spin boxes) and llama.cpp can hold.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any, TypeVar

from chatapp.core.messages import QT_TRANSLATE_NOOP, Message

# Seeds: one range for the terminal (--seed), the window and saved settings. It fits
# llama.cpp's uint32 seed without reaching 0xFFFFFFFF (llama.cpp's "pick a random seed")
# and a Qt spin box (a signed 32-bit int). "Random" is the separate random_seed setting.
SEED_MIN = 0
SEED_MAX = 2**31 - 1
# The longest context ChatApp asks llama.cpp for; a reply is never longer.
CONTEXT_MAX = 1_048_576
CONTEXT_MIN = 16
# More GPU layers than any model has means "all of them".
GPU_LAYERS_MAX = 10_000
# The window's looks: "system" follows the OS's light or dark mode.
THEMES = ("system", "light", "dark")
# The window's language: "system" follows the OS (English where ChatApp lacks its language).
LANGUAGES = ("system", "en", "zh_CN")

T = TypeVar("T")


def logical_cpu_count() -> int:
    """CPUs this process may run on (its affinity where the OS has one), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _shown(value: Any) -> str:
    text = json.dumps(value, default=repr)
    return text if len(text) <= 40 else text[:37] + "..."


@dataclass(frozen=True)
class Number:
    """A number setting: whole or not, within ``minimum``..``maximum`` (or ``None``, where
    ``optional``: "ChatApp picks")."""

    label: str
    minimum: float
    maximum: float | Callable[[], float]
    whole: bool = True
    optional: bool = False

    @property
    def upper(self) -> float:
        return self.maximum() if callable(self.maximum) else self.maximum

    def range_text(self) -> str:
        return (
            f"{self.label} must be between {_number_text(self.minimum)} "
            f"and {_number_text(self.upper)}"
        )

    def problem(self, value: Any) -> str | None:
        """Why ``value`` cannot be used as it is (None: it can)."""
        if value is None and self.optional:
            return None
        if not _is_number(value) or (self.whole and isinstance(value, float)):
            return "is not a whole number" if self.whole else "is not a number"
        if not self.minimum <= value <= self.upper:
            return "is out of range"
        return None

    def clean(self, value: Any, default: Any, name: str) -> tuple[Any, str | None]:
        """``value`` made usable, and what was done to it (None: nothing), said of the
        setting ``name``."""
        if value is None and self.optional:
            return None, None
        if not _is_number(value) or (isinstance(value, float) and math.isnan(value)):
            return default, _change(_NOT_A_NUMBER, name, value, default)
        if (
            self.whole
            and isinstance(value, float)
            and math.isfinite(value)
            and not value.is_integer()
        ):
            return default, _change(_NOT_WHOLE, name, value, default)
        clamped = min(max(value, self.minimum), self.upper)
        result = int(clamped) if self.whole else float(clamped)
        if clamped != value:
            low, high = _number_text(self.minimum), _number_text(self.upper)
            return result, _change(_OUTSIDE, name, value, result, low=low, high=high)
        return result, None


@dataclass(frozen=True)
class Flag:
    """A true/false setting."""

    label: str

    def problem(self, value: Any) -> str | None:
        return None if isinstance(value, bool) else "is not true or false"

    def clean(self, value: Any, default: Any, name: str) -> tuple[Any, str | None]:
        if isinstance(value, bool):
            return value, None
        return default, _change(_NOT_A_FLAG, name, value, default)


@dataclass(frozen=True)
class Text:
    """A text setting (or ``None`` where ``optional``), maybe one of ``choices``
    (compared without case)."""

    label: str
    optional: bool = True
    choices: frozenset[str] | None = None
    blank_allowed: bool = True

    def problem(self, value: Any) -> str | None:
        if value is None and self.optional:
            return None
        if not isinstance(value, str):
            return "is not text"
        if not self.blank_allowed and not value.strip():
            return "is empty"
        if self.choices is not None and self._choice(value) is None:
            return f"must be one of {', '.join(sorted(self.choices))}"
        return None

    def _choice(self, value: str) -> str | None:
        """The choice ``value`` names, spelt as in ``choices``."""
        found = [c for c in self.choices or () if c.lower() == value.lower()]
        return found[0] if found else None

    def clean(self, value: Any, default: Any, name: str) -> tuple[Any, str | None]:
        problem = self.problem(value)
        if problem is None:
            if self.choices is not None and isinstance(value, str):
                return self._choice(value), None
            return value, None
        if problem == "is not text":
            return default, _change(_NOT_TEXT, name, value, default)
        if problem == "is empty":
            return default, _change(_EMPTY, name, value, default)
        choices = ", ".join(sorted(self.choices or ()))
        return default, _change(_NOT_A_CHOICE, name, value, default, choices=choices)


@dataclass(frozen=True)
class TextList:
    """A list of texts (kept as a tuple); a list with anything but text in it is not used."""

    label: str

    def problem(self, value: Any) -> str | None:
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            return "is not a list of texts"
        return None

    def clean(self, value: Any, default: Any, name: str) -> tuple[Any, str | None]:
        if self.problem(value) is None:
            return tuple(value), None
        return default, _change(_NOT_A_LIST, name, value, list(default))


Spec = Number | Flag | Text | TextList

# What was done to a setting from a file: "load.n_ctx 0 is outside 16 to 1048576: 16 is used".
_NOT_A_NUMBER = QT_TRANSLATE_NOOP("core", "{name} {value} is not a number: {default} is used")
_NOT_WHOLE = QT_TRANSLATE_NOOP("core", "{name} {value} is not a whole number: {default} is used")
_OUTSIDE = QT_TRANSLATE_NOOP("core", "{name} {value} is outside {low} to {high}: {default} is used")
_NOT_A_FLAG = QT_TRANSLATE_NOOP("core", "{name} {value} is not true or false: {default} is used")
_NOT_TEXT = QT_TRANSLATE_NOOP("core", "{name} {value} is not text: {default} is used")
_EMPTY = QT_TRANSLATE_NOOP("core", "{name} {value} is empty: {default} is used")
_NOT_A_CHOICE = QT_TRANSLATE_NOOP(
    "core", "{name} {value} must be one of {choices}: {default} is used"
)
_NOT_A_LIST = QT_TRANSLATE_NOOP("core", "{name} {value} is not a list of texts: {default} is used")
_NOT_AN_OBJECT = QT_TRANSLATE_NOOP("core", "{name} {value} is not an object: the defaults are used")


def _change(template: str, name: str, value: Any, default: Any, **values: str) -> Message:
    return Message(template, name=name, value=_shown(value), default=_shown(default), **values)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def validate_seed(value: int) -> int:
    """``value`` when it is a seed ChatApp accepts; ValueError (one line) when not."""
    problem = SEED.problem(value)
    if problem is not None:
        raise ValueError(SEED.range_text())
    return value


SEED = Number("seed", SEED_MIN, SEED_MAX)

SAMPLING_SPECS: dict[str, Spec] = {
    "max_tokens": Number("max tokens", 1, CONTEXT_MAX),
    "temperature": Number("temperature", 0.0, 5.0, whole=False),
    "top_p": Number("top-p", 0.0, 1.0, whole=False),
    "top_k": Number("top-k", 0, CONTEXT_MAX),
    "min_p": Number("min-p", 0.0, 1.0, whole=False),
    "repeat_penalty": Number("repeat penalty", 0.0, 10.0, whole=False),
    "repeat_last_n": Number("repeat-last-n", 0, CONTEXT_MAX),
    "seed": SEED,
    "random_seed": Flag("random seed"),
}


def _chat_formats() -> frozenset[str]:
    from chatapp.core.templates import BUILTIN_FORMATS

    return frozenset(BUILTIN_FORMATS)


def load_specs() -> dict[str, Spec]:
    """What each LoadParams field may hold on this machine (threads: its CPU count)."""
    return {
        "n_ctx": Number("context length", CONTEXT_MIN, CONTEXT_MAX),
        "n_gpu_layers": Number("GPU layers", -1, GPU_LAYERS_MAX, optional=True),
        "n_threads": Number("threads", 1, logical_cpu_count, optional=True),
        "flash_attn": Flag("flash attention"),
        "chat_format": Text("chat format", choices=_chat_formats()),
    }


# The window's local API server (its API key is a secret, kept apart).
LOCAL_SERVER_SPECS: dict[str, Spec] = {
    "host": Text("local server address", optional=False, blank_allowed=False),
    "port": Number("local server port", 0, 65535),
    "allowed_origins": TextList("allowed origins"),
}


def check_fields(instance: object, specs: Mapping[str, Spec]) -> None:
    """Raise ValueError with a one-line reason for the first field out of its range."""
    for name, spec in specs.items():
        problem = spec.problem(getattr(instance, name))
        if problem is None:
            continue
        if isinstance(spec, Number):
            raise ValueError(spec.range_text())
        raise ValueError(f"{spec.label} {problem}")


def clean_fields(
    fallback: T, values: Any, specs: Mapping[str, Spec], section: str
) -> tuple[T, list[str]]:
    """``fallback`` with each usable field of the JSON object ``values`` (others repaired
    or left at the fallback's value), and one phrase per change, like
    ``"load.n_ctx 3000000000 is outside 16 to 1048576: 1048576 is used"``."""
    if not isinstance(values, dict):
        return fallback, [Message(_NOT_AN_OBJECT, name=section, value=_shown(values))]
    chosen: dict[str, Any] = {}
    changes: list[str] = []
    for item in fields(fallback):  # type: ignore[arg-type]
        if item.name not in values or item.name not in specs:
            continue
        name = f"{section}.{item.name}"
        value, change = specs[item.name].clean(
            values[item.name], getattr(fallback, item.name), name
        )
        chosen[item.name] = value
        if change:
            changes.append(change)
    return replace(fallback, **chosen), changes  # type: ignore[type-var]


def clean_value(
    values: Mapping[str, Any], name: str, spec: Spec, default: Any, changes: list[str]
) -> Any:
    """``values[name]`` made usable (``default`` when missing); a change is appended to
    ``changes``."""
    if name not in values:
        return default
    value, change = spec.clean(values[name], default, name)
    if change:
        changes.append(change)
    return value
