"""Prompt reuse: time to first token of a follow-up after a long conversation, against
the same message in a fresh chat, against re-processing the whole history, and against
llama.cpp's llama-server (``cache_prompt`` on) given the same history and follow-up."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack

from chatapp.bench.context import BenchContext
from chatapp.bench.llama_server import LlamaServer, ServerUnavailable, llama_server
from chatapp.bench.report import Row
from chatapp.bench.stats import Check, alternate
from chatapp.core.backend import collect_reply
from chatapp.core.engine import ChatEngine, ReplyStats
from chatapp.core.model_loading import load_planned
from chatapp.core.settings import LoadParams, SamplingParams
from chatapp.core.templates import Message

TITLE = "Prompt reuse, time to first token"
GOAL_TEXT = "follow-up <= 1.1x llama-server's (without llama-server: <= 1.5x a fresh chat)"
QUESTION = "Thank you. Now sum up what we talked about in one sentence."
LABELS = {
    "a_follow_up": "(a) follow-up",
    "b_fresh": "(b) same message, fresh chat",
    "c_whole_history": "(c) whole history re-processed",
    "d_server_follow_up": "(d) llama-server follow-up",
    "e_server_fresh": "(e) llama-server, same message, fresh chat",
}
_TOPICS = [
    "lighthouses",
    "bread baking",
    "mountain trails",
    "old clocks",
    "river boats",
    "bee keeping",
    "wool spinning",
    "star maps",
]


def long_history(engine: ChatEngine, at_least: int) -> list[Message]:
    """A made-up conversation of at least ``at_least`` prompt tokens, ending with a
    user message."""
    messages: list[Message] = []
    turn = 0
    while True:
        topic = _TOPICS[turn % len(_TOPICS)]
        messages.append(Message("user", f"Question {turn + 1}: tell me about {topic}."))
        if engine.count_tokens(messages) >= at_least:
            return messages
        sentences = [
            f"Here is point {n + 1} about {topic}: people who care for {topic} learn "
            f"patience, keep notes on what worked in season {n + turn}, and share them."
            for n in range(6)
        ]
        messages.append(Message("assistant", " ".join(sentences)))
        turn += 1


def _reply(
    engine: ChatEngine, messages: list[Message], sampling: SamplingParams
) -> tuple[str, ReplyStats]:
    return collect_reply(engine.stream_reply(messages, sampling))


def run(ctx: BenchContext) -> Row:
    """Alternate follow-up / fresh / whole-history; TTFT medians and ratios."""
    engine = ChatEngine()
    info = load_planned(engine, ctx.model, LoadParams()).info
    history = long_history(engine, ctx.history_tokens)
    first_token = ctx.sampling(1)
    warm_reply = ctx.sampling(16)
    follow_up: list[Message] = []
    prompt_tokens: dict[str, int] = {}

    def run_a() -> float:
        # The previous reply leaves the history in the KV cache, as in the app.
        reply, _ = _reply(engine, history, warm_reply)
        follow_up[:] = [*history, Message("assistant", reply or "..."), Message("user", QUESTION)]
        _, stats = _reply(engine, follow_up, first_token)
        prompt_tokens["a"] = stats.prompt_tokens
        prompt_tokens["total"] = stats.prompt_tokens_total
        return stats.time_to_first_token

    def run_b() -> float:
        _, stats = _reply(engine, [Message("user", QUESTION)], first_token)
        prompt_tokens["b"] = stats.prompt_tokens
        return stats.time_to_first_token

    def run_c() -> float:
        # Follows (b): the cache holds the fresh chat, so the history is evaluated again.
        _, stats = _reply(engine, follow_up, first_token)
        prompt_tokens["c"] = stats.prompt_tokens
        return stats.time_to_first_token

    runners: dict[str, Callable[[], float]] = {
        "a_follow_up": run_a,
        "b_fresh": run_b,
        "c_whole_history": run_c,
    }
    row = Row("prompt_reuse", TITLE, "ms", GOAL_TEXT, labels=dict(LABELS))
    server_tokens: dict[str, int] = {}
    try:
        with ExitStack() as stack:
            try:
                server = stack.enter_context(
                    llama_server(ctx.llama_server, ctx.model, info, ctx.workdir)
                )
            except ServerUnavailable as exc:
                for key in ("d_server_follow_up", "e_server_fresh"):
                    row.unavailable[key] = str(exc)
            else:
                runners.update(_server_runners(engine, server, history, ctx, server_tokens))
            ctx.progress("prompt_reuse: warming up")
            for warm in runners.values():
                warm()
            samples = alternate(
                runners,
                ctx.rounds,
                lambda name, i, v: ctx.progress(
                    f"prompt_reuse round {i + 1}: {name} {v * 1000:.0f} ms"
                ),
            )
    finally:
        engine.unload()
    row.add_samples({k: [v * 1000 for v in vs] for k, vs in samples.items()})
    a_b = row.add_ratio("a/b", "a_follow_up", "b_fresh")
    row.add_ratio("a/c", "a_follow_up", "c_whole_history")
    row.add_ratio("c/b", "c_whole_history", "b_fresh")
    # Attention over the history is a cost no engine avoids: the goal is the peer's time.
    row.checks = [Check("a/b", a_b, "<=", 1.5)]
    if "d_server_follow_up" in samples:
        row.add_ratio("d/e", "d_server_follow_up", "e_server_fresh")
        a_d = row.add_ratio("a/d", "a_follow_up", "d_server_follow_up")
        row.checks = [Check("a/d", a_d, "<=", 1.1)]
        row.notes.append(
            "llama-server's time to first token is its own prompt_ms plus its first "
            "token (no HTTP), as ChatApp's is measured inside the engine; tokens it "
            f"evaluated: follow-up {server_tokens.get('follow_up')} "
            f"({server_tokens.get('cached')} from its cache), fresh {server_tokens.get('fresh')}."
        )
    row.values["history_tokens"] = prompt_tokens.get("total", 0)
    row.notes.append(
        f"history of {prompt_tokens.get('total', 0)} prompt tokens; tokens evaluated: "
        f"follow-up {prompt_tokens.get('a')}, fresh {prompt_tokens.get('b')}, "
        f"whole history {prompt_tokens.get('c')}."
    )
    return row


def _server_runners(
    engine: ChatEngine,
    server: LlamaServer,
    history: list[Message],
    ctx: BenchContext,
    tokens: dict[str, int],
) -> dict[str, Callable[[], float]]:
    """The follow-up and the fresh chat sent to llama-server as ChatApp's prompt tokens."""

    def prompt(messages: list[Message]) -> list[int]:
        return engine.tokenize(engine.render_prompt(messages))

    def follow_up() -> float:
        # The previous reply leaves the history in the server's slot, as in a chat.
        reply = server.complete(prompt(history), ctx.sampling(16)).content
        messages = [*history, Message("assistant", reply or "..."), Message("user", QUESTION)]
        done = server.complete(prompt(messages), ctx.sampling(1))
        tokens.update(follow_up=done.prompt_tokens, cached=done.cached_tokens)
        return done.first_token_ms / 1000

    def fresh() -> float:
        done = server.complete(prompt([Message("user", QUESTION)]), ctx.sampling(1))
        tokens["fresh"] = done.prompt_tokens
        return done.first_token_ms / 1000

    return {"d_server_follow_up": follow_up, "e_server_fresh": fresh}
