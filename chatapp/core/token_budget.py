"""How much of the context a conversation takes, counted without the engine.

With the model's ``tokenizer.json`` (the catalog downloads it for OpenChat, as the
original chatbot used it) the ``tokenizers`` library counts each message; counts are
cached per message text, so only the draft is counted while the user types. Without
one, the engine's count of the last prompt is used, with an estimate for the rest.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from chatapp.core.templates import Message

log = logging.getLogger(__name__)

TOKENIZER_FILE = "tokenizer.json"
# Role markers and separators a chat template adds around each message.
MESSAGE_OVERHEAD = 5
DEFAULT_CHARS_PER_TOKEN = 3.6
_CACHE_LIMIT = 20_000


class TokenCounter(Protocol):
    """Counts the tokens of a text."""

    def count(self, text: str) -> int: ...


class TokenizerFileCounter:
    """Counts with a Hugging Face ``tokenizer.json`` through the ``tokenizers`` library."""

    def __init__(self, path: Path) -> None:
        from tokenizers import Tokenizer

        self.path = path
        self._tokenizer = Tokenizer.from_file(str(path))

    @property
    def vocab_size(self) -> int:
        return int(self._tokenizer.get_vocab_size(with_added_tokens=True))

    def count(self, text: str) -> int:
        if not text:
            return 0
        return len(self._tokenizer.encode(text, add_special_tokens=False).ids)


def counter_for_model(model_path: Path, n_vocab: int = 0) -> TokenizerFileCounter | None:
    """The counter for the ``tokenizer.json`` beside a model, when there is one that
    belongs to it (its vocabulary is within 1% of the model's); else None."""
    path = model_path.with_name(TOKENIZER_FILE)
    if not path.is_file():
        return None
    try:
        counter = TokenizerFileCounter(path)
    except Exception as exc:  # the tokenizers library raises its own exception types
        log.warning("cannot use %s for counting: %s", path, exc)
        return None
    if n_vocab and abs(counter.vocab_size - n_vocab) > n_vocab // 100:
        log.info("ignoring %s: %d tokens, the model has %d", path, counter.vocab_size, n_vocab)
        return None
    return counter


@dataclass(frozen=True)
class BudgetReading:
    """Tokens the model would see (system prompt, the turns still in context, the
    draft) against the context length. ``exact`` is False for estimates."""

    used: int
    total: int
    draft: int
    exact: bool

    @property
    def fraction(self) -> float:
        return self.used / self.total if self.total > 0 else 0.0

    @property
    def level(self) -> str:
        """ "ok", "tight" (over three quarters) or "over" (more than fits)."""
        if self.used > self.total:
            return "over"
        return "tight" if self.fraction > 0.75 else "ok"

    def describe(self) -> str:
        about = "" if self.exact else "≈"
        return f"{about}{self.used:,} / {self.total:,} tokens"


class ContextBudget:
    """Counts a conversation's tokens on the window's side, caching per message."""

    def __init__(self, counter: TokenCounter | None = None) -> None:
        self.counter = counter
        self.chars_per_token = DEFAULT_CHARS_PER_TOKEN
        self._cache: dict[str, int] = {}
        self._engine_key: tuple[int, int] | None = None
        self._engine_tokens = 0

    def set_counter(self, counter: TokenCounter | None) -> None:
        self.counter = counter
        self._cache.clear()

    def record_engine_count(self, messages: Sequence[Message], tokens: int) -> None:
        """The engine's own count of ``messages`` (a prompt plus its reply); it stands
        for those messages until they change, and calibrates the estimate."""
        if tokens <= 0:
            return
        self._engine_key = _key(messages)
        self._engine_tokens = tokens
        chars = sum(len(m.content) for m in messages)
        if chars > 200:
            self.chars_per_token = max(
                chars / max(tokens - MESSAGE_OVERHEAD * len(messages), 1), 1.0
            )

    def text_tokens(self, text: str) -> int:
        """Tokens of one text: counted when there is a tokenizer, else estimated."""
        if not text:
            return 0
        if self.counter is None:
            return math.ceil(len(text) / self.chars_per_token)
        cached = self._cache.get(text)
        if cached is None:
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()
            cached = self.counter.count(text)
            self._cache[text] = cached
        return cached

    def measure(self, messages: Sequence[Message], draft: str, total: int) -> BudgetReading:
        """What ``messages`` (as the model will see them) and the draft take."""
        draft = draft.strip()
        draft_tokens = self.text_tokens(draft) + MESSAGE_OVERHEAD if draft else 0
        if self.counter is None and self._engine_key == _key(messages):
            used = self._engine_tokens + draft_tokens
            return BudgetReading(used, total, draft_tokens, exact=False)
        history = sum(self.text_tokens(m.content) + MESSAGE_OVERHEAD for m in messages)
        exact = self.counter is not None
        return BudgetReading(history + draft_tokens, total, draft_tokens, exact)


def _key(messages: Sequence[Message]) -> tuple[int, int]:
    return len(messages), hash(tuple((m.role, m.content) for m in messages))
