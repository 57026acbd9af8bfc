"""Saved servers: servers.json (atomic, set aside when unreadable) and their API keys in
the keyring, never in the file."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from chatapp.core.errors import UsageError
from chatapp.core.servers import SERVERS_FILE, SavedServer, ServerRegistry
from tests.helpers.keyrings import MemoryKeyring


def test_round_trip_with_the_key_in_the_keyring(tmp_path: Path, memory_keyring: MemoryKeyring):
    registry = ServerRegistry(tmp_path)
    where = registry.put(SavedServer(" box ", "192.168.1.5:8080", "qwen"), "sk-secret")
    assert where == "the system keyring"
    assert registry.load().servers == [SavedServer("box", "http://192.168.1.5:8080/v1", "qwen")]
    assert "sk-secret" not in (tmp_path / SERVERS_FILE).read_text()
    assert list(memory_keyring.passwords.values()) == ["sk-secret"]
    config = registry.config_for(registry.load().servers[0])
    assert config.api_key == "sk-secret" and config.model == "qwen"


def test_without_a_keyring_the_key_is_a_private_file(tmp_path: Path):
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        registry = ServerRegistry(tmp_path)
        where = registry.put(SavedServer("box", "http://h:1"), "sk-secret")
        key_file = Path(where)
        assert key_file.parent.parent == tmp_path
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
        assert registry.api_key("box") == "sk-secret"
        assert "sk-secret" not in (tmp_path / SERVERS_FILE).read_text()
        assert registry.remove("box") and not key_file.exists()
    finally:
        keyring.set_keyring(before)


def test_rename_keeps_the_key_and_remove_forgets_it(tmp_path: Path, memory_keyring: MemoryKeyring):
    registry = ServerRegistry(tmp_path)
    registry.put(SavedServer("old", "http://h:1"), "k1")
    registry.put(SavedServer("new", "http://h:2"), old_name="old")
    assert [s.name for s in registry.load().servers] == ["new"]
    assert registry.api_key("new") == "k1" and registry.api_key("old") is None
    assert registry.remove("new")
    assert memory_keyring.passwords == {}
    assert not registry.remove("new")


def test_an_unreadable_file_is_set_aside_with_a_notice(tmp_path: Path):
    (tmp_path / SERVERS_FILE).write_text("{not json", encoding="utf-8")
    loaded = ServerRegistry(tmp_path).load()
    assert loaded.servers == [] and loaded.notice and "servers.json.bad" in loaded.notice
    assert (tmp_path / "servers.json.bad").read_text() == "{not json"


def test_bad_entries_are_left_out_and_the_rest_kept(tmp_path: Path):
    entries = [
        {"name": "ok", "base_url": "http://h:1/v1"},
        {"name": 42, "base_url": "http://h"},
        {"name": "bad url", "base_url": "ftp://h"},
        "not an object",
        {"name": "ok", "base_url": "http://dup"},
    ]
    (tmp_path / SERVERS_FILE).write_text(json.dumps({"servers": entries}), encoding="utf-8")
    loaded = ServerRegistry(tmp_path).load()
    assert [s.name for s in loaded.servers] == ["ok"]
    assert loaded.notice and "4 unreadable entries" in loaded.notice


@pytest.mark.parametrize(("name", "url"), [("", "http://h"), ("x", "ftp://h"), ("x", "http://")])
def test_a_bad_server_is_a_usage_error(tmp_path: Path, name: str, url: str):
    with pytest.raises(UsageError):
        ServerRegistry(tmp_path).put(SavedServer(name, url))


def test_the_reply_timeout_is_saved_and_reaches_the_backend_config(tmp_path: Path):
    registry = ServerRegistry(tmp_path)
    registry.put(SavedServer("slow box", "http://h:1", "big", first_byte_timeout=180))
    [server] = registry.load().servers
    assert server.first_byte_timeout == 180.0
    assert registry.config_for(server).first_byte_timeout == 180.0
    with pytest.raises(UsageError, match="timeout"):
        registry.put(SavedServer("x", "http://h:1", first_byte_timeout=0))


def test_a_saved_server_without_a_timeout_gets_the_default(tmp_path: Path):
    entry = {"name": "old", "base_url": "http://h:1/v1"}
    (tmp_path / SERVERS_FILE).write_text(json.dumps({"servers": [entry]}), encoding="utf-8")
    [server] = ServerRegistry(tmp_path).load().servers
    assert server.first_byte_timeout == 60.0
