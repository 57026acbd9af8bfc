"""FakeRemote: a scripted server backend (what RemoteBackend offers the window), for fast
tests of the window's server flow without HTTP."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from chatapp.core.backend import ModelInfo, ReplyStats
from chatapp.core.conversation import OverflowPolicy
from chatapp.core.remote import (
    ReasoningText,
    RemoteError,
    RemoteModel,
    ServerConfig,
    remote_model_info,
)
from chatapp.core.reply_options import ReplyOptions
from chatapp.core.settings import SamplingParams
from chatapp.core.templates import Message
from chatapp.testing.fake_backend import FakeBackend


@dataclass
class FakeRemote(FakeBackend):
    """A FakeBackend that stands for a model on a server.

    ``connect`` is the engine worker's connector: it takes the server's config and
    returns this fake. ``models`` is what its model list says (``list_failure`` is raised
    instead when set); ``reasoning`` is streamed as ReasoningText before the answer;
    ``context_length`` is the context its model list reports (0: none). ``notices`` are
    sent through the worker's notify before each reply.
    """

    models: Sequence[RemoteModel] = (RemoteModel("fake-remote", 8192),)
    list_failure: RemoteError | None = None
    reasoning: Sequence[str] = ()
    notices: Sequence[str] = ()
    config: ServerConfig | None = None
    closed: int = 0
    _notify: Callable[[str], None] = field(default=lambda _text: None, repr=False)

    def connect(self, config: ServerConfig, notify: Callable[[str], None]) -> FakeRemote:
        self.config = config
        self._notify = notify
        return self

    def list_models(self, timeout: float = 5.0) -> list[RemoteModel]:
        if self.list_failure is not None:
            raise self.list_failure
        return list(self.models)

    def describe(self) -> ModelInfo:
        config = self.config or ServerConfig("fake server", "http://127.0.0.1:9/v1")
        context = next((m.context_length or 0 for m in self.models if m.id == config.model), 0)
        self.info = remote_model_info(config, context)
        return self.info

    def close(self) -> None:
        self.closed += 1

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
        for notice in self.notices:
            self._notify(notice)
        self.describe()
        reply = super().stream_reply(
            messages, sampling, cancel, policy=policy, start=start, options=options
        )
        return self._with_reasoning(reply)

    def _with_reasoning(self, reply: Iterator[str | ReplyStats]) -> Iterator[str | ReplyStats]:
        for piece in self.reasoning:
            yield ReasoningText(piece)
        yield from reply
