"""Markdown to the HTML subset QTextDocument understands, with highlighted code blocks.

Single line breaks stay as the model wrote them; tables get borders and a header row;
LaTeX (``$...$``, ``$$...$$``, ``\\(...\\)``, ``\\[...\\]``) is shown as code. A dollar
opens math only when no space follows it and closes it only when no space comes before
it and no digit after it, so "$5 and $10" stays text.

Each code block gets a head with its language and a "Copy code" link
(``copy-code:<key>``); the code's text is returned beside the HTML so that the view can
put it on the clipboard. Blocks the view paints around are marked with
``-qt-user-state`` (see ``chat_look``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from PySide6.QtCore import QCoreApplication

from chatapp.core.messages import QT_TRANSLATE_NOOP
from chatapp.gui.chat_look import CODE_HEAD, QUOTE_START
from chatapp.gui.theme import LIGHT, ThemeColors

# Shown in the window's language when a message is rendered (the view renders its
# messages again after a language switch).
COPY_CODE = QT_TRANSLATE_NOOP("MarkdownRenderer", "Copy code")
CODE = QT_TRANSLATE_NOOP("MarkdownRenderer", "code")  # the head of a block with no language
_ALIGN = re.compile(r"text-align:\s*(left|right|center)")
HIGHLIGHT_CACHE_SIZE = 256  # code blocks kept highlighted


@dataclass
class RenderedMarkdown:
    """HTML for one message and the code blocks it contains, by link key."""

    html: str
    code_blocks: dict[str, str] = field(default_factory=dict)


def _closing_dollar(src: str, start: int, end: int) -> int:
    """Where the ``$`` closing inline math opened just before ``start`` is (-1: none)."""
    pos = start
    while True:
        pos = src.find("$", pos, end)
        if pos < 0:
            return -1
        before = src[pos - 1]
        after = src[pos + 1] if pos + 1 < end else ""
        if not before.isspace() and before != "\\" and not after.isdigit():
            return pos
        pos += 1


def _math_rule(state: StateInline, silent: bool) -> bool:
    """Inline rule: TeX math as a ``math_inline`` or ``math_display`` token."""
    src, pos, end = state.src, state.pos, state.posMax
    for opener, closer, kind in (("\\(", "\\)", "inline"), ("\\[", "\\]", "display")):
        if src.startswith(opener, pos):
            close = src.find(closer, pos + 2, end)
            if close < 0 or not src[pos + 2 : close].strip():
                return False
            return _math_token(state, silent, kind, src[pos + 2 : close], close + 2)
    if src[pos] != "$":
        return False
    if src.startswith("$$", pos):
        close = src.find("$$", pos + 2, end)
        if close < 0 or not src[pos + 2 : close].strip():
            return False
        return _math_token(state, silent, "display", src[pos + 2 : close], close + 2)
    if pos + 1 >= end or src[pos + 1].isspace():
        return False
    close = _closing_dollar(src, pos + 1, end)
    if close < 0:
        return False
    return _math_token(state, silent, "inline", src[pos + 1 : close], close + 1)


def _math_token(state: StateInline, silent: bool, kind: str, content: str, after: int) -> bool:
    if not silent:
        token = state.push(f"math_{kind}", "code", 0)
        token.content = content.strip()
    state.pos = after
    return True


def _centre_display_math(state: Any) -> None:
    """A paragraph that is only display math is centred."""
    tokens = state.tokens
    for index, token in enumerate(tokens):
        children = token.children or []
        if token.type == "inline" and [c.type for c in children] == ["math_display"]:
            tokens[index - 1].attrSet("align", "center")


class MarkdownRenderer:
    """CommonMark with tables, strikethrough and TeX math; raw HTML in messages is shown
    as text. ``colors`` are the theme's (code highlighting, borders); ``mono`` is the
    font family for code."""

    def __init__(self, colors: ThemeColors = LIGHT, mono: str = "monospace") -> None:
        self.colors = colors
        self._mono = mono
        self._md = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable(
            ["table", "strikethrough"]
        )
        self._md.inline.ruler.before("escape", "math", _math_rule)
        self._md.core.ruler.push("centre_display_math", _centre_display_math)
        self._formatters: dict[str, Any] = {}  # Pygments is imported at the first code block
        self._lexers: dict[str, Any] = {}  # by language name, made once each
        # Highlighted code by (code, language, style): a streaming reply is rendered again
        # every 250 ms, and all but its last code block are the same each time.
        self._highlighted: dict[tuple[str, str, str], str] = {}

        # markdown-it binds render rules to its renderer, so hand it plain functions.
        def rule(method: Any) -> Any:
            def render(
                renderer: Any, tokens: list[Any], idx: int, options: Any, env: dict[str, Any]
            ) -> str:
                return str(method(renderer, tokens, idx, options, env))

            return render

        for name, method in (
            ("fence", self._code_block),
            ("code_block", self._code_block),
            ("code_inline", self._code_inline),
            ("math_inline", self._code_inline),
            ("math_display", self._code_inline),
            ("table_open", self._table_open),
            ("th_open", self._cell_open),
            ("td_open", self._cell_open),
            ("blockquote_open", self._blockquote_open),
        ):
            self._md.add_render_rule(name, rule(method))

    def render(self, text: str, key_prefix: str) -> RenderedMarkdown:
        env: dict[str, Any] = {"codes": {}, "prefix": key_prefix}
        rendered = self._md.render(text, env)
        return RenderedMarkdown(rendered, env["codes"])

    def _highlight(self, code: str, language: str) -> str:
        key = (code, language, self.colors.pygments_style)
        done = self._highlighted.get(key)
        if done is None:
            done = self._highlighted[key] = self._highlight_now(code, language)
            if len(self._highlighted) > HIGHLIGHT_CACHE_SIZE:
                del self._highlighted[next(iter(self._highlighted))]
        return done

    def _highlight_now(self, code: str, language: str) -> str:
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import TextLexer, get_lexer_by_name
        from pygments.util import ClassNotFound

        style = self.colors.pygments_style
        if style not in self._formatters:
            self._formatters[style] = HtmlFormatter(nowrap=True, noclasses=True, style=style)
        lexer = self._lexers.get(language)
        if lexer is None:
            try:
                lexer = get_lexer_by_name(language) if language else TextLexer()
            except ClassNotFound:
                lexer = TextLexer()
            if len(self._lexers) < 100:
                self._lexers[language] = lexer
        return str(highlight(code, lexer, self._formatters[style])).rstrip("\n")

    def _code_block(
        self, _r: Any, tokens: list[Any], idx: int, _o: Any, env: dict[str, Any]
    ) -> str:
        token = tokens[idx]
        language = token.info.strip().split()[0] if token.info and token.info.strip() else ""
        key = f"{env['prefix']}-{len(env['codes'])}"
        env["codes"][key] = token.content
        code = self._highlight(token.content, language)
        colors = self.colors
        label = html.escape(language.lower()) if language else _translated(CODE)
        return (
            f'<p style="-qt-user-state:{CODE_HEAD}; white-space:pre-wrap; '
            f'color:{colors.muted}; font-size:small">{label}\t'
            f'<a href="copy-code:{key}" style="color:{colors.muted}; text-decoration:none">'
            f"{_translated(COPY_CODE)}</a></p>"
            f'<pre style="color:{colors.text}; font-family:{self._mono}">{code}</pre>'
        )

    def _code_inline(self, _r: Any, tokens: list[Any], idx: int, _o: Any, _e: Any) -> str:
        content = html.escape(tokens[idx].content)
        return (
            f'<code style="font-family:{self._mono}; '
            f'background-color:{self.colors.code_bg}">{content}</code>'
        )

    def _table_open(self, *_args: Any) -> str:
        return (
            f'<table border="1" cellspacing="0" cellpadding="6" bordercolor="{self.colors.border}"'
            ' style="border-collapse:collapse">'
        )

    def _cell_open(self, _r: Any, tokens: list[Any], idx: int, _o: Any, _e: Any) -> str:
        token = tokens[idx]
        found = _ALIGN.search(str(token.attrGet("style") or ""))
        align = f' align="{found.group(1)}"' if found else ""
        if token.tag == "th":
            return f'<th{align} style="background-color:{self.colors.table_header}">'
        return f"<td{align}>"

    def _blockquote_open(self, *_args: Any) -> str:
        return f'<blockquote style="-qt-user-state:{QUOTE_START}; color:{self.colors.muted}">'


def _translated(text: str) -> str:
    return html.escape(QCoreApplication.translate("MarkdownRenderer", text))  # i18n: checked
