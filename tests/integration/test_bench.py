"""``chatapp bench`` on the real test model, a small subset with tiny sizes (no timing
goals are asserted: speed is measured by the benchmark, not tested)."""

from __future__ import annotations

import json
import shutil
import stat
import sys
from pathlib import Path

import pytest

from chatapp.bench.context import BenchContext
from chatapp.bench.runner import run_bench, write_report
from chatapp.cli import main
from tests.helpers.gguf_factory import write_gguf


def tiny(source: Path):
    def configure(ctx: BenchContext) -> None:
        ctx.rounds = 2
        ctx.history_tokens = 200
        ctx.download_source = source

    return configure


@pytest.mark.model
def test_prompt_reuse_and_download_rows_measure_sane_values(
    test_model_path: Path, tmp_path: Path
) -> None:
    source = write_gguf(tmp_path / "small.Q8_0.gguf", extra_bytes=2 * 1024 * 1024)
    lines: list[str] = []
    report = run_bench(
        test_model_path,
        rows=["prompt_reuse", "download"],
        quick=True,
        progress=lines.append,
        configure=tiny(source),
    )
    markdown = write_report(report, tmp_path / "out" / "bench.json")
    data = json.loads((tmp_path / "out" / "bench.json").read_text(encoding="utf-8"))
    assert set(data) == {"prompt_reuse", "download", "meta"}
    assert markdown.read_text(encoding="utf-8") == report.markdown()

    reuse = data["prompt_reuse"]
    assert reuse["error"] is None
    assert reuse["rounds"] == 2
    assert all(len(v) == 2 for v in reuse["samples"].values())
    assert all(v > 0 for k, v in reuse["values"].items() if k != "history_tokens")
    assert reuse["values"]["history_tokens"] >= 200
    # Re-processing the whole history evaluates many more tokens than the follow-up.
    assert reuse["values"]["c_whole_history"] > reuse["values"]["a_follow_up"]
    assert set(reuse["ratio"]) == {"a/b", "a/c", "c/b"}
    assert reuse["checks"][0]["name"] == "a/b" and reuse["met"] in (True, False)

    download = data["download"]
    assert download["error"] is None
    size_mb = source.stat().st_size / 1_000_000
    assert download["values"]["chatapp"] > 0 and download["values"]["plain_get"] > 0
    assert download["values"]["plain_hashed"] > 0  # its digest is checked in the row
    assert download["values"]["kept_at_cut_mb"] == pytest.approx(size_mb / 2, rel=0.01)
    assert download["values"]["resume_mb"] == pytest.approx(size_mb / 2, rel=0.01)
    assert download["ratio"]["resume fetched/missing"] == pytest.approx(1.0)
    assert [c["met"] for c in download["checks"][1:]] == [True, True]
    assert any("download round 2" in line for line in lines)


def test_bench_command_rejects_an_unknown_row_on_one_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bench", "--only", "decode,speed"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "chatapp: unknown row 'speed' (rows: decode, prompt_reuse, ui_stall, "
        "startup, memory, download, remote, api_server, busy_cpu, long_chat)"
    ]


def test_bench_command_rejects_a_missing_llama_server_on_one_line(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "bin" / "llama-server"
    assert main(["bench", "--only", "decode", "--llama-server", str(missing)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"chatapp: no llama-server at {missing}"]


def test_bench_command_rejects_a_file_that_is_not_a_model(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "model.gguf"
    page.write_text("<!DOCTYPE html><html></html>", encoding="utf-8")
    assert main(["bench", "--model", str(page), "--only", "memory"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("chatapp: ")


@pytest.mark.model
def test_remote_row_compares_the_two_clients_on_a_real_server(
    test_model_path: Path, tmp_path: Path
) -> None:
    def configure(ctx: BenchContext) -> None:
        ctx.rounds = 2
        ctx.decode_tokens = 12

    report = run_bench(test_model_path, rows=["remote"], quick=True, configure=configure)
    row = json.loads(report.to_json())["remote"]
    assert row["error"] is None, row["error"]
    assert row["rounds"] == 2
    assert row["values"]["a_chatapp"] > 0 and row["values"]["b_plain"] > 0
    assert row["values"]["first_token_ms_a"] > 0 and row["values"]["first_token_ms_b"] > 0
    assert [c["name"] for c in row["checks"]] == ["a/b", "first token a-b ms"]


@pytest.mark.model
def test_api_server_row_compares_the_server_with_the_engine_and_llama_cpp_server(
    test_model_path: Path,
) -> None:
    def configure(ctx: BenchContext) -> None:
        ctx.rounds = 2
        ctx.decode_tokens = 12

    report = run_bench(test_model_path, rows=["api_server"], quick=True, configure=configure)
    row = json.loads(report.to_json())["api_server"]
    assert row["error"] is None, row["error"]
    assert all(row["values"][k] > 0 for k in ("a_chatapp_server", "b_engine"))
    assert row["values"]["c_llama_cpp_server"] > 0
    assert set(row["ratio"]) == {"a/b", "a/c"}
    assert [c["name"] for c in row["checks"]] == ["a/b", "first token a-b ms", "a/c"]


# llama-server built from the llama.cpp that llama-cpp-python ships (benchmarks/README.md).
BUILT_LLAMA_SERVER = Path("/tmp/llama-src/build/bin/llama-server")
SERVER_VARIANTS = {
    "decode": ["f_llama_server"],
    "prompt_reuse": ["d_server_follow_up", "e_server_fresh"],
}


@pytest.mark.model
def test_llama_server_joins_the_decode_and_prompt_reuse_rows(
    test_model_path: Path, tmp_path: Path
) -> None:
    def configure(ctx: BenchContext) -> None:
        ctx.rounds = 2
        ctx.decode_tokens = 12
        ctx.history_tokens = 300

    binary = str(BUILT_LLAMA_SERVER) if BUILT_LLAMA_SERVER.is_file() else None
    binary = binary or shutil.which("llama-server")
    report = run_bench(
        test_model_path,
        rows=["decode", "prompt_reuse"],
        quick=True,
        llama_server=binary,
        configure=configure,
    )
    data = json.loads(report.to_json())
    for key, variants in SERVER_VARIANTS.items():
        row = data[key]
        assert row["error"] is None, row["error"]
        if binary is None:  # nothing to measure here: the row must say so
            assert set(row["unavailable"]) == set(variants)
            assert "not on PATH" in row["unavailable"][variants[0]]
            continue
        assert row["unavailable"] == {}
        assert all(len(row["samples"][v]) == 2 and row["values"][v] > 0 for v in variants)
    if binary is not None:
        assert [c["name"] for c in data["decode"]["checks"]][-1] == "e/f"
        assert [c["name"] for c in data["decode"]["checks"]] == ["d/c", "e/f"]
        assert [c["name"] for c in data["prompt_reuse"]["checks"]] == ["a/d"]
        # cache_prompt on: the follow-up reuses the history in llama-server's slot too
        reuse = data["prompt_reuse"]
        assert reuse["values"]["d_server_follow_up"] < reuse["values"]["c_whole_history"]
        assert "from its cache" in " ".join(reuse["notes"])


@pytest.mark.model
def test_llama_server_variants_say_why_they_are_unavailable(
    test_model_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def configure(ctx: BenchContext) -> None:
        ctx.rounds = 1
        ctx.history_tokens = 100

    monkeypatch.setenv("PATH", str(Path(sys.executable).parent))
    report = run_bench(test_model_path, rows=["prompt_reuse"], quick=True, configure=configure)
    row = json.loads(report.to_json())["prompt_reuse"]
    assert row["error"] is None, row["error"]
    assert row["unavailable"] == {
        variant: "llama-server is not on PATH (give --llama-server PATH)"
        for variant in SERVER_VARIANTS["prompt_reuse"]
    }
    assert "(d) llama-server follow-up: unavailable (llama-server is not on PATH" in (
        report.markdown()
    )
    assert [c["name"] for c in row["checks"]] == ["a/b"]

    broken = tmp_path / "llama-server"
    broken.write_text("#!/bin/sh\necho 'error: unknown argument: --no-webui' >&2\nexit 1\n")
    broken.chmod(broken.stat().st_mode | stat.S_IEXEC)
    report = run_bench(
        test_model_path,
        rows=["prompt_reuse"],
        quick=True,
        llama_server=str(broken),
        configure=configure,
    )
    row = json.loads(report.to_json())["prompt_reuse"]
    assert row["error"] is None, row["error"]
    assert row["unavailable"]["d_server_follow_up"] == (
        "llama-server exited with 1: error: unknown argument: --no-webui"
    )


@pytest.mark.model
def test_busy_cpu_row_compares_auto_with_each_fixed_count(test_model_path: Path) -> None:
    def configure(ctx: BenchContext) -> None:
        ctx.rounds = 2
        ctx.decode_tokens = 12

    report = run_bench(test_model_path, rows=["busy_cpu"], quick=True, configure=configure)
    row = json.loads(report.to_json())["busy_cpu"]
    assert row["error"] is None, row["error"]
    assert {"idle_auto", "idle_t1", "busy_auto", "busy_t1"} <= set(row["samples"])
    assert all(len(v) == 2 and min(v) > 0 for v in row["samples"].values())
    assert [c["name"] for c in row["checks"]] == [
        "idle Auto/best fixed",
        "busy Auto/best fixed",
    ]
    # With one of two cores spinning, Auto gives that core up.
    assert row["values"]["busy_auto_threads"] < row["values"]["idle_auto_threads"] or (
        row["values"]["busy_auto_threads"] == 1
    )


@pytest.mark.model
def test_the_window_variant_runs_in_a_process_of_its_own_unless_frozen(
    test_model_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def configure(ctx: BenchContext) -> None:
        ctx.rounds = 1
        ctx.decode_tokens = 8

    monkeypatch.setenv("PATH", str(Path(sys.executable).parent))  # no llama-bench or server
    for frozen, where in ((False, "a process of its own"), (True, "the bench's own process")):
        if frozen:
            monkeypatch.setattr(sys, "frozen", True, raising=False)
        report = run_bench(test_model_path, rows=["decode"], quick=True, configure=configure)
        row = json.loads(report.to_json())["decode"]
        assert row["error"] is None, row["error"]
        assert row["values"]["e_window"] > 0
        assert where in " ".join(row["notes"])
        assert [c["name"] for c in row["checks"]] == ["d/c", "e/c"]
