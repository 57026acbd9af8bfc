"""Splitting a GGUF into parts as llama.cpp's ``llama-gguf-split`` does, with the gguf
package: ``name-00001-of-0000N.gguf`` ..., the metadata in the first part, and in every
part the keys ``split.no``, ``split.count`` and ``split.tensors.count``."""

from __future__ import annotations

import math
from pathlib import Path

from gguf import GGUFReader, GGUFValueType, GGUFWriter, Keys


def split_gguf(source: Path, target: Path, parts: int) -> list[Path]:
    """Write ``source`` as ``parts`` files named after ``target`` (``x.gguf`` gives
    ``x-00001-of-0000N.gguf`` ...); returns their paths, first part first."""
    reader = GGUFReader(source)
    architecture = str(reader.fields[Keys.General.ARCHITECTURE].contents())
    per_part = math.ceil(len(reader.tensors) / parts)
    writer = GGUFWriter(target, architecture, split_max_tensors=per_part)
    for field in reader.fields.values():
        if field.name == Keys.General.ARCHITECTURE or field.name.startswith("GGUF."):
            continue
        value_type = field.types[0]
        sub_type = field.types[-1] if value_type == GGUFValueType.ARRAY else None
        writer.add_key_value(field.name, field.contents(), value_type, sub_type=sub_type)
    for tensor in reader.tensors:
        writer.add_tensor_info(
            tensor.name,
            tensor.data.shape,
            tensor.data.dtype,
            tensor.data.nbytes,
            tensor.tensor_type,
        )
    names = writer.format_shard_names(target)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    for tensor in reader.tensors:
        writer.write_tensor_data(tensor.data, tensor_endianess=reader.endianess)
    writer.close()
    assert len(names) == parts, f"{source.name} has too few tensors for {parts} parts"
    return names
