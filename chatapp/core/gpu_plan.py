"""How many layers go to the GPU: a memory plan made from the GGUF and the devices.

llama.cpp's own automatic fit (``llama_params_fit``) is not in the API that
llama-cpp-python binds, so ChatApp plans itself and says why.

Layers are counted as llama.cpp counts them for ``n_gpu_layers``: the model's
repeating blocks plus one for the output layer, so a 32-block Mistral 7B has 33.
llama.cpp offloads the output layer first, then the blocks from the last one down:
``n_gpu_layers = k`` puts the output and the last ``k - 1`` blocks on the GPU, and
``k = n_layers`` (or -1) puts everything there. The input embedding always stays on
the CPU.

The byte counts come from :mod:`chatapp.core.memory_estimate`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from chatapp.core.gguf_info import GGUFInfo
from chatapp.core.hardware import Device, HardwareInfo, MemoryInfo, describe_gib
from chatapp.core.memory_estimate import DEFAULT_N_BATCH, MemoryEstimator, engine_context
from chatapp.core.messages import QT_TRANSLATE_NOOP, Message
from chatapp.core.model_shape import ModelShape, model_shape
from chatapp.core.sizes import describe_size

MIB = 1024**2
GPU_MARGIN_MIN = 512 * MIB
GPU_MARGIN_SHARE = 0.05
CPU_MARGIN = 512 * MIB  # ChatApp itself and some headroom


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
        for template, side in ((_GPU_LINE, self.gpu), (_CPU_LINE, self.cpu)):
            if side is self.gpu and not self.devices:
                continue
            lines.append(
                Message(
                    template,
                    weights=_gib(side.weights),
                    kv_cache=_gib(side.kv_cache),
                    compute=_gib(side.compute),
                    margin=_gib(side.margin),
                    total=_gib(side.total),
                    capacity=_gib(side.capacity),
                )
            )
        lines.append(
            Message(
                _SETTINGS_FLASH if self.flash_attn else _SETTINGS_NO_FLASH,
                n_ctx=self.n_ctx,
                kv_type=self.kv_type,
                n_ubatch=self.n_ubatch,
                n_gpu_layers=self.n_gpu_layers,
                n_layers=self.n_layers,
                n_blocks=self.n_blocks,
            )
        )
        return lines + [Message(_WARNING, warning=w) for w in self.warnings]


_GPU_LINE = QT_TRANSLATE_NOOP(
    "core",
    "GPU: weights {weights} + KV cache {kv_cache} + compute {compute} + margin {margin} = "
    "{total} of {capacity} free",
)
_CPU_LINE = QT_TRANSLATE_NOOP(
    "core",
    "CPU: weights {weights} + KV cache {kv_cache} + compute {compute} + margin {margin} = "
    "{total} of {capacity} available",
)
_SETTINGS_FLASH = QT_TRANSLATE_NOOP(
    "core",
    "context {n_ctx} tokens, KV cache {kv_type}, flash attention on, batch {n_ubatch}; loads "
    "with n_gpu_layers={n_gpu_layers} ({n_layers} layers: {n_blocks} blocks and the output "
    "layer)",
)
_SETTINGS_NO_FLASH = QT_TRANSLATE_NOOP(
    "core",
    "context {n_ctx} tokens, KV cache {kv_type}, flash attention off, batch {n_ubatch}; loads "
    "with n_gpu_layers={n_gpu_layers} ({n_layers} layers: {n_blocks} blocks and the output "
    "layer)",
)
_WARNING = QT_TRANSLATE_NOOP("core", "warning: {warning}")


def _gib(n_bytes: int) -> str:
    return describe_size(n_bytes, "GiB", 2)


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
    estimator = MemoryEstimator(shape, context, n_ubatch, kv_type, flash_attn, swa_full)
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
    if needed > ram.total:
        template = (
            QT_TRANSLATE_NOOP(
                "core",
                "{name} will not fit in memory: it needs {needed} of unified memory and this "
                "machine has {total}. Loading will fail or be very slow: choose a smaller "
                "quantization or model, or a shorter context.",
            )
            if unified
            else QT_TRANSLATE_NOOP(
                "core",
                "{name} will not fit in memory: it needs {needed} of RAM and this machine has "
                "{total}. Loading will fail or be very slow: choose a smaller quantization or "
                "model, or a shorter context.",
            )
        )
        return [
            Message(
                template,
                name=shape.name,
                needed=describe_gib(needed),
                total=describe_gib(ram.total),
            )
        ]
    if cpu.total > ram.available:
        template = QT_TRANSLATE_NOOP(
            "core",
            "{name} needs {needed} of RAM but only {available} is available: close other "
            "programs, or choose a smaller model or a shorter context.",
        )
        return [
            Message(
                template,
                name=shape.name,
                needed=describe_gib(cpu.total),
                available=describe_gib(ram.available),
            )
        ]
    return []


def _reason(
    shape: ModelShape,
    k: int,
    estimator: MemoryEstimator,
    gpus: list[Device],
    gpu: MemoryBreakdown,
    cpu: MemoryBreakdown,
    no_gpu_reason: str | None,
) -> str:
    n = shape.n_layers
    ram = {"ram_needed": describe_gib(cpu.needed), "ram_available": describe_gib(cpu.capacity)}
    if not gpus:
        why = no_gpu_reason or Message(
            QT_TRANSLATE_NOOP("core", "no GPU was found that llama.cpp can use")
        )
        template = QT_TRANSLATE_NOOP(
            "core",
            "Runs on the CPU (0/{n} layers on a GPU): {why}; it needs {ram_needed} of RAM "
            "({ram_available} available).",
        )
        return Message(template, n=n, why=why, **ram)
    names = ", ".join(d.label for d in gpus)
    size = describe_gib(gpu.capacity)
    if k >= n:
        template = QT_TRANSLATE_NOOP(
            "core",
            "{n}/{n} layers on the GPU: {needed} of {size} (weights {weights}, KV cache "
            "{kv_cache}, compute {compute}) on {names}, {margin} kept free.",
        )
        return Message(
            template,
            n=n,
            needed=describe_gib(gpu.needed),
            size=size,
            weights=describe_gib(gpu.weights),
            kv_cache=describe_gib(gpu.kv_cache),
            compute=describe_gib(gpu.compute),
            names=names,
            margin=describe_gib(gpu.margin),
        )
    full = sum(estimator.gpu(n, len(gpus))) + gpu.margin
    if k > 0:
        template = QT_TRANSLATE_NOOP(
            "core",
            "{k}/{n} layers on the GPU: all {n} would need {full} with the margin, more than "
            "the {size} of {names}; {used} is used there and the other {rest} layers run on "
            "the CPU, which is slower.",
        )
        return Message(
            template,
            k=k,
            n=n,
            full=describe_gib(full),
            size=size,
            names=names,
            used=describe_gib(gpu.total),
            rest=n - k,
        )
    least = sum(estimator.gpu(1, len(gpus))) + gpu.margin
    template = QT_TRANSLATE_NOOP(
        "core",
        "0/{n} layers on the GPU: even the output layer alone would need {least} with the "
        "margin, more than the {size} of {names}; the model runs on the CPU and needs "
        "{ram_needed} of RAM ({ram_available} available).",
    )
    return Message(template, n=n, least=describe_gib(least), size=size, names=names, **ram)
