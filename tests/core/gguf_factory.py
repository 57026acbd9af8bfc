"""Moved to ``tests.helpers.gguf_factory``; this name stays until every test imports
from there."""

from __future__ import annotations

from tests.helpers.gguf_factory import replace_header_bytes, write_gguf

__all__ = ["replace_header_bytes", "write_gguf"]
