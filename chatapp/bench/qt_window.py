"""The real ChatApp window, offscreen, driven the way a user drives it, with clocks on it.

Used by the decode row (variant e) and the UI-stall row. Only this module and
:mod:`chatapp.bench.ui_stall` import Qt.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QApplication

from chatapp.core.engine import ReplyStats
from chatapp.core.paths import resolve_paths
from chatapp.core.settings import AppSettings, SamplingParams
from chatapp.gui.painting import rasterize_on_gui_thread


def ensure_app() -> QApplication:
    """The QApplication, created offscreen when there is none yet."""
    rasterize_on_gui_thread()  # as the window does, before anything is painted
    app = QApplication.instance()
    if app is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QApplication(["chatapp-bench"])
    assert isinstance(app, QApplication)
    return app


def delete_now(*objects: QObject) -> None:
    """Delete Qt objects at once. ``deleteLater`` alone waits for an event loop that the
    bench never runs (it drives Qt with ``processEvents``), so closed windows and views
    would stay alive, with all they hold, for the rest of the run."""
    for thing in objects:
        thing.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@dataclass
class ReplyTiming:
    """One reply as the GUI thread saw it (perf_counter seconds)."""

    sent_at: float
    first_batch_at: float
    done_at: float
    stats: ReplyStats
    batches: int
    heartbeats: list[float] = field(default_factory=list)

    @property
    def tokens_per_second(self) -> float:
        """Decode speed seen by the window: tokens after the first, over the time from
        the first batch shown to the reply closed in the view."""
        elapsed = self.done_at - self.first_batch_at
        return (self.stats.generated_tokens - 1) / elapsed if elapsed > 0 else 0.0


class _Clock(QObject):
    """GUI-thread slots that time the window's signals, and a heartbeat timer."""

    def __init__(self) -> None:
        super().__init__()
        self.loop = QEventLoop(self)
        self.first_batch_at = 0.0
        self.batches = 0
        self.result: object = None
        self.failure: str | None = None
        self.beats: list[float] = []
        self.heartbeat = QTimer(self)
        self.heartbeat.setObjectName("benchHeartbeat")
        self.heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
        self.heartbeat.setInterval(5)
        self.heartbeat.timeout.connect(self._on_heartbeat)
        self.deadline = QTimer(self)
        self.deadline.setObjectName("benchDeadline")
        self.deadline.setSingleShot(True)
        self.deadline.timeout.connect(self._on_deadline)

    @Slot()
    def _on_heartbeat(self) -> None:
        self.beats.append(time.perf_counter())

    @Slot(str)
    def on_batch(self, _text: str) -> None:
        if not self.batches:
            self.first_batch_at = time.perf_counter()
        self.batches += 1

    @Slot(object)
    def on_result(self, value: object) -> None:
        self.result = value
        self.loop.quit()

    @Slot(str)
    def on_failure(self, message: str) -> None:
        self.failure = message
        self.loop.quit()

    @Slot()
    def _on_deadline(self) -> None:
        self.failure = "timed out"
        self.loop.quit()

    def wait(self, seconds: float) -> object:
        """Run the event loop until a result, a failure or the deadline."""
        self.result, self.failure = None, None
        self.deadline.start(int(seconds * 1000))
        self.loop.exec()
        self.deadline.stop()
        if self.failure is not None:
            raise RuntimeError(self.failure)
        return self.result

    def stop(self) -> None:
        self.heartbeat.stop()
        self.deadline.stop()


class BenchWindow:
    """ChatApp's MainWindow (offscreen, own data folder) with the model loaded.

    ``with BenchWindow(model, folder) as window: window.reply("Hi", 64)``
    """

    def __init__(self, model: Path, data_dir: Path) -> None:
        self.model = model
        self.data_dir = data_dir
        self.app = ensure_app()
        self.window: object | None = None
        self.clock: _Clock | None = None

    def __enter__(self) -> BenchWindow:
        from chatapp.gui.main_window import MainWindow

        paths = resolve_paths(self.data_dir)
        paths.ensure()
        window = MainWindow(paths, AppSettings())
        self.window = window
        self.clock = clock = _Clock()
        window.model_ready.connect(clock.on_result)
        window.model_failed.connect(clock.on_failure)
        window.reply_completed.connect(clock.on_result)
        window.reply_failed.connect(clock.on_failure)
        window.replies.token_batch_ready.connect(clock.on_batch)
        window.show()
        window.load_model(self.model)
        try:
            clock.wait(120)
        except BaseException:
            self.__exit__(None, None, None)  # stop the engine thread before giving up
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.clock is not None:
            self.clock.stop()
        if self.window is not None:
            self.window.close()  # type: ignore[attr-defined]  # stops the engine thread
            delete_now(self.window)  # type: ignore[arg-type]
            self.window = None
        if self.clock is not None:
            delete_now(self.clock)
            self.clock = None
        self.app.processEvents()

    @property
    def view(self) -> object:
        """The window's conversation view."""
        return self.window.chat_view  # type: ignore[union-attr]

    def reply(self, text: str, sampling: SamplingParams, heartbeat: bool = False) -> ReplyTiming:
        """Send ``text`` in a new chat as the user would; time the reply on the GUI thread."""
        window, clock = self.window, self.clock
        assert window is not None and clock is not None
        window.conversations.new_chat()  # type: ignore[attr-defined]
        window.settings.sampling = sampling  # type: ignore[attr-defined]
        clock.batches = 0
        clock.beats = []
        if heartbeat:
            clock.heartbeat.start()
        sent_at = time.perf_counter()
        window.composer.send_requested.emit(text)  # type: ignore[attr-defined]
        stats = clock.wait(300)
        done_at = time.perf_counter()
        clock.heartbeat.stop()
        assert isinstance(stats, ReplyStats)
        return ReplyTiming(
            sent_at, clock.first_batch_at, done_at, stats, clock.batches, clock.beats
        )

    def idle_heartbeats(self, seconds: float) -> list[float]:
        """The heartbeat's ticks while nothing streams, for ``seconds``."""
        clock = self.clock
        assert clock is not None
        clock.beats = []
        clock.heartbeat.start()
        end = QTimer()
        end.setSingleShot(True)
        end.timeout.connect(clock.loop.quit)
        end.start(int(seconds * 1000))
        clock.loop.exec()
        end.stop()
        clock.heartbeat.stop()
        return list(clock.beats)
