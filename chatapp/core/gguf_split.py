"""Models split into several GGUF files (``name-00001-of-00003.gguf`` ...), as
llama.cpp's ``llama-gguf-split`` writes them and as large models come on the hub.

llama.cpp loads such a model from its first part and finds the others beside it by
name; only the first part holds the model's metadata, every part has the keys
``split.no``, ``split.count`` and ``split.tensors.count``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from chatapp.core.gguf_info import ModelFileError, read_gguf_header
from chatapp.core.messages import QT_TRANSLATE_NOOP, Message

_SPLIT_NAME = re.compile(r"^(?P<stem>.+)-(?P<index>\d{5})-of-(?P<count>\d{5})\.gguf$", re.I)
SPLIT_NUMBER_KEY = "split.no"
SPLIT_COUNT_KEY = "split.count"


@dataclass(frozen=True)
class SplitName:
    """What a part's file name says: the shared stem (with any folder), which part
    (1-based) and of how many."""

    stem: str
    index: int
    count: int

    def part(self, index: int) -> str:
        """The file name of part ``index`` (1-based) of the same model."""
        return f"{self.stem}-{index:05d}-of-{self.count:05d}.gguf"

    @property
    def all_parts(self) -> list[str]:
        """Every part's file name, first part first."""
        return [self.part(i) for i in range(1, self.count + 1)]

    @property
    def model_name(self) -> str:
        """The model's name without the part numbers: ``stem.gguf``."""
        return f"{PurePosixPath(self.stem).name}.gguf"


def parse_split_name(name: str) -> SplitName | None:
    """The split numbering in ``name`` (a file name or a path inside a repository), or
    None when it names a whole model."""
    match = _SPLIT_NAME.match(name)
    if not match:
        return None
    index, count = int(match["index"]), int(match["count"])
    if not 1 <= index <= count:
        return None
    return SplitName(match["stem"], index, count)


def is_later_part(name: str) -> bool:
    """Whether ``name`` is a split model's second, third ... part (never loaded itself)."""
    split = parse_split_name(name)
    return split is not None and split.index > 1


def local_parts(first: Path) -> list[Path]:
    """The files of the model whose first part (or only file) is ``first``."""
    split = parse_split_name(first.name)
    if split is None:
        return [first]
    return [first.with_name(name) for name in split.all_parts]


def missing_parts(first: Path) -> list[str]:
    """The names of the parts that are not beside ``first`` (empty when all are)."""
    return [part.name for part in local_parts(first) if not part.is_file()]


def check_later_part(path: Path, name: str | None = None) -> None:
    """A downloaded second, third ... part is a GGUF part of the split its name (``name``,
    default: the file's) says; it has no model metadata of its own. Raises
    ModelFileError otherwise."""
    info, _tensors = read_gguf_header(path)
    name = PurePosixPath(name).name if name else path.name
    split = parse_split_name(name)
    number, count = info.metadata.get(SPLIT_NUMBER_KEY), info.metadata.get(SPLIT_COUNT_KEY)
    if split is None or number != split.index - 1 or count != split.count:
        raise ModelFileError(
            Message(
                QT_TRANSLATE_NOOP(
                    "core",
                    "{name} is not part {part} of a split GGUF model (its header says part "
                    "{number} of {count}): download it again.",
                ),
                name=name,
                part=split.index if split else "?",
                number=number,
                count=count,
            ),
            "corrupt",
        )
