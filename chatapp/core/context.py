"""Fitting a conversation into the model's context window."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from chatapp.core.templates import Message


@dataclass(frozen=True)
class FittedMessages:
    """The messages that fit, how many tokens they take and how many were left out."""

    messages: list[Message]
    tokens: int
    dropped: int


def fit_messages(
    messages: list[Message], count_tokens: Callable[[list[Message]], int], budget: int
) -> FittedMessages:
    """Drop the oldest turns (never the system prompt or the last message) until the
    prompt takes at most ``budget`` tokens; return what is left even if it still does not
    fit, so the caller can say so."""
    system = [m for m in messages if m.role == "system"][:1]
    turns = [m for m in messages if m.role != "system"]
    dropped = 0
    while True:
        kept = system + turns
        tokens = count_tokens(kept)
        if tokens <= budget or len(turns) <= 1:
            return FittedMessages(kept, tokens, dropped)
        # Drop a whole user/assistant exchange so roles keep alternating.
        cut = 2 if len(turns) > 2 and turns[1].role == "assistant" else 1
        turns = turns[cut:]
        dropped += cut
