"""ChatBackend: what the front ends need from whatever writes the replies.

The local llama.cpp engine (``chatapp.core.engine.ChatEngine``) is one backend; the
fake in ``chatapp.testing`` is another. A front end streams a reply with
``stream_reply``, which yields the reply's text piece by piece and then exactly one
``ReplyStats``; ``collect_reply`` and ``ReplyStream`` walk that stream once for everyone.

Cancelling: the caller passes a ``threading.Event`` to ``stream_reply`` and may set it
from any thread; the backend stops between tokens, yields what it has and ends with
``finish_reason == "cancelled"``. Everything else about a backend is used from the one
thread that streams from it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol, runtime_checkable

from chatapp.core.conversation import OverflowPolicy
from chatapp.core.errors import ChatAppError
from chatapp.core.settings import SamplingParams
from chatapp.core.templates import Message

__all__ = [
    "FINISH_REASONS",
    "BackendError",
    "ChatBackend",
    "FinishReason",
    "GenerationRequest",
    "ModelInfo",
    "ReplyOptions",
    "ReplyStats",
    "ReplyStream",
    "ReplyStreamError",
    "TokenCount",
    "collect_reply",
]

# stop: the model ended its turn (or a stop string came); length: max_tokens was reached;
# context_full: the reply ran into the end of the context first; cancelled: the caller
# set the cancel event; error: the backend gave up part way (a remote server went away).
FinishReason = Literal["stop", "length", "context_full", "cancelled", "error"]
FINISH_REASONS: tuple[FinishReason, ...] = ("stop", "length", "context_full", "cancelled", "error")


class BackendError(ChatAppError):
    """A reply or a model could not be had; ``str()`` is one line saying what to do."""


class ReplyStreamError(RuntimeError):
    """A backend broke the stream contract: it ended without its ReplyStats (a bug)."""


@dataclass(frozen=True)
class ReplyStats:
    """What one reply cost; the last item ``ChatBackend.stream_reply`` yields."""

    prompt_tokens: int
    prompt_seconds: float
    generated_tokens: int
    generation_seconds: float
    time_to_first_token: float
    finish_reason: FinishReason
    prompt_tokens_total: int = 0
    dropped_messages: int = 0
    # False when the counts are estimates (a server that sent no usage object).
    counts_exact: bool = True

    @property
    def prompt_tokens_per_second(self) -> float:
        return self.prompt_tokens / self.prompt_seconds if self.prompt_seconds > 0 else 0.0

    @property
    def tokens_per_second(self) -> float:
        # Tokens after the first were produced in generation_seconds (the first came
        # with the prompt evaluation), as the original chatbot counted them.
        decoded = max(self.generated_tokens - 1, 0)
        return decoded / self.generation_seconds if self.generation_seconds > 0 else 0.0


@dataclass(frozen=True)
class ModelInfo:
    """A loaded model, as the front ends show it."""

    path: Path
    name: str
    architecture: str
    quantization: str
    file_size: int
    n_layers: int
    n_ctx: int
    n_ctx_train: int
    n_gpu_layers: int
    n_threads: int
    flash_attn: bool
    template_name: str
    template_origin: str
    load_seconds: float
    n_vocab: int = 0


class TokenCount(int):
    """A number of tokens that says whether it is exact: ``exact`` is False for an
    estimate (a backend that cannot run the model's own tokenizer). It is an ``int``,
    so it adds and compares like one."""

    exact: bool

    def __new__(cls, tokens: int, *, exact: bool = True) -> TokenCount:
        count = super().__new__(cls, tokens)
        count.exact = exact
        return count

    def __repr__(self) -> str:
        return f"TokenCount({int(self)}, exact={self.exact})"


@runtime_checkable
class ChatBackend(Protocol):
    """Something that writes replies: the local engine, a remote server, a fake.

    ``stream_reply`` raises BackendError (or a subclass) with a one-line message when
    the reply cannot be had; the local engine's ContextFullError says the chat does not
    fit and its overflow policy says to stop and ask.
    """

    def describe(self) -> ModelInfo | None:
        """The model replies come from, or None while there is none."""
        ...

    def stream_reply(
        self,
        messages: list[Message],
        sampling: SamplingParams,
        cancel: threading.Event | None = None,
        *,
        policy: OverflowPolicy = OverflowPolicy.KEEP_SYSTEM,
        start: int = 0,
    ) -> Iterator[str | ReplyStats]:
        """The reply to ``messages``: text pieces, then one ReplyStats. ``cancel.set()``
        from any thread stops it; ``policy`` and ``start`` say what gives way when the
        chat outgrows the context (see ``chatapp.core.context.fit_messages``)."""
        ...

    def count_tokens(self, messages: list[Message]) -> TokenCount:
        """How many tokens ``messages`` take in the prompt, exact or marked as an estimate."""
        ...


class ReplyStream:
    """The text pieces of one reply stream; ``stats`` is set once the stream has ended.

    ``for piece in (reply := ReplyStream(backend.stream_reply(...))): ...`` then
    ``reply.stats``. Raises ReplyStreamError when the stream ends without statistics.
    """

    def __init__(self, stream: Iterable[str | ReplyStats]) -> None:
        self._stream = stream
        self._stats: ReplyStats | None = None

    def __iter__(self) -> Iterator[str]:
        for item in self._stream:
            if isinstance(item, ReplyStats):
                self._stats = item
                return
            yield item
        raise ReplyStreamError("the reply stream ended without its statistics")

    @property
    def stats(self) -> ReplyStats:
        """The reply's statistics (only once the stream has been read to the end)."""
        if self._stats is None:
            raise ReplyStreamError("the reply stream has not ended yet")
        return self._stats


@dataclass(frozen=True)
class ReplyOptions:
    """Per-request options of one reply: ``stop`` strings end it (not shown), ``grammar``
    (GBNF text, see ``json_grammar``) constrains each token, the penalties are OpenAI's
    (-2 to 2), ``keep_leading_space`` keeps whitespace the model starts with (a raw
    completion continues the prompt's text, a chat reply does not); ``continue_last``
    continues the last (assistant) message instead of starting a new turn. ``reuse_cache`` False
    evaluates the whole prompt afresh: the KV cache computed in other batches gives
    slightly different logits, so only then does a seed give the same reply every time."""

    stop: tuple[str, ...] = ()
    grammar: str | None = None
    presence_penalty: float = 0.0
    frequency_penalty: float = 0.0
    keep_leading_space: bool = False
    reuse_cache: bool = True
    continue_last: bool = False


@dataclass(frozen=True)
class GenerationRequest:
    """One reply to stream: what the model sees, how it samples, what gives way when
    the chat outgrows the context (``overflow_policy`` from ``context_start``, where
    the chat's context began last time), and the event that cancels it. ``options``
    (for a backend that takes them) asks more of it: ``continue_last`` to continue the
    reply the messages end with."""

    messages: tuple[Message, ...]
    sampling: SamplingParams
    cancel: threading.Event
    overflow_policy: OverflowPolicy = OverflowPolicy.KEEP_SYSTEM
    context_start: int = 0
    options: ReplyOptions | None = None

    def stream(self, backend: ChatBackend) -> Iterator[str | ReplyStats]:
        """Ask ``backend`` for this reply."""
        extra = {} if self.options is None else {"options": self.options}
        return backend.stream_reply(
            list(self.messages),
            self.sampling,
            self.cancel,
            policy=self.overflow_policy,
            start=self.context_start,
            **extra,
        )


def collect_reply(
    stream: Iterable[str | ReplyStats], on_text: Callable[[str], object] | None = None
) -> tuple[str, ReplyStats]:
    """Read a reply stream to its end: the whole text and its statistics; ``on_text``
    sees each piece as it comes (to print it, say)."""
    reply = ReplyStream(stream)
    pieces: list[str] = []
    for piece in reply:
        pieces.append(piece)
        if on_text is not None:
            on_text(piece)
    return "".join(pieces), reply.stats


class ReasoningText(str):
    """A piece of a reasoning model's thinking (``delta.reasoning_content``), shown apart
    from the answer; a plain ``str`` to front ends that do not know it."""
