"""The planner's estimates against the buffers llama.cpp allocates for the test model.

llama.cpp logs every buffer it allocates while loading, e.g.::

    load_tensors:   CPU_Mapped model buffer size =   235.16 MiB
    llama_context:        CPU  output buffer size =     1.00 MiB
    llama_kv_cache:        CPU KV buffer size =    12.00 MiB
    sched_reserve:        CPU compute buffer size =   514.50 MiB

The plan for the CPU must be within 10% of each kind, loaded the way ChatEngine loads.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chatapp.core import llama_runtime
from chatapp.core.engine import ChatEngine
from chatapp.core.gguf_info import inspect_gguf
from chatapp.core.gpu_plan import plan_offload
from chatapp.core.hardware import MemoryInfo
from chatapp.core.settings import LoadParams

pytestmark = pytest.mark.model

MIB = 1024**2
TOLERANCE = 0.10
RAM = MemoryInfo(total=64 * 1024**3, available=48 * 1024**3)
_BUFFER = re.compile(r"(\w+)\s+(model|KV|compute|output) buffer size =\s*([\d.]+) MiB")


def logged_buffers(lines: list[str]) -> dict[str, float]:
    """Bytes llama.cpp allocated, by kind, summed over its buffers."""
    sizes = {"model": 0.0, "KV": 0.0, "compute": 0.0, "output": 0.0}
    for line in lines:
        match = _BUFFER.search(line)
        if match:
            sizes[match.group(2)] += float(match.group(3)) * MIB
    return sizes


@pytest.mark.parametrize(
    ("n_ctx", "flash_attn"), [(4096, True), (16384, True), (1000, True), (2048, False)]
)
def test_cpu_plan_matches_llama_cpp(test_model_path: Path, n_ctx: int, flash_attn: bool) -> None:
    engine = ChatEngine()
    with llama_runtime.captured_native_log() as lines:
        info = engine.load(test_model_path, LoadParams(n_ctx=n_ctx, flash_attn=flash_attn))
    engine.unload()
    if info.n_gpu_layers:
        pytest.skip("this llama.cpp build offloads to a GPU; the check is for the CPU")
    logged = logged_buffers(lines)
    assert logged["model"] and logged["KV"] and logged["compute"], lines

    plan = plan_offload(inspect_gguf(test_model_path), n_ctx, [], RAM, flash_attn=flash_attn)
    assert plan.n_ctx == info.n_ctx
    assert plan.n_gpu_layers == 0
    checks = {
        "weights": (plan.cpu.weights, logged["model"]),
        "KV cache": (plan.cpu.kv_cache, logged["KV"]),
        "compute": (plan.cpu.compute, logged["compute"] + logged["output"]),
    }
    report = {
        k: f"{p / MIB:.2f} MiB planned, {m / MIB:.2f} MiB logged" for k, (p, m) in checks.items()
    }
    for kind, (planned, measured) in checks.items():
        assert abs(planned - measured) <= TOLERANCE * measured, (kind, report)
