"""``chatapp chat``: the original terminal chatbot's flags and output, with memory.

The model lives in one engine thread; the main thread reads input and prints, so
Ctrl+C (handled on the main thread) can cancel even a long prompt evaluation.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import queue
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import FrameType
from typing import IO, TypeVar

from chatapp.core.default_model import INSTALL_HINT, default_model
from chatapp.core.engine import ChatEngine, EngineError, ModelInfo, ReplyStats
from chatapp.core.errors import ChatAppError, ExitCode, UsageError
from chatapp.core.gguf_info import ModelFileError
from chatapp.core.model_loading import load_planned
from chatapp.core.paths import AppPaths
from chatapp.core.settings import DEFAULT_SEED, LoadParams, SamplingParams
from chatapp.core.starter import starter_package_available, starter_path
from chatapp.core.templates import BUILTIN_FORMATS, Message

T = TypeVar("T")
_DONE = object()


def _positive_int(text: str) -> int:
    value = _int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None


def add_chat_arguments(parser: argparse.ArgumentParser) -> None:
    """The original chatbot's flags (same defaults) and ChatApp's additions."""
    defaults = SamplingParams()
    add = parser.add_argument
    add("--model", metavar="PATH", help="GGUF model file (default: the installed starter model)")
    add(
        "--tokenizer",
        metavar="PATH",
        help="tokenizer.json, as the original chatbot took; optional: llama.cpp uses the "
        "vocabulary inside the GGUF, so the file is only checked",
    )
    add(
        "-n",
        "--sample-len",
        type=_positive_int,
        default=defaults.max_tokens,
        help="most tokens in one reply (default: %(default)s)",
    )
    add(
        "--temperature",
        type=_float,
        default=defaults.temperature,
        help="sampling temperature, 0 = always the likeliest token (default: %(default)s)",
    )
    add("--seed", type=_int, default=DEFAULT_SEED, help="random seed (default: %(default)s)")
    add(
        "--repeat-penalty",
        type=_float,
        default=defaults.repeat_penalty,
        help="penalty for repeated tokens, 1 = none (default: %(default)s)",
    )
    add(
        "--repeat-last-n",
        type=_int,
        default=defaults.repeat_last_n,
        help="how many recent tokens the penalty looks at (default: %(default)s)",
    )
    add(
        "--top-p",
        type=_float,
        default=defaults.top_p,
        help="nucleus sampling (default: %(default)s)",
    )
    add(
        "--top-k",
        type=_int,
        default=defaults.top_k,
        help="top-k sampling, 0 = off (default: %(default)s)",
    )
    add(
        "--min-p", type=_float, default=defaults.min_p, help="min-p sampling (default: %(default)s)"
    )
    add(
        "--ctx",
        type=_positive_int,
        default=LoadParams().n_ctx,
        help="context length in tokens (default: %(default)s)",
    )
    add(
        "--gpu-layers",
        type=_int,
        default=None,
        help="layers to put on the GPU, -1 = all, 0 = CPU only (default: as many as fit in "
        "GPU memory; chatapp info --model PATH shows the plan)",
    )
    add(
        "--threads",
        type=_positive_int,
        default=None,
        help="CPU threads (default: the number of physical cores)",
    )
    add("--system", metavar="TEXT", default="", help="system prompt")
    add(
        "--chat-format",
        metavar="NAME",
        choices=sorted(BUILTIN_FORMATS),
        help="chat template to use instead of the model's: %(choices)s",
    )
    add(
        "--prompt",
        metavar="TEXT",
        help="answer this one prompt and exit ('-' reads it from standard input)",
    )


def run_chat(args: argparse.Namespace, paths: AppPaths) -> int:
    """Run the terminal chat; returns the exit status."""
    sampling = SamplingParams(
        max_tokens=args.sample_len,
        temperature=args.temperature,
        top_p=args.top_p,
        top_k=args.top_k,
        min_p=args.min_p,
        repeat_penalty=args.repeat_penalty,
        repeat_last_n=args.repeat_last_n,
        seed=args.seed,
    )
    load = LoadParams(
        n_ctx=args.ctx,
        n_gpu_layers=args.gpu_layers,
        n_threads=args.threads,
        chat_format=args.chat_format,
    )
    for params in (sampling, load):
        try:
            params.validate()
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    one_shot = args.prompt is not None
    prompt = _read_prompt(args.prompt) if one_shot else None
    if args.tokenizer:
        _check_tokenizer(Path(args.tokenizer))
    # In one-shot mode only the reply goes to stdout, so it can be piped.
    info_out = sys.stderr if one_shot else sys.stdout
    _print_runtime_banner(info_out)

    model_path = Path(args.model) if args.model else _default_model_or_exit(paths, info_out)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="engine") as engine_thread:
        chat = _TerminalChat(ChatEngine(), engine_thread, sampling, args.system, info_out)
        try:
            chat.load(model_path, load)
            if one_shot:
                assert prompt is not None
                chat.reply(prompt)
                return ExitCode.OK
            return chat.interactive()
        finally:
            engine_thread.submit(chat.engine.unload).result()


def _read_prompt(value: str) -> str:
    text = sys.stdin.read() if value == "-" else value
    if not text.strip():
        raise UsageError(
            "the prompt is empty: give some text with --prompt, or pipe it in with --prompt -"
        )
    return text.strip()


def _check_tokenizer(path: Path) -> None:
    if not path.is_file():
        raise UsageError(f"tokenizer file not found: {path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise UsageError(
            f"{path.name} is not a tokenizer.json (not readable JSON): download tokenizer.json "
            "with the '/resolve/' link, or leave --tokenizer out"
        ) from None
    if not isinstance(data, dict) or "model" not in data:
        raise UsageError(f"{path.name} is JSON but not a Hugging Face tokenizer.json")


def _default_model_or_exit(paths: AppPaths, out: IO[str]) -> Path:
    if not starter_path(paths).is_file() and starter_package_available():
        print("preparing the starter model (once)...", file=out, flush=True)
    path = default_model(paths)
    if path is None:
        raise UsageError(INSTALL_HINT)
    return path


def _print_runtime_banner(out: IO[str]) -> None:
    from chatapp.core.llama_runtime import runtime_info

    info = runtime_info()
    shown = ("AVX", "AVX2", "AVX512", "F16C", "FMA", "NEON", "ARM_FMA", "SSE3")
    features = ", ".join(
        f"{name.lower()}: {str(info.cpu_features.get(name, False)).lower()}" for name in shown
    )
    print(features, file=out)
    offload = "yes" if info.gpu_offload else "no (CPU only)"
    print(
        f"llama.cpp backends: {', '.join(info.backends) or 'CPU'}; GPU offload: {offload}", file=out
    )


class _TerminalChat:
    def __init__(
        self,
        engine: ChatEngine,
        engine_thread: ThreadPoolExecutor,
        sampling: SamplingParams,
        system: str,
        info_out: IO[str],
    ) -> None:
        self.engine = engine
        self.engine_thread = engine_thread
        self.sampling = sampling
        self.system = system
        self.info_out = info_out
        self.history: list[Message] = []
        self.context_start = 0  # turns that no longer fit in the context

    def _on_engine(self, call: Callable[[], T]) -> T:
        return self.engine_thread.submit(call).result()

    def load(self, path: Path, params: LoadParams) -> None:
        print(f"loading {path} ...", file=self.info_out, flush=True)
        try:
            outcome = self._on_engine(lambda: load_planned(self.engine, path, params))
        except ModelFileError as exc:
            raise UsageError(str(exc)) from None
        except EngineError as exc:
            raise ChatAppError(str(exc)) from None
        print(_describe_model(outcome.info), file=self.info_out, flush=True)
        if outcome.notice:
            print(f"note: {outcome.notice}", file=self.info_out, flush=True)

    def interactive(self) -> int:
        _enable_line_editing()
        print("Type /reset to start over, /exit to quit.", file=self.info_out)
        while True:
            try:
                line = input("> ")
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
            if text.startswith("/") and " " not in text:
                print(f"unknown command {text}: use /reset or /exit")
                continue
            sys.stdout.write("bot: ")
            self.reply(text)

    def reply(self, text: str) -> ReplyStats:
        """Stream the reply to ``text``; Ctrl+C stops it. The turn joins the history."""
        messages = ([Message("system", self.system)] if self.system else []) + self.history
        messages.append(Message("user", text))
        cancel = threading.Event()
        pieces: queue.Queue[object] = queue.Queue()

        def produce() -> None:
            try:
                for item in self.engine.stream_reply(
                    messages, self.sampling, cancel, start=self.context_start
                ):
                    pieces.put(item)
            except BaseException as exc:  # handed to the main thread and raised there
                pieces.put(exc)
            finally:
                pieces.put(_DONE)

        reply: list[str] = []
        stats: ReplyStats | None = None
        error: BaseException | None = None
        with _sigint_sets(cancel):
            self.engine_thread.submit(produce)
            while (item := pieces.get()) is not _DONE:
                if isinstance(item, str):
                    reply.append(item)
                    sys.stdout.write(item)
                    sys.stdout.flush()
                elif isinstance(item, ReplyStats):
                    stats = item
                elif isinstance(item, BaseException):
                    error = item
        if error is not None:
            print()
            if isinstance(error, EngineError):
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


def _describe_model(info: ModelInfo) -> str:
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


def _enable_line_editing() -> None:
    try:
        import readline  # noqa: F401  (gives input() history and editing where available)
    except ImportError:
        pass
