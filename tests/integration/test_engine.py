"""ChatEngine on the real test model (Gemma 3 270M Q4_K_M) through llama.cpp."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.core.engine import ChatEngine, EngineError, ReplyStats, default_threads
from chatapp.core.gguf_info import ModelFileError, check_model_file
from chatapp.core.settings import LoadParams, SamplingParams
from chatapp.core.templates import Message
from tests.helpers.gguf_factory import write_gguf

pytestmark = pytest.mark.model

QUESTION = [Message("user", "Write a story about a lighthouse keeper and a storm.")]


@pytest.fixture(scope="module")
def engine(test_model_path: Path) -> Iterator[ChatEngine]:
    chat = ChatEngine()
    chat.load(test_model_path, LoadParams(n_ctx=4096))
    yield chat
    chat.unload()


def run(
    engine: ChatEngine,
    messages: list[Message],
    sampling: SamplingParams,
    cancel: threading.Event | None = None,
) -> tuple[str, ReplyStats]:
    pieces: list[str] = []
    stats: ReplyStats | None = None
    for item in engine.stream_reply(messages, sampling, cancel):
        if isinstance(item, ReplyStats):
            stats = item
        else:
            pieces.append(item)
    assert stats is not None
    return "".join(pieces), stats


def test_loads_with_fast_defaults(engine: ChatEngine):
    info = engine.model_info
    assert info is not None
    assert info.architecture == "gemma3" and info.n_layers == 18
    assert info.n_threads == default_threads()
    assert info.flash_attn is True
    assert info.n_ctx == 4096
    assert (info.template_name, info.template_origin) == ("gemma", "architecture")


def test_same_seed_same_text_other_seed_other_text(engine: ChatEngine):
    first, _ = run(engine, QUESTION, SamplingParams(max_tokens=24, seed=42))
    again, _ = run(engine, QUESTION, SamplingParams(max_tokens=24, seed=42))
    other, _ = run(engine, QUESTION, SamplingParams(max_tokens=24, seed=7))
    assert first and first == again
    assert other != first


def test_sampling_is_taken_per_call(engine: ChatEngine):
    greedy_a, _ = run(engine, QUESTION, SamplingParams(max_tokens=16, temperature=0, seed=1))
    greedy_b, _ = run(engine, QUESTION, SamplingParams(max_tokens=16, temperature=0, seed=2))
    assert greedy_a == greedy_b
    hot, _ = run(engine, QUESTION, SamplingParams(max_tokens=16, temperature=1.5, seed=2))
    assert hot != greedy_a


def test_max_tokens_is_honoured(engine: ChatEngine):
    _, stats = run(engine, QUESTION, SamplingParams(max_tokens=5, temperature=0))
    assert stats.generated_tokens == 5
    assert stats.finish_reason == "length"
    assert stats.time_to_first_token > 0 and stats.tokens_per_second > 0


def test_cancel_mid_reply_stops_within_a_few_tokens_and_the_next_reply_works(engine: ChatEngine):
    cancel = threading.Event()
    seen = 0
    after_cancel = 0
    stats: ReplyStats | None = None
    for item in engine.stream_reply(QUESTION, SamplingParams(max_tokens=500), cancel):
        if isinstance(item, ReplyStats):
            stats = item
            continue
        seen += 1
        if cancel.is_set():
            after_cancel += 1
        if seen == 5:
            cancel.set()
    assert stats is not None
    assert stats.finish_reason == "cancelled"
    assert after_cancel <= 2
    assert stats.generated_tokens <= 8
    text, stats = run(engine, QUESTION, SamplingParams(max_tokens=12, temperature=0))
    assert text and stats.finish_reason in ("stop", "length")


def test_cancel_during_a_long_prompt_evaluation(engine: ChatEngine):
    long_prompt = [Message("user", "The weather report for the coast. " * 300)]
    n_prompt = engine.count_tokens(long_prompt)
    assert n_prompt > 2000
    cancel = threading.Event()
    timer = threading.Timer(0.3, cancel.set)
    started = time.perf_counter()
    timer.start()
    text, stats = run(engine, long_prompt, SamplingParams(max_tokens=50), cancel)
    stopped_after = time.perf_counter() - started
    timer.join()
    assert stats.finish_reason == "cancelled"
    assert stats.generated_tokens == 0 and text == ""
    # Evaluating the whole prompt takes seconds here; the abort callback ends it early.
    full_started = time.perf_counter()
    _, full = run(engine, long_prompt, SamplingParams(max_tokens=1))
    full_seconds = time.perf_counter() - full_started
    assert full.finish_reason in ("stop", "length")
    assert full.prompt_tokens > 0
    assert stopped_after < full_seconds


def test_a_follow_up_processes_only_the_new_tokens(engine: ChatEngine):
    first_text, first = run(engine, QUESTION, SamplingParams(max_tokens=40, seed=3))
    follow_up = [
        *QUESTION,
        Message("assistant", first_text),
        Message("user", "Now give it a happy ending."),
    ]
    _, second = run(engine, follow_up, SamplingParams(max_tokens=10, seed=3))
    new_part = "<end_of_turn>\n<start_of_turn>user\nNow give it a happy ending.<end_of_turn>\n<start_of_turn>model\n"
    assert second.prompt_tokens_total > first.prompt_tokens_total + 30
    assert second.prompt_tokens <= len(engine.tokenize(new_part)) + 2
    # A fresh conversation shares only the template's opening with the cache.
    _, fresh = run(engine, [Message("user", "Completely different.")], SamplingParams(max_tokens=1))
    opening = len(engine.tokenize("<bos><start_of_turn>user\n"))
    assert fresh.prompt_tokens == fresh.prompt_tokens_total - opening


def test_bad_files_raise_clear_errors_and_the_loaded_model_stays(
    engine: ChatEngine, tmp_path: Path
):
    page = tmp_path / "openchat_3.5.Q8_0.gguf"
    page.write_text("<!DOCTYPE html><html>", encoding="utf-8")
    with pytest.raises(ModelFileError, match="web page"):
        engine.load(page)
    assert engine.is_loaded
    text, _ = run(engine, QUESTION, SamplingParams(max_tokens=4))
    assert text


def test_a_file_llama_cpp_refuses_gives_llama_cpps_reason(engine: ChatEngine, tmp_path: Path):
    # Our checks pass (a readable llama GGUF with its context length and sizes), but
    # llama.cpp needs a key this tiny file does not have.
    path = write_gguf(tmp_path / "tiny.gguf")
    check_model_file(path)
    with pytest.raises(EngineError) as caught:
        engine.load(path, LoadParams(n_ctx=256))
    message = str(caught.value)
    assert "key not found in model: llama.attention.layer_norm_rms_epsilon" in message
    assert message.startswith("llama.cpp could not load tiny.gguf: ") and "\n" not in message


def test_too_long_message_is_refused_with_a_reason(test_model_path: Path):
    small = ChatEngine()
    assert small.load(test_model_path, LoadParams(n_ctx=200)).n_ctx == 256
    try:
        with pytest.raises(EngineError, match="too long for the context"):
            run(small, [Message("user", "word " * 300)], SamplingParams(max_tokens=8))
        old_turns = [Message("user", "hi " * 100), Message("assistant", "hello " * 100)]
        _, stats = run(small, [*old_turns, Message("user", "hi")], SamplingParams(max_tokens=64))
        assert stats.dropped_messages == 2
    finally:
        small.unload()
