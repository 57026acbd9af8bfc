"""Validate and inspect a GGUF file quickly, with clear errors for what it is not.

``gguf.GGUFReader`` materialises every array in the header (a 262k-token vocabulary
takes seconds), so this module walks the header and tensor index itself over an mmap,
skipping arrays it does not need, and uses the ``gguf`` package's constants and
quantization block sizes. Only the first pages of the file are touched, so a 7 GB
model is inspected as fast as a small one.
"""

from __future__ import annotations

import errno
import mmap
import os
import re
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chatapp.core import gguf_texts as texts
from chatapp.core.errors import ChatAppError
from chatapp.core.gguf_constants import (
    GGML_QUANT_SIZES,
    GGUF_DEFAULT_ALIGNMENT,
    GGUF_MAGIC,
    MODEL_ARCH_NAMES,
    GGMLQuantizationType,
    GGUFValueType,
    LlamaFileType,
)
from chatapp.core.messages import Message, message_of
from chatapp.core.sizes import describe_size as describe_size  # one formatter, re-exported

SUPPORTED_VERSIONS = (2, 3)
KNOWN_ARCHITECTURES = frozenset(MODEL_ARCH_NAMES.values())

_SCALAR_FORMATS: dict[GGUFValueType, str] = {
    GGUFValueType.UINT8: "<B",
    GGUFValueType.INT8: "<b",
    GGUFValueType.UINT16: "<H",
    GGUFValueType.INT16: "<h",
    GGUFValueType.UINT32: "<I",
    GGUFValueType.INT32: "<i",
    GGUFValueType.FLOAT32: "<f",
    GGUFValueType.BOOL: "<?",
    GGUFValueType.UINT64: "<Q",
    GGUFValueType.INT64: "<q",
    GGUFValueType.FLOAT64: "<d",
}
_LAYER_TENSOR = re.compile(r"^blk\.(\d+)\.")
# Arrays worth decoding; everything else (vocabulary, scores, merges) is skipped.
_ARRAYS_TO_READ = {"general.tags", "general.languages"}
_TOKENS_KEY = "tokenizer.ggml.tokens"
# Keys llama.cpp reads for every architecture and refuses to load without.
REQUIRED_ARCH_KEYS = ("context_length", "embedding_length", "block_count")


class ModelFileError(ChatAppError):
    """A model file that cannot be used; ``str()`` is a one-line message for the user."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass
class TensorInfo:
    """One entry of the GGUF tensor index."""

    name: str
    shape: tuple[int, ...]
    ggml_type: int
    offset: int
    n_bytes: int


@dataclass
class GGUFInfo:
    """What a GGUF file says about the model inside it."""

    path: Path
    file_size: int
    version: int
    architecture: str
    name: str
    quantization: str
    n_layers: int
    context_length: int
    embedding_length: int
    head_count: int
    head_count_kv: int
    key_length: int
    value_length: int
    sliding_window: int
    chat_template: str | None
    bos_token: str | None
    eos_token: str | None
    tensor_count: int
    data_offset: int
    layer_bytes: list[int] = field(default_factory=list)
    non_layer_bytes: int = 0
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def weights_bytes(self) -> int:
        return sum(self.layer_bytes) + self.non_layer_bytes


def inspect_gguf(path: str | os.PathLike[str]) -> GGUFInfo:
    """Read a GGUF's header and tensor index; raise ModelFileError with a clear message."""
    return read_gguf_header(path)[0]


def read_gguf_header(path: str | os.PathLike[str]) -> tuple[GGUFInfo, list[TensorInfo]]:
    """:func:`inspect_gguf`, and the whole tensor index."""
    file_path = Path(path)
    size = _checked_size(file_path)
    try:
        with open(file_path, "rb") as handle:
            head = handle.read(64)
            _identify_non_gguf(file_path, head, size)
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
                parser = _HeaderParser(file_path, data, size)
                return parser.parse(), parser.tensors
    except PermissionError as exc:
        raise _permission_error(file_path) from exc


def check_model_file(path: str | os.PathLike[str]) -> GGUFInfo:
    """The checks a model passes before it is imported, listed as usable or loaded:
    :func:`inspect_gguf`, a known architecture, and the keys llama.cpp needs."""
    info = inspect_gguf(path)
    if info.architecture not in KNOWN_ARCHITECTURES:
        raise ModelFileError(
            Message(
                texts.UNKNOWN_ARCHITECTURE, name=info.path.name, architecture=info.architecture
            ),
            "unknown_architecture",
        )
    keys = [f"{info.architecture}.{key}" for key in REQUIRED_ARCH_KEYS]
    if missing := [key for key in keys if not isinstance(info.metadata.get(key), int)]:
        raise ModelFileError(
            Message(texts.MISSING_KEY, name=info.path.name, keys=", ".join(missing)),
            "missing_key",
        )
    return info


def _checked_size(path: Path) -> int:
    try:
        stat = path.stat()
    except FileNotFoundError as exc:
        raise ModelFileError(Message(texts.NOT_FOUND, path=path), "missing") from exc
    except PermissionError as exc:
        raise _permission_error(path) from exc
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise ModelFileError(Message(texts.PATH_TOO_LONG, path=path), "missing") from exc
        raise ModelFileError(
            Message(texts.CANNOT_OPEN, path=path, reason=exc.strerror), "unreadable"
        ) from exc
    if path.is_dir():
        raise ModelFileError(Message(texts.FOLDER, path=path), "directory")
    if stat.st_size == 0:
        raise ModelFileError(Message(texts.EMPTY, name=path.name), "empty")
    if not os.access(path, os.R_OK):
        raise _permission_error(path)
    return stat.st_size


def _permission_error(path: Path) -> ModelFileError:
    return ModelFileError(Message(texts.NO_PERMISSION, path=path), "permission")


def check_model_head(name: str, head: bytes, size: int) -> None:
    """Raise ModelFileError when the first bytes of a file called ``name`` (``size`` bytes
    in all) show it is not a GGUF: for stopping a download as soon as it starts."""
    _identify_non_gguf(Path(name), head, size, whole_file=False)


def _identify_non_gguf(path: Path, head: bytes, size: int, whole_file: bool = True) -> None:
    if len(head) >= 4 and struct.unpack_from("<I", head)[0] == GGUF_MAGIC:
        return
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    name = path.name
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<!--", b"<?xml")):
        raise ModelFileError(Message(texts.WEB_PAGE, name=name), "html")
    if text.startswith(b"version https://git-lfs"):
        raise ModelFileError(Message(texts.LFS_POINTER, name=name), "lfs_pointer")
    if text.startswith((b"{", b"[")):
        raise ModelFileError(Message(texts.JSON_FILE, name=name), "json")
    if _looks_like_safetensors(head, size):
        raise ModelFileError(Message(texts.SAFETENSORS, name=name), "safetensors")
    is_zip = head.startswith(b"PK\x03\x04")
    if head[:2] in (b"\x80\x02", b"\x80\x03", b"\x80\x04", b"\x80\x05") or (
        is_zip and _is_pytorch_zip(path if whole_file else None, head)
    ):
        raise ModelFileError(Message(texts.PYTORCH, name=name), "pytorch")
    if is_zip:
        raise ModelFileError(Message(texts.ZIP, name=name), "zip")
    if head[:4] in (b"lmgg", b"fmgg", b"tjgg", b"ggml", b"ggmf", b"ggjt"):
        raise ModelFileError(Message(texts.GGML, name=name), "ggml")
    magic = " ".join(f"{b:02x}" for b in head[:4])
    raise ModelFileError(Message(texts.NOT_GGUF, name=name, magic=magic), "not_gguf")


def _is_pytorch_zip(path: Path | None, head: bytes) -> bool:
    """A zip that torch.save wrote: an entry ``data.pkl`` or ``<folder>/data.pkl``. With
    only the file's first bytes (``path`` None, or an unreadable zip), its first entry."""
    names: list[str] = []
    if path is not None:
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except (OSError, zipfile.BadZipFile):
            names = []
    if not names and len(head) >= 30:
        name_length = struct.unpack_from("<H", head, 26)[0]
        names = [head[30 : 30 + name_length].decode("utf-8", "replace")]
    return any(n == "data.pkl" or n.endswith("/data.pkl") for n in names)


def _looks_like_safetensors(head: bytes, size: int) -> bool:
    if len(head) < 10:
        return False
    header_len = struct.unpack_from("<Q", head)[0]
    return 0 < header_len < size and head[8:10] in (b'{"', b"{ ")


class _Truncated(Exception):
    pass


class _HeaderParser:
    def __init__(self, path: Path, data: mmap.mmap, size: int) -> None:
        self.path = path
        self.data = data
        self.size = size
        self.pos = 0
        self.tokens_offset: int | None = None
        self.tensors: list[TensorInfo] = []

    def _unpack(self, fmt: str) -> Any:
        n = struct.calcsize(fmt)
        if self.pos + n > self.size:
            raise _Truncated
        value = struct.unpack_from(fmt, self.data, self.pos)[0]
        self.pos += n
        return value

    def _string(self) -> str:
        start = self.pos
        length = self._unpack("<Q")
        end = self.pos + length
        if end > self.size:
            raise _Truncated
        raw = self.data[self.pos : end]
        self.pos = end
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ModelFileError(
                Message(
                    texts.NOT_UTF8, name=self.path.name, start=f"{start:,}", text=repr(raw[:40])
                ),
                "not_utf8",
            ) from None

    def _skip_strings(self, count: int) -> None:
        unpack = struct.Struct("<Q").unpack_from
        data, pos, size = self.data, self.pos, self.size
        for _ in range(count):
            if pos + 8 > size:
                raise _Truncated
            pos += 8 + unpack(data, pos)[0]
        if pos > size:
            raise _Truncated
        self.pos = pos

    def _value(self, key: str, vtype: int) -> Any:
        kind = GGUFValueType(vtype)
        if kind == GGUFValueType.STRING:
            return self._string()
        if kind != GGUFValueType.ARRAY:
            return self._unpack(_SCALAR_FORMATS[kind])
        item_type = GGUFValueType(self._unpack("<I"))
        count = self._unpack("<Q")
        if key == _TOKENS_KEY:
            self.tokens_offset = self.pos
        if key in _ARRAYS_TO_READ:
            return [self._value(key + "[]", item_type) for _ in range(count)]
        if item_type == GGUFValueType.STRING:
            self._skip_strings(count)
        elif item_type == GGUFValueType.ARRAY:
            for _ in range(count):
                self._value(key + "[]", GGUFValueType.ARRAY)
        else:
            skip = struct.calcsize(_SCALAR_FORMATS[item_type]) * count
            if self.pos + skip > self.size:
                raise _Truncated
            self.pos += skip
        return _SkippedArray(count)

    def _token_at(self, index: Any) -> str | None:
        if self.tokens_offset is None or not isinstance(index, int) or index < 0:
            return None
        saved = self.pos
        try:
            self.pos = self.tokens_offset
            self._skip_strings(index)
            return self._string()
        except (_Truncated, ModelFileError):
            return None
        finally:
            self.pos = saved

    def parse(self) -> GGUFInfo:
        try:
            return self._parse()
        except _Truncated:
            raise ModelFileError(
                Message(texts.HEADER_CUT, name=self.path.name, size=f"{self.size:,}"),
                "truncated",
            ) from None
        except (ValueError, KeyError, UnicodeDecodeError, OverflowError) as exc:
            raise ModelFileError(
                Message(texts.DAMAGED, name=self.path.name, error=message_of(exc)), "corrupt"
            ) from None

    def _parse(self) -> GGUFInfo:
        self.pos = 4
        version = self._unpack("<I")
        if version not in SUPPORTED_VERSIONS:
            raise ModelFileError(
                Message(texts.VERSION, name=self.path.name, version=version), "version"
            )
        tensor_count = self._unpack("<Q")
        kv_count = self._unpack("<Q")
        # A header cannot hold more entries than it has bytes; this catches garbage counts.
        if tensor_count > self.size or kv_count > self.size:
            raise ModelFileError(Message(texts.BAD_COUNTS, name=self.path.name), "corrupt")
        meta: dict[str, Any] = {}
        for _ in range(kv_count):
            key = self._string()
            meta[key] = self._value(key, self._unpack("<I"))
        tensors = self.tensors = [self._tensor() for _ in range(tensor_count)]
        alignment = meta.get("general.alignment", GGUF_DEFAULT_ALIGNMENT)
        if not isinstance(alignment, int) or alignment <= 0:
            alignment = GGUF_DEFAULT_ALIGNMENT
        data_offset = -(-self.pos // alignment) * alignment
        expected = data_offset + max((t.offset + t.n_bytes for t in tensors), default=0)
        if self.size < expected:
            raise ModelFileError(
                Message(
                    texts.INCOMPLETE,
                    name=self.path.name,
                    size=f"{self.size:,}",
                    expected=f"{expected:,}",
                ),
                "truncated",
            )
        return self._info(version, meta, tensors, data_offset)

    def _tensor(self) -> TensorInfo:
        name = self._string()
        n_dims = self._unpack("<I")
        if n_dims > 8:
            raise ValueError(f"tensor {name} has {n_dims} dimensions")
        shape = tuple(self._unpack("<Q") for _ in range(n_dims))
        ggml_type = self._unpack("<I")
        offset = self._unpack("<Q")
        block_size, type_size = GGML_QUANT_SIZES[GGMLQuantizationType(ggml_type)]
        n_elements = 1
        for dim in shape:
            n_elements *= dim
        return TensorInfo(name, shape, ggml_type, offset, n_elements // block_size * type_size)

    def _info(
        self, version: int, meta: dict[str, Any], tensors: list[TensorInfo], data_offset: int
    ) -> GGUFInfo:
        arch = str(meta.get("general.architecture", "")) or "unknown"

        def arch_int(key: str, default: int = 0) -> int:
            value = meta.get(f"{arch}.{key}", default)
            if isinstance(value, _SkippedArray):  # per-layer values: use the first
                return default
            return int(value) if isinstance(value, (int, float)) else default

        n_layers = arch_int("block_count")
        layer_bytes = [0] * n_layers
        non_layer = 0
        for tensor in tensors:
            match = _LAYER_TENSOR.match(tensor.name)
            index = int(match.group(1)) if match else -1
            if 0 <= index < n_layers:
                layer_bytes[index] += tensor.n_bytes
            else:
                non_layer += tensor.n_bytes
        head_count = arch_int("attention.head_count")
        embedding = arch_int("embedding_length")
        key_length = arch_int("attention.key_length", embedding // head_count if head_count else 0)
        template = meta.get("tokenizer.chat_template")
        return GGUFInfo(
            path=self.path,
            file_size=self.size,
            version=version,
            architecture=arch,
            name=str(meta.get("general.name") or self.path.stem),
            quantization=_quantization(meta, tensors),
            n_layers=n_layers,
            context_length=arch_int("context_length"),
            embedding_length=embedding,
            head_count=head_count,
            head_count_kv=arch_int("attention.head_count_kv", head_count),
            key_length=key_length,
            value_length=arch_int("attention.value_length", key_length),
            sliding_window=arch_int("attention.sliding_window"),
            chat_template=template if isinstance(template, str) else None,
            bos_token=self._token_at(meta.get("tokenizer.ggml.bos_token_id")),
            eos_token=self._token_at(meta.get("tokenizer.ggml.eos_token_id")),
            tensor_count=len(tensors),
            data_offset=data_offset,
            layer_bytes=layer_bytes,
            non_layer_bytes=non_layer,
            metadata={k: v for k, v in meta.items() if not isinstance(v, _SkippedArray)},
        )


@dataclass(frozen=True)
class _SkippedArray:
    count: int


def _quantization(meta: dict[str, Any], tensors: list[TensorInfo]) -> str:
    file_type = meta.get("general.file_type")
    if isinstance(file_type, int):
        try:
            name = LlamaFileType(file_type).name
            return name.removeprefix("MOSTLY_").removeprefix("ALL_")
        except ValueError:
            pass
    counts: dict[int, int] = {}
    for tensor in tensors:
        counts[tensor.ggml_type] = counts.get(tensor.ggml_type, 0) + tensor.n_bytes
    if not counts:
        return "unknown"
    return GGMLQuantizationType(max(counts, key=counts.__getitem__)).name
