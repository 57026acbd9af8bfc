"""A fresh process for the start-up and memory rows: ``python -m chatapp.bench.probe``.

``chatapp`` mode opens ChatApp's window as ``chatapp`` does, loads the model through it
and answers one short message in a new chat; ``bare`` mode does the same with a plain QMainWindow and
a plain ``llama_cpp.Llama`` with ChatApp's settings. Each step prints one JSON line with
wall-clock times, so the parent can time the process from its start.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_KV_SIZE = re.compile(r"llama_kv_cache: size =\s*([\d.]+) MiB")


def emit(event: str, **values: Any) -> None:
    """One line of JSON on stdout, flushed at once."""
    print(json.dumps({"event": event, "time": time.time(), **values}), flush=True)


class _KvSizes(logging.Handler):
    """Adds up the KV cache sizes that llama.cpp logs while a model loads."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.mib = 0.0

    def emit(self, record: logging.LogRecord) -> None:
        match = _KV_SIZE.search(record.getMessage())
        if match:
            self.mib += float(match.group(1))


def _watch_kv() -> _KvSizes:
    handler = _KvSizes()
    native = logging.getLogger("chatapp.llama_cpp")
    native.setLevel(logging.DEBUG)
    native.addHandler(handler)
    return handler


def _memory(model: Path, kv: _KvSizes) -> None:
    import psutil

    emit(
        "memory",
        rss=psutil.Process().memory_info().rss,
        model_bytes=model.stat().st_size,
        kv_bytes=int(kv.mib * 1024 * 1024),
    )


def run_chatapp(model: Path, data_dir: Path, reply: bool) -> int:
    """ChatApp's window, as ``chatapp`` opens it, then the model and one reply."""
    # In the order ``chatapp`` imports them: the command line, then the window, whose
    # first Qt import installs chatapp.gui.pyside_feature's lighter import hook. Qt first
    # would keep the source of every module imported before that (3 MB; never in the app).
    from chatapp import APP_NAME
    from chatapp.cli import build_parser
    from chatapp.core.logs import setup_logging
    from chatapp.core.paths import resolve_paths
    from chatapp.gui.app import app_icon, create_window

    from PySide6.QtCore import QEventLoop, QTimer  # isort: skip
    from PySide6.QtWidgets import QApplication  # isort: skip

    build_parser([]).parse_args([])  # what ``chatapp`` does before it opens the window
    paths = resolve_paths(data_dir)
    paths.ensure()
    setup_logging(paths.log_file)
    kv = _watch_kv()
    app = QApplication([APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setWindowIcon(app_icon())
    window = create_window(paths)
    window.show()
    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    loop.exec()
    emit("shown")
    window.model_ready.connect(loop.quit)
    window.model_failed.connect(loop.quit)
    started = time.perf_counter()
    window.load_model(model)
    loop.exec()
    emit("loaded", seconds=time.perf_counter() - started)
    if reply:
        from chatapp.core.settings import SamplingParams

        window.settings.sampling = SamplingParams(max_tokens=16)
        # A new chat, as the bare probe's one message: ChatApp reopens the last chat,
        # which would grow by one exchange per probe.
        window.conversations.new_chat()
        window.reply_completed.connect(loop.quit)
        window.reply_failed.connect(loop.quit)
        window.composer.send_requested.emit("Hello, who are you?")
        loop.exec()
        app.processEvents()
        _memory(model, kv)
    window.close()
    return 0


def run_bare(model: Path, reply: bool) -> int:
    """A plain QMainWindow, then a plain Llama with ChatApp's load settings."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(["bare"])
    window = QMainWindow()
    window.resize(980, 720)
    window.show()
    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    loop.exec()
    emit("shown")
    kv = _watch_kv()
    started = time.perf_counter()
    from chatapp.core import llama_runtime
    from chatapp.core.engine import default_threads

    llama_cpp = llama_runtime.import_llama_cpp()
    threads = default_threads()
    with llama_runtime.captured_native_log():
        llm = llama_cpp.Llama(
            model_path=str(model),
            n_ctx=4096,
            n_batch=512,
            n_threads=threads,
            n_threads_batch=threads,
            flash_attn=True,
            verbose=True,
        )
    emit("loaded", seconds=time.perf_counter() - started)
    if reply:
        for _ in llm.create_completion("Hello, who are you?", max_tokens=16, stream=True):
            pass
        _memory(model, kv)
    llm.close()
    window.close()
    app.processEvents()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m chatapp.bench.probe {chatapp,bare} MODEL [--data-dir DIR] [--reply]``."""
    parser = argparse.ArgumentParser(prog="python -m chatapp.bench.probe")
    parser.add_argument("mode", choices=["chatapp", "bare"])
    parser.add_argument("model", type=Path)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--reply", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.mode == "chatapp":
        data_dir = args.data_dir or Path.cwd() / "probe-data"
        return run_chatapp(args.model, data_dir, args.reply)
    return run_bare(args.model, args.reply)


if __name__ == "__main__":
    sys.exit(main())
