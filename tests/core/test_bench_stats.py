"""The benchmark's statistics, alternation and report (no model, no Qt)."""

from __future__ import annotations

import json
import math

import pytest

from chatapp.bench.report import ROW_KEYS, Report, Row, failed_row
from chatapp.bench.runner import parse_rows
from chatapp.bench.stats import (
    Check,
    alternate,
    median,
    median_ratio,
    pair_ratios,
    percentile,
)


def test_median_and_percentile_match_numpy_linear_interpolation() -> None:
    values = [5.0, 1.0, 4.0, 2.0, 3.0]
    assert median(values) == 3.0
    assert median([1.0, 2.0, 3.0, 10.0]) == 2.5
    assert percentile(values, 0) == 1.0
    assert percentile(values, 100) == 5.0
    assert percentile(values, 50) == 3.0
    assert percentile([0.0, 10.0], 99) == pytest.approx(9.9)
    assert percentile(list(range(101)), 99) == pytest.approx(99.0)
    assert math.isnan(median([])) and math.isnan(percentile([], 50))
    with pytest.raises(ValueError):
        percentile(values, 101)


def test_alternate_runs_a_b_a_b_and_keeps_samples_in_order() -> None:
    order: list[str] = []
    counter = iter(range(100))

    def make(name: str):
        def run() -> float:
            order.append(name)
            return float(next(counter))

        return run

    seen: list[tuple[str, int]] = []
    samples = alternate(
        {"a": make("a"), "b": make("b")}, 3, lambda name, i, _v: seen.append((name, i))
    )
    assert order == ["a", "b", "a", "b", "a", "b"]
    assert samples == {"a": [0.0, 2.0, 4.0], "b": [1.0, 3.0, 5.0]}
    assert seen[:2] == [("a", 0), ("b", 0)] and seen[-1] == ("b", 2)
    with pytest.raises(ValueError):
        alternate({"a": make("a")}, 0)


def test_ratios_are_per_pair_then_median() -> None:
    # A drift that doubles both variants keeps every per-pair ratio at 0.5.
    a = [1.0, 2.0, 4.0, 8.0, 100.0]
    b = [2.0, 4.0, 8.0, 16.0, 100.0]
    assert pair_ratios(a, b) == [0.5, 0.5, 0.5, 0.5, 1.0]
    assert median_ratio(a, b) == 0.5
    assert math.isnan(pair_ratios([1.0], [0.0])[0])
    with pytest.raises(ValueError):
        pair_ratios([1.0], [1.0, 2.0])


def test_checks_compare_both_ways_and_unknown_values_are_not_met() -> None:
    assert Check("x", 0.98, ">=", 0.97).met is True
    assert Check("x", 0.96, ">=", 0.97).met is False
    assert Check("x", 16.0, "<=", 16.0).met is True
    assert Check("x", 17.0, "<=", 16.0).met is False
    assert Check("x", math.nan, "<=", 16.0).met is None
    assert Check("worst", 3, "<=", 16).describe() == "worst <= 16"
    with pytest.raises(ValueError):
        Check("x", 1.0, "==", 1.0)


def _row(key: str, a: list[float], b: list[float], target: float) -> Row:
    row = Row(key, key.title(), "ms", f"a/b <= {target}", labels={"a": "A", "b": "B"})
    row.add_samples({"a": a, "b": b})
    ratio = row.add_ratio("a/b", "a", "b")
    row.checks = [Check("a/b", ratio, "<=", target)]
    return row


def test_row_records_medians_rounds_and_goal() -> None:
    row = _row("prompt_reuse", [10.0, 30.0, 20.0], [10.0, 10.0, 10.0], 1.5)
    assert row.values == {"a": 20.0, "b": 10.0}
    assert row.rounds == 3
    assert row.pair_ratios["a/b"] == [1.0, 3.0, 2.0]
    assert row.ratios["a/b"] == 2.0
    assert row.met is False
    assert _row("x", [1.0], [1.0], 1.5).met is True
    assert failed_row("memory", "Memory", "goal", "boom").met is None


def test_report_json_has_one_object_per_row_under_stable_keys() -> None:
    rows = [
        _row("decode", [1.0, 1.0], [1.0, 2.0], 1.0),
        failed_row("memory", "Memory", "<= 150 MB", "probe failed"),
    ]
    rows[0].values["odd"] = math.nan
    report = Report(rows, {"cpu": "Test CPU"}, "/m/model.gguf", quick=True, command="chatapp bench")
    data = json.loads(report.to_json())
    assert set(data) == {"decode", "memory", "meta"}
    decode = data["decode"]
    assert set(decode) >= {"values", "goal", "ratio", "checks", "met", "samples", "pair_ratios"}
    assert decode["ratio"] == {"a/b": 0.75}
    assert decode["values"]["odd"] is None  # NaN is not valid JSON
    assert decode["met"] is True
    assert data["memory"]["error"] == "probe failed" and data["memory"]["met"] is None
    assert data["meta"]["quick"] is True and data["meta"]["machine"]["cpu"] == "Test CPU"


def test_markdown_table_has_a_line_per_row_and_the_machine() -> None:
    rows = [_row("decode", [2.0], [1.0], 1.5), failed_row("memory", "Memory", "g", "no probe")]
    rows[0].notes.append("a note")
    text = Report(rows, {"cpu": "Test CPU"}, "/m/model.gguf", quick=False).markdown()
    lines = text.splitlines()
    assert lines[0].startswith("| comparison |")
    assert lines[0].startswith("| comparison |")
    assert (
        lines[2] == "| Decode (ms) | A 2.00; B 1.00 | a/b 2.00x | a/b <= 1.5 | a/b <= 1.5: **no** |"
    )
    assert "not measured: no probe" in lines[3] and lines[3].endswith("| - |")
    assert "Test CPU" in text and "model.gguf" in text and "- decode: a note" in text


def test_rows_are_parsed_in_table_order() -> None:
    assert parse_rows(None) == list(ROW_KEYS)
    assert parse_rows("memory, decode") == ["decode", "memory"]
    with pytest.raises(ValueError, match="unknown row 'speed'"):
        parse_rows("decode,speed")
