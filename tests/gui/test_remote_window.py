"""The window on a model on a server, with the FakeRemote standing for the server:
errors as one line with Retry (kept, never sent), reasoning shown apart, the load
settings off, the model bar, the context meter and the last server remembered."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from PySide6.QtCore import QUrl

from chatapp.core.conversation import MessageState
from chatapp.core.paths import AppPaths
from chatapp.core.remote import RemoteError, RemoteErrorKind, RemoteModel
from chatapp.core.servers import SavedServer, ServerRegistry
from chatapp.core.templates import Message
from chatapp.gui.chat_view import REASONING_LABEL
from chatapp.gui.main_window import MainWindow
from chatapp.gui.settings_panel import REMOTE_LOAD_TIP
from chatapp.gui.workers import BackendSetup
from chatapp.testing.fake_backend import FakeBackend
from chatapp.testing.fake_remote import FakeRemote
from tests.helpers.window import FAKE_TIMEOUT_MS, ask, load, type_and_send

# Keys go to an in-memory keyring (this machine has none).
pytestmark = pytest.mark.usefixtures("memory_keyring")

SERVER = SavedServer("big box", "http://10.0.0.7:8080/v1", "qwen-32b")
CUT = RemoteError(RemoteErrorKind.CUT, "big box: the connection was cut during the reply")


@pytest.fixture
def remote() -> FakeRemote:
    return FakeRemote(models=(RemoteModel("qwen-32b", 32768), RemoteModel("small", None)))


@pytest.fixture
def remote_window(
    open_window: Callable[..., MainWindow], paths: AppPaths, remote: FakeRemote
) -> Callable[[], MainWindow]:
    """Opens a window whose local backend is a FakeBackend and whose servers are
    ``remote``; ServerRegistry holds SERVER."""
    ServerRegistry(paths.config_dir).put(SERVER, "sk-test")
    local = FakeBackend()
    setup = BackendSetup(local, local.load_model, local.close, connect=remote.connect)
    return lambda: open_window(factory=lambda: setup)


def use_server(qtbot, window: MainWindow, model: str = "qwen-32b") -> None:
    with qtbot.waitSignal(window.model_ready, timeout=FAKE_TIMEOUT_MS):
        window.servers.use_server(SERVER, model)


def test_a_server_model_is_the_chats_model(qtbot, remote_window, remote: FakeRemote, paths):
    window = remote_window()
    load(qtbot, window, timeout=FAKE_TIMEOUT_MS)
    use_server(qtbot, window)
    assert window.model_bar.model_label.text() == "qwen-32b · big box"
    assert "on 10.0.0.7:8080" in window.model_bar.state_label.text()
    assert remote.config is not None and remote.config.api_key == "sk-test"
    # The load settings are the server's: off, with the reason in their tooltip.
    panel = window.settings_panel
    for control in (panel.context, panel.gpu_layers, panel.threads):
        assert not control.isEnabled() and control.toolTip() == REMOTE_LOAD_TIP
    # The meter uses the context the server reports.
    assert window.composer.meter.text().endswith("/ 32,768 tokens")
    ask(qtbot, window, "Hello", timeout=FAKE_TIMEOUT_MS)
    reply = window.keeper.current.messages[-1]
    assert reply.model == "qwen-32b · big box" and reply.state == MessageState.COMPLETE
    assert remote.requests[-1].messages[-1] == Message("user", "Hello")
    # Remembered for the next start, without the key.
    window._save_settings()
    saved = json.loads(paths.settings_file.read_text(encoding="utf-8"))
    assert (saved["last_server"], saved["last_server_model"]) == ("big box", "qwen-32b")
    assert "sk-test" not in paths.settings_file.read_text(encoding="utf-8")
    # Back to a local model: the settings come back.
    load(qtbot, window, timeout=FAKE_TIMEOUT_MS)
    assert panel.context.isEnabled() and window.settings.last_server is None
    assert remote.closed >= 1


def test_without_a_reported_context_the_meter_uses_the_setting(qtbot, remote_window):
    window = remote_window()
    use_server(qtbot, window, "small")
    assert window.replies.model is not None and window.replies.model.n_ctx == 0
    assert window.composer.meter.text().endswith(f"/ {window.settings.load.n_ctx:,} tokens")


def test_an_error_is_one_line_with_retry_kept_and_never_sent(
    qtbot, remote_window, remote: FakeRemote
):
    window = remote_window()
    use_server(qtbot, window)
    remote.tokens = ("The", " sea", " is", " wide")
    remote.fail_after = 2
    remote.failure = CUT
    with qtbot.waitSignal(window.reply_failed, timeout=FAKE_TIMEOUT_MS):
        type_and_send(qtbot, window, "Tell me about the sea")
    text = window.chat_view.toPlainText()
    error_lines = [line for line in text.splitlines() if "connection was cut" in line]
    assert len(error_lines) == 1 and "Retry" in error_lines[0]
    assert "The sea" in text  # the partial reply is kept, marked by the line
    stored = window.keeper.current.messages
    assert [m.role for m in stored] == ["user", "assistant"]
    assert stored[-1].is_error and stored[-1].content == "The sea"
    assert stored[-1].error == str(CUT)
    assert window.composer.draft == ""  # the message stays in the chat, not returned

    # A new message after the error: the error is not sent as an assistant turn.
    remote.fail_after = None
    ask(qtbot, window, "And the mountains?", timeout=FAKE_TIMEOUT_MS)
    sent = remote.requests[-1].messages
    assert all("connection was cut" not in m.content and m.content != "The sea" for m in sent)
    assert [m.content for m in sent] == ["Tell me about the sea", "And the mountains?"]


def test_retry_replaces_the_error_with_a_reply(qtbot, remote_window, remote: FakeRemote):
    window = remote_window()
    use_server(qtbot, window)
    remote.fail_after = 0
    remote.failure = RemoteError(RemoteErrorKind.UNREACHABLE, "big box: cannot reach it")
    with qtbot.waitSignal(window.reply_failed, timeout=FAKE_TIMEOUT_MS):
        type_and_send(qtbot, window, "Hi")
    assert window.chat_view.message_count == 2
    assert window.chat_view.toPlainText().splitlines()[-1].startswith("⚠ big box: cannot reach")
    remote.fail_after = None
    with qtbot.waitSignal(window.reply_completed, timeout=FAKE_TIMEOUT_MS):
        window.chat_view.anchorClicked.emit(QUrl("retry:1"))
    stored = window.keeper.current.messages
    assert [m.state for m in stored] == [MessageState.COMPLETE, MessageState.COMPLETE]
    assert stored[-1].content == "".join(remote.tokens)
    assert "cannot reach" not in window.chat_view.toPlainText()
    assert [m.content for m in remote.requests[-1].messages] == ["Hi"]


def test_reasoning_is_shown_apart_and_not_stored(qtbot, remote_window, remote: FakeRemote):
    window = remote_window()
    use_server(qtbot, window)
    remote.reasoning = ("First I think", " about waves.")
    remote.tokens = ("Waves", " are", " wind.")
    ask(qtbot, window, "Why waves?", timeout=FAKE_TIMEOUT_MS)
    view = window.chat_view
    assert window.keeper.current.messages[-1].content == "Waves are wind."
    assert view.message_text(1) == "Waves are wind."
    assert view.reasoning_of(1) == "First I think about waves."
    text = view.toPlainText()
    assert REASONING_LABEL in text and "First I think" not in text  # folded
    view.anchorClicked.emit(QUrl("reasoning:1"))
    assert "First I think about waves." in view.toPlainText()
    view.anchorClicked.emit(QUrl("reasoning:1"))
    assert "First I think" not in view.toPlainText()
    assert "reply length" not in view.toPlainText()


def test_a_server_without_the_model_says_so_and_offers_the_picker(
    qtbot, remote_window, remote: FakeRemote
):
    window = remote_window()
    remote.models = (RemoteModel("other"),)
    with qtbot.waitSignal(window.replies.server_failed, timeout=FAKE_TIMEOUT_MS) as failed:
        window.servers.use_server(SERVER, "qwen-32b")
    assert "no model 'qwen-32b'" in failed.args[0] and "\n" not in failed.args[0]
    assert window.servers.offer is not None and window.servers.offer.isVisible()
    assert "qwen-32b" in window.model_bar.state_label.text()
    window.servers.offer.close()


def test_the_next_start_reconnects_and_a_gone_server_is_said(
    qtbot, remote_window, remote: FakeRemote, paths: AppPaths
):
    window = remote_window()
    use_server(qtbot, window)
    ask(qtbot, window, "Hello", timeout=FAKE_TIMEOUT_MS)
    chat_id = window.keeper.current.id
    window.shutdown()
    again = remote_window()
    with qtbot.waitSignal(again.model_ready, timeout=FAKE_TIMEOUT_MS):
        assert again.servers.reconnect_last()
    assert again.model_bar.model_label.text() == "qwen-32b · big box"
    again.shutdown()
    ServerRegistry(paths.config_dir).remove(SERVER.name)
    third = remote_window()
    assert third.servers.reconnect_last()
    assert "big box used last is no longer saved" in third.statusBar().currentMessage()
    assert third.servers.offer is not None
    third.servers.offer.close()
    qtbot.waitUntil(lambda: third.conversations.open_conversation(chat_id), timeout=5_000)
    assert "This chat's server big box is no longer saved" in third.statusBar().currentMessage()
    assert third.servers.offer is not None
    third.servers.offer.close()


def test_a_reply_ended_by_an_error_has_words_for_it():
    from chatapp.core.backend import ReplyStats
    from chatapp.gui.chat_view import describe_stats

    stats = ReplyStats(3, 0.1, 4, 0.2, 0.1, "error")
    assert describe_stats(stats).endswith("stopped by an error")
