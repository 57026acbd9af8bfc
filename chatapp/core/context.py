"""Fitting a conversation into the model's context window, by its overflow policy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from chatapp.core.conversation import OverflowPolicy
from chatapp.core.errors import ChatAppError
from chatapp.core.messages import QT_TRANSLATE_NOOP
from chatapp.core.messages import Message as CoreMessage
from chatapp.core.templates import Message, Role


@dataclass(frozen=True)
class FittedMessages:
    """The messages that fit, how many tokens they take, and ``dropped``: how many turns
    (system prompt aside) from the start of the conversation are left out."""

    messages: list[Message]
    tokens: int
    dropped: int


class ContextOverflowError(ChatAppError):
    """The conversation does not fit and its policy says to stop and ask."""

    def __init__(self, tokens: int, budget: int) -> None:
        super().__init__(
            CoreMessage(
                QT_TRANSLATE_NOOP(
                    "core",
                    "This chat no longer fits in the model's context ({tokens} tokens, room for "
                    "{budget}): let ChatApp drop the oldest turns, or start a new chat.",
                ),
                tokens=tokens,
                budget=budget,
            )
        )
        self.tokens = tokens
        self.budget = budget


def fit_messages(
    messages: list[Message],
    count_tokens: Callable[[list[Message]], int],
    budget: int,
    *,
    policy: OverflowPolicy = OverflowPolicy.KEEP_SYSTEM,
    start: int = 0,
    slack: int = 0,
) -> FittedMessages:
    """Leave out the oldest turns until the prompt takes at most ``budget`` tokens.

    ``start`` is where the last reply's context began: it never moves back, so the
    prompt's beginning (and llama.cpp's cached prefix) stays the same from one reply to
    the next. When turns must go, they go until the prompt is ``slack`` tokens under
    the budget, so that the next few replies reuse the cache too. The last message
    always stays; what is left is returned even when it still does not fit, so that the
    caller can say so. ``STOP_AND_ASK`` raises ContextOverflowError instead of dropping.
    """
    system = [m for m in messages if m.role == Role.SYSTEM][:1]
    turns = [m for m in messages if m.role != Role.SYSTEM]
    dropped = min(max(start, 0), max(len(turns) - 1, 0))
    # Start the kept part at a user message so that roles keep alternating.
    while dropped > 0 and dropped < len(turns) - 1 and turns[dropped].role != Role.USER:
        dropped += 1

    def kept(n: int) -> list[Message]:
        if policy is OverflowPolicy.ROLLING_WINDOW and n > 0:
            return turns[n:]  # the system prompt is older than every turn
        return system + turns[n:]

    tokens = count_tokens(kept(dropped))
    if tokens <= budget:
        return FittedMessages(kept(dropped), tokens, dropped)
    if policy is OverflowPolicy.STOP_AND_ASK:
        raise ContextOverflowError(tokens, budget)
    target = max(budget - slack, 0)
    while len(turns) - dropped > 1 and tokens > target:
        # Drop a whole user/assistant exchange so roles keep alternating.
        left = len(turns) - dropped
        dropped += 2 if left > 2 and turns[dropped + 1].role == Role.ASSISTANT else 1
        tokens = count_tokens(kept(dropped))
    return FittedMessages(kept(dropped), tokens, dropped)
