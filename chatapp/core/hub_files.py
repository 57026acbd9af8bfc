"""A hub repository's GGUF files as models to choose from: split files grouped into one
model, the quantization read from the name, and what each would need to run."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from chatapp.core.downloads import DownloadRequest
from chatapp.core.gguf_split import parse_split_name
from chatapp.core.model_fit import estimated_memory_bytes

_QUANT_TOKEN = re.compile(
    r"^(?:I?Q\d(?:_[A-Z0-9]{1,3}){0,2}|TQ\d_\d|MXFP4(?:_MOE)?|BF16|F16|FP16|F32)$", re.I
)
# Vision projectors and the like: GGUF files that are not a chat model of their own.
_NOT_A_MODEL = re.compile(r"(^|[/_.-])mmproj([_.-]|$)", re.I)


@dataclass(frozen=True)
class RepoFile:
    """One file of a repository as the hub lists it."""

    name: str
    size: int | None = None
    sha256: str | None = None


@dataclass(frozen=True)
class HubModelFile:
    """A model in a repository: one .gguf, or the parts of a split one (``files``, first
    part first). ``missing`` names parts the repository lacks; ``size`` is the whole
    model's when every part's size is known."""

    name: str
    files: tuple[str, ...]
    size: int | None
    sha256: str | None
    quantization: str
    missing: tuple[str, ...] = ()

    @property
    def is_split(self) -> bool:
        return len(self.files) + len(self.missing) > 1

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def memory_needed(self) -> int | None:
        """About how much memory the model needs to chat with (None: size unknown)."""
        return estimated_memory_bytes(self.size) if self.size else None

    def download_request(self, repo: str, revision: str | None) -> DownloadRequest:
        """What to download: every part, at ``revision``, the first part pinned to the
        sha256 the hub listed."""
        first = self.files[0]
        return DownloadRequest(
            repo,
            first,
            PurePosixPath(self.name).stem,
            self.sha256,
            revision=revision,
            parts=self.files[1:],
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "files": list(self.files),
            "size_bytes": self.size,
            "sha256": self.sha256,
            "quantization": self.quantization,
            "missing_parts": list(self.missing),
            "memory_needed_bytes": self.memory_needed,
        }


def quantization_from_name(name: str) -> str:
    """The quantization a GGUF's name says, e.g. ``Q4_K_M`` for
    ``Llama-3.2-1B-Instruct-Q4_K_M.gguf`` (empty when it says none)."""
    stem = PurePosixPath(name).name
    split = parse_split_name(stem)
    if split is not None:
        stem = PurePosixPath(split.stem).name
    elif stem.lower().endswith(".gguf"):
        stem = stem[: -len(".gguf")]
    tokens = re.split(r"[-.]", stem)
    found = [t for t in tokens if _QUANT_TOKEN.match(t)]
    return found[-1].upper() if found else ""


def group_gguf_files(files: Iterable[RepoFile]) -> list[HubModelFile]:
    """The models among ``files``: each .gguf alone, the parts of a split model as one;
    projector files (mmproj) left out. Smallest first."""
    models: list[HubModelFile] = []
    splits: dict[tuple[str, int], dict[int, RepoFile]] = {}
    for file in files:
        if not file.name.lower().endswith(".gguf") or _NOT_A_MODEL.search(file.name):
            continue
        split = parse_split_name(file.name)
        if split is None:
            quant = quantization_from_name(file.name)
            models.append(HubModelFile(file.name, (file.name,), file.size, file.sha256, quant))
        else:
            splits.setdefault((split.stem, split.count), {})[split.index] = file
    for (stem, count), parts in splits.items():
        models.append(_split_model(stem, count, parts))
    return sorted(models, key=lambda m: (m.size is None, m.size or 0, m.name.lower()))


def _split_model(stem: str, count: int, parts: dict[int, RepoFile]) -> HubModelFile:
    split = parse_split_name(f"{stem}-00001-of-{count:05d}.gguf")
    assert split is not None
    present = tuple(split.part(i) for i in range(1, count + 1) if i in parts)
    missing = tuple(split.part(i) for i in range(1, count + 1) if i not in parts)
    sizes = [parts[i].size for i in sorted(parts)]
    size = sum(s for s in sizes if s) if not missing and all(sizes) else None
    first = parts.get(1)
    return HubModelFile(
        name=f"{stem}.gguf",
        files=present,
        size=size,
        sha256=first.sha256 if first else None,
        quantization=quantization_from_name(split.part(1)),
        missing=missing,
    )


def describe_parameters(count: int | None) -> str:
    """A parameter count in words: ``"494M"``, ``"7.2B"`` (empty when unknown)."""
    if not count or count <= 0:
        return ""
    if count >= 1e9:
        return f"{count / 1e9:.1f}B".replace(".0B", "B")
    if count >= 1e6:
        return f"{count / 1e6:.0f}M"
    return f"{count / 1e3:.0f}K"
