"""`chatapp chat` with hostile input: closed or binary standard input, Ctrl+C during a
one-shot prompt, a full context, and a non-UTF-8 locale with a non-ASCII model path."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

CHAT = [sys.executable, "-m", "chatapp"]


def run(
    args: list[str],
    data_dir: Path,
    *,
    stdin: int | bytes | None = None,
    env: dict[str, str] | None = None,
    close_stdin: bool = False,
) -> subprocess.CompletedProcess[bytes]:
    kwargs: dict[str, object] = {}
    if close_stdin:
        # The child starts with file descriptor 0 closed, as `chatapp chat <&-` does.
        kwargs["preexec_fn"] = lambda: os.close(0)
        kwargs["stdin"] = subprocess.DEVNULL
    elif isinstance(stdin, bytes):
        kwargs["input"] = stdin
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [*CHAT, "--data-dir", str(data_dir), *args],
        capture_output=True,
        timeout=180,
        env=env or {**os.environ, "PYTHONIOENCODING": "utf-8"},
        **kwargs,
    )


def one_line_error(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace")
    assert "Traceback" not in text, text
    errors = [line for line in text.splitlines() if line.startswith("chatapp: ")]
    assert len(errors) == 1, text
    return errors[0]


@pytest.mark.parametrize("prompt_args", [["--prompt", "-"], []])
def test_closed_stdin_says_so_and_exits_2(
    tmp_path: Path, test_model_path: Path, prompt_args: list[str]
):
    result = run(
        ["chat", "--model", str(test_model_path), "-n", "4", *prompt_args],
        tmp_path,
        close_stdin=True,
    )
    assert result.returncode == 2, result.stderr
    assert "standard input is closed" in one_line_error(result.stderr)


def test_binary_stdin_for_the_prompt_says_so_and_exits_2(tmp_path: Path, test_model_path: Path):
    result = run(
        ["chat", "--model", str(test_model_path), "-n", "4", "--prompt", "-"],
        tmp_path,
        stdin=b"hello \xff\xfe\x00 world",
    )
    assert result.returncode == 2, result.stderr
    line = one_line_error(result.stderr)
    assert "not UTF-8 text" in line and "0xff" in line


def test_binary_stdin_in_the_interactive_chat_says_so_and_exits_2(
    tmp_path: Path, test_model_path: Path
):
    result = run(
        ["chat", "--model", str(test_model_path), "-n", "4"],
        tmp_path,
        stdin=b"\x89PNG\r\n\x1a\n\xff\xd8\n",
    )
    assert result.returncode == 2, result.stderr
    assert "not UTF-8 text" in one_line_error(result.stderr)


def test_ctrl_c_during_a_one_shot_prompt_exits_130(tmp_path: Path, test_model_path: Path):
    chat = subprocess.Popen(
        [
            *CHAT,
            "--data-dir",
            str(tmp_path),
            "chat",
            "--model",
            str(test_model_path),
            "-n",
            "4000",
            "--prompt",
            "Write a very long story about a lighthouse keeper.",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert chat.stdout is not None
    first = chat.stdout.read(1)  # the reply has started streaming
    assert first
    time.sleep(0.3)
    chat.send_signal(signal.SIGINT)
    _, stderr = chat.communicate(timeout=60)
    assert chat.returncode == 130, stderr
    assert b"(stopped)" in stderr
    assert b"Traceback" not in stderr


def test_a_reply_that_fills_the_context_says_the_context_is_full(
    tmp_path: Path, test_model_path: Path
):
    result = run(
        [
            "chat",
            "--model",
            str(test_model_path),
            "--ctx",
            "64",
            "-n",
            "1000",
            "--temperature",
            "0",
            "--prompt",
            "Count from one to one thousand in words, one number per line.",
        ],
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    stderr = result.stderr.decode()
    assert "the context is full" in stderr, stderr
    assert "-n/--sample-len" not in stderr


def test_non_utf8_locale_with_a_non_ascii_model_path(tmp_path: Path, test_model_path: Path):
    folder = tmp_path / "modèles ü"
    folder.mkdir()
    model = folder / "petit modèle.gguf"
    shutil.copyfile(test_model_path, model)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LC_", "LANG", "PYTHONIOENCODING", "PYTHONUTF8"))
    }
    env.update(LC_ALL="C", PYTHONUTF8="0", PYTHONCOERCECLOCALE="0")
    data = tmp_path / "données"
    result = run(["chat", "--model", str(model), "-n", "4", "--prompt", "Say hi."], data, env=env)
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert "tokens generated" in stderr
    info = run(["info", "--model", str(model)], data, env=env)
    assert info.returncode == 0, info.stderr.decode("utf-8", "replace")
    imported = run(["models", "import", str(model)], data, env=env)
    assert imported.returncode == 0, imported.stderr.decode("utf-8", "replace")
    listed = run(["models", "list"], data, env=env)
    assert listed.returncode == 0, listed.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in listed.stderr
