"""Secrets (the hub token, servers' API keys): in the OS keyring when one is available
(Keychain, Credential Manager, Secret Service), otherwise in a file only the user can
read in the config folder. Never in settings.json, never in an export."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from chatapp.core.messages import QT_TRANSLATE_NOOP, Message

log = logging.getLogger(__name__)

SERVICE = "ChatApp"
KEYRING_WORDS = QT_TRANSLATE_NOOP("core", "the system keyring")


def keyring_usable() -> bool:
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return False
    return not isinstance(keyring.get_keyring(), fail.Keyring)


def where_kept(file: Path) -> str:
    """Where a secret is kept, in words: the keyring, or the file's path."""
    return Message(KEYRING_WORDS) if keyring_usable() else str(file)


def load_secret(account: str, file: Path) -> str | None:
    """The secret saved for ``account`` (keyring) or in ``file``; None when there is none."""
    if keyring_usable():
        import keyring

        try:
            value = keyring.get_password(SERVICE, account)
            if value:
                return value
        except Exception as exc:  # a locked or broken keyring must not stop the app
            log.warning("cannot read %s from the keyring: %s", account, exc)
    try:
        return file.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def save_secret(account: str, file: Path, secret: str | None) -> str:
    """Store (or, with None or empty, forget) a secret; returns where it went, in words."""
    secret = (secret or "").strip() or None
    if keyring_usable():
        import keyring
        from keyring.errors import PasswordDeleteError

        try:
            if secret:
                keyring.set_password(SERVICE, account, secret)
            else:
                try:
                    keyring.delete_password(SERVICE, account)
                except PasswordDeleteError:
                    pass
            file.unlink(missing_ok=True)
            return Message(KEYRING_WORDS)
        except Exception as exc:
            log.warning("cannot use the keyring for %s: %s", account, exc)
    if not secret:
        file.unlink(missing_ok=True)
        return str(file)
    file.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(secret)
    return str(file)
