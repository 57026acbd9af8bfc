"""Markdown to the HTML subset QTextDocument understands, with highlighted code blocks.

Each code block gets a "Copy code" link (``copy-code:<key>``); the code's text is
returned beside the HTML so that the view can put it on the clipboard.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt

CODE_BACKGROUND = "#f6f8fa"
# Code boxes stay light in a dark theme too, so their text colour is set, not inherited.
CODE_FOREGROUND = "#24292f"


@dataclass
class RenderedMarkdown:
    """HTML for one message and the code blocks it contains, by link key."""

    html: str
    code_blocks: dict[str, str] = field(default_factory=dict)


class MarkdownRenderer:
    """CommonMark with tables and strikethrough; raw HTML in messages is shown as text."""

    def __init__(self) -> None:
        self._md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
        self._formatter: Any = None  # Pygments is imported at the first code block

        # markdown-it binds render rules to its renderer, so hand it a plain function.
        def code_rule(
            _renderer: object, tokens: list[Any], idx: int, _options: object, env: dict[str, Any]
        ) -> str:
            return self._code_block(tokens[idx], env)

        self._md.add_render_rule("fence", code_rule)
        self._md.add_render_rule("code_block", code_rule)

    def render(self, text: str, key_prefix: str) -> RenderedMarkdown:
        env: dict[str, Any] = {"codes": {}, "prefix": key_prefix}
        rendered = self._md.render(text, env)
        return RenderedMarkdown(rendered, env["codes"])

    def _highlight(self, code: str, language: str) -> str:
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import TextLexer, get_lexer_by_name
        from pygments.util import ClassNotFound

        if self._formatter is None:
            self._formatter = HtmlFormatter(nowrap=True, noclasses=True, style="friendly")
        try:
            lexer = get_lexer_by_name(language) if language else TextLexer()
        except ClassNotFound:
            lexer = TextLexer()
        return str(highlight(code, lexer, self._formatter)).rstrip("\n")

    def _code_block(self, token: Any, env: dict[str, Any]) -> str:
        language = token.info.strip().split()[0] if token.info and token.info.strip() else ""
        key = f"{env['prefix']}-{len(env['codes'])}"
        env["codes"][key] = token.content
        code = self._highlight(token.content, language)
        label = html.escape(language) + " · " if language else ""
        return (
            f'<p style="margin:0"><small>{label}<a href="copy-code:{key}">Copy code</a></small></p>'
            f'<table width="100%" cellpadding="6" style="background-color:{CODE_BACKGROUND}">'
            f'<tr><td><pre style="color:{CODE_FOREGROUND}">{code}</pre></td></tr></table>'
        )
