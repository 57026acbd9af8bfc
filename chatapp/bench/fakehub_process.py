"""The fake hub in a process of its own, driven over its stdin, so that a client measured
against it does not share its interpreter (and its GIL) with the server, as with a real
hub. The download benchmark uses it for every variant.

    with HubProcess() as hub:
        hub.add("org/model-GGUF", "model.gguf", Path("model.gguf"))
        hub.misbehave("org/model-GGUF", "model.gguf", cut_at=1_000_000)
        ... download from hub.endpoint ...
        hub.bytes_sent

The child is ``python -m chatapp.bench.fakehub_process``: it prints its endpoint as one
JSON line, then answers each JSON line ``{"call": NAME, "args": [...], "kwargs": {...}}``
with ``{"result": ...}`` or ``{"error": "..."}``, and stops at the end of its input.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

from chatapp.bench.child_input import end_child
from chatapp.bench.fakehub import FakeHub

CALLS = ("add", "misbehave", "behave", "bytes_sent")


class HubProcess:
    """A :class:`FakeHub` serving from a child process (the same interpreter as this one)."""

    def __init__(self, python: str | None = None) -> None:
        self._python = python or sys.executable
        self._child: subprocess.Popen[str] | None = None
        self.endpoint = ""

    def __enter__(self) -> HubProcess:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def start(self) -> HubProcess:
        """Start the child and wait for its endpoint."""
        self._child = subprocess.Popen(
            [self._python, "-m", "chatapp.bench.fakehub_process"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.endpoint = str(self._read()["endpoint"])
        return self

    def stop(self) -> None:
        """Close the child's input (it stops serving and exits) and wait for it."""
        child, self._child = self._child, None
        if child is None:
            return
        end_child(child, 10)

    def add(self, repo: str, name: str, source: Path) -> None:
        """Host the file ``source`` as ``repo``'s ``name``."""
        self._call("add", repo, name, str(source))

    def misbehave(self, repo: str, name: str, **how: Any) -> None:
        """As :meth:`FakeHub.misbehave`."""
        self._call("misbehave", repo, name, **how)

    def behave(self, repo: str, name: str) -> None:
        """As :meth:`FakeHub.behave`."""
        self._call("behave", repo, name)

    @property
    def bytes_sent(self) -> int:
        """Bytes of files sent so far."""
        return int(self._call("bytes_sent"))

    def _call(self, call: str, *args: Any, **kwargs: Any) -> Any:
        assert self._child is not None and self._child.stdin is not None, "start the hub first"
        self._child.stdin.write(json.dumps({"call": call, "args": args, "kwargs": kwargs}) + "\n")
        self._child.stdin.flush()
        answer = self._read()
        if "error" in answer:
            raise RuntimeError(f"fake hub process: {call}: {answer['error']}")
        return answer.get("result")

    def _read(self) -> dict[str, Any]:
        assert self._child is not None and self._child.stdout is not None
        line = self._child.stdout.readline()
        if not line:
            raise RuntimeError("the fake hub process ended")
        answer: dict[str, Any] = json.loads(line)
        return answer


def serve(commands: IO[str], answers: IO[str]) -> None:
    """Serve until ``commands`` ends, answering each command line on ``answers``."""
    with FakeHub() as hub:
        _answer(answers, {"endpoint": hub.endpoint})
        for line in commands:
            command = json.loads(line)
            call, args, kwargs = command["call"], command.get("args", []), command.get("kwargs", {})
            try:
                if call not in CALLS:
                    raise ValueError(f"unknown call {call!r}")
                if call == "bytes_sent":
                    result: Any = hub.bytes_sent
                elif call == "add":
                    repo, name, source = args
                    hub.add(repo, name, Path(source))
                    result = None
                else:
                    result = getattr(hub, call)(*args, **kwargs)
            except Exception as exc:  # handed to the parent, which raises it
                _answer(answers, {"error": f"{type(exc).__name__}: {exc}"})
                continue
            _answer(answers, {"result": result})


def _answer(answers: IO[str], answer: dict[str, Any]) -> None:
    answers.write(json.dumps(answer) + "\n")
    answers.flush()


if __name__ == "__main__":
    serve(sys.stdin, sys.stdout)
