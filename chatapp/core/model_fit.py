"""Whether a model fits this computer: a rough memory need from its file size, the
memory it would run in (the largest GPU's, else RAM), and the fits / tight / too big
words the catalog rows and the hub search both show."""

from __future__ import annotations

from dataclasses import dataclass

from chatapp.core.catalog import fit_hint
from chatapp.core.hardware import HardwareInfo
from chatapp.core.sizes import describe_size

MIB = 1024**2
# Beyond the weights: the KV cache at a few thousand tokens, compute buffers and
# llama.cpp itself. Checked against the catalog's measured needs (within ~20%).
RUN_OVERHEAD_SHARE = 0.2
RUN_OVERHEAD_BYTES = 512 * MIB
_PHRASES = {"fits": "fits your", "tight": "tight for your", "too big": "too big for your"}


@dataclass(frozen=True)
class FitMemory:
    """The memory a model would run in: its size in bytes and what it is, in words."""

    size: int
    where: str  # "RAM" or "GPU memory"


def estimated_memory_bytes(file_bytes: int) -> int:
    """About how much memory a GGUF of ``file_bytes`` needs to chat with."""
    return int(file_bytes * (1 + RUN_OVERHEAD_SHARE)) + RUN_OVERHEAD_BYTES


def fit_memory(hardware: HardwareInfo) -> FitMemory:
    """The largest GPU llama.cpp can offload to, else the computer's RAM."""
    gpus = [d for d in hardware.gpu_devices if d.memory_total > 0]
    if gpus:
        return FitMemory(max(d.memory_total for d in gpus), "GPU memory")
    return FitMemory(hardware.ram.total, "RAM")


def fit_phrase(needed_bytes: int, memory: FitMemory) -> str:
    """e.g. ``"fits your 16.0 GiB RAM"`` or ``"too big for your 8.0 GiB GPU memory"``."""
    hint = fit_hint(needed_bytes, memory.size)
    return f"{_PHRASES[hint]} {describe_size(memory.size)} {memory.where}"
