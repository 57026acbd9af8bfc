"""Hub search and repository listings against the fake hub: huggingface_hub's real
HfApi code runs over HTTP on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.bench.fakehub import COMMIT, FakeHub
from chatapp.core.downloads import DownloadErrorKind, HubAccess
from chatapp.core.hardware import Device, HardwareInfo, MemoryInfo
from chatapp.core.hub_files import (
    RepoFile,
    describe_parameters,
    group_gguf_files,
    quantization_from_name,
)
from chatapp.core.hub_search import HubSearchError, repo_details, search_hub
from chatapp.core.model_fit import FitMemory, estimated_memory_bytes, fit_memory, fit_phrase
from tests.helpers.gguf_factory import write_gguf
from tests.helpers.split_gguf import split_gguf

GIB = 1024**3


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hub-models")
    whole = write_gguf(folder / "whole.gguf", extra_bytes=64 * 1024)
    (folder / "split").mkdir()
    parts = split_gguf(whole, folder / "split" / "Tiny-Q8_0.gguf", 3)
    return {"whole": whole, **{f"part{i + 1}": p for i, p in enumerate(parts)}}


@pytest.fixture
def hub(models: dict[str, Path]) -> Iterator[FakeHub]:
    with FakeHub() as server:
        server.add("org/Tiny-Chat-GGUF", "tiny-chat-Q4_K_M.gguf", models["whole"])
        for i in (1, 2, 3):
            server.add("org/Tiny-Chat-GGUF", models[f"part{i}"].name, models[f"part{i}"])
        server.add("org/Tiny-Chat-GGUF", "mmproj-tiny-f16.gguf", models["whole"])
        server.add("org/Tiny-Chat-GGUF", "README.md", b"# Tiny chat\n")
        server.describe(
            "org/Tiny-Chat-GGUF",
            downloads=5000,
            likes=42,
            license="apache-2.0",
            last_modified="2025-02-03T04:05:06.000Z",
            gguf={"total": 494_032_768, "architecture": "llama", "context_length": 32768},
        )
        server.add("other/tiny-chat-small-GGUF", "small.IQ4_XS.gguf", models["whole"])
        server.describe("other/tiny-chat-small-GGUF", downloads=90_000, likes=3, gated="manual")
        server.add("org/tiny-chat-safetensors", "model.safetensors", b"not a gguf")
        server.describe("org/tiny-chat-safetensors", downloads=10**7)
        server.add("org/unrelated-GGUF", "u.Q8_0.gguf", models["whole"])
        yield server


def test_search_lists_gguf_repositories_most_downloaded_first(hub: FakeHub) -> None:
    found = search_hub("Tiny-CHAT", HubAccess(hub.endpoint))
    assert [r.id for r in found] == ["other/tiny-chat-small-GGUF", "org/Tiny-Chat-GGUF"]
    top, second = found
    assert (top.author, top.downloads, top.likes, top.gated) == ("other", 90_000, 3, "manual")
    assert (second.downloads, second.likes, second.gated) == (5000, 42, False)
    assert second.last_modified is not None and second.last_modified.year == 2025
    query = next(r for r in hub.requests if r.path == "/api/models")
    assert query.method == "GET"


def test_search_follows_the_hubs_link_pages_up_to_the_limit(hub: FakeHub) -> None:
    hub.page_size = 1
    found = search_hub("chat", HubAccess(hub.endpoint), limit=5)
    assert [r.id for r in found] == ["other/tiny-chat-small-GGUF", "org/Tiny-Chat-GGUF"]
    assert sum(r.path == "/api/models" for r in hub.requests) == 2
    assert search_hub("   ", HubAccess(hub.endpoint)) == []


def test_search_sends_the_token_and_fails_in_one_line(hub: FakeHub) -> None:
    search_hub("chat", HubAccess(hub.endpoint, token="hf_secret"))
    assert hub.requests[-1].headers.get("authorization") == "Bearer hf_secret"
    hub.search_status = 500
    with pytest.raises(HubSearchError) as failed:
        search_hub("chat", HubAccess(hub.endpoint))
    assert failed.value.kind == DownloadErrorKind.SERVER
    assert "answered 500" in str(failed.value) and "\n" not in str(failed.value)


def test_an_unreachable_hub_is_one_line_that_keeps_the_app_working() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(HubSearchError) as failed:
        search_hub("qwen", HubAccess(f"http://127.0.0.1:{port}"))
    message = str(failed.value)
    assert failed.value.kind == DownloadErrorKind.UNREACHABLE
    assert message.startswith(f"cannot reach http://127.0.0.1:{port}") and "\n" not in message
    assert "catalog and installed models still work" in message


def test_repository_models_group_split_files_and_show_licence(hub: FakeHub) -> None:
    details = repo_details("org/Tiny-Chat-GGUF", HubAccess(hub.endpoint))
    assert details.revision == COMMIT
    assert (details.license, details.gated, details.architecture) == ("apache-2.0", False, "llama")
    assert details.summary() == (
        "licence: apache-2.0 · not gated · llama · 494M parameters · context 32768"
    )
    assert details.access_note(has_token=False) is None
    by_name = {m.name: m for m in details.models}
    assert set(by_name) == {"tiny-chat-Q4_K_M.gguf", "Tiny-Q8_0.gguf"}  # no mmproj, no README
    split = by_name["Tiny-Q8_0.gguf"]
    assert split.is_split and split.complete and split.quantization == "Q8_0"
    assert split.files == tuple(f"Tiny-Q8_0-0000{i}-of-00003.gguf" for i in (1, 2, 3))
    assert split.size == sum(hub.repos["org/Tiny-Chat-GGUF"][f].size for f in split.files)
    assert split.sha256 is None  # its first part is too small to be in LFS on the hub
    request = split.download_request("org/Tiny-Chat-GGUF", details.revision)
    assert (request.file, request.parts, request.revision) == (
        split.files[0],
        split.files[1:],
        COMMIT,
    )
    whole = by_name["tiny-chat-Q4_K_M.gguf"]
    assert not whole.is_split and whole.quantization == "Q4_K_M"
    assert whole.sha256 == hub.sha256("org/Tiny-Chat-GGUF", "tiny-chat-Q4_K_M.gguf")
    assert whole.memory_needed == estimated_memory_bytes(whole.size or 0)


def test_a_gated_repository_says_how_to_get_access(hub: FakeHub) -> None:
    details = repo_details("other/tiny-chat-small-GGUF", HubAccess(hub.endpoint))
    assert details.is_gated and "gated (manual)" in details.summary()
    note = details.access_note(has_token=False)
    assert note is not None
    assert f"{hub.endpoint}/other/tiny-chat-small-GGUF" in note and "Hub token..." in note
    assert "accepted its licence" in (details.access_note(has_token=True) or "")


@pytest.mark.parametrize(
    ("status", "kind", "words"),
    [
        (401, DownloadErrorKind.AUTH, "refused org/Tiny-Chat-GGUF (401)"),
        (500, DownloadErrorKind.SERVER, "answered 500 to org/Tiny-Chat-GGUF"),
    ],
)
def test_repository_failures_are_one_line(
    hub: FakeHub, status: int, kind: DownloadErrorKind, words: str
) -> None:
    hub.describe("org/Tiny-Chat-GGUF", api_status=status)
    with pytest.raises(HubSearchError) as failed:
        repo_details("org/Tiny-Chat-GGUF", HubAccess(hub.endpoint))
    assert failed.value.kind == kind and words in str(failed.value)
    assert "\n" not in str(failed.value)


def test_an_unknown_repository_is_not_found(hub: FakeHub) -> None:
    with pytest.raises(HubSearchError) as failed:
        repo_details("nobody/nothing", HubAccess(hub.endpoint))
    assert failed.value.kind == DownloadErrorKind.NOT_FOUND
    assert (
        str(failed.value) == f"nobody/nothing was not found on {hub.endpoint} (404); check the name"
    )
    with pytest.raises(HubSearchError, match="not a hub repository name"):
        repo_details("../etc", HubAccess(hub.endpoint))


@pytest.mark.parametrize(
    ("name", "quantization"),
    [
        ("qwen2.5-0.5b-instruct-q4_k_m.gguf", "Q4_K_M"),
        ("openchat_3.5.Q8_0.gguf", "Q8_0"),
        ("Llama-3.2-1B-Instruct-IQ4_XS.gguf", "IQ4_XS"),
        ("Qwen3-30B-A3B-UD-Q4_K_XL-00001-of-00002.gguf", "Q4_K_XL"),
        ("BF16/model-BF16-00002-of-00004.gguf", "BF16"),
        ("phi-4-f16.gguf", "F16"),
        ("Phi-3-mini-4k-instruct-q4.gguf", "Q4"),
        ("gemma-3-270m.gguf", ""),
    ],
)
def test_quantization_is_read_from_the_file_name(name: str, quantization: str) -> None:
    assert quantization_from_name(name) == quantization


def test_a_split_model_with_a_missing_part_is_marked_incomplete() -> None:
    files = [
        RepoFile("Q8_0/Big-Q8_0-00001-of-00003.gguf", 100, "a" * 64),
        RepoFile("Q8_0/Big-Q8_0-00003-of-00003.gguf", 100),
        RepoFile("small.Q2_K.gguf", 10),
    ]
    small, big = group_gguf_files(files)
    assert small.name == "small.Q2_K.gguf" and not small.is_split
    assert big.name == "Q8_0/Big-Q8_0.gguf" and big.is_split and not big.complete
    assert big.missing == ("Q8_0/Big-Q8_0-00002-of-00003.gguf",)
    assert big.size is None and big.memory_needed is None


def test_fit_is_judged_against_the_largest_gpu_else_ram() -> None:
    ram = MemoryInfo(total=16 * GIB, available=8 * GIB)
    gpu = Device("CUDA0", "RTX", "CUDA", memory_total=8 * GIB)
    with_gpu = HardwareInfo(["CUDA", "CPU"], [gpu], ram, 4, 8, True)
    cpu_only = HardwareInfo(["CPU"], [], ram, 4, 8, False)
    assert fit_memory(with_gpu) == FitMemory(8 * GIB, "GPU memory")
    assert fit_memory(cpu_only) == FitMemory(16 * GIB, "RAM")
    assert fit_phrase(estimated_memory_bytes(4 * GIB), fit_memory(with_gpu)) == (
        "fits your 8.0 GiB GPU memory"
    )
    assert fit_phrase(estimated_memory_bytes(6 * GIB), fit_memory(with_gpu)) == (
        "tight for your 8.0 GiB GPU memory"
    )
    assert fit_phrase(estimated_memory_bytes(14 * GIB), fit_memory(cpu_only)) == (
        "too big for your 16.0 GiB RAM"
    )
    assert describe_parameters(7_241_732_096) == "7.2B" and describe_parameters(None) == ""


def test_the_fake_hub_answers_hfapi_list_models_as_the_hub_does(hub: FakeHub) -> None:
    from huggingface_hub import HfApi

    api = HfApi(endpoint=hub.endpoint, token=False)
    hub.page_size = 1
    listed = list(
        api.list_models(
            search="chat", filter="gguf", sort="downloads", limit=3, expand=["author", "likes"]
        )
    )
    assert [m.id for m in listed] == ["other/tiny-chat-small-GGUF", "org/Tiny-Chat-GGUF"]
    assert [m.likes for m in listed] == [3, 42] and listed[0].downloads is None  # not expanded
    info = api.model_info("org/Tiny-Chat-GGUF", files_metadata=True)
    assert info.card_data is not None and info.card_data.license == "apache-2.0"
    assert info.gguf == {"total": 494_032_768, "architecture": "llama", "context_length": 32768}
