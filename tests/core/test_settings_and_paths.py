"""Settings on disk and where ChatApp keeps its files."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from chatapp.core.paths import resolve_paths
from chatapp.core.settings import AppSettings, SamplingParams, load_settings, save_settings


def test_settings_round_trip(tmp_path: Path):
    path = tmp_path / "config" / "settings.json"
    settings = AppSettings()
    settings.sampling = replace(settings.sampling, temperature=0.3)
    settings.load = replace(settings.load, n_ctx=8192)
    settings.system_prompt = "Réponds en français."
    save_settings(settings, path)
    loaded = load_settings(path)
    assert loaded.notice is None
    assert loaded.settings == settings
    assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == 1
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temp file left


def test_missing_settings_give_defaults(tmp_path: Path):
    loaded = load_settings(tmp_path / "settings.json")
    assert loaded.settings == AppSettings() and loaded.notice is None


@pytest.mark.parametrize(
    "content",
    ["{not json", '["a list"]', "3", ""],
)
def test_unreadable_settings_are_kept_aside(tmp_path: Path, content: str):
    path = tmp_path / "settings.json"
    path.write_text(content, encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings == AppSettings()
    assert loaded.notice and "settings.json.bad" in loaded.notice
    assert (tmp_path / "settings.json.bad").read_text(encoding="utf-8") == content
    assert not path.exists()


def test_a_bad_value_is_repaired_and_the_rest_kept(tmp_path: Path):
    path = tmp_path / "settings.json"
    content = '{"sampling": {"temperature": -4, "top_k": 7}, "load": 3, "system_prompt": "hi"}'
    path.write_text(content, encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings.sampling.temperature == 0.0 and loaded.settings.sampling.top_k == 7
    assert loaded.settings.load == AppSettings().load
    assert loaded.settings.system_prompt == "hi"
    assert loaded.notice and "sampling.temperature" in loaded.notice and "load 3" in loaded.notice
    assert (tmp_path / "settings.json.bad").read_text(encoding="utf-8") == content


def test_unknown_keys_are_kept_when_the_settings_are_saved_again(tmp_path: Path):
    path = tmp_path / "settings.json"
    written = {
        "sampling": {"top_k": 7, "future": 1},
        "later": {"nested": [1, "two"]},
        "load": {"n_ctx": 4096, "kv_cache_type": "q8_0"},
    }
    path.write_text(json.dumps(written), encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.notice is None
    settings = loaded.settings
    assert settings.sampling.top_k == 7 and settings.load.n_ctx == 4096
    settings.sampling = replace(settings.sampling, temperature=0.3)  # a change, saved
    save_settings(settings, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["later"] == {"nested": [1, "two"]}
    assert data["sampling"]["future"] == 1 and data["sampling"]["temperature"] == 0.3
    assert data["load"]["kv_cache_type"] == "q8_0" and data["load"]["n_ctx"] == 4096
    again = load_settings(path).settings
    assert again == settings and json.loads(json.dumps(again.to_dict())) == data
    assert "later" not in AppSettings().to_dict()


def test_sampling_validation_messages():
    with pytest.raises(ValueError, match="temperature must be between 0 and 5"):
        SamplingParams(temperature=9).validate()
    with pytest.raises(ValueError, match="max tokens must be between 1 and 1048576"):
        SamplingParams(max_tokens=0).validate()


def test_data_dir_argument_relocates_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CHATAPP_DATA_DIR", str(tmp_path / "from-env"))
    paths = resolve_paths(tmp_path / "from-flag")
    for path in (paths.models_dir, paths.settings_file, paths.log_file, paths.conversations_db):
        assert path.is_relative_to(tmp_path / "from-flag")


def test_environment_variable_relocates_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CHATAPP_DATA_DIR", str(tmp_path / "from-env"))
    paths = resolve_paths()
    for path in (paths.models_dir, paths.settings_file, paths.log_file):
        assert path.is_relative_to(tmp_path / "from-env")


def test_default_is_the_platform_folders(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv("CHATAPP_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    paths = resolve_paths()
    assert paths.models_dir == tmp_path / "xdg-data" / "ChatApp" / "models"
    assert paths.settings_file == tmp_path / "xdg-config" / "ChatApp" / "settings.json"


def test_saving_the_same_settings_again_writes_nothing(tmp_path: Path):
    path = tmp_path / "settings.json"
    settings = AppSettings(system_prompt="be brief")
    save_settings(settings, path)
    written = path.stat()
    save_settings(load_settings(path).settings, path)
    assert path.stat().st_ino == written.st_ino  # not replaced by a new file
    save_settings(replace(settings, theme="dark"), path)
    assert path.stat().st_ino != written.st_ino
    assert load_settings(path).settings.theme == "dark"
    assert not list(tmp_path.glob("*.tmp"))
