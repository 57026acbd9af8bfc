"""How many bytes a model takes at a given context, on the GPUs and on the CPU.

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

from chatapp.core.gguf_constants import GGML_QUANT_SIZES, GGMLQuantizationType
from chatapp.core.model_shape import ModelShape

CONTEXT_PADDING = 256  # llama.cpp pads n_ctx to this; ChatEngine asks for padded sizes
DEFAULT_N_BATCH = 512
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


class MemoryEstimator:
    """Per-layer and per-device byte counts for one model and context: ``gpu(k, n)`` and
    ``cpu(k)`` give (weights, KV cache, compute) with ``k`` layers on ``n`` GPUs."""

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
        swa_cells = min(n_ctx, pad_context(n_swa + n_ubatch)) if n_swa else n_ctx
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


def pad_context(n: int) -> int:
    """``n`` rounded up to llama.cpp's context padding."""
    return -(-n // CONTEXT_PADDING) * CONTEXT_PADDING
