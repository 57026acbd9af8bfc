"""Downloads: ChatApp's verified, resumable download from the fake hub on 127.0.0.1
against a plain HTTP GET of the same file from the same server, and what a resume after
a cut at 50% fetches."""

from __future__ import annotations

import hashlib
import queue
import shutil
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from chatapp.bench.context import BenchContext
from chatapp.bench.fakehub import FakeHub
from chatapp.bench.fakehub_process import HubProcess
from chatapp.bench.report import Row
from chatapp.bench.stats import Check, alternate
from chatapp.core.downloads import DownloadError, HubAccess, download_file, partial_size

TITLE = "Downloads from a hub on 127.0.0.1"
GOAL_TEXT = "ChatApp >= 0.9x plain GET; a resume fetches only the missing half"
REPO = "bench-org/Bench-GGUF"
LABELS = {
    "chatapp": "ChatApp download",
    "plain_get": "plain GET",
    "chatapp_link": "ChatApp, hub paced at 200 MB/s",
    "plain_link": "plain GET, paced",
    "resume_mb": "resume after a cut at 50% fetched",
    "sha256": "sha256 of the file alone",
    "plain_hashed": "plain GET hashing in a second thread",
}
MB = 1_000_000
# A fast real link (1.6 Gbit/s): what loopback's unlimited speed hides.
LINK_BYTES_PER_SECOND = 200 * MB
CHUNK = 1024 * 1024


def plain_get(url: str, target: Path) -> int:
    """A plain HTTP GET of ``url`` into ``target`` (urllib, 1 MiB reads); bytes read."""
    done = 0
    with urllib.request.urlopen(url, timeout=60) as response, open(target, "wb") as out:
        while block := response.read(CHUNK):
            out.write(block)
            done += len(block)
    return done


def plain_get_hashed(url: str, target: Path) -> tuple[int, str]:
    """The plain GET with the sha256 of every byte taken in a second thread from the
    blocks as they arrive (1 MiB reads into reused buffers, no reading back): the least a
    verified download can cost here. Bytes read and the hex digest."""
    blocks: queue.Queue[memoryview | None] = queue.Queue(maxsize=8)
    free: queue.Queue[bytearray] = queue.Queue()
    for _ in range(10):
        free.put(bytearray(CHUNK))
    digest = hashlib.sha256()

    def hash_blocks() -> None:
        while (block := blocks.get()) is not None:
            digest.update(block)  # releases the GIL for the whole block
            free.put(block.obj)  # type: ignore[arg-type]

    hasher = threading.Thread(target=hash_blocks, name="bench-sha256")
    hasher.start()
    done = 0
    try:
        with urllib.request.urlopen(url, timeout=60) as response, open(target, "wb") as out:
            while True:
                buffer = free.get()
                got = response.readinto(buffer)
                if not got:
                    break
                block = memoryview(buffer)[:got]
                out.write(block)
                blocks.put(block)
                done += got
    finally:
        blocks.put(None)
        hasher.join()
    return done, digest.hexdigest()


def _sha256_of(source: Path) -> str:
    digest = hashlib.sha256()
    with open(source, "rb") as data:
        while block := data.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def sha256_speed(source: Path) -> float:
    """MB/s of hashing ``source`` (in the page cache) alone: the most any download that
    checks the sha256 of every byte can reach with one core for the hash."""
    digest = hashlib.sha256()
    buffer = memoryview(bytearray(CHUNK))
    started = time.perf_counter()
    with open(source, "rb", buffering=0) as data:
        while got := data.readinto(buffer):
            digest.update(buffer[:got])
    return source.stat().st_size / (time.perf_counter() - started) / MB


def run(ctx: BenchContext) -> Row:
    """Alternate ChatApp's download, the plain GET and a cut-and-resume download."""
    source = ctx.download_source or ctx.model
    name = source.name
    size = source.stat().st_size
    folder = ctx.workdir / "downloads"
    resume_info: dict[str, float] = {}
    expected = _sha256_of(source)
    # The hub serves from a process of its own, as a real one would: a client in the
    # same process would share the GIL with it (not possible in a frozen app).
    frozen = getattr(sys, "frozen", False)
    served_by = "a thread of this process" if frozen else "a process of its own"
    with FakeHub() if frozen else HubProcess(ctx.python) as hub:
        hub.add(REPO, name, source)
        access = HubAccess(hub.endpoint)
        url = f"{hub.endpoint}/{REPO}/resolve/main/{name}"

        def fresh(kind: str) -> Path:
            shutil.rmtree(folder / kind, ignore_errors=True)
            return folder / kind / REPO / name

        def paced(run: Callable[[], float]) -> Callable[[], float]:
            def run_paced() -> float:
                hub.misbehave(REPO, name, trickle_bytes_per_second=LINK_BYTES_PER_SECOND)
                try:
                    return run()
                finally:
                    hub.behave(REPO, name)

            return run_paced

        def chatapp() -> float:
            target = fresh("chatapp")
            started = time.perf_counter()
            download_file(REPO, name, target, access, retries=0)
            seconds = time.perf_counter() - started
            assert target.stat().st_size == size
            return size / seconds / MB

        def plain() -> float:
            target = fresh("plain")
            target.parent.mkdir(parents=True)
            started = time.perf_counter()
            got = plain_get(url, target)
            seconds = time.perf_counter() - started
            assert got == size
            return size / seconds / MB

        def plain_hashed() -> float:
            target = fresh("plain_hashed")
            target.parent.mkdir(parents=True)
            started = time.perf_counter()
            got, digest = plain_get_hashed(url, target)
            seconds = time.perf_counter() - started
            assert got == size and digest == expected
            return size / seconds / MB

        def resume() -> float:
            target = fresh("resume")
            hub.misbehave(REPO, name, cut_at=size // 2)
            try:
                download_file(REPO, name, target, access, retries=0)
                raise RuntimeError("the cut at 50% did not stop the download")
            except DownloadError:
                pass
            hub.behave(REPO, name)
            kept = partial_size(target) or 0
            before = hub.bytes_sent
            download_file(REPO, name, target, access, retries=0)
            fetched = hub.bytes_sent - before
            resume_info.update(kept=kept, fetched=fetched, missing=size - kept)
            resume_info["ratio"] = fetched / (size - kept) if size > kept else float("nan")
            return fetched / MB

        try:
            ctx.progress("download: warming up")
            chatapp(), plain()
            samples = alternate(
                {
                    "chatapp": chatapp,
                    "plain_get": plain,
                    "plain_hashed": plain_hashed,
                    "chatapp_link": paced(chatapp),
                    "plain_link": paced(plain),
                    "resume_mb": resume,
                    "sha256": lambda: sha256_speed(source),
                },
                ctx.rounds,
                lambda key, i, v: ctx.progress(f"download round {i + 1}: {key} {v:.0f}"),
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    row = Row("download", TITLE, "MB/s; MB", GOAL_TEXT, labels=dict(LABELS))
    row.add_samples(samples)
    speed = row.add_ratio("chatapp/plain", "chatapp", "plain_get")
    row.add_ratio("paced chatapp/plain", "chatapp_link", "plain_link")
    row.add_ratio("chatapp/sha256 alone", "chatapp", "sha256")
    row.add_ratio("plain hashed/plain", "plain_hashed", "plain_get")
    row.add_ratio("chatapp/plain hashed", "chatapp", "plain_hashed")
    fetched_ratio = resume_info.get("ratio", float("nan"))
    row.ratios["resume fetched/missing"] = fetched_ratio
    row.values["file_mb"] = size / MB
    row.values["kept_at_cut_mb"] = resume_info.get("kept", 0) / MB
    row.checks = [
        Check("chatapp/plain", speed, ">=", 0.9),
        Check("resume fetched/missing", fetched_ratio, "<=", 1.0),
        Check("kept at the cut / half", resume_info.get("kept", 0) / (size // 2), ">=", 0.99),
    ]
    row.notes.append(
        f"{name}, {size / MB:.0f} MB, served by the fake hub ({served_by}; unpaced files "
        "with sendfile, so that serving costs little CPU beside the client's); "
        "ChatApp's time includes the metadata requests, sha256, the GGUF check and the rename. "
        f"Resume: {resume_info.get('kept', 0) / MB:.1f} MB kept at the cut, "
        f"{resume_info.get('fetched', 0) / MB:.1f} MB fetched to finish."
    )
    return row
