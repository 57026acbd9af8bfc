"""Pinned downloads against the fake hub: a catalog entry's sha256 and revision are
enforced, and a split model comes down whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.bench.fakehub import COMMIT, FakeHub
from chatapp.core.downloads import (
    DownloadError,
    DownloadErrorKind,
    DownloadRequest,
    HubAccess,
    download_model,
    parse_hub_spec,
    partial_path,
    target_path,
)
from tests.helpers.gguf_factory import write_gguf

REPO = "test-org/Pinned-GGUF"
FILE = "pinned.Q8_0.gguf"


@pytest.fixture(scope="module")
def gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_gguf(tmp_path_factory.mktemp("gguf") / FILE, extra_bytes=256 * 1024)


@pytest.fixture
def hub(gguf: Path) -> Iterator[FakeHub]:
    with FakeHub() as server:
        server.add(REPO, FILE, gguf)
        yield server


def test_a_pinned_revision_is_asked_for_instead_of_main(hub: FakeHub, tmp_path: Path) -> None:
    request = DownloadRequest(REPO, FILE, "pinned", hub.sha256(REPO, FILE), revision=COMMIT)
    path = download_model(tmp_path, request, HubAccess(hub.endpoint))
    assert path.is_file()
    paths = {r.path for r in hub.file_gets(REPO, FILE)}
    assert paths == {f"/{REPO}/resolve/{COMMIT}/{FILE}"}


def test_a_pinned_revision_the_hub_lacks_is_a_clear_error(hub: FakeHub, tmp_path: Path) -> None:
    gone = "f" * 40
    request = DownloadRequest(REPO, FILE, "pinned", revision=gone)
    with pytest.raises(DownloadError) as failed:
        download_model(tmp_path, request, HubAccess(hub.endpoint))
    assert failed.value.kind == DownloadErrorKind.NOT_FOUND
    assert f"{REPO} has no revision {gone} on {hub.endpoint}" in str(failed.value)
    assert not target_path(tmp_path, REPO, FILE).exists()


def test_a_file_the_hub_announces_with_another_sha256_is_not_downloaded(
    hub: FakeHub, tmp_path: Path
) -> None:
    request = DownloadRequest(REPO, FILE, "pinned", "0" * 64)
    with pytest.raises(DownloadError) as failed:
        download_model(tmp_path, request, HubAccess(hub.endpoint))
    message = str(failed.value)
    assert failed.value.kind == DownloadErrorKind.VERIFY
    assert message.startswith(f"{FILE} on {hub.endpoint} is not the file ChatApp expects")
    assert "pinned 000000000000..." in message and "\n" not in message
    assert hub.file_gets(REPO, FILE) == []  # not a byte was fetched
    assert not partial_path(target_path(tmp_path, REPO, FILE)).exists()


def test_bytes_that_differ_from_the_pin_fail_and_are_removed(hub: FakeHub, tmp_path: Path) -> None:
    hub.misbehave(REPO, FILE, wrong_bytes=True)
    request = DownloadRequest(REPO, FILE, "pinned", hub.sha256(REPO, FILE), revision=COMMIT)
    with pytest.raises(DownloadError) as failed:
        download_model(tmp_path, request, HubAccess(hub.endpoint))
    assert failed.value.kind == DownloadErrorKind.VERIFY
    assert str(failed.value).startswith(f"{FILE} is not the file ChatApp expects (sha256 ")
    target = target_path(tmp_path, REPO, FILE)
    assert not target.exists() and not partial_path(target).exists()


def test_any_part_of_a_split_model_names_the_whole_model() -> None:
    request = parse_hub_spec("org/Big-GGUF/Q8_0/Big-Q8_0-00002-of-00003.gguf")
    assert request.file == "Q8_0/Big-Q8_0-00001-of-00003.gguf"
    assert request.parts == (
        "Q8_0/Big-Q8_0-00002-of-00003.gguf",
        "Q8_0/Big-Q8_0-00003-of-00003.gguf",
    )
    assert request.name == "Big-Q8_0"
