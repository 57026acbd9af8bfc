"""The sha256 of a partial file, read back from disk by a second thread while the
download appends to it, so that the receiving loop never waits for the hash.

Every byte is hashed as it lies on disk: the thread reads the file through its own
handle, only up to what the download has flushed, and finishes by reading to the end of
the file once the last byte is written. When the download starts the file again (a
server that ignored a Range request) the hash starts again too.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from chatapp.core.downloads.errors import DownloadStopped

# Reads of the partial file, into one buffer: large enough that a read costs little
# beside the digest, small enough to stay in the CPU's cache while it is hashed.
READ_BYTES = 1024 * 1024


class RunningHash:
    """sha256 of ``path`` as it grows; ``advance(n)`` says the first ``n`` bytes are on
    disk, ``finish()`` waits for the last ones and gives the digest and the size hashed."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._changed = threading.Condition()
        self._available = 0
        self._generation = 0
        self._closing = False
        self._abandoned = False
        self._error: BaseException | None = None
        self._result: tuple[str, int] | None = None
        self._thread = threading.Thread(target=self._run, name="download-hash", daemon=True)

    def __enter__(self) -> RunningHash:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def advance(self, flushed: int) -> None:
        """The first ``flushed`` bytes of the file are written and flushed."""
        with self._changed:
            self._available = flushed
            self._changed.notify()

    def restart(self) -> None:
        """The file is about to be started again from its first byte."""
        with self._changed:
            self._generation += 1
            self._available = 0
            self._changed.notify()

    def finish(self, stop: threading.Event) -> tuple[str, int]:
        """(sha256, bytes hashed) of the whole file as it lies on disk now; the file must
        be complete and closed. Raises DownloadStopped when ``stop`` is set meanwhile."""
        with self._changed:
            self._closing = True
            self._changed.notify()
        while self._thread.is_alive():
            self._thread.join(timeout=0.1)
            if stop.is_set() and self._thread.is_alive():
                self.close()
                raise DownloadStopped(self._path.stat().st_size, None)
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result

    def close(self) -> None:
        """Stop the thread (what it hashed so far is dropped)."""
        with self._changed:
            self._closing = self._abandoned = True
            self._changed.notify()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        try:
            self._result = self._hash()
        except BaseException as exc:  # handed to finish() in the downloading thread
            self._error = exc

    def _hash(self) -> tuple[str, int] | None:
        buffer = memoryview(bytearray(READ_BYTES))
        with open(self._path, "rb", buffering=0) as data:
            digest, done, generation = hashlib.sha256(), 0, 0
            while True:
                with self._changed:
                    while (
                        not self._closing
                        and generation == self._generation
                        and done >= self._available
                    ):
                        self._changed.wait()
                    if self._abandoned:
                        return None
                    if generation != self._generation:
                        digest, done, generation = hashlib.sha256(), 0, self._generation
                        data.seek(0)
                        continue
                    upto = None if self._closing else self._available
                want = READ_BYTES if upto is None else min(READ_BYTES, upto - done)
                got = data.readinto(buffer[:want])
                with self._changed:
                    if generation != self._generation:
                        continue  # the file was started again while this was read
                if not got:
                    if upto is None:
                        return digest.hexdigest(), done
                    with self._changed:  # flushed bytes not visible yet: rare, brief
                        self._changed.wait(timeout=0.01)
                    continue
                digest.update(buffer[:got])
                done += got
