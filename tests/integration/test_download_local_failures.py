"""Downloads that fail on this computer (a full disk, a file size limit, a read-only
folder, too little space to start) or on what the hub sends (a web page, a zip): each
is said as such in one line, and only what can be resumed is kept."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.bench.fakehub import FakeHub
from chatapp.core.downloads import (
    DISK_MARGIN,
    DownloadError,
    DownloadErrorKind,
    HubAccess,
    download_file,
    partial_path,
    sidecar_path,
    target_path,
)
from chatapp.core.sizes import describe_size
from tests.helpers.gguf_factory import write_gguf
from tests.permissions import without_permission_bypass

REPO = "someone/Other-GGUF"
FILE = "other.Q4_K_M.gguf"
FILE_SIZE_LIMIT = 1_000_000


@pytest.fixture(scope="module")
def medium_gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_gguf(tmp_path_factory.mktemp("gguf") / FILE, extra_bytes=3 * 1024 * 1024)


@pytest.fixture
def hub(medium_gguf: Path) -> Iterator[FakeHub]:
    with FakeHub() as server:
        server.add(REPO, FILE, medium_gguf)
        yield server


def chatapp(
    data_dir: Path, *args: str, prefix: list[str] | None = None, limit_file_size: bool = False
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("HF_TOKEN", "HF_ENDPOINT")}

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))

    command = [sys.executable, "-m", "chatapp", "--data-dir", str(data_dir), "models", *args]
    return subprocess.run(
        (prefix or []) + command,
        capture_output=True,
        text=True,
        timeout=120,
        env={**env, "PYTHONIOENCODING": "utf-8"},
        preexec_fn=limit if limit_file_size else None,
    )


def error_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("chatapp: ")]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def test_a_full_disk_is_not_called_an_unreachable_hub(hub: FakeHub, tmp_path: Path) -> None:
    target = target_path(tmp_path / "models", REPO, FILE)
    target.parent.mkdir(parents=True)
    partial_path(target).symlink_to("/dev/full")  # every write fails with ENOSPC
    with pytest.raises(DownloadError) as error:
        download_file(REPO, FILE, target, HubAccess(hub.endpoint), backoff=0.01)
    message = str(error.value)
    assert error.value.kind is DownloadErrorKind.DISK_SPACE
    assert "disk is full" in message and str(target.parent) in message
    assert f"{describe_size(hub.repos[REPO][FILE].size)} more is needed" in message
    assert "unreachable" not in message and "mirror" not in message
    assert len(hub.ranges_seen(REPO, FILE)) == 1  # not retried: the hub is not at fault


def test_a_refused_write_keeps_the_partial_file_for_a_resume(hub: FakeHub, tmp_path: Path) -> None:
    spec = f"{REPO}/{FILE}"
    limited = chatapp(tmp_path, "download", spec, "--endpoint", hub.endpoint, limit_file_size=True)
    assert limited.returncode == 1
    line = error_line(limited)
    target = tmp_path / "models" / REPO / FILE
    assert f"cannot write {FILE} in {target.parent}" in line and "size limit" in line
    assert "unreachable" not in line
    assert partial_path(target).stat().st_size == FILE_SIZE_LIMIT
    resumed = chatapp(tmp_path, "download", spec, "--endpoint", hub.endpoint)
    assert resumed.returncode == 0, resumed.stderr
    assert hub.ranges_seen(REPO, FILE)[-1] == f"bytes={FILE_SIZE_LIMIT}-"
    assert target.read_bytes() == hub.repos[REPO][FILE].source.read_bytes()


def test_a_read_only_models_folder_is_said_as_such(hub: FakeHub, tmp_path: Path) -> None:
    folder = tmp_path / "models" / REPO
    folder.mkdir(parents=True)
    folder.chmod(0o555)
    try:
        result = chatapp(
            tmp_path,
            "download",
            f"{REPO}/{FILE}",
            "--endpoint",
            hub.endpoint,
            prefix=without_permission_bypass(["X"])[:-1],
        )
    finally:
        folder.chmod(0o755)
    assert result.returncode == 1
    line = error_line(result)
    assert f"cannot write {FILE} in {folder}: no permission" in line
    assert list(folder.iterdir()) == []


def test_too_little_space_says_the_whole_need_and_leaves_nothing(
    hub: FakeHub, tmp_path: Path
) -> None:
    free = shutil.disk_usage(tmp_path).free
    claimed = free - DISK_MARGIN // 2  # fits, but not with the margin
    hub.misbehave(REPO, FILE, claimed_size=claimed)
    result = chatapp(tmp_path, "download", f"{REPO}/{FILE}", "--endpoint", hub.endpoint)
    assert result.returncode == 1
    line = error_line(result)
    assert "not enough disk space" in line
    assert f"({describe_size(claimed)} + {describe_size(DISK_MARGIN)} kept free)" in line
    assert hub.ranges_seen(REPO, FILE) == []
    assert [p.name for p in (tmp_path / "models").rglob("*") if p.is_file()] == []
    listing = chatapp(tmp_path, "list", "--json")
    assert json.loads(listing.stdout)["partial"] == []
    assert "Paused download" not in chatapp(tmp_path, "list").stdout


def test_a_web_page_is_stopped_at_its_first_bytes(hub: FakeHub, tmp_path: Path) -> None:
    hub.misbehave(REPO, FILE, html=True, html_bytes=5_000_000, trickle_bytes_per_second=200_000)
    target = target_path(tmp_path / "models", REPO, FILE)
    started = time.monotonic()
    with pytest.raises(DownloadError, match="web page, not a model") as error:
        download_file(REPO, FILE, target, HubAccess(hub.endpoint))
    assert error.value.kind is DownloadErrorKind.BAD_FILE
    assert time.monotonic() - started < 3.0  # the whole page takes 25 s
    time.sleep(0.3)  # let the server notice the closed connection
    assert hub.bytes_sent < 128 * 1024
    assert not partial_path(target).exists() and not sidecar_path(target).exists()


def test_a_zip_served_as_a_model_is_called_a_zip(tmp_path: Path) -> None:
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("model/README.md", "x" * 50_000)
    with FakeHub() as hub:
        hub.add(REPO, FILE, archive)
        with pytest.raises(DownloadError, match="is a zip archive, not a GGUF") as error:
            download_file(
                REPO, FILE, target_path(tmp_path / "models", REPO, FILE), HubAccess(hub.endpoint)
            )
    assert "PyTorch" not in str(error.value)
