"""Where a download stands, and the meter that reports it a few times a second."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DownloadProgress:
    """Where a download stands. ``phase`` is resolving, downloading, verifying or done."""

    file: str
    done: int
    total: int | None
    bytes_per_second: float
    phase: str
    resumed_from: int = 0

    @property
    def eta_seconds(self) -> float | None:
        if not self.total or self.bytes_per_second <= 0:
            return None
        return max(self.total - self.done, 0) / self.bytes_per_second

    @property
    def fraction(self) -> float | None:
        return self.done / self.total if self.total else None


ProgressCallback = Callable[[DownloadProgress], None]


class Meter:
    """Speed over the last few seconds and a throttle for progress reports."""

    def __init__(self, file: str, total: int | None, start: int, report: ProgressCallback) -> None:
        self.file = file
        self.total = total
        self.start = start
        self._report = report
        self._samples: list[tuple[float, int]] = [(time.monotonic(), start)]
        self._last_report = 0.0

    def update(self, done: int, phase: str = "downloading", force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_report < 0.1:
            return
        self._last_report = now
        self._samples.append((now, done))
        while len(self._samples) > 2 and now - self._samples[0][0] > 5.0:
            self._samples.pop(0)
        then, then_done = self._samples[0]
        speed = (done - then_done) / (now - then) if now > then else 0.0
        self._report(DownloadProgress(self.file, done, self.total, speed, phase, self.start))
