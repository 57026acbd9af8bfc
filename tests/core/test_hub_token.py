"""The hub token: in the OS keyring when there is one, else in a private file."""

from __future__ import annotations

import stat
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from chatapp.core.hub_token import TOKEN_FILE, load_token, save_token, where_token_is_kept
from tests.helpers.keyrings import MemoryKeyring


@pytest.fixture
def restore_keyring():
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


def test_without_a_keyring_the_token_goes_to_a_private_file(tmp_path: Path, restore_keyring):
    keyring.set_keyring(fail.Keyring())
    assert where_token_is_kept(tmp_path) == str(tmp_path / TOKEN_FILE)
    save_token(tmp_path, "hf_secret")
    assert stat.S_IMODE((tmp_path / TOKEN_FILE).stat().st_mode) == 0o600
    assert load_token(tmp_path) == "hf_secret"
    save_token(tmp_path, "")
    assert load_token(tmp_path) is None and not (tmp_path / TOKEN_FILE).exists()


def test_with_a_keyring_the_token_stays_out_of_files(tmp_path: Path, restore_keyring):
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    assert save_token(tmp_path, "hf_secret") == "the system keyring"
    assert not (tmp_path / TOKEN_FILE).exists()
    assert list(backend.passwords.values()) == ["hf_secret"]
    assert load_token(tmp_path) == "hf_secret"
    save_token(tmp_path, None)
    assert backend.passwords == {} and load_token(tmp_path) is None
