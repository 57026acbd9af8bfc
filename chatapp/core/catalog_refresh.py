"""Refresh the exact sizes and sha256 in resources/catalog.json from the hub's API.

    python -m chatapp.core.catalog_refresh [--endpoint URL] [--catalog PATH]

Entries whose repository cannot be reached are left as they are and reported.
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
    """Update ``size_bytes`` and ``sha256`` of every hub entry in place; returns one
    line per entry saying what happened."""
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
        if sibling.lfs is not None:
            entry["sha256"] = sibling.lfs.sha256
        report.append(f"{entry['id']}: {entry['size_bytes']} bytes, sha256 {entry['sha256']}")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
