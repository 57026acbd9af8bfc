"""A conversation as a tree of messages, of which one branch is shown.

``Conversation.messages`` is the branch shown (from the first message down), and
``Conversation.other_branches`` holds every other message. Each message knows its
parent (``parent_id``; None for a first message); among the children of one message,
the one with ``shown`` set is the one followed when that part of the tree is shown,
so that going back to a branch shows that branch's continuation. Siblings are ordered
by when they were written.

These functions change a conversation in memory and return what changed, so that the
caller can save exactly that. Messages on the shown branch always have their parents
linked to the message before them.
"""

from __future__ import annotations

from dataclasses import dataclass

from chatapp.core.conversation import (
    Conversation,
    StoredMessage,
    TreeError,
    all_messages,
    check_tree,
    children,
    link_path,
    mark_shown,
    validate_tree,
)

__all__ = [
    "Removed",
    "TreeError",
    "all_messages",
    "append",
    "build",
    "check_tree",
    "children",
    "delete_branch",
    "depth_of",
    "hide_from",
    "link_path",
    "mark_shown",
    "restore",
    "show_continuation",
    "show_message",
    "show_sibling",
    "siblings_at",
]


@dataclass(frozen=True)
class Removed:
    """Messages taken out of a conversation with ``delete_branch``; ``restore`` puts
    them back as they were."""

    conversation_id: str
    messages: tuple[StoredMessage, ...]  # the removed message first, then its descendants
    path_before: tuple[str, ...]  # the ids of the branch shown before


def siblings_at(conversation: Conversation, position: int) -> tuple[int, int]:
    """Which of its siblings the shown message at ``position`` is (from 1) and how many
    there are: the ``‹ 2/3 ›`` of the navigator."""
    message = conversation.messages[position]
    family = children(conversation, message.parent_id)
    return family.index(message) + 1, len(family)


def depth_of(conversation: Conversation, message: StoredMessage) -> int:
    """How many messages come before ``message`` in its branch."""
    by_id = {m.id: m for m in all_messages(conversation)}
    depth, parent = 0, message.parent_id
    while parent is not None:
        depth, parent = depth + 1, by_id[parent].parent_id
    return depth


def _continuation(conversation: Conversation, start: StoredMessage) -> list[StoredMessage]:
    """``start`` and the messages shown below it, following the shown child each time
    (the newest child when none is marked)."""
    path = [start]
    while True:
        family = children(conversation, path[-1].id)
        if not family:
            return path
        chosen = [m for m in family if m.shown]
        path.append(chosen[-1] if chosen else family[-1])


def _show_path(conversation: Conversation, path: list[StoredMessage]) -> None:
    everything = all_messages(conversation)
    on_path = {m.id for m in path}
    conversation.messages = list(path)
    conversation.other_branches = [m for m in everything if m.id not in on_path]


def build(conversation: Conversation, messages: list[StoredMessage]) -> Conversation:
    """Fill ``conversation`` from every message of its tree (as the store holds them):
    the branch shown starts at the shown first message. Raises TreeError for a message
    whose parent is missing or a loop."""
    validate_tree(messages)
    conversation.messages = []
    conversation.other_branches = list(messages)
    show_continuation(conversation)
    return conversation


def append(conversation: Conversation, message: StoredMessage) -> list[StoredMessage]:
    """Add ``message`` after the last shown one, as the shown child there; return the
    messages whose ``shown`` changed (its older siblings)."""
    message.parent_id = conversation.messages[-1].id if conversation.messages else None
    message.shown = True
    conversation.messages.append(message)
    return [m for m in mark_shown(conversation, message) if m is not message]


def hide_from(conversation: Conversation, position: int) -> None:
    """Stop showing the messages from ``position`` on (they are kept): a new sibling of
    the message at ``position`` is about to be written (an edit, a regenerated reply)."""
    tail = conversation.messages[position:]
    del conversation.messages[position:]
    conversation.other_branches.extend(tail)


def show_continuation(conversation: Conversation) -> bool:
    """Show again what follows the last shown message, if anything was hidden below it
    (after a new sibling was given up); True when the branch shown grew."""
    if not conversation.messages:
        roots = children(conversation, None)
        if not roots:
            return False
        chosen = [m for m in roots if m.shown]
        _show_path(conversation, _continuation(conversation, chosen[-1] if chosen else roots[-1]))
        return True
    last = conversation.messages[-1]
    path = _continuation(conversation, last)
    if len(path) == 1:
        return False
    _show_path(conversation, conversation.messages[:-1] + path)
    return True


def show_sibling(conversation: Conversation, position: int, step: int) -> list[StoredMessage]:
    """Show the sibling ``step`` away (-1, +1) of the message at ``position`` and the
    continuation of its branch; return the messages whose ``shown`` changed (empty
    when there is no such sibling)."""
    if not 0 <= position < len(conversation.messages):
        return []
    family = children(conversation, conversation.messages[position].parent_id)
    index = family.index(conversation.messages[position]) + step
    if not 0 <= index < len(family):
        return []
    target = family[index]
    changed = mark_shown(conversation, target)
    _show_path(conversation, conversation.messages[:position] + _continuation(conversation, target))
    return changed


def show_message(conversation: Conversation, message_id: str) -> tuple[int, list[StoredMessage]]:
    """Show the branch that holds ``message_id`` (a search hit); return its position in
    that branch and the messages whose ``shown`` changed. Position -1 when not there."""
    by_id = {m.id: m for m in all_messages(conversation)}
    target = by_id.get(message_id)
    if target is None:
        return -1, []
    ancestors = [target]
    while ancestors[-1].parent_id is not None:
        ancestors.append(by_id[ancestors[-1].parent_id])
    changed: list[StoredMessage] = []
    for message in reversed(ancestors):
        changed += mark_shown(conversation, message)
    root = ancestors[-1]
    _show_path(conversation, _continuation(conversation, root))
    return len(ancestors) - 1, changed


def delete_branch(conversation: Conversation, position: int) -> Removed:
    """Take out the shown message at ``position`` and everything written after it, in
    every branch; a sibling (the next older, else the next newer) is shown in its place."""
    message = conversation.messages[position]
    before = tuple(m.id for m in conversation.messages)
    family = children(conversation, message.parent_id)
    removed = [message]
    for candidate in removed:
        removed.extend(children(conversation, candidate.id))
    gone = {m.id for m in removed}
    keep = conversation.messages[:position]
    conversation.messages = keep
    conversation.other_branches = [m for m in conversation.other_branches if m.id not in gone]
    others = [m for m in family if m.id not in gone]
    if others:
        index = family.index(message)
        replacement = others[index - 1] if index > 0 else others[0]
        mark_shown(conversation, replacement)
        _show_path(conversation, keep + _continuation(conversation, replacement))
    return Removed(conversation.id, tuple(removed), before)


def restore(conversation: Conversation, removed: Removed) -> list[StoredMessage]:
    """Undo ``delete_branch``: the messages come back and the branch shown before is
    shown again; return the messages whose ``shown`` changed."""
    conversation.other_branches.extend(removed.messages)
    by_id = {m.id: m for m in all_messages(conversation)}
    changed: list[StoredMessage] = []
    path = [by_id[i] for i in removed.path_before if i in by_id]
    for message in path:
        changed += mark_shown(conversation, message)
    _show_path(conversation, path)
    return changed
