"""Finding models on the hub (or a mirror): GGUF repositories matching a text, and a
repository's model files, licence and gate, through huggingface_hub's ``HfApi`` on the
chosen endpoint with the hub token.

Every failure is a :class:`HubSearchError` with one line saying what happened and what
to do; an unreachable hub is ``kind`` UNREACHABLE, which the front ends show in one line
while the catalog and installed models keep working.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chatapp.core.downloads import (
    MIRROR_ENDPOINT,
    DownloadErrorKind,
    HubAccess,
    check_repo_id,
)
from chatapp.core.downloads.failures import short_reason
from chatapp.core.errors import ChatAppError
from chatapp.core.hub_files import HubModelFile, RepoFile, describe_parameters, group_gguf_files
from chatapp.core.messages import QT_TRANSLATE_NOOP, Message, message_of

log = logging.getLogger(__name__)

SEARCH_LIMIT = 30
MAX_SEARCH_LIMIT = 200
SEARCH_FIELDS = ["author", "downloads", "likes", "lastModified", "gated"]
REQUEST_TIMEOUT_S = 20.0


class HubSearchError(ChatAppError):
    """A search or a repository listing that failed; ``kind`` says why."""

    def __init__(self, message: str, kind: DownloadErrorKind) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class HubRepo:
    """A GGUF repository found by a search."""

    id: str
    author: str | None
    downloads: int
    likes: int
    last_modified: datetime | None
    gated: bool | str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "author": self.author,
            "downloads": self.downloads,
            "likes": self.likes,
            "last_modified": self.last_modified.isoformat() if self.last_modified else None,
            "gated": self.gated,
        }


@dataclass(frozen=True)
class RepoDetails:
    """A repository's model files and what to know before downloading one."""

    repo: str
    endpoint: str
    revision: str | None
    license: str | None
    gated: bool | str
    models: list[HubModelFile]
    architecture: str | None = None
    parameters: int | None = None
    context_length: int | None = None

    @property
    def is_gated(self) -> bool:
        return bool(self.gated)

    def summary(self) -> str:
        """One line: licence, gate, architecture, parameters, context."""
        parts = [f"licence: {self.license or 'not stated'}"]
        parts.append(f"gated ({self.gated})" if self.is_gated else "not gated")
        if self.architecture:
            parts.append(self.architecture)
        if self.parameters:
            parts.append(f"{describe_parameters(self.parameters)} parameters")
        if self.context_length:
            parts.append(f"context {self.context_length}")
        return " · ".join(parts)

    def access_note(self, has_token: bool) -> str | None:
        """How to get access to a gated repository (None when it is not gated)."""
        if not self.is_gated:
            return None
        page = f"{self.endpoint}/{self.repo}"
        if has_token:
            return (
                f"{self.repo} is gated: downloads work once the account of your token has "
                f"accepted its licence at {page}"
            )
        return (
            f"{self.repo} is gated: sign in at {page}, accept its licence, then add your access "
            "token with Hub token... in the model picker (terminal: HF_TOKEN)"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "repo": self.repo,
            "revision": self.revision,
            "license": self.license,
            "gated": self.gated,
            "architecture": self.architecture,
            "parameters": self.parameters,
            "context_length": self.context_length,
            "models": [m.to_dict() for m in self.models],
        }


def search_hub(text: str, access: HubAccess, limit: int = SEARCH_LIMIT) -> list[HubRepo]:
    """GGUF repositories whose name contains ``text``, most downloaded first.

    The request is the one ``HfApi.list_models(search=text, filter="gguf",
    sort="downloads", limit=limit, expand=SEARCH_FIELDS)`` sends, with its ``Link``
    pages, made with huggingface_hub's session, headers and errors, but tried once:
    ``list_models`` retries a failed connection five times (23 s), too long for an
    answer while the user types.
    """
    from huggingface_hub import ModelInfo, get_session
    from huggingface_hub.utils import build_hf_headers, hf_raise_for_status

    text = text.strip()
    if not text:
        return []
    limit = max(1, min(limit, MAX_SEARCH_LIMIT))
    params: dict[str, Any] | None = {
        "search": text,
        "filter": ["gguf"],
        "sort": "downloads",
        "limit": limit,
        "expand": SEARCH_FIELDS,
    }
    headers = build_hf_headers(token=access.token_arg)
    url: str | None = f"{access.endpoint}/api/models"
    found: list[HubRepo] = []
    try:
        while url is not None and len(found) < limit:
            response = get_session().get(
                url, params=params, headers=headers, timeout=REQUEST_TIMEOUT_S
            )
            hf_raise_for_status(response)
            found += [_repo(ModelInfo(**item)) for item in response.json()]
            url, params = response.links.get("next", {}).get("url"), None
    except Exception as exc:
        what = Message(QT_TRANSLATE_NOOP("core", "the search for {text!r}"), text=text)
        raise describe_hub_failure(exc, what, access.endpoint) from None
    return found[:limit]


def repo_details(repo: str, access: HubAccess) -> RepoDetails:
    """``repo``'s GGUF models (split files grouped), licence, gate and commit."""
    from huggingface_hub import HfApi

    try:
        check_repo_id(repo)
    except ChatAppError as exc:
        raise HubSearchError(message_of(exc), DownloadErrorKind.BAD_NAME) from None
    api = HfApi(endpoint=access.endpoint, token=access.token_arg)
    try:
        info = api.model_info(repo, files_metadata=True, timeout=REQUEST_TIMEOUT_S)
    except Exception as exc:
        raise describe_hub_failure(exc, repo, access.endpoint, repo=repo) from None
    files = [
        RepoFile(s.rfilename, s.size, s.lfs.sha256 if s.lfs else None) for s in info.siblings or []
    ]
    gguf = info.gguf if isinstance(info.gguf, dict) else {}
    return RepoDetails(
        repo=repo,
        endpoint=access.endpoint,
        revision=info.sha,
        license=_license(info.card_data),
        gated=info.gated or False,
        models=group_gguf_files(files),
        architecture=gguf.get("architecture"),
        parameters=gguf.get("total"),
        context_length=gguf.get("context_length"),
    )


def _repo(model: Any) -> HubRepo:
    return HubRepo(
        id=model.id,
        author=model.author,
        downloads=model.downloads or 0,
        likes=model.likes or 0,
        last_modified=model.last_modified,
        gated=model.gated or False,
    )


def _license(card: Any) -> str | None:
    if card is None:
        return None
    name = getattr(card, "license_name", None)
    value = getattr(card, "license", None)
    if value == "other" and name:
        return str(name)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or None
    return str(value) if value else None


def describe_hub_failure(
    exc: BaseException, what: str, endpoint: str, *, repo: str | None = None
) -> HubSearchError:
    """A hub or network exception about ``what`` (a search, a repository) in one line."""
    import httpx2
    from huggingface_hub.errors import (
        HfHubHTTPError,
        OfflineModeIsEnabled,
        RepositoryNotFoundError,
    )

    kind = DownloadErrorKind
    if isinstance(exc, HfHubHTTPError):
        status = exc.response.status_code if exc.response is not None else 0
        if status in (401, 403):
            template = QT_TRANSLATE_NOOP(
                "core",
                "{endpoint} refused {what} ({status}): the repository is private or gated, or "
                "your token is wrong; check Hub token... in the model picker (terminal: HF_TOKEN)",
            )
            return HubSearchError(
                Message(template, endpoint=endpoint, what=what, status=status), kind.AUTH
            )
        if isinstance(exc, RepositoryNotFoundError) or status == 404:
            template = QT_TRANSLATE_NOOP(
                "core", "{what} was not found on {endpoint} (404); check the name"
            )
            return HubSearchError(
                Message(template, what=repo or what, endpoint=endpoint), kind.NOT_FOUND
            )
        template = QT_TRANSLATE_NOOP(
            "core",
            "{endpoint} answered {status} to {what}; try again later or choose another source "
            "under Download from (terminal: --endpoint)",
        )
        return HubSearchError(
            Message(template, endpoint=endpoint, status=status, what=what), kind.SERVER
        )
    if isinstance(exc, OfflineModeIsEnabled):
        return HubSearchError(
            Message(
                QT_TRANSLATE_NOOP("core", "the hub is not asked because HF_HUB_OFFLINE is set")
            ),
            kind.UNREACHABLE,
        )
    if isinstance(exc, (httpx2.TransportError, OSError)):
        template = (
            QT_TRANSLATE_NOOP(
                "core",
                "cannot reach {endpoint} ({reason}); try {mirror}; the catalog and installed "
                "models still work",
            )
            if endpoint != MIRROR_ENDPOINT
            else QT_TRANSLATE_NOOP(
                "core",
                "cannot reach {endpoint} ({reason}); the catalog and installed models still work",
            )
        )
        return HubSearchError(
            Message(template, endpoint=endpoint, reason=short_reason(exc), mirror=MIRROR_ENDPOINT),
            kind.UNREACHABLE,
        )
    log.warning("unexpected failure of %s on %s", what, endpoint, exc_info=exc)
    template = QT_TRANSLATE_NOOP("core", "{what} failed on {endpoint}: {reason}")
    return HubSearchError(
        Message(template, what=what, endpoint=endpoint, reason=short_reason(exc)), kind.SERVER
    )
