"""What every comparison is given: the model, how many rounds, and shared settings."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chatapp.core.settings import SamplingParams
from chatapp.core.templates import Message

# The same prompt and seed for every decode variant.
DECODE_PROMPT = (
    "Write a long story about a lighthouse keeper who finds a message in a bottle. "
    "Describe the sea, the weather and the keeper's daily work in detail."
)
SEED = 299792458


@dataclass
class BenchContext:
    """Settings shared by the rows of one run.

    ``rounds``: how many times each comparison alternates its variants; ``decode_tokens``
    the reply length of the decode row; ``stream_tokens`` the reply length while the UI
    heartbeat runs; ``workdir`` a scratch folder (deleted after the run).
    """

    model: Path
    workdir: Path
    quick: bool = False
    rounds: int = 5
    decode_tokens: int = 128
    stream_tokens: int = 256
    history_tokens: int = 1500
    view_messages: int = 500
    long_chat_sizes: tuple[int, ...] = (100, 1000, 5000)
    download_source: Path | None = None
    llama_bench: str | None = None
    llama_server: str | None = None
    progress: Callable[[str], None] = field(default=lambda _line: None)
    cache: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def create(
        cls,
        model: Path,
        workdir: Path,
        *,
        quick: bool = False,
        llama_bench: str | None = None,
        llama_server: str | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> BenchContext:
        """The full settings, or the quick ones (3 rounds, short replies); llama.cpp's
        binaries given, else from PATH (None where there is none)."""
        ctx = cls(
            model=model,
            workdir=workdir,
            quick=quick,
            llama_bench=llama_bench or shutil.which("llama-bench"),
            llama_server=llama_server or shutil.which("llama-server"),
        )
        if quick:
            ctx.rounds = 3
            ctx.decode_tokens = 64
            ctx.stream_tokens = 128
            ctx.view_messages = 500
        if progress is not None:
            ctx.progress = progress
        return ctx

    def sampling(self, max_tokens: int) -> SamplingParams:
        """ChatApp's default sampling with a fixed seed and ``max_tokens``."""
        return SamplingParams(max_tokens=max_tokens, seed=SEED)

    def decode_messages(self) -> list[Message]:
        """The conversation every decode variant answers."""
        return [Message("user", DECODE_PROMPT)]

    @property
    def python(self) -> str:
        """The interpreter that runs the probes (this one)."""
        return sys.executable
