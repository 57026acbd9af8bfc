"""The backend contract: the reply-stream helpers, token counts, and the FakeBackend
that the GUI tests stand on (scripted tokens, delays, failures, cancel)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from chatapp.core.backend import (
    BackendError,
    ChatBackend,
    ReplyStats,
    ReplyStream,
    ReplyStreamError,
    TokenCount,
    collect_reply,
)
from chatapp.core.engine import ChatEngine, EngineError
from chatapp.core.engine import ReplyStats as EngineReplyStats
from chatapp.core.errors import ChatAppError
from chatapp.core.settings import LoadParams, SamplingParams
from chatapp.core.templates import Message
from chatapp.testing.fake_backend import FakeBackend

STATS = ReplyStats(3, 0.1, 2, 0.5, 0.1, "stop", 3, 0)
HELLO = [Message("user", "Hello there")]


def loaded_fake(**script: object) -> FakeBackend:
    fake = FakeBackend(**script)  # type: ignore[arg-type]
    fake.load_model("tiny.gguf", LoadParams())
    return fake


def test_collect_reply_joins_the_text_and_returns_the_stats():
    seen: list[str] = []
    text, stats = collect_reply(iter(["Hel", "lo", STATS]), on_text=seen.append)
    assert (text, stats, seen) == ("Hello", STATS, ["Hel", "lo"])


def test_a_stream_without_stats_is_a_broken_backend():
    with pytest.raises(ReplyStreamError, match="without its statistics"):
        collect_reply(iter(["Hel", "lo"]))
    reply = ReplyStream(iter(["a", STATS]))
    with pytest.raises(ReplyStreamError, match="not ended"):
        _ = reply.stats
    assert list(reply) == ["a"] and reply.stats is STATS


def test_token_counts_say_whether_they_are_exact():
    estimate = TokenCount(40, exact=False)
    assert estimate == 40 and estimate + 2 == 42 and not estimate.exact
    assert TokenCount(7).exact and repr(estimate) == "TokenCount(40, exact=False)"


def test_the_engine_and_the_fake_are_chat_backends():
    assert isinstance(ChatEngine(), ChatBackend)
    assert isinstance(FakeBackend(), ChatBackend)
    assert ChatEngine().describe() is None
    assert EngineReplyStats is ReplyStats  # old imports keep working
    assert issubclass(EngineError, BackendError) and issubclass(BackendError, ChatAppError)


def test_the_fake_streams_its_script_up_to_max_tokens():
    fake = loaded_fake(tokens=("a", "b", "c"))
    text, stats = collect_reply(fake.stream_reply(HELLO, SamplingParams()))
    assert (text, stats.finish_reason, stats.generated_tokens) == ("abc", "stop", 3)
    text, stats = collect_reply(fake.stream_reply(HELLO, SamplingParams(max_tokens=2)))
    assert (text, stats.finish_reason) == ("ab", "length")
    assert stats.prompt_tokens == fake.count_tokens(HELLO) == 3
    described = fake.describe()
    assert described is not None and described.path == Path("tiny.gguf")


def test_the_fake_fails_after_n_tokens():
    fake = loaded_fake(tokens=("a", "b", "c"), fail_after=2, failure=BackendError("gone"))
    seen: list[str] = []
    with pytest.raises(BackendError, match="gone"):
        collect_reply(fake.stream_reply(HELLO, SamplingParams()), on_text=seen.append)
    assert seen == ["a", "b"]


def test_the_fake_stops_at_once_when_cancelled_while_it_waits():
    fake = loaded_fake(tokens=("a", "b", "c"), first_token_delay=0.05, token_delay=10.0)
    cancel = threading.Event()
    started = time.monotonic()
    threading.Timer(0.2, cancel.set).start()
    text, stats = collect_reply(fake.stream_reply(HELLO, SamplingParams(), cancel))
    assert time.monotonic() - started < 1.0
    assert (text, stats.finish_reason) == ("a", "cancelled")
    assert stats.time_to_first_token >= 0.05


def test_the_fake_needs_a_model_and_can_fail_to_load():
    with pytest.raises(BackendError, match="load a model first"):
        FakeBackend().stream_reply(HELLO, SamplingParams())
    with pytest.raises(BackendError, match="too big"):
        FakeBackend(load_failure="too big").load_model("x.gguf", LoadParams())
