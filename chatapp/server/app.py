"""The OpenAI-compatible endpoints, as a Starlette (ASGI) application.

``GET /health``, ``GET /v1/models``, ``POST /v1/chat/completions`` and ``POST
/v1/completions`` (with and without ``stream``). Each reply is a job on the shared
Scheduler: API requests and the window's replies wait their turn on one engine. Pieces
travel from the engine thread to the event loop through ``call_soon_threadsafe``; a
client that goes away cancels its job at once (queued or running).

Every request that reaches an endpoint, or is refused on the way, becomes one
``RequestRecord`` for ``on_request`` (called on the server's thread).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive

from chatapp.core.backend import BackendError, ReplyStats
from chatapp.core.reply_options import OptionsBackend
from chatapp.core.scheduler import (
    QueueFullError,
    ReplyHandle,
    ReplyItem,
    Scheduler,
    SchedulerClosedError,
)
from chatapp.core.settings import SamplingParams
from chatapp.server.config import MAX_BODY_BYTES, RequestListener, RequestRecord
from chatapp.server.guard import Guard, error_body
from chatapp.server.requests import ApiCall, RequestError, parse_chat, parse_completion, parse_json
from chatapp.server.responses import Answer, EventStream, sse_event

log = logging.getLogger(__name__)

CLIENT_CLOSED = 499  # nginx's "client closed request", for the log only


def model_id(scheduler: Scheduler) -> str | None:
    """The id clients see for the loaded model (its file name without ``.gguf``)."""
    describe = getattr(scheduler.backend, "describe", None)
    info = describe() if describe is not None else None
    if info is None:
        return None
    name = info.path.name
    return name[: -len(".gguf")] if name.lower().endswith(".gguf") else name


class ApiApp:
    """The endpoints, bound to a scheduler; ``asgi`` is the application to serve."""

    def __init__(
        self,
        scheduler: Scheduler,
        *,
        bound_host: str = "127.0.0.1",
        api_key: str | None = None,
        cors_origins: tuple[str, ...] = (),
        default_sampling: SamplingParams | None = None,
        on_request: RequestListener | None = None,
        max_body_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        self.scheduler = scheduler
        self.default_sampling = default_sampling or SamplingParams()
        self.on_request = on_request
        self.max_body_bytes = max_body_bytes
        self.handles: set[ReplyHandle] = set()
        routes = [
            Route("/health", self.health, methods=["GET"]),
            Route("/v1/models", self.models, methods=["GET"]),
            Route("/v1/chat/completions", self.chat_completions, methods=["POST"]),
            Route("/v1/completions", self.completions, methods=["POST"]),
        ]
        middleware = [
            Middleware(
                Guard,
                bound_host=bound_host,
                api_key=api_key,
                cors_origins=cors_origins,
                max_body_bytes=max_body_bytes,
                on_refused=self._refused,
            )
        ]
        if cors_origins:
            middleware.append(
                Middleware(
                    CORSMiddleware,
                    allow_origins=list(cors_origins),
                    allow_methods=["GET", "POST"],
                    allow_headers=["Authorization", "Content-Type"],
                )
            )
        self.asgi = Starlette(
            routes=routes,
            middleware=middleware,
            exception_handlers={404: self._not_found, 405: self._not_allowed, 500: self._failed},
        )

    def cancel_all(self) -> None:
        """Stop every API reply that waits or runs (the server is stopping)."""
        for handle in list(self.handles):
            handle.cancel()

    # --- the log -------------------------------------------------------------------------
    def _record(
        self,
        method: str,
        path: str,
        status: int,
        started: float,
        *,
        model: str = "",
        stats: ReplyStats | None = None,
        note: str = "",
    ) -> None:
        if self.on_request is None:
            return
        record = RequestRecord(
            time=datetime.now(),
            method=method,
            path=path,
            model=model,
            prompt_tokens=stats.prompt_tokens_total if stats else 0,
            completion_tokens=stats.generated_tokens if stats else 0,
            milliseconds=round((time.monotonic() - started) * 1000),
            status=status,
            note=note,
        )
        try:
            self.on_request(record)
        except Exception:
            log.exception("the request log listener failed")

    def _refused(self, method: str, path: str, status: int, message: str) -> None:
        self._record(method, path, status, time.monotonic(), note=message)

    def _error(
        self,
        request: Request,
        started: float,
        status: int,
        message: str,
        *,
        param: str | None = None,
        kind: str = "invalid_request_error",
        headers: dict[str, str] | None = None,
        model: str = "",
    ) -> JSONResponse:
        self._record(request.method, request.url.path, status, started, model=model, note=message)
        return JSONResponse(
            error_body(message, kind=kind, param=param), status_code=status, headers=headers
        )

    async def _not_found(self, request: Request, _exc: Exception) -> Response:
        return self._error(
            request,
            time.monotonic(),
            404,
            f"no such endpoint: {request.url.path[:100]}",
            kind="not_found_error",
        )

    async def _not_allowed(self, request: Request, _exc: Exception) -> Response:
        return self._error(
            request,
            time.monotonic(),
            405,
            f"{request.method} is not allowed on {request.url.path[:100]}",
        )

    async def _failed(self, request: Request, exc: Exception) -> Response:
        log.error("API request %s failed", request.url.path, exc_info=exc)
        return self._error(
            request,
            time.monotonic(),
            500,
            "the server failed on this request (details in the log)",
            kind="server_error",
        )

    # --- endpoints -----------------------------------------------------------------------
    async def health(self, request: Request) -> Response:
        model = model_id(self.scheduler)
        return JSONResponse(
            {"status": "ok", "model": model, "waiting": self.scheduler.state.waiting}
        )

    async def models(self, request: Request) -> Response:
        started = time.monotonic()
        model = model_id(self.scheduler)
        data = (
            []
            if model is None
            else [{"id": model, "object": "model", "created": 0, "owned_by": "chatapp"}]
        )
        self._record(request.method, request.url.path, 200, started, model=model or "")
        return JSONResponse({"object": "list", "data": data})

    async def chat_completions(self, request: Request) -> Response:
        return await self._reply(request, chat=True)

    async def completions(self, request: Request) -> Response:
        return await self._reply(request, chat=False)

    async def _reply(self, request: Request, *, chat: bool) -> Response:
        started = time.monotonic()
        try:
            body = await self._read_body(request)
            data = parse_json(body)
            call = (parse_chat if chat else parse_completion)(data, self.default_sampling)
        except RequestError as exc:
            return self._error(request, started, exc.status, str(exc), param=exc.param)
        except ClientDisconnect:
            self._record(
                request.method, request.url.path, CLIENT_CLOSED, started, note="client disconnected"
            )
            return Response(status_code=CLIENT_CLOSED)
        model = model_id(self.scheduler)
        if model is None or not isinstance(self.scheduler.backend, OptionsBackend):
            why = (
                "no model is loaded: load one in the ChatApp window first"
                if model is None
                else "the API server needs a local model (not a remote server)"
            )
            return self._error(
                request, started, 503, why, kind="server_error", headers={"Retry-After": "10"}
            )
        reply = _Reply(asyncio.get_running_loop())
        try:
            handle = self.scheduler.submit(
                _work(call), source="api", label=request.url.path, on_item=reply.put
            )
        except QueueFullError as exc:
            return self._error(
                request,
                started,
                503,
                str(exc),
                kind="server_error",
                headers={"Retry-After": str(exc.retry_after)},
                model=model,
            )
        except SchedulerClosedError as exc:
            return self._error(request, started, 503, str(exc), kind="server_error", model=model)
        self.handles.add(handle)
        watcher = asyncio.create_task(_watch_disconnect(request.receive, reply, handle))
        log_done = _LogOnce(self, request, started, model)
        try:
            first = await reply.get()
        except BaseException:
            self._finish(handle, watcher)
            raise
        if isinstance(first, BaseException):
            self._finish(handle, watcher)
            return self._reply_failed(request, started, first, model)
        kind = "chat.completion" if chat else "text_completion"
        answer = Answer(kind, model, chat)
        if call.stream:
            return EventStream(self._stream(first, reply, answer, call, log_done, handle, watcher))
        try:
            text, stats, failure = await _collect(first, reply)
        finally:
            self._finish(handle, watcher)
        if failure is not None:
            return self._reply_failed(request, started, failure, model)
        assert stats is not None
        if reply.disconnected:
            log_done(stats, CLIENT_CLOSED, "client disconnected")
            return Response(status_code=CLIENT_CLOSED)
        log_done(stats, 200)
        return JSONResponse(answer.whole(text, stats))

    async def _read_body(self, request: Request) -> bytes:
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > self.max_body_bytes:
                raise RequestError(
                    f"the request body is larger than {self.max_body_bytes >> 20} MiB", status=413
                )
            chunks.append(chunk)
        return b"".join(chunks)

    def _finish(self, handle: ReplyHandle, watcher: asyncio.Task[None]) -> None:
        handle.cancel()  # no-op once the reply has ended
        watcher.cancel()
        self.handles.discard(handle)

    def _reply_failed(
        self, request: Request, started: float, error: BaseException, model: str
    ) -> Response:
        if isinstance(error, BackendError):
            # The engine's one-line errors are about the request (too long, bad grammar).
            return self._error(request, started, 400, str(error), model=model)
        log.error("API reply failed", exc_info=error)
        return self._error(
            request, started, 500, f"the reply failed: {error}", kind="server_error", model=model
        )

    async def _stream(
        self,
        first: ReplyItem,
        reply: _Reply,
        answer: Answer,
        call: ApiCall,
        log_done: _LogOnce,
        handle: ReplyHandle,
        watcher: asyncio.Task[None],
    ) -> AsyncIterator[bytes]:
        try:
            yield sse_event(answer.opening())
            item = first
            while True:
                if isinstance(item, BaseException):
                    log.error("API reply failed part way", exc_info=item)
                    yield sse_event(error_body(f"the reply failed: {item}", kind="server_error"))
                    log_done(None, 500, f"failed part way: {item}")
                    break
                if isinstance(item, ReplyStats):
                    yield sse_event(answer.closing(item))
                    if call.include_usage:
                        yield sse_event(answer.usage_chunk(item))
                    if reply.disconnected:
                        log_done(item, CLIENT_CLOSED, "client disconnected")
                    else:
                        log_done(item, 200)
                    break
                if item:
                    yield sse_event(answer.piece(item))
                item = await reply.get()
            yield b"data: [DONE]\n\n"
        finally:
            self._finish(handle, watcher)


class _LogOnce:
    """Writes a reply's log record once, when it ends."""

    def __init__(self, app: ApiApp, request: Request, started: float, model: str) -> None:
        self.app, self.request, self.started, self.model = app, request, started, model
        self.done = False

    def __call__(self, stats: ReplyStats | None, status: int, note: str = "") -> None:
        if self.done:
            return
        self.done = True
        if not note and stats is not None and stats.finish_reason == "context_full":
            note = "the context is full: the reply was cut (raise the context length)"
        if stats is not None and stats.prompt_tokens_total > stats.prompt_tokens:
            reused = stats.prompt_tokens_total - stats.prompt_tokens
            note = f"{note}; " if note else ""
            note += f"{reused} prompt tokens reused from the cache"
        self.app._record(
            self.request.method,
            self.request.url.path,
            status,
            self.started,
            model=self.model,
            stats=stats,
            note=note,
        )


class _Reply:
    """The event-loop end of one reply: items from the engine thread, in order."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.items: asyncio.Queue[ReplyItem] = asyncio.Queue()
        self.disconnected = False

    def put(self, item: ReplyItem) -> None:
        """Called on the engine thread."""
        self.loop.call_soon_threadsafe(self.items.put_nowait, item)

    async def get(self) -> ReplyItem:
        return await self.items.get()


async def _watch_disconnect(receive: Receive, reply: _Reply, handle: ReplyHandle) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            if not handle.done:
                reply.disconnected = True
                handle.cancel()
            return


async def _collect(
    first: ReplyItem, reply: _Reply
) -> tuple[str, ReplyStats | None, BaseException | None]:
    pieces: list[str] = []
    item = first
    while True:
        if isinstance(item, BaseException):
            return "".join(pieces), None, item
        if isinstance(item, ReplyStats):
            return "".join(pieces), item, None
        pieces.append(item)
        item = await reply.get()


def _work(call: ApiCall) -> Callable[[Any, Any], Any]:
    def work(backend: OptionsBackend, cancel: Any) -> Any:
        if call.prompt is not None:
            return backend.stream_completion(
                call.prompt, call.sampling, cancel, options=call.options
            )
        return backend.stream_reply(
            list(call.messages), call.sampling, cancel, options=call.options
        )

    return work
