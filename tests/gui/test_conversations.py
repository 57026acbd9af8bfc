"""Chats kept in SQLite, seen through the window: the sidebar, search, rename, delete,
export and import, recovery, and a chat that survives the app being killed."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from chatapp.core.conversation import (
    Conversation,
    MessageState,
    OverflowPolicy,
    StoredMessage,
    import_json,
)
from chatapp.core.engine import ContextFullError
from chatapp.core.paths import AppPaths
from chatapp.core.store import ConversationStore, open_store
from chatapp.gui.chat_view import CONTEXT_MARKER
from chatapp.gui.store_worker import StoreOp
from chatapp.testing.fake_backend import FakeBackend
from tests import conftest
from tests.helpers.window import FAKE_TIMEOUT_MS, ask, load, type_and_send, use_sampling
from tests.permissions import without_permission_bypass

REPO = conftest.REPO


def _saved_chats(paths: AppPaths) -> list[Conversation]:
    """Two chats on disk: one from last week about a walrus, one from today."""
    week_ago = time.time() - 7 * 86400
    walrus = Conversation(
        title="Zoo trip",
        created=week_ago,
        updated=week_ago,
        settings={"sampling": {"temperature": 0.3, "seed": 11}},
        system_prompt="You are a zookeeper.",
        messages=[
            StoredMessage("user", "Tell me about the zoo.", created=week_ago),
            StoredMessage("assistant", "It has penguins and seals.", created=week_ago),
            StoredMessage("user", "Is there a walrus too?", created=week_ago),
            StoredMessage("assistant", "Yes, one walrus named Wally.", created=week_ago),
        ],
    )
    recipe = Conversation(
        title="Soup recipe",
        messages=[
            StoredMessage("user", "How do I make tomato soup?"),
            StoredMessage("assistant", "Roast the tomatoes first."),
        ],
    )
    paths.ensure()
    store = ConversationStore(paths.conversations_db)
    for conversation in (walrus, recipe):
        store.save_all(conversation)
    store.close()
    return [walrus, recipe]


def _saved(paths: AppPaths) -> ConversationStore:
    return ConversationStore(paths.conversations_db)


def _click_item(qtbot, widget, item) -> None:
    rect = widget.visualItemRect(item)
    qtbot.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _notice_boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def test_the_sidebar_lists_chats_newest_first_and_restores_one_with_its_settings(
    qtbot, open_window, paths: AppPaths
):
    walrus, _recipe = _saved_chats(paths)
    window = open_window()
    assert window.sidebar.titles() == ["Soup recipe", "Zoo trip"]
    assert window.history == []  # a new chat until one is chosen
    _click_item(qtbot, window.sidebar.list, window.sidebar.item_for(walrus.id))
    assert [m.content for m in window.history][-1] == "Yes, one walrus named Wally."
    assert "one walrus named Wally" in window.chat_view.toPlainText()
    assert window.windowTitle() == "ChatApp — Zoo trip"
    assert window.settings.sampling.temperature == 0.3
    assert window.settings_panel.sliders["temperature"].value() == pytest.approx(0.3)
    assert window.settings_panel.system_prompt.toPlainText() == "You are a zookeeper."


def test_the_last_chat_comes_back_at_the_next_start(qtbot, open_window, paths: AppPaths):
    walrus, _recipe = _saved_chats(paths)
    first = open_window()
    assert first.conversations.open_conversation(walrus.id)
    first.close()
    second = open_window()
    assert second.keeper.current.id == walrus.id
    assert "Wally" in second.chat_view.toPlainText()


def test_search_finds_a_word_from_last_weeks_chat_and_opens_it_at_that_message(
    qtbot, open_window, paths: AppPaths
):
    walrus, _recipe = _saved_chats(paths)
    window = open_window()
    qtbot.keyClicks(window.sidebar.search_box, "walrus")
    results = window.sidebar.results
    assert window.sidebar.pages.currentWidget() is results
    assert results.count() == 2
    texts = [results.item(i).text() for i in range(results.count())]
    assert all(t.startswith("Zoo trip · ") for t in texts)
    assert any("«walrus»" in t for t in texts)
    wanted = next(i for i in range(results.count()) if "Wally" in results.item(i).text())
    _click_item(qtbot, results, results.item(wanted))
    assert window.keeper.current.id == walrus.id
    assert window.chat_view.highlighted_index == 3
    selections = window.chat_view.extraSelections()
    cursor = selections[0].cursor
    selection = cursor.selectedText()
    assert "Wally" in selection and "penguins" not in selection
    window.sidebar.search_box.clear()
    assert window.sidebar.pages.currentWidget() is window.sidebar.list
    qtbot.keyClicks(window.sidebar.search_box, "giraffe")
    assert results.item(0).text() == "No messages match"


def test_rename_and_delete_with_undo(qtbot, open_window, paths: AppPaths):
    walrus, recipe = _saved_chats(paths)
    window = open_window()
    item = window.sidebar.item_for(walrus.id)
    item.setText("Wally the walrus")  # what editing the item in place does
    qtbot.waitUntil(lambda: window.keeper.load(walrus.id).title == "Wally the walrus")
    assert window.sidebar.titles() == ["Soup recipe", "Wally the walrus"]
    window.sidebar.list.setCurrentItem(window.sidebar.item_for(recipe.id))
    window.sidebar.delete_selected()
    assert window.sidebar.titles() == ["Wally the walrus"]
    assert window.conversations.undo_button.isVisible()
    assert "Deleted “Soup recipe”" in window.statusBar().currentMessage()
    window.conversations.undo_button.click()
    assert set(window.sidebar.titles()) == {"Wally the walrus", "Soup recipe"}
    window.conversations.delete_conversation(walrus.id)
    window.close()
    again = open_window()
    assert again.sidebar.titles() == ["Soup recipe"]
    store = _saved(paths)
    assert store.load(walrus.id) is None  # deleted for good at the next start
    store.close()


def test_rename_is_saved(qtbot, open_window, paths: AppPaths):
    walrus, _recipe = _saved_chats(paths)
    window = open_window()
    window.sidebar.item_for(walrus.id).setText("  Wally   the walrus ")
    qtbot.waitUntil(lambda: "Wally the walrus" in window.sidebar.titles())
    window.close()
    store = _saved(paths)
    loaded = store.load(walrus.id)
    store.close()
    assert loaded is not None and loaded.title == "Wally the walrus"


def test_export_markdown_and_json_and_import_the_json_back(
    qtbot, open_window, paths: AppPaths, tmp_path: Path, monkeypatch
):
    walrus, _recipe = _saved_chats(paths)
    window = open_window()
    window.conversations.open_conversation(walrus.id)
    chosen = {"markdown": tmp_path / "zoo.md", "json": tmp_path / "zoo.json"}
    monkeypatch.setattr(window.conversations, "ask_export_path", lambda _title, kind: chosen[kind])
    window.conversations.export_current_markdown()
    window.conversations.export_current_json()
    markdown = chosen["markdown"].read_text(encoding="utf-8")
    assert (
        markdown.startswith("# Zoo trip")
        and "## Assistant\n\nYes, one walrus named Wally." in markdown
    )
    exported = import_json(chosen["json"].read_text(encoding="utf-8"))
    assert exported.messages == walrus.messages and exported.settings == walrus.settings
    assert window.conversations.import_conversation_file(chosen["json"])
    imported = window.keeper.current
    assert imported.id != walrus.id  # already here: imported as a copy
    assert [(m.role, m.content, m.created) for m in imported.messages] == [
        (m.role, m.content, m.created) for m in walrus.messages
    ]
    assert window.sidebar.titles().count("Zoo trip") == 2
    window.close()
    store = _saved(paths)
    copy = store.load(imported.id)
    store.close()
    assert copy is not None and [m.content for m in copy.messages] == [
        m.content for m in walrus.messages
    ]


def test_importing_a_bad_file_says_why(qtbot, open_window, tmp_path: Path, monkeypatch):
    window = open_window()
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text)
    )
    bad = tmp_path / "notes.json"
    bad.write_text('{"hello": 1}', encoding="utf-8")
    assert not window.conversations.import_conversation_file(bad)
    assert shown == [
        "Cannot import notes.json: not a ChatApp conversation: choose a file made with "
        "Export chat as JSON"
    ]


def test_a_corrupt_file_is_moved_aside_and_the_user_is_told(qtbot, open_window, paths: AppPaths):
    paths.conversations_db.write_bytes(b"garbage, not SQLite" * 100)
    window = open_window()
    qtbot.waitUntil(lambda: bool(_notice_boxes()), timeout=5000)
    box = _notice_boxes()[0]
    aside = list(paths.data_dir.glob("conversations.sqlite3.corrupt-*"))
    assert len(aside) == 1 and str(aside[0]) in box.text()
    box.close()
    assert window.sidebar.titles() == []
    assert window.keeper.status is not None and window.keeper.status.persistent


# On the FakeBackend ---------------------------------------------------------------


def test_a_chat_is_saved_with_its_reply_on_the_fake_backend(
    qtbot, open_window, paths: AppPaths, fake_backend: FakeBackend
):
    window = open_window(fake_backend)
    load(qtbot, window, timeout=FAKE_TIMEOUT_MS)
    use_sampling(window, max_tokens=16)
    ask(qtbot, window, "Name three rivers.", timeout=FAKE_TIMEOUT_MS)
    assert window.sidebar.titles() == ["Name three rivers."]
    window.close()
    store = _saved(paths)
    [summary] = store.list_conversations()
    saved = store.load(summary.id)
    store.close()
    assert saved is not None
    assert [m.content for m in saved.messages] == [
        "Name three rivers.",
        "".join(fake_backend.tokens),
    ]
    assert saved.messages[1].state == MessageState.COMPLETE
    assert saved.messages[1].stats and saved.messages[1].stats["generated_tokens"] == 6
    assert saved.messages[1].model == "fake-model"
    assert saved.settings["sampling"]["max_tokens"] == 16


def test_opening_another_chat_mid_reply_lets_the_reply_go_on(
    qtbot, open_window, paths: AppPaths, fake_backend: FakeBackend
):
    walrus, _recipe = _saved_chats(paths)
    fake_backend.tokens = tuple(f" word{i}" for i in range(100))
    fake_backend.token_delay = 1.0
    window = open_window(fake_backend)
    load(qtbot, window, timeout=FAKE_TIMEOUT_MS)
    with qtbot.waitSignal(window.replies.token_batch_ready, timeout=FAKE_TIMEOUT_MS):
        type_and_send(qtbot, window, "Write a long story.")
    mine = window.keeper.current.id
    assert window.conversations.open_conversation(walrus.id)  # at once
    assert window.keeper.current.id == walrus.id
    assert "Wally" in window.chat_view.toPlainText()
    assert window.composer.button.text() == "Send"
    going = window.keeper.load(mine)
    assert going is not None and going.messages[-1].content == " word0"
    assert going.messages[-1].state == MessageState.STREAMING
    assert window.replies.is_generating
    window.conversations.open_conversation(mine)
    window.replies.stop()
    qtbot.waitUntil(lambda: not window.replies.is_generating, timeout=FAKE_TIMEOUT_MS)
    assert going.messages[-1].state == MessageState.INTERRUPTED


def test_stop_and_ask_on_the_fake_backend(
    qtbot, open_window, fake_backend: FakeBackend, monkeypatch
):
    fake_backend.fail_after = 0
    fake_backend.failure = ContextFullError("The chat no longer fits")
    window = open_window(fake_backend)
    load(qtbot, window, timeout=FAKE_TIMEOUT_MS)
    answers = [False, True]

    def ask_user(message: str) -> bool:
        assert message == "The chat no longer fits"
        if answers[0]:
            fake_backend.fail_after = None  # dropping the oldest turns makes it fit
        return answers.pop(0)

    monkeypatch.setattr(window, "ask_drop_oldest", ask_user)
    with qtbot.waitSignal(window.reply_failed, timeout=FAKE_TIMEOUT_MS):
        type_and_send(qtbot, window, "A long question")
    assert window.composer.draft == "A long question"  # nothing the user wrote is lost
    assert window.history == [] and window.chat_view.toPlainText() == ""
    assert window.statusBar().currentMessage() == "The chat no longer fits"
    window.composer.editor.clear()
    ask(qtbot, window, "A long question", timeout=FAKE_TIMEOUT_MS)
    assert [r.policy for r in fake_backend.requests][-1] == OverflowPolicy.KEEP_SYSTEM
    assert [m.role for m in window.history] == ["user", "assistant"]
    assert window.chat_view.message_count == 2 and not answers


# With the real model --------------------------------------------------------------


@pytest.mark.model
def test_a_chat_is_saved_as_it_happens(qtbot, open_window, paths: AppPaths, test_model_path):
    window = open_window()
    load(qtbot, window, test_model_path)
    use_sampling(window, max_tokens=16)
    ask(qtbot, window, "Name three rivers.")
    assert window.sidebar.titles() == ["Name three rivers."]
    window.close()
    store = _saved(paths)
    [summary] = store.list_conversations()
    saved = store.load(summary.id)
    store.close()
    assert saved is not None
    assert [m.role for m in saved.messages] == ["user", "assistant"]
    assert saved.messages[1].content == window.history[1].content
    assert saved.messages[1].state == "complete"
    assert saved.messages[1].stats and saved.messages[1].stats["generated_tokens"] == 16
    assert saved.settings["sampling"]["max_tokens"] == 16


@pytest.mark.model
def test_the_meter_counts_while_typing(qtbot, open_window, test_model_path):
    window = open_window()
    assert window.composer.meter.text() == ""
    load(qtbot, window, test_model_path)
    empty = window.composer.meter.text()
    assert empty.endswith(" / 4,096 tokens") and empty.startswith("≈")
    qtbot.keyClicks(window.composer.editor, "A fairly long question about oceans " * 5)
    typed = window.composer.meter.text()
    used = int(typed.split(" / ")[0].lstrip("≈").replace(",", ""))
    assert used > int(empty.split(" / ")[0].lstrip("≈").replace(",", "")) + 20
    use_sampling(window, max_tokens=8)
    window.composer.editor.clear()
    with qtbot.waitSignal(window.reply_completed, timeout=120_000) as finished:
        window.composer.edit_text("Hello there.")
        qtbot.keyClick(window.composer.editor, Qt.Key.Key_Return)
        # Sent: the box is empty again, and the message now counts in the chat.
        sent = window.composer.meter.text()
        assert int(sent.split(" / ")[0].lstrip("≈").replace(",", "")) > 0
    stats = finished.args[0]
    # After a reply the engine's own count stands for the conversation.
    after = int(window.composer.meter.text().split(" / ")[0].lstrip("≈").replace(",", ""))
    assert after == stats.prompt_tokens_total + stats.generated_tokens


@pytest.mark.model
def test_a_chat_longer_than_the_context_keeps_answering_with_the_marker(
    qtbot, open_window, test_model_path
):
    window = open_window()
    window.settings.load = replace(window.settings.load, n_ctx=256)
    load(qtbot, window, test_model_path)
    use_sampling(window, max_tokens=40)
    marked = None
    for turn in range(12):
        stats = ask(qtbot, window, f"Turn {turn}: tell me one more thing about the sea.")
        assert stats.generated_tokens > 0, f"turn {turn} got no answer"
        if window.chat_view.context_marker_index:
            marked = turn
            break
    assert marked is not None, "the chat never outgrew the context"
    assert CONTEXT_MARKER in window.chat_view.toPlainText()
    start = window.keeper.current.context_start
    assert start == window.chat_view.context_marker_index and start % 2 == 0
    # Messages before the marker are still shown and saved; answers keep coming.
    assert window.chat_view.message_count == len(window.history)
    stats = ask(qtbot, window, "And one last thing?")
    assert stats.generated_tokens > 0 and window.keeper.current.context_start >= start


@pytest.mark.model
def test_stop_and_ask_asks_before_dropping(qtbot, open_window, test_model_path, monkeypatch):
    from chatapp.core.conversation import OverflowPolicy

    window = open_window()
    window.settings.load = replace(window.settings.load, n_ctx=256)
    load(qtbot, window, test_model_path)
    window.settings_panel.overflow.setCurrentIndex(
        window.settings_panel.overflow.findData(OverflowPolicy.STOP_AND_ASK)
    )
    window.settings_panel._on_overflow_chosen(0)
    use_sampling(window, max_tokens=8)
    answers: list[bool] = []
    asked: list[str] = []

    def ask_user(message: str) -> bool:
        asked.append(message)
        return answers.pop(0)

    monkeypatch.setattr(window, "ask_drop_oldest", ask_user)
    long = "Please remember this sentence about the ocean and its waves. " * 12
    ask(qtbot, window, long)
    answers.append(False)
    with qtbot.waitSignal(window.reply_failed, timeout=60_000):
        window.composer.edit_text(long)
        qtbot.keyClick(window.composer.editor, Qt.Key.Key_Return)
    assert asked and "no longer fits" in asked[0]
    assert window.composer.draft == long.strip()  # nothing the user wrote is lost
    assert len(window.history) == 2
    answers.append(True)
    stats = ask(qtbot, window, long)
    assert stats.generated_tokens > 0 and stats.dropped_messages == 2
    assert window.chat_view.context_marker_index == 2


@pytest.mark.model
def test_returning_to_the_last_chat_reuses_the_cached_prefix(
    qtbot, open_window, paths: AppPaths, test_model_path
):
    walrus, _recipe = _saved_chats(paths)
    window = open_window()
    load(qtbot, window, test_model_path)
    use_sampling(window, max_tokens=8)
    ask(qtbot, window, "Tell me a fact about penguins, please, in a few words.")
    mine = window.keeper.current.id
    assert window.conversations.open_conversation(walrus.id)
    assert window.conversations.open_conversation(mine)
    use_sampling(window, max_tokens=8)
    stats = ask(qtbot, window, "And one more?")
    assert stats.prompt_tokens < stats.prompt_tokens_total / 2


@pytest.mark.model
def test_a_full_disk_keeps_the_chat_in_memory_and_saves_it_later(
    qtbot, open_window, paths: AppPaths, test_model_path, monkeypatch
):
    # The narrowest seam for a full disk: SQLite's own size limit on the store thread.
    def limit_pages(self: ConversationStore, pages: int) -> None:
        self.connection.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(ConversationStore, "limit_pages", limit_pages, raising=False)
    window = open_window()
    load(qtbot, window, test_model_path)
    store = _saved(paths)
    pages = store.connection.execute("PRAGMA page_count").fetchone()[0]
    store.close()
    window.keeper.write_requested.emit(StoreOp("limit_pages", (pages,)))
    use_sampling(window, max_tokens=8)
    with qtbot.waitSignal(window.keeper.save_failed, timeout=30_000):
        ask(qtbot, window, "A long message to save. " * 300)
    assert window.conversations.save_warning.isVisible()
    assert "disk is full" in window.conversations.save_warning.text()
    assert window.history[0].content.startswith("A long message to save.")
    asked: list[bool] = []
    monkeypatch.setattr(
        window.conversations, "confirm_quit_unsaved", lambda: asked.append(True) or False
    )
    window.close()
    assert asked and window.isVisible()  # the user chose to stay
    # Space is freed: the limit goes first, before the writes that wait for it (the
    # store thread is idle, so its queue can be changed from here). No new message is
    # sent: the keeper's own retry timer saves the chat.
    window.keeper.worker.pending.insert(0, StoreOp("limit_pages", (1_000_000,)))
    # Retries back off to 30 s apart: under load the first ones may come too early.
    qtbot.waitSignal(window.keeper.saved_again, timeout=45_000).wait()
    assert not window.conversations.save_warning.isVisible()
    reply = window.history[1].content
    window.close()
    store = _saved(paths)
    [summary] = store.list_conversations()
    saved = store.load(summary.id)
    store.close()
    assert saved is not None and [m.content for m in saved.messages][1] == reply


@pytest.mark.model
def test_killing_the_app_mid_reply_loses_at_most_two_seconds(paths: AppPaths, test_model_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.gui.kill_driver", str(test_model_path), str(paths.data_dir)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    batches: list[tuple[float, str]] = []
    try:
        for line in process.stdout:
            event = json.loads(line)
            assert event["kind"] not in ("failed", "finished"), f"no long reply: {event}"
            if event["kind"] == "batch":
                batches.append((event["t"], event["text"]))
                if event["t"] - batches[0][0] >= 4.0:
                    break
        else:
            pytest.fail("the app ended before it streamed a reply")
        killed_at = time.time()
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=30)
        process.stdout.close()
    streamed = "".join(text for _, text in batches)
    before_cutoff = "".join(text for t, text in batches if t <= killed_at - 2.0)
    opened = open_store(paths.conversations_db)
    try:
        [summary] = opened.store.list_conversations()
        saved = opened.store.load(summary.id)
    finally:
        opened.store.close()
    assert saved is not None
    user, reply = saved.messages
    assert user.content.startswith("Write a very long story")
    assert reply.state == "interrupted"
    assert streamed.startswith(reply.content)
    assert reply.content.startswith(before_cutoff) and len(before_cutoff) > 20


OPEN_READ_ONLY = """
import sys, time
from PySide6.QtWidgets import QApplication, QMessageBox
app = QApplication([])
from chatapp.core.paths import resolve_paths
from chatapp.gui.app import create_window
window = create_window(resolve_paths(sys.argv[1]))
window.show()
deadline = time.monotonic() + 20
while not window.keeper.is_ready and time.monotonic() < deadline:
    app.processEvents()
app.processEvents()
print(window.sidebar.titles())
print([box.text() for box in window.findChildren(QMessageBox)])
window.close()
"""


def test_a_read_only_data_folder_still_opens_the_window_with_the_old_chats(paths: AppPaths):
    _saved_chats(paths)
    store = _saved(paths)
    store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    folders = [paths.data_dir, paths.config_dir, paths.log_dir, paths.models_dir]
    for folder in folders:
        folder.chmod(0o555)
    try:
        result = subprocess.run(
            without_permission_bypass([sys.executable, "-c", OPEN_READ_ONLY, str(paths.data_dir)]),
            capture_output=True,
            text=True,
            timeout=120,
            cwd=REPO,
        )
    finally:
        for folder in folders:
            folder.chmod(0o755)
    assert result.returncode == 0, result.stderr
    titles, notices = result.stdout.splitlines()[-2:]
    assert titles == "['Soup recipe', 'Zoo trip']"
    assert "kept in memory until you quit" in notices
    assert "Traceback" not in result.stderr
