"""Memory: resident memory with the model loaded and one reply made, minus the model
file and the KV cache, for ChatApp's window and for a bare Qt window + Llama."""

from __future__ import annotations

from chatapp.bench.context import BenchContext
from chatapp.bench.probes import probe_rounds
from chatapp.bench.report import Row
from chatapp.bench.stats import Check

TITLE = "Memory beyond model and KV cache"
GOAL_TEXT = "ChatApp <= 1.1x a bare Qt window with a bare Llama"
LABELS = {
    "chatapp_overhead": "ChatApp window process",
    "bare_overhead": "bare Qt window + Llama",
    "chatapp_rss": "ChatApp RSS",
}
MB = 1_000_000


def run(ctx: BenchContext) -> Row:
    """Both kinds of probe, alternated (shared with the start-up row)."""
    probes = probe_rounds(ctx)
    chatapp, bare = probes["chatapp"], probes["bare"]
    row = Row("memory", TITLE, "MB", GOAL_TEXT, labels=dict(LABELS))
    row.add_samples(
        {
            "chatapp_overhead": [p.overhead_bytes / MB for p in chatapp],
            "bare_overhead": [p.overhead_bytes / MB for p in bare],
            "chatapp_rss": [p.rss / MB for p in chatapp],
        }
    )
    ratio = row.add_ratio("chatapp/bare", "chatapp_overhead", "bare_overhead")
    row.checks = [Check("chatapp/bare", ratio, "<=", 1.1)]
    if chatapp:
        row.values["model_mb"] = chatapp[0].model_bytes / MB
        row.values["kv_mb"] = chatapp[0].kv_bytes / MB
        row.notes.append(
            f"model file {chatapp[0].model_bytes / MB:.0f} MB and KV cache "
            f"{chatapp[0].kv_bytes / MB:.0f} MB (as llama.cpp logs it) subtracted from RSS."
        )
    return row
