"""The benchmark's Qt rows on the real window and model, tiny sizes; the GUI conftest
checks that they leave no QThread or QTimer running."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chatapp.bench.context import BenchContext
from chatapp.bench.runner import run_bench


def tiny(ctx: BenchContext) -> None:
    ctx.rounds = 1
    ctx.decode_tokens = 8
    ctx.stream_tokens = 8
    ctx.view_messages = 20
    ctx.llama_bench = None


@pytest.mark.model
def test_decode_and_ui_stall_rows_run_on_the_window(qapp: object, test_model_path: Path) -> None:
    report = run_bench(test_model_path, rows=["decode", "ui_stall"], quick=True, configure=tiny)
    data = report.to_dict()
    json.dumps(data)  # plain data all through
    decode = data["decode"]
    assert decode["error"] is None, decode["error"]
    for variant in ("b_bare_defaults", "c_bare_chatapp", "d_engine", "e_window"):
        assert decode["values"][variant] > 0
    assert "a_llama_bench" not in decode["values"]
    assert set(decode["ratio"]) == {"b/c", "d/c", "e/c"}
    assert [c["name"] for c in decode["checks"]] == ["d/c", "e/c"]
    assert any("not on PATH" in note for note in decode["notes"])

    stall = data["ui_stall"]
    assert stall["error"] is None, stall["error"]
    values = stall["values"]
    assert 0 < values["stream_p99"] <= values["stream_worst"]
    assert values["idle_worst"] > 0
    assert values["view_at_10"] > 0 and values["view_at_late"] > 0
    assert set(stall["ratio"]) == {"stream/idle worst", "view 20/10"}
