"""The download's sha256, read back from disk by a second thread as the file grows."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

from chatapp.core.downloads.running_hash import READ_BYTES, RunningHash

NEVER = threading.Event()


def _blocks(count: int, size: int, seed: int) -> list[bytes]:
    return [bytes([(seed + i) % 251]) * size for i in range(count)]


def test_the_hash_covers_every_byte_written_in_pieces(tmp_path: Path) -> None:
    part = tmp_path / "model.gguf.part"
    blocks = _blocks(7, READ_BYTES // 3 + 17, seed=1)
    with open(part, "ab") as out, RunningHash(part) as running:
        for block in blocks:
            out.write(block)
            out.flush()
            running.advance(out.tell())
        out.write(b"tail not yet announced")
        out.close()
        digest, size = running.finish(NEVER)
    whole = b"".join(blocks) + b"tail not yet announced"
    assert (digest, size) == (hashlib.sha256(whole).hexdigest(), len(whole))


def test_a_resumed_file_is_hashed_from_its_first_byte(tmp_path: Path) -> None:
    part = tmp_path / "model.gguf.part"
    kept = os.urandom(3 * 1024 * 1024 + 5)
    part.write_bytes(kept)
    with open(part, "ab") as out, RunningHash(part) as running:
        running.advance(len(kept))
        out.write(b"the rest")
        out.close()
        digest, size = running.finish(NEVER)
    assert digest == hashlib.sha256(kept + b"the rest").hexdigest()
    assert size == len(kept) + len(b"the rest")


def test_a_restarted_file_is_hashed_again_from_the_start(tmp_path: Path) -> None:
    part = tmp_path / "model.gguf.part"
    with open(part, "ab") as out, RunningHash(part) as running:
        for block in _blocks(3, 1024 * 1024, seed=7):
            out.write(block)
            out.flush()
            running.advance(out.tell())
        running.restart()
        out.seek(0)
        out.truncate()
        fresh = _blocks(2, 1024 * 1024, seed=99)
        for block in fresh:
            out.write(block)
        out.close()
        digest, size = running.finish(NEVER)
    assert (digest, size) == (hashlib.sha256(b"".join(fresh)).hexdigest(), 2 * 1024 * 1024)
