"""The links beside each message's name in the conversation view: the ``‹ 2/3 ›``
navigator between its branches, Copy, Edit (the user's messages) and Delete."""

from __future__ import annotations

Navigator = tuple[int, int] | None  # (which sibling, from 1; how many siblings)

BRANCH_STEPS = {"branch-previous": -1, "branch-next": +1}


def header_links(index: int, role: str, navigator: Navigator) -> str:
    """The links (HTML) for the message shown at ``index``."""
    links = []
    if navigator is not None and navigator[1] > 1:
        links.append(
            f'<a href="branch-previous:{index}">‹</a> {navigator[0]}/{navigator[1]} '
            f'<a href="branch-next:{index}">›</a>'
        )
    links.append(f'<a href="copy-message:{index}">Copy</a>')
    if role == "user":
        links.append(f'<a href="edit:{index}">Edit</a>')
    links.append(f'<a href="delete:{index}">Delete</a>')
    return " · ".join(links)
