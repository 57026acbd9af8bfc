"""``chatapp bench``: its arguments and what it prints."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from chatapp.core.errors import ExitCode
from chatapp.core.paths import AppPaths


def add_bench_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``bench`` sub-command's flags."""
    parser.add_argument(
        "--model", metavar="PATH", help="GGUF model to measure (default: the starter model)"
    )
    parser.add_argument(
        "--json",
        metavar="FILE",
        help="write the results here, the Markdown table beside it as .md "
        "(default: bench/latest.json in the data folder)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="3 rounds per comparison and short replies"
    )
    parser.add_argument(
        "--only",
        metavar="ROWS",
        help="comma-separated rows to run: decode, prompt_reuse, ui_stall, startup, "
        "memory, download, remote, api_server, busy_cpu, long_chat (default: all)",
    )
    parser.add_argument(
        "--llama-bench",
        metavar="PATH",
        help="llama.cpp's llama-bench binary (default: the one on PATH, if any)",
    )
    parser.add_argument(
        "--llama-server",
        metavar="PATH",
        help="llama.cpp's llama-server binary, the peer engine in the decode and "
        "prompt_reuse rows (default: the one on PATH, if any)",
    )


def run_bench_command(args: argparse.Namespace, paths: AppPaths) -> int:
    """Run the benchmark, write the JSON and the table, print the table."""
    from chatapp.bench.runner import parse_rows, run_bench, write_report
    from chatapp.core.default_model import INSTALL_HINT, default_model
    from chatapp.core.gguf_info import ModelFileError, check_model_file

    try:
        rows = parse_rows(args.only)
    except ValueError as exc:
        print(f"chatapp: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    if args.llama_bench and not Path(args.llama_bench).is_file():
        print(f"chatapp: no llama-bench at {args.llama_bench}", file=sys.stderr)
        return ExitCode.USAGE
    if args.llama_server and not Path(args.llama_server).is_file():
        print(f"chatapp: no llama-server at {args.llama_server}", file=sys.stderr)
        return ExitCode.USAGE
    model = Path(args.model) if args.model else default_model(paths)
    if model is None:
        print(f"chatapp: {INSTALL_HINT}", file=sys.stderr)
        return ExitCode.USAGE
    try:
        model = check_model_file(model).path
    except ModelFileError as exc:
        print(f"chatapp: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    json_path = Path(args.json) if args.json else paths.data_dir / "bench" / "latest.json"

    def progress(line: str) -> None:
        print(f"  {line}", file=sys.stderr, flush=True)

    print(f"benchmarking {model} ({'quick' if args.quick else 'full'})...", file=sys.stderr)
    report = run_bench(
        model,
        rows=rows,
        quick=args.quick,
        llama_bench=args.llama_bench,
        llama_server=args.llama_server,
        progress=progress,
    )
    try:
        markdown_path = write_report(report, json_path)
    except OSError as exc:
        print(report.markdown())
        print(f"chatapp: cannot write {json_path}: {exc}", file=sys.stderr)
        return ExitCode.FAILURE
    print(report.markdown())
    print(f"written: {json_path} and {markdown_path}", file=sys.stderr)
    failed = [row.key for row in report.rows if row.error]
    if failed:
        print(f"chatapp: not measured: {', '.join(failed)} (see the log)", file=sys.stderr)
        return ExitCode.FAILURE
    return ExitCode.OK
