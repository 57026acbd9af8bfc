"""Continue (fake backend): a reply cut at the length limit or stopped goes on where it
stopped, appended to the same message, in the view and in the store."""

from __future__ import annotations

from PySide6.QtGui import QAction

from chatapp.core.paths import AppPaths
from chatapp.core.store import ConversationStore
from chatapp.gui.main_window import MainWindow
from chatapp.testing.fake_backend import FakeBackend
from tests.helpers.window import FAKE_TIMEOUT_MS, ask, use_sampling


def _saved_last(paths: AppPaths, chat_id: str) -> tuple[int, str]:
    store = ConversationStore(paths.conversations_db)
    saved = store.load(chat_id)
    store.close()
    assert saved is not None
    return len(saved.messages), saved.messages[-1].content


def _continue_action(window: MainWindow) -> QAction:
    action = window.findChild(QAction, "continueReplyAction")
    assert action is not None
    return action


def test_continue_after_the_length_limit_appends_to_the_same_message(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend, paths: AppPaths
):
    window = fake_window
    fake_backend.tokens = ("One,", " two,", " three,", " four.")
    use_sampling(window, max_tokens=2)
    stats = ask(qtbot, window, "Count to four", timeout=FAKE_TIMEOUT_MS)
    assert stats.finish_reason == "length"
    assert window.composer.continue_button.isEnabled()
    assert _continue_action(window).isEnabled()

    fake_backend.tokens = (" three,", " four.")
    use_sampling(window, max_tokens=50)
    with qtbot.waitSignal(window.reply_completed, timeout=FAKE_TIMEOUT_MS) as done:
        window.composer.continue_button.click()
    assert done.args[0].finish_reason == "stop"
    request = fake_backend.requests[-1]
    assert request.continue_last
    assert request.messages[-1].content == "One, two,"
    assert [m.content for m in window.history] == ["Count to four", "One, two, three, four."]
    assert window.chat_view.message_count == 2
    assert window.chat_view.message_text(1) == "One, two, three, four."
    assert "reached the reply length limit" not in window.chat_view.toPlainText()
    assert not window.composer.continue_button.isEnabled()
    assert not _continue_action(window).isEnabled()
    chat_id = window.keeper.current.id
    qtbot.waitUntil(
        lambda: _saved_last(paths, chat_id) == (2, "One, two, three, four."), timeout=5000
    )


def test_continue_after_stop_goes_on_from_the_text_kept(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend, paths: AppPaths
):
    window = fake_window
    fake_backend.tokens = tuple(f" w{i}" for i in range(200))
    fake_backend.token_delay = 0.02
    with qtbot.waitSignal(window.reply_completed, timeout=FAKE_TIMEOUT_MS) as stopped:
        window.composer.edit_text("Go on and on")
        window.composer.button.click()
        qtbot.waitUntil(lambda: len(window.replies.reply_text) > 10, timeout=5000)
        window.composer.button.click()  # Stop
    assert stopped.args[0].finish_reason == "cancelled"
    kept = window.history[-1].content
    assert kept and window.composer.continue_button.isEnabled()

    fake_backend.tokens = (" and", " the", " end.")
    fake_backend.token_delay = 0.0
    with qtbot.waitSignal(window.reply_completed, timeout=FAKE_TIMEOUT_MS):
        _continue_action(window).trigger()
    assert window.history[-1].content == kept + " and the end."
    assert len(window.history) == 2
    assert window.chat_view.message_text(1) == kept + " and the end."
    chat_id = window.keeper.current.id
    qtbot.waitUntil(
        lambda: _saved_last(paths, chat_id) == (2, kept + " and the end."), timeout=5000
    )


def test_a_finished_reply_cannot_be_continued(qtbot, fake_window: MainWindow):
    ask(qtbot, fake_window, "Hello", timeout=FAKE_TIMEOUT_MS)
    assert not fake_window.composer.continue_button.isEnabled()
    assert not fake_window.replies.continue_reply(
        fake_window.settings.sampling, fake_window.settings.system_prompt
    )
