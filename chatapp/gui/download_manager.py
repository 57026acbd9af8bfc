"""Downloads and model imports on their own thread, so they go on while the user chats."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from chatapp.core.downloads import (
    DownloadError,
    DownloadProgress,
    DownloadRequest,
    DownloadStopped,
    HubAccess,
    busy_error,
    discard_partial,
    download_model,
    target_path,
)
from chatapp.core.messages import QT_TRANSLATE_NOOP, Message
from chatapp.core.model_library import LibraryError, import_model, partial_downloads
from chatapp.core.paths import AppPaths
from chatapp.core.text_enum import TextEnum

log = logging.getLogger(__name__)

UNEXPECTED = QT_TRANSLATE_NOOP("core", "unexpected error: {error} (details in the log file)")


def error_message(error: BaseException) -> str:
    """The error's one line, kept as a core ``Message`` when it is one, so that the
    window shows it in its language (``chatapp.gui.i18n.message_text``)."""
    first = error.args[0] if len(error.args) == 1 else None
    return first if isinstance(first, Message) else str(error)


def unexpected_message(error: BaseException) -> str:
    return Message(UNEXPECTED, error=str(error))


class DownloadWorker(QObject):
    """Runs downloads and imports one at a time on the downloads thread.

    Signals:
        download_progressed(str, DownloadProgress): a download's key and where it stands.
        download_finished(str, str): the key and the path of the verified model.
        download_failed(str, str): the key and one line saying why (a str or a Message).
        download_stopped(str, int): the key and the bytes kept for a resume.
        import_finished(object): the InstalledModel that was imported.
        import_failed(str): one line saying why an import failed (a str or a Message).
    """

    download_progressed = Signal(str, object)
    download_finished = Signal(str, str)
    download_failed = Signal(str, object)  # object: a core Message stays one
    download_stopped = Signal(str, int)
    import_finished = Signal(object)
    import_failed = Signal(object)

    def __init__(self, models_dir: Path, retries: int = 5, backoff: float = 1.0) -> None:
        super().__init__()
        self.models_dir = models_dir
        self.retries = retries
        self.backoff = backoff

    @Slot(str, object, object, object)
    def run_download(
        self, key: str, request: DownloadRequest, access: HubAccess, stop: threading.Event
    ) -> None:
        if stop.is_set():
            self.download_stopped.emit(key, 0)
            return
        try:
            path = download_model(
                self.models_dir,
                request,
                access,
                stop=stop,
                on_progress=lambda progress: self.download_progressed.emit(key, progress),
                retries=self.retries,
                backoff=self.backoff,
            )
        except DownloadStopped as stopped:
            self.download_stopped.emit(key, stopped.done)
        except DownloadError as exc:
            self.download_failed.emit(key, error_message(exc))
        except Exception as exc:
            log.exception("download of %s failed", key)
            self.download_failed.emit(key, unexpected_message(exc))
        else:
            self.download_finished.emit(key, str(path))

    @Slot(object, str, bool)
    def run_import(self, paths: AppPaths, source: str, copy: bool) -> None:
        try:
            model = import_model(paths, Path(source), copy)
        except LibraryError as exc:
            self.import_failed.emit(error_message(exc))
        except Exception as exc:
            log.exception("import of %s failed", source)
            self.import_failed.emit(unexpected_message(exc))
        else:
            self.import_finished.emit(model)


class DownloadStatus(TextEnum):
    """Where a download the window knows of stands."""

    QUEUED = "queued"
    RUNNING = "running"
    PAUSED = "paused"
    FAILED = "failed"
    DONE = "done"


@dataclass
class DownloadState:
    """A download the user started (or a partial one found on disk)."""

    request: DownloadRequest
    target: Path
    status: DownloadStatus = DownloadStatus.PAUSED
    progress: DownloadProgress | None = None
    error: str | None = None  # a str or a core Message: shown through message_text
    path: Path | None = None
    stop: threading.Event = field(default_factory=threading.Event)
    discard_when_stopped: bool = False


class DownloadManager(QObject):
    """The GUI side of downloads: starts, pauses, resumes and cancels them.

    Signals:
        download_requested(str, DownloadRequest, HubAccess, threading.Event): to the worker.
        import_requested(AppPaths, str, bool): to the worker.
        changed(str): a download's state changed (its key).
        finished(str, str): a download finished and was verified (key, path).
        imported(object): an InstalledModel was imported.
        import_failed(str): one line saying why an import failed (a str or a Message).
    """

    download_requested = Signal(str, object, object, object)
    import_requested = Signal(object, str, bool)
    changed = Signal(str)
    finished = Signal(str, str)
    imported = Signal(object)
    import_failed = Signal(object)

    def __init__(self, paths: AppPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.states: dict[str, DownloadState] = {}
        self._thread = QThread(self)
        self._thread.setObjectName("downloads")
        self.worker = DownloadWorker(paths.models_dir)
        self.worker.moveToThread(self._thread)
        self.download_requested.connect(self.worker.run_download)
        self.import_requested.connect(self.worker.run_import)
        self.worker.download_progressed.connect(self._on_download_progressed)
        self.worker.download_finished.connect(self._on_download_finished)
        self.worker.download_failed.connect(self._on_download_failed)
        self.worker.download_stopped.connect(self._on_download_stopped)
        self.worker.import_finished.connect(self.imported)
        self.worker.import_failed.connect(self.import_failed)
        self._thread.start()
        self._find_partial_downloads()

    def _find_partial_downloads(self) -> None:
        for partial in partial_downloads(self.paths):
            if partial.repo.count("/") != 1:
                continue
            request = DownloadRequest(partial.repo, partial.file, Path(partial.file).stem)
            state = DownloadState(request, partial.target)
            state.progress = DownloadProgress(
                partial.file, partial.done, partial.total, 0.0, "paused"
            )
            self.states[request.label] = state

    def state(self, key: str) -> DownloadState | None:
        return self.states.get(key)

    def start(self, request: DownloadRequest, access: HubAccess) -> str:
        """Start (or resume) a download; returns its key."""
        key = request.label
        current = self.states.get(key)
        if current is not None and current.status in (
            DownloadStatus.QUEUED,
            DownloadStatus.RUNNING,
        ):
            return key
        target = target_path(self.paths.models_dir, request.repo, request.file)
        state = DownloadState(request, target, status=DownloadStatus.QUEUED)
        if current is not None:
            state.progress = current.progress
        self.states[key] = state
        self.download_requested.emit(key, request, access, state.stop)
        self.changed.emit(key)
        return key

    def pause(self, key: str) -> None:
        state = self.states.get(key)
        if state is not None and state.status in (DownloadStatus.QUEUED, DownloadStatus.RUNNING):
            state.stop.set()

    def cancel(self, key: str) -> None:
        """Stop a download and delete what it fetched."""
        state = self.states.get(key)
        if state is None:
            return
        if state.status in (DownloadStatus.QUEUED, DownloadStatus.RUNNING):
            state.discard_when_stopped = True
            state.stop.set()
            return
        if discard_partial(state.target):
            del self.states[key]
        else:
            state.status, state.error = (
                DownloadStatus.FAILED,
                error_message(busy_error(state.request.file)),
            )
        self.changed.emit(key)

    def import_file(self, source: Path, copy: bool) -> None:
        self.import_requested.emit(self.paths, str(source), copy)

    @Slot(str, object)
    def _on_download_progressed(self, key: str, progress: DownloadProgress) -> None:
        state = self.states.get(key)
        if state is None:
            return
        state.status = DownloadStatus.RUNNING
        state.progress = progress
        self.changed.emit(key)

    @Slot(str, str)
    def _on_download_finished(self, key: str, path: str) -> None:
        state = self.states.get(key)
        if state is None:
            return
        state.status, state.path, state.error = DownloadStatus.DONE, Path(path), None
        self.changed.emit(key)
        self.finished.emit(key, path)

    @Slot(str, object)
    def _on_download_failed(self, key: str, message: str) -> None:
        state = self.states.get(key)
        if state is None:
            return
        state.status, state.error = DownloadStatus.FAILED, message
        self.changed.emit(key)

    @Slot(str, int)
    def _on_download_stopped(self, key: str, done: int) -> None:
        state = self.states.get(key)
        if state is None:
            return
        if state.discard_when_stopped and discard_partial(state.target):
            del self.states[key]
        else:
            state.status = DownloadStatus.PAUSED
            total = state.progress.total if state.progress else None
            state.progress = DownloadProgress(state.request.file, done, total, 0.0, "paused")
        self.changed.emit(key)

    def shutdown(self) -> None:
        """Pause every download (partial files stay for the next start) and stop the thread."""
        for state in self.states.values():
            state.stop.set()
        self._thread.quit()
        if not self._thread.wait(3000):
            # A stalled connection blocks in a read; closing the hub client's session ends it.
            log.info("closing the hub session to stop a stalled download")
            from huggingface_hub.utils import close_session

            close_session()
            self._thread.wait()
