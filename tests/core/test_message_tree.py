"""Conversations as trees: editing, regenerating, navigating and deleting branches."""

from __future__ import annotations

import pytest

from chatapp.core import message_tree
from chatapp.core.conversation import Conversation, StoredMessage


def _chat(*texts: str) -> Conversation:
    conversation = Conversation()
    for i, text in enumerate(texts):
        message_tree.append(
            conversation, StoredMessage("user" if i % 2 == 0 else "assistant", text)
        )
    return conversation


def _shown(conversation: Conversation) -> list[str]:
    return [m.content for m in conversation.messages]


def test_editing_in_the_middle_makes_a_branch_and_keeps_the_old_one():
    chat = _chat("q1", "a1", "q2", "a2", "q3", "a3")
    message_tree.hide_from(chat, 2)
    changed = message_tree.append(chat, StoredMessage("user", "q2 better"))
    assert [m.content for m in changed] == ["q2"]  # no longer the one shown there
    message_tree.append(chat, StoredMessage("assistant", "a2 better"))
    assert _shown(chat) == ["q1", "a1", "q2 better", "a2 better"]
    assert message_tree.siblings_at(chat, 2) == (2, 2)
    assert message_tree.siblings_at(chat, 1) == (1, 1)
    message_tree.show_sibling(chat, 2, -1)
    assert _shown(chat) == ["q1", "a1", "q2", "a2", "q3", "a3"]
    assert message_tree.show_sibling(chat, 2, -1) == []  # no older sibling
    message_tree.show_sibling(chat, 2, +1)
    assert _shown(chat) == ["q1", "a1", "q2 better", "a2 better"]


def test_a_new_sibling_given_up_shows_the_old_branch_again():
    chat = _chat("q1", "a1")
    message_tree.hide_from(chat, 1)  # regenerate: the new reply never came
    assert _shown(chat) == ["q1"]
    assert message_tree.show_continuation(chat)
    assert _shown(chat) == ["q1", "a1"]
    assert not message_tree.show_continuation(chat)


def test_deleting_shows_a_sibling_and_undo_puts_everything_back():
    chat = _chat("q1", "a1", "q2", "a2")
    message_tree.hide_from(chat, 1)
    message_tree.append(chat, StoredMessage("assistant", "a1 again"))
    removed = message_tree.delete_branch(chat, 1)
    assert [m.content for m in removed.messages] == ["a1 again"]
    assert _shown(chat) == ["q1", "a1", "q2", "a2"]
    message_tree.restore(chat, removed)
    assert _shown(chat) == ["q1", "a1 again"]
    assert message_tree.siblings_at(chat, 1) == (2, 2)
    removed = message_tree.delete_branch(chat, 0)
    assert chat.messages == [] and chat.other_branches == []
    assert len(removed.messages) == 5
    message_tree.restore(chat, removed)
    assert _shown(chat) == ["q1", "a1 again"]
    assert len(chat.other_branches) == 3


def test_showing_a_message_of_another_branch():
    chat = _chat("q1", "a1", "q2", "a2")
    hidden = chat.messages[3]
    message_tree.hide_from(chat, 2)
    message_tree.append(chat, StoredMessage("user", "q2 other"))
    position, changed = message_tree.show_message(chat, hidden.id)
    assert position == 3 and _shown(chat) == ["q1", "a1", "q2", "a2"]
    assert {m.content for m in changed} == {"q2", "q2 other"}
    assert message_tree.show_message(chat, "nope") == (-1, [])


def test_a_loop_or_a_missing_parent_is_refused():
    chat = _chat("q1", "a1")
    loose = StoredMessage("user", "x", parent_id="missing")
    with pytest.raises(message_tree.TreeError, match="not there"):
        message_tree.build(Conversation(), [*chat.messages, loose])
    a, b = (
        StoredMessage("user", "a", id="a", parent_id="b"),
        StoredMessage("user", "b", id="b", parent_id="a"),
    )
    with pytest.raises(message_tree.TreeError, match="loop"):
        message_tree.build(Conversation(), [a, b])
