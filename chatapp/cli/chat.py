"""``chatapp chat``: the original terminal chatbot's flags and output, with memory, on
the local model or (``--server``) on an OpenAI-compatible server."""

from __future__ import annotations

import argparse
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from chatapp.cli.chat_session import TerminalChat, describe_model
from chatapp.cli.terminal_input import read_prompt
from chatapp.core.backend import ChatBackend
from chatapp.core.default_model import INSTALL_HINT, default_model
from chatapp.core.engine import ChatEngine, EngineError
from chatapp.core.errors import ChatAppError, ExitCode, UsageError
from chatapp.core.gguf_info import ModelFileError
from chatapp.core.model_loading import load_planned
from chatapp.core.paths import AppPaths
from chatapp.core.remote import RemoteBackend, RemoteError, ServerConfig
from chatapp.core.servers import ServerRegistry
from chatapp.core.settings import DEFAULT_SEED, LoadParams, SamplingParams, validate_seed
from chatapp.core.settings_validation import logical_cpu_count
from chatapp.core.starter import starter_package_available, starter_path
from chatapp.core.templates import BUILTIN_FORMATS


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


def _seed(text: str) -> int:
    try:
        return validate_seed(_int(text))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive_float(text: str) -> float:
    value = _float(text)
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most 600, not {value:g}")
    return value


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
    add(
        "--seed",
        type=_seed,
        default=DEFAULT_SEED,
        help="random seed, 0 to 2147483647 (default: %(default)s)",
    )
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
        help="CPU threads, at most the number of logical CPUs (default: the number of "
        "physical cores)",
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
    remote = parser.add_argument_group("a model on a server (instead of --model)")
    remote.add_argument(
        "--server",
        metavar="URL|NAME",
        help="chat with an OpenAI-compatible server (llama-server, vLLM, Ollama, LM Studio, "
        "a hosted API): its address, e.g. http://127.0.0.1:8080/v1, or the name of a server "
        "saved in the window (chatapp models servers lists them)",
    )
    remote.add_argument(
        "--api-model", metavar="NAME", help="the server's model to use (default: its first)"
    )
    remote.add_argument(
        "--timeout",
        type=_positive_float,
        metavar="S",
        help="seconds to wait for the server's reply to start (default: the saved "
        "server's, else 60)",
    )
    remote.add_argument(
        "--api-key-env",
        metavar="VAR",
        help="read the server's API key from this environment variable (local servers "
        "need none; a saved server's key is used otherwise)",
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
    if load.n_threads is not None and load.n_threads > (cpus := logical_cpu_count()):
        print(
            f"note: --threads {load.n_threads} is more than the {cpus} CPUs: using {cpus}",
            file=sys.stderr,
            flush=True,
        )
        load = replace(load, n_threads=cpus)
    for params in (sampling, load):
        try:
            params.validate()
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    if args.server and args.model:
        raise UsageError("--model and --server exclude each other: choose a file or a server")
    if not args.server and (args.api_model or args.api_key_env or args.timeout):
        raise UsageError("--api-model, --api-key-env and --timeout go with --server URL")
    one_shot = args.prompt is not None
    prompt = read_prompt(args.prompt) if one_shot else None
    if args.tokenizer:
        _check_tokenizer(Path(args.tokenizer))
    # In one-shot mode only the reply goes to stdout, so it can be piped.
    info_out = sys.stderr if one_shot else sys.stdout
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="backend") as worker:
        backend: ChatBackend
        if args.server:
            backend = _connect(args, paths, info_out)
        else:
            _print_runtime_banner(info_out)
            model_path = Path(args.model) if args.model else _default_model_or_exit(paths, info_out)
            backend = ChatEngine()
        try:
            if isinstance(backend, ChatEngine):
                _load(backend, worker, model_path, load, info_out)
            chat = TerminalChat(backend, worker, sampling, args.system, info_out)
            if one_shot:
                assert prompt is not None
                stats = chat.reply(prompt)
                # Ctrl+C stopped the only reply: say so to the caller, as a download does.
                if stats.finish_reason == "cancelled":
                    return ExitCode.INTERRUPTED
                return ExitCode.OK
            return chat.interactive()
        finally:
            if isinstance(backend, ChatEngine):
                worker.submit(backend.unload).result()
            elif isinstance(backend, RemoteBackend):
                backend.close()


def _load(
    engine: ChatEngine, worker: ThreadPoolExecutor, path: Path, params: LoadParams, out: IO[str]
) -> None:
    print(f"loading {path} ...", file=out, flush=True)
    try:
        outcome = worker.submit(load_planned, engine, path, params).result()
    except ModelFileError as exc:
        raise UsageError(str(exc)) from None
    except EngineError as exc:
        raise ChatAppError(str(exc)) from None
    print(describe_model(outcome.info), file=out, flush=True)
    if outcome.notice:
        print(f"note: {outcome.notice}", file=out, flush=True)


def _connect(args: argparse.Namespace, paths: AppPaths, out: IO[str]) -> RemoteBackend:
    """The remote backend for ``--server`` (an address or a saved server's name), with
    its model chosen and checked against the server's list."""
    registry = ServerRegistry(paths.config_dir)
    saved = registry.find(args.server)
    if saved is not None:
        config = registry.config_for(saved, args.api_model)
    else:
        host = urlsplit(args.server if "://" in args.server else f"http://{args.server}").netloc
        config = ServerConfig(
            name=host or args.server, base_url=args.server, model=args.api_model or ""
        )
    if args.timeout:
        config = replace(config, first_byte_timeout=args.timeout)
    if args.api_key_env:
        key = os.environ.get(args.api_key_env, "").strip()
        if not key:
            raise UsageError(
                f"--api-key-env {args.api_key_env}: that environment variable is empty or "
                "not set; export it with the key, or leave the flag out for a server "
                "without keys"
            )
        config = replace(config, api_key=key)
    try:
        backend = RemoteBackend(config, notify=lambda text: print(f"note: {text}", file=out))
    except RemoteError as exc:
        raise UsageError(str(exc)) from None
    print(f"connecting to {backend.base_url} ...", file=out, flush=True)
    try:
        models = backend.list_models()
    except RemoteError as exc:
        backend.close()
        raise ChatAppError(str(exc)) from None
    names = [m.id for m in models]
    if not config.model:
        if not names:
            backend.close()
            raise ChatAppError(f"{backend.base_url} offers no models: load one on the server")
        backend.config = replace(config, model=names[0])
    elif names and config.model not in names:
        backend.close()
        raise UsageError(
            f"{backend.base_url} has no model {config.model!r}; it has: {', '.join(names)}"
        )
    backend.list_models()  # learns the chosen model's context length, where it is given
    info = backend.describe()
    context = f", context {info.n_ctx}" if info.n_ctx else ""
    print(f"chatting with {info.name} at {backend.base_url}{context}", file=out, flush=True)
    return backend


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
