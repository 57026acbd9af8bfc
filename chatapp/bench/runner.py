"""Run the comparisons, then write the JSON and the Markdown table.

``chatapp bench`` calls :func:`run_bench`; so does ``benchmarks/run.py``.
"""

from __future__ import annotations

import logging
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

# Imported here, not by name at run time, so that a frozen app bundles them; none of
# them imports Qt at module level (only the decode, ui_stall and long_chat rows do, when
# they run).
from chatapp.bench import (
    api_server,
    busy_cpu,
    decode,
    download,
    long_chat,
    memory,
    prompt_reuse,
    remote,
    startup,
    ui_stall,
)
from chatapp.bench.context import BenchContext
from chatapp.bench.report import ROW_KEYS, Report, Row, failed_row, machine_info

log = logging.getLogger(__name__)

# key -> the module whose ``run(ctx) -> Row`` measures it (with its TITLE and GOAL_TEXT).
ROWS: dict[str, ModuleType] = {
    "decode": decode,
    "prompt_reuse": prompt_reuse,
    "ui_stall": ui_stall,
    "startup": startup,
    "memory": memory,
    "download": download,
    "remote": remote,
    "api_server": api_server,
    "busy_cpu": busy_cpu,
    "long_chat": long_chat,
}
assert tuple(ROWS) == ROW_KEYS


def parse_rows(spec: str | None) -> list[str]:
    """``"decode,memory"`` -> those keys in table order; None -> all. ValueError if unknown."""
    if not spec:
        return list(ROW_KEYS)
    wanted = [part.strip() for part in spec.split(",") if part.strip()]
    unknown = [key for key in wanted if key not in ROWS]
    if unknown:
        raise ValueError(f"unknown row {unknown[0]!r} (rows: {', '.join(ROW_KEYS)})")
    return [key for key in ROW_KEYS if key in wanted]


def run_row(key: str, ctx: BenchContext) -> Row:
    """Run one comparison; a failure becomes a row with the reason instead of a crash."""
    module = ROWS[key]
    try:
        return module.run(ctx)
    except KeyboardInterrupt:
        raise
    except Exception as exc:
        log.error("benchmark %s failed:\n%s", key, traceback.format_exc())
        return failed_row(key, module.TITLE, module.GOAL_TEXT, f"{type(exc).__name__}: {exc}")


def run_bench(
    model: Path,
    *,
    rows: Sequence[str] | None = None,
    quick: bool = False,
    llama_bench: str | None = None,
    llama_server: str | None = None,
    progress: Callable[[str], None] | None = None,
    configure: Callable[[BenchContext], None] | None = None,
) -> Report:
    """Run ``rows`` (default: all) on ``model``; ``configure`` may adjust the context
    (tests use it for tiny token counts)."""
    started = time.perf_counter()
    results: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="chatapp-bench-") as scratch:
        ctx = BenchContext.create(
            model,
            Path(scratch),
            quick=quick,
            llama_bench=llama_bench,
            llama_server=llama_server,
            progress=progress,
        )
        if configure is not None:
            configure(ctx)
        for key in rows or ROW_KEYS:
            ctx.progress(f"{key}: running")
            results.append(run_row(key, ctx))
    return Report(
        rows=results,
        machine=machine_info(),
        model=str(model),
        quick=quick,
        seconds=time.perf_counter() - started,
    )


def write_report(report: Report, json_path: Path) -> Path:
    """Write the JSON to ``json_path`` and the table beside it (``.md``); return the latter."""
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(report.to_json() + "\n", encoding="utf-8")
    markdown_path = json_path.with_suffix(".md")
    markdown_path.write_text(report.markdown(), encoding="utf-8")
    return markdown_path
