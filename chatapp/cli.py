"""Command line: ``chatapp`` (the window), ``chatapp chat``, ``models``, ``info``.

Qt is imported only for the window, so the terminal commands start without it.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from chatapp import __version__
from chatapp.core.paths import AppPaths, resolve_paths

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class CliError(Exception):
    """A problem to report on one line; ``code`` is the exit status."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


def build_parser() -> argparse.ArgumentParser:
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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    from chatapp.chat_cli import add_chat_arguments

    chat = commands.add_parser(
        "chat",
        help="chat in the terminal",
        description="Chat in the terminal with a GGUF model. Type /reset to start over, "
        "/exit to quit; Ctrl+C stops a reply, Ctrl+C or Ctrl+D at the prompt quits.",
    )
    add_chat_arguments(chat)

    from chatapp.models_cli import add_models_arguments

    models = commands.add_parser(
        "models",
        help="list, download, import and remove models",
        description="Manage models: the catalog, downloads from the hub or a mirror, "
        "imported GGUF files.",
    )
    add_models_arguments(models)

    info = commands.add_parser(
        "info", help="show llama.cpp, hardware and folder information", description=None
    )
    info.add_argument("--json", action="store_true", help="print the same as JSON")
    info.add_argument(
        "--model", metavar="PATH", help="also describe this GGUF model and plan its GPU layers"
    )
    info.add_argument(
        "--ctx",
        type=int,
        default=None,
        metavar="N",
        help="context length in tokens to plan --model for (default: 4096)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``chatapp`` command; returns the exit status."""
    _make_output_safe()
    parser = build_parser()
    args = parser.parse_args(argv)
    paths = resolve_paths(args.data_dir)
    from chatapp.core.logs import setup_logging

    try:
        paths.ensure()
    except OSError as exc:
        print(f"chatapp: cannot create the data folder {paths.data_dir}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    log_file = setup_logging(paths.log_file)
    log.info("chatapp %s: %s", __version__, " ".join(sys.argv))
    try:
        return _run(args, paths)
    except CliError as exc:
        print(f"chatapp: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except Exception as exc:
        log.exception("unexpected error")
        where = f" (details in {log_file})" if log_file else ""
        print(f"chatapp: unexpected error: {exc}{where}", file=sys.stderr)
        return EXIT_FAILURE


def _run(args: argparse.Namespace, paths: AppPaths) -> int:
    if args.command == "chat":
        from chatapp.chat_cli import run_chat

        return run_chat(args, paths)
    if args.command == "models":
        from chatapp.models_cli import run_models

        return run_models(args, paths)
    if args.command == "info":
        from chatapp.info_cli import run_info

        return run_info(args, paths)
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
