"""`chatapp chat` flags at the edges of their ranges: threads above the CPU count are
clamped with a one-line note, and seeds share the one range of the window and settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from chatapp.core.settings import SEED_MAX, SEED_MIN
from chatapp.core.settings_validation import logical_cpu_count

pytestmark = pytest.mark.model


def chatapp(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "chatapp", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def test_threads_above_the_cpu_count_are_clamped_with_a_note(tmp_path: Path, test_model_path: Path):
    cpus = logical_cpu_count()
    result = chatapp(
        "chat",
        "--model",
        str(test_model_path),
        "--threads",
        "999",
        "--prompt",
        "Hi",
        "-n",
        "3",
        data_dir=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    notes = [line for line in result.stderr.splitlines() if "--threads" in line]
    assert notes == [f"note: --threads 999 is more than the {cpus} CPUs: using {cpus}"]
    assert f"{cpus} threads" in result.stderr  # the loaded-model line
    assert "tokens generated" in result.stderr


@pytest.mark.parametrize("seed", [str(SEED_MAX + 1), "3000000000", str(SEED_MIN - 1)])
def test_a_seed_outside_the_shared_range_is_a_usage_error(
    tmp_path: Path, test_model_path: Path, seed: str
):
    result = chatapp(
        "chat",
        "--model",
        str(test_model_path),
        "--seed",
        seed,
        "--prompt",
        "Hi",
        data_dir=tmp_path,
    )
    assert result.returncode == 2
    assert f"seed must be between {SEED_MIN} and {SEED_MAX}" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_largest_seed_is_accepted(tmp_path: Path, test_model_path: Path):
    result = chatapp(
        "chat",
        "--model",
        str(test_model_path),
        "--seed",
        str(SEED_MAX),
        "--prompt",
        "Hi",
        "-n",
        "2",
        data_dir=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-2000:]
