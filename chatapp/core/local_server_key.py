"""The local API server's optional API key (see ``secret_store``): in the keyring, or a
file only the user can read; never in settings.json."""

from __future__ import annotations

from pathlib import Path

from chatapp.core.secret_store import load_secret, save_secret, where_kept

ACCOUNT = "local-api-server-key"
KEY_FILE = "local_server_key"


def where_key_is_kept(config_dir: Path) -> str:
    """In words, for the settings dialog."""
    return where_kept(config_dir / KEY_FILE)


def load_api_key(config_dir: Path) -> str | None:
    """The saved key, or None."""
    return load_secret(ACCOUNT, config_dir / KEY_FILE)


def save_api_key(config_dir: Path, key: str | None) -> str:
    """Store (or with None/empty, forget) the key; returns where it went, in words."""
    return save_secret(ACCOUNT, config_dir / KEY_FILE, key)
