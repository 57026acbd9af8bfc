"""Small GGUF files written with the gguf package, for tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from gguf import GGUFWriter


def write_gguf(
    path: Path,
    arch: str = "llama",
    n_layers: int = 2,
    chat_template: str | None = None,
    tokens: list[str] | None = None,
    extra_bytes: int = 0,
) -> Path:
    """A tiny but well-formed GGUF: metadata, a vocabulary and a few f32 tensors."""
    writer = GGUFWriter(str(path), arch)
    writer.add_name("Tiny Test")
    writer.add_block_count(n_layers)
    writer.add_context_length(256)
    writer.add_embedding_length(8)
    writer.add_head_count(2)
    writer.add_head_count_kv(1)
    writer.add_file_type(0)
    vocab = tokens or ["<unk>", "<s>", "</s>", "hello", "world"]
    writer.add_token_list(vocab)
    writer.add_token_scores([0.0] * len(vocab))
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    if chat_template is not None:
        writer.add_chat_template(chat_template)
    writer.add_tensor("token_embd.weight", np.ones((len(vocab), 8), dtype=np.float32))
    for layer in range(n_layers):
        writer.add_tensor(f"blk.{layer}.attn_q.weight", np.ones((8, 8), dtype=np.float32))
        writer.add_tensor(f"blk.{layer}.ffn_up.weight", np.ones((16, 8), dtype=np.float32))
    writer.add_tensor("output_norm.weight", np.ones(8, dtype=np.float32))
    if extra_bytes:
        filler = np.arange(extra_bytes // 4, dtype=np.float32)
        writer.add_tensor(
            "output.weight", filler.reshape(-1, 8) if filler.size % 8 == 0 else filler
        )
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def replace_header_bytes(path: Path, old: bytes, new: bytes) -> Path:
    """Overwrite ``old`` (a key or text in the header) with ``new`` of the same length:
    the way to write what GGUFWriter refuses to, such as a key that is not UTF-8."""
    assert len(old) == len(new)
    data = path.read_bytes()
    assert data.count(old) == 1, f"{old!r} is not once in {path.name}"
    path.write_bytes(data.replace(old, new))
    return path
