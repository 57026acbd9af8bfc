"""The terminal chat's conversation: the ``> `` prompt, streamed ``bot: `` replies and
the original chatbot's two stat lines, over any ChatBackend (the local engine or a
remote server).

The backend is used from one worker thread; the main thread reads input and prints,
so Ctrl+C (handled on the main thread) can cancel even a long prompt evaluation.
"""

from __future__ import annotations

import contextlib
import queue
import signal
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from types import FrameType
from typing import IO

from chatapp.cli.terminal_input import enable_line_editing, read_line
from chatapp.core.backend import BackendError, ChatBackend, ModelInfo, ReplyStats
from chatapp.core.errors import ChatAppError, ExitCode
from chatapp.core.remote import ReasoningText, RemoteError
from chatapp.core.settings import SamplingParams
from chatapp.core.templates import Message

_DONE = object()


class TerminalChat:
    """One terminal conversation with ``backend``, which runs on ``worker``."""

    def __init__(
        self,
        backend: ChatBackend,
        worker: ThreadPoolExecutor,
        sampling: SamplingParams,
        system: str,
        info_out: IO[str],
    ) -> None:
        self.backend = backend
        self.worker = worker
        self.sampling = sampling
        self.system = system
        self.info_out = info_out
        self.history: list[Message] = []
        self.context_start = 0  # turns that no longer fit in the context

    def interactive(self) -> int:
        enable_line_editing()
        print(
            "Type /retry for another answer, /edit TEXT to change your last message, "
            "/reset to start over, /exit to quit.",
            file=self.info_out,
        )
        while True:
            try:
                line = read_line("> ")
            except (EOFError, KeyboardInterrupt):
                print()
                return ExitCode.OK
            text = line.strip()
            if not text:
                continue
            if text in ("/exit", "/quit"):
                return ExitCode.OK
            if text == "/reset":
                self.history.clear()
                self.context_start = 0
                print("(conversation cleared)")
                continue
            sampling = self.sampling
            if text == "/retry" or text.split(maxsplit=1)[0] == "/edit":
                redo = self._take_back_last(text)
                if redo is None:
                    continue
                text, sampling = redo
            elif text.startswith("/") and " " not in text:
                print(f"unknown command {text}: use /retry, /edit TEXT, /reset or /exit")
                continue
            sys.stdout.write("bot: ")
            try:
                self.reply(text, sampling)
            except RemoteError as exc:
                # A server can come back: say why on one line and keep the chat going.
                print(f"error: {exc} (type the message again to retry)", file=self.info_out)

    def _take_back_last(self, command: str) -> tuple[str, SamplingParams] | None:
        """For /retry and /edit TEXT: take the last exchange out of the history and say
        what to send instead (a retry samples with a new seed); None when there is
        nothing to redo (said on one line)."""
        if len(self.history) < 2 or self.history[-2].role != "user":
            print(f"nothing to redo yet: {command.split()[0]} works after a reply")
            return None
        if command == "/retry":
            text, sampling = self.history[-2].content, replace(self.sampling, random_seed=True)
        else:
            text, sampling = command.removeprefix("/edit").strip(), self.sampling
            if not text:
                print(f"usage: /edit NEW TEXT (your last message was: {self.history[-2].content})")
                return None
        del self.history[-2:]
        return text, sampling

    def reply(self, text: str, sampling: SamplingParams | None = None) -> ReplyStats:
        """Stream the reply to ``text`` (with ``sampling``, else the chat's); Ctrl+C
        stops it. The turn joins the history."""
        messages = ([Message("system", self.system)] if self.system else []) + self.history
        messages.append(Message("user", text))
        cancel = threading.Event()
        pieces: queue.Queue[object] = queue.Queue()

        def produce() -> None:
            try:
                for item in self.backend.stream_reply(
                    messages, sampling or self.sampling, cancel, start=self.context_start
                ):
                    pieces.put(item)
            except BaseException as exc:  # handed to the main thread and raised there
                pieces.put(exc)
            finally:
                pieces.put(_DONE)

        reply: list[str] = []
        stats: ReplyStats | None = None
        error: BaseException | None = None
        thinking = False
        with _sigint_sets(cancel):
            self.worker.submit(produce)
            while (item := pieces.get()) is not _DONE:
                if isinstance(item, ReasoningText):
                    if not thinking:
                        print("(thinking) ", end="", file=self.info_out)
                        thinking = True
                    print(item, end="", file=self.info_out, flush=True)
                elif isinstance(item, str):
                    if thinking:
                        print(file=self.info_out, flush=True)
                        thinking = False
                    reply.append(item)
                    sys.stdout.write(item)
                    sys.stdout.flush()
                elif isinstance(item, ReplyStats):
                    stats = item
                elif isinstance(item, BaseException):
                    error = item
        if error is not None:
            print()
            if isinstance(error, RemoteError):
                raise error
            if isinstance(error, BackendError):
                raise ChatAppError(str(error))
            raise error
        assert stats is not None
        answer = "".join(reply)
        if answer:
            self.history += [Message("user", text), Message("assistant", answer)]
        newly_dropped = stats.dropped_messages > self.context_start
        self.context_start = stats.dropped_messages
        self._print_stats(stats, newly_dropped)
        return stats

    def _print_stats(self, stats: ReplyStats, newly_dropped: bool) -> None:
        out = self.info_out
        print(file=sys.stdout, flush=True)
        if stats.finish_reason == "cancelled":
            print("(stopped)", file=out)
        elif stats.finish_reason == "length":
            print(
                f"(reached the limit of {self.sampling.max_tokens} tokens: -n/--sample-len)",
                file=out,
            )
        elif stats.finish_reason == "context_full":
            print(
                "(stopped: the context is full; /reset starts over, --ctx N raises the "
                "context length)",
                file=out,
            )
        if newly_dropped:
            print(
                f"({stats.dropped_messages} earlier messages no longer fit in the context and "
                "were left out: --ctx raises the limit)",
                file=out,
            )
        print(file=out)
        print(
            f"{stats.prompt_tokens:4} prompt tokens processed: "
            f"{stats.prompt_tokens_per_second:.2f} token/s",
            file=out,
        )
        print(
            f"{stats.generated_tokens:4} tokens generated: {stats.tokens_per_second:.2f} token/s",
            file=out,
            flush=True,
        )
        if not stats.counts_exact:
            print("(estimated counts: the server sent no token usage)", file=out, flush=True)


@contextlib.contextmanager
def _sigint_sets(event: threading.Event) -> Iterator[None]:
    """While active, Ctrl+C sets ``event`` instead of raising KeyboardInterrupt."""

    def handler(_signum: int, _frame: FrameType | None) -> None:
        event.set()

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def describe_model(info: ModelInfo) -> str:
    where = (
        "CPU only"
        if info.n_gpu_layers == 0
        else f"{info.n_gpu_layers}/{info.n_layers} layers on the GPU"
    )
    origin = {
        "requested": "as requested",
        "gguf": "from the model file",
        "catalog": "from the catalog",
        "architecture": f"by architecture {info.architecture}",
    }[info.template_origin]
    return (
        f"loaded {info.name} ({info.quantization}, {info.n_layers} layers) in "
        f"{info.load_seconds:.1f} s: context {info.n_ctx}, {info.n_threads} threads, {where}, "
        f"chat template {info.template_name} ({origin})"
    )
