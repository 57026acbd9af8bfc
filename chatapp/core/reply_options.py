"""ReplyOptions: what one request asks of a reply beyond the sampling settings.

``SamplingParams`` are the user's saved settings; these options belong to one request
(an API call): extra stop strings, a grammar that constrains the output, OpenAI's
presence and frequency penalties, and whether the reply's leading whitespace is kept.
A backend that takes them (the local engine) is an ``OptionsBackend``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any, Protocol, runtime_checkable

from chatapp.core.backend import ReplyOptions, ReplyStats
from chatapp.core.conversation import OverflowPolicy
from chatapp.core.settings import SamplingParams
from chatapp.core.templates import Message

__all__ = ["GrammarError", "OptionsBackend", "ReplyOptions", "json_grammar"]


class GrammarError(ValueError):
    """A JSON schema that cannot be turned into a grammar; ``str()`` says why."""


def json_grammar(schema: dict[str, Any] | None) -> str:
    """GBNF for any JSON object (``schema`` None) or for JSON valid against ``schema``,
    with llama.cpp's own converter. Raises GrammarError for a schema it cannot express."""
    from llama_cpp import llama_grammar

    if schema is None:
        return _JSON_OBJECT_GBNF
    if _remote_reference(schema):
        # The converter would fetch it over the network: never on a request's say-so.
        raise GrammarError("only local references ($ref starting with #) can be used")
    try:
        return str(llama_grammar.json_schema_to_gbnf(json.dumps(schema)))
    except RecursionError:
        raise GrammarError("the schema is nested too deeply") from None
    except Exception as exc:  # the converter raises bare Exceptions, KeyErrors, ...
        raise GrammarError(f"the schema cannot be used: {exc!s:.200}") from None


def _remote_reference(node: Any, depth: int = 0) -> bool:
    if depth > 100:
        raise GrammarError("the schema is nested too deeply")
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            return True
        return any(_remote_reference(value, depth + 1) for value in node.values())
    if isinstance(node, list):
        return any(_remote_reference(value, depth + 1) for value in node)
    return False


# llama.cpp's grammars/json.gbnf with whitespace bounded, so that a small model cannot
# fill the reply with spaces, and an object at the top (OpenAI's json_object).
_JSON_OBJECT_GBNF = r"""
root   ::= object
value  ::= object | array | string | number | ("true" | "false" | "null") ws
object ::= "{" ws ( string ":" ws value ("," ws string ":" ws value)* )? "}" ws
array  ::= "[" ws ( value ("," ws value)* )? "]" ws
string ::= "\"" ( [^"\\\x7F\x00-\x1F] | "\\" (["\\bfnrt] | "u" [0-9a-fA-F]{4}) )* "\"" ws
number ::= ("-"? ([0-9] | [1-9] [0-9]{0,15})) ("." [0-9]{1,16})? ([eE] [-+]? [0-9] [1-9]{0,15})? ws
ws     ::= | " " | "\n" [ \t]{0,20}
"""


@runtime_checkable
class OptionsBackend(Protocol):
    """A backend that honours ReplyOptions and writes raw completions (the local engine).

    Both methods keep the ``ChatBackend.stream_reply`` contract: text pieces, then one
    ReplyStats whose ``prompt_tokens_total`` and ``generated_tokens`` are exact."""

    def stream_reply(
        self,
        messages: list[Message],
        sampling: SamplingParams,
        cancel: threading.Event | None = None,
        *,
        policy: OverflowPolicy = OverflowPolicy.KEEP_SYSTEM,
        start: int = 0,
        options: ReplyOptions | None = None,
    ) -> Iterator[str | ReplyStats]:
        """The reply to ``messages`` with ``options``."""
        ...

    def stream_completion(
        self,
        prompt: str,
        sampling: SamplingParams,
        cancel: threading.Event | None = None,
        *,
        options: ReplyOptions | None = None,
    ) -> Iterator[str | ReplyStats]:
        """The continuation of ``prompt`` (no chat template)."""
        ...

    def tokenize(self, text: str) -> list[int]:
        """Tokens of ``text`` (special tokens parsed, no BOS added)."""
        ...
