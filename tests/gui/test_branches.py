"""Branches in the window (fake backend): edit any message, move between siblings,
regenerate beside the old answer, delete with Undo, search into a branch not shown,
copy the branch shown."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication

from chatapp.core.paths import AppPaths
from chatapp.core.store import ConversationStore, open_store
from chatapp.gui.main_window import MainWindow
from chatapp.testing.fake_backend import FakeBackend
from tests import conftest
from tests.helpers.window import FAKE_TIMEOUT_MS, ask

REPO = conftest.REPO


def _chat(qtbot, window: MainWindow, backend: FakeBackend, *turns: str) -> None:
    for turn in turns:
        backend.tokens = (f"answer to {turn}",)
        ask(qtbot, window, turn, timeout=FAKE_TIMEOUT_MS)


def _click(window: MainWindow, link: str) -> None:
    window.chat_view.anchorClicked.emit(QUrl(link))


def _shown(window: MainWindow) -> list[str]:
    return [m.content for m in window.history]


def _refreshed(qtbot, window: MainWindow, text: str) -> None:
    qtbot.waitUntil(lambda: text in window.chat_view.toPlainText(), timeout=2000)


def test_edit_in_the_middle_makes_a_branch_and_the_old_one_is_kept(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend, paths: AppPaths
):
    window = fake_window
    _chat(qtbot, window, fake_backend, "one", "two", "three")
    _click(window, "edit:2")
    assert window.composer.draft == "two"
    assert _shown(window) == ["one", "answer to one"]
    assert "three" not in window.chat_view.toPlainText()
    assert window.conversations.branches.cancel_edit_button.isVisibleTo(window)
    window.composer.editor.clear()
    _chat(qtbot, window, fake_backend, "TWO")
    assert _shown(window) == ["one", "answer to one", "TWO", "answer to TWO"]
    _refreshed(qtbot, window, "‹ 2/2 ›")
    assert window.chat_view.message_count == 4
    _click(window, "branch-previous:2")
    assert _shown(window)[2:] == ["two", "answer to two", "three", "answer to three"]
    assert "‹ 1/2 ›" in window.chat_view.toPlainText()
    assert "answer to three" in window.chat_view.toPlainText()
    _click(window, "branch-next:2")
    assert _shown(window)[2:] == ["TWO", "answer to TWO"]
    chat_id = window.keeper.current.id
    window.close()
    store = ConversationStore(paths.conversations_db)
    saved = store.load(chat_id)
    store.close()
    assert saved is not None and [m.content for m in saved.messages][2:] == ["TWO", "answer to TWO"]
    assert sorted(m.content for m in saved.other_branches) == [
        "answer to three",
        "answer to two",
        "three",
        "two",
    ]


def test_cancelling_an_edit_leaves_the_chat_as_it_was(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend
):
    window = fake_window
    _chat(qtbot, window, fake_backend, "one", "two")
    before = window.chat_view.toPlainText()
    _click(window, "edit:0")
    cancel = window.conversations.branches.cancel_edit_button
    assert window.history == [] and cancel.isVisibleTo(window)
    cancel.click()
    _refreshed(qtbot, window, "answer to two")
    assert window.chat_view.toPlainText() == before
    assert _shown(window) == ["one", "answer to one", "two", "answer to two"]
    assert window.composer.draft == "" and not cancel.isVisibleTo(window)
    assert len(window.keeper.current.other_branches) == 0


def test_regenerate_keeps_both_answers_navigable_and_saved(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend, paths: AppPaths
):
    window = fake_window
    _chat(qtbot, window, fake_backend, "colour")
    fake_backend.tokens = ("Blue",)
    with qtbot.waitSignal(window.reply_completed, timeout=FAKE_TIMEOUT_MS):
        window.composer.regenerate_button.click()
    _refreshed(qtbot, window, "‹ 2/2 ›")
    assert _shown(window) == ["colour", "Blue"]
    _click(window, "branch-previous:1")
    assert _shown(window) == ["colour", "answer to colour"]
    assert "Blue" not in window.chat_view.toPlainText()
    chat_id = window.keeper.current.id
    window.close()
    store = ConversationStore(paths.conversations_db)
    saved = store.load(chat_id)
    store.close()
    assert saved is not None and [m.content for m in saved.messages] == [
        "colour",
        "answer to colour",
    ]
    assert [m.content for m in saved.other_branches] == ["Blue"]


def test_a_regenerated_reply_that_fails_shows_the_old_answer_again(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend
):
    window = fake_window
    _chat(qtbot, window, fake_backend, "colour")
    fake_backend.tokens = ()  # no text: the new reply is given up
    with qtbot.waitSignal(window.replies.reply_ended, timeout=FAKE_TIMEOUT_MS):
        window.composer.regenerate_button.click()
    _refreshed(qtbot, window, "answer to colour")
    assert _shown(window) == ["colour", "answer to colour"]
    assert window.composer.draft == ""


def test_delete_a_message_and_undo(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend, paths: AppPaths
):
    window = fake_window
    _chat(qtbot, window, fake_backend, "one", "two", "three")
    _click(window, "delete:2")
    assert _shown(window) == ["one", "answer to one"]
    assert "three" not in window.chat_view.toPlainText()
    undo = window.conversations.branches.undo_button
    assert undo.isVisibleTo(window)
    assert "Deleted 4 messages" in window.statusBar().currentMessage()
    undo.click()
    assert _shown(window)[2:] == ["two", "answer to two", "three", "answer to three"]
    assert "answer to three" in window.chat_view.toPlainText()
    _click(window, "delete:5")
    chat_id = window.keeper.current.id
    window.close()
    store = ConversationStore(paths.conversations_db)
    saved = store.load(chat_id)
    store.close()
    assert saved is not None and [m.content for m in saved.messages][-1] == "three"
    assert len(saved.messages) == 5


def test_search_opens_the_branch_that_holds_the_text(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend
):
    window = fake_window
    _chat(qtbot, window, fake_backend, "walrus")
    _click(window, "edit:0")
    window.composer.editor.clear()
    _chat(qtbot, window, fake_backend, "penguin")
    _refreshed(qtbot, window, "‹ 2/2 ›")
    qtbot.waitUntil(lambda: window.keeper.search("walrus") != [], timeout=5000)
    qtbot.keyClicks(window.sidebar.search_box, "walrus")
    results = window.sidebar.results
    assert results.count() == 2  # the question and its answer, both in the hidden branch
    rect = results.visualItemRect(results.item(0))
    qtbot.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert _shown(window) == ["walrus", "answer to walrus"]
    assert "penguin" not in window.chat_view.toPlainText()


def test_copy_the_branch_shown_as_markdown(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend
):
    window = fake_window
    _chat(qtbot, window, fake_backend, "one")
    QGuiApplication.clipboard().clear()
    window.conversations.branches.copy_branch_markdown()
    text = QGuiApplication.clipboard().text()
    assert "## You\n\none" in text and "## Assistant\n\nanswer to one" in text


@pytest.mark.model
def test_killing_the_app_mid_reply_on_a_second_branch_keeps_both(paths: AppPaths, test_model_path):
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.gui.kill_driver",
            str(test_model_path),
            str(paths.data_dir),
            "branch",
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    batches: list[str] = []
    regenerating = False
    try:
        for line in process.stdout:
            event = json.loads(line)
            assert event["kind"] not in ("failed", "finished"), f"no long reply: {event}"
            regenerating = regenerating or event["kind"] == "regenerating"
            if regenerating and event["kind"] == "batch":
                batches.append(event["text"])
                if len("".join(batches)) > 200:
                    time.sleep(1.5)  # past the next save of the streaming reply
                    break
        else:
            pytest.fail("the app ended before it streamed a second reply")
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=30)
        process.stdout.close()
    opened = open_store(paths.conversations_db)
    try:
        [summary] = opened.store.list_conversations()
        saved = opened.store.load(summary.id)
    finally:
        opened.store.close()
    assert saved is not None
    user, second = saved.messages
    [first] = saved.other_branches
    assert user.content.startswith("Write a very long story")
    assert first.parent_id == second.parent_id == user.id
    assert first.state == "complete" and first.content
    assert second.state == "interrupted"
    # Saved at least every second: what had streamed 1.5 s before the kill is there.
    assert second.content.startswith("".join(batches))


def test_a_branched_chat_exported_and_imported_again_keeps_its_branches(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend, tmp_path
):
    window = fake_window
    _chat(qtbot, window, fake_backend, "one", "two")
    _click(window, "edit:2")
    window.composer.editor.clear()
    _chat(qtbot, window, fake_backend, "TWO")
    original = window.keeper.current
    path = tmp_path / "chat.json"
    assert window.conversations.export_conversation(original, path, "json")
    assert window.conversations.import_conversation_file(path)
    imported = window.keeper.current
    assert imported.id != original.id
    assert _shown(window) == ["one", "answer to one", "TWO", "answer to TWO"]
    assert {m.id for m in imported.messages}.isdisjoint(m.id for m in original.messages)
    _refreshed(qtbot, window, "‹ 2/2 ›")
    _click(window, "branch-previous:2")
    assert _shown(window)[2:] == ["two", "answer to two"]
