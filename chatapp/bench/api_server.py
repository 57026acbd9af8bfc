"""API server: replies through ChatApp's local OpenAI-compatible server against the
engine called directly, and against llama-cpp-python's own server on the same model."""

from __future__ import annotations

import httpx2

from chatapp.bench.context import BenchContext
from chatapp.bench.remote import llama_cpp_server, plain_stream
from chatapp.bench.report import Row
from chatapp.bench.stats import Check, alternate, median
from chatapp.core.backend import collect_reply
from chatapp.core.engine import ChatEngine
from chatapp.core.model_loading import load_planned
from chatapp.core.scheduler import Scheduler
from chatapp.core.settings import LoadParams, SamplingParams
from chatapp.server.runner import ApiServerSettings, LocalApiServer

TITLE = "API server, tokens/s through ChatApp's server"
GOAL_TEXT = "a/b >= 0.97; first token a-b <= 5 ms (p50); a/c >= 1.0"
LABELS = {
    "a_chatapp_server": "(a) ChatApp's API server",
    "b_engine": "(b) the engine called directly",
    "c_llama_cpp_server": "(c) llama-cpp-python's server",
}


def _body(ctx: BenchContext, sampling: SamplingParams) -> dict[str, object]:
    # Greedy, so that every variant writes the same reply and keeps its KV cache.
    return {
        "messages": [{"role": m.role, "content": m.content} for m in ctx.decode_messages()],
        "stream": True,
        "max_tokens": sampling.max_tokens,
        "temperature": 0.0,
        "top_k": sampling.top_k,
        "top_p": sampling.top_p,
        "min_p": sampling.min_p,
        "repeat_penalty": sampling.repeat_penalty,
    }


def run(ctx: BenchContext) -> Row:
    """Alternate (a), (b) and (c); tokens/s medians, ratios and first-token times."""
    sampling = SamplingParams(max_tokens=ctx.decode_tokens, temperature=0.0, seed=1)
    body = _body(ctx, sampling)
    first_ms: dict[str, list[float]] = {key: [] for key in LABELS}
    engine = ChatEngine()
    scheduler = Scheduler(engine)
    server = LocalApiServer(scheduler, ApiServerSettings(port=0), default_sampling=sampling)
    client = httpx2.Client()
    try:
        scheduler.call(lambda e: load_planned(e, ctx.model, LoadParams(n_ctx=2048))).result()
        server.start()
        with llama_cpp_server(ctx.model, ctx.workdir) as other:

            def run_a() -> float:
                ttft, rate = plain_stream(client, server.base_url, body)
                first_ms["a_chatapp_server"].append(ttft * 1000)
                return rate

            def run_b() -> float:
                messages = ctx.decode_messages()
                _, stats = scheduler.call(
                    lambda e: collect_reply(e.stream_reply(messages, sampling))
                ).result()
                first_ms["b_engine"].append(stats.time_to_first_token * 1000)
                return stats.tokens_per_second

            def run_c() -> float:
                ttft, rate = plain_stream(client, other, body)
                first_ms["c_llama_cpp_server"].append(ttft * 1000)
                return rate

            ctx.progress("api_server: warming up")
            run_a(), run_b(), run_c()
            for series in first_ms.values():
                series.clear()
            samples = alternate(
                {"a_chatapp_server": run_a, "b_engine": run_b, "c_llama_cpp_server": run_c},
                ctx.rounds,
                lambda name, i, v: ctx.progress(f"api_server round {i + 1}: {name} {v:.1f}"),
            )
    finally:
        client.close()
        server.stop()
        scheduler.call(lambda e: e.unload()).result()
        scheduler.close()
    row = Row("api_server", TITLE, "tokens/s", GOAL_TEXT, labels=dict(LABELS))
    row.add_samples(samples)
    a_b = row.add_ratio("a/b", "a_chatapp_server", "b_engine")
    a_c = row.add_ratio("a/c", "a_chatapp_server", "c_llama_cpp_server")
    added = [a - b for a, b in zip(first_ms["a_chatapp_server"], first_ms["b_engine"], strict=True)]
    for key, series in first_ms.items():
        row.values[f"first_token_ms_{key[0]}"] = median(series)
    row.values["first_token_added_ms"] = median(added)
    row.checks = [
        Check("a/b", a_b, ">=", 0.97),
        Check("first token a-b ms", median(added), "<=", 5.0),
        Check("a/c", a_c, ">=", 1.0),
    ]
    row.notes.append(
        f"{ctx.decode_tokens} tokens a reply, greedy; first token (a) "
        f"{row.values['first_token_ms_a']:.0f} ms, (b) {row.values['first_token_ms_b']:.0f} ms, "
        f"(c) {row.values['first_token_ms_c']:.0f} ms. llama-cpp-python's server formats the "
        "prompt with chatml, ChatApp with the model's own template."
    )
    return row
