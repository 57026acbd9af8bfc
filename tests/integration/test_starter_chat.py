"""The starter model (SmolLM2 135M Instruct) answers through ChatApp's own chat template
and sampling: `chatapp chat` without --model, default settings, an empty data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.model


def test_the_terminal_chat_without_a_model_answers_with_the_starter(
    tmp_path: Path, chat_model_path: Path
) -> None:
    data_dir = tmp_path / "data"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "chatapp",
            "chat",
            "--prompt",
            "What is the capital of France? Answer in one sentence.",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "CHATAPP_DATA_DIR": str(data_dir), "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 0, result.stderr
    assert "paris" in result.stdout.lower(), (result.stdout, result.stderr)
    # The chat template ended the reply: no turn markers leak into the answer.
    assert "<|im_" not in result.stdout and "assistant\n" not in result.stdout
    linked = data_dir / "models" / "starter" / chat_model_path.name
    assert linked.stat().st_size == chat_model_path.stat().st_size
    # Shown by its own name, not the one inside the file ("Smollm2 135M 8k Lc100K ...").
    assert "loaded SmolLM2 135M Instruct (starter)" in result.stderr, result.stderr
