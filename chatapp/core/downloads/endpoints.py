"""Which hub to download from (huggingface.co, a mirror, a local fake) and with what token."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from chatapp.core.downloads.errors import DownloadError, DownloadErrorKind
from chatapp.core.messages import QT_TRANSLATE_NOOP, Message

DEFAULT_ENDPOINT = "https://huggingface.co"
MIRROR_ENDPOINT = "https://hf-mirror.com"
KNOWN_ENDPOINTS = {"Hugging Face": DEFAULT_ENDPOINT, "hf-mirror.com": MIRROR_ENDPOINT}


@dataclass(frozen=True)
class HubAccess:
    """How to reach the hub: the endpoint URL and an optional token."""

    endpoint: str = DEFAULT_ENDPOINT
    token: str | None = None

    @property
    def token_arg(self) -> str | bool:
        # False stops huggingface_hub from also reading a token saved by `hf auth login`.
        return self.token if self.token else False


def resolve_endpoint(setting: str | None) -> str:
    """The endpoint to use: the setting, else $HF_ENDPOINT, else huggingface.co."""
    value = (setting or os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).strip()
    if not re.match(r"^https?://[^\s/]+", value):
        raise DownloadError(
            Message(
                QT_TRANSLATE_NOOP(
                    "core", "the hub endpoint {value!r} is not a web address; use e.g. {mirror}"
                ),
                value=value,
                mirror=MIRROR_ENDPOINT,
            ),
            DownloadErrorKind.BAD_NAME,
        )
    return value.rstrip("/")


def hub_access(endpoint_setting: str | None, token: str | None = None) -> HubAccess:
    """HubAccess from settings, honouring HF_ENDPOINT and HF_TOKEN when they are unset."""
    return HubAccess(
        resolve_endpoint(endpoint_setting), token or os.environ.get("HF_TOKEN") or None
    )
