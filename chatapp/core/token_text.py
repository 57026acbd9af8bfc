"""Turning generated tokens into the text a reply shows: token pieces, stop strings."""

from __future__ import annotations

import ctypes


def token_piece(
    llama_cpp: object, vocab: object, token: int, buffer: ctypes.Array[ctypes.c_char]
) -> bytes:
    """The bytes of ``token`` (a piece may end inside a UTF-8 character)."""
    n = llama_cpp.llama_token_to_piece(vocab, token, buffer, len(buffer), 0, False)  # type: ignore[attr-defined]
    if n < 0:  # the piece is longer than the buffer: -n is the size it needs
        buffer = ctypes.create_string_buffer(-n)
        n = llama_cpp.llama_token_to_piece(vocab, token, buffer, -n, 0, False)  # type: ignore[attr-defined]
    return buffer.raw[:n]


class StopTextFilter:
    """Holds back text that might be the start of a stop string; cuts at a full one."""

    def __init__(self, stops: tuple[str, ...], *, strip_leading: bool = True) -> None:
        self.stops = tuple(s for s in stops if s)
        self.pending = ""
        self.started = not strip_leading

    def feed(self, piece: str) -> tuple[str, bool]:
        self.pending += piece
        if not self.started:
            self.pending = self.pending.lstrip()
            self.started = bool(self.pending)
        for stop in self.stops:
            index = self.pending.find(stop)
            if index >= 0:
                visible, self.pending = self.pending[:index], ""
                return visible, True
        hold = 0
        for stop in self.stops:
            for size in range(min(len(stop) - 1, len(self.pending)), 0, -1):
                if self.pending.endswith(stop[:size]):
                    hold = max(hold, size)
                    break
        cut = len(self.pending) - hold
        visible, self.pending = self.pending[:cut], self.pending[cut:]
        return visible, False

    def flush(self, rest: str) -> str:
        out, self.pending = self.pending + rest, ""
        return out
