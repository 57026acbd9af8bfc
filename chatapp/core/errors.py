"""The shared vocabulary for failures: exit codes and the base of user-facing errors.

It sits at the bottom of the core so that every front end (the terminal commands, the
window, the bench, the smoke test, the API server) imports it downward. The front ends
map these errors to one line for the user; nothing here knows how it is shown.
"""

from __future__ import annotations

from enum import IntEnum

from chatapp.core.messages import message_of


class ExitCode(IntEnum):
    """Exit statuses of the ``chatapp`` command."""

    OK = 0
    FAILURE = 1  # the command was right, what it asked for failed (network, disk, model)
    USAGE = 2  # the command or its input is wrong: fix it and run again
    INTERRUPTED = 130  # Ctrl+C (128 + SIGINT), as shells report it


class ChatAppError(Exception):
    """A failure the user can act on, worded as one line saying what is wrong and what
    to do; ``exit_code`` is what a terminal command exits with when it ends on it.

    Raised from the core, the line is a ``chatapp.core.messages.Message`` so that the
    window can show it translated (``chatapp.gui.i18n.error_text``); ``str()`` is English."""

    exit_code: ExitCode = ExitCode.FAILURE

    def __init__(self, message: str, exit_code: ExitCode | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def message(self) -> str:
        """The line: its ``Message`` (translatable) when it has one."""
        return message_of(self)


class UsageError(ChatAppError):
    """The command line or an input file is wrong (exit 2)."""

    exit_code = ExitCode.USAGE
