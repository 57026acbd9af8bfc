"""The local server's settings in settings.json: defaults, repair of unusable values,
and its API key kept out of the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chatapp.core.local_server_key import load_api_key, save_api_key
from chatapp.core.settings import AppSettings, LocalServerParams, load_settings, save_settings
from tests.helpers.keyrings import MemoryKeyring


def test_the_default_listens_on_this_machine_only_with_no_origins():
    params = AppSettings().local_server
    assert params == LocalServerParams("127.0.0.1", 8765, ())


def test_settings_round_trip(tmp_path: Path):
    file = tmp_path / "settings.json"
    settings = AppSettings(local_server=LocalServerParams("::1", 9000, ("http://a.test",)))
    save_settings(settings, file)
    assert load_settings(file).settings.local_server == settings.local_server


def test_unusable_values_are_repaired_one_by_one(tmp_path: Path):
    file = tmp_path / "settings.json"
    file.write_text(
        json.dumps({"local_server": {"host": "  ", "port": 70000, "allowed_origins": "x"}}),
        encoding="utf-8",
    )
    loaded = load_settings(file)
    assert loaded.settings.local_server == LocalServerParams("127.0.0.1", 65535, ())
    assert loaded.notice is not None
    for field in ("local_server.host", "local_server.port", "local_server.allowed_origins"):
        assert field in loaded.notice


def test_validate_gives_one_line():
    with pytest.raises(ValueError, match="^local server port must be between 0 and 65535$"):
        LocalServerParams(port=-1).validate()
    with pytest.raises(ValueError, match="^local server address is empty$"):
        LocalServerParams(host="").validate()


def test_the_key_goes_to_the_keyring_and_can_be_forgotten(
    tmp_path: Path, memory_keyring: MemoryKeyring
):
    save_api_key(tmp_path, "secret-1")
    assert load_api_key(tmp_path) == "secret-1"
    assert list(memory_keyring.passwords.values()) == ["secret-1"]
    save_api_key(tmp_path, "")
    assert load_api_key(tmp_path) is None
