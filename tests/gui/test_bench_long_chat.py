"""The long_chat benchmark row, at tiny sizes (no timing goal is asserted: the row
measures speed; this checks that it measures and reports). It needs no model."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from chatapp.bench.context import BenchContext
from chatapp.bench.runner import run_bench
from chatapp.gui.chat_view import ChatView

SIZES = (10, 40, 120)


def tiny(ctx: BenchContext) -> None:
    ctx.rounds = 2
    ctx.long_chat_sizes = SIZES


def chat_views() -> int:
    return sum(isinstance(widget, ChatView) for widget in QApplication.allWidgets())


def test_long_chat_row_opens_and_scrolls_each_size(qapp: object, tmp_path: Path) -> None:
    lines: list[str] = []
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # earlier tests'
    views_before = chat_views()
    report = run_bench(
        tmp_path / "unused.gguf",
        rows=["long_chat"],
        quick=True,
        progress=lines.append,
        configure=tiny,
    )
    row = json.loads(report.to_json())["long_chat"]
    assert row["error"] is None, row["error"]
    assert row["rounds"] == 2
    values = row["values"]
    for n in SIZES:
        assert len(row["samples"][f"open_{n}"]) == 2 and values[f"open_{n}"] > 0
        assert 0 < values[f"gap_p99_{n}"] <= values[f"gap_{n}"]
        assert values[f"cpu_worst_{n}"] > 0
    # the longer the chat, the more turns it takes to scroll to its first message
    assert 0 < values["turns_10"] < values["turns_40"] < values["turns_120"]
    assert set(row["ratio"]) == {"open 40/10", "open 120/10"}
    assert [c["name"] for c in row["checks"]] == ["open 120 ms", "open 120/10", "worst gap ms"]
    assert all(c["met"] in (True, False) for c in row["checks"])
    assert "| Long chat (ms) | open 10 messages" in report.markdown()
    assert any("long_chat round 2: gap_120 worst" in line for line in lines)
    assert chat_views() == views_before  # each view measured was deleted, not left to wait
