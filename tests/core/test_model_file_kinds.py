"""What a file that is not a GGUF is called: a zip archive is a zip archive, and only a
zip that torch.save wrote (an entry data.pkl), or a pickle, is a PyTorch checkpoint."""

from __future__ import annotations

import pickle
import zipfile
from pathlib import Path

import pytest

from chatapp.core.gguf_info import ModelFileError, check_model_file, check_model_head


def write_zip(path: Path, *names: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(name, b"\x80\x02}q\x00." if name.endswith(".pkl") else b"text")
    return path


def kind_and_message(path: Path) -> tuple[str, str]:
    with pytest.raises(ModelFileError) as error:
        check_model_file(path)
    return error.value.kind, str(error.value)


def test_a_plain_zip_is_a_zip_archive(tmp_path: Path) -> None:
    kind, message = kind_and_message(write_zip(tmp_path / "model.gguf", "model/README.md"))
    assert kind == "zip"
    assert "model.gguf is a zip archive, not a GGUF model" in message
    assert "PyTorch" not in message


@pytest.mark.parametrize(
    "entries", [("archive/data.pkl",), ("data.pkl",), ("a/version", "a/data.pkl")]
)
def test_a_torch_save_zip_is_a_pytorch_checkpoint(tmp_path: Path, entries: tuple[str, ...]) -> None:
    kind, message = kind_and_message(write_zip(tmp_path / "pytorch_model.bin", *entries))
    assert kind == "pytorch" and "PyTorch checkpoint" in message


def test_a_zip_with_a_file_merely_named_like_it_is_not_pytorch(tmp_path: Path) -> None:
    kind, _message = kind_and_message(write_zip(tmp_path / "m.gguf", "notes/data.pkl.txt"))
    assert kind == "zip"


def test_a_pickle_is_a_pytorch_checkpoint(tmp_path: Path) -> None:
    path = tmp_path / "model.bin"
    path.write_bytes(pickle.dumps({"weight": [1.0, 2.0]}, protocol=2))
    assert kind_and_message(path)[0] == "pytorch"


def test_the_first_bytes_alone_tell_a_zip_from_a_checkpoint(tmp_path: Path) -> None:
    plain = write_zip(tmp_path / "a.zip", "model/README.md").read_bytes()[:512]
    torch = write_zip(tmp_path / "b.zip", "archive/data.pkl").read_bytes()[:512]
    with pytest.raises(ModelFileError) as plain_error:
        check_model_head("x.gguf", plain, 10_000)
    with pytest.raises(ModelFileError) as torch_error:
        check_model_head("x.gguf", torch, 10_000)
    assert (plain_error.value.kind, torch_error.value.kind) == ("zip", "pytorch")
    check_model_head("x.gguf", b"GGUF\x03\x00\x00\x00" + b"\x00" * 56, 64)  # a GGUF passes
