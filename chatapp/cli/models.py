"""``chatapp models``: list, download, import and remove models from the terminal."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any, TextIO

from chatapp.cli.models_search import add_search_arguments, run_search
from chatapp.cli.servers import add_servers_arguments, run_servers
from chatapp.core.catalog import Catalog, CatalogError, load_catalog
from chatapp.core.downloads import (
    DownloadError,
    DownloadProgress,
    DownloadRequest,
    DownloadStopped,
    download_in_progress,
    download_model,
    hub_access,
    parse_hub_spec,
    partial_size,
    target_path,
)
from chatapp.core.errors import ChatAppError, ExitCode, UsageError
from chatapp.core.hub_token import load_token
from chatapp.core.model_library import (
    LibraryError,
    find_installed,
    import_model,
    list_installed,
    partial_downloads,
    remove_model,
)
from chatapp.core.paths import AppPaths
from chatapp.core.settings import load_settings
from chatapp.core.sizes import describe_size
from chatapp.core.starter import starter_package_available


def add_models_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="catalog and installed models")
    listing.add_argument("--json", action="store_true", help="print JSON")
    download = actions.add_parser(
        "download",
        help="download a catalog model or any GGUF on the hub",
        description="Download a catalog model by id, or any GGUF as owner/repo/file.gguf. "
        "Ctrl+C keeps the partial file; running the command again resumes.",
    )
    download.add_argument("model", metavar="ID|REPO/FILE.gguf")
    download.add_argument(
        "--endpoint",
        metavar="URL",
        help="hub or mirror to download from, e.g. https://hf-mirror.com "
        "(default: the app's setting, else $HF_ENDPOINT, else huggingface.co)",
    )
    importing = actions.add_parser("import", help="add a .gguf file from this computer")
    importing.add_argument("path", metavar="PATH")
    importing.add_argument(
        "--copy", action="store_true", help="copy it into the models folder (default: use in place)"
    )
    remove = actions.add_parser("remove", help="delete a downloaded model (imports are forgotten)")
    remove.add_argument("model", metavar="ID|PATH")
    add_servers_arguments(actions)
    add_search_arguments(actions)


def run_models(args: argparse.Namespace, paths: AppPaths) -> int:
    if args.models_command == "servers":
        return run_servers(args, paths)
    if args.models_command in ("search", "files"):
        return run_search(args, paths)
    try:
        catalog = load_catalog()
    except CatalogError as exc:
        raise ChatAppError(str(exc)) from None
    command = args.models_command
    if command == "list":
        return _list(paths, catalog, args.json)
    if command == "download":
        return _download(paths, catalog, args.model, args.endpoint)
    if command == "import":
        try:
            model = import_model(paths, Path(args.path).expanduser(), copy=args.copy)
        except LibraryError as exc:
            raise ChatAppError(str(exc)) from None
        how = "copied to" if not model.in_place else "will be used from"
        print(f"imported {model.name} ({model.describe()}); {how} {model.path}")
        return ExitCode.OK
    return _remove(paths, catalog, args.model)


def models_listing(paths: AppPaths, catalog: Catalog) -> dict[str, Any]:
    """The catalog with each entry's state, and the installed models, as plain data."""
    installed = list_installed(paths, catalog)
    installed_ids = {m.catalog_id for m in installed if m.catalog_id}
    rows = []
    for entry in catalog.entries:
        path: Path | None = None
        state = "available"
        if entry.id in installed_ids:
            state = "installed"
            path = next(m.path for m in installed if m.catalog_id == entry.id)
        elif entry.source == "starter":
            starter = next((m for m in installed if m.source == "starter"), None)
            if starter:
                state, path = "installed", starter.path
            else:
                state = "available" if starter_package_available() else "not installed"
        elif entry.repo and partial_size(target_path(paths.models_dir, entry.repo, entry.file)):
            state = "partial"
        rows.append(
            {
                "id": entry.id,
                "name": entry.name,
                "repo": entry.repo,
                "file": entry.file,
                "size_bytes": entry.size_bytes,
                "ram_bytes": entry.ram_bytes,
                "quantization": entry.quantization,
                "parameters": entry.parameters,
                "context_length": entry.context_length,
                "license": entry.license,
                "recommended": entry.recommended,
                "state": state,
                "path": str(path) if path else None,
                "description": entry.description,
            }
        )
    return {
        "catalog": rows,
        "installed": [
            {
                "id": m.id,
                "name": m.name,
                "path": str(m.path),
                "size_bytes": m.size,
                "source": m.source,
                "in_place": m.in_place,
                "architecture": m.architecture,
                "quantization": m.quantization,
                "context_length": m.context_length,
                "catalog_id": m.catalog_id,
                "problem": m.problem,
            }
            for m in installed
        ],
        "partial": [
            {
                "repo": p.repo,
                "file": p.file,
                "done_bytes": p.done,
                "size_bytes": p.total,
                "path": str(p.target),
                "in_progress": download_in_progress(p.target),
            }
            for p in partial_downloads(paths)
        ],
    }


def _list(paths: AppPaths, catalog: Catalog, as_json: bool) -> int:
    data = models_listing(paths, catalog)
    if as_json:
        json.dump(data, sys.stdout, indent=2)
        print()
        return ExitCode.OK
    print("Catalog (chatapp models download ID):")
    for row in data["catalog"]:
        star = " *" if row["recommended"] else ""
        print(
            f"  {row['id']:<26} {row['name']}{star}: {describe_size(row['size_bytes'])}, "
            f"needs ~{describe_size(row['ram_bytes'])} RAM [{row['state']}]"
        )
    print("Installed:")
    for model in data["installed"]:
        problem = f"  ! {model['problem']}" if model["problem"] else ""
        print(f"  {model['id']:<26} {model['name']}: {model['path']}{problem}")
    if not data["installed"]:
        print("  none yet")
    for part in data["partial"]:
        total = describe_size(part["size_bytes"]) if part["size_bytes"] else "?"
        where = f"{part['repo']}/{part['file']} at {describe_size(part['done_bytes'])} of {total}"
        if part["in_progress"]:
            print(f"Downloading now (in another ChatApp): {where}")
        else:
            print(f"Paused download: {where} (run download again to resume)")
    return ExitCode.OK


def _request(catalog: Catalog, spec: str) -> DownloadRequest:
    try:
        entry = catalog.get(spec)
    except CatalogError:
        entry = None
    if entry is not None:
        if not entry.downloadable:
            raise ChatAppError(
                f"{entry.name} is not downloaded; install it with pip install 'chatapp[starter]'"
            )
        return entry.download_request()
    if "/" not in spec:
        raise UsageError(
            f"no catalog model with id {spec!r}; see chatapp models list, or give owner/repo/file.gguf"
        )
    try:
        request = parse_hub_spec(spec)
    except DownloadError as exc:
        raise UsageError(str(exc)) from None
    known = catalog.find_file(request.repo, request.file)
    return known.download_request() if known else request


def _download(paths: AppPaths, catalog: Catalog, spec: str, endpoint: str | None) -> int:
    request = _request(catalog, spec)
    settings = load_settings(paths.settings_file).settings
    try:
        access = hub_access(endpoint or settings.hub_endpoint, load_token(paths.config_dir))
    except DownloadError as exc:
        raise UsageError(str(exc)) from None
    stop = threading.Event()
    bar = _ProgressBar(sys.stderr)
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        path = download_model(paths.models_dir, request, access, stop=stop, on_progress=bar.update)
    except DownloadStopped as stopped:
        bar.finish()
        total = describe_size(stopped.total) if stopped.total else "?"
        print(
            f"chatapp: paused at {describe_size(stopped.done)} of {total}; "
            "run the same command again to resume",
            file=sys.stderr,
        )
        return ExitCode.INTERRUPTED
    except DownloadError:
        bar.finish()
        raise
    finally:
        signal.signal(signal.SIGINT, previous)
    bar.finish()
    print(f"downloaded {request.name} to {path}")
    return ExitCode.OK


def _remove(paths: AppPaths, catalog: Catalog, key: str) -> int:
    model = find_installed(paths, key, catalog)
    if model is None:
        raise ChatAppError(f"no installed model {key!r}; see chatapp models list")
    try:
        print(remove_model(paths, model))
    except LibraryError as exc:
        raise ChatAppError(str(exc)) from None
    return ExitCode.OK


class _ProgressBar:
    """One updating line on a terminal; a line per 10% when output is not a terminal."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.tty = out.isatty()
        self._last_decile = -1
        self._last_draw = 0.0
        self._drawn = False

    def update(self, progress: DownloadProgress) -> None:
        if progress.phase == "resolving":
            print(f"asking the hub about {progress.file}...", file=self.out, flush=True)
            return
        line = format_progress(progress)
        if self.tty:
            now = time.monotonic()
            if now - self._last_draw < 0.2 and progress.phase == "downloading":
                return
            self._last_draw = now
            self.out.write("\r" + line.ljust(78)[:120])
            self.out.flush()
            self._drawn = True
            return
        decile = int((progress.fraction or 0) * 10)
        if decile != self._last_decile or progress.phase != "downloading":
            self._last_decile = decile
            print(line, file=self.out, flush=True)

    def finish(self) -> None:
        if self._drawn:
            self.out.write("\n")
            self.out.flush()
            self._drawn = False


def format_progress(progress: DownloadProgress) -> str:
    """e.g. ``openchat_3.5.Q4_K_M.gguf  42% 1.8 GiB of 4.1 GiB, 11.2 MiB/s, 4 min left``."""
    if progress.phase == "verifying":
        return f"{progress.file}: verifying..."
    if progress.phase == "done":
        return f"{progress.file}: done, verified"
    total = describe_size(progress.total) if progress.total else "?"
    percent = f"{progress.fraction * 100:3.0f}% " if progress.fraction is not None else ""
    speed = f", {describe_size(progress.bytes_per_second)}/s" if progress.bytes_per_second else ""
    return (
        f"{progress.file}  {percent}{describe_size(progress.done)} of {total}{speed}"
        f"{format_eta(progress.eta_seconds)}"
    )


def format_eta(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 60:
        return f", {seconds:.0f} s left"
    if seconds < 3600:
        return f", {seconds / 60:.0f} min left"
    return f", {seconds / 3600:.1f} h left"
