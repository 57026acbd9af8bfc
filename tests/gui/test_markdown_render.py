"""Markdown as the conversation shows it: tables, quotes, line breaks, TeX math."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextTable

from chatapp.gui.chat_view import ChatView
from chatapp.gui.markdown_render import MarkdownRenderer
from chatapp.gui.theme import DARK, LIGHT


def render(text: str) -> str:
    return MarkdownRenderer().render(text, "m0").html


@pytest.fixture
def view(qtbot) -> ChatView:
    widget = ChatView()
    widget.resize(700, 500)
    qtbot.addWidget(widget)
    return widget


def test_tables_have_borders_and_a_header_row(view: ChatView):
    view.add_message("assistant", "| Name | Size |\n|:--|--:|\n| a | 1 |\n| b | 22 |")
    tables = [f for f in view.document().rootFrame().childFrames() if isinstance(f, QTextTable)]
    assert len(tables) == 1
    table = tables[0]
    assert (table.rows(), table.columns()) == (3, 2)
    assert table.format().border() >= 1
    header = table.cellAt(0, 0)
    assert header.format().toTableCellFormat().background().color().name() == LIGHT.table_header
    assert table.cellAt(1, 0).format().background().style().name == "NoBrush"
    assert header.firstCursorPosition().charFormat().fontWeight() >= 600
    assert 'align="right"' in render("| a | b |\n|--|--:|\n| 1 | 2 |")


def test_quotes_are_marked_and_muted():
    html = render("> one\n> two")
    assert "<blockquote" in html and "-qt-user-state" in html and LIGHT.muted in html


def test_single_line_breaks_are_kept(view: ChatView):
    view.add_message("assistant", "Roses are red,\nviolets are blue.")
    assert "Roses are red,\nviolets are blue." in view.toPlainText()
    assert "<br />" in render("a\nb")


@pytest.mark.parametrize(
    ("source", "math"),
    [
        ("the area is $\\pi r^2$ here", "\\pi r^2"),
        ("so \\(a+b\\) is", "a+b"),
        ("$$E = mc^2$$", "E = mc^2"),
        ("\\[x_1 * y_2 * z\\]", "x_1 * y_2 * z"),
        ("$$\n\\frac{a}{b}\n$$", "\\frac{a}{b}"),
    ],
)
def test_tex_math_is_shown_as_code(source: str, math: str):
    html = render(source)
    assert f">{math}</code>" in html
    assert "$" not in html and "\\(" not in html and "\\[" not in html


def test_display_math_is_centred():
    assert '<p align="center">' in render("$$E = mc^2$$")
    assert '<p align="center">' not in render("inline $x$ only")


@pytest.mark.parametrize(
    "text",
    ["It costs $5 and $10.", "Between $ 3 and $4", "Pay $5, or $x then", "a $ b $ c"],
)
def test_dollars_in_prose_stay_text(text: str):
    html = render(text)
    assert "<code" not in html and text.count("$") == html.count("$")


def test_code_blocks_follow_the_theme_colours():
    renderer = MarkdownRenderer(LIGHT)
    light = renderer.render("```python\nimport os\n```", "m0")
    renderer.colors = DARK
    dark = renderer.render("```python\nimport os\n```", "m0")
    assert light.code_blocks == dark.code_blocks == {"m0-0": "import os\n"}
    assert light.html != dark.html and DARK.text in dark.html
    assert "copy-code:m0-0" in dark.html and ">python\t" in dark.html


def test_a_code_block_is_highlighted_once_while_its_text_and_theme_stay(monkeypatch):
    import pygments

    calls: list[str] = []
    highlight = pygments.highlight

    def counted(code: str, lexer: object, formatter: object) -> str:
        calls.append(code)
        return highlight(code, lexer, formatter)

    monkeypatch.setattr(pygments, "highlight", counted)
    renderer = MarkdownRenderer(LIGHT)
    first = "```python\nimport os\n```\n\n"
    one = renderer.render(first, "m0")
    two = renderer.render(first + "```python\nprint(1)\n```", "m0")  # the reply grew
    assert calls == ["import os\n", "print(1)\n"]
    assert one.html in two.html  # the same highlighted block, taken again
    renderer.colors = DARK
    renderer.render(first, "m0")
    assert calls[-1] == "import os\n" and len(calls) == 3  # another theme: again


def test_rendering_a_streaming_reply_lays_the_document_out_once(view: ChatView):
    view.add_message("user", "explain")
    view.begin_reply()
    for n in range(8):
        view.append_to_reply(f"Step {n} is *short*.\n\n```python\nstep({n})\n```\n\n")
    changes: list[tuple[int, int, int]] = []
    view.document().contentsChange.connect(lambda *change: changes.append(change))
    view._render_streaming_reply()
    assert len(changes) == 1  # one edit: shaping its blocks did not relayout each
    assert view.toPlainText().count("Copy code") == 8 and "Step 7 is short." in view.toPlainText()
    view.stop_rendering()


def test_tables_keep_their_room_when_written_in_one_edit(view: ChatView):
    from chatapp.core.conversation import StoredMessage
    from chatapp.gui import chat_look

    table = "| a | b |\n|---|---|\n| 1 | 2 |"
    view.show_conversation([StoredMessage("assistant", f"Text first.\n\n{table}")] * 30)
    view.add_message("user", "and after code?")
    view.begin_reply()
    view.append_to_reply(f"```python\nx = 1\n```\n\n{table}")
    view._render_streaming_reply()
    frames = view.document().rootFrame().childFrames()
    assert view.written_range == (0, 32) and len(frames) == 31  # the user asked no table
    margins = [frame.frameFormat().topMargin() for frame in frames]
    assert margins[:-1] == [8] * (len(frames) - 1)  # written when the chat opened
    assert margins[-1] == chat_look.PAD_Y + 14  # the streaming reply's, below its code
    view.stop_rendering()


def test_tables_already_shaped_are_left_alone(view: ChatView):
    from chatapp.core.conversation import StoredMessage
    from chatapp.gui import chat_look

    view.show_conversation([StoredMessage("assistant", "| a | b |\n|---|---|\n| 1 | 2 |")] * 5)
    changes: list[tuple[int, int, int]] = []
    view.document().contentsChange.connect(lambda *change: changes.append(change))
    chat_look.shape_tables(view.document())  # what every paging turn does after writing
    assert changes == []
    assert {f.frameFormat().topMargin() for f in view.document().rootFrame().childFrames()} == {8}
