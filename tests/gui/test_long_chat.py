"""A long chat in the conversation view: only what is near the view is written in the
document; earlier messages come as the user scrolls up (or jumps to a search hit), and
what they show and their links still belong to the right message."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QGuiApplication, QTextBlock, QTextCursor

from chatapp.core.backend import ReplyStats
from chatapp.core.conversation import StoredMessage
from chatapp.gui import chat_pager
from chatapp.gui.chat_view import CONTEXT_MARKER, ChatView

STATS = ReplyStats(3, 0.1, 20, 0.5, 0.1, "stop", 3, 0)


def question(n: int) -> str:
    return f"Question number {n}: how does step {n} work?"


def code(n: int) -> str:
    return f"def step_{n}():\n    return {n}\n"


def answer(n: int) -> str:
    return f"Step {n} is **simple**:\n\n```python\n{code(n)}```\n\nDone with step {n}."


def chat(count: int) -> list[StoredMessage]:
    return [
        StoredMessage("user", question(n)) if n % 2 == 0 else StoredMessage("assistant", answer(n))
        for n in range(count)
    ]


@pytest.fixture
def view(qtbot) -> Iterator[ChatView]:
    widget = ChatView()
    widget.resize(600, 400)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.stop_rendering()


def settle() -> None:
    QCoreApplication.processEvents()
    QCoreApplication.processEvents()


def scroll_up_to_the_first_message(view: ChatView, most_blocks: list[int]) -> int:
    bar = view.verticalScrollBar()
    for turn in range(5_000):
        if view.written_range[0] == 0 and bar.value() == 0:
            return turn
        bar.setValue(bar.value() - view.viewport().height() // 2)
        QCoreApplication.processEvents()
        most_blocks.append(view.document().blockCount())
    raise AssertionError(f"never reached the first message: {view.written_range}")


def header_link(view: ChatView, text: str, kind: str) -> tuple[str, QPoint]:
    """The link of ``kind`` beside the name of the message showing ``text``: its target,
    and where it is on screen (scrolled into view)."""
    found = view.document().find(text)
    assert not found.isNull(), f"{text!r} is not in the document"
    block: QTextBlock = found.block().previous()
    fragment = next(
        it.fragment()
        for it in _fragments(block)
        if it.fragment().charFormat().anchorHref().startswith(f"{kind}:")
    )
    return fragment.charFormat().anchorHref(), on_screen(view, fragment.position() + 1)


def on_screen(view: ChatView, position: int) -> QPoint:
    """Where the text at ``position`` is in the viewport, scrolled into view."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(position)
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    return view.cursorRect(cursor).center()


def _fragments(block: QTextBlock) -> Iterator[Any]:
    it = block.begin()
    while not it.atEnd():
        yield it
        it += 1


def test_opening_a_long_chat_writes_only_its_last_messages(view: ChatView):
    messages = chat(5_000)
    view.show_conversation(messages)
    settle()
    first, end = view.written_range
    assert end == 5_000 and 0 < end - first <= chat_pager.OPEN_MESSAGES
    assert view.document().blockCount() < 400
    assert view.message_count == 5_000
    assert view.message_text(0) == question(0)  # every message is still there by index
    text = view.toPlainText()
    assert "Done with step 4999." in text and question(0) not in text
    bar = view.verticalScrollBar()
    assert bar.value() == bar.maximum() > 0


def test_scrolling_up_writes_earlier_messages_until_the_first(view: ChatView, monkeypatch):
    monkeypatch.setattr(chat_pager, "MAX_BLOCKS", 300)
    view.show_conversation(chat(300))
    settle()
    blocks: list[int] = []
    scroll_up_to_the_first_message(view, blocks)
    first, end = view.written_range
    assert first == 0 and end < 300  # the end of the chat left the document on the way
    assert max(blocks) < 300 + 200
    assert view.toPlainText().startswith(f"You  Copy · Edit · Delete\n{question(0)}")
    bar = view.verticalScrollBar()
    for _ in range(5_000):
        if view.written_range[1] == 300 and bar.value() == bar.maximum():
            break
        bar.setValue(bar.value() + view.viewport().height() // 2)
        QCoreApplication.processEvents()
    assert view.written_range[1] == 300 and view.written_range[0] > 0
    assert view.toPlainText().endswith("Done with step 299.")


def test_a_search_hit_at_the_first_message_writes_it_and_shows_it(view: ChatView):
    view.show_conversation(chat(5_000), context_start=1)
    settle()
    view.scroll_to_message(0)
    assert view.written_range[0] == 0 and view.highlighted_index == 0
    assert view.extraSelections()[0].cursor.selectedText().endswith(question(0))
    cursor = view.document().find(question(0))
    rect = view.cursorRect(cursor)
    assert 0 <= rect.top() < view.viewport().height()
    assert CONTEXT_MARKER in view.toPlainText()  # the marker before message 1, written too
    settle()


def test_links_of_a_message_written_later_act_on_that_message(qtbot, view: ChatView):
    view.show_conversation(chat(2_000))
    settle()
    view.scroll_to_message(41)
    settle()
    scroll_up_to_the_first_message(view, [])
    href, point = header_link(view, question(2), "edit")
    assert href == "edit:2"
    with qtbot.waitSignal(view.edit_requested) as edit:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert edit.args == [2]
    _, point = header_link(view, question(2), "copy-message")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert QGuiApplication.clipboard().text() == question(2)
    copy_code = view.document().find("Copy code", view.document().find("Step 3 is"))
    point = on_screen(view, copy_code.selectionStart() + 2)
    QGuiApplication.clipboard().setText("something else")
    with qtbot.waitSignal(view.copied):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert QGuiApplication.clipboard().text() == code(3)


def test_a_reply_streaming_out_of_the_document_is_written_when_reached(view: ChatView):
    view.show_conversation(chat(1_000))
    settle()
    view.scroll_to_message(0)
    settle()
    blocks = view.document().blockCount()
    view.begin_reply()
    for piece in ["The **new** ", "answer ", "streams."]:
        view.append_to_reply(piece)
    view.end_reply(STATS)
    assert view.document().blockCount() == blocks  # nothing of it written up here
    assert view.message_count == 1_001 and view.message_text(1_000).endswith("streams.")
    bar = view.verticalScrollBar()
    for _ in range(20_000):
        if view.written_range[1] == 1_001 and bar.value() == bar.maximum():
            break
        bar.setValue(bar.value() + view.viewport().height())
        QCoreApplication.processEvents()
    assert view.toPlainText().endswith(
        "The new answer streams.\n20 tokens · 38.0 tok/s · first token after 0.10 s · finished"
    )


def test_the_context_marker_moves_in_a_long_chat_as_in_a_fresh_view(qtbot, view: ChatView):
    messages = chat(3_000)
    view.show_conversation(messages)
    first = view.written_range[0]

    def fresh(context_start: int) -> str:
        other = ChatView()
        other.resize(600, 400)
        qtbot.addWidget(other)
        other.show_conversation(messages, context_start)
        assert other.written_range == view.written_range
        return other.toHtml()

    for start in (first, first + 3, first + 1, 0):  # the first message written, then others
        view.set_context_start(start)
        assert view.context_marker_index == (start or None)
        assert view.toHtml() == fresh(start), start
    assert CONTEXT_MARKER not in view.toPlainText()


def test_showing_the_chat_again_keeps_the_place_in_it(view: ChatView, monkeypatch):
    monkeypatch.setattr(chat_pager, "MAX_BLOCKS", 150)
    messages = chat(400)
    view.show_conversation(messages)
    settle()
    bar = view.verticalScrollBar()
    for _ in range(60):  # well up from the end, messages written on the way
        bar.setValue(bar.value() - view.viewport().height() // 2)
        QCoreApplication.processEvents()
    settle()
    before = view.viewport().grab().toImage()
    written = view.written_range
    assert written[0] > 0 and written[1] < 400  # away from both ends of the chat
    view.show_conversation(messages, keep_place=True)  # e.g. another branch shown
    assert view.written_range == written
    assert view.viewport().grab().toImage() == before
    view.show_conversation(messages)
    assert bar.value() == bar.maximum() and view.written_range[1] == 400


def test_a_paging_turn_renders_a_reply_or_writes_it_never_both(view: ChatView, monkeypatch):
    view.show_conversation(chat(200))
    settle()
    renders: list[str] = []
    render = view._markdown.render

    def counted(text: str, prefix: str) -> Any:
        renders.append(text)
        return render(text, prefix)

    monkeypatch.setattr(view._markdown, "render", counted)
    bar = view.verticalScrollBar()
    first, turns = view.written_range[0], 0
    while view.written_range[0] > 120:
        bar.setValue(0)
        before, count = view.written_range, len(renders)
        view._on_page_timer_timeout()
        turns += 1
        wrote = view.written_range != before
        assert not (wrote and len(renders) > count), f"turn {turns} rendered and wrote"
        assert len(renders) - count <= 1
    lo = view.written_range[0]
    answers = [answer(n) for n in range(lo, first) if n % 2]
    assert renders[: len(answers)] == answers[::-1]  # each once, nearest first
    assert turns >= 2 * len(answers) > 0
    assert f"Done with step {lo + 1}." in view.toPlainText()
