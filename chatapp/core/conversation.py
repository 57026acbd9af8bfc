"""Conversations as plain data, and their Markdown / JSON export and JSON import.

The JSON form is lossless: importing an exported conversation gives back the same
title, settings, system prompt, messages, timestamps and statistics.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any

from chatapp.core.errors import ChatAppError
from chatapp.core.messages import QT_TRANSLATE_NOOP, message_of
from chatapp.core.messages import Message as CoreMessage
from chatapp.core.templates import Message, Role
from chatapp.core.text_enum import TextEnum

EXPORT_FORMAT = "chatapp-conversation"
# 2: messages may be failed replies (state "error", with "error");
# 3: conversations are trees: "parent_id" and "shown" per message, and the messages of
#    the branches not shown in "other_branches" ("messages" is the branch shown).
EXPORT_VERSION = 3
TITLE_LIMIT = 48


class OverflowPolicy(str, Enum):
    """What happens when a conversation no longer fits in the model's context."""

    KEEP_SYSTEM = "keep_system"  # drop the oldest turns, keep the system prompt (default)
    ROLLING_WINDOW = "rolling_window"  # the newest turns that fit, system prompt included
    STOP_AND_ASK = "stop_and_ask"  # send nothing until the user decides

    @property
    def label(self) -> str:
        return _POLICY_LABELS[self]


_POLICY_LABELS = {
    OverflowPolicy.KEEP_SYSTEM: "Drop the oldest turns, keep the system prompt",
    OverflowPolicy.ROLLING_WINDOW: "Rolling window (the system prompt can fall out too)",
    OverflowPolicy.STOP_AND_ASK: "Stop and ask me",
}


class MessageState(TextEnum):
    """Where a saved message stands; the values are what the store and JSON hold."""

    COMPLETE = "complete"
    STREAMING = "streaming"  # a reply being written
    INTERRUPTED = "interrupted"  # stopped by the user, or cut off when the app ended
    ERROR = "error"  # the reply failed: ``error`` says why; never sent to the model


class ImportFormatError(ChatAppError, ValueError):
    """A file that is not a ChatApp conversation export; ``str()`` says what to do."""


def new_id() -> str:
    return uuid.uuid4().hex


def title_from(text: str, limit: int = TITLE_LIMIT) -> str:
    """A one-line title made from a message."""
    line = " ".join(text.split())
    if not line:
        return "New chat"
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


@dataclass
class StoredMessage:
    """One message of a conversation as it is saved. ``role`` and ``state`` take their
    enums or the plain strings (kept as the enums; ValueError for other strings)."""

    role: Role
    content: str
    id: str = field(default_factory=new_id)
    created: float = field(default_factory=time.time)
    stats: dict[str, Any] | None = None
    model: str | None = None
    state: MessageState = MessageState.COMPLETE
    error: str | None = None  # why the reply failed (state ERROR); any text is partial
    parent_id: str | None = None  # the message this one follows; None for a first one
    shown: bool = True  # the sibling followed when this part of the tree is shown

    def __post_init__(self) -> None:
        self.role = Role(self.role)
        self.state = MessageState(self.state)

    @property
    def is_error(self) -> bool:
        """A failed reply: shown and kept, never sent to the model."""
        return self.state == MessageState.ERROR

    def as_message(self) -> Message:
        return Message(self.role, self.content)


def model_messages(messages: list[StoredMessage]) -> list[Message]:
    """What the model sees of ``messages``: every message but the failed replies."""
    return [m.as_message() for m in messages if not m.is_error]


@dataclass
class Conversation:
    """A conversation with its settings snapshot and its messages in order.

    ``messages`` is the branch shown; ``other_branches`` holds the messages of the other
    branches (edited messages, regenerated replies): see :mod:`chatapp.core.message_tree`.
    ``context_start`` counts the turns (system prompt aside) that have fallen out of
    what the model sees; the view marks where.
    """

    id: str = field(default_factory=new_id)
    title: str = "New chat"
    created: float = field(default_factory=time.time)
    updated: float = field(default_factory=time.time)
    model: str | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    system_prompt: str = ""
    overflow_policy: OverflowPolicy = OverflowPolicy.KEEP_SYSTEM
    context_start: int = 0
    messages: list[StoredMessage] = field(default_factory=list)
    other_branches: list[StoredMessage] = field(default_factory=list)

    def __post_init__(self) -> None:
        link_path(self)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["overflow_policy"] = self.overflow_policy.value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Conversation:
        """Build a conversation from ``to_dict`` output; raises ImportFormatError."""
        try:
            messages = [StoredMessage(**m) for m in data.get("messages", [])]
            others = [StoredMessage(**m) for m in data.get("other_branches", [])]
            conversation = cls(
                id=str(data["id"]),
                title=str(data["title"]),
                created=float(data["created"]),
                updated=float(data["updated"]),
                model=data.get("model"),
                settings=dict(data.get("settings") or {}),
                system_prompt=str(data.get("system_prompt", "")),
                overflow_policy=OverflowPolicy(
                    data.get("overflow_policy", OverflowPolicy.KEEP_SYSTEM.value)
                ),
                context_start=int(data.get("context_start", 0)),
                messages=messages,
                other_branches=others,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ImportFormatError(
                CoreMessage(
                    QT_TRANSLATE_NOOP("core", "the conversation data is incomplete ({error})"),
                    error=message_of(exc),
                )
            ) from None
        try:
            check_tree(conversation)
        except TreeError as exc:
            raise ImportFormatError(
                CoreMessage(
                    QT_TRANSLATE_NOOP(
                        "core", "the conversation's branches do not fit together ({error})"
                    ),
                    error=message_of(exc),
                )
            ) from None
        return conversation


# The tree's ground rules (the operations on it are in chatapp.core.message_tree).


class TreeError(ValueError):
    """A tree that cannot be: a parent that is not there, a loop, an id used twice."""


def all_messages(conversation: Conversation) -> list[StoredMessage]:
    """Every message of every branch."""
    return conversation.messages + conversation.other_branches


def children(conversation: Conversation, parent_id: str | None) -> list[StoredMessage]:
    """The messages written after ``parent_id`` (None: the first messages), oldest first."""
    found = [m for m in all_messages(conversation) if m.parent_id == parent_id]
    return sorted(found, key=lambda m: m.created)


def link_path(conversation: Conversation) -> None:
    """Make each shown message the shown child of the one before it."""
    previous: str | None = None
    for message in conversation.messages:
        message.parent_id = previous
        message.shown = True
        previous = message.id


def mark_shown(conversation: Conversation, message: StoredMessage) -> list[StoredMessage]:
    """Make ``message`` the shown one among its siblings; return the siblings changed."""
    changed = []
    for sibling in children(conversation, message.parent_id):
        should = sibling is message
        if sibling.shown != should:
            sibling.shown = should
            changed.append(sibling)
    return changed


def validate_tree(messages: list[StoredMessage]) -> None:
    """TreeError unless every parent is there, without loops or ids used twice."""
    by_id = {m.id: m for m in messages}
    if len(by_id) != len(messages):
        raise TreeError(CoreMessage(QT_TRANSLATE_NOOP("core", "two messages have the same id")))
    for message in messages:
        seen = {message.id}
        parent = message.parent_id
        while parent is not None:
            if parent not in by_id:
                raise TreeError(
                    CoreMessage(
                        QT_TRANSLATE_NOOP(
                            "core", "message {id} answers a message that is not there"
                        ),
                        id=message.id,
                    )
                )
            if parent in seen:
                raise TreeError(
                    CoreMessage(
                        QT_TRANSLATE_NOOP("core", "message {id} is in a loop of answers"),
                        id=message.id,
                    )
                )
            seen.add(parent)
            parent = by_id[parent].parent_id


def check_tree(conversation: Conversation) -> None:
    """Link the shown branch (the other branches hang from it by their ``parent_id``)
    and check the tree (TreeError)."""
    link_path(conversation)
    validate_tree(all_messages(conversation))
    for message in conversation.messages:
        mark_shown(conversation, message)


def export_json(conversation: Conversation) -> str:
    """The lossless JSON form of a conversation (whose branch shown gets linked)."""
    link_path(conversation)
    payload = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, **conversation.to_dict()}
    return json.dumps(payload, ensure_ascii=False, indent=2)


def import_json(text: str) -> Conversation:
    """Read a conversation exported with ``export_json``; raises ImportFormatError."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(
            CoreMessage(
                QT_TRANSLATE_NOOP(
                    "core", "not JSON (line {line}): choose a file exported by ChatApp as JSON"
                ),
                line=exc.lineno,
            )
        ) from None
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ImportFormatError(
            CoreMessage(
                QT_TRANSLATE_NOOP(
                    "core",
                    "not a ChatApp conversation: choose a file made with Export chat as JSON",
                )
            )
        )
    if int(data.get("version", 0)) > EXPORT_VERSION:
        raise ImportFormatError(
            CoreMessage(
                QT_TRANSLATE_NOOP(
                    "core",
                    "this conversation was exported by a newer ChatApp: update ChatApp to import it",
                )
            )
        )
    return Conversation.from_dict(data)


def read_import_file(path: Path) -> Conversation:
    """``import_json`` on a file, with unreadable files reported the same way."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFormatError(
            CoreMessage(
                QT_TRANSLATE_NOOP("core", "cannot read {name}: {error}"),
                name=path.name,
                error=message_of(exc),
            )
        ) from None
    return import_json(text)


_ROLE_NAMES = {Role.USER: "You", Role.ASSISTANT: "Assistant", Role.SYSTEM: "System"}


def export_markdown(conversation: Conversation) -> str:
    """A readable Markdown transcript of the branch shown (not meant to be imported)."""
    when = datetime.fromtimestamp(conversation.created).strftime("%Y-%m-%d %H:%M")
    lines = [f"# {conversation.title}", "", f"*{when}*"]
    if conversation.model:
        lines[-1] += f" · *{conversation.model}*"
    lines.append("")
    if conversation.system_prompt.strip():
        lines += ["## System", "", conversation.system_prompt.strip(), ""]
    for message in conversation.messages:
        heading = _ROLE_NAMES.get(message.role, message.role)
        if message.state == MessageState.INTERRUPTED:
            heading += " (interrupted)"
        if message.is_error:
            heading += " (failed)"
        lines += [f"## {heading}", ""]
        if message.content.strip():
            lines += [message.content.rstrip(), ""]
        if message.is_error:
            lines += [f"> Error: {message.error or 'the reply failed'}", ""]
    return "\n".join(lines).rstrip() + "\n"
