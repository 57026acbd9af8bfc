"""The cycle collector leaves an open chat's objects alone, and still collects them
(and any garbage among them) once another chat is opened (chatapp/gui/long_lived.py)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from chatapp.core.conversation import StoredMessage
from chatapp.gui.chat_view import ChatView


class _Cycle:
    """An object only the cycle collector can free: it refers to itself."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def view(qtbot) -> Iterator[ChatView]:
    widget = ChatView()
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    yield widget
    widget.stop_rendering()
    gc.unfreeze()


def _chat(count: int) -> list[StoredMessage]:
    return [
        StoredMessage("user" if n % 2 == 0 else "assistant", f"message {n}") for n in range(count)
    ]


def test_an_open_chat_is_set_aside_from_collections(view: ChatView) -> None:
    gc.unfreeze()
    messages = _chat(2_000)
    view.show_conversation(messages)
    frozen = gc.get_freeze_count()
    # The stored and the shown messages alike: a full collection would walk them all.
    assert frozen >= 2 * len(messages)
    gc.collect(2)
    assert gc.get_freeze_count() == frozen


def test_garbage_set_aside_with_a_chat_is_collected_when_the_next_one_opens(
    view: ChatView,
) -> None:
    cycle = _Cycle()
    gone = weakref.ref(cycle)
    view.show_conversation(_chat(10))
    del cycle  # garbage now, but set aside with the chat that was open
    gc.collect()
    assert gone() is not None
    view.show_conversation(_chat(12))
    assert gone() is None


def test_a_branch_shown_again_does_not_collect_everything(view: ChatView) -> None:
    messages = _chat(50)
    view.show_conversation(messages)
    cycle = _Cycle()
    gone = weakref.ref(cycle)
    gc.freeze()  # as if set aside with the chat
    del cycle
    view.show_conversation(messages[:40], keep_place=True)
    assert gone() is not None  # no full collection for a branch of the open chat
    view.show_conversation(_chat(5))
    assert gone() is None
