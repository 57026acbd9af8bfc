"""Pin resources/catalog.json to the hub: each entry's current commit (``revision``),
exact size and sha256, from the hub's API.

    python -m chatapp.core.catalog_refresh [--endpoint URL] [--catalog PATH]

Entries whose repository cannot be reached are left as they are and reported; the
command exits 1 when any hub entry is left without both pins.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from huggingface_hub import HfApi

from chatapp.core.catalog import catalog_path
from chatapp.core.downloads import HubAccess, describe_remote_failure, hub_access


def refresh_catalog(path: Path, access: HubAccess) -> list[str]:
    """Update ``revision``, ``size_bytes`` and ``sha256`` of every hub entry in place;
    returns one line per entry saying what happened."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    api = HfApi(endpoint=access.endpoint, token=access.token_arg)
    report = []
    for entry in data["models"]:
        repo, file = entry.get("repo"), entry["file"]
        if not repo:
            report.append(f"{entry['id']}: not on the hub, kept")
            continue
        try:
            info = api.model_info(repo, files_metadata=True)
        except Exception as exc:
            report.append(
                f"{entry['id']}: {describe_remote_failure(exc, repo, file, access.endpoint)}"
            )
            continue
        sibling = next((s for s in info.siblings or [] if s.rfilename == file), None)
        if sibling is None:
            report.append(f"{entry['id']}: {file} is no longer in {repo}")
            continue
        if sibling.size:
            entry["size_bytes"] = sibling.size
        if sibling.lfs is None:
            report.append(f"{entry['id']}: {file} has no sha256 on the hub (not in LFS), kept")
            continue
        entry["sha256"] = sibling.lfs.sha256
        entry["revision"] = info.sha
        report.append(
            f"{entry['id']}: {entry['size_bytes']} bytes, sha256 {entry['sha256']}, "
            f"revision {entry['revision']}"
        )
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, path)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--endpoint", help="hub or mirror (default: $HF_ENDPOINT or huggingface.co)"
    )
    parser.add_argument("--catalog", type=Path, default=catalog_path())
    args = parser.parse_args(argv)
    for line in refresh_catalog(args.catalog, hub_access(args.endpoint)):
        print(line)
    unpinned = unpinned_entries(args.catalog)
    if unpinned:
        print(f"not pinned yet: {', '.join(unpinned)}", file=sys.stderr)
        return 1
    return 0


def unpinned_entries(path: Path) -> list[str]:
    """The ids of hub entries that lack a ``revision`` or a ``sha256``."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return [
        entry["id"]
        for entry in data["models"]
        if entry.get("repo") and not (entry.get("revision") and entry.get("sha256"))
    ]


if __name__ == "__main__":
    sys.exit(main())
