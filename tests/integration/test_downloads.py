"""Downloads against the fake hub on 127.0.0.1: the real huggingface_hub code runs."""

from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path

import pytest

from chatapp.bench.fakehub import FakeHub
from chatapp.core.downloads import (
    DownloadError,
    DownloadErrorKind,
    DownloadProgress,
    DownloadStopped,
    HubAccess,
    download_file,
    hub_access,
    partial_path,
    sidecar_path,
    target_path,
)
from tests.helpers.gguf_factory import write_gguf

REPO = "test-org/Tiny-GGUF"
FILE = "tiny.Q8_0.gguf"


@pytest.fixture(scope="module")
def medium_gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid GGUF of about 3 MB, big enough to cut in the middle."""
    return write_gguf(tmp_path_factory.mktemp("gguf") / FILE, extra_bytes=3 * 1024 * 1024)


@pytest.fixture
def hub(medium_gguf: Path) -> FakeHub:
    with FakeHub() as server:
        server.add(REPO, FILE, medium_gguf)
        server.add(REPO, "tokenizer.json", b'{"version": "1.0", "model": {"type": "BPE"}}')
        yield server


def fetch(hub: FakeHub, models: Path, file: str = FILE, **kwargs: object) -> Path:
    return download_file(
        REPO, file, target_path(models, REPO, file), HubAccess(hub.endpoint), **kwargs
    )


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_download_lands_verified_in_models_repo_folder(hub: FakeHub, tmp_path: Path) -> None:
    seen: list[DownloadProgress] = []
    path = fetch(hub, tmp_path / "models", on_progress=seen.append)
    assert path == (tmp_path / "models" / REPO / FILE).resolve()
    assert sha256_of(path) == hub.sha256(REPO, FILE)
    assert not partial_path(path).exists() and not sidecar_path(path).exists()
    assert seen[0].phase == "resolving" and seen[-1].phase == "done"
    assert seen[-1].done == seen[-1].total == path.stat().st_size


def test_small_file_is_checked_with_its_git_hash(hub: FakeHub, tmp_path: Path) -> None:
    path = fetch(hub, tmp_path / "models", file="tokenizer.json")
    assert path.read_text(encoding="utf-8").startswith('{"version"')


def test_a_cut_connection_is_resumed_at_the_right_offset(hub: FakeHub, tmp_path: Path) -> None:
    size = hub.repos[REPO][FILE].size
    hub.misbehave(REPO, FILE, cut_at=size // 2)
    path = fetch(hub, tmp_path / "models", backoff=0.01)
    assert sha256_of(path) == hub.sha256(REPO, FILE)
    ranges = hub.ranges_seen(REPO, FILE)
    assert ranges[0] is None
    resumed_at = int(ranges[1].removeprefix("bytes=").removesuffix("-"))
    assert 0 < resumed_at <= size // 2
    assert resumed_at >= size // 2 - 256 * 1024  # only what was lost in flight is fetched again


def test_without_retries_the_next_run_resumes(hub: FakeHub, tmp_path: Path) -> None:
    models = tmp_path / "models"
    size = hub.repos[REPO][FILE].size
    hub.misbehave(REPO, FILE, cut_at=size // 2)
    with pytest.raises(DownloadError, match="try again to resume"):
        fetch(hub, models, retries=0)
    target = target_path(models, REPO, FILE)
    kept = partial_path(target).stat().st_size
    assert 0 < kept <= size // 2
    path = fetch(hub, models)
    assert hub.ranges_seen(REPO, FILE)[-1] == f"bytes={kept}-"
    assert sha256_of(path) == hub.sha256(REPO, FILE)


def test_stop_keeps_the_partial_file_and_a_restart_resumes(hub: FakeHub, tmp_path: Path) -> None:
    models = tmp_path / "models"
    hub.misbehave(REPO, FILE, trickle_bytes_per_second=400_000)
    stop = threading.Event()

    def stop_after_some_bytes(progress: DownloadProgress) -> None:
        if progress.done > 200_000:
            stop.set()

    with pytest.raises(DownloadStopped) as stopped:
        fetch(hub, models, stop=stop, on_progress=stop_after_some_bytes)
    target = target_path(models, REPO, FILE)
    assert partial_path(target).stat().st_size == stopped.value.done > 200_000
    assert sidecar_path(target).is_file()
    hub.behave(REPO, FILE)
    path = fetch(hub, models)
    assert hub.ranges_seen(REPO, FILE)[-1] == f"bytes={stopped.value.done}-"
    assert sha256_of(path) == hub.sha256(REPO, FILE)


def test_stop_takes_effect_within_a_second_on_a_slow_trickle(hub: FakeHub, tmp_path: Path) -> None:
    hub.misbehave(REPO, FILE, trickle_bytes_per_second=20_000)
    stop = threading.Event()
    timer = threading.Timer(1.0, stop.set)
    timer.start()
    started = time.monotonic()
    with pytest.raises(DownloadStopped):
        fetch(hub, tmp_path / "models", stop=stop)
    assert time.monotonic() - started < 2.0
    timer.cancel()


def test_wrong_bytes_fail_the_sha256_check_and_are_removed(hub: FakeHub, tmp_path: Path) -> None:
    hub.misbehave(REPO, FILE, wrong_bytes=True)
    with pytest.raises(DownloadError, match="corrupt.*sha256.*removed") as error:
        fetch(hub, tmp_path / "models")
    assert error.value.kind is DownloadErrorKind.VERIFY
    target = target_path(tmp_path / "models", REPO, FILE)
    assert not target.exists() and not partial_path(target).exists()


def test_an_html_page_gives_the_clear_gguf_error(hub: FakeHub, tmp_path: Path) -> None:
    hub.misbehave(REPO, FILE, html=True)
    with pytest.raises(DownloadError, match="web page, not a model") as error:
        fetch(hub, tmp_path / "models")
    assert error.value.kind is DownloadErrorKind.BAD_FILE
    assert not list((tmp_path / "models").rglob("*.gguf*"))


@pytest.mark.parametrize(
    ("how", "kind", "words"),
    [
        (
            {"status": 404, "error_code": "EntryNotFound"},
            DownloadErrorKind.NOT_FOUND,
            "is not in test-org",
        ),
        ({"token": "secret"}, DownloadErrorKind.GATED, "gated"),
        ({"status": 401, "error_code": "RepoNotFound"}, DownloadErrorKind.AUTH, "private or gated"),
        ({"status": 500}, DownloadErrorKind.SERVER, "answered 500"),
    ],
)
def test_hub_errors_are_one_clear_line(
    hub: FakeHub, tmp_path: Path, how: dict, kind: DownloadErrorKind, words: str
) -> None:
    hub.misbehave(REPO, FILE, **how)
    with pytest.raises(DownloadError, match=words) as error:
        fetch(hub, tmp_path / "models", backoff=0.01, retries=1)
    assert error.value.kind is kind
    assert "\n" not in str(error.value)


def test_a_token_opens_a_gated_repo(hub: FakeHub, tmp_path: Path) -> None:
    hub.misbehave(REPO, FILE, token="secret")
    target = target_path(tmp_path / "models", REPO, FILE)
    path = download_file(REPO, FILE, target, HubAccess(hub.endpoint, token="secret"))
    assert sha256_of(path) == hub.sha256(REPO, FILE)


def test_a_passing_server_error_is_retried(hub: FakeHub, tmp_path: Path) -> None:
    hub.misbehave(REPO, FILE, status=503, status_times=2)
    path = fetch(hub, tmp_path / "models", backoff=0.01)
    assert sha256_of(path) == hub.sha256(REPO, FILE)


def test_unknown_repo_and_unreachable_hub(hub: FakeHub, tmp_path: Path) -> None:
    target = target_path(tmp_path / "models", "nobody/Nothing-GGUF", FILE)
    with pytest.raises(DownloadError, match="was not found"):
        download_file("nobody/Nothing-GGUF", FILE, target, HubAccess(hub.endpoint))
    closed = FakeHub().start()
    endpoint = closed.endpoint
    closed.stop()
    with pytest.raises(DownloadError, match="hub unreachable.*hf-mirror.com") as error:
        download_file(REPO, FILE, target, HubAccess(endpoint), retries=0)
    assert error.value.kind is DownloadErrorKind.UNREACHABLE


def test_a_file_changed_on_the_hub_starts_over(
    hub: FakeHub, tmp_path: Path, medium_gguf: Path
) -> None:
    models = tmp_path / "models"
    target = target_path(models, REPO, FILE)
    target.parent.mkdir(parents=True)
    partial_path(target).write_bytes(b"old bytes of another version")
    sidecar_path(target).write_text('{"url": "x", "etag": "00", "size": 1}', encoding="utf-8")
    path = fetch(hub, models)
    assert hub.ranges_seen(REPO, FILE) == [None]
    assert path.read_bytes() == medium_gguf.read_bytes()


@pytest.mark.parametrize(
    ("repo", "file"),
    [
        ("../../etc", "x.gguf"),
        ("org/model", "../../outside.gguf"),
        ("org/model", "/etc/passwd"),
        ("org/model", "sub\\..\\..\\x.gguf"),
        ("org", "x.gguf"),
        ("org/model", "C:/x.gguf"),
    ],
)
def test_names_never_write_outside_the_models_folder(tmp_path: Path, repo: str, file: str) -> None:
    with pytest.raises(DownloadError) as error:
        target_path(tmp_path / "models", repo, file)
    assert error.value.kind is DownloadErrorKind.BAD_NAME


def test_endpoint_comes_from_setting_then_hf_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_ENDPOINT", "https://hf-mirror.com/")
    monkeypatch.setenv("HF_TOKEN", "from-env")
    assert hub_access(None) == HubAccess("https://hf-mirror.com", "from-env")
    assert hub_access("http://127.0.0.1:9/", "mine") == HubAccess("http://127.0.0.1:9", "mine")
    monkeypatch.delenv("HF_ENDPOINT")
    assert hub_access(None).endpoint == "https://huggingface.co"
    with pytest.raises(DownloadError, match="not a web address"):
        hub_access("hf-mirror.com")


def test_not_enough_disk_space_is_said_before_starting(
    hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil
    from collections import namedtuple

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: usage(10**9, 10**9 - 1000, 1000))
    with pytest.raises(DownloadError, match="not enough disk space") as error:
        fetch(hub, tmp_path / "models")
    assert error.value.kind is DownloadErrorKind.DISK_SPACE
    assert "64.0 MiB kept free" in str(error.value)
    assert hub.ranges_seen(REPO, FILE) == []
    assert [p for p in (tmp_path / "models").rglob("*") if p.is_file()] == []
