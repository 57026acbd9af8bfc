"""``chatapp --smoke-test [--model PATH]``: prove that an installation works.

It opens and closes the main window (offscreen when there is no display), loads the
model (default: the starter model, else the first installed one) through the same
engine and loading path as the app, answers one prompt, and prints one line of JSON.
Any failure is one line on stderr and a non-zero exit status. The packaged app is
checked with it before every release (packaging/build.py, .github/workflows/release.yml).

It never waits on a dialog: what the window would have told the user (a repaired settings
file, conversations kept in memory) is listed under "notices" in the JSON. The whole test
has a time limit (``TIME_LIMIT_SECONDS``, or ``CHATAPP_SMOKE_TEST_TIMEOUT``); past it, the
JSON says ``"timed out during <step>"`` and the exit status is 1.
"""

from __future__ import annotations

import json
import logging
import os
import platform
import sys
import threading
import time
from pathlib import Path
from typing import Any

from chatapp import __version__
from chatapp.core.cpu_compat import LibraryChoice, loaded_library_path, loaded_llama_files
from chatapp.core.errors import ChatAppError, ExitCode
from chatapp.core.paths import AppPaths

log = logging.getLogger(__name__)

PROMPT = "Say hello in five words."
MAX_TOKENS = 16
# The whole smoke test (window, model load, one reply, imports) must finish within this.
TIME_LIMIT_SECONDS = 120.0
TIME_LIMIT_VARIABLE = "CHATAPP_SMOKE_TEST_TIMEOUT"
# How long the window may take to open its conversation store.
STORE_WAIT_SECONDS = 10.0


class SmokeTestError(ChatAppError):
    """One step of the smoke test failed; ``exit_code`` is the exit status (2: no usable
    model, 1: anything else)."""


def process_age() -> float:
    """Seconds since this process started (the bootloader's unpacking included)."""
    import psutil

    return max(0.0, time.time() - psutil.Process().create_time())


def check_imports() -> dict[str, Any]:
    """Import every ChatApp module: a frozen app that lacks a dependency fails here."""
    import importlib
    import pkgutil

    import chatapp

    names = [info.name for info in pkgutil.walk_packages(chatapp.__path__, "chatapp.")]
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:
            raise SmokeTestError(f"cannot import {name}: {type(exc).__name__}: {exc}") from None
    return {"modules": len(names)}


def check_window(paths: AppPaths, notices: list[str]) -> dict[str, Any]:
    """Open the main window, let it paint, close it; returns when it was shown. What the
    window would have told the user is added to ``notices``."""
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from chatapp.gui.app import app_icon, create_window

    def to_log(kind: QtMsgType, _context: object, message: str) -> None:
        # Qt's notes (e.g. the offscreen platform's) go to the log, not the one-line output.
        level = logging.DEBUG if kind == QtMsgType.QtDebugMsg else logging.WARNING
        log.log(level, "Qt: %s", message)

    qInstallMessageHandler(to_log)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    app.setWindowIcon(app_icon())
    window = create_window(paths, notices=notices)
    try:
        window.show()
        deadline = time.monotonic() + 10
        while not window.isVisible() and time.monotonic() < deadline:
            app.processEvents()
        app.processEvents()
        shown_after = process_age()
        if not window.isVisible():
            raise SmokeTestError("the main window did not open")
        platform_name = app.platformName()
        icon = not app.windowIcon().isNull()
        deadline = time.monotonic() + STORE_WAIT_SECONDS
        while not window.keeper.is_ready and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        status = window.keeper.status
        if status is not None and status.notice:
            notices.append(status.notice)
    finally:
        window.close()
        window.shutdown()
        app.processEvents()
    return {
        "window_seconds": round(shown_after, 2),
        "qt_platform": platform_name,
        "icon": icon,
    }


def check_model_path(model: Path) -> None:
    """Fail at once (before the window) for a missing or broken model file."""
    from chatapp.core.gguf_info import ModelFileError, check_model_file

    if not model.is_file():
        raise SmokeTestError(f"model file not found: {model}", ExitCode.USAGE)
    try:
        check_model_file(model)
    except ModelFileError as exc:
        raise SmokeTestError(str(exc), ExitCode.USAGE) from None


def check_model(paths: AppPaths, model: Path | None) -> dict[str, Any]:
    """Load the model the way the app does and answer one prompt."""
    from chatapp.core.backend import collect_reply
    from chatapp.core.default_model import INSTALL_HINT, default_model
    from chatapp.core.engine import ChatEngine, EngineError
    from chatapp.core.gguf_info import ModelFileError
    from chatapp.core.model_loading import load_planned
    from chatapp.core.settings import LoadParams, SamplingParams
    from chatapp.core.templates import Message

    path = model if model is not None else default_model(paths)
    if path is None:
        if getattr(sys, "frozen", False):  # pip cannot add the starter to a packaged app
            raise SmokeTestError(
                "No model is installed: download one in the app (Change model...), "
                "or give one with --smoke-test --model PATH",
                ExitCode.USAGE,
            )
        raise SmokeTestError(INSTALL_HINT, ExitCode.USAGE)
    engine = ChatEngine()
    try:
        try:
            outcome = load_planned(engine, path, LoadParams(n_ctx=2048))
        except (ModelFileError, EngineError) as exc:
            raise SmokeTestError(str(exc)) from None
        sampling = SamplingParams(max_tokens=MAX_TOKENS, temperature=0.0)
        try:
            reply, stats = collect_reply(engine.stream_reply([Message("user", PROMPT)], sampling))
        except EngineError as exc:
            raise SmokeTestError(str(exc)) from None
        if stats.generated_tokens == 0:
            raise SmokeTestError(f"{path.name} gave no reply to the test prompt")
        return {
            "model": str(outcome.info.path),
            "load_seconds": round(outcome.info.load_seconds, 2),
            "gpu_layers": outcome.info.n_gpu_layers,
            "planned_gpu_layers": outcome.plan.n_gpu_layers if outcome.plan else None,
            "load_notice": outcome.notice,
            "reply_tokens": stats.generated_tokens,
            "tokens_per_second": round(stats.tokens_per_second, 1),
            "reply": reply[:200],
            "llama_library": loaded_library_path(),
            "llama_files": loaded_llama_files(),
        }
    finally:
        engine.unload()


def time_limit() -> float:
    """The smoke test's time limit in seconds: ``CHATAPP_SMOKE_TEST_TIMEOUT`` when it is a
    positive number, else ``TIME_LIMIT_SECONDS``."""
    try:
        limit = float(os.environ.get(TIME_LIMIT_VARIABLE, ""))
    except ValueError:
        return TIME_LIMIT_SECONDS
    return limit if 0 < limit < float("inf") else TIME_LIMIT_SECONDS


class _Report:
    """The one line of JSON, printed once: by the test when it ends, or by the watchdog
    thread when the time limit passes first (which then ends the process)."""

    def __init__(self, result: dict[str, Any]) -> None:
        self.result = result
        self.step = "starting"
        self._lock = threading.Lock()
        self._printed = False
        self._timer: threading.Timer | None = None

    def print_once(self, error: str | None = None) -> bool:
        with self._lock:
            if self._printed:
                return False
            self._printed = True
            if error is not None:
                self.result["ok"] = False
                self.result["error"] = error
            print(json.dumps(self.result), flush=True)
            if error is not None:
                print(f"chatapp: smoke test failed: {error}", file=sys.stderr, flush=True)
            return True

    def watch(self, limit: float) -> None:
        """Start the watchdog: past ``limit`` seconds, report the step and exit 1."""

        def expire() -> None:
            if self.print_once(f"timed out during {self.step} (limit {limit:g} s)"):
                log.error("smoke test timed out during %s", self.step)
                os._exit(ExitCode.FAILURE)

        self._timer = threading.Timer(limit, expire)
        self._timer.name = "smoke-test-watchdog"
        self._timer.daemon = True
        self._timer.start()

    def stop_watching(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


def run_smoke_test(paths: AppPaths, model: Path | None, choice: LibraryChoice) -> int:
    """Run the smoke test; print one line of JSON; return the exit status."""
    started = time.monotonic()
    notices: list[str] = []
    result: dict[str, Any] = {
        "ok": False,
        "version": __version__,
        "frozen": bool(getattr(sys, "frozen", False)),
        "platform": f"{sys.platform}-{platform.machine()}",
        "cpu_variant": choice.variant,
        "cpu_variant_reason": choice.reason,
        "library_variant": choice.variant,  # the same, named for GPU builds too
        "library_reason": choice.reason,
        "notices": notices,
    }
    report = _Report(result)
    report.watch(time_limit())
    try:
        return _run_steps(paths, model, report, notices, started)
    finally:
        report.stop_watching()


def _run_steps(
    paths: AppPaths, model: Path | None, report: _Report, notices: list[str], started: float
) -> int:
    result = report.result
    try:
        if model is not None:
            report.step = "checking the model file"
            check_model_path(model)
        report.step = "opening the window"
        result.update(check_window(paths, notices))
        report.step = "loading the model and answering"
        result.update(check_model(paths, model))
        report.step = "importing every module"
        result.update(check_imports())
    except SmokeTestError as exc:
        report.print_once(str(exc))
        return exc.exit_code
    result["ok"] = True
    result["seconds"] = round(time.monotonic() - started, 2)
    report.print_once()
    return 0
