"""Where models are kept (one place knows the layout), and the user-facing error classes."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatapp.core.catalog import CatalogError
from chatapp.core.context import ContextOverflowError
from chatapp.core.conversation import ImportFormatError
from chatapp.core.engine import ContextFullError, EngineError
from chatapp.core.errors import ChatAppError
from chatapp.core.gguf_info import ModelFileError
from chatapp.core.llama_runtime import explain_load_failure, llama_reason
from chatapp.core.model_library import LibraryError
from chatapp.core.paths import AppPaths, is_saved_as
from chatapp.core.store import StoreError
from chatapp.core.templates import TemplateError
from tests.helpers.gguf_factory import write_gguf


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths(tmp_path / "data", tmp_path / "config", tmp_path / "logs")


def test_a_downloaded_file_and_its_repository(paths: AppPaths) -> None:
    path = paths.model_path("TheBloke/openchat_3.5-GGUF", "openchat_3.5.Q4_K_M.gguf")
    assert path == paths.models_dir / "TheBloke" / "openchat_3.5-GGUF" / "openchat_3.5.Q4_K_M.gguf"
    assert paths.repo_and_file(path) == ("TheBloke/openchat_3.5-GGUF", "openchat_3.5.Q4_K_M.gguf")
    assert paths.repo_of(path) == "TheBloke/openchat_3.5-GGUF"
    nested = paths.model_path("owner/name", "q4/model.gguf")
    assert paths.repo_and_file(nested) == ("owner/name", "q4/model.gguf")
    assert is_saved_as(path, "TheBloke/openchat_3.5-GGUF", "openchat_3.5.Q4_K_M.gguf")
    assert not is_saved_as(path, "someone/openchat_3.5-GGUF", "openchat_3.5.Q4_K_M.gguf")


def test_files_that_are_not_downloads_have_no_repository(paths: AppPaths, tmp_path: Path) -> None:
    assert paths.repo_of(paths.imported_dir / "mine.gguf") is None
    assert paths.repo_of(paths.models_dir / "starter" / "small.gguf") is None
    assert paths.repo_of(tmp_path / "Downloads" / "owner" / "name" / "model.gguf") is None
    assert paths.imported_dir.parent == paths.models_dir


@pytest.mark.parametrize(
    "error",
    [
        ModelFileError("bad file", "corrupt"),
        CatalogError("bad catalog"),
        LibraryError("cannot import"),
        EngineError("cannot load"),
        ContextFullError("full"),
        ContextOverflowError(300, 200),
        TemplateError("bad template"),
        ImportFormatError("not an export"),
        StoreError("disk full"),
    ],
)
def test_user_facing_errors_are_chatapp_errors(error: Exception) -> None:
    assert isinstance(error, ChatAppError)
    assert error.exit_code >= 1 and "\n" not in str(error)


def test_errors_caught_as_value_errors_still_are() -> None:
    assert issubclass(TemplateError, ValueError) and issubclass(ImportFormatError, ValueError)


def test_llama_cpps_reason_is_taken_from_its_log() -> None:
    lines = [
        "llama_model_loader: loaded meta data with 12 key-value pairs",
        "llama_model_load: error loading model: error loading model hyperparameters: "
        "key not found in model: llama.context_length",
        "llama_model_load_from_file_impl: failed to load model",
    ]
    assert llama_reason(lines) == (
        "error loading model hyperparameters: key not found in model: llama.context_length"
    )
    assert llama_reason(["gguf_init_from_file_impl: tensor 'x' has invalid ggml type 99"]) is None
    assert (
        llama_reason(
            [
                "gguf_init_from_file_impl: failed to read tensor info",
                "llama_model_load_from_file_impl: failed to load model",
            ]
        )
        == "failed to read tensor info"
    )
    assert llama_reason(["llama_model_load_from_file_impl: failed to load model"]) is None


def test_a_load_failure_without_a_reason_points_to_the_log(tmp_path: Path) -> None:
    from chatapp.core.gguf_info import inspect_gguf

    gguf = inspect_gguf(write_gguf(tmp_path / "tiny.gguf"))
    message = explain_load_failure(gguf, ["llama_model_load_from_file_impl: failed to load model"])
    assert message == "llama.cpp could not load tiny.gguf: no reason given (see the log file)"
