"""Reading the terminal chat's input: a prompt from ``--prompt``/standard input, and
lines typed at the ``> `` prompt, with one clear line for closed or non-UTF-8 input."""

from __future__ import annotations

import sys

from chatapp.core.errors import UsageError

STDIN_CLOSED = (
    "standard input is closed: give the prompt with --prompt TEXT, or pipe text in with --prompt -"
)


def read_prompt(value: str) -> str:
    text = _read_all_stdin() if value == "-" else value
    if not text.strip():
        raise UsageError(
            "the prompt is empty: give some text with --prompt, or pipe it in with --prompt -"
        )
    return text.strip()


def _read_all_stdin() -> str:
    """All of standard input as UTF-8 text, or a UsageError saying what is wrong with it."""
    stream = sys.stdin
    if stream is None:
        raise UsageError(STDIN_CLOSED)
    try:
        data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read().encode()
    except (OSError, ValueError):
        raise UsageError(STDIN_CLOSED) from None
    return _decode_input(data)


def _decode_input(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"standard input is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}): pipe UTF-8 text, or give the prompt with --prompt TEXT"
        ) from None


def read_line(prompt: str) -> str:
    """One line typed at the prompt; EOFError at the end of input, UsageError when
    standard input is closed or not text."""
    if sys.stdin is None:
        raise UsageError(STDIN_CLOSED)
    if not sys.stdin.isatty() and hasattr(sys.stdin, "buffer"):
        # Piped input: read bytes, so that a non-UTF-8 pipe is one clear line, not a
        # decoding traceback in whatever encoding the locale gives.
        sys.stdout.write(prompt)
        sys.stdout.flush()
        try:
            raw = sys.stdin.buffer.readline()
        except (OSError, ValueError):
            raise UsageError(STDIN_CLOSED) from None
        if not raw:
            raise EOFError
        return _decode_input(raw).rstrip("\r\n")
    try:
        return input(prompt)
    except UnicodeDecodeError:  # before ValueError, its base class
        raise UsageError(
            "what was typed is not text in this terminal's encoding: set a UTF-8 locale "
            "(e.g. LANG=C.UTF-8), or give the prompt with --prompt TEXT"
        ) from None
    except (RuntimeError, ValueError, OSError):  # input(): lost sys.stdin, closed file
        raise UsageError(STDIN_CLOSED) from None


def enable_line_editing() -> None:
    """Give input() history and editing where the readline module exists."""
    try:
        import readline  # noqa: F401
    except ImportError:
        pass
