"""The remote servers a user has saved: ``<config>/servers.json`` (name, base URL, model)
and each server's optional API key kept apart in the keyring (``secret_store``).

The file is written atomically; an unreadable one is set aside as ``servers.json.bad``
and an empty list used, with a notice, as settings.json is.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chatapp.core.errors import UsageError
from chatapp.core.messages import QT_TRANSLATE_NOOP, Message, message_of
from chatapp.core.remote_errors import RemoteError
from chatapp.core.secret_store import keyring_usable, load_secret, save_secret, where_kept
from chatapp.core.server_config import DEFAULT_FIRST_BYTE_TIMEOUT, ServerConfig, normalise_base_url

log = logging.getLogger(__name__)

SERVERS_FILE = "servers.json"
KEYS_FOLDER = "server_keys"
SCHEMA_VERSION = 1
MIN_TIMEOUT = 1.0
MAX_TIMEOUT = 600.0


@dataclass(frozen=True)
class SavedServer:
    """A server as saved: no key here (see ``ServerRegistry.api_key``)."""

    name: str
    base_url: str
    model: str = ""
    # Seconds to wait for a reply to start (a big model on a busy server can be slow).
    first_byte_timeout: float = DEFAULT_FIRST_BYTE_TIMEOUT


@dataclass(frozen=True)
class LoadedServers:
    servers: list[SavedServer]
    notice: str | None = None


class ServerRegistry:
    """Reads and writes the saved servers and their keys below ``config_dir``."""

    def __init__(self, config_dir: Path) -> None:
        self.config_dir = config_dir
        self.file = config_dir / SERVERS_FILE

    def load(self) -> LoadedServers:
        """The saved servers; an unreadable file is set aside and reported in ``notice``."""
        try:
            text = self.file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return LoadedServers([])
        except OSError as exc:
            return LoadedServers(
                [],
                Message(
                    QT_TRANSLATE_NOOP("core", "cannot read {file}: {reason}"),
                    file=self.file,
                    reason=exc.strerror or str(exc),
                ),
            )
        try:
            data = json.loads(text)
            entries = data["servers"] if isinstance(data, dict) else None
            if not isinstance(entries, list):
                raise ValueError("no server list")
        except (ValueError, KeyError):
            bad = self.file.with_name(self.file.name + ".bad")
            os.replace(self.file, bad)
            return LoadedServers(
                [],
                Message(
                    QT_TRANSLATE_NOOP("core", "{file} could not be read; it was kept as {bad}"),
                    file=self.file,
                    bad=bad,
                ),
            )
        servers: list[SavedServer] = []
        dropped = 0
        for entry in entries:
            server = _server_from(entry)
            if server is None or any(s.name == server.name for s in servers):
                dropped += 1
            else:
                servers.append(server)
        notice = (
            Message(
                QT_TRANSLATE_NOOP("core", "{dropped} unreadable entries in {file} were left out"),
                dropped=dropped,
                file=self.file,
            )
            if dropped
            else None
        )
        return LoadedServers(servers, notice)

    def save(self, servers: list[SavedServer]) -> None:
        self.config_dir.mkdir(parents=True, exist_ok=True)
        data = {
            "schema_version": SCHEMA_VERSION,
            "servers": [
                {
                    "name": s.name,
                    "base_url": s.base_url,
                    "model": s.model,
                    "first_byte_timeout": s.first_byte_timeout,
                }
                for s in servers
            ],
        }
        descriptor, temporary = tempfile.mkstemp(dir=self.config_dir, prefix=".servers-")
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=2)
        os.replace(temporary, self.file)

    def find(self, name: str) -> SavedServer | None:
        return next((s for s in self.load().servers if s.name == name), None)

    def put(self, server: SavedServer, api_key: str | None = None, *, old_name: str = "") -> str:
        """Add or replace a server (``old_name`` when it was renamed); store its key when
        one is given. Returns where the key is kept, in words."""
        checked = validated(server)
        servers = [s for s in self.load().servers if s.name not in (checked.name, old_name)]
        servers.append(checked)
        self.save(servers)
        if old_name and old_name != checked.name:
            old_key = self.api_key(old_name)
            self.set_api_key(old_name, None)
            if api_key is None:
                api_key = old_key
        if api_key is not None:
            return self.set_api_key(checked.name, api_key)
        return self.where_key_is_kept(checked.name)

    def remove(self, name: str) -> bool:
        servers = self.load().servers
        kept = [s for s in servers if s.name != name]
        if len(kept) == len(servers):
            return False
        self.save(kept)
        self.set_api_key(name, None)
        return True

    def api_key(self, name: str) -> str | None:
        return load_secret(_account(name), self._key_file(name))

    def set_api_key(self, name: str, key: str | None) -> str:
        return save_secret(_account(name), self._key_file(name), key)

    def where_key_is_kept(self, name: str) -> str:
        """In words: the system keyring, else a private file in the config folder (its
        name is a hash, which says nothing to a user)."""
        if keyring_usable():
            return where_kept(self._key_file(name))
        return Message(
            QT_TRANSLATE_NOOP("core", "a file only you can read in {folder}"),
            folder=str(self.config_dir / KEYS_FOLDER),
        )

    def config_for(self, server: SavedServer, model: str | None = None) -> ServerConfig:
        """What the remote backend needs, the key included."""
        return ServerConfig(
            name=server.name,
            base_url=server.base_url,
            model=model if model is not None else server.model,
            api_key=self.api_key(server.name),
            first_byte_timeout=server.first_byte_timeout,
        )

    def _key_file(self, name: str) -> Path:
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        return self.config_dir / KEYS_FOLDER / digest


def validated(server: SavedServer) -> SavedServer:
    """The server with its name trimmed and its URL normalised; UsageError says what is
    wrong with it."""
    name = server.name.strip()
    if not name:
        raise UsageError(
            Message(
                QT_TRANSLATE_NOOP(
                    "core", "a server needs a name (any words you will recognise it by)"
                )
            )
        )
    try:
        base_url = normalise_base_url(server.base_url)
    except RemoteError as exc:
        raise UsageError(message_of(exc)) from None
    timeout = server.first_byte_timeout
    if not MIN_TIMEOUT <= timeout <= MAX_TIMEOUT:
        raise UsageError(
            Message(
                QT_TRANSLATE_NOOP(
                    "core", "a reply timeout of {timeout} s is outside {low} to {high} s"
                ),
                timeout=f"{timeout:g}",
                low=f"{MIN_TIMEOUT:g}",
                high=f"{MAX_TIMEOUT:g}",
            )
        )
    return SavedServer(name, base_url, server.model.strip(), float(timeout))


def _account(name: str) -> str:
    return f"server-api-key:{name}"


def _server_from(entry: Any) -> SavedServer | None:
    if not isinstance(entry, dict):
        return None
    name, url, model = entry.get("name"), entry.get("base_url"), entry.get("model", "")
    timeout = entry.get("first_byte_timeout", DEFAULT_FIRST_BYTE_TIMEOUT)
    if not isinstance(name, str) or not isinstance(url, str) or not isinstance(model, str):
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        return None
    try:
        return validated(SavedServer(name, url, model, float(timeout)))
    except UsageError:
        return None
