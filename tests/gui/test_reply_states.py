"""What the window says about a reply besides its text (fake backend): "Thinking..." until
the first words, "generating" in the model bar, a reply cut by a full context said so,
a reply left streaming in another chat not called stopped by the user, and the window
as before after "Stop and ask" answered No."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from chatapp.core.conversation import MessageState
from chatapp.core.engine import ContextFullError
from chatapp.core.paths import AppPaths
from chatapp.core.store import ConversationStore
from chatapp.gui.main_window import MainWindow
from chatapp.testing.fake_backend import FakeBackend
from tests.helpers.window import FAKE_TIMEOUT_MS, ask, type_and_send

LONG = tuple(f" word{i}" for i in range(40))


def _state(window: MainWindow) -> str:
    return window.model_bar.state_label.text()


def test_thinking_shows_from_send_until_the_first_words(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend
):
    window = fake_window
    fake_backend.first_token_delay = 0.6
    assert window.composer.pending_text == "" and _state(window).startswith("ready · ")
    with qtbot.waitSignal(window.replies.token_batch_ready, timeout=FAKE_TIMEOUT_MS):
        type_and_send(qtbot, window, "Hello")
        assert window.composer.pending_text == "Thinking"
        label = window.composer.pending_label
        assert label.isVisible() and label.text().startswith("Thinking.")
        first = label.text()
        qtbot.waitUntil(lambda: label.text() != first, timeout=2_000)  # the dots move
        assert _state(window).startswith("generating · ")
        assert window.sidebar.mark_of(window.keeper.current.id) == "generating"
    assert window.composer.pending_text == "" and window.composer.pending_label.text() == ""
    qtbot.waitUntil(lambda: not window.replies.is_generating, timeout=FAKE_TIMEOUT_MS)
    assert _state(window).startswith("ready · ") and "context 4096" in _state(window)


def test_thinking_and_generating_end_when_the_reply_is_stopped(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend
):
    window = fake_window
    fake_backend.first_token_delay = 30
    type_and_send(qtbot, window, "Hello")
    assert window.composer.pending_text == "Thinking"
    with qtbot.waitSignal(window.replies.reply_ended, timeout=FAKE_TIMEOUT_MS):
        window.composer.button.click()  # Stop
    assert window.composer.pending_text == "" and window.composer.pending_label.text() == ""
    assert _state(window).startswith("ready · ")
    assert window.composer.button.text() == "Send"


def test_thinking_and_generating_end_when_the_reply_fails(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend
):
    window = fake_window
    fake_backend.first_token_delay = 0.3
    fake_backend.fail_after = 0
    with qtbot.waitSignal(window.reply_failed, timeout=FAKE_TIMEOUT_MS):
        type_and_send(qtbot, window, "Hello")
        assert window.composer.pending_text == "Thinking"
    assert window.composer.pending_text == ""
    assert _state(window).startswith("ready · ")
    assert window.composer.draft == "Hello"


def test_a_waiting_reply_says_it_waits_and_the_bar_stays_generating(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend
):
    window = fake_window
    fake_backend.tokens = LONG
    fake_backend.token_delay = 0.05
    with qtbot.waitSignal(window.replies.token_batch_ready, timeout=FAKE_TIMEOUT_MS):
        type_and_send(qtbot, window, "A long story")
    window.conversations.new_chat()
    assert window.composer.pending_text == ""  # nothing is asked in this chat
    assert _state(window).startswith("generating · ")  # the model writes the other reply
    type_and_send(qtbot, window, "Meanwhile")
    assert window.composer.pending_text == "Waiting for the reply in another chat"
    fake_backend.token_delay = 0.001
    qtbot.waitUntil(lambda: window.composer.pending_text == "", timeout=FAKE_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not window.replies.is_generating, timeout=FAKE_TIMEOUT_MS)
    assert _state(window).startswith("ready · ")
    assert window.history[-1].role == "assistant"


def test_a_reply_cut_by_a_full_context_says_so(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend, paths: AppPaths
):
    window = fake_window
    fake_backend.finish_reason = "context_full"
    stats = ask(qtbot, window, "Hello", timeout=FAKE_TIMEOUT_MS)
    assert stats.finish_reason == "context_full"
    shown = window.chat_view.toPlainText()
    assert "the context is full" in shown and "limit" not in shown
    assert not window.composer.continue_button.isEnabled()  # going on would not fit either
    chat_id = window.keeper.current.id
    window.conversations.new_chat()
    assert window.conversations.open_conversation(chat_id)  # shown again from the chat
    assert "the context is full" in window.chat_view.toPlainText()


@pytest.mark.parametrize("come_back", [True, False])
def test_leaving_a_chat_while_its_reply_streams_is_not_stopping_it(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend, paths: AppPaths, come_back: bool
):
    window = fake_window
    fake_backend.tokens = ("Hi", " there.")
    ask(qtbot, window, "Hello B", timeout=FAKE_TIMEOUT_MS)
    other = window.keeper.current.id
    window.conversations.new_chat()
    fake_backend.tokens = LONG
    fake_backend.token_delay = 0.03
    with qtbot.waitSignal(window.replies.token_batch_ready, timeout=FAKE_TIMEOUT_MS):
        type_and_send(qtbot, window, "Write a long story.")
    mine = window.keeper.current.id
    assert window.conversations.open_conversation(other)
    if come_back:
        qtbot.wait(200)
        assert window.conversations.open_conversation(mine)
    qtbot.waitUntil(lambda: not window.replies.is_generating, timeout=FAKE_TIMEOUT_MS)
    if not come_back:
        assert window.conversations.open_conversation(mine)
    reply = window.keeper.current.messages[-1]
    assert reply.state == MessageState.COMPLETE
    assert (reply.stats or {}).get("finish_reason") == "stop"
    shown = window.chat_view.toPlainText()
    assert "stopped by you" not in shown and "interrupted" not in shown
    assert "finished" in shown
    assert _state(window).startswith("ready · ")

    def saved_state() -> str:
        store = ConversationStore(paths.conversations_db)
        saved = store.load(mine)
        store.close()
        assert saved is not None
        return str(saved.messages[-1].state)

    qtbot.waitUntil(lambda: saved_state() == "complete", timeout=5_000)


def test_stop_and_ask_answered_no_puts_the_window_back(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend, monkeypatch
):
    window = fake_window
    ask(qtbot, window, "First question", timeout=FAKE_TIMEOUT_MS)
    fake_backend.first_token_delay = 0.2
    fake_backend.fail_after = 0
    fake_backend.failure = ContextFullError("The chat no longer fits")
    asked: list[tuple[str, bool, str]] = []

    def ask_user(message: str) -> bool:
        composer = window.composer
        asked.append((message, composer.button.isEnabled(), composer.button.text()))
        return False

    monkeypatch.setattr(window, "ask_drop_oldest", ask_user)
    with qtbot.waitSignal(window.reply_failed, timeout=FAKE_TIMEOUT_MS):
        type_and_send(qtbot, window, "A long question")
        assert window.composer.pending_text == "Thinking"
    assert asked == [("The chat no longer fits", True, "Send")]
    composer = window.composer
    assert composer.draft == "A long question"  # nothing the user wrote is lost
    assert composer.button.text() == "Send" and composer.button.isEnabled()
    assert composer.pending_text == "" and not window.replies.is_generating
    assert _state(window).startswith("ready · ")
    assert window.statusBar().currentMessage() == "The chat no longer fits"
    # The chat ends with the first reply again: it can be redone or edited.
    assert [m.role for m in window.history] == ["user", "assistant"]
    assert window.chat_view.message_count == 2
    assert composer.regenerate_button.isEnabled() and composer.edit_button.isEnabled()
    assert composer.regenerate_action.isEnabled()
    fake_backend.fail_after = None
    qtbot.keyClick(composer.editor, Qt.Key.Key_Return)  # send it again, and this time it fits
    qtbot.waitSignal(window.reply_completed, timeout=FAKE_TIMEOUT_MS).wait()
    assert [m.role for m in window.history] == ["user", "assistant"] * 2
