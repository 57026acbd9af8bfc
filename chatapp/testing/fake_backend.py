"""FakeBackend: a ChatBackend that replies with scripted tokens, for fast tests.

It loads no model and needs no llama.cpp: the tokens, the delays (before the first
token and between tokens) and a failure part way are set by the test. It honours the
cancel event between tokens and while it waits, as the real engine does. It takes the
API server's requests too (an ``OptionsBackend``; of the options it only records
``continue_last``: its continuation is the scripted reply as any other).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from chatapp.core.backend import BackendError, FinishReason, ModelInfo, ReplyStats, TokenCount
from chatapp.core.conversation import OverflowPolicy
from chatapp.core.load_progress import LoadCancelledError, ProgressCallback
from chatapp.core.model_loading import LoadOutcome
from chatapp.core.reply_options import ReplyOptions
from chatapp.core.settings import LoadParams, SamplingParams
from chatapp.core.templates import Message, Role

DEFAULT_TOKENS = ("Hello", " from", " the", " fake", " backend", ".")
LOAD_STEPS = 20


def fake_model_info(path: Path = Path("fake-model.gguf"), n_ctx: int = 4096) -> ModelInfo:
    """What the fake says about its "model" (named after ``path``)."""
    return ModelInfo(
        path=path,
        name=path.stem,
        architecture="fake",
        quantization="F16",
        file_size=0,
        n_layers=4,
        n_ctx=n_ctx,
        n_ctx_train=n_ctx,
        n_gpu_layers=0,
        n_threads=1,
        flash_attn=False,
        template_name="chatml",
        template_origin="fake",
        load_seconds=0.0,
    )


@dataclass(frozen=True)
class FakeRequest:
    """One ``stream_reply`` call as the fake received it."""

    messages: tuple[Message, ...]
    sampling: SamplingParams
    policy: OverflowPolicy
    start: int
    continue_last: bool = False


@dataclass
class FakeBackend:
    """A scripted ChatBackend.

    ``tokens`` are the reply's pieces (cut at ``sampling.max_tokens``); ``first_token_delay``
    and ``token_delay`` are seconds; with ``fail_after`` set, ``failure`` is raised after
    that many tokens. ``finish_reason``, when set, is what a reply that was not stopped
    ends with (``"context_full"``, say) instead of ``"stop"`` or ``"length"``.
    ``load_model`` "loads" any path (after ``load_delay``) unless ``load_failure`` is set.
    ``requests`` records every reply asked for.
    """

    tokens: Sequence[str] = DEFAULT_TOKENS
    first_token_delay: float = 0.0
    token_delay: float = 0.0
    fail_after: int | None = None
    failure: Exception = field(
        default_factory=lambda: BackendError("The fake backend failed: try again")
    )
    load_delay: float = 0.0
    load_failure: str | None = None
    n_ctx: int = 4096
    finish_reason: FinishReason | None = None
    requests: list[FakeRequest] = field(default_factory=list)
    info: ModelInfo | None = None

    def describe(self) -> ModelInfo | None:
        return self.info

    def load_model(
        self, path: str, params: LoadParams, *, progress: ProgressCallback | None = None
    ) -> LoadOutcome:
        """Pretend to load ``path`` (as ``load_planned`` would, with no GPU plan),
        telling ``progress`` in ``LOAD_STEPS`` steps over ``load_delay`` seconds. When it
        says stop, LoadCancelledError: at 0.0 the model before is kept, later it is gone."""
        report = progress or (lambda _fraction: True)
        for step in range(LOAD_STEPS + 1):
            if not report(step / LOAD_STEPS):
                if step > 0:
                    self.info = None
                raise LoadCancelledError()
            if step < LOAD_STEPS:
                time.sleep(self.load_delay / LOAD_STEPS)
        if self.load_failure is not None:
            raise BackendError(self.load_failure)
        self.info = fake_model_info(Path(path), min(params.n_ctx, self.n_ctx) or self.n_ctx)
        return LoadOutcome(self.info, None, None)

    def close(self) -> None:
        self.info = None

    def count_tokens(self, messages: list[Message]) -> TokenCount:
        """Words and one per message: the fake's own "tokenizer", so exact for it."""
        return TokenCount(sum(len(m.content.split()) + 1 for m in messages))

    def stream_reply(
        self,
        messages: list[Message],
        sampling: SamplingParams,
        cancel: threading.Event | None = None,
        *,
        policy: OverflowPolicy = OverflowPolicy.KEEP_SYSTEM,
        start: int = 0,
        options: ReplyOptions | None = None,
    ) -> Iterator[str | ReplyStats]:
        if self.info is None:
            raise BackendError("No model is loaded: load a model first.")
        continuing = options is not None and options.continue_last
        self.requests.append(FakeRequest(tuple(messages), sampling, policy, start, continuing))
        return self._generate(messages, sampling, cancel or threading.Event())

    def stream_completion(
        self,
        prompt: str,
        sampling: SamplingParams,
        cancel: threading.Event | None = None,
        *,
        options: ReplyOptions | None = None,
    ) -> Iterator[str | ReplyStats]:
        """The scripted reply, as if ``prompt`` were one user message."""
        return self.stream_reply([Message(Role.USER, prompt)], sampling, cancel)

    def tokenize(self, text: str) -> list[int]:
        """One token a word (the fake's own "tokenizer")."""
        return list(range(len(text.split())))

    def _generate(
        self, messages: list[Message], sampling: SamplingParams, cancel: threading.Event
    ) -> Iterator[str | ReplyStats]:
        started = time.perf_counter()
        first_at: float | None = None
        generated = 0
        script = list(self.tokens[: sampling.max_tokens])
        finish: FinishReason = "stop" if len(script) == len(self.tokens) else "length"
        finish = self.finish_reason or finish
        if self.first_token_delay > 0:
            cancel.wait(self.first_token_delay)
        for token in script:
            if cancel.is_set():
                break
            self._fail_when_due(generated)
            if first_at is None:
                first_at = time.perf_counter()
            generated += 1
            yield token
            if self.token_delay > 0:
                cancel.wait(self.token_delay)
        else:
            self._fail_when_due(generated)
        if cancel.is_set():
            finish = "cancelled"
        ended = time.perf_counter()
        first = first_at if first_at is not None else ended
        prompt = self.count_tokens(messages)
        yield ReplyStats(
            prompt_tokens=prompt,
            prompt_seconds=first - started,
            generated_tokens=generated,
            generation_seconds=ended - first,
            time_to_first_token=first - started,
            finish_reason=finish,
            prompt_tokens_total=prompt,
        )

    def _fail_when_due(self, generated: int) -> None:
        if self.fail_after is not None and generated >= self.fail_after:
            raise self.failure
