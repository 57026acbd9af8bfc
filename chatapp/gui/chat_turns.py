"""What the model sees of a chat: the system prompt, the messages after the context
start (failed replies never), and counting turns across failed replies."""

from __future__ import annotations

from dataclasses import asdict

from chatapp.core.conversation import (
    Conversation,
    MessageState,
    OverflowPolicy,
    StoredMessage,
    model_messages,
)
from chatapp.core.settings import SamplingParams
from chatapp.core.templates import Message, Role


def settings_snapshot(sampling: SamplingParams) -> dict[str, object]:
    """What a conversation keeps of the settings it was written with."""
    return {"sampling": asdict(sampling)}


def system_messages(system_prompt: str) -> list[Message]:
    prompt = system_prompt.strip()
    return [Message(Role.SYSTEM, prompt)] if prompt else []


def context_messages(conversation: Conversation, system_prompt: str) -> list[Message]:
    """What the model sees of ``conversation`` (messages before its context start are
    out; a rolling window drops the system prompt with them; failed replies never go)."""
    start = min(conversation.context_start, len(conversation.messages))
    rolled = conversation.overflow_policy is OverflowPolicy.ROLLING_WINDOW and start > 0
    system = [] if rolled else system_messages(system_prompt)
    return system + model_messages(conversation.messages[start:])


def turns_before(messages: list[StoredMessage], position: int) -> int:
    """How many of the messages before ``position`` the model sees (failed replies not)."""
    return sum(1 for m in messages[:position] if not m.is_error)


def position_of_turn(messages: list[StoredMessage], turns: int) -> int:
    """Where the message comes that has ``turns`` messages the model sees before it."""
    if turns <= 0:
        return 0
    seen = 0
    for position, message in enumerate(messages):
        if seen == turns and not message.is_error:
            return position
        seen += 0 if message.is_error else 1
    return len(messages)


def stopped_short(message: StoredMessage) -> bool:
    """Whether a reply stopped before its end (Stop, the length limit), so that it can
    be continued."""
    finish = (message.stats or {}).get("finish_reason")
    stopped = message.state == MessageState.INTERRUPTED or finish in ("cancelled", "length")
    return message.role == Role.ASSISTANT and not message.is_error and stopped
