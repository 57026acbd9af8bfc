"""The GPU-layer planner on synthetic 7B/13B GGUF headers and the real test model, the
fallback when a load runs out of memory, and `chatapp info --model` with a fake GPU."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from gguf import GGUFWriter
from gguf.constants import GGML_QUANT_SIZES, GGMLQuantizationType

from chatapp.core import llama_runtime
from chatapp.core.gguf_info import GGUFInfo, inspect_gguf
from chatapp.core.gpu_plan import CPU_MARGIN, OffloadPlan, plan_for_hardware, plan_offload
from chatapp.core.hardware import (
    FAKE_GPU_ENV,
    GIB,
    HardwareInfo,
    MemoryInfo,
    parse_fake_devices,
)
from chatapp.core.load_fallback import fallback_steps, is_memory_error, load_with_fallback
from chatapp.core.model_shape import model_shape

MIB = 1024**2
REPO = Path(__file__).resolve().parents[2]
RAM = MemoryInfo(total=32 * GIB, available=24 * GIB)
Q = GGMLQuantizationType


def _nbytes(shape: tuple[int, ...], kind: GGMLQuantizationType) -> int:
    block, size = GGML_QUANT_SIZES[kind]
    return int(np.prod(shape)) // block * size


def write_llama_header(
    path: Path,
    *,
    name: str,
    n_layers: int,
    n_embd: int,
    n_head: int,
    n_head_kv: int,
    n_ff: int,
    n_vocab: int = 32000,
    context: int = 8192,
) -> Path:
    """A llama-architecture GGUF with a Q4_K_M tensor index and no real data: the file
    is extended (sparsely) to its full size, so it inspects like the real model."""
    writer = GGUFWriter(str(path), "llama")
    writer.add_name(name)
    writer.add_block_count(n_layers)
    writer.add_context_length(context)
    writer.add_embedding_length(n_embd)
    writer.add_feed_forward_length(n_ff)
    writer.add_head_count(n_head)
    writer.add_head_count_kv(n_head_kv)
    writer.add_file_type(15)  # MOSTLY_Q4_K_M
    head = n_embd // n_head

    def tensor(tensor_name: str, shape: tuple[int, ...], kind: GGMLQuantizationType) -> None:
        # gguf's writer takes numpy order (the reverse of ggml's ne[]).
        writer.add_tensor_info(
            tensor_name, tuple(reversed(shape)), np.dtype(np.float32), _nbytes(shape, kind), kind
        )

    tensor("token_embd.weight", (n_embd, n_vocab), Q.Q4_K)
    for i in range(n_layers):
        # Q4_K_M keeps half of attn_v and ffn_down in Q6_K, as llama.cpp's quantizer does.
        more = i < n_layers // 8 or i >= 7 * n_layers // 8 or (i - n_layers // 8) % 3 == 2
        tensor(f"blk.{i}.attn_norm.weight", (n_embd,), Q.F32)
        tensor(f"blk.{i}.attn_q.weight", (n_embd, n_embd), Q.Q4_K)
        tensor(f"blk.{i}.attn_k.weight", (n_embd, n_head_kv * head), Q.Q4_K)
        tensor(f"blk.{i}.attn_v.weight", (n_embd, n_head_kv * head), Q.Q6_K if more else Q.Q4_K)
        tensor(f"blk.{i}.attn_output.weight", (n_embd, n_embd), Q.Q4_K)
        tensor(f"blk.{i}.ffn_norm.weight", (n_embd,), Q.F32)
        tensor(f"blk.{i}.ffn_gate.weight", (n_embd, n_ff), Q.Q4_K)
        tensor(f"blk.{i}.ffn_up.weight", (n_embd, n_ff), Q.Q4_K)
        tensor(f"blk.{i}.ffn_down.weight", (n_ff, n_embd), Q.Q6_K if more else Q.Q4_K)
    tensor("output_norm.weight", (n_embd,), Q.F32)
    tensor("output.weight", (n_embd, n_vocab), Q.Q6_K)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    header_end = writer.fout[0].tell()
    writer.close()
    align = writer.data_alignment
    data = sum(-(-ti.nbytes // align) * align for ti in writer.tensors[0].values())
    os.truncate(path, -(-header_end // align) * align + data)
    return path


@pytest.fixture(scope="module")
def openchat(tmp_path_factory: pytest.TempPathFactory) -> GGUFInfo:
    """OpenChat 3.5 Q4_K_M's shape: a Mistral 7B (32 layers, 8 KV heads, 4096 wide)."""
    path = tmp_path_factory.mktemp("models") / "openchat_3.5.Q4_K_M.gguf"
    write_llama_header(
        path, name="OpenChat 3.5", n_layers=32, n_embd=4096, n_head=32, n_head_kv=8, n_ff=14336
    )
    return inspect_gguf(path)


@pytest.fixture(scope="module")
def llama13b(tmp_path_factory: pytest.TempPathFactory) -> GGUFInfo:
    """A Llama 2 13B Q4_K_M's shape: 40 layers, no grouped-query attention."""
    path = tmp_path_factory.mktemp("models") / "llama-2-13b.Q4_K_M.gguf"
    write_llama_header(
        path,
        name="Llama 2 13B",
        n_layers=40,
        n_embd=5120,
        n_head=40,
        n_head_kv=40,
        n_ff=13824,
        context=4096,
    )
    return inspect_gguf(path)


def plan_on(gguf: GGUFInfo, spec: str, n_ctx: int = 4096, **kwargs: object) -> OffloadPlan:
    return plan_offload(gguf, n_ctx, parse_fake_devices(spec), RAM, **kwargs)  # type: ignore[arg-type]


def test_synthetic_openchat_looks_like_the_real_file(openchat: GGUFInfo) -> None:
    # openchat_3.5.Q4_K_M.gguf is 4,368,438,944 bytes; the header here lacks the vocabulary.
    assert abs(openchat.file_size - 4_368_438_944) < 2 * MIB
    assert openchat.quantization == "Q4_K_M"
    shape = model_shape(openchat)
    assert (shape.n_blocks, shape.n_layers, shape.n_vocab, shape.n_ff) == (32, 33, 32000, 14336)
    assert not shape.output_tied
    assert shape.weights_bytes == openchat.weights_bytes


def test_openchat_fully_on_an_8_gib_gpu(openchat: GGUFInfo) -> None:
    plan = plan_on(openchat, "nvidia:8GiB")
    assert (plan.n_gpu_layers, plan.n_layers, plan.n_blocks) == (33, 33, 32)
    assert plan.all_on_gpu and plan.fits and plan.warnings == []
    assert plan.reason.startswith("33/33 layers on the GPU: 4.6 GiB of 8.0 GiB")
    # KV cache: 32 layers x 4096 cells x (8 heads x 128) x (K + V) x 2 bytes.
    assert plan.gpu.kv_cache == 32 * 4096 * 1024 * 2 * 2 == 512 * MIB
    # Everything but the input embedding (72,000 KiB of Q4_K) is on the GPU.
    assert plan.cpu.weights == 32000 * 4096 // 256 * 144
    assert plan.gpu.weights + plan.cpu.weights == openchat.weights_bytes
    assert plan.cpu.kv_cache == 0
    assert 64 * MIB < plan.gpu.compute < 256 * MIB
    assert plan.gpu.margin == 512 * MIB
    assert plan.gpu.total <= plan.gpu.capacity == 8 * GIB


def test_openchat_partly_on_a_4_gib_gpu(openchat: GGUFInfo) -> None:
    plan = plan_on(openchat, "nvidia:4GiB")
    assert 0 < plan.n_gpu_layers < plan.n_layers
    assert plan.gpu.total <= 4 * GIB
    assert f"{plan.n_gpu_layers}/33 layers on the GPU" in plan.reason
    assert f"the other {33 - plan.n_gpu_layers} layers run on the CPU" in plan.reason
    assert plan.gpu.weights + plan.cpu.weights == openchat.weights_bytes
    assert plan.gpu.kv_cache + plan.cpu.kv_cache == 512 * MIB
    assert plan_on(openchat, "nvidia:4GiB") == plan  # deterministic
    bigger = plan_on(openchat, "nvidia:6GiB")
    assert bigger.n_gpu_layers > plan.n_gpu_layers


def test_openchat_on_a_24_gib_gpu(openchat: GGUFInfo) -> None:
    plan = plan_on(openchat, "nvidia:24GiB")
    assert plan.all_on_gpu
    assert plan.gpu.margin == int(24 * GIB * 0.05)


def test_openchat_without_a_gpu(openchat: GGUFInfo) -> None:
    plan = plan_offload(openchat, 4096, [], RAM, no_gpu_reason="this build is CPU-only")
    assert (plan.n_gpu_layers, plan.devices) == (0, [])
    assert plan.reason.startswith("Runs on the CPU (0/33 layers on a GPU): this build is CPU-only")
    assert plan.gpu.total == 0
    assert plan.cpu.weights == openchat.weights_bytes
    assert plan.cpu.kv_cache == 512 * MIB
    # The feed-forward activations (4 x 14336 floats a token) outweigh 32000 logits.
    assert plan.cpu.compute >= 512 * 4 * 4 * 14336
    assert plan.cpu.margin == CPU_MARGIN and plan.fits


def test_openchat_on_apple_unified_memory(openchat: GGUFInfo) -> None:
    plan = plan_on(openchat, "apple:16GiB")
    assert plan.all_on_gpu
    assert plan.gpu.capacity == 12 * GIB
    small_mac = plan_offload(
        openchat, 4096, parse_fake_devices("apple:4GiB"), MemoryInfo(4 * GIB, 3 * GIB)
    )
    assert small_mac.n_gpu_layers < small_mac.n_layers
    assert not small_mac.fits
    assert "will not fit in memory" in small_mac.warnings[0]
    assert "unified memory" in small_mac.warnings[0]


def test_too_small_for_even_the_output_layer(openchat: GGUFInfo) -> None:
    plan = plan_on(openchat, "nvidia:600MiB")
    assert plan.n_gpu_layers == 0
    assert plan.reason.startswith("0/33 layers on the GPU: even the output layer alone")
    assert plan.gpu.total == 0


def test_model_bigger_than_ram(openchat: GGUFInfo) -> None:
    plan = plan_offload(openchat, 4096, [], MemoryInfo(total=4 * GIB, available=3 * GIB))
    assert not plan.fits
    assert plan.warnings[0].startswith("OpenChat 3.5 will not fit in memory: it needs 4.7 GiB")
    tight = plan_offload(openchat, 4096, [], MemoryInfo(total=8 * GIB, available=4 * GIB))
    assert not tight.fits
    assert "only 4.0 GiB is available" in tight.warnings[0]
    offloaded = plan_offload(
        openchat, 4096, parse_fake_devices("nvidia:8GiB"), MemoryInfo(8 * GIB, 2 * GIB)
    )
    assert offloaded.fits  # with the layers on the GPU, the CPU's share is small


def test_llama_13b(llama13b: GGUFInfo) -> None:
    # 40 layers x 4096 cells x 5120 x (K + V) x 2 bytes = 3.2 GiB of KV cache.
    on_24 = plan_on(llama13b, "nvidia:24GiB")
    assert (on_24.n_gpu_layers, on_24.n_layers) == (41, 41)
    assert on_24.gpu.kv_cache == 40 * 4096 * 5120 * 2 * 2
    on_8 = plan_on(llama13b, "nvidia:8GiB")
    assert 0 < on_8.n_gpu_layers < 41
    assert on_8.gpu.total <= 8 * GIB
    shorter = plan_on(llama13b, "nvidia:8GiB", n_ctx=1024)
    assert shorter.n_gpu_layers > on_8.n_gpu_layers
    smaller_cache = plan_on(llama13b, "nvidia:8GiB", kv_type="q8_0")
    assert smaller_cache.gpu.kv_cache < on_8.gpu.kv_cache
    assert smaller_cache.n_gpu_layers > on_8.n_gpu_layers
    assert plan_on(llama13b, "none").n_gpu_layers == 0


def test_context_and_cache_options(openchat: GGUFInfo) -> None:
    assert plan_on(openchat, "none", n_ctx=100000).n_ctx == 8192  # the trained length
    assert plan_on(openchat, "none", n_ctx=0).n_ctx == 8192
    assert plan_on(openchat, "none", n_ctx=1000).n_ctx == 1024  # padded like ChatEngine
    q8 = plan_on(openchat, "nvidia:8GiB", kv_type="q8_0")
    assert q8.gpu.kv_cache == 512 * MIB * 34 // 64
    no_fa = plan_on(openchat, "nvidia:8GiB", flash_attn=False)
    # Without flash attention the 32 heads' scores for 512 x 4096 positions are stored.
    assert no_fa.gpu.compute >= 512 * 4096 * 32 * 4
    assert no_fa.gpu.compute > plan_on(openchat, "nvidia:8GiB").gpu.compute
    with pytest.raises(ValueError, match="unknown KV cache type 'q3'"):
        plan_on(openchat, "none", kv_type="q3")


def test_two_gpus_share_the_layers(llama13b: GGUFInfo) -> None:
    plan = plan_on(llama13b, "nvidia:6GiB,nvidia:6GiB")
    assert plan.all_on_gpu
    assert plan.devices == ["Fake NVIDIA GPU (CUDA0)", "Fake NVIDIA GPU (CUDA1)"]
    assert plan.gpu.capacity == 12 * GIB


def test_plan_as_json(openchat: GGUFInfo) -> None:
    data = json.loads(json.dumps(plan_on(openchat, "nvidia:8GiB").to_dict()))
    assert data["n_gpu_layers"] == data["n_layers"] == 33
    assert set(data["gpu"]) == {
        "weights_bytes",
        "kv_cache_bytes",
        "compute_bytes",
        "margin_bytes",
        "needed_bytes",
        "total_bytes",
        "capacity_bytes",
    }
    assert data["gpu"]["total_bytes"] == sum(
        data["gpu"][k] for k in ("weights_bytes", "kv_cache_bytes", "compute_bytes", "margin_bytes")
    )
    assert data["summary"][0] == data["reason"]


def test_the_test_model_on_the_cpu(test_model_path: Path) -> None:
    gguf = inspect_gguf(test_model_path)
    plan = plan_offload(gguf, 4096, [], RAM, no_gpu_reason="this build of llama.cpp is CPU-only")
    assert (plan.n_gpu_layers, plan.n_layers, plan.n_blocks) == (0, 19, 18)
    shape = model_shape(gguf)
    assert shape.output_tied and shape.n_vocab == 262144
    # Gemma 3: 5 sliding-window layers, then a global one.
    assert [i for i, swa in enumerate(shape.swa_layers) if not swa] == [5, 11, 17]
    assert plan.cpu.weights == gguf.weights_bytes
    assert plan.cpu.kv_cache == 18 * 4096 * 512 * 2  # one KV head of 256, K and V
    # Without the full-size sliding-window cache, 15 layers keep 1024 cells.
    swa = plan_offload(gguf, 4096, [], RAM, swa_full=False)
    assert swa.cpu.kv_cache == (3 * 4096 + 15 * 1024) * 512 * 2


def test_the_test_model_on_a_gpu_keeps_the_input_embedding_on_the_cpu(
    test_model_path: Path,
) -> None:
    gguf = inspect_gguf(test_model_path)
    plan = plan_on(gguf, "nvidia:8GiB")
    assert plan.all_on_gpu
    shape = model_shape(gguf)
    # The tied output layer is a GPU copy of the token embedding.
    assert plan.cpu.weights == shape.input_bytes
    assert plan.gpu.weights == gguf.weights_bytes  # blocks + the copy + the output norm


def test_plan_for_hardware_adds_the_notices(openchat: GGUFInfo) -> None:
    (unused,) = parse_fake_devices("nvidia:8GiB")
    hardware = HardwareInfo(
        backends=["CPU"],
        devices=[],
        ram=RAM,
        physical_cores=4,
        logical_cpus=8,
        gpu_offload=False,
        machine_gpus=[unused],
        notices=["This machine has an NVIDIA GPU, but this build of llama.cpp is CPU-only: ..."],
    )
    plan = plan_for_hardware(openchat, 4096, hardware)
    assert plan.n_gpu_layers == 0
    assert "CPU-only, so the NVIDIA GPU goes unused" in plan.reason
    assert plan.warnings == hardware.notices


# --- loading with a fallback ---------------------------------------------------------


class FakeLoader:
    """Loads when at most ``fits`` layers are on the GPU; else fails like llama.cpp."""

    def __init__(self, fits: int, native_error: bool = False) -> None:
        self.fits = fits
        self.native_error = native_error
        self.calls: list[int] = []

    def __call__(self, n_gpu_layers: int) -> str:
        self.calls.append(n_gpu_layers)
        if n_gpu_layers <= self.fits:
            return f"model with {n_gpu_layers} GPU layers"
        if self.native_error:
            # What llama.cpp logs and llama-cpp-python raises when CUDA runs out.
            llama_runtime._on_native_log(
                4,
                b"ggml_backend_cuda_buffer_type_alloc_buffer: allocating 4000.00 MiB on "
                b"device 0: cudaMalloc failed: out of memory\n",
                None,
            )
            raise ValueError("Failed to load model from file: model.gguf")
        raise RuntimeError("Not enough memory to load model.gguf: choose a smaller model")


@pytest.fixture
def full_plan(openchat: GGUFInfo) -> OffloadPlan:
    return plan_on(openchat, "nvidia:8GiB")


def test_fallback_steps() -> None:
    assert fallback_steps(33) == [33, 16, 8, 0]
    assert fallback_steps(2) == [2, 1, 0]
    assert fallback_steps(0) == [0]


def test_load_that_fits_needs_no_fallback(full_plan: OffloadPlan) -> None:
    loader = FakeLoader(fits=33)
    value, used, notice = load_with_fallback(loader, full_plan)
    assert (value, used, notice) == ("model with 33 GPU layers", 33, None)
    assert loader.calls == [33]


def test_load_falls_back_to_fewer_layers(full_plan: OffloadPlan) -> None:
    loader = FakeLoader(fits=10, native_error=True)
    result = load_with_fallback(loader, full_plan)
    assert loader.calls == [33, 16, 8]
    assert result.n_gpu_layers == 8
    assert result.notice == (
        "Loading OpenChat 3.5 with 33/33 layers on the GPU ran out of memory; it was loaded "
        "with 8/33 layers on the GPU instead, which is slower."
    )


def test_load_falls_back_to_the_cpu(full_plan: OffloadPlan) -> None:
    loader = FakeLoader(fits=0)
    result = load_with_fallback(loader, full_plan)
    assert loader.calls == [33, 16, 8, 0]
    assert result.n_gpu_layers == 0
    assert result.notice is not None and "loaded on the CPU instead" in result.notice


def test_load_failing_everywhere_raises_the_last_error(full_plan: OffloadPlan) -> None:
    loader = FakeLoader(fits=-1)
    with pytest.raises(RuntimeError, match="Not enough memory"):
        load_with_fallback(loader, full_plan)
    assert loader.calls == [33, 16, 8, 0]


def test_other_load_failures_are_not_retried(full_plan: OffloadPlan) -> None:
    calls: list[int] = []

    def broken(n_gpu_layers: int) -> None:
        calls.append(n_gpu_layers)
        raise ValueError("Failed to load model from file: unknown model architecture: 'x'")

    with pytest.raises(ValueError, match="unknown model architecture"):
        load_with_fallback(broken, full_plan)
    assert calls == [33]


def test_memory_error_recognition() -> None:
    assert is_memory_error(MemoryError())
    assert is_memory_error(ValueError("Failed to create llama_context"), ["failed to allocate"])
    assert not is_memory_error(ValueError("Failed to load model from file: x.gguf"), ["done"])
    try:
        try:
            raise ValueError("cudaMalloc failed: out of memory")
        except ValueError as inner:
            raise RuntimeError("could not load") from inner
    except RuntimeError as outer:
        assert is_memory_error(outer)


# --- chatapp info ----------------------------------------------------------------------


def run_info(data_dir: Path, *args: str, fake_gpu: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != FAKE_GPU_ENV}
    if fake_gpu is not None:
        env[FAKE_GPU_ENV] = fake_gpu
    return subprocess.run(
        [sys.executable, "-m", "chatapp", "--data-dir", str(data_dir), "info", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        check=False,
    )


def test_info_plans_openchat_on_a_fake_8_gib_gpu(openchat: GGUFInfo, tmp_path: Path) -> None:
    done = run_info(
        tmp_path,
        "--model",
        str(openchat.path),
        "--ctx",
        "4096",
        "--json",
        fake_gpu="nvidia:8GiB",
    )
    assert done.returncode == 0, done.stderr
    plan = json.loads(done.stdout)["plan"]
    assert plan["n_gpu_layers"] == plan["n_layers"] == 33
    assert plan["n_blocks"] == 32 and plan["all_on_gpu"]
    assert plan["n_ctx"] == 4096
    assert plan["reason"].startswith("33/33 layers on the GPU")
    assert plan["gpu"]["capacity_bytes"] == 8 * GIB
    assert plan["gpu"]["kv_cache_bytes"] == 512 * MIB
    assert plan["gpu"]["weights_bytes"] > 4 * 10**9
    assert plan["gpu"]["total_bytes"] <= 8 * GIB


def test_info_text_explains_a_cpu_plan(openchat: GGUFInfo, tmp_path: Path) -> None:
    done = run_info(tmp_path, "--model", str(openchat.path), fake_gpu="none")
    assert done.returncode == 0, done.stderr
    assert "plan:\n  Runs on the CPU (0/33 layers on a GPU): no GPU is given in" in done.stdout
    assert "  CPU: weights 4.07 GiB + KV cache 0.50 GiB" in done.stdout


def test_info_explains_the_test_model_on_this_machine(
    test_model_path: Path, tmp_path: Path
) -> None:
    done = run_info(tmp_path, "--model", str(test_model_path), fake_gpu=None)
    assert done.returncode == 0, done.stderr
    if "GPU offload: yes" in done.stdout:
        pytest.skip("this llama.cpp build can use a GPU")
    assert (
        "plan:\n  Runs on the CPU (0/19 layers on a GPU): this build of llama.cpp is CPU-only"
        in (done.stdout)
    )
    assert "loads with n_gpu_layers=0 (19 layers: 18 blocks and the output layer)" in done.stdout


def test_info_rejects_a_bad_fake_gpu(openchat: GGUFInfo, tmp_path: Path) -> None:
    done = run_info(tmp_path, "--model", str(openchat.path), fake_gpu="tpu:1GiB")
    assert done.returncode == 2
    assert "unknown GPU kind 'tpu'" in done.stderr
