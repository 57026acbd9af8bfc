"""``chatapp serve``: the OpenAI-compatible API server, headless (no Qt).

The model is loaded once on the scheduler's engine thread; uvicorn serves on the main
thread, so that Ctrl+C stops it cleanly (replies in progress are cancelled).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from chatapp.cli.chat import _int, _positive_int
from chatapp.core.default_model import INSTALL_HINT, default_model
from chatapp.core.engine import ChatEngine, EngineError
from chatapp.core.errors import ChatAppError, ExitCode, UsageError
from chatapp.core.gguf_info import ModelFileError
from chatapp.core.model_library import find_installed
from chatapp.core.paths import AppPaths
from chatapp.core.settings import LoadParams, load_settings
from chatapp.core.settings_validation import logical_cpu_count


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    """``chatapp serve`` flags."""
    from chatapp.server.config import DEFAULT_HOST, DEFAULT_PORT

    add = parser.add_argument
    add(
        "--model",
        metavar="PATH|ID",
        help="GGUF file, or the id of an installed model (chatapp models list); default: the "
        "last model used in the window, else the starter model",
    )
    add("--host", default=DEFAULT_HOST, help="address to listen on (default: %(default)s)")
    add("--port", type=_int, default=DEFAULT_PORT, help="port (default: %(default)s; 0: any free)")
    add(
        "--api-key-env",
        metavar="VAR",
        help="require this API key, read from the environment variable VAR (needed to "
        "listen on any address other than this machine's)",
    )
    add(
        "--allow-origin",
        metavar="ORIGIN",
        action="append",
        default=[],
        help="let web pages from ORIGIN (e.g. http://localhost:3000) call the server; "
        "may be repeated (default: none)",
    )
    add(
        "--ctx",
        type=_positive_int,
        default=LoadParams().n_ctx,
        help="context length (default: %(default)s)",
    )
    add(
        "--gpu-layers",
        type=_int,
        default=None,
        help="layers on the GPU, -1 = all, 0 = CPU only (default: as many as fit)",
    )
    add(
        "--threads",
        type=_positive_int,
        default=None,
        help="CPU threads (default: the physical cores)",
    )


def run_serve(args: argparse.Namespace, paths: AppPaths) -> int:
    """Load the model and serve until Ctrl+C; returns the exit status."""
    from chatapp.core.model_loading import load_planned
    from chatapp.core.scheduler import Scheduler
    from chatapp.server.runner import ApiServerSettings, LocalApiServer

    settings = ApiServerSettings(
        host=args.host,
        port=args.port,
        api_key=_api_key(args.api_key_env),
        cors_origins=tuple(args.allow_origin),
    )
    settings.validate()
    threads = args.threads
    if threads is not None and threads > logical_cpu_count():
        threads = logical_cpu_count()
    load = LoadParams(n_ctx=args.ctx, n_gpu_layers=args.gpu_layers, n_threads=threads)
    try:
        load.validate()
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    app_settings = load_settings(paths.settings_file).settings
    model = _model_path(args.model, paths, app_settings.last_model)
    engine = ChatEngine()
    scheduler = Scheduler(engine)
    print(f"loading {model} ...", file=sys.stderr, flush=True)
    try:
        info = scheduler.call(lambda backend: load_planned(backend, model, load)).result().info
    except ModelFileError as exc:
        scheduler.close()
        raise UsageError(str(exc)) from None
    except EngineError as exc:
        scheduler.close()
        raise ChatAppError(str(exc)) from None
    try:
        server = LocalApiServer(
            scheduler,
            settings,
            default_sampling=app_settings.sampling,
            on_request=_print_record,
        )
        server.bind()  # before the banner: with --port 0 it says the port chosen
        print(
            f"loaded {info.name}: context {info.n_ctx}, {info.n_threads} threads",
            file=sys.stderr,
        )
        _announce(server)
        server.serve_forever()
    finally:
        scheduler.call(lambda backend: backend.unload()).result(timeout=60)
        scheduler.close()
    return ExitCode.OK


def _api_key(variable: str | None) -> str | None:
    if variable is None:
        return None
    value = os.environ.get(variable, "").strip()
    if not value:
        raise UsageError(
            f"the environment variable {variable} (--api-key-env) is not set or empty: "
            f"set it to the API key, e.g. export {variable}=$(openssl rand -hex 16)"
        )
    return value


def _model_path(key: str | None, paths: AppPaths, last_model: str | None) -> Path:
    if key is None:
        if last_model and Path(last_model).is_file():
            return Path(last_model)
        path = default_model(paths)
        if path is None:
            raise UsageError(INSTALL_HINT)
        return path
    candidate = Path(key).expanduser()
    if candidate.is_file():
        return candidate
    installed = find_installed(paths, key)
    if installed is None:
        raise UsageError(
            f"no model file or installed model {key!r}: give a GGUF path, or an id from "
            "'chatapp models list'"
        )
    return installed.path


def _announce(server: object) -> None:
    from chatapp.server.runner import LocalApiServer

    assert isinstance(server, LocalApiServer)
    settings = server.settings
    print(f"serving the OpenAI-compatible API at {server.base_url}", file=sys.stderr)
    if settings.api_key:
        print(
            "requests need 'Authorization: Bearer <key>' (the key from --api-key-env)",
            file=sys.stderr,
        )
    print(f"try: {server.curl_example()}", file=sys.stderr)
    print("Ctrl+C stops the server.", file=sys.stderr, flush=True)


def _print_record(record: object) -> None:
    from chatapp.server.config import RequestRecord

    assert isinstance(record, RequestRecord)
    note = f"  {record.note}" if record.note else ""
    print(
        f"{record.time:%H:%M:%S} {record.status} {record.method} {record.path} "
        f"{record.prompt_tokens}+{record.completion_tokens} tokens {record.milliseconds} ms{note}",
        file=sys.stderr,
        flush=True,
    )
