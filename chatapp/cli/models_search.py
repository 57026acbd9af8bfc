"""``chatapp models search TEXT`` and ``chatapp models files REPO``: find GGUF models on
the hub (or a mirror) and see a repository's models with their memory fit."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from chatapp.core.downloads import DownloadError, HubAccess, hub_access
from chatapp.core.errors import ExitCode, UsageError
from chatapp.core.hardware import detect_hardware
from chatapp.core.hub_files import HubModelFile
from chatapp.core.hub_search import (
    MAX_SEARCH_LIMIT,
    SEARCH_LIMIT,
    RepoDetails,
    repo_details,
    search_hub,
)
from chatapp.core.hub_token import load_token
from chatapp.core.model_fit import FitMemory, fit_memory, fit_phrase
from chatapp.core.paths import AppPaths
from chatapp.core.settings import load_settings
from chatapp.core.sizes import describe_size

ENDPOINT_HELP = (
    "hub or mirror to ask, e.g. https://hf-mirror.com "
    "(default: the app's setting, else $HF_ENDPOINT, else huggingface.co)"
)


def add_search_arguments(actions: argparse._SubParsersAction) -> None:
    """The ``search`` and ``files`` actions of ``chatapp models``."""
    search = actions.add_parser(
        "search",
        help="find GGUF models on the hub",
        description="List GGUF repositories on the hub whose name contains TEXT, most "
        "downloaded first. See one's models with: chatapp models files OWNER/REPO",
    )
    search.add_argument("text", metavar="TEXT")
    search.add_argument("--endpoint", metavar="URL", help=ENDPOINT_HELP)
    search.add_argument("--json", action="store_true", help="print JSON")
    search.add_argument(
        "--limit",
        type=int,
        default=SEARCH_LIMIT,
        metavar="N",
        help=f"at most N repositories (1-{MAX_SEARCH_LIMIT}, default {SEARCH_LIMIT})",
    )
    files = actions.add_parser(
        "files",
        help="a hub repository's GGUF models, sizes and whether they fit",
        description="List the GGUF models of a hub repository (split files as one model) "
        "with size, quantization, licence and whether each fits this computer's memory.",
    )
    files.add_argument("repo", metavar="OWNER/REPO")
    files.add_argument("--endpoint", metavar="URL", help=ENDPOINT_HELP)
    files.add_argument("--json", action="store_true", help="print JSON")


def run_search(args: argparse.Namespace, paths: AppPaths) -> int:
    """Run ``models search`` or ``models files``."""
    access = _access(paths, args.endpoint)
    if args.models_command == "search":
        return _search(args.text, access, args.limit, args.json)
    return _files(args.repo, access, args.json)


def _access(paths: AppPaths, endpoint: str | None) -> HubAccess:
    settings = load_settings(paths.settings_file).settings
    try:
        return hub_access(endpoint or settings.hub_endpoint, load_token(paths.config_dir))
    except DownloadError as exc:
        raise UsageError(str(exc)) from None


def _search(text: str, access: HubAccess, limit: int, as_json: bool) -> int:
    if not 1 <= limit <= MAX_SEARCH_LIMIT:
        raise UsageError(f"--limit must be from 1 to {MAX_SEARCH_LIMIT}, not {limit}")
    if not text.strip():
        raise UsageError("give some text to search for, e.g. chatapp models search qwen")
    found = search_hub(text, access, limit)
    if as_json:
        _print_json(
            {"endpoint": access.endpoint, "query": text, "results": [r.to_dict() for r in found]}
        )
        return ExitCode.OK
    if not found:
        print(f"no GGUF repositories on {access.endpoint} match {text!r}")
        return ExitCode.OK
    print(f"GGUF repositories on {access.endpoint} matching {text!r}, most downloaded first:")
    width = max(len(r.id) for r in found)
    for repo in found:
        updated = f", updated {repo.last_modified:%Y-%m-%d}" if repo.last_modified else ""
        gated = ", gated" if repo.gated else ""
        print(
            f"  {repo.id:<{width}}  {repo.downloads:,} downloads, {repo.likes:,} likes"
            f"{updated}{gated}"
        )
    print("See a repository's models: chatapp models files OWNER/REPO")
    return ExitCode.OK


def _files(repo: str, access: HubAccess, as_json: bool) -> int:
    details = repo_details(repo, access)
    memory = fit_memory(detect_hardware(use_nvml=False))
    if as_json:
        data = details.to_dict()
        data["memory"] = {"bytes": memory.size, "where": memory.where}
        for row, model in zip(data["models"], details.models, strict=True):
            row["fit"] = _fit(model, memory)
        data["access_note"] = details.access_note(access.token is not None)
        _print_json(data)
        return ExitCode.OK
    revision = f" at {details.revision[:12]}" if details.revision else ""
    print(f"{details.repo}{revision} on {access.endpoint}: {details.summary()}")
    note = details.access_note(access.token is not None)
    if note:
        print(f"  ! {note}")
    if not details.models:
        print("  no GGUF models in this repository")
        return ExitCode.OK
    for line in _model_lines(details, memory):
        print(line)
    print(f"Download one: chatapp models download {details.repo}/FILE (the first file shown)")
    return ExitCode.OK


def _model_lines(details: RepoDetails, memory: FitMemory) -> list[str]:
    names = [_label(m) for m in details.models]
    width = max(len(n) for n in names)
    lines = []
    for name, model in zip(names, details.models, strict=True):
        size = describe_size(model.size) if model.size else "size unknown"
        fit = _fit(model, memory)
        need = f"needs ~{describe_size(model.memory_needed)}: {fit}" if model.memory_needed else ""
        quant = model.quantization or "-"
        lines.append(f"  {name:<{width}}  {quant:<8} {size:>10}  {need}".rstrip())
        if model.missing:
            lines.append(f"    ! incomplete on the hub: {', '.join(model.missing)} missing")
    return lines


def _label(model: HubModelFile) -> str:
    if model.is_split:
        return f"{model.files[0]} ({len(model.files) + len(model.missing)} parts)"
    return model.files[0]


def _fit(model: HubModelFile, memory: FitMemory) -> str | None:
    return fit_phrase(model.memory_needed, memory) if model.memory_needed else None


def _print_json(data: dict[str, Any]) -> None:
    json.dump(data, sys.stdout, indent=2)
    print()
