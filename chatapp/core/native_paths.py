"""Paths handed to native code (llama.cpp), which takes them as UTF-8 bytes.

Python keeps an undecodable file name as a str with surrogates (PEP 383), and in a
non-UTF-8 locale (``LC_ALL=C`` with UTF-8 mode off) even a valid UTF-8 name cannot be
both encoded for the file system and as UTF-8. llama-cpp-python encodes the path as
UTF-8 and checks it with ``os.path.exists``; for such a path ChatApp gives it an
ASCII-named symbolic link to the same file instead.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path


def path_for_native_code(path: Path) -> str:
    """``path`` as a str that both the file system and a UTF-8 C API accept."""
    text = str(path)
    try:
        if os.fsencode(text) == text.encode("utf-8"):
            return text
    except UnicodeEncodeError:
        pass
    if os.name == "nt":  # Windows file names are Unicode: the first check always passes
        return text
    raw = os.fsencode(path.resolve())
    folder = _private_link_folder()
    suffix = path.suffix if path.suffix.isascii() else ""
    link = folder / f"{hashlib.sha256(raw).hexdigest()[:20]}{suffix}"
    link_bytes = os.fsencode(link)
    try:
        if os.readlink(link_bytes) != raw:
            os.unlink(link_bytes)
            os.symlink(raw, link_bytes)
    except FileNotFoundError:
        os.symlink(raw, link_bytes)
    return str(link)


def _private_link_folder() -> Path:
    folder = Path(tempfile.gettempdir()) / f"chatapp-paths-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        info = os.lstat(folder)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            raise OSError(f"{folder} is not a folder of this user's: remove it") from None
    return folder
