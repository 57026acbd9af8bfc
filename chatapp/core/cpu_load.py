"""How many CPU cores other programs leave free, to pick llama.cpp's thread count per reply.

llama.cpp's threads wait for each other after every step of a token: one thread sharing
its core with a busy program holds all of them back (measured on 2 cores with one kept
busy: 35 tokens/s with 2 threads, 53 with 1). So when the user leaves the thread count on
Auto, each reply uses one thread per core that other programs leave free.

"Other programs" is the CPU time all CPUs this process may run on were busy, less this
process's own CPU time, over the time since the last look: measured without waiting,
and ChatApp's own threads (the previous reply's) never count against it. That window
can hold a program that has stopped since (another engine that just answered): where the
OS says how many tasks are ready to run (Linux), a few samples of that over about a
millisecond, less this process's own, cap the estimate.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from chatapp.core.settings_validation import logical_cpu_count

# A window shorter than this says too little (the OS counts CPU time in 10 ms ticks);
# the last estimate stands until a longer one has passed.
MIN_WINDOW_SECONDS = 0.25
# Another program using 40% of a core or more takes that core: llama.cpp's threads wait
# for the one that shares it.
BUSY_CORE_SHARE = 0.4


@dataclass(frozen=True)
class _Reading:
    at: float
    busy: float
    own: float


def _read() -> _Reading:
    import psutil

    cpus = _own_cpus()
    # guest time is already counted in user time; steal is the host's, not a program's.
    # Programs with a lower priority (nice) count: the time slices they still get stall
    # llama.cpp's threads as much (measured: a niced build on both cores, 2 threads
    # 5 tokens/s, 1 thread 34).
    not_busy = ("idle", "iowait", "guest", "guest_nice", "steal")
    busy = 0.0
    for index, times in enumerate(psutil.cpu_times(percpu=True)):
        if cpus is None or index in cpus:
            busy += sum(times) - sum(getattr(times, name, 0.0) for name in not_busy)
    own = psutil.Process().cpu_times()
    return _Reading(time.monotonic(), busy, own.user + own.system)


def _own_cpus() -> set[int] | None:
    try:
        return set(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return None


def runnable_elsewhere(samples: int = 4, gap: float = 0.0003) -> float | None:
    """Tasks of other processes ready to run now, averaged over ``samples`` looks
    (Linux's ``procs_running``; None where the OS does not say)."""
    counts = []
    for index in range(samples):
        if index:
            time.sleep(gap)
        try:
            counts.append(_procs_running() - _own_running_threads())
        except (OSError, ValueError):
            return None
    return max(0.0, sum(counts) / len(counts))


def _procs_running() -> int:
    with open("/proc/stat", "rb") as stat:
        for line in stat:
            if line.startswith(b"procs_running"):
                return int(line.split()[1])
    raise ValueError("no procs_running in /proc/stat")


def _own_running_threads() -> int:
    running = 0
    for thread in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{thread}/stat", "rb") as stat:
                data = stat.read()
        except OSError:
            continue  # the thread ended meanwhile
        state_at = data.rindex(b")") + 2  # after "pid (name) "
        running += data[state_at : state_at + 1] == b"R"
    return running


class FreeCores:
    """Cores left free by other programs, from CPU time counters (no waiting).

    ``threads(most)`` is the thread count for the next reply: ``most`` less one per core
    that other programs kept busy since the previous look (at least one).
    """

    def __init__(self) -> None:
        self._last = _read()
        self._busy_elsewhere = 0.0

    @property
    def busy_elsewhere(self) -> float:
        """Cores' worth of CPU time other programs used in the last measured window."""
        return self._busy_elsewhere

    def update(self) -> float:
        """Measure since the last look when enough time has passed; the estimate."""
        now = _read()
        elapsed = now.at - self._last.at
        if elapsed >= MIN_WINDOW_SECONDS:
            others = (now.busy - self._last.busy) - (now.own - self._last.own)
            self._busy_elsewhere = max(0.0, others / elapsed)
            self._last = now
        return self._busy_elsewhere

    def threads(self, most: int) -> int:
        """Threads for the next reply: ``most`` less the cores busy elsewhere, >= 1."""
        busy = self.update()
        if busy >= BUSY_CORE_SHARE:  # is it still so? (costs about a millisecond)
            now = runnable_elsewhere()
            busy = busy if now is None else min(busy, now)
        busy_cores = int(busy + (1 - BUSY_CORE_SHARE))
        return max(1, min(most, logical_cpu_count()) - busy_cores)
