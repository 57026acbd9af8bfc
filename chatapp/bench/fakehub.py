"""A small Hugging Face hub on 127.0.0.1 that speaks enough of the protocol for
huggingface_hub and ChatApp's downloads, and can misbehave on request.

    with FakeHub() as hub:
        hub.add("org/model-GGUF", "model.gguf", Path("model.gguf"))
        hub.misbehave("org/model-GGUF", "model.gguf", cut_at=1_000_000)
        ... download from hub.endpoint ...
        hub.ranges_seen("org/model-GGUF", "model.gguf")

It also answers the model search and repository API (:mod:`chatapp.bench.fakehub_api`):

        hub.describe("org/model-GGUF", downloads=120, license="apache-2.0", gated="manual")
        hub.search_delays["qwe"] = 2.0      # a slow answer to one search text
        hub.search_status = 500             # every search fails

Files are served at ``main`` and at the repository's commit; another revision is a 404
(RevisionNotFound). It never sends X-Xet-Hash, so clients use plain HTTP downloads. The
tests and the download benchmark use it; to try the app by hand against it:

    python -m chatapp.bench.fakehub FOLDER owner/repo      # PORT=8765 by default
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from chatapp.bench.fakehub_api import (
    COMMIT,
    HostedSibling,
    RepoCard,
    model_json,
    search_page,
)

__all__ = ["COMMIT", "FakeHub", "Misbehaviour", "RepoCard"]
HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Model page</title></head>"
    b"<body><p>This is the model's web page, not the file.</p></body></html>\n" * 20
)
LFS_THRESHOLD = 10 * 1024
SENDFILE_STEP = 4 * 1024 * 1024


@dataclass
class Misbehaviour:
    """How one file misbehaves. ``status_times`` counts how many requests get ``status``;
    ``html_bytes`` makes the web page served by ``html`` that long (trickled like a file);
    ``claimed_size`` is the size the hub tells before the download (not what it sends)."""

    cut_at: int | None = None
    cut_times: int = 1
    wrong_bytes: bool = False
    html: bool = False
    html_bytes: int | None = None
    status: int | None = None
    status_times: int = 1_000_000
    error_code: str | None = None
    trickle_bytes_per_second: int | None = None
    ignore_range: bool = False
    token: str | None = None
    claimed_size: int | None = None


@dataclass
class _HostedFile:
    source: Path | bytes
    size: int
    sha256: str
    git_sha1: str
    misbehaviour: Misbehaviour = field(default_factory=Misbehaviour)

    @property
    def is_lfs(self) -> bool:
        return self.size >= LFS_THRESHOLD

    @property
    def etag(self) -> str:
        return self.sha256 if self.is_lfs else self.git_sha1


@dataclass
class SeenRequest:
    method: str
    path: str
    headers: dict[str, str]


class FakeHub:
    """A threaded HTTP server on 127.0.0.1 serving repositories from memory or disk."""

    def __init__(self) -> None:
        self.repos: dict[str, dict[str, _HostedFile]] = {}
        self.cards: dict[str, RepoCard] = {}
        self.requests: list[SeenRequest] = []
        self.search_delays: dict[str, float] = {}  # search text -> seconds before answering
        self.search_status: int | None = None  # every search answers this status
        self.page_size = 1000  # results per page of a search (more: a Link to the next)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.bytes_sent = 0

    @property
    def endpoint(self) -> str:
        assert self._server is not None, "start the hub first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def add(self, repo: str, name: str, source: Path | bytes) -> None:
        """Host ``source`` (a file or bytes) as ``repo``'s ``name``."""
        data_hash = hashlib.sha256()
        if isinstance(source, bytes):
            size = len(source)
            data_hash.update(source)
            blob = hashlib.sha1(f"blob {size}\0".encode() + source)
        else:
            size = source.stat().st_size
            blob = hashlib.sha1(f"blob {size}\0".encode())
            with open(source, "rb") as data:
                for block in iter(lambda: data.read(4 * 1024 * 1024), b""):
                    data_hash.update(block)
                    blob.update(block)
        self.repos.setdefault(repo, {})[name] = _HostedFile(
            source, size, data_hash.hexdigest(), blob.hexdigest()
        )

    def describe(self, repo: str, **card: Any) -> None:
        """Set what the hub says about ``repo`` beyond its files (:class:`RepoCard` fields)."""
        self.cards[repo] = RepoCard(**card)

    def card(self, repo: str) -> RepoCard:
        """What the hub says about ``repo`` (defaults when :meth:`describe` was not called)."""
        return self.cards.get(repo) or RepoCard()

    def model_json(self, repo: str, blobs: bool = True) -> dict[str, Any]:
        """The API's JSON for ``repo``."""
        siblings = [
            HostedSibling(name, f.size, f.git_sha1, f.sha256 if f.is_lfs else None)
            for name, f in self.repos.get(repo, {}).items()
        ]
        return model_json(repo, self.card(repo), siblings, blobs)

    def misbehave(self, repo: str, name: str, **how: Any) -> None:
        """Make ``repo``'s ``name`` misbehave as :class:`Misbehaviour` ``how`` says."""
        self.repos[repo][name].misbehaviour = Misbehaviour(**how)

    def behave(self, repo: str, name: str) -> None:
        """Serve ``repo``'s ``name`` normally again."""
        self.repos[repo][name].misbehaviour = Misbehaviour()

    def sha256(self, repo: str, name: str) -> str:
        """The sha256 of a hosted file."""
        return self.repos[repo][name].sha256

    def ranges_seen(self, repo: str, name: str) -> list[str | None]:
        """The Range header of every GET of the file, in order (None: no Range)."""
        return [r.headers.get("range") for r in self.file_gets(repo, name)]

    def file_gets(self, repo: str, name: str) -> list[SeenRequest]:
        """Every GET of the file, at any revision, in order."""
        prefix, suffix = f"/{repo}/resolve/", f"/{name}"
        return [
            r
            for r in self.requests
            if r.method == "GET"
            and r.path.startswith(prefix)
            and r.path.endswith(suffix)
            and "/" not in r.path[len(prefix) : -len(suffix)]
        ]

    def start(self) -> FakeHub:
        """Serve on a free port of 127.0.0.1 from a daemon thread."""
        handler = type("Handler", (_Handler,), {"hub": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="fake-hub"
        )
        self._thread.daemon = True
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def __enter__(self) -> FakeHub:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


class _Handler(BaseHTTPRequestHandler):
    hub: FakeHub
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib name)
        return  # requests are recorded in hub.requests instead of printed

    def do_HEAD(self) -> None:  # noqa: N802 (stdlib name)
        self._serve(send_body=False)

    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        self._serve(send_body=True)

    def _serve(self, send_body: bool) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path)
        with self.hub._lock:
            self.hub.requests.append(
                SeenRequest(self.command, path, {k.lower(): v for k, v in self.headers.items()})
            )
        if path == "/api/models":
            self._search(parse_qs(url.query), send_body)
            return
        if path.startswith("/api/models/"):
            self._api(path.removeprefix("/api/models/"), parse_qs(url.query), send_body)
            return
        parts = path.lstrip("/").split("/")
        if len(parts) < 5 or parts[2] != "resolve":
            self._error(404, "RepoNotFound", "Repository not found")
            return
        repo, name = "/".join(parts[:2]), "/".join(parts[4:])
        files = self.hub.repos.get(repo)
        if files is None:
            self._error(404, "RepoNotFound", "Repository not found")
            return
        if parts[3] not in ("main", self.hub.card(repo).commit):
            self._error(404, "RevisionNotFound", f"Invalid rev id: {parts[3]}")
            return
        hosted = files.get(name)
        if hosted is None:
            self._error(404, "EntryNotFound", f"{name} does not exist")
            return
        bad = hosted.misbehaviour
        if bad.token and self.headers.get("Authorization") != f"Bearer {bad.token}":
            self._error(401, bad.error_code or "GatedRepo", "Access to this repo is restricted")
            return
        if bad.status is not None and bad.status_times > 0:
            bad.status_times -= 1
            self._error(bad.status, bad.error_code, f"error {bad.status}")
            return
        if bad.html:
            self._send_html(bad, send_body)
            return
        self._send_file(hosted, send_body)

    def _search(self, query: dict[str, list[str]], send_body: bool) -> None:
        text = (query.get("search") or [""])[0]
        delay = self.hub.search_delays.get(text, 0.0)
        if delay:
            time.sleep(delay)
        if self.hub.search_status is not None:
            status = self.hub.search_status
            self._error(status, None, f"error {status}")
            return
        everything = [self.hub.model_json(repo, blobs=False) for repo in self.hub.repos]
        page = search_page(everything, query, self.hub.endpoint, self.hub.page_size)
        links = {"Link": f'<{page.next_url}>; rel="next"'} if page.next_url else {}
        body = json.dumps(page.models).encode()
        self._send_bytes(200, body, "application/json", send_body, links)

    def _api(self, rest: str, query: dict[str, list[str]], send_body: bool) -> None:
        repo, _, revision = rest.partition("/revision/")
        if repo not in self.hub.repos:
            self._error(404, "RepoNotFound", "Repository not found")
            return
        card = self.hub.card(repo)
        if card.api_status == 401:
            self._error(401, "RepoNotFound", "Repository not found")
            return
        if card.api_status is not None:
            self._error(card.api_status, None, f"error {card.api_status}")
            return
        if revision and revision not in ("main", card.commit):
            self._error(404, "RevisionNotFound", f"Invalid rev id: {revision}")
            return
        data = self.hub.model_json(repo, blobs=(query.get("blobs") or [""])[0].lower() == "true")
        for sibling in data["siblings"]:  # a web page served as a file has no LFS hash
            hosted = self.hub.repos[repo][sibling["rfilename"]]
            if hosted.misbehaviour.html:
                sibling.pop("lfs", None)
        self._send_bytes(200, json.dumps(data).encode(), "application/json", send_body)

    def _repo(self) -> str:
        return "/".join(unquote(urlsplit(self.path).path).lstrip("/").split("/")[:2])

    def _error(self, status: int, code: str | None, message: str) -> None:
        body = json.dumps({"error": message}).encode()
        self.send_response(status)
        if code:
            self.send_header("X-Error-Code", code)
        self.send_header("X-Error-Message", message)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_html(self, bad: Misbehaviour, send_body: bool) -> None:
        size = bad.html_bytes or len(HTML_PAGE)
        page = (HTML_PAGE * (size // len(HTML_PAGE) + 1))[:size]
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("ETag", 'W/"html-page"')
        self.send_header("X-Repo-Commit", self.hub.card(self._repo()).commit)
        self.send_header("Content-Length", str(size))
        self.end_headers()
        if send_body:
            try:
                self._write_body(page, size, bad, 0, None)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

    def _send_bytes(
        self,
        status: int,
        body: bytes,
        content_type: str,
        send_body: bool,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _send_file(self, hosted: _HostedFile, send_body: bool) -> None:
        bad = hosted.misbehaviour
        start = 0
        requested = self.headers.get("Range")
        if requested and not bad.ignore_range and requested.startswith("bytes="):
            start = int(requested.removeprefix("bytes=").split("-")[0])
        if start > hosted.size:
            self.send_response(416)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(206 if start else 200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("X-Repo-Commit", self.hub.card(self._repo()).commit)
        self.send_header("ETag", f'"{hosted.etag}"')
        if hosted.is_lfs:
            self.send_header("X-Linked-Etag", f'"{hosted.sha256}"')
            self.send_header("X-Linked-Size", str(bad.claimed_size or hosted.size))
        if start:
            self.send_header("Content-Range", f"bytes {start}-{hosted.size - 1}/{hosted.size}")
        self.send_header("Content-Length", str(hosted.size - start))
        self.end_headers()
        if not send_body:
            return
        cut = None
        if bad.cut_at is not None and bad.cut_times > 0 and bad.cut_at > start:
            bad.cut_times -= 1
            cut = bad.cut_at
        try:
            self._write_body(hosted.source, hosted.size, bad, start, cut)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client went away (a stopped download)
            return
        if cut is not None:
            self.close_connection = True
            self.connection.shutdown(2)

    def _write_body(
        self, body: Path | bytes, size: int, bad: Misbehaviour, start: int, cut: int | None
    ) -> None:
        end = size if cut is None else cut
        step = 64 * 1024
        rate = bad.trickle_bytes_per_second or 0
        if isinstance(body, Path) and not rate and not bad.wrong_bytes:
            self._send_from_disk(body, start, end)
            return
        if rate:
            step = max(1, rate // 20)
        offset = start
        started = time.monotonic()
        with _open(body) as source:
            while offset < end:
                source.seek(offset)
                block = source.read(min(step, end - offset))
                if bad.wrong_bytes and offset <= size // 2 < offset + len(block):
                    middle = size // 2 - offset
                    block = block[:middle] + bytes([block[middle] ^ 0xFF]) + block[middle + 1 :]
                self.wfile.write(block)
                self.hub.bytes_sent += len(block)
                offset += len(block)
                if rate:
                    # A steady rate: sleep until this many bytes are due, so that the
                    # client's own time per block does not slow the link down further.
                    self.wfile.flush()
                    due = started + (offset - start) / rate
                    time.sleep(max(0.0, due - time.monotonic()))

    def _send_from_disk(self, path: Path, start: int, end: int) -> None:
        """Bytes ``start:end`` of a file, unpaced: straight from the page cache
        (``sendfile``), so that serving costs little CPU beside the client's."""
        offset = start
        with open(path, "rb") as source:
            while offset < end:
                sent = self.connection.sendfile(source, offset, min(SENDFILE_STEP, end - offset))
                if not sent:
                    return  # the file is shorter than when it was added
                self.hub.bytes_sent += sent
                offset += sent


def _open(source: Path | bytes) -> Any:
    import io

    if isinstance(source, bytes):
        return io.BytesIO(source)
    return open(source, "rb")  # noqa: SIM115 (closed by the caller's with)


def serve_forever(folder: Path, repo: str, port: int = 8765) -> None:
    """Serve every file in ``folder`` as ``repo`` (for trying the app by hand)."""
    hub = FakeHub()
    for path in sorted(folder.iterdir()):
        if path.is_file():
            hub.add(repo, path.name, path)
    hub._server = ThreadingHTTPServer(("127.0.0.1", port), type("H", (_Handler,), {"hub": hub}))
    print(f"fake hub at {hub.endpoint} serving {repo}: {', '.join(hub.repos.get(repo, {}))}")
    hub._server.serve_forever()


if __name__ == "__main__":
    import sys

    serve_forever(Path(sys.argv[1]), sys.argv[2], int(os.environ.get("PORT", "8765")))
