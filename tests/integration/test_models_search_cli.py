"""`chatapp models search` and `chatapp models files` in subprocesses, against the fake hub."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.bench.fakehub import FakeHub
from tests.helpers.gguf_factory import write_gguf
from tests.helpers.split_gguf import split_gguf

REPO = "org/Tiny-Chat-GGUF"


def chatapp(*args: str, data_dir: Path, gpu: str = "none") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("HF_TOKEN", "HF_ENDPOINT")}
    env.update(PYTHONIOENCODING="utf-8", CHATAPP_FAKE_GPU=gpu)
    return subprocess.run(
        [sys.executable, "-m", "chatapp", "--data-dir", str(data_dir), "models", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.fixture(scope="module")
def split_parts(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("split")
    whole = write_gguf(folder / "whole.gguf", extra_bytes=64 * 1024)
    return split_gguf(whole, folder / "Tiny-Q8_0.gguf", 3)


@pytest.fixture
def hub(split_parts: list[Path]) -> Iterator[FakeHub]:
    with FakeHub() as server:
        for part in split_parts:
            server.add(REPO, part.name, part)
        server.add(REPO, "tiny-Q4_K_M.gguf", split_parts[2])
        server.describe(REPO, downloads=1234, likes=5, license="apache-2.0")
        server.add("gate/Tiny-Gated-GGUF", "g.Q8_0.gguf", split_parts[2])
        server.describe("gate/Tiny-Gated-GGUF", downloads=7, gated="manual")
        server.add("org/Tiny-safetensors", "model.safetensors", b"{}")
        yield server


def test_search_prints_repositories_and_json(hub: FakeHub, tmp_path: Path) -> None:
    result = chatapp("search", "tiny", "--endpoint", hub.endpoint, data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert (
        lines[0] == f"GGUF repositories on {hub.endpoint} matching 'tiny', most downloaded first:"
    )
    assert lines[1].split() == [REPO, "1,234", "downloads,", "5", "likes,", "updated", "2024-05-01"]
    assert lines[2].split()[0] == "gate/Tiny-Gated-GGUF" and lines[2].endswith(", gated")
    assert "safetensors" not in result.stdout
    as_json = chatapp(
        "search", "tiny", "--json", "--limit", "1", "--endpoint", hub.endpoint, data_dir=tmp_path
    )
    data = json.loads(as_json.stdout)
    assert [r["id"] for r in data["results"]] == [REPO]
    assert data["results"][0]["downloads"] == 1234


def test_files_show_split_models_once_with_their_fit(hub: FakeHub, tmp_path: Path) -> None:
    result = chatapp(
        "files", REPO, "--endpoint", hub.endpoint, data_dir=tmp_path, gpu="nvidia:8GiB"
    )
    assert result.returncode == 0, result.stderr
    assert "licence: apache-2.0 · not gated" in result.stdout
    split_line = next(line for line in result.stdout.splitlines() if "(3 parts)" in line)
    assert split_line.split()[0] == "Tiny-Q8_0-00001-of-00003.gguf"
    assert "Q8_0" in split_line and split_line.endswith("fits your 8.0 GiB GPU memory")
    assert sum("-of-00003" in line for line in result.stdout.splitlines()) == 1
    data = json.loads(
        chatapp("files", REPO, "--json", "--endpoint", hub.endpoint, data_dir=tmp_path).stdout
    )
    assert data["memory"]["where"] == "RAM"
    assert [m["quantization"] for m in data["models"]] == ["Q4_K_M", "Q8_0"]
    assert data["models"][1]["files"][1] == "Tiny-Q8_0-00002-of-00003.gguf"


def test_a_gated_repository_and_failures_are_one_line(hub: FakeHub, tmp_path: Path) -> None:
    gated = chatapp("files", "gate/Tiny-Gated-GGUF", "--endpoint", hub.endpoint, data_dir=tmp_path)
    assert gated.returncode == 0, gated.stderr
    assert "is gated: sign in at" in gated.stdout and "HF_TOKEN" in gated.stdout
    hub.misbehave("gate/Tiny-Gated-GGUF", "g.Q8_0.gguf", token="hf_right")
    refused = chatapp(
        "download",
        "gate/Tiny-Gated-GGUF/g.Q8_0.gguf",
        "--endpoint",
        hub.endpoint,
        data_dir=tmp_path,
    )
    assert refused.returncode == 1
    assert (
        refused.stderr.strip().splitlines()[-1].startswith("chatapp: gate/Tiny-Gated-GGUF is gated")
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    offline = chatapp("search", "qwen", "--endpoint", closed, data_dir=tmp_path)
    assert offline.returncode == 1 and "Traceback" not in offline.stderr
    assert offline.stderr.startswith(f"chatapp: cannot reach {closed}")
    assert len(offline.stderr.strip().splitlines()) == 1
    bad_limit = chatapp("search", "qwen", "--limit", "0", data_dir=tmp_path)
    assert bad_limit.returncode == 2 and "--limit must be from 1 to 200" in bad_limit.stderr


def test_download_of_a_split_model_fetches_every_part(
    hub: FakeHub, split_parts: list[Path], tmp_path: Path
) -> None:
    spec = f"{REPO}/Tiny-Q8_0-00003-of-00003.gguf"
    result = chatapp("download", spec, "--endpoint", hub.endpoint, data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "models" / REPO
    assert sorted(p.name for p in folder.glob("*.gguf")) == [p.name for p in split_parts]
    listed = json.loads(chatapp("list", "--json", data_dir=tmp_path).stdout)["installed"]
    assert [m["name"] for m in listed] == ["Tiny-Q8_0"]
