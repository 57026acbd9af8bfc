"""Other files ChatApp reads back (download sidecars, imported.json, the catalog): any
JSON in them gives a clear result, never a crash."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chatapp.core.catalog import CatalogError, load_catalog
from chatapp.core.downloads import PART_SUFFIX, SIDECAR_SUFFIX
from chatapp.core.model_library import list_installed, partial_downloads
from chatapp.core.paths import AppPaths, resolve_paths

HOSTILE_JSON: list[Any] = [[], [1], 5, "text", None, {"size": "big"}, {"size": -4}, {"size": []}]


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    paths = resolve_paths(tmp_path / "data")
    paths.ensure()
    return paths


@pytest.mark.parametrize("content", HOSTILE_JSON)
def test_a_damaged_download_sidecar_gives_an_unknown_size(paths: AppPaths, content: Any):
    target = paths.models_dir / "owner" / "repo" / "model.gguf"
    target.parent.mkdir(parents=True)
    target.with_name(target.name + PART_SUFFIX).write_bytes(b"x" * 10)
    target.with_name(target.name + SIDECAR_SUFFIX).write_text(json.dumps(content))
    [partial] = partial_downloads(paths)
    assert partial.done == 10 and partial.total is None


@pytest.mark.parametrize("content", HOSTILE_JSON + [{"models": 5}, {"models": [3, None]}])
def test_a_damaged_imported_list_lists_nothing_from_it(paths: AppPaths, content: Any):
    paths.imported_list_file.write_text(json.dumps(content))
    assert list_installed(paths) == []


@pytest.mark.parametrize("content", [[], 5, {"models": {}}, {"models": [1]}, {"models": "x"}])
def test_a_damaged_catalog_is_a_catalog_error(tmp_path: Path, content: Any):
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(content))
    with pytest.raises(CatalogError, match="catalog"):
        load_catalog(path)
