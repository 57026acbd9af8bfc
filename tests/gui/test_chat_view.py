"""The conversation view on its own: Markdown, copy links, streaming, scrolling."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QGuiApplication

from chatapp.core.backend import ReplyStats
from chatapp.gui import chat_view as chat_view_module
from chatapp.gui.chat_view import ChatView

STATS = ReplyStats(3, 0.1, 20, 0.5, 0.1, "stop", 3, 0)


@pytest.fixture
def view(qtbot) -> ChatView:
    widget = ChatView()
    widget.resize(500, 300)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_markdown_and_highlighted_code_with_copy_links(qtbot, view: ChatView):
    view.add_message("user", "Show me **code**")
    view.add_message("assistant", "Here:\n\n```python\nprint('<hi>')\n```\n\nDone **now**.")
    text = view.toPlainText()
    assert "Show me **code**" in text  # the user's words are shown as typed
    assert "Done now." in text and "print('<hi>')" in text
    assert "Copy code" in text
    html = view.toHtml()
    assert "font-weight:700" in html or "font-weight:600" in html
    with qtbot.waitSignal(view.copied) as copied:
        view.anchorClicked.emit(QUrl("copy-code:m1-0"))
    assert copied.args == ["Code copied"]
    assert QGuiApplication.clipboard().text() == "print('<hi>')\n"
    view.anchorClicked.emit(QUrl("copy-message:0"))
    assert QGuiApplication.clipboard().text() == "Show me **code**"


def test_streaming_touches_only_the_current_message(qtbot, view: ChatView, monkeypatch):
    for i in range(30):
        view.add_message("user" if i % 2 == 0 else "assistant", f"message {i} with *markdown*")
    before = view.document().findBlockByNumber(5).text()
    rendered: list[int] = []
    original = view._render_body
    monkeypatch.setattr(view, "_render_body", lambda m: (rendered.append(m.index), original(m)))
    view.begin_reply()
    for piece in ["Hello ", "**wor", "ld**", " and `code`"]:
        view.append_to_reply(piece)
    assert view.toPlainText().endswith("Hello **world** and `code`")  # plain while streaming
    qtbot.waitUntil(lambda: view.toPlainText().endswith("Hello world and code"), timeout=2_000)
    view.end_reply(STATS)
    assert set(rendered) == {30}
    assert view.document().findBlockByNumber(5).text() == before
    assert view.toPlainText().endswith(
        "20 tokens · 38.0 tok/s · first token after 0.10 s · finished"
    )
    assert not view._render_timer.isActive()


def test_rendering_is_throttled(qtbot, view: ChatView, monkeypatch):
    monkeypatch.setattr(chat_view_module, "RENDER_INTERVAL_MS", 250)
    calls: list[int] = []
    original = view._render_streaming_reply
    monkeypatch.setattr(view, "_render_streaming_reply", lambda: (calls.append(1), original()))
    view._render_timer.timeout.disconnect()
    view._render_timer.timeout.connect(view._render_streaming_reply)
    view.begin_reply()
    for i in range(200):
        view.append_to_reply(f"word{i} ")
    qtbot.wait(400)
    view.end_reply(STATS)
    assert 1 <= len(calls) <= 2


def test_scrolling_up_is_never_yanked_back(qtbot, view: ChatView):
    for i in range(80):
        view.add_message("user", f"line {i}")
    bar = view.verticalScrollBar()
    assert bar.value() == bar.maximum() > 0  # followed while at the bottom
    bar.setValue(10)
    view.begin_reply()
    view.append_to_reply("new text " * 50)
    assert bar.value() == 10
    bar.setValue(bar.maximum())
    view.append_to_reply("more text " * 50)
    assert bar.value() == bar.maximum()
    view.end_reply(STATS)


def test_remove_last_message(view: ChatView):
    view.add_message("user", "keep me")
    view.begin_reply()
    view.append_to_reply("drop me")
    view.end_reply(STATS)
    view.remove_last_message()
    assert view.toPlainText() == "You  Copy · Edit · Delete\nkeep me"
    assert view.message_count == 1


def _stats(finish: str, *, exact: bool = True) -> ReplyStats:
    return ReplyStats(12, 0.1, 40, 1.0, 0.1, finish, counts_exact=exact)  # type: ignore[arg-type]


def test_a_reply_stopped_by_a_full_context_says_so():
    line = chat_view_module.describe_stats(_stats("context_full"))
    assert "context is full" in line and "token limit" not in line
    assert "Max tokens" in chat_view_module.describe_stats(_stats("length"))


@pytest.mark.parametrize("finish", ["stop", "length", "context_full", "cancelled", "error"])
def test_every_finish_reason_has_words(finish: str):
    assert chat_view_module.describe_stats(_stats(finish))


def test_estimated_counts_are_marked():
    assert chat_view_module.describe_stats(_stats("stop", exact=False)).startswith("≈40 tokens")
    assert chat_view_module.describe_stats(_stats("stop")).startswith("40 tokens")


def reply_lines(view: ChatView) -> list[str]:
    """The document's lines from the last "Assistant" name on, the name's links left off."""
    lines = view.toPlainText().split("\n")
    last = max(i for i, line in enumerate(lines) if line.startswith("Assistant"))
    return ["Assistant"] + lines[last + 1 :]


def test_a_reply_that_starts_with_a_list_has_no_empty_line_above_it(qtbot, view: ChatView):
    view.add_message("user", "Name three colours.")
    view.add_message("assistant", "1. Red\n2. Green\n3. Blue")
    assert reply_lines(view) == ["Assistant", "Red", "Green", "Blue"]
    first = view.document().findBlock(view.document().find("Red").selectionStart())
    assert first.textList() is not None and first.previous().text().startswith("Assistant")
    assert first.previous().blockFormat().topMargin() > 0  # the name keeps its room above

    view.begin_reply()  # streamed, rendered while it streams, then once more at the end
    view.append_to_reply("- one\n")
    view._render_streaming_reply()
    view.append_to_reply("- two\n\nAnd a **closing** line.")
    view._render_streaming_reply()
    assert reply_lines(view) == ["Assistant", "one", "two", "And a closing line."]
    view.end_reply(STATS)
    assert reply_lines(view)[:4] == ["Assistant", "one", "two", "And a closing line."]
    assert view.toPlainText().endswith("first token after 0.10 s · finished")
    view.add_message("assistant", "Sure:\n\n- a\n- b")  # a list after text keeps its gap
    assert reply_lines(view) == ["Assistant", "Sure:", "a", "b"]


def test_a_code_line_wider_than_the_view_wraps_instead_of_widening_it(qtbot, view: ChatView):
    wide = "x = compute(" + ", ".join(f"argument_{i}" for i in range(30)) + ")"
    view.add_message("assistant", f"Here:\n\n```python\ndef f():\n    {wide}\n```\n\nDone.")
    QCoreApplication.processEvents()
    assert view.document().size().width() <= view.viewport().width()
    assert view.horizontalScrollBar().maximum() == 0
    line = view.document().find("argument_29").block()
    assert line.layout().lineCount() > 1  # wrapped on screen ...
    assert line.text() == f"    {wide}"  # ... one line in the text, its indent kept
    view.anchorClicked.emit(QUrl("copy-code:m0-0"))
    assert QGuiApplication.clipboard().text() == f"def f():\n    {wide}\n"
