"""The numbers of a GGUF model that decide how much memory it takes, read from its
header and tensor index (see :mod:`chatapp.core.gpu_plan` for how they are used)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chatapp.core.gguf_info import GGUFInfo, TensorInfo, read_gguf_header

# Sliding-window layer patterns llama.cpp hard-codes: every n-th layer is global.
_SWA_PERIODS = {"gemma2": 2, "gemma3": 6, "gemma3n": 5, "cohere2": 4, "gpt-oss": 2}


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


def model_shape(gguf: GGUFInfo) -> ModelShape:
    """Read the tensor index of ``gguf`` (the header only) into a ModelShape."""
    _, tensors = read_gguf_header(gguf.path)
    return shape_from_tensors(gguf, tensors, gguf.metadata)


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
    counted = input_bytes + (output.n_bytes if output is not None else 0) + norms
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
