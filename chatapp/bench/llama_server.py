"""llama.cpp's ``llama-server``, the engine LM Studio, Jan and Ollama run: started on a
free loopback port with ChatApp's load settings, asked for completions of token prompts
with ChatApp's sampler settings; its own ``timings`` say how fast it was.

Used by the decode and prompt-reuse rows as a peer variant. When no binary is found, or
it does not start, the rows report the variant as unavailable with the reason.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx2

from chatapp.core.backend import ModelInfo
from chatapp.core.settings import SamplingParams

VARIANT_LABEL = "llama-server"
START_SECONDS = 120


class ServerUnavailable(RuntimeError):
    """No llama-server to measure; ``str()`` is the reason, shown in the row."""


def find_llama_server(explicit: str | None) -> str | None:
    """``explicit`` when given, else ``llama-server`` on PATH (None when there is none)."""
    return explicit or shutil.which("llama-server")


def unavailable_reason(binary: str | None) -> str | None:
    """Why ``binary`` cannot be measured, or None when it is a file to try."""
    if binary is None:
        return "llama-server is not on PATH (give --llama-server PATH)"
    if not Path(binary).is_file():
        return f"no llama-server at {binary}"
    return None


@dataclass(frozen=True)
class Completion:
    """One ``/completion`` answer: what llama-server reports about it, and the wall time
    of the HTTP request."""

    content: str
    prompt_tokens: int
    cached_tokens: int
    prompt_ms: float
    predicted_tokens: int
    predicted_ms: float
    predicted_per_second: float
    wall_ms: float

    @property
    def first_token_ms(self) -> float:
        """Prompt evaluation plus the first sampled token (with ``n_predict`` 1: the
        server's own time to first token, without HTTP)."""
        first = self.predicted_ms / self.predicted_tokens if self.predicted_tokens else 0.0
        return self.prompt_ms + first


class LlamaServer:
    """A started llama-server; :meth:`complete` asks it for one completion."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self._client = httpx2.Client(timeout=300)

    def complete(
        self, prompt: list[int], sampling: SamplingParams, *, cache_prompt: bool = True
    ) -> Completion:
        """Complete the token ``prompt`` with ChatApp's sampler settings."""
        body = {
            "prompt": prompt,
            "n_predict": sampling.max_tokens,
            "temperature": sampling.temperature,
            "top_k": sampling.top_k,
            "top_p": sampling.top_p,
            "min_p": sampling.min_p,
            "repeat_penalty": sampling.repeat_penalty,
            "repeat_last_n": sampling.repeat_last_n,
            "seed": sampling.seed,
            "cache_prompt": cache_prompt,
            "stream": False,
        }
        started = time.perf_counter()
        response = self._client.post(f"{self.base_url}/completion", json=body)
        wall_ms = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"llama-server answered {response.status_code}: {response.text}")
        data = response.json()
        timings = data["timings"]
        return Completion(
            content=str(data.get("content", "")),
            prompt_tokens=int(timings["prompt_n"]),
            cached_tokens=int(timings.get("cache_n", 0)),
            prompt_ms=float(timings["prompt_ms"]),
            predicted_tokens=int(timings["predicted_n"]),
            predicted_ms=float(timings["predicted_ms"]),
            predicted_per_second=float(timings["predicted_per_second"]),
            wall_ms=wall_ms,
        )

    def close(self) -> None:
        """Close the HTTP client."""
        self._client.close()


def server_command(binary: str, model: Path, info: ModelInfo, port: int) -> list[str]:
    """The command line: ChatApp's context, threads, flash attention and GPU layers, one
    slot (one conversation, as in ChatApp), llama-server's defaults otherwise."""
    return [
        binary,
        *("-m", str(model), "--host", "127.0.0.1", "--port", str(port)),
        *("-c", str(info.n_ctx), "-np", "1"),
        *("-t", str(info.n_threads), "-tb", str(info.n_threads)),
        *("-fa", "on" if info.flash_attn else "off", "-ngl", str(info.n_gpu_layers)),
        "--no-webui",
    ]


@contextmanager
def llama_server(
    binary: str | None, model: Path, info: ModelInfo, workdir: Path
) -> Iterator[LlamaServer]:
    """Start llama-server on a free loopback port and wait until it answers /health.

    Raises ServerUnavailable (with the reason) when there is no binary or it does not
    start; its log is ``workdir/llama_server.log``."""
    reason = unavailable_reason(binary)
    if reason is not None:
        raise ServerUnavailable(reason)
    assert binary is not None
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    workdir.mkdir(parents=True, exist_ok=True)
    log_path = workdir / "llama_server.log"
    with log_path.open("wb") as log:
        try:
            process = subprocess.Popen(
                server_command(binary, model, info, port), stdout=log, stderr=subprocess.STDOUT
            )
        except OSError as exc:
            raise ServerUnavailable(f"{binary} does not run: {exc.strerror or exc}") from None
    server = LlamaServer(f"http://127.0.0.1:{port}")
    try:
        _wait_until_healthy(process, server, log_path)
        yield server
    finally:
        server.close()
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


def _wait_until_healthy(process: subprocess.Popen[bytes], server: LlamaServer, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    client = httpx2.Client(timeout=2)
    try:
        while True:
            if process.poll() is not None:
                lines = log.read_text(errors="replace").strip().splitlines() or ["no output"]
                raise ServerUnavailable(
                    f"llama-server exited with {process.returncode}: {lines[-1][:200]}"
                )
            try:
                if client.get(f"{server.base_url}/health").status_code == 200:
                    return
            except httpx2.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise ServerUnavailable(f"llama-server did not start in {START_SECONDS} s")
            time.sleep(0.2)
    finally:
        client.close()
