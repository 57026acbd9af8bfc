"""The links beside each message's name in the conversation view: the ``‹ 2/3 ›``
navigator between its branches, Copy, Edit (the user's messages) and Delete."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

Navigator = tuple[int, int] | None  # (which sibling, from 1; how many siblings)

BRANCH_STEPS = {"branch-previous": -1, "branch-next": +1}
SEPARATOR = " · "


def header_parts(index: int, role: str, navigator: Navigator) -> list[tuple[str, str]]:
    """The links for the message shown at ``index``, as (text, link target) pieces; a
    piece without a target ("") is plain text."""
    translate = QCoreApplication.translate
    parts: list[tuple[str, str]] = []
    if navigator is not None and navigator[1] > 1:
        parts += [
            ("‹", f"branch-previous:{index}"),
            (f" {navigator[0]}/{navigator[1]} ", ""),
            ("›", f"branch-next:{index}"),
            (SEPARATOR, ""),
        ]
    parts += [(translate("ChatView", "Copy"), f"copy-message:{index}")]
    if role == "user":
        parts += [(SEPARATOR, ""), (translate("ChatView", "Edit"), f"edit:{index}")]
    parts += [(SEPARATOR, ""), (translate("ChatView", "Delete"), f"delete:{index}")]
    return parts
