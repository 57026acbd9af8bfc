"""Two downloads of the same file at once (two terminals, or the window and a terminal):
one goes on, the other stops at once saying so, and what is installed is the hub's file."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.bench.fakehub import FakeHub
from chatapp.core.downloads import (
    DownloadError,
    DownloadErrorKind,
    DownloadProgress,
    DownloadRequest,
    HubAccess,
    download_file,
    download_lock,
    lock_path,
    partial_path,
    sidecar_path,
    target_path,
)
from tests.helpers.gguf_factory import write_gguf

REPO = "someone/Other-GGUF"
FILE = "other.Q4_K_M.gguf"
BUSY = "is already being downloaded by another ChatApp"


@pytest.fixture(scope="module")
def medium_gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_gguf(tmp_path_factory.mktemp("gguf") / FILE, extra_bytes=3 * 1024 * 1024)


@pytest.fixture
def hub(medium_gguf: Path) -> Iterator[FakeHub]:
    with FakeHub() as server:
        server.add(REPO, FILE, medium_gguf)
        yield server


def start_download(data_dir: Path, hub: FakeHub) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("HF_TOKEN", "HF_ENDPOINT")}
    return subprocess.Popen(
        [sys.executable, "-m", "chatapp", "--data-dir", str(data_dir), "models", "download"]
        + [f"{REPO}/{FILE}", "--endpoint", hub.endpoint],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**env, "PYTHONIOENCODING": "utf-8"},
    )


def wait_for_bytes(path: Path, at_least: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_size >= at_least:
            return
        time.sleep(0.02)
    raise AssertionError(f"{path} did not reach {at_least} bytes")


def test_two_terminals_downloading_the_same_file(hub: FakeHub, tmp_path: Path) -> None:
    hub.misbehave(REPO, FILE, trickle_bytes_per_second=700_000)
    first, second = start_download(tmp_path, hub), start_download(tmp_path, hub)
    deadline = time.monotonic() + 60
    while first.poll() is None and second.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    loser, winner = (first, second) if first.poll() is not None else (second, first)
    assert winner.poll() is None, "the refused download should end while the other runs"
    _out, err = loser.communicate(timeout=10)
    assert loser.returncode == 1, err
    error_lines = [line for line in err.splitlines() if not line.startswith("asking the hub")]
    assert len(error_lines) == 1 and BUSY in error_lines[0] and "wait" in error_lines[0], err
    out, err = winner.communicate(timeout=60)
    assert winner.returncode == 0, err
    assert "downloaded" in out
    installed = tmp_path / "models" / REPO / FILE
    assert hashlib.sha256(installed.read_bytes()).hexdigest() == hub.sha256(REPO, FILE)
    assert sorted(p.name for p in installed.parent.iterdir()) == [FILE]


def test_a_second_download_in_the_same_process_is_refused(
    hub: FakeHub, tmp_path: Path, medium_gguf: Path
) -> None:
    hub.misbehave(REPO, FILE, trickle_bytes_per_second=1_000_000)
    target = target_path(tmp_path / "models", REPO, FILE)
    started = threading.Event()
    result: list[Path | BaseException] = []

    def first() -> None:
        def on_progress(progress: DownloadProgress) -> None:
            if progress.done > 100_000:
                started.set()

        try:
            result.append(
                download_file(REPO, FILE, target, HubAccess(hub.endpoint), on_progress=on_progress)
            )
        except BaseException as exc:  # reported by the assertion below
            result.append(exc)
            started.set()

    thread = threading.Thread(target=first)
    thread.start()
    assert started.wait(30)
    began = time.monotonic()
    with pytest.raises(DownloadError, match=BUSY) as refused:
        download_file(REPO, FILE, target, HubAccess(hub.endpoint))
    assert refused.value.kind is DownloadErrorKind.BUSY
    assert time.monotonic() - began < 2.0
    thread.join(60)
    assert result == [target]
    assert target.read_bytes() == medium_gguf.read_bytes()
    assert not lock_path(target).exists() and not partial_path(target).exists()


def test_a_download_that_ended_keeps_no_lock(hub: FakeHub, tmp_path: Path) -> None:
    """The lock dies with its process: a download killed outright does not block the next."""
    hub.misbehave(REPO, FILE, trickle_bytes_per_second=500_000)
    process = start_download(tmp_path, hub)
    target = tmp_path / "models" / REPO / FILE
    wait_for_bytes(partial_path(target), 200_000)
    process.kill()
    process.communicate(timeout=30)
    hub.behave(REPO, FILE)
    again = start_download(tmp_path, hub)
    _out, err = again.communicate(timeout=60)
    assert again.returncode == 0, err
    assert hashlib.sha256(target.read_bytes()).hexdigest() == hub.sha256(REPO, FILE)
    assert hub.ranges_seen(REPO, FILE)[-1] not in (None, "bytes=0-")


def test_the_window_shows_one_line_while_a_terminal_downloads(
    qtbot, hub: FakeHub, tmp_path: Path, medium_gguf: Path
) -> None:
    from chatapp.core.paths import resolve_paths
    from chatapp.gui.download_manager import DownloadManager

    hub.misbehave(REPO, FILE, trickle_bytes_per_second=600_000)
    data_dir = tmp_path / "data"
    terminal = start_download(data_dir, hub)
    target = data_dir / "models" / REPO / FILE
    wait_for_bytes(partial_path(target), 100_000)
    paths = resolve_paths(data_dir)
    manager = DownloadManager(paths)
    try:
        key = f"{REPO}/{FILE}"
        # The terminal's partial file is listed; cancelling it must not delete it.
        assert manager.state(key) is not None
        manager.cancel(key)
        assert partial_path(target).exists() and sidecar_path(target).exists()
        assert BUSY in (manager.state(key).error or "")
        manager.start(DownloadRequest(REPO, FILE, "other"), HubAccess(hub.endpoint))
        qtbot.waitUntil(lambda: manager.state(key).status == "failed", timeout=15_000)
        error = manager.state(key).error or ""
        assert BUSY in error and "\n" not in error and "Traceback" not in error
    finally:
        manager.shutdown()
    _out, err = terminal.communicate(timeout=60)
    assert terminal.returncode == 0, err
    assert target.read_bytes() == medium_gguf.read_bytes()


def test_models_list_tells_a_running_download_from_a_paused_one(tmp_path: Path) -> None:
    target = target_path(tmp_path / "models", REPO, FILE)
    target.parent.mkdir(parents=True)
    partial_path(target).write_bytes(b"GGUF" + bytes(1020))
    sidecar_path(target).write_text('{"url": "x", "etag": "e", "size": 4096}', encoding="utf-8")

    def listing() -> str:
        result = subprocess.run(
            [sys.executable, "-m", "chatapp", "--data-dir", str(tmp_path), "models", "list"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    with download_lock(target):  # held here as a running download holds it
        running = listing()
    assert f"Downloading now (in another ChatApp): {REPO}/{FILE} at 1.0 KiB of 4.0 KiB" in running
    assert "Paused download" not in running
    assert f"Paused download: {REPO}/{FILE} at 1.0 KiB" in listing()
