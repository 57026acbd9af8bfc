"""A keyring for tests: this machine has no OS keyring."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.compat import properties


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps passwords in a dict (this machine has no OS keyring).

    Tests set it explicitly with ``keyring.set_keyring``. It is never a candidate when
    keyring picks its default (that would keep keys in this process's memory, where a
    window started as a subprocess cannot read them): asking its priority raises, which
    keyring takes as "not viable".
    """

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("MemoryKeyring is only used when a test sets it")

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username))
