"""The Vulkan build of llama.cpp for the ``gpu`` tests: compiled once per machine by
packaging/build.py (cached like the bundle's wheels), its libraries copied per run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

# Mesa's llvmpipe is a CPU-type Vulkan device, which ggml uses only when it is named.
VISIBLE = {"GGML_VK_VISIBLE_DEVICES": "0"}
# llvmpipe compiles ggml's shaders on first use and runs them on the CPU: a smoke test
# takes a minute or two instead of seconds.
SLOW_DEVICE = {"CHATAPP_SMOKE_TEST_TIMEOUT": "900"}


@pytest.fixture(scope="session")
def vulkan_libraries(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the Vulkan build's libllama and libggml* (for LLAMA_CPP_LIB_PATH)."""
    target = tmp_path_factory.mktemp("vulkan") / "lib-vulkan"
    result = subprocess.run(
        [sys.executable, str(REPO / "packaging" / "build.py"), "--gpu", "vulkan"]
        + ["--libraries-only", str(target)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=3300,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert json.loads(result.stdout.strip().splitlines()[-1])["libraries"] == str(target)
    assert (target / "libggml-vulkan.so").is_file()
    return target


def chatapp_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """This process's environment without library choices, plus ``extra``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LLAMA_CPP", "CHATAPP_", "GGML_VK", "VK_"))
    }
    env.update(QT_QPA_PLATFORM="offscreen", CHATAPP_DATA_DIR=str(data_dir), **SLOW_DEVICE)
    env.update(extra)
    return env


def run_chatapp(*args: str, env: dict[str, str], timeout: float = 600) -> dict:
    """``python -m chatapp ARGS`` that prints one JSON document; returns it."""
    result = subprocess.run(
        [sys.executable, "-m", "chatapp", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout)
