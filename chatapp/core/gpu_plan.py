"""How many layers go to the GPU: a memory plan made from the GGUF and the devices.

llama.cpp's own automatic fit (``llama_params_fit``) is not in the API that
llama-cpp-python binds, so ChatApp plans itself and says why.

Layers are counted as llama.cpp counts them for ``n_gpu_layers``: the model's
repeating blocks plus one for the output layer, so a 32-block Mistral 7B has 33.
llama.cpp offloads the output layer first, then the blocks from the last one down:
``n_gpu_layers = k`` puts the output and the last ``k - 1`` blocks on the GPU, and
``k = n_layers`` (or -1) puts everything there. The input embedding always stays on
the CPU.

The estimates follow what llama.cpp allocates (checked against its load log for the
test model, see tests/integration/test_plan_vs_llama.py):

- weights: the tensor bytes of each block, the output layer (a GPU copy of the token
  embedding when the output is tied to it), and the rest on the CPU;
- KV cache: ``n_ctx`` cells x (K + V width) x the cache type's bytes, per layer (with
  llama.cpp's default full-size cache for sliding-window layers);
- compute buffer: the peak of the graph for one micro-batch of ``n_ubatch`` tokens,
  the largest of the logits (``n_ubatch x (n_vocab + 2 n_embd)`` floats), the
  feed-forward activations (``n_ubatch x (4 n_ff + n_embd)``) and the attention
  (the mask, plus ``n_ubatch x n_ctx x n_head`` scores without flash attention).
"""

from __future__ import annotations

import logging
import mmap
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from chatapp.core.gguf_constants import GGML_QUANT_SIZES, GGMLQuantizationType
from chatapp.core.gguf_info import GGUFInfo, TensorInfo, _HeaderParser
from chatapp.core.hardware import Device, HardwareInfo, MemoryInfo, describe_gib

log = logging.getLogger(__name__)

T = TypeVar("T")
MIB = 1024**2
CONTEXT_PADDING = 256  # llama.cpp pads n_ctx to this; ChatEngine asks for padded sizes
DEFAULT_N_BATCH = 512
GPU_MARGIN_MIN = 512 * MIB
GPU_MARGIN_SHARE = 0.05
CPU_MARGIN = 512 * MIB  # ChatApp itself and some headroom
# Sliding-window layer patterns llama.cpp hard-codes: every n-th layer is global.
_SWA_PERIODS = {"gemma2": 2, "gemma3": 6, "gemma3n": 5, "cohere2": 4, "gpt-oss": 2}
_KV_TYPES = {
    "f32": GGMLQuantizationType.F32,
    "f16": GGMLQuantizationType.F16,
    "bf16": GGMLQuantizationType.BF16,
    "q8_0": GGMLQuantizationType.Q8_0,
    "q5_1": GGMLQuantizationType.Q5_1,
    "q5_0": GGMLQuantizationType.Q5_0,
    "q4_1": GGMLQuantizationType.Q4_1,
    "q4_0": GGMLQuantizationType.Q4_0,
    "iq4_nl": GGMLQuantizationType.IQ4_NL,
}
KV_TYPES = tuple(_KV_TYPES)


@dataclass(frozen=True)
class ModelShape:
    """The numbers of a GGUF model that decide how much memory it takes."""

    name: str
    architecture: str
    n_blocks: int
    block_bytes: list[int]
    input_bytes: int
    output_bytes: int
    other_bytes: int
    output_tied: bool
    n_embd: int
    n_vocab: int
    n_ff: int
    n_head: int
    n_head_kv: int
    key_length: int
    value_length: int
    n_ctx_train: int
    sliding_window: int
    swa_layers: list[bool]

    @property
    def n_layers(self) -> int:
        """llama.cpp's layer count for n_gpu_layers: the blocks and the output layer."""
        return self.n_blocks + 1

    @property
    def weights_bytes(self) -> int:
        """All weights as loaded on one device (a tied output is not a second copy)."""
        output = 0 if self.output_tied else self.output_bytes
        return sum(self.block_bytes) + self.input_bytes + output + self.other_bytes


@dataclass(frozen=True)
class MemoryBreakdown:
    """Bytes needed on one side (the GPUs, or the CPU's RAM), and what it has."""

    weights: int = 0
    kv_cache: int = 0
    compute: int = 0
    margin: int = 0
    capacity: int = 0

    @property
    def needed(self) -> int:
        """Weights, KV cache and compute buffers."""
        return self.weights + self.kv_cache + self.compute

    @property
    def total(self) -> int:
        """What is needed plus the margin kept free."""
        return self.needed + self.margin

    def to_dict(self) -> dict[str, int]:
        return {
            "weights_bytes": self.weights,
            "kv_cache_bytes": self.kv_cache,
            "compute_bytes": self.compute,
            "margin_bytes": self.margin,
            "needed_bytes": self.needed,
            "total_bytes": self.total,
            "capacity_bytes": self.capacity,
        }


@dataclass(frozen=True)
class OffloadPlan:
    """Where the model's layers go, what that costs on each side, and why."""

    model_name: str
    n_gpu_layers: int
    n_layers: int
    n_blocks: int
    n_ctx: int
    n_ubatch: int
    kv_type: str
    flash_attn: bool
    gpu: MemoryBreakdown
    cpu: MemoryBreakdown
    devices: list[str]
    fits: bool
    reason: str
    warnings: list[str] = field(default_factory=list)

    @property
    def all_on_gpu(self) -> bool:
        return self.n_layers > 0 and self.n_gpu_layers >= self.n_layers

    @property
    def on_cpu_only(self) -> bool:
        return self.n_gpu_layers == 0

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON; sizes in bytes."""
        return {
            "n_gpu_layers": self.n_gpu_layers,
            "n_layers": self.n_layers,
            "n_blocks": self.n_blocks,
            "all_on_gpu": self.all_on_gpu,
            "reason": self.reason,
            "fits": self.fits,
            "warnings": list(self.warnings),
            "n_ctx": self.n_ctx,
            "n_ubatch": self.n_ubatch,
            "kv_type": self.kv_type,
            "flash_attn": self.flash_attn,
            "devices": list(self.devices),
            "gpu": self.gpu.to_dict(),
            "cpu": self.cpu.to_dict(),
            "summary": self.describe(),
        }

    def describe(self) -> list[str]:
        """The plan as lines of text for a terminal or a dialog."""
        lines = [self.reason]
        for title, side in (("GPU", self.gpu), ("CPU", self.cpu)):
            if side is self.gpu and not self.devices:
                continue
            where = "free" if side is self.gpu else "available"
            lines.append(
                f"{title}: weights {_gib(side.weights)} + KV cache {_gib(side.kv_cache)} + "
                f"compute {_gib(side.compute)} + margin {_gib(side.margin)} = "
                f"{_gib(side.total)} of {_gib(side.capacity)} {where}"
            )
        lines.append(
            f"context {self.n_ctx} tokens, KV cache {self.kv_type}, flash attention "
            f"{'on' if self.flash_attn else 'off'}, batch {self.n_ubatch}; "
            f"loads with n_gpu_layers={self.n_gpu_layers} "
            f"({self.n_layers} layers: {self.n_blocks} blocks and the output layer)"
        )
        return lines + [f"warning: {w}" for w in self.warnings]


def _gib(n_bytes: int) -> str:
    return f"{n_bytes / 1024**3:.2f} GiB"


class _TensorIndex(_HeaderParser):
    """gguf_info's header walk, keeping the tensor index and raw metadata."""

    tensors: list[TensorInfo]
    meta: dict[str, Any]

    def _info(
        self, version: int, meta: dict[str, Any], tensors: list[TensorInfo], data_offset: int
    ) -> GGUFInfo:
        self.tensors = tensors
        self.meta = meta
        return super()._info(version, meta, tensors, data_offset)


def model_shape(gguf: GGUFInfo) -> ModelShape:
    """Read the tensor index of ``gguf`` (the header only) into a ModelShape."""
    path = Path(gguf.path)
    size = path.stat().st_size
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        parser = _TensorIndex(path, data, size)
        parser.parse()
    return shape_from_tensors(gguf, parser.tensors, parser.meta)


def shape_from_tensors(
    gguf: GGUFInfo, tensors: list[TensorInfo], meta: dict[str, Any]
) -> ModelShape:
    """A ModelShape from the header facts and the tensor index."""
    by_name = {t.name: t for t in tensors}
    arch = gguf.architecture
    embd = by_name.get("token_embd.weight")
    output = by_name.get("output.weight")
    norms = sum(t.n_bytes for n, t in by_name.items() if n.startswith("output_norm."))
    input_bytes = embd.n_bytes if embd else 0
    output_tied = output is None
    output_bytes = (output.n_bytes if output else input_bytes) + norms
    counted = input_bytes + (0 if output_tied else output.n_bytes) + norms
    n_embd = gguf.embedding_length or (embd.shape[0] if embd else 0)
    n_vocab = embd.shape[1] if embd and len(embd.shape) > 1 else 0
    if output is not None and len(output.shape) > 1:
        n_vocab = output.shape[1]
    n_ff = _feed_forward(meta, arch, by_name, n_embd)
    period = _SWA_PERIODS.get(arch, 0)
    swa = [
        bool(gguf.sliding_window and period and (i + 1) % period != 0) for i in range(gguf.n_layers)
    ]
    return ModelShape(
        name=gguf.name,
        architecture=arch,
        n_blocks=gguf.n_layers,
        block_bytes=list(gguf.layer_bytes),
        input_bytes=input_bytes,
        output_bytes=output_bytes,
        other_bytes=max(gguf.non_layer_bytes - counted, 0),
        output_tied=output_tied,
        n_embd=n_embd,
        n_vocab=n_vocab,
        n_ff=n_ff,
        n_head=gguf.head_count,
        n_head_kv=gguf.head_count_kv,
        key_length=gguf.key_length,
        value_length=gguf.value_length,
        n_ctx_train=gguf.context_length,
        sliding_window=gguf.sliding_window,
        swa_layers=swa,
    )


def _feed_forward(
    meta: dict[str, Any], arch: str, tensors: dict[str, TensorInfo], n_embd: int
) -> int:
    experts = meta.get(f"{arch}.expert_feed_forward_length")
    used = meta.get(f"{arch}.expert_used_count")
    if isinstance(experts, int) and isinstance(used, int) and used > 0:
        return experts * used
    value = meta.get(f"{arch}.feed_forward_length")
    if isinstance(value, int) and value > 0:
        return value
    up = tensors.get("blk.0.ffn_up.weight")
    if up is not None and len(up.shape) > 1:
        return up.shape[1]
    return 4 * n_embd


def engine_context(n_ctx: int, n_ctx_train: int) -> int:
    """The context ChatEngine asks llama.cpp for: ``n_ctx`` (0 = the trained length),
    at most the trained length, padded up to a multiple of 256."""
    size = n_ctx if n_ctx > 0 else n_ctx_train
    if n_ctx_train:
        size = min(size, n_ctx_train)
    return -(-max(size, 1) // CONTEXT_PADDING) * CONTEXT_PADDING


def kv_bytes_per_element(kv_type: str) -> float:
    """Bytes per cached value for a KV cache type such as ``"f16"`` or ``"q8_0"``."""
    try:
        block, size = GGML_QUANT_SIZES[_KV_TYPES[kv_type.lower()]]
    except KeyError:
        raise ValueError(
            f"unknown KV cache type {kv_type!r} (use one of {', '.join(KV_TYPES)})"
        ) from None
    return size / block


class _Estimator:
    """Per-layer and per-device byte counts for one model and context."""

    def __init__(
        self,
        shape: ModelShape,
        n_ctx: int,
        n_ubatch: int,
        kv_type: str,
        flash_attn: bool,
        swa_full: bool,
    ) -> None:
        self.shape = shape
        self.n_ubatch = n_ubatch
        per_cell = (shape.key_length + shape.value_length) * shape.n_head_kv
        per_value = kv_bytes_per_element(kv_type)
        n_swa = shape.sliding_window
        swa_cells = min(n_ctx, _pad(n_swa + n_ubatch)) if n_swa else n_ctx
        self.kv = [
            int((n_ctx if swa_full or not is_swa else swa_cells) * per_cell * per_value)
            for is_swa in shape.swa_layers
        ]
        u, f32 = n_ubatch, 4
        q_dim = shape.n_head * shape.key_length
        kv_dim = shape.n_head_kv * (shape.key_length + shape.value_length)
        masks = 2 if any(shape.swa_layers) else 1
        mask = u * n_ctx * (2 if flash_attn else f32) * masks
        scores = 0 if flash_attn else u * n_ctx * shape.n_head * f32
        attention = mask + scores + u * f32 * (2 * shape.n_embd + 2 * q_dim + kv_dim)
        feed_forward = mask + u * f32 * (4 * shape.n_ff + shape.n_embd)
        self.logits_phase = u * f32 * (shape.n_vocab + 2 * shape.n_embd)
        self.layer_phase = max(attention, feed_forward)
        self.input_phase = u * f32 * 2 * shape.n_embd
        self.output_buffer = shape.n_vocab * f32  # host copy of one token's logits

    def gpu_blocks(self, k: int) -> range:
        n = self.shape.n_blocks
        return range(max(n - max(k - 1, 0), 0), n) if k > 0 else range(0)

    def gpu(self, k: int, n_devices: int) -> tuple[int, int, int]:
        if k <= 0:
            return 0, 0, 0
        blocks = self.gpu_blocks(k)
        weights = self.shape.output_bytes + sum(self.shape.block_bytes[i] for i in blocks)
        kv = sum(self.kv[i] for i in blocks)
        compute = max(self.logits_phase, self.layer_phase if len(blocks) else 0)
        compute += (n_devices - 1) * self.layer_phase
        return weights, kv, compute

    def cpu(self, k: int) -> tuple[int, int, int]:
        on_gpu = set(self.gpu_blocks(k))
        cpu_blocks = [i for i in range(self.shape.n_blocks) if i not in on_gpu]
        weights = self.shape.input_bytes + self.shape.other_bytes
        weights += sum(self.shape.block_bytes[i] for i in cpu_blocks)
        if k <= 0 and not self.shape.output_tied:
            weights += self.shape.output_bytes
        elif k <= 0:  # the output reuses the input embedding: only its norm is extra
            weights += self.shape.output_bytes - self.shape.input_bytes
        kv = sum(self.kv[i] for i in cpu_blocks)
        phases = [self.input_phase]
        if cpu_blocks:
            phases.append(self.layer_phase)
        if k <= 0:
            phases.append(self.logits_phase)
        return weights, kv, max(phases) + self.output_buffer


def _pad(n: int) -> int:
    return -(-n // CONTEXT_PADDING) * CONTEXT_PADDING


def gpu_margin(device: Device) -> int:
    """Memory kept free on a GPU: the larger of 512 MiB and 5% of it (drivers, other
    programs, and estimates that are a little short)."""
    return max(GPU_MARGIN_MIN, int(device.memory_usable * GPU_MARGIN_SHARE))


def plan_offload(
    gguf: GGUFInfo | ModelShape,
    n_ctx: int,
    devices: Sequence[Device],
    ram: MemoryInfo,
    kv_type: str = "f16",
    flash_attn: bool = True,
    *,
    swa_full: bool = True,
    n_batch: int = DEFAULT_N_BATCH,
    no_gpu_reason: str | None = None,
) -> OffloadPlan:
    """Choose n_gpu_layers for ``gguf`` at context ``n_ctx`` (0 = the trained length,
    rounded as ChatEngine rounds it) on ``devices`` (GPUs; other kinds are ignored).

    All layers when they fit with the margin; else the most that fit; else 0. The
    plan's ``fits`` is False, with a warning, when the CPU's share does not fit in the
    available RAM either."""
    shape = gguf if isinstance(gguf, ModelShape) else model_shape(gguf)
    context = engine_context(n_ctx, shape.n_ctx_train)
    n_ubatch = min(n_batch, DEFAULT_N_BATCH, context)
    estimator = _Estimator(shape, context, n_ubatch, kv_type, flash_attn, swa_full)
    gpus = [d for d in devices if d.kind in ("gpu", "igpu")]
    capacity = sum(d.memory_usable for d in gpus)
    margin = sum(gpu_margin(d) for d in gpus)
    n_layers = shape.n_layers
    chosen = 0
    if gpus:
        for k in range(n_layers, 0, -1):
            if sum(estimator.gpu(k, len(gpus))) + margin <= capacity:
                chosen = k
                break
    gpu_side = MemoryBreakdown(
        *estimator.gpu(chosen, len(gpus)), margin=margin if chosen else 0, capacity=capacity
    )
    cpu_side = MemoryBreakdown(*estimator.cpu(chosen), margin=CPU_MARGIN, capacity=ram.available)
    warnings = _ram_warnings(shape, cpu_side, gpu_side, ram, gpus)
    reason = _reason(shape, chosen, estimator, gpus, gpu_side, cpu_side, no_gpu_reason)
    return OffloadPlan(
        model_name=shape.name,
        n_gpu_layers=chosen,
        n_layers=n_layers,
        n_blocks=shape.n_blocks,
        n_ctx=context,
        n_ubatch=n_ubatch,
        kv_type=kv_type.lower(),
        flash_attn=flash_attn,
        gpu=gpu_side,
        cpu=cpu_side,
        devices=[d.label for d in gpus],
        fits=not warnings,
        reason=reason,
        warnings=warnings,
    )


def plan_for_hardware(
    gguf: GGUFInfo | ModelShape,
    n_ctx: int,
    hardware: HardwareInfo,
    kv_type: str = "f16",
    flash_attn: bool = True,
) -> OffloadPlan:
    """:func:`plan_offload` on what :func:`~chatapp.core.hardware.detect_hardware` found,
    with its notices (a GPU this build cannot use) among the warnings."""
    plan = plan_offload(
        gguf,
        n_ctx,
        hardware.gpu_devices,
        hardware.ram,
        kv_type,
        flash_attn,
        no_gpu_reason=hardware.no_gpu_reason,
    )
    if not hardware.notices:
        return plan
    return replace(plan, warnings=[*plan.warnings, *hardware.notices])


def _ram_warnings(
    shape: ModelShape,
    cpu: MemoryBreakdown,
    gpu: MemoryBreakdown,
    ram: MemoryInfo,
    gpus: list[Device],
) -> list[str]:
    unified = any(d.unified_memory for d in gpus)
    needed = cpu.needed + (gpu.needed if unified else 0)
    where = "unified memory" if unified else "RAM"
    if needed > ram.total:
        return [
            f"{shape.name} will not fit in memory: it needs {describe_gib(needed)} of {where} "
            f"and this machine has {describe_gib(ram.total)}. Loading will fail or be very "
            "slow: choose a smaller quantization or model, or a shorter context."
        ]
    if cpu.total > ram.available:
        return [
            f"{shape.name} needs {describe_gib(cpu.total)} of RAM but only "
            f"{describe_gib(ram.available)} is available: close other programs, or choose "
            "a smaller model or a shorter context."
        ]
    return []


def _reason(
    shape: ModelShape,
    k: int,
    estimator: _Estimator,
    gpus: list[Device],
    gpu: MemoryBreakdown,
    cpu: MemoryBreakdown,
    no_gpu_reason: str | None,
) -> str:
    n = shape.n_layers
    cpu_text = f"{describe_gib(cpu.needed)} of RAM ({describe_gib(cpu.capacity)} available)"
    if not gpus:
        why = no_gpu_reason or "no GPU was found that llama.cpp can use"
        return f"Runs on the CPU (0/{n} layers on a GPU): {why}; it needs {cpu_text}."
    names = ", ".join(d.label for d in gpus)
    size = describe_gib(gpu.capacity)
    if k >= n:
        return (
            f"{n}/{n} layers on the GPU: {describe_gib(gpu.needed)} of {size} "
            f"(weights {describe_gib(gpu.weights)}, KV cache {describe_gib(gpu.kv_cache)}, "
            f"compute {describe_gib(gpu.compute)}) on {names}, "
            f"{describe_gib(gpu.margin)} kept free."
        )
    full = sum(estimator.gpu(n, len(gpus))) + gpu.margin
    if k > 0:
        return (
            f"{k}/{n} layers on the GPU: all {n} would need {describe_gib(full)} with the "
            f"margin, more than the {size} of {names}; {describe_gib(gpu.total)} is used "
            f"there and the other {n - k} layers run on the CPU, which is slower."
        )
    least = sum(estimator.gpu(1, len(gpus))) + gpu.margin
    return (
        f"0/{n} layers on the GPU: even the output layer alone would need "
        f"{describe_gib(least)} with the margin, more than the {size} of {names}; "
        f"the model runs on the CPU and needs {cpu_text}."
    )


# --- loading with a fallback -------------------------------------------------------

MEMORY_ERROR = re.compile(
    r"out of memory|failed to allocate|unable to allocate|cudaMalloc failed|"
    r"not enough memory|ErrorOutOfDeviceMemory|insufficient memory|"
    r"failed to create .*buffer|hipMalloc failed",
    re.IGNORECASE,
)


class FallbackResult(NamedTuple):
    """What :func:`load_with_fallback` loaded, with how many GPU layers, and a notice
    for the user when that is fewer than planned (``None`` otherwise)."""

    value: Any
    n_gpu_layers: int
    notice: str | None


def is_memory_error(exc: BaseException, log_lines: Sequence[str] = ()) -> bool:
    """Whether a failed load ran out of memory.

    llama-cpp-python raises ``ValueError("Failed to load model from file: ...")`` or
    ``ValueError("Failed to create llama_context")`` whatever the cause; the cause is in
    llama.cpp's log ("failed to allocate CUDA0 buffer", "cudaMalloc failed: out of
    memory", "ErrorOutOfDeviceMemory"). ChatEngine's EngineError says "Not enough
    memory to load ..." (llama_runtime.explain_load_failure)."""
    if isinstance(exc, MemoryError):
        return True
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, MemoryError) or MEMORY_ERROR.search(str(current)):
            return True
        current = current.__cause__ or current.__context__
    return any(MEMORY_ERROR.search(line) for line in log_lines)


def fallback_steps(n_gpu_layers: int) -> list[int]:
    """GPU layer counts to try, in order: the plan's, half, a quarter, then the CPU."""
    steps = [n_gpu_layers, n_gpu_layers // 2, n_gpu_layers // 4, 0]
    return [k for i, k in enumerate(steps) if k >= 0 and k not in steps[:i]]


def load_with_fallback(load: Callable[[int], T], plan: OffloadPlan) -> FallbackResult:
    """Call ``load(n_gpu_layers)`` with the plan's layers; when it fails for lack of
    memory, retry with fewer layers on the GPU, then on the CPU alone.

    Other failures, and a memory failure on the CPU, are raised as they are."""
    from chatapp.core.llama_runtime import captured_native_log

    steps = fallback_steps(plan.n_gpu_layers)
    failed: list[int] = []
    for index, k in enumerate(steps):
        with captured_native_log() as lines:
            try:
                value = load(k)
            except Exception as exc:
                last = index == len(steps) - 1
                if last or not is_memory_error(exc, lines):
                    raise
                log.warning("loading with %d GPU layers ran out of memory: %s", k, exc)
                failed.append(k)
                continue
        return FallbackResult(value, k, _fallback_notice(plan, failed, k))
    raise AssertionError("unreachable: the last step raises")  # pragma: no cover


def _fallback_notice(plan: OffloadPlan, failed: list[int], used: int) -> str | None:
    if not failed:
        return None
    n = plan.n_layers
    tried = f"{failed[0]}/{n} layers on the GPU"
    outcome = (
        "it was loaded on the CPU instead, which is slower"
        if used == 0
        else f"it was loaded with {used}/{n} layers on the GPU instead, which is slower"
    )
    return f"Loading {plan.model_name} with {tried} ran out of memory; {outcome}."
