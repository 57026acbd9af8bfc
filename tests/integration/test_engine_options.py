"""ChatEngine's per-request options (ReplyOptions) and raw completions, on the real model."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.core.backend import collect_reply
from chatapp.core.engine import ChatEngine, EngineError
from chatapp.core.reply_options import GrammarError, ReplyOptions, json_grammar
from chatapp.core.settings import LoadParams, SamplingParams
from chatapp.core.templates import Message

pytestmark = pytest.mark.model

GREEDY = SamplingParams(max_tokens=12, temperature=0)
PROMPT = "One, two, three, four, five, six"


@pytest.fixture(scope="module")
def engine(test_model_path: Path) -> Iterator[ChatEngine]:
    chat = ChatEngine()
    chat.load(test_model_path, LoadParams(n_ctx=1024))
    yield chat
    chat.unload()


def test_completion_continues_the_raw_prompt_and_counts_exactly(engine: ChatEngine):
    text, stats = collect_reply(engine.stream_completion(PROMPT, GREEDY))
    assert text.startswith(",")  # no chat template: the list goes on
    assert stats.prompt_tokens_total == len(engine.tokenize(PROMPT)) + 1  # and BOS
    assert stats.generated_tokens == 12 == len(engine.tokenize(text))


def test_request_stop_strings_cut_the_reply(engine: ChatEngine):
    text, _ = collect_reply(engine.stream_completion(PROMPT, GREEDY))
    stop = text.split()[1]
    cut, stats = collect_reply(
        engine.stream_completion(PROMPT, GREEDY, options=ReplyOptions(stop=(stop,)))
    )
    assert stats.finish_reason == "stop"
    assert text.startswith(cut) and stop not in cut


def test_presence_penalty_changes_the_reply(engine: ChatEngine):
    plain, _ = collect_reply(engine.stream_completion(PROMPT, GREEDY))
    penalised, _ = collect_reply(
        engine.stream_completion(
            PROMPT, GREEDY, options=ReplyOptions(presence_penalty=2.0, frequency_penalty=2.0)
        )
    )
    assert penalised != plain


def test_grammar_holds_the_chat_reply_to_json(engine: ChatEngine):
    options = ReplyOptions(
        grammar=json_grammar(
            {"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"]}
        )
    )
    text, stats = collect_reply(
        engine.stream_reply(
            [Message("user", "Is this fine?")],
            SamplingParams(max_tokens=40, temperature=0),
            options=options,
        )
    )
    assert stats.finish_reason == "stop"
    assert isinstance(json.loads(text)["ok"], bool)


def test_unparsable_grammar_is_an_error_not_a_crash(engine: ChatEngine):
    with pytest.raises(EngineError, match="grammar"):
        collect_reply(
            engine.stream_completion(PROMPT, GREEDY, options=ReplyOptions(grammar="root ::= ("))
        )
    assert collect_reply(engine.stream_completion(PROMPT, GREEDY))[1].generated_tokens == 12


def test_schema_the_converter_cannot_use_is_a_grammar_error():
    with pytest.raises(GrammarError):
        json_grammar({"type": "object", "properties": {"a": {"$ref": "#/nowhere"}}})


def test_schema_with_a_remote_reference_is_refused_without_fetching():
    with pytest.raises(GrammarError, match="local references"):
        json_grammar({"type": "object", "properties": {"a": {"$ref": "http://127.0.0.1:9/x.json"}}})


def test_continue_last_goes_on_with_the_cut_reply_evaluating_only_its_tail(engine: ChatEngine):
    question = [Message("user", "Count from one to twenty, in words.")]
    full, _ = collect_reply(
        engine.stream_reply(question, SamplingParams(max_tokens=16, temperature=0))
    )
    partial, cut = collect_reply(
        engine.stream_reply(question, SamplingParams(max_tokens=6, temperature=0))
    )
    assert cut.finish_reason == "length" and partial
    messages = [*question, Message("assistant", partial)]
    rest, stats = collect_reply(
        engine.stream_reply(
            messages,
            SamplingParams(max_tokens=10, temperature=0),
            options=ReplyOptions(continue_last=True, keep_leading_space=True),
        )
    )
    assert rest
    # Greedy, it goes on as the uncut reply did (the logits of a KV cache filled in
    # other batches differ a little, so only the next words are compared).
    words = len(partial.split()) + 1
    assert (partial + rest).split()[:words] == full.split()[:words]
    prompt = engine.render_prompt(messages, continue_last=True)
    assert prompt.endswith(partial.strip())
    assert stats.prompt_tokens_total == len(engine.tokenize(prompt))
    # The question and the cut reply were in the KV cache already.
    assert stats.prompt_tokens <= 2
