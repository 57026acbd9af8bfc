"""Decode speed: llama-bench, bare llama-cpp-python (its defaults / ChatApp's settings),
ChatEngine.stream_reply, the whole window pipeline and llama.cpp's llama-server (what
LM Studio, Jan and Ollama run), on one model, prompt, sampler settings and seed."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack

from chatapp.bench.context import BenchContext
from chatapp.bench.llama_server import LlamaServer, ServerUnavailable, llama_server
from chatapp.bench.report import Row
from chatapp.bench.stats import Check, alternate
from chatapp.bench.window_process import WindowProcess
from chatapp.core import llama_runtime
from chatapp.core.backend import collect_reply
from chatapp.core.engine import ChatEngine, ModelInfo, ReplyStats
from chatapp.core.model_loading import load_planned
from chatapp.core.settings import LoadParams, SamplingParams

TITLE = "Decode speed"
GOAL_TEXT = (
    "(d) >= 0.97x (c); (e) >= 1.0x (f) (without llama-server: >= 0.95x (c)); (a) is the limit"
)
LABELS = {
    "a_llama_bench": "(a) llama-bench tg",
    "b_bare_defaults": "(b) llama-cpp-python defaults",
    "c_bare_chatapp": "(c) llama-cpp-python + ChatApp settings",
    "d_engine": "(d) ChatEngine.stream_reply",
    "e_window": "(e) window pipeline",
    "f_llama_server": "(f) llama-server /completion",
}


def llama_bench_tokens_per_second(
    binary: str, model: str, tokens: int, threads: int, flash_attn: bool, gpu_layers: int
) -> float:
    """One llama-bench tg run (after its own warm-up): tokens per second."""
    command = [
        binary,
        "-m",
        model,
        "-p",
        "0",
        "-n",
        str(tokens),
        "-t",
        str(threads),
        "-fa",
        "on" if flash_attn else "off",
        "-ngl",
        str(gpu_layers),
        "-r",
        "1",
        "-o",
        "json",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"llama-bench failed ({done.returncode}): {last}")
    results = json.loads(done.stdout)
    return float(results[0]["avg_ts"])


def bare_stream_tokens_per_second(
    llm: object, prompt: list[int], sampling: SamplingParams
) -> tuple[float, int]:
    """A plain ``create_completion(stream=True)`` loop, as a llama-cpp-python user writes
    it: (tokens per second after the first token, chunks received)."""
    stamps: list[float] = []
    for _chunk in llm.create_completion(  # type: ignore[attr-defined]
        prompt,
        max_tokens=sampling.max_tokens,
        temperature=sampling.temperature,
        top_p=sampling.top_p,
        top_k=sampling.top_k,
        min_p=sampling.min_p,
        repeat_penalty=sampling.repeat_penalty,
        seed=sampling.seed,
        stream=True,
    ):
        stamps.append(time.perf_counter())
    if len(stamps) < 2:
        return 0.0, len(stamps)
    return (len(stamps) - 1) / (stamps[-1] - stamps[0]), len(stamps)


def engine_reply(engine: ChatEngine, ctx: BenchContext, sampling: SamplingParams) -> ReplyStats:
    """One ChatEngine.stream_reply to the decode prompt; its statistics."""
    return collect_reply(engine.stream_reply(ctx.decode_messages(), sampling))[1]


def _bare_llama(ctx: BenchContext, info: ModelInfo | None) -> object:
    llama_cpp = llama_runtime.import_llama_cpp()
    with llama_runtime.captured_native_log():
        if info is None:  # llama-cpp-python's own defaults
            return llama_cpp.Llama(model_path=str(ctx.model), verbose=False)
        return llama_cpp.Llama(
            model_path=str(ctx.model),
            n_ctx=info.n_ctx,
            n_batch=min(512, info.n_ctx),
            n_threads=info.n_threads,
            n_threads_batch=info.n_threads,
            n_gpu_layers=info.n_gpu_layers,
            flash_attn=info.flash_attn,
            verbose=False,
        )


def run(ctx: BenchContext) -> Row:
    """Alternate the five variants ``ctx.rounds`` times; ratios per round."""
    sampling = ctx.sampling(ctx.decode_tokens)
    engine = ChatEngine()
    info = load_planned(engine, ctx.model, LoadParams()).info
    prompt = engine.tokenize(engine.render_prompt(ctx.decode_messages()))
    bare_defaults = _bare_llama(ctx, None)
    bare_chatapp = _bare_llama(ctx, info)
    row = Row("decode", TITLE, "tokens/s", GOAL_TEXT, labels=dict(LABELS))
    lengths: dict[str, int] = {}
    runners: dict[str, Callable[[], float]] = {}
    if ctx.llama_bench:

        def run_a() -> float:
            return llama_bench_tokens_per_second(
                str(ctx.llama_bench),
                str(ctx.model),
                ctx.decode_tokens,
                info.n_threads,
                info.flash_attn,
                info.n_gpu_layers,
            )

        runners["a_llama_bench"] = run_a
    else:
        row.labels.pop("a_llama_bench")
        row.notes.append("llama-bench is not on PATH: ratios are against (c).")

    def run_b() -> float:
        speed, lengths["b"] = bare_stream_tokens_per_second(bare_defaults, prompt, sampling)
        return speed

    def run_c() -> float:
        speed, lengths["c"] = bare_stream_tokens_per_second(bare_chatapp, prompt, sampling)
        return speed

    def run_d() -> float:
        stats = engine_reply(engine, ctx, sampling)
        lengths["d"] = stats.generated_tokens
        return stats.tokens_per_second

    runners.update(b_bare_defaults=run_b, c_bare_chatapp=run_c, d_engine=run_d)
    try:
        with ExitStack() as stack:
            server = _start_server(ctx, info, row, stack)
            if server is not None:

                def run_f() -> float:
                    done = server.complete(prompt, sampling)
                    lengths["f"] = done.predicted_tokens
                    return done.predicted_per_second

                runners["f_llama_server"] = run_f
            run_e = _window_variant(ctx, sampling, lengths, row, stack)

            runners["e_window"] = run_e
            for name, warm in runners.items():  # page the weights in, fill caches
                ctx.progress(f"decode: warming up {name}")
                warm()
            samples = alternate(
                runners,
                ctx.rounds,
                lambda name, i, v: ctx.progress(f"decode round {i + 1}: {name} {v:.1f} tok/s"),
            )
    finally:
        engine.unload()
        for llm in (bare_defaults, bare_chatapp):
            llm.close()  # type: ignore[attr-defined]
    row.add_samples(samples)
    base = "a_llama_bench" if "a_llama_bench" in samples else "c_bare_chatapp"
    base_name = "a" if base == "a_llama_bench" else "c"
    for variant in ("b_bare_defaults", "c_bare_chatapp", "d_engine", "e_window", "f_llama_server"):
        if variant != base and variant in samples:
            row.add_ratio(f"{variant[0]}/{base_name}", variant, base)
    d_c = row.add_ratio("d/c", "d_engine", "c_bare_chatapp")
    row.add_ratio("e/c", "e_window", "c_bare_chatapp")
    # llama-bench decodes without sampling, which no chat can: it is the limit, not a goal.
    row.checks = [Check("d/c", d_c, ">=", 0.97)]
    if "f_llama_server" not in samples:
        row.checks.append(Check("e/c", row.ratios["e/c"], ">=", 0.95))
    if "f_llama_server" in samples:
        row.notes.append(
            "(f) llama-server with ChatApp's context, threads and flash attention, one slot; "
            "tokens/s from its own timings (predicted_per_second)."
        )
        row.checks.append(
            Check("e/f", row.add_ratio("e/f", "e_window", "f_llama_server"), ">=", 1.0)
        )
    row.values["threads"] = info.n_threads
    row.values["tokens"] = ctx.decode_tokens
    row.notes.append(
        f"{ctx.decode_tokens} tokens asked, seed {sampling.seed}, {info.n_threads} threads, "
        f"flash attention {'on' if info.flash_attn else 'off'}; tokens produced per variant "
        f"(last round): {', '.join(f'{k} {v}' for k, v in sorted(lengths.items()))}."
    )
    return row


def _window_variant(
    ctx: BenchContext,
    sampling: SamplingParams,
    lengths: dict[str, int],
    row: Row,
    stack: ExitStack,
) -> Callable[[], float]:
    """(e): the window in a process of its own (see window_process: the app runs its
    model on one thread); inside this one in a frozen app, which cannot start it."""
    text = ctx.decode_messages()[0].content
    folder = ctx.workdir / "decode-window"
    if getattr(sys, "frozen", False):
        from chatapp.bench.qt_window import BenchWindow

        window = stack.enter_context(BenchWindow(ctx.model, folder))
        row.notes.append(
            "(e) ran in the bench's own process (a frozen app cannot start another): "
            "beside the models of (b)-(d), OpenMP's threads outnumber the cores."
        )

        def run_in_process() -> float:
            timing = window.reply(text, sampling)
            lengths["e"] = timing.stats.generated_tokens
            return timing.tokens_per_second

        return run_in_process
    child = stack.enter_context(WindowProcess(ctx.python, ctx.model, folder))
    row.notes.append("(e) ChatApp's window in a process of its own, as the app runs.")

    def run_in_child() -> float:
        reply = child.reply(text, sampling)
        lengths["e"] = reply.tokens
        return reply.tokens_per_second

    return run_in_child


def _start_server(
    ctx: BenchContext, info: ModelInfo, row: Row, stack: ExitStack
) -> LlamaServer | None:
    """llama-server with ChatApp's load settings, or None with the reason in the row."""
    try:
        return stack.enter_context(llama_server(ctx.llama_server, ctx.model, info, ctx.workdir))
    except ServerUnavailable as exc:
        row.unavailable["f_llama_server"] = str(exc)
        return None
