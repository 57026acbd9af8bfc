"""Run :mod:`chatapp.bench.probe` processes, alternating ChatApp and bare, once per round.

The start-up and memory rows share these runs (each probe measures both).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from chatapp.bench.context import BenchContext
from chatapp.bench.stats import alternate


@dataclass(frozen=True)
class ProbeResult:
    """One probe process: seconds from its start to the window shown, the model load
    (request to ready), and its memory after one reply."""

    window_seconds: float
    load_seconds: float
    rss: int
    model_bytes: int
    kv_bytes: int

    @property
    def overhead_bytes(self) -> int:
        """RSS beyond the model file and the KV cache."""
        return self.rss - self.model_bytes - self.kv_bytes


def run_probe(ctx: BenchContext, mode: str) -> ProbeResult:
    """Start one probe process and read its events."""
    if getattr(sys, "frozen", False):
        raise RuntimeError("the start-up and memory probes need ChatApp installed with pip")
    command = [ctx.python, "-m", "chatapp.bench.probe", mode, str(ctx.model), "--reply"]
    command += ["--data-dir", str(ctx.workdir / "probe-data")]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    started = time.time()
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=300, check=False, env=env
    )
    events = {}
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            event = json.loads(line)
            events[event["event"]] = event
    if done.returncode != 0 or "memory" not in events:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"probe {mode} failed ({done.returncode}): {last}")
    memory = events["memory"]
    return ProbeResult(
        window_seconds=events["shown"]["time"] - started,
        load_seconds=events["loaded"]["seconds"],
        rss=memory["rss"],
        model_bytes=memory["model_bytes"],
        kv_bytes=memory["kv_bytes"],
    )


def probe_rounds(ctx: BenchContext) -> dict[str, list[ProbeResult]]:
    """``{"chatapp": [...], "bare": [...]}``, alternated; run once per benchmark run."""
    cached = ctx.cache.get("probes")
    if cached is not None:
        return cached
    results: dict[str, list[ProbeResult]] = {"chatapp": [], "bare": []}

    def runner(mode: str) -> Callable[[], float]:
        def run() -> float:
            result = run_probe(ctx, mode)
            results[mode].append(result)
            return result.window_seconds

        return run

    ctx.progress("probes: warming up")
    run_probe(ctx, "chatapp")  # the first start fills the data folder and disk caches
    alternate(
        {"chatapp": runner("chatapp"), "bare": runner("bare")},
        ctx.rounds,
        lambda name, i, v: ctx.progress(f"probe round {i + 1}: {name} window {v * 1000:.0f} ms"),
    )
    ctx.cache["probes"] = results
    return results
