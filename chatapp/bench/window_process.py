"""ChatApp's window in a process of its own, replying on request: the decode row's
window pipeline, measured as the app runs.

llama.cpp's CPU backend (built with OpenMP) keeps a team of threads for each thread that
has run a model. Once a process holds more of those threads than the machine has cores,
OpenMP stops spinning at its barriers and puts threads to sleep at every one of them:
on 2 cores, decoding fell from 60 to 40 tokens/s in the bench process after the window's
engine thread had replied once beside the models the other variants run on the main
thread. The app runs every model on one engine thread, so the window is measured in a
process that holds only that one.

    with WindowProcess(python, model, folder) as window:
        window.reply("Hello", sampling)  # tokens per second and the reply's length

The child is ``python -m chatapp.bench.window_process MODEL FOLDER``: it prints
``{"ready": true}`` once the model is loaded, then answers each JSON line
``{"text": ..., "sampling": {...}}`` with ``{"tokens_per_second": ..., "tokens": ...}``
(or ``{"error": "..."}``), and stops at the end of its input.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from chatapp.bench.child_input import end_child
from chatapp.core.settings import SamplingParams


@dataclasses.dataclass(frozen=True)
class WindowReply:
    """One reply as the child's GUI thread timed it."""

    tokens_per_second: float
    tokens: int


class WindowProcess:
    """A child process with ChatApp's window (offscreen) and ``model`` loaded."""

    def __init__(self, python: str, model: Path, data_dir: Path) -> None:
        self._command = [python, "-m", "chatapp.bench.window_process", str(model), str(data_dir)]
        self._child: subprocess.Popen[str] | None = None

    def __enter__(self) -> WindowProcess:
        self._child = subprocess.Popen(
            self._command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        try:
            self._read()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        child, self._child = self._child, None
        if child is None:
            return
        end_child(child, 30)

    def reply(self, text: str, sampling: SamplingParams) -> WindowReply:
        """Send ``text`` in a new chat of the child's window; wait for the reply."""
        assert self._child is not None and self._child.stdin is not None
        request = {"text": text, "sampling": dataclasses.asdict(sampling)}
        self._child.stdin.write(json.dumps(request) + "\n")
        self._child.stdin.flush()
        answer = self._read()
        return WindowReply(float(answer["tokens_per_second"]), int(answer["tokens"]))

    def _read(self) -> dict[str, Any]:
        assert self._child is not None and self._child.stdout is not None
        line = self._child.stdout.readline()
        if not line:
            code = self._child.poll()
            raise RuntimeError(f"the window process ended (exit code {code}); see its output")
        answer: dict[str, Any] = json.loads(line)
        if "error" in answer:
            raise RuntimeError(f"the window process failed: {answer['error']}")
        return answer


def serve(model: Path, data_dir: Path, requests: IO[str], answers: IO[str]) -> None:
    """Load ``model`` in a window, then answer each request line until the input ends."""
    from chatapp.bench.qt_window import BenchWindow

    def send(answer: dict[str, object]) -> None:
        answers.write(json.dumps(answer) + "\n")
        answers.flush()

    with BenchWindow(model, data_dir) as window:
        send({"ready": True})
        for line in requests:
            try:
                request = json.loads(line)
                timing = window.reply(request["text"], SamplingParams(**request["sampling"]))
            except Exception as exc:  # reported to the parent, which raises it
                send({"error": f"{type(exc).__name__}: {exc}"})
                continue
            send(
                {
                    "tokens_per_second": timing.tokens_per_second,
                    "tokens": timing.stats.generated_tokens,
                }
            )


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m chatapp.bench.window_process MODEL FOLDER``."""
    parser = argparse.ArgumentParser(prog="python -m chatapp.bench.window_process")
    parser.add_argument("model", type=Path)
    parser.add_argument("data_dir", type=Path)
    args = parser.parse_args(argv)
    answers = sys.stdout
    sys.stdout = sys.stderr  # anything else printed must not mix with the answers
    serve(args.model, args.data_dir, sys.stdin, answers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
