"""A base for enums whose members are their text values.

A member compares equal to its plain string, is written as that string by ``json``,
``sqlite3`` and f-strings, and so can replace a string constant without changing a
file format. (``enum.StrEnum`` does the same from Python 3.11; ChatApp still runs on
3.10.)
"""

from __future__ import annotations

from enum import Enum


class TextEnum(str, Enum):
    """A ``str`` enum that prints as its value ("user", not "Role.USER")."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, format_spec: str) -> str:
        return format(str(self.value), format_spec)
