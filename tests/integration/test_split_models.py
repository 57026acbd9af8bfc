"""A split GGUF model end to end: found on the fake hub as one model, every part
downloaded, listed once in the library, loaded by llama.cpp from its first part."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.bench.fakehub import FakeHub
from chatapp.core.catalog import load_catalog
from chatapp.core.downloads import DownloadError, DownloadErrorKind, HubAccess, download_model
from chatapp.core.engine import ChatEngine
from chatapp.core.hub_search import repo_details
from chatapp.core.model_library import list_installed, remove_model
from chatapp.core.paths import resolve_paths
from chatapp.core.settings import LoadParams, SamplingParams
from chatapp.core.templates import Message

pytestmark = pytest.mark.model

REPO = "test-org/Gemma-Split-GGUF"


@pytest.fixture(scope="module")
def parts(test_model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    from tests.helpers.split_gguf import split_gguf

    folder = tmp_path_factory.mktemp("split")
    return split_gguf(test_model_path, folder / "gemma-3-270m-Q4_K_M.gguf", 3)


@pytest.fixture
def hub(parts: list[Path]) -> Iterator[FakeHub]:
    with FakeHub() as server:
        for part in parts:
            server.add(REPO, part.name, part)
        server.describe(REPO, license="gemma")
        yield server


def test_a_split_model_downloads_whole_lists_once_loads_and_is_removed_whole(
    hub: FakeHub, parts: list[Path], tmp_path: Path
) -> None:
    access = HubAccess(hub.endpoint)
    (model,) = repo_details(REPO, access).models
    assert model.is_split and model.size == sum(p.stat().st_size for p in parts)
    paths = resolve_paths(str(tmp_path / "data"))
    request = model.download_request(REPO, repo_details(REPO, access).revision)
    first = download_model(paths.models_dir, request, access)
    assert first.name == "gemma-3-270m-Q4_K_M-00001-of-00003.gguf"
    for part in parts:
        assert (first.parent / part.name).read_bytes() == part.read_bytes()

    (installed,) = list_installed(paths, load_catalog())
    assert installed.path == first and installed.problem is None
    assert installed.name == "gemma-3-270m-Q4_K_M" and installed.size == model.size

    engine = ChatEngine()
    engine.load(first, LoadParams(n_ctx=512))
    try:
        reply = [
            piece
            for piece in engine.stream_reply(
                [Message("user", "Hello")], SamplingParams(max_tokens=4, seed=1)
            )
            if isinstance(piece, str)
        ]
        assert "".join(reply).strip()
    finally:
        engine.unload()

    remove_model(paths, installed)
    assert not first.parent.exists()  # every part went, and the emptied folder
    assert list_installed(paths) == []


def test_a_missing_part_is_reported_and_a_later_part_is_checked(
    hub: FakeHub, parts: list[Path], tmp_path: Path
) -> None:
    access = HubAccess(hub.endpoint)
    details = repo_details(REPO, access)
    paths = resolve_paths(str(tmp_path / "data"))
    download_model(paths.models_dir, details.models[0].download_request(REPO, None), access)
    folder = paths.models_dir / REPO
    (folder / parts[2].name).unlink()
    (installed,) = list_installed(paths)
    assert installed.problem is not None
    assert f"1 part(s) of this split model are missing, e.g. {parts[2].name}" in installed.problem

    # A "part 3" whose header says it is part 2 is refused, and nothing is installed.
    hub.add(REPO, parts[2].name, parts[1])
    with pytest.raises(DownloadError) as failed:
        download_model(paths.models_dir, details.models[0].download_request(REPO, None), access)
    assert failed.value.kind == DownloadErrorKind.BAD_FILE
    assert f"{parts[2].name} is not part 3 of a split GGUF model" in str(failed.value)
    assert not (folder / parts[2].name).exists()
