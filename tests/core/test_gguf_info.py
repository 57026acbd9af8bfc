"""Model checks before loading: what a file is when it is not a usable GGUF."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from gguf import GGUFReader

from chatapp.core.gguf_info import (
    ModelFileError,
    check_model_file,
    inspect_gguf,
    read_gguf_header,
)
from tests.helpers.gguf_factory import replace_header_bytes, write_gguf
from tests.permissions import without_permission_bypass


def _error(path: Path) -> ModelFileError:
    with pytest.raises(ModelFileError) as caught:
        check_model_file(path)
    message = str(caught.value)
    assert "\n" not in message
    return caught.value


def test_reads_a_small_gguf_like_the_reference_reader(tmp_path: Path):
    path = write_gguf(tmp_path / "tiny.gguf", n_layers=3, chat_template="{{ messages }}")
    info = inspect_gguf(path)
    reader = GGUFReader(path)
    assert info.architecture == "llama"
    assert info.name == "Tiny Test"
    assert info.n_layers == 3
    assert info.context_length == 256
    assert info.head_count == 2 and info.head_count_kv == 1
    assert info.chat_template == "{{ messages }}"
    assert (info.bos_token, info.eos_token) == ("<s>", "</s>")
    assert info.tensor_count == len(reader.tensors)
    assert info.data_offset == reader.data_offset
    assert info.weights_bytes == sum(int(t.n_bytes) for t in reader.tensors)
    per_layer = [
        sum(int(t.n_bytes) for t in reader.tensors if t.name.startswith(f"blk.{i}."))
        for i in range(3)
    ]
    assert info.layer_bytes == per_layer


def test_the_test_model(test_model_path: Path):
    info = check_model_file(test_model_path)
    assert info.architecture == "gemma3"
    assert info.quantization == "Q4_K_M"
    assert info.n_layers == 18
    assert info.context_length == 32768
    assert info.sliding_window == 512
    assert info.bos_token == "<bos>" and info.eos_token == "<eos>"
    assert len(info.layer_bytes) == 18 and all(b > 0 for b in info.layer_bytes)
    # Every byte of the file is header or tensor data.
    assert info.data_offset + info.weights_bytes <= info.file_size
    assert info.file_size - (info.data_offset + info.weights_bytes) < 64


def test_a_huge_sparse_file_is_inspected_without_reading_it(tmp_path: Path):
    # A 7 GB file whose data is a hole: only the header pages may be read.
    path = write_gguf(tmp_path / "big.gguf", n_layers=2)
    info = inspect_gguf(path)
    with open(path, "r+b") as handle:
        handle.truncate(7 * 1024**3)
    assert inspect_gguf(path).n_layers == info.n_layers


@pytest.mark.parametrize(
    ("content", "kind", "words"),
    [
        (b"<!DOCTYPE html>\n<html><head><title>openchat", "html", ["web page", "resolve"]),
        (b"\n\n<html lang='en'>", "html", ["web page", "blob"]),
        (
            b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 7695857376\n",
            "lfs_pointer",
            ["Git LFS pointer", "git lfs pull"],
        ),
        (b'{"version": "1.0", "model": {"type": "BPE"}}', "json", ["JSON", "tokenizer"]),
        (b"\x80\x02}q\x00(X\x06\x00\x00\x00layer", "pytorch", ["PyTorch"]),
        (b"ggjt\x03\x00\x00\x00" + b"\x00" * 32, "ggml", ["old GGML format"]),
        (b"\x00\x01\x02\x03hello", "not_gguf", ["not a GGUF", "00 01 02 03"]),
    ],
)
def test_files_that_are_not_gguf_say_what_they_are(
    tmp_path: Path, content: bytes, kind: str, words: list[str]
):
    path = tmp_path / "openchat_3.5.Q8_0.gguf"
    path.write_bytes(content)
    error = _error(path)
    assert error.kind == kind
    for word in words:
        assert word in str(error)


def test_the_original_chatbots_unknown_magic_is_explained(tmp_path: Path):
    # "unknown magic 0x6f64213c" is '<!do' read as a little-endian number: a web page.
    path = tmp_path / "model.gguf"
    path.write_bytes(struct.pack("<I", 0x6F64213C) + b"ctype html><html>")
    assert _error(path).kind == "html"


def test_safetensors(tmp_path: Path):
    header = b'{"weight": {"dtype": "F16", "shape": [2], "data_offsets": [0, 4]}}'
    path = tmp_path / "model.safetensors"
    path.write_bytes(struct.pack("<Q", len(header)) + header + b"\x00" * 4)
    error = _error(path)
    assert error.kind == "safetensors"
    assert "safetensors" in str(error) and "GGUF" in str(error)


def test_pytorch_zip_checkpoint(tmp_path: Path):
    path = tmp_path / "pytorch_model.bin"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("archive/data.pkl", b"\x80\x02}q\x00.")
    assert _error(path).kind == "pytorch"


def test_empty_file(tmp_path: Path):
    path = tmp_path / "model.gguf"
    path.touch()
    error = _error(path)
    assert error.kind == "empty" and "0 bytes" in str(error)


def test_truncated_download_says_how_much_is_there(tmp_path: Path, test_model_path: Path):
    path = tmp_path / "gemma.gguf"
    size = test_model_path.stat().st_size
    with open(test_model_path, "rb") as source, open(path, "wb") as target:
        target.write(source.read(size // 2))
    error = _error(path)
    assert error.kind == "truncated"
    assert f"incomplete download: {size // 2:,} of {size:,} bytes" in str(error)


def test_file_cut_inside_its_header(tmp_path: Path, test_model_path: Path):
    path = tmp_path / "gemma.gguf"
    with open(test_model_path, "rb") as source:
        path.write_bytes(source.read(100_000))
    error = _error(path)
    assert error.kind == "truncated" and "incomplete download" in str(error)


def test_unknown_architecture_is_named(tmp_path: Path):
    path = write_gguf(tmp_path / "future.gguf", arch="hyperllama9")
    error = _error(path)
    assert error.kind == "unknown_architecture"
    assert "'hyperllama9'" in str(error) and "newer llama.cpp" in str(error)


def test_missing_path(tmp_path: Path):
    error = _error(tmp_path / "nowhere" / "model.gguf")
    assert error.kind == "missing" and "not found" in str(error)


def test_directory(tmp_path: Path):
    error = _error(tmp_path)
    assert error.kind == "directory" and "folder" in str(error)


def test_no_permission(tmp_path: Path):
    path = write_gguf(tmp_path / "locked.gguf")
    path.chmod(0o000)
    if os.geteuid() != 0:
        assert _error(path).kind == "permission"
        return
    # root reads everything: check in a process without the capabilities that allow it.
    code = (
        "import sys; from chatapp.core.gguf_info import check_model_file, ModelFileError\n"
        "try: check_model_file(sys.argv[1])\n"
        "except ModelFileError as e: print(e.kind); print(e)\n"
    )
    result = subprocess.run(
        without_permission_bypass([sys.executable, "-c", code, str(path)]),
        capture_output=True,
        text=True,
    )
    assert result.stdout.splitlines()[:1] == ["permission"], result.stderr
    assert "No permission to read" in result.stdout


def test_paths_with_spaces_and_chinese_characters(tmp_path: Path, test_model_path: Path):
    folder = tmp_path / "我的 模型" / "open chat"
    folder.mkdir(parents=True)
    path = folder / "模型 文件.gguf"
    os.symlink(test_model_path, path)
    info = check_model_file(path)
    assert info.architecture == "gemma3"
    assert info.path == path


def test_a_key_that_is_not_utf8_is_refused(tmp_path: Path):
    path = write_gguf(tmp_path / "mangled.gguf")
    replace_header_bytes(path, b"general.name", b"general.n\xffme")
    error = _error(path)
    assert error.kind == "not_utf8"
    assert "not valid UTF-8" in str(error) and "mangled.gguf" in str(error)


def test_a_text_value_that_is_not_utf8_is_refused(tmp_path: Path):
    path = write_gguf(tmp_path / "mangled.gguf")
    replace_header_bytes(path, b"Tiny Test", b"Tiny \xc3est")
    assert _error(path).kind == "not_utf8"


@pytest.mark.parametrize("key", ["context_length", "embedding_length", "block_count"])
def test_a_key_llama_cpp_cannot_load_without_is_required(tmp_path: Path, key: str):
    path = write_gguf(tmp_path / "incomplete.gguf")
    name = f"llama.{key}".encode()
    replace_header_bytes(path, name, name[:-1] + b"X")
    assert inspect_gguf(path).architecture == "llama"  # readable, but not loadable
    error = _error(path)
    assert error.kind == "missing_key" and f"llama.{key}" in str(error)


def test_the_tensor_index_is_read_with_the_header(tmp_path: Path):
    path = write_gguf(tmp_path / "tiny.gguf", n_layers=2)
    info, tensors = read_gguf_header(path)
    reader = GGUFReader(path)
    assert [t.name for t in tensors] == [t.name for t in reader.tensors]
    assert [t.n_bytes for t in tensors] == [int(t.n_bytes) for t in reader.tensors]
    assert info.tensor_count == len(tensors)
