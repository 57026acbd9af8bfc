"""Remote: ChatApp's remote backend against a plain streaming HTTP client, both reading
the same OpenAI-compatible server (llama-cpp-python's own) with the same request."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2

from chatapp.bench.context import BenchContext
from chatapp.bench.report import Row
from chatapp.bench.stats import Check, alternate, median
from chatapp.core.backend import ReplyStats
from chatapp.core.remote import RemoteBackend, ServerConfig
from chatapp.core.settings import SamplingParams

TITLE = "Remote server, ChatApp's client against a plain HTTP client"
GOAL_TEXT = "tokens/s a/b >= 0.97; first token a-b <= 10 ms"
LABELS = {"a_chatapp": "(a) ChatApp remote backend", "b_plain": "(b) plain streaming HTTP"}
MODEL_ALIAS = "bench-model"


@contextmanager
def llama_cpp_server(
    model: Path,
    workdir: Path,
    *,
    alias: str = MODEL_ALIAS,
    api_key: str | None = None,
    n_ctx: int = 2048,
) -> Iterator[str]:
    """``python -m llama_cpp.server`` serving ``model`` on a free loopback port; yields
    its base URL (``…/v1``). Its log goes to ``workdir/llama_cpp_server.log``."""
    try:
        import llama_cpp.server  # noqa: F401
    except ImportError:
        raise RuntimeError(
            "llama_cpp.server is not installed: pip install 'llama-cpp-python[server]'"
        ) from None
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    command = [
        sys.executable,
        *("-m", "llama_cpp.server", "--model", str(model), "--model_alias", alias),
        *("--chat_format", "chatml", "--n_ctx", str(n_ctx)),
        *("--host", "127.0.0.1", "--port", str(port)),
        *(("--api_key", api_key) if api_key else ()),
    ]
    log_path = workdir / "llama_cpp_server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None:
                tail = log_path.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"llama_cpp.server exited with {server.returncode}: {tail}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("llama_cpp.server did not start in 120 s") from None
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        server.terminate()
        server.wait(timeout=30)


def plain_stream(client: httpx2.Client, base: str, body: dict[str, object]) -> tuple[float, float]:
    """(time to first content, tokens/s after it) with nothing but line splitting."""
    started = time.perf_counter()
    first: float | None = None
    pieces = 0
    with client.stream("POST", f"{base}/chat/completions", json=body, timeout=120) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            chunk = json.loads(line[6:])
            for choice in chunk.get("choices") or []:
                if (choice.get("delta") or {}).get("content"):
                    pieces += 1
                    if first is None:
                        first = time.perf_counter()
    ended = time.perf_counter()
    first = first if first is not None else ended
    rate = (pieces - 1) / (ended - first) if ended > first and pieces > 1 else 0.0
    return first - started, rate


def _chatapp(
    backend: RemoteBackend, sampling: SamplingParams, ctx: BenchContext
) -> tuple[float, float]:
    stats: ReplyStats | None = None
    for item in backend.stream_reply(ctx.decode_messages(), sampling):
        if isinstance(item, ReplyStats):
            stats = item
    assert stats is not None
    return stats.time_to_first_token, stats.tokens_per_second


def run(ctx: BenchContext) -> Row:
    """Alternate the two clients; tokens/s medians, their ratio, and first-token times."""
    sampling = ctx.sampling(ctx.decode_tokens)
    first_ms: dict[str, list[float]] = {"a_chatapp": [], "b_plain": []}
    with llama_cpp_server(ctx.model, ctx.workdir) as base:
        backend = RemoteBackend(ServerConfig(name="bench", base_url=base, model=MODEL_ALIAS))
        client = httpx2.Client()
        body = backend.request_body(ctx.decode_messages(), sampling)

        def run_a() -> float:
            ttft, rate = _chatapp(backend, sampling, ctx)
            first_ms["a_chatapp"].append(ttft * 1000)
            return rate

        def run_b() -> float:
            ttft, rate = plain_stream(client, base, body)
            first_ms["b_plain"].append(ttft * 1000)
            return rate

        try:
            ctx.progress("remote: warming up")
            run_a(), run_b()
            for series in first_ms.values():
                series.clear()
            samples = alternate(
                {"a_chatapp": run_a, "b_plain": run_b},
                ctx.rounds,
                lambda name, i, v: ctx.progress(f"remote round {i + 1}: {name} {v:.1f} tokens/s"),
            )
        finally:
            backend.close()
            client.close()
    row = Row("remote", TITLE, "tokens/s", GOAL_TEXT, labels=dict(LABELS))
    row.add_samples(samples)
    ratio = row.add_ratio("a/b", "a_chatapp", "b_plain")
    added = [a - b for a, b in zip(first_ms["a_chatapp"], first_ms["b_plain"], strict=True)]
    row.values["first_token_ms_a"] = median(first_ms["a_chatapp"])
    row.values["first_token_ms_b"] = median(first_ms["b_plain"])
    row.values["first_token_added_ms"] = median(added)
    row.checks = [
        Check("a/b", ratio, ">=", 0.97),
        Check("first token a-b ms", median(added), "<=", 10.0),
    ]
    row.notes.append(
        f"llama-cpp-python's server on 127.0.0.1, {ctx.decode_tokens} tokens a reply; first "
        f"token {row.values['first_token_ms_a']:.0f} ms (a) against "
        f"{row.values['first_token_ms_b']:.0f} ms (b)."
    )
    return row
