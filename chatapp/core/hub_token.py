"""The optional hub access token for gated repositories (see ``secret_store``)."""

from __future__ import annotations

from pathlib import Path

from chatapp.core.secret_store import load_secret, save_secret, where_kept

ACCOUNT = "huggingface-hub-token"
TOKEN_FILE = "hub_token"


def where_token_is_kept(config_dir: Path) -> str:
    """In words, for the settings dialog."""
    return where_kept(config_dir / TOKEN_FILE)


def load_token(config_dir: Path) -> str | None:
    """The saved token, or None."""
    return load_secret(ACCOUNT, config_dir / TOKEN_FILE)


def save_token(config_dir: Path, token: str | None) -> str:
    """Store (or with None/empty, forget) the token; returns where it went, in words."""
    return save_secret(ACCOUNT, config_dir / TOKEN_FILE, token)
