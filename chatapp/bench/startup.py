"""Start-up: process start to ChatApp's main window shown (offscreen), and the model
load, against a bare QMainWindow and a bare llama_cpp.Llama in the same kind of process."""

from __future__ import annotations

from chatapp.bench.context import BenchContext
from chatapp.bench.probes import probe_rounds
from chatapp.bench.report import Row
from chatapp.bench.stats import Check

TITLE = "Start-up"
GOAL_TEXT = "ChatApp window shown <= 0.5 s after the process starts"
LABELS = {
    "chatapp_window": "ChatApp window shown",
    "bare_window": "bare QMainWindow shown",
    "chatapp_load": "model load in the window",
    "bare_load": "bare Llama load",
}


def run(ctx: BenchContext) -> Row:
    """Both kinds of probe, alternated; medians and ratios per round."""
    probes = probe_rounds(ctx)
    row = Row("startup", TITLE, "s", GOAL_TEXT, labels=dict(LABELS))
    row.add_samples(
        {
            "chatapp_window": [p.window_seconds for p in probes["chatapp"]],
            "bare_window": [p.window_seconds for p in probes["bare"]],
            "chatapp_load": [p.load_seconds for p in probes["chatapp"]],
            "bare_load": [p.load_seconds for p in probes["bare"]],
        }
    )
    row.add_ratio("window chatapp/bare", "chatapp_window", "bare_window")
    row.add_ratio("load chatapp/bare", "chatapp_load", "bare_load")
    row.checks = [Check("window s", row.values["chatapp_window"], "<=", 0.5)]
    row.notes.append(
        "from the process start (Python start-up included) to the first event-loop turn "
        "after show(); load: from the request to the model ready on the GUI thread."
    )
    return row
