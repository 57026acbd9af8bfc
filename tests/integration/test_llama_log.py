"""llama.cpp's own lines in ChatApp's log file: warnings and errors by default, every
level with CHATAPP_LLAMA_LOG=debug; a refused load quotes llama.cpp's reason either way."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from chatapp.core.engine import ChatEngine, EngineError
from chatapp.core.settings import LoadParams
from tests.helpers.gguf_factory import write_gguf

pytestmark = pytest.mark.model

NATIVE_LINE = re.compile(r"^\S+ \S+ (\w+)\s+\S+ chatapp\.llama_cpp: ", re.M)


def native_levels_logged(data_dir: Path, model: Path, llama_log: str | None) -> list[str]:
    """The levels of llama.cpp's lines in the log file after one short chat."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("CHATAPP_LLAMA_LOG", None)
    if llama_log is not None:
        env["CHATAPP_LLAMA_LOG"] = llama_log
    command = ["--data-dir", str(data_dir), "chat", "--model", str(model), "--prompt", "Hi"]
    result = subprocess.run(
        [sys.executable, "-m", "chatapp", *command, "-n", "2"],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    text = (data_dir / "logs" / "chatapp.log").read_text(encoding="utf-8")
    return NATIVE_LINE.findall(text)


def test_by_default_the_log_keeps_only_llama_cpps_warnings_and_errors(
    tmp_path: Path, test_model_path: Path
) -> None:
    levels = native_levels_logged(tmp_path, test_model_path, None)
    assert levels, "Gemma's loader warns (a control token, the SWA cache)"
    assert set(levels) <= {"WARNING", "ERROR", "CRITICAL"}


def test_chatapp_llama_log_debug_keeps_every_line(tmp_path: Path, test_model_path: Path) -> None:
    levels = native_levels_logged(tmp_path, test_model_path, "debug")
    assert levels.count("INFO") > 20  # the loader's lines: metadata, tensors, buffers


def test_a_refused_load_still_quotes_llama_cpps_reason(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CHATAPP_LLAMA_LOG", raising=False)
    caplog.set_level(logging.DEBUG)
    path = write_gguf(tmp_path / "tiny.gguf")  # llama.cpp wants a key this file lacks
    with pytest.raises(EngineError) as caught:
        ChatEngine().load(path, LoadParams(n_ctx=256))
    assert "key not found in model: llama.attention.layer_norm_rms_epsilon" in str(caught.value)
    native = [r for r in caplog.records if r.name == "chatapp.llama_cpp"]
    assert native and all(r.levelno >= logging.WARNING for r in native)


def test_a_level_set_on_the_logger_wins(
    test_model_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As the bench's probe does, to read the KV cache sizes from llama.cpp's INFO lines.
    monkeypatch.delenv("CHATAPP_LLAMA_LOG", raising=False)
    caplog.set_level(logging.DEBUG, logger="chatapp.llama_cpp")
    engine = ChatEngine()
    engine.load(test_model_path, LoadParams(n_ctx=256))
    engine.unload()
    native = [r.getMessage() for r in caplog.records if r.name == "chatapp.llama_cpp"]
    assert any("KV buffer size" in message for message in native)
