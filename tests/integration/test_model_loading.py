"""Loading by the plan on the real model: layers chosen, out-of-memory fallback, catalog template."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from chatapp.core.catalog import load_catalog
from chatapp.core.engine import ChatEngine, EngineError
from chatapp.core.hardware import HardwareInfo, MemoryInfo, parse_fake_devices
from chatapp.core.model_loading import catalog_template_for, load_planned
from chatapp.core.settings import LoadParams
from tests.helpers.gguf_factory import write_gguf

pytestmark = pytest.mark.model

GIB = 1024**3


def gpu_machine(spec: str = "nvidia:8GiB") -> HardwareInfo:
    devices = parse_fake_devices(spec)
    return HardwareInfo(["CUDA", "CPU"], devices, MemoryInfo(16 * GIB, 12 * GIB), 4, 8, True)


class GpuShortEngine(ChatEngine):
    """A real engine on a machine whose GPU is too small: any GPU layers fail as
    llama.cpp would report it, so only the CPU load goes through."""

    def __init__(self) -> None:
        super().__init__()
        self.tried: list[int | None] = []

    def load(self, path, params=None, *, catalog_format=None, progress=None):  # type: ignore[override]
        self.tried.append(params.n_gpu_layers if params else None)
        if params is not None and params.n_gpu_layers:
            raise EngineError("Not enough memory to load the model with these GPU layers")
        return super().load(path, params, catalog_format=catalog_format, progress=progress)


def test_auto_layers_follow_the_plan(test_model_path: Path) -> None:
    engine = ChatEngine()
    try:
        outcome = load_planned(engine, test_model_path, LoadParams(), hardware=gpu_machine())
        assert outcome.plan is not None and outcome.plan.all_on_gpu
        assert outcome.notice is None
        assert outcome.info.n_ctx == 4096
    finally:
        engine.unload()


def test_out_of_memory_falls_back_to_fewer_layers_then_cpu(test_model_path: Path) -> None:
    engine = GpuShortEngine()
    try:
        outcome = load_planned(engine, test_model_path, LoadParams(), hardware=gpu_machine())
        assert engine.tried == [19, 9, 4, 0]
        assert outcome.info.n_gpu_layers == 0
        assert "ran out of memory" in outcome.notice and "on the CPU instead" in outcome.notice
    finally:
        engine.unload()


def test_manual_layers_skip_the_plan(test_model_path: Path) -> None:
    engine = GpuShortEngine()
    try:
        outcome = load_planned(engine, test_model_path, replace(LoadParams(), n_gpu_layers=0))
        assert outcome.plan is None and engine.tried == [0]
    finally:
        engine.unload()


def test_catalog_models_get_the_catalog_template(tmp_path: Path, test_model_path: Path) -> None:
    catalog = load_catalog()
    folder = tmp_path / "models" / "TheBloke" / "openchat_3.5-GGUF"
    folder.mkdir(parents=True)
    path = folder / "openchat_3.5.Q4_K_M.gguf"
    assert catalog_template_for(path, catalog) == "openchat"
    assert catalog_template_for(tmp_path / "elsewhere.gguf", catalog) is None
    shutil.copyfile(test_model_path, path)  # the test model has no template of its own
    engine = ChatEngine()
    try:
        load_planned(engine, path, replace(LoadParams(), n_gpu_layers=0), catalog=catalog)
        assert engine.template is not None and engine.template.name == "openchat"
        assert engine.template.origin == "catalog"
    finally:
        engine.unload()


def test_a_planned_load_that_llama_cpp_refuses_says_why(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "tiny.gguf")  # passes our checks; llama.cpp wants more keys
    engine = ChatEngine()
    with pytest.raises(EngineError, match="key not found in model: llama.attention"):
        load_planned(engine, path, LoadParams(n_ctx=256), hardware=gpu_machine())
    assert not engine.is_loaded
