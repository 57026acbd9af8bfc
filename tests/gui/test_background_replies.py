"""Background replies (fake backend): a reply goes on, and is saved, when its chat is
left; the chat list marks it; coming back shows it streaming. One reply at a time: a
second one waits in a queue the window shows, and can be cancelled."""

from __future__ import annotations

from chatapp.core.conversation import MessageState
from chatapp.core.paths import AppPaths
from chatapp.core.store import ConversationStore
from chatapp.gui.main_window import MainWindow
from chatapp.testing.fake_backend import FakeBackend
from tests.helpers.window import FAKE_TIMEOUT_MS, ask, type_and_send

LONG = tuple(f" word{i}" for i in range(60))


def _saved(paths: AppPaths, chat_id: str) -> list[tuple[str, str]]:
    store = ConversationStore(paths.conversations_db)
    saved = store.load(chat_id)
    store.close()
    assert saved is not None
    return [(m.content, str(m.state)) for m in saved.messages]


def _start_long_reply(qtbot, window: MainWindow, backend: FakeBackend, text: str) -> str:
    backend.tokens = LONG
    backend.token_delay = 0.05
    with qtbot.waitSignal(window.replies.token_batch_ready, timeout=FAKE_TIMEOUT_MS):
        type_and_send(qtbot, window, text)
    return window.keeper.current.id


def _other_chat(qtbot, window: MainWindow, backend: FakeBackend) -> str:
    backend.tokens = ("Hi", " there.")
    ask(qtbot, window, "Hello B", timeout=FAKE_TIMEOUT_MS)
    chat_id = window.keeper.current.id
    window.conversations.new_chat()
    return chat_id


def test_switching_chats_during_a_reply_and_coming_back(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend, paths: AppPaths
):
    window = fake_window
    other = _other_chat(qtbot, window, fake_backend)
    mine = _start_long_reply(qtbot, window, fake_backend, "Write a long story.")

    assert window.conversations.open_conversation(other)  # at once: the reply goes on
    assert window.replies.is_generating
    assert window.sidebar.mark_of(mine) == "generating"
    assert window.sidebar.mark_of(other) == ""
    assert window.composer.button.text() == "Send"
    assert "word" not in window.chat_view.toPlainText()
    so_far = window.keeper.load(mine).messages[-1].content  # type: ignore[union-attr]
    qtbot.waitUntil(
        lambda: len(window.keeper.load(mine).messages[-1].content) > len(so_far) + 20,  # type: ignore[union-attr]
        timeout=FAKE_TIMEOUT_MS,
    )
    assert "word" not in window.chat_view.toPlainText()  # the chat on screen is untouched

    assert window.conversations.open_conversation(mine)
    shown = window.chat_view.message_text(1)
    assert shown.startswith(" word0") or shown.startswith("word0")
    assert window.composer.button.text() == "Stop"
    qtbot.waitUntil(
        lambda: len(window.chat_view.message_text(1)) > len(shown), timeout=FAKE_TIMEOUT_MS
    )
    fake_backend.token_delay = 0.001
    qtbot.waitSignal(window.reply_completed, timeout=FAKE_TIMEOUT_MS).wait()
    whole = "".join(LONG)
    assert window.chat_view.message_text(1).strip() == whole.strip()
    assert window.chat_view.message_count == 2
    assert window.sidebar.mark_of(mine) == ""
    qtbot.waitUntil(lambda: _saved(paths, mine)[-1] == (whole, "complete"), timeout=5000)
    assert _saved(paths, other) == [("Hello B", "complete"), ("Hi there.", "complete")]


def test_a_reply_that_ends_in_a_chat_left_is_saved_there_only(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend, paths: AppPaths
):
    window = fake_window
    other = _other_chat(qtbot, window, fake_backend)
    mine = _start_long_reply(qtbot, window, fake_backend, "Write a long story.")
    window.conversations.open_conversation(other)
    shown = window.chat_view.toPlainText()
    fake_backend.token_delay = 0.001
    qtbot.waitUntil(lambda: not window.replies.is_generating, timeout=FAKE_TIMEOUT_MS)
    assert window.chat_view.toPlainText() == shown
    assert window.composer.button.text() == "Send"
    assert window.sidebar.mark_of(mine) == ""
    conversation = window.keeper.load(mine)
    assert conversation is not None
    assert conversation.messages[-1].state == MessageState.COMPLETE
    assert [m.content for m in window.history] == ["Hello B", "Hi there."]
    qtbot.waitUntil(lambda: len(_saved(paths, mine)) == 2, timeout=5000)
    assert _saved(paths, other) == [("Hello B", "complete"), ("Hi there.", "complete")]


def test_a_second_request_waits_in_the_queue_and_runs_after_the_first(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend, paths: AppPaths
):
    window = fake_window
    first = _start_long_reply(qtbot, window, fake_backend, "Write a long story.")
    window.conversations.new_chat()
    type_and_send(qtbot, window, "And a short one?")
    second = window.keeper.current.id
    assert len(fake_backend.requests) == 1
    assert [q.conversation.id for q in window.replies.waiting] == [second]
    bar = window.conversations.queue_bar
    assert bar.isVisible() and "1 reply waiting" in bar.label.text()
    assert window.sidebar.mark_of(first) == "generating"
    assert window.sidebar.mark_of(second) == "waiting"
    assert window.composer.button.text() == "Stop"

    fake_backend.token_delay = 0.001
    qtbot.waitSignal(window.reply_completed, timeout=FAKE_TIMEOUT_MS).wait()
    assert len(fake_backend.requests) == 2
    assert fake_backend.requests[1].messages[-1].content == "And a short one?"
    assert [m.content for m in window.history] == ["And a short one?", "".join(LONG)]
    assert not bar.isVisible()
    assert window.sidebar.mark_of(second) == ""
    qtbot.waitUntil(lambda: len(_saved(paths, second)) == 2, timeout=5000)
    qtbot.waitUntil(lambda: len(_saved(paths, first)) == 2, timeout=5000)


def test_cancelling_a_waiting_request_removes_it(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend
):
    window = fake_window
    first = _start_long_reply(qtbot, window, fake_backend, "Write a long story.")
    window.conversations.new_chat()
    type_and_send(qtbot, window, "And a short one?")
    bar = window.conversations.queue_bar
    assert bar.isVisible()
    bar.cancel_button.click()
    assert window.replies.waiting == []
    assert not bar.isVisible()
    assert window.composer.draft == "And a short one?"  # back for the user
    assert window.history == []
    assert window.chat_view.message_count == 0
    assert window.composer.button.text() == "Send"
    fake_backend.token_delay = 0.001
    qtbot.waitUntil(lambda: not window.replies.is_generating, timeout=FAKE_TIMEOUT_MS)
    assert len(fake_backend.requests) == 1  # the cancelled one never ran
    assert window.sidebar.mark_of(first) == ""
