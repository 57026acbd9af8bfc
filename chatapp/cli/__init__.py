"""Command line: ``chatapp`` (the window), ``chatapp chat``, ``models``, ``info``, ``serve``,
``bench``.

Qt is imported only for the window, so the terminal commands start without it.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from chatapp import __version__
from chatapp.core.errors import ChatAppError, ExitCode, UsageError
from chatapp.core.paths import AppPaths, resolve_paths

log = logging.getLogger(__name__)


# Options before the command that take a value (the command is the first other word).
_TOP_OPTIONS_WITH_VALUE = ("--data-dir", "--model")


def _add_chat(parser: argparse.ArgumentParser) -> None:
    from chatapp.cli.chat import add_chat_arguments

    add_chat_arguments(parser)


def _add_models(parser: argparse.ArgumentParser) -> None:
    from chatapp.cli.models import add_models_arguments

    add_models_arguments(parser)


def _add_info(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the same as JSON")
    parser.add_argument(
        "--model", metavar="PATH", help="also describe this GGUF model and plan its GPU layers"
    )
    parser.add_argument(
        "--ctx",
        type=int,
        default=None,
        metavar="N",
        help="context length in tokens to plan --model for (default: 4096)",
    )


def _add_gpu(parser: argparse.ArgumentParser) -> None:
    from chatapp.cli.gpu import add_gpu_arguments

    add_gpu_arguments(parser)


def _add_serve(parser: argparse.ArgumentParser) -> None:
    from chatapp.cli.serve import add_serve_arguments

    add_serve_arguments(parser)


def _add_bench(parser: argparse.ArgumentParser) -> None:
    from chatapp.bench.cli import add_bench_arguments

    add_bench_arguments(parser)


_COMMANDS: dict[str, tuple[str, str | None, Callable[[argparse.ArgumentParser], None]]] = {
    "chat": (
        "chat in the terminal",
        "Chat in the terminal with a GGUF model. Type /reset to start over, "
        "/exit to quit; Ctrl+C stops a reply, Ctrl+C or Ctrl+D at the prompt quits.",
        _add_chat,
    ),
    "models": (
        "list, download, import and remove models",
        "Manage models: the catalog, downloads from the hub or a mirror, imported GGUF files.",
        _add_models,
    ),
    "info": ("show llama.cpp, hardware and folder information", None, _add_info),
    "gpu": (
        "show the GPU, whether llama.cpp uses it, and how to rebuild it for it",
        "Say which GPU this machine has and whether the installed llama.cpp can "
        "use it, and print (with --rebuild: run) the pip command that compiles "
        "llama-cpp-python for it.",
        _add_gpu,
    ),
    "serve": (
        "serve the model to other programs (OpenAI-compatible API)",
        "Load a model and serve it over an OpenAI-compatible HTTP API on this "
        "machine (http://127.0.0.1:8765/v1 by default) until Ctrl+C.",
        _add_serve,
    ),
    "bench": (
        "measure this model on this machine against bare llama.cpp",
        "Measure decode speed, prompt reuse, UI stalls, start-up, memory and "
        "downloads; write JSON and a Markdown table, and print the table.",
        _add_bench,
    ),
}


def named_command(argv: Sequence[str]) -> str | None:
    """The command that ``argv`` names (``chat``, ``models``...), or None for the window."""
    words = iter(argv)
    for word in words:
        if word == "--":
            word = next(words, "")
            return word if word in _COMMANDS else None
        if word in _TOP_OPTIONS_WITH_VALUE:
            next(words, None)
        elif not word.startswith("-"):
            return word if word in _COMMANDS else None
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The ``chatapp`` parser; given ``argv``, only the command it names gets its options.

    The other commands keep their names and help, so ``chatapp --help`` lists them all,
    while the window does not import every command's modules (about 0.5 MB of memory).
    """
    parser = argparse.ArgumentParser(
        prog="chatapp",
        description="Chat with local language models (llama.cpp). "
        "Without a command, opens the ChatApp window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep all user data (models, chats, settings, logs) in DIR "
        "(also: the CHATAPP_DATA_DIR environment variable)",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="check this installation: open and close the window, load the model, answer "
        "one prompt, print one line of JSON (exit status 0 when all worked)",
    )
    parser.add_argument(
        "--model",
        dest="smoke_model",
        metavar="PATH",
        help="with --smoke-test: the GGUF model to use (default: the starter model)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = named_command(argv) if argv is not None else None
    for name, (help_text, description, add_arguments) in _COMMANDS.items():
        command = commands.add_parser(name, help=help_text, description=description)
        if argv is None or name == wanted:
            add_arguments(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``chatapp`` command; returns the exit status."""
    from chatapp.core.cpu_compat import select_llama_library

    # Before anything imports llama_cpp: the compat libraries on CPUs without AVX2.
    library = select_llama_library()
    _make_output_safe()
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if args.smoke_model is not None and not args.smoke_test:
        parser.error("--model before the command is only for --smoke-test (chat takes --model)")
    paths = resolve_paths(args.data_dir)
    from chatapp.core.logs import setup_logging

    try:
        paths.ensure()
    except OSError as exc:
        if args.command is not None or args.smoke_test:
            print(
                f"chatapp: cannot create the data folder {paths.data_dir}: {exc}", file=sys.stderr
            )
            return ExitCode.USAGE
        # The window still opens: it keeps chats in memory and says so.
        print(f"chatapp: the data folder {paths.data_dir} is not writable: {exc}", file=sys.stderr)
    from chatapp.core.std_streams import ensure_std_streams

    ensure_std_streams(paths.log_dir)
    log_file = setup_logging(paths.log_file)
    log.info("chatapp %s: %s", __version__, " ".join(sys.argv))
    log.info("llama.cpp libraries: %s (%s)", library.variant, library.reason)
    try:
        return _run(args, paths)
    except ChatAppError as exc:
        print(f"chatapp: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return ExitCode.INTERRUPTED
    except Exception as exc:
        log.exception("unexpected error")
        where = f" (details in {log_file})" if log_file else ""
        print(f"chatapp: unexpected error: {exc}{where}", file=sys.stderr)
        return ExitCode.FAILURE


def _run(args: argparse.Namespace, paths: AppPaths) -> int:
    if args.smoke_test:
        if args.command is not None:
            raise UsageError(f"--smoke-test takes no command (got {args.command})")
        from chatapp.cli.smoke_test import run_smoke_test
        from chatapp.core.cpu_compat import last_choice

        model = Path(args.smoke_model) if args.smoke_model else None
        return run_smoke_test(paths, model, last_choice())
    if args.command == "chat":
        from chatapp.cli.chat import run_chat

        return run_chat(args, paths)
    if args.command == "models":
        from chatapp.cli.models import run_models

        return run_models(args, paths)
    if args.command == "info":
        from chatapp.cli.info import run_info

        return run_info(args, paths)
    if args.command == "gpu":
        from chatapp.cli.gpu import run_gpu

        return run_gpu(args)
    if args.command == "serve":
        from chatapp.cli.serve import run_serve

        return run_serve(args, paths)
    if args.command == "bench":
        from chatapp.bench.cli import run_bench_command

        return run_bench_command(args, paths)
    from chatapp.gui.app import run_gui

    return run_gui(paths)


def _make_output_safe() -> None:
    # A console that cannot show some characters (e.g. cp1252) must not crash a reply.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass
