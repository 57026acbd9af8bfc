"""The hub's JSON API as the fake hub answers it: the model search ``GET /api/models``
and one repository's ``GET /api/models/{repo}[/revision/{rev}]``.

The search takes the parameters huggingface_hub's ``HfApi.list_models`` sends:
``search`` (part of the repository id, any case), ``filter`` (tags that must all be
there; a repository with a .gguf file has the tag ``gguf``), ``sort`` (``downloads``,
``likes``, ``lastModified``, ``createdAt``, ``trendingScore``; largest first unless
``direction=1``), ``limit`` (the page size) and ``expand`` / ``expand[]`` (only those
fields, beside ``id``). More results than a page are offered through a ``Link`` header
with ``rel="next"``, as the hub does.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

COMMIT = "0123456789abcdef0123456789abcdef01234567"
MAX_PAGE = 1000
SORT_KEYS = ("downloads", "likes", "lastModified", "createdAt", "trendingScore")
# What the hub lists for a model when no ``expand`` or ``full`` is asked for.
DEFAULT_LIST_FIELDS = (
    "likes",
    "trendingScore",
    "private",
    "downloads",
    "tags",
    "pipeline_tag",
    "library_name",
    "createdAt",
    "modelId",
)


@dataclass
class RepoCard:
    """What the hub knows about a repository beyond its files. ``api_status`` makes
    ``/api/models/{repo}`` answer that status instead (401: private, 500: broken)."""

    author: str | None = None
    downloads: int = 0
    likes: int = 0
    last_modified: str = "2024-05-01T12:00:00.000Z"
    created_at: str = "2024-01-01T00:00:00.000Z"
    gated: bool | str = False
    license: str | None = None
    tags: list[str] = field(default_factory=list)
    gguf: dict[str, Any] | None = None
    commit: str = COMMIT
    api_status: int | None = None


@dataclass(frozen=True)
class HostedSibling:
    """A hosted file as the API lists it."""

    name: str
    size: int
    git_sha1: str
    sha256: str | None  # None for small files, which are not in LFS


def model_json(repo: str, card: RepoCard, siblings: list[HostedSibling], blobs: bool) -> dict:
    """Everything the hub says about ``repo`` (``blobs``: sizes and LFS hashes of files)."""
    has_gguf = any(s.name.lower().endswith(".gguf") for s in siblings)
    tags = list(card.tags)
    if has_gguf and "gguf" not in tags:
        tags.insert(0, "gguf")
    data: dict[str, Any] = {
        "_id": hashlib.sha1(repo.encode()).hexdigest()[:24],
        "id": repo,
        "modelId": repo,
        "author": card.author or repo.split("/")[0],
        "sha": card.commit,
        "lastModified": card.last_modified,
        "createdAt": card.created_at,
        "private": False,
        "gated": card.gated,
        "disabled": False,
        "downloads": card.downloads,
        "likes": card.likes,
        "trendingScore": 0,
        "library_name": "gguf" if has_gguf else None,
        "tags": tags,
        "pipeline_tag": "text-generation",
        "siblings": [_sibling_json(s, blobs) for s in siblings],
    }
    if card.license is not None:
        data["cardData"] = {"license": card.license, "tags": tags}
    if card.gguf is not None:
        data["gguf"] = card.gguf
    return data


def _sibling_json(sibling: HostedSibling, blobs: bool) -> dict[str, Any]:
    if not blobs:
        return {"rfilename": sibling.name}
    data: dict[str, Any] = {
        "rfilename": sibling.name,
        "size": sibling.size,
        "blobId": sibling.git_sha1,
    }
    if sibling.sha256 is not None:
        data["lfs"] = {"size": sibling.size, "sha256": sibling.sha256, "pointerSize": 134}
    return data


@dataclass(frozen=True)
class SearchPage:
    """One page of search results and the URL of the next page, if any."""

    models: list[dict[str, Any]]
    next_url: str | None


def search_page(
    everything: list[dict[str, Any]], query: dict[str, list[str]], endpoint: str, page_size: int
) -> SearchPage:
    """Filter, sort and cut ``everything`` (full model JSONs) as the hub does for ``query``."""
    text = _one(query, "search", "").lower()
    wanted_tags = query.get("filter", [])
    found = [
        m
        for m in everything
        if text in m["id"].lower() and all(t in m["tags"] for t in wanted_tags)
    ]
    sort = _one(query, "sort", "")
    if sort in SORT_KEYS:
        found.sort(key=lambda m: m.get(sort) or 0, reverse=_one(query, "direction", "-1") != "1")
    limit = int(_one(query, "limit", str(MAX_PAGE)))
    size = max(1, min(limit, page_size, MAX_PAGE))
    start = int(_one(query, "cursor", "0"))
    page = found[start : start + size]
    next_url = None
    if start + size < len(found):
        params = [(k, v) for k, values in query.items() if k != "cursor" for v in values]
        next_url = f"{endpoint}/api/models?{urlencode([*params, ('cursor', str(start + size))])}"
    expand = query.get("expand", []) + query.get("expand[]", [])
    full = _one(query, "full", "").lower() == "true"
    return SearchPage([_listed(m, expand, full) for m in page], next_url)


def _listed(model: dict[str, Any], expand: list[str], full: bool) -> dict[str, Any]:
    if full:
        return dict(model)
    fields = expand or DEFAULT_LIST_FIELDS
    listed = {"_id": model["_id"], "id": model["id"]}
    listed.update({name: model[name] for name in fields if name in model})
    return listed


def _one(query: dict[str, list[str]], name: str, default: str) -> str:
    values = query.get(name)
    return values[0] if values else default
