"""Hostile settings.json and saved-chat snapshots: each field is checked on its own."""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path
from typing import Any

import pytest

from chatapp.core.settings import (
    SEED_MAX,
    SEED_MIN,
    AppSettings,
    LoadParams,
    SamplingParams,
    load_settings,
    sampling_from,
    validate_seed,
)
from chatapp.core.settings_validation import (
    CONTEXT_MAX,
    SAMPLING_SPECS,
    Number,
    load_specs,
    logical_cpu_count,
)

HOSTILE_VALUES: list[Any] = [
    None,
    True,
    "12",
    "",
    [],
    [1, 2],
    {},
    {"a": 1},
    3000000000,
    -3000000000,
    10**40,
    1e30,
    -1e30,
    float("inf"),
    float("-inf"),
    float("nan"),
    0.5,
    -1,
]
QT_INT_MAX = 2**31 - 1


def write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def assert_usable(settings: AppSettings) -> None:
    """What the window and llama.cpp can take: the ranges, and ints that fit a Qt spin box."""
    settings.sampling.validate()
    settings.load.validate()
    for params in (settings.sampling, settings.load):
        for item in dataclasses.fields(params):
            value = getattr(params, item.name)
            if isinstance(value, int) and not isinstance(value, bool):
                assert -QT_INT_MAX <= value <= QT_INT_MAX, (item.name, value)
    for name in ("system_prompt",):
        assert isinstance(getattr(settings, name), str)
    for name in (
        "last_model",
        "hub_endpoint",
        "last_conversation",
        "last_server",
        "last_server_model",
    ):
        assert getattr(settings, name) is None or isinstance(getattr(settings, name), str)


@pytest.mark.parametrize(
    ("section", "name", "value", "expected"),
    [
        ("load", "n_ctx", 3000000000, CONTEXT_MAX),
        ("sampling", "seed", 3000000000, SEED_MAX),
        ("sampling", "max_tokens", 1e30, CONTEXT_MAX),
        ("sampling", "temperature", -4, 0.0),
        ("load", "n_threads", 999, logical_cpu_count()),
    ],
)
def test_out_of_range_numbers_are_clamped_with_one_notice(
    tmp_path: Path, section: str, name: str, value: Any, expected: Any
):
    path = write(tmp_path, {section: {name: value, "top_k": 7}, "system_prompt": "kept"})
    loaded = load_settings(path)
    assert getattr(getattr(loaded.settings, section), name) == expected
    assert loaded.notice is not None and f"{section}.{name}" in loaded.notice
    assert len(loaded.notice.splitlines()) == 1
    assert loaded.settings.system_prompt == "kept"
    assert_usable(loaded.settings)
    # The repaired file is written back (the original kept aside): the next start is quiet.
    assert json.loads((tmp_path / "settings.json.bad").read_text())[section][name] == value
    assert load_settings(path).notice is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"last_model": 42}, "last_model"),
        ({"last_conversation": {}}, "last_conversation"),
        ({"hub_endpoint": ["https://x"]}, "hub_endpoint"),
        ({"system_prompt": ["a list"]}, "system_prompt"),
        ({"sampling": {"temperature": "hot"}}, "sampling.temperature"),
        ({"sampling": {"random_seed": "yes"}}, "sampling.random_seed"),
        ({"load": {"chat_format": "no-such-format"}}, "load.chat_format"),
        ({"load": {"flash_attn": 1}}, "load.flash_attn"),
        ({"sampling": [1, 2]}, "sampling"),
        ({"load": "big"}, "load"),
    ],
)
def test_a_wrong_type_drops_that_field_only(tmp_path: Path, data: dict[str, Any], field: str):
    kept = {"sampling": {"top_k": 7}, "load": {"n_ctx": 2048}, "last_model": "/m.gguf"}
    for key, value in data.items():
        if isinstance(kept.get(key), dict) and isinstance(value, dict):
            kept[key] = {**kept[key], **value}
        else:
            kept[key] = value
    loaded = load_settings(write(tmp_path, kept))
    assert loaded.notice is not None and field in loaded.notice
    assert loaded.notice.count("could not be used") == 1
    settings = loaded.settings
    assert_usable(settings)
    if field != "sampling":
        assert settings.sampling.top_k == 7
    if field != "load":
        assert settings.load.n_ctx == 2048
    if field != "last_model":
        assert settings.last_model == "/m.gguf"
    default = AppSettings()
    if "." in field:
        section, name = field.split(".")
        assert getattr(getattr(settings, section), name) == getattr(getattr(default, section), name)
    else:
        assert getattr(settings, field) == getattr(default, field)


def test_every_field_against_every_hostile_value():
    """Property-style: any JSON value in any field gives usable settings, never an error."""
    specs: dict[str, Any] = {"sampling": SAMPLING_SPECS, "load": load_specs()}
    for section, section_specs in specs.items():
        for name in section_specs:
            for value in HOSTILE_VALUES:
                settings, changes = AppSettings.parse({section: {name: value}})
                assert_usable(settings)
                if changes:
                    assert all(change.startswith(f"{section}.{name} ") for change in changes)
    for name in (
        "system_prompt",
        "last_model",
        "hub_endpoint",
        "last_conversation",
        "last_server",
        "last_server_model",
    ):
        for value in HOSTILE_VALUES:
            assert_usable(AppSettings.parse({name: value})[0])


def test_random_hostile_documents_never_raise():
    rng = random.Random(20240607)
    names = list(SAMPLING_SPECS) + list(load_specs()) + ["last_model", "system_prompt"]
    for _ in range(300):
        document: dict[str, Any] = {"sampling": {}, "load": {}}
        for name in rng.sample(names, k=rng.randint(1, len(names))):
            section = "sampling" if name in SAMPLING_SPECS else "load"
            where = document if name in ("last_model", "system_prompt") else document[section]
            where[name] = rng.choice(HOSTILE_VALUES)
        settings, _changes = AppSettings.parse(json.loads(json.dumps(document)))
        assert_usable(settings)


def test_good_values_pass_unchanged():
    data = {
        "sampling": {"max_tokens": 77, "temperature": 1.5, "seed": SEED_MAX, "random_seed": True},
        "load": {"n_ctx": 8192, "n_gpu_layers": -1, "n_threads": 1, "chat_format": "ChatML"},
        "last_model": "/models/x.gguf",
    }
    settings, changes = AppSettings.parse(data)
    assert changes == []
    assert settings.sampling.seed == SEED_MAX and settings.sampling.random_seed is True
    # A choice is matched without regard to case and kept in its canonical spelling.
    assert settings.load.chat_format == "chatml" and settings.load.n_gpu_layers == -1


def test_a_whole_float_is_taken_as_an_int():
    settings, changes = AppSettings.parse({"sampling": {"max_tokens": 64.0}})
    assert changes == [] and settings.sampling.max_tokens == 64
    assert isinstance(settings.sampling.max_tokens, int)


@pytest.mark.parametrize("content", [b"[" * 100_000, b'{"a": "\xff\xfe"}', b"1e999999"])
def test_unparsable_files_are_kept_aside(tmp_path: Path, content: bytes):
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    loaded = load_settings(path)
    assert loaded.settings == AppSettings()
    assert loaded.notice and "settings.json.bad" in loaded.notice
    assert len(loaded.notice.splitlines()) == 1


def test_seed_range_is_one_for_everyone():
    assert validate_seed(SEED_MIN) == SEED_MIN and validate_seed(SEED_MAX) == SEED_MAX
    for bad in (SEED_MIN - 1, SEED_MAX + 1, 3000000000):
        with pytest.raises(ValueError, match=f"seed must be between {SEED_MIN} and {SEED_MAX}"):
            validate_seed(bad)
        with pytest.raises(ValueError, match="seed must be between"):
            SamplingParams(seed=bad).validate()


def test_threads_above_the_cpu_count_do_not_validate():
    LoadParams(n_threads=logical_cpu_count()).validate()
    with pytest.raises(ValueError, match=f"threads must be between 1 and {logical_cpu_count()}"):
        LoadParams(n_threads=logical_cpu_count() + 1).validate()


def test_params_are_frozen_values():
    sampling = SamplingParams()
    with pytest.raises(dataclasses.FrozenInstanceError):
        sampling.max_tokens = 3  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        LoadParams().n_ctx = 3  # type: ignore[misc]
    assert dataclasses.replace(sampling, max_tokens=3).max_tokens == 3
    assert hash(sampling) == hash(SamplingParams())


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_a_saved_chat_snapshot_is_repaired_from_the_fallback(value: Any):
    fallback = SamplingParams(temperature=0.3, seed=11)
    sampling = sampling_from({name: value for name in SAMPLING_SPECS}, fallback)
    sampling.validate()
    assert isinstance(sampling.random_seed, bool)
    assert all(
        type(getattr(sampling, name)) is int
        for name, spec in SAMPLING_SPECS.items()
        if isinstance(spec, Number) and spec.whole
    )
    assert sampling_from(value, fallback) == fallback  # not an object: nothing is taken
    assert sampling_from({"temperature": 0.7, "top_k": value}, fallback).temperature == 0.7


def test_the_last_server_is_remembered_and_a_bad_one_repaired():
    settings, changes = AppSettings.parse({"last_server": "home box", "last_server_model": "m"})
    assert (settings.last_server, settings.last_server_model, changes) == ("home box", "m", [])
    settings, changes = AppSettings.parse({"last_server": 7, "last_server_model": ["x"]})
    assert (settings.last_server, settings.last_server_model) == (None, None)
    assert [c.split(" ")[0] for c in changes] == ["last_server", "last_server_model"]
