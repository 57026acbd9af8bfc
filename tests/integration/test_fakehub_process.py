"""The fake hub in a process of its own (the download benchmark's server): files are
served from disk in one piece or cut, and a resume fetches only the rest."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from chatapp.bench.fakehub_process import HubProcess
from chatapp.core.downloads import DownloadError, HubAccess, download_file, partial_size
from tests.helpers.gguf_factory import write_gguf

REPO = "test-org/Process-GGUF"
FILE = "served.Q8_0.gguf"


def test_a_download_from_the_hub_process_is_whole_and_a_cut_one_resumes(
    tmp_path: Path,
) -> None:
    source = write_gguf(tmp_path / FILE, extra_bytes=3 * 1024 * 1024)
    size = source.stat().st_size
    with HubProcess() as hub:
        hub.add(REPO, FILE, source)
        access = HubAccess(hub.endpoint)
        whole = download_file(REPO, FILE, tmp_path / "whole" / FILE, access, retries=0)
        assert whole.read_bytes() == source.read_bytes()
        assert hub.bytes_sent == size

        hub.misbehave(REPO, FILE, cut_at=size // 2)
        target = tmp_path / "cut" / FILE
        with pytest.raises(DownloadError):
            download_file(REPO, FILE, target, access, retries=0)
        assert partial_size(target) == size // 2
        hub.behave(REPO, FILE)
        before = hub.bytes_sent
        download_file(REPO, FILE, target, access, retries=0)
        assert hub.bytes_sent - before == size - size // 2
        digest = hashlib.sha256(target.read_bytes()).hexdigest()
        assert digest == hashlib.sha256(source.read_bytes()).hexdigest()


def test_an_unknown_call_is_an_error_and_the_hub_goes_on() -> None:
    with HubProcess() as hub:
        with pytest.raises(RuntimeError, match="unknown call"):
            hub._call("shutdown")
        assert hub.bytes_sent == 0
