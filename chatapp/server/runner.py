"""LocalApiServer: the API server on a socket, in the foreground or beside the window.

uvicorn serves the ASGI app with its pure-Python h11 parser. The socket is bound here,
before uvicorn starts, so that a port in use is one clear error and port 0 gives a free
port at once (``port`` then says which).

For the window (the lead wires it; nothing here imports Qt)::

    server = LocalApiServer(scheduler, ApiServerSettings(port=8765), on_request=record)
    server.start()           # ApiServerError with one line when it cannot listen
    server.base_url          # "http://127.0.0.1:8765/v1", server.curl_example() to copy
    ...
    server.stop()            # cancels its API replies, closes the socket, joins the thread

``on_request`` gets a ``RequestRecord`` per request on the server's thread, and
``Scheduler.add_listener`` tells when an API job is the active one (busy indicator):
both must be handed to the GUI thread by a queued signal.
"""

from __future__ import annotations

import logging
import socket
import threading
import time

import uvicorn

from chatapp.core.messages import Message
from chatapp.core.scheduler import Scheduler
from chatapp.core.settings import SamplingParams
from chatapp.server.app import ApiApp
from chatapp.server.config import (
    DID_NOT_START,
    LISTEN_FAILED,
    PORT_IN_USE,
    ApiServerError,
    ApiServerSettings,
    RequestListener,
)

log = logging.getLogger(__name__)


class LocalApiServer:
    """The OpenAI-compatible API on ``settings.host``:``port``, replies from ``scheduler``."""

    def __init__(
        self,
        scheduler: Scheduler,
        settings: ApiServerSettings | None = None,
        *,
        default_sampling: SamplingParams | None = None,
        on_request: RequestListener | None = None,
    ) -> None:
        self.settings = settings or ApiServerSettings()
        self.settings.validate()
        self.app = ApiApp(
            scheduler,
            bound_host=self.settings.host,
            api_key=self.settings.api_key,
            cors_origins=self.settings.cors_origins,
            default_sampling=default_sampling,
            on_request=on_request,
            max_body_bytes=self.settings.max_body_bytes,
        )
        self._socket: socket.socket | None = None
        self._bound_port: int | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port listened on (the one chosen when ``settings.port`` was 0)."""
        return self.settings.port if self._bound_port is None else self._bound_port

    @property
    def address(self) -> str:
        host = self.settings.host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.port}"

    @property
    def base_url(self) -> str:
        """What an OpenAI client's ``base_url`` is set to."""
        return f"{self.address}/v1"

    @property
    def is_running(self) -> bool:
        return self._server is not None and self._server.started and not self._server.should_exit

    def curl_example(self) -> str:
        """A command line that asks the server for a reply (for the window to copy)."""
        key = ' -H "Authorization: Bearer $CHATAPP_API_KEY"' if self.settings.api_key else ""
        return (
            f"curl {self.base_url}/chat/completions -H 'Content-Type: application/json'{key} "
            '-d \'{"messages": [{"role": "user", "content": "Hello!"}]}\''
        )

    def bind(self) -> uvicorn.Server:
        """Listen on the socket (serve_forever and start do it when not done yet); raises
        ApiServerError with one line when the address cannot be had."""
        if self._server is not None:
            return self._server
        host, port = self.settings.host, self.settings.port
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        try:
            self._socket = socket.create_server((host.strip("[]"), port), family=family)
        except OSError as exc:
            if port and exc.errno in (98, 48, 10048):
                raise ApiServerError(Message(PORT_IN_USE, host=host, port=port)) from None
            reason = exc.strerror or str(exc)
            raise ApiServerError(
                Message(LISTEN_FAILED, host=host, port=port, reason=reason)
            ) from None
        # Accepted connections inherit this. asyncio sets it only on sockets made with
        # IPPROTO_TCP, which create_server's are not: without it, an event written right
        # after the response head waited for the client's delayed ACK (40 ms on Linux).
        self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._bound_port = int(self._socket.getsockname()[1])
        config = uvicorn.Config(
            self.app.asgi,
            http="h11",
            ws="none",
            loop="asyncio",
            lifespan="off",
            interface="asgi3",
            log_config=None,
            log_level="warning",
            access_log=False,
            server_header=False,
            timeout_graceful_shutdown=2,
        )
        self._server = uvicorn.Server(config)
        return self._server

    def serve_forever(self) -> None:
        """Serve in this thread until Ctrl+C (SIGINT/SIGTERM on the main thread) or stop()."""
        server = self.bind()
        assert self._socket is not None
        try:
            server.run(sockets=[self._socket])
        finally:
            self.app.cancel_all()
            self._close_socket()

    def start(self, timeout: float = 10.0) -> None:
        """Serve on a background thread; returns once the server listens."""
        server = self.bind()
        assert self._socket is not None
        sockets = [self._socket]
        self._thread = threading.Thread(
            target=server.run, kwargs={"sockets": sockets}, name="chatapp-api", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise ApiServerError(Message(DID_NOT_START))
            time.sleep(0.01)
        log.info("API server listening on %s", self.address)

    def stop(self, timeout: float = 10.0) -> None:
        """Cancel the API's replies, stop serving and wait for the server's thread."""
        self.app.cancel_all()
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._server = None
        self._close_socket()

    def _close_socket(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None
