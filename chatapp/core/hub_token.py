"""The optional hub access token for gated repositories.

It is kept in the OS keyring (Keychain, Credential Manager, Secret Service) when one
is available, otherwise in a file only the user can read in the config folder.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

SERVICE = "ChatApp"
ACCOUNT = "huggingface-hub-token"
TOKEN_FILE = "hub_token"


def _keyring_usable() -> bool:
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return False
    return not isinstance(keyring.get_keyring(), fail.Keyring)


def where_token_is_kept(config_dir: Path) -> str:
    """In words, for the settings dialog."""
    return "the system keyring" if _keyring_usable() else str(config_dir / TOKEN_FILE)


def load_token(config_dir: Path) -> str | None:
    """The saved token, or None."""
    if _keyring_usable():
        import keyring

        try:
            return keyring.get_password(SERVICE, ACCOUNT) or None
        except Exception as exc:  # a locked or broken keyring must not stop the app
            log.warning("cannot read the hub token from the keyring: %s", exc)
    try:
        return (config_dir / TOKEN_FILE).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def save_token(config_dir: Path, token: str | None) -> str:
    """Store (or with None/empty, forget) the token; returns where it went, in words."""
    token = (token or "").strip() or None
    if _keyring_usable():
        import keyring
        from keyring.errors import PasswordDeleteError

        try:
            if token:
                keyring.set_password(SERVICE, ACCOUNT, token)
            else:
                try:
                    keyring.delete_password(SERVICE, ACCOUNT)
                except PasswordDeleteError:
                    pass
            (config_dir / TOKEN_FILE).unlink(missing_ok=True)
            return "the system keyring"
        except Exception as exc:
            log.warning("cannot use the keyring for the hub token: %s", exc)
    path = config_dir / TOKEN_FILE
    if not token:
        path.unlink(missing_ok=True)
        return str(path)
    config_dir.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(token)
    return str(path)
