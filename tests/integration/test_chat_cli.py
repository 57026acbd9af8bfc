"""`chatapp chat` and `chatapp info` end to end, in subprocesses, on the real model."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chatapp import cli
from chatapp.core import starter

pytestmark = pytest.mark.model

STATS = re.compile(
    r"^\s*(\d+) prompt tokens processed: [\d.]+ token/s\n\s*(\d+) tokens generated: [\d.]+ token/s$",
    re.M,
)


def chatapp(*args: str, data_dir: Path, stdin: str | None = None, timeout: float = 180):
    # CHATAPP_LLAMA_LOG=debug: some tests look for llama.cpp's own INFO lines in the log.
    return subprocess.run(
        [sys.executable, "-m", "chatapp", "--data-dir", str(data_dir), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "CHATAPP_LLAMA_LOG": "debug"},
    )


def start_chat(data_dir: Path, model: Path, *flags: str) -> subprocess.Popen[str]:
    """An interactive `chatapp chat` with pipes for its standard streams."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "chatapp",
            "--data-dir",
            str(data_dir),
            "chat",
            "--model",
            str(model),
            *flags,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    )


def test_prompt_answers_once_and_prints_both_stat_lines(tmp_path: Path, test_model_path: Path):
    result = chatapp(
        "chat",
        "--model",
        str(test_model_path),
        "--prompt",
        "Tell me about the moon.",
        "-n",
        "20",
        data_dir=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()  # the reply, alone on stdout
    stats = STATS.search(result.stderr)
    assert stats, result.stderr
    assert int(stats.group(2)) == 20
    assert "avx2:" in result.stderr and "llama.cpp backends: CPU" in result.stderr
    assert "Traceback" not in result.stderr
    # llama.cpp's own log goes to the log file, not to the terminal.
    assert "llama_model_loader" not in result.stderr
    assert "llama_model_loader" in (tmp_path / "logs" / "chatapp.log").read_text(encoding="utf-8")


def test_prompt_from_stdin(tmp_path: Path, test_model_path: Path):
    result = chatapp(
        "chat",
        "--model",
        str(test_model_path),
        "--prompt",
        "-",
        "-n",
        "5",
        "--temperature",
        "0",
        data_dir=tmp_path,
        stdin="What is two plus two?\n",
    )
    assert result.returncode == 0, result.stderr
    assert STATS.search(result.stderr)


def test_interactive_remembers_and_reuses_the_cache(tmp_path: Path, test_model_path: Path):
    result = chatapp(
        "chat",
        "--model",
        str(test_model_path),
        "-n",
        "12",
        "--system",
        "Be brief.",
        data_dir=tmp_path,
        stdin="Hello there\nAnd then?\n/reset\nHello there\n/exit\n",
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.count("> ") >= 4 and out.count("bot: ") == 3
    assert "(conversation cleared)" in out
    processed = [int(m.group(1)) for m in STATS.finditer(out)]
    assert len(processed) == 3
    first, follow_up, after_reset = processed
    # The follow-up only evaluates its own new tokens, far fewer than the whole history.
    assert follow_up < first + 12
    # After /reset the first question is asked in a fresh conversation again.
    assert after_reset <= first


def test_ctrl_c_stops_the_reply_and_returns_to_the_prompt(tmp_path: Path, test_model_path: Path):
    process = start_chat(tmp_path, test_model_path, "-n", "1000")
    assert process.stdin and process.stdout
    process.stdin.write("Write a very long story about the sea.\n")
    process.stdin.flush()
    seen = ""
    while "bot: " not in seen:
        seen += process.stdout.read(1)
    seen += process.stdout.read(20)  # the reply is streaming
    process.send_signal(signal.SIGINT)
    time.sleep(0.5)
    process.stdin.write("/exit\n")
    process.stdin.flush()
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "(stopped)" in out
    generated = [int(m.group(2)) for m in STATS.finditer(seen + out)]
    assert len(generated) == 1 and generated[0] < 1000
    assert "Traceback" not in err


@pytest.mark.parametrize("how", ["eof", "interrupt"])
def test_ctrl_d_or_ctrl_c_at_the_prompt_exits_cleanly(
    tmp_path: Path, test_model_path: Path, how: str
):
    process = start_chat(tmp_path, test_model_path)
    assert process.stdout and process.stdin
    seen = ""
    while not seen.endswith("> "):
        seen += process.stdout.read(1)
    if how == "eof":
        process.stdin.close()
    else:
        process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) == 0
    assert process.stderr and "Traceback" not in process.stderr.read()
    process.stdout.close()
    process.stderr.close()
    if how != "eof":
        process.stdin.close()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("<!DOCTYPE html><html>", "web page"),
        ("version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 1\n", "Git LFS pointer"),
        ("", "empty (0 bytes)"),
    ],
)
def test_bad_model_files_exit_2_with_one_line(tmp_path: Path, content: str, expected: str):
    bad = tmp_path / "我的 模型.gguf"
    bad.write_text(content, encoding="utf-8")
    result = chatapp("chat", "--model", str(bad), "--prompt", "hi", data_dir=tmp_path)
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("chatapp:")]
    assert len(errors) == 1 and expected in errors[0]
    assert "Traceback" not in result.stderr


def test_bad_flag_values_exit_2(tmp_path: Path, test_model_path: Path):
    result = chatapp(
        "chat", "--model", str(test_model_path), "--temperature", "hot", data_dir=tmp_path
    )
    assert result.returncode == 2 and "'hot' is not a number" in result.stderr
    result = chatapp(
        "chat",
        "--model",
        str(test_model_path),
        "--temperature",
        "9",
        "--prompt",
        "x",
        data_dir=tmp_path,
    )
    assert result.returncode == 2 and "temperature must be between 0 and 5" in result.stderr
    result = chatapp(
        "chat",
        "--model",
        str(test_model_path),
        "--tokenizer",
        str(test_model_path),
        "--prompt",
        "x",
        data_dir=tmp_path,
    )
    assert result.returncode == 2 and "not a tokenizer.json" in result.stderr


def test_without_a_model_the_starter_is_linked_in_and_used(tmp_path: Path, chat_model_path: Path):
    result = chatapp("chat", "--prompt", "Hello", "-n", "3", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    linked = tmp_path / "models" / "starter" / chat_model_path.name
    assert linked.stat().st_size == chat_model_path.stat().st_size
    assert STATS.search(result.stderr)
    listed = json.loads(chatapp("info", "--json", data_dir=tmp_path).stdout)
    assert listed["installed_models"][0]["name"] == "SmolLM2 135M Instruct (starter)"


def test_without_any_model_it_says_how_to_get_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    # This machine has the starter package; pretend it does not (no other seam exists).
    monkeypatch.setattr(starter, "STARTER_PACKAGE", "chatapp_no_such_starter_package")
    code = cli.main(["--data-dir", str(tmp_path), "chat", "--prompt", "hi"])
    err = capsys.readouterr().err
    assert code == 2
    assert "No model is installed" in err and "pip install 'chatapp[starter]'" in err


def test_info_json(tmp_path: Path, test_model_path: Path):
    result = chatapp("info", "--json", "--model", str(test_model_path), data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["llama_cpp_python_version"]
    assert "CPU" in data["backends"]
    assert data["gpu_offload"] is False
    assert data["cpu_features"]["AVX2"] in (True, False)
    assert data["threads"] >= 1 and data["ram_total_bytes"] > 0
    assert data["folders"]["models"] == str(tmp_path / "models")
    assert data["folders"]["log_file"] == str(tmp_path / "logs" / "chatapp.log")
    assert data["model"]["architecture"] == "gemma3"
    text = chatapp("info", data_dir=tmp_path)
    assert (
        text.returncode == 0 and "llama-cpp-python:" in text.stdout and str(tmp_path) in text.stdout
    )


def test_version_and_help():
    version = subprocess.run(
        [sys.executable, "-m", "chatapp", "--version"], capture_output=True, text=True
    )
    assert version.returncode == 0 and re.fullmatch(r"chatapp \d+\.\d+\.\d+\n", version.stdout)
    helped = subprocess.run(
        [sys.executable, "-m", "chatapp", "chat", "--help"], capture_output=True, text=True
    )
    for flag in (
        "--model",
        "--tokenizer",
        "--sample-len",
        "--temperature",
        "--seed",
        "--repeat-penalty",
        "--repeat-last-n",
        "--top-p",
        "--top-k",
        "--min-p",
        "--ctx",
        "--gpu-layers",
        "--threads",
        "--system",
        "--chat-format",
        "--prompt",
    ):
        assert flag in helped.stdout
    assert "(default: 1000)" in helped.stdout and "(default: 299792458)" in helped.stdout
