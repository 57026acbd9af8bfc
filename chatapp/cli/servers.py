"""``chatapp models servers``: the remote servers saved for the window and ``chat --server``."""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from chatapp.core.errors import ChatAppError, ExitCode, UsageError
from chatapp.core.paths import AppPaths
from chatapp.core.server_config import DEFAULT_FIRST_BYTE_TIMEOUT
from chatapp.core.servers import SavedServer, ServerRegistry


def add_servers_arguments(actions: Any) -> None:
    """The ``servers`` action of ``chatapp models`` (``actions`` is its sub-parsers)."""
    servers = actions.add_parser(
        "servers",
        help="list, add or remove OpenAI-compatible servers (for chat --server NAME)",
        description="Servers saved here (or in the window's Servers tab) can be used with "
        "chatapp chat --server NAME. API keys are kept in the system keyring, never in a "
        "settings file.",
    )
    servers.add_argument("--json", action="store_true", help="list them as JSON")
    what = servers.add_subparsers(dest="servers_command", metavar="ACTION")
    what.add_parser("list", help="the saved servers (the default)")
    add = what.add_parser("add", help="save a server (replaces one of the same name)")
    add.add_argument("name")
    add.add_argument("url", metavar="URL", help="its address, e.g. http://127.0.0.1:8080/v1")
    add.add_argument("--api-model", metavar="NAME", default="", help="the model to use")
    add.add_argument(
        "--api-key-env", metavar="VAR", help="store the API key found in this variable"
    )
    add.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_FIRST_BYTE_TIMEOUT,
        metavar="S",
        help="seconds to wait for a reply to start (default: %(default)g)",
    )
    remove = what.add_parser("remove", help="forget a server and its key")
    remove.add_argument("name")


def run_servers(args: argparse.Namespace, paths: AppPaths) -> int:
    registry = ServerRegistry(paths.config_dir)
    command = args.servers_command or "list"
    if command == "add":
        key = None
        if args.api_key_env:
            key = os.environ.get(args.api_key_env, "").strip()
            if not key:
                raise UsageError(f"--api-key-env {args.api_key_env}: that variable is empty")
        server = SavedServer(args.name, args.url, args.api_model, args.timeout)
        where = registry.put(server, key)
        saved = registry.find(args.name.strip())
        assert saved is not None
        kept = f"; its API key is kept in {where}" if key else ""
        print(f"saved {saved.name}: {saved.base_url}{kept}")
        return ExitCode.OK
    if command == "remove":
        if not registry.remove(args.name):
            raise ChatAppError(f"no saved server {args.name!r}; see chatapp models servers")
        print(f"removed {args.name}")
        return ExitCode.OK
    loaded = registry.load()
    if loaded.notice:
        print(f"note: {loaded.notice}")
    rows = [
        {
            "name": s.name,
            "base_url": s.base_url,
            "model": s.model,
            "first_byte_timeout": s.first_byte_timeout,
            "api_key": registry.api_key(s.name) is not None,
        }
        for s in loaded.servers
    ]
    if getattr(args, "json", False):
        print(json.dumps(rows, indent=2))
        return ExitCode.OK
    if not rows:
        print("no servers saved: add one in the window (Models > Servers) or with")
        print("  chatapp models servers add NAME URL [--api-model NAME] [--api-key-env VAR]")
        return ExitCode.OK
    for row in rows:
        model = row["model"] or "(its first model)"
        key = "API key saved" if row["api_key"] else "no API key"
        print(f"{row['name']}: {row['base_url']}  model {model}  {key}")
    return ExitCode.OK
