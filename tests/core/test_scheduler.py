"""The Scheduler: one engine thread, arrival order, cancel, queue limit, errors."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from chatapp.core.backend import BackendError, ReplyStats, collect_reply
from chatapp.core.scheduler import QueueFullError, Scheduler, SchedulerClosedError


def stats(reason: str = "stop") -> ReplyStats:
    return ReplyStats(1, 0.0, 1, 0.0, 0.0, reason)  # type: ignore[arg-type]


class Recorder:
    """A stand-in backend: records which thread ran what, in which order."""

    def __init__(self) -> None:
        self.threads: set[str] = set()
        self.order: list[str] = []

    def reply(self, name: str, release: threading.Event | None = None):
        def work(backend: Recorder, cancel: threading.Event) -> Iterator[str | ReplyStats]:
            backend.threads.add(threading.current_thread().name)
            backend.order.append(name)
            while release is not None and not release.wait(0.005):
                if cancel.is_set():
                    yield stats("cancelled")
                    return
            yield name
            yield stats()

        return work


def wait_active(scheduler: Scheduler) -> None:
    deadline = time.monotonic() + 5
    while scheduler.state.active is None and time.monotonic() < deadline:
        time.sleep(0.001)


@pytest.fixture
def scheduler() -> Iterator[Scheduler]:
    scheduler = Scheduler(Recorder(), max_waiting=3)
    yield scheduler
    scheduler.close()


def test_jobs_run_in_arrival_order_on_one_thread(scheduler: Scheduler):
    release = threading.Event()
    first = scheduler.submit(scheduler.backend.reply("first", release))
    rest = [
        scheduler.submit(scheduler.backend.reply(f"r{i}"), source="window", may_refuse=False)
        for i in range(3)
    ]
    release.set()
    texts = [collect_reply(handle)[0] for handle in (first, *rest)]
    assert texts == ["first", "r0", "r1", "r2"]
    assert scheduler.backend.order == texts
    assert scheduler.backend.threads == {"chatapp-engine"}


def test_full_queue_refuses_api_jobs_but_not_the_window(scheduler: Scheduler):
    release = threading.Event()
    scheduler.submit(scheduler.backend.reply("busy", release))
    wait_active(scheduler)
    waiting = [scheduler.submit(scheduler.backend.reply(f"w{i}")) for i in range(3)]
    with pytest.raises(QueueFullError) as refused:
        scheduler.submit(scheduler.backend.reply("one too many"))
    assert refused.value.retry_after >= 1
    window = scheduler.submit(scheduler.backend.reply("window"), may_refuse=False)
    release.set()
    assert [collect_reply(h)[0] for h in (*waiting, window)] == ["w0", "w1", "w2", "window"]


def test_cancelling_a_waiting_job_frees_its_place_at_once(scheduler: Scheduler):
    release = threading.Event()
    busy = scheduler.submit(scheduler.backend.reply("busy", release))
    wait_active(scheduler)
    waiting = scheduler.submit(scheduler.backend.reply("never"))
    assert scheduler.state.waiting == 1
    waiting.cancel()
    assert scheduler.state.waiting == 0
    assert collect_reply(waiting) == ("", ReplyStats(0, 0.0, 0, 0.0, 0.0, "cancelled"))
    busy.cancel()
    assert collect_reply(busy)[1].finish_reason == "cancelled"
    assert "never" not in scheduler.backend.order


def test_backend_errors_reach_the_reader_and_the_thread_goes_on(scheduler: Scheduler):
    def failing(_backend: object, _cancel: threading.Event) -> Iterator[str | ReplyStats]:
        yield "partial"
        raise BackendError("the model went away")

    with pytest.raises(BackendError, match="went away"):
        collect_reply(scheduler.submit(failing))
    assert collect_reply(scheduler.submit(scheduler.backend.reply("after")))[0] == "after"
    assert scheduler.call(lambda backend: len(backend.order)).result(timeout=5) == 1


def test_listeners_see_the_active_job(scheduler: Scheduler):
    seen: list[tuple[str, str] | None] = []
    scheduler.add_listener(
        lambda state: seen.append(
            (state.active.source, state.active.label) if state.active else None
        )
    )
    collect_reply(scheduler.submit(scheduler.backend.reply("x"), label="/v1/chat/completions"))
    assert scheduler.wait_idle(5)
    assert seen == [("api", "/v1/chat/completions"), None]


def test_closed_scheduler_refuses_and_cancels(scheduler: Scheduler):
    release = threading.Event()
    busy = scheduler.submit(scheduler.backend.reply("busy", release))
    wait_active(scheduler)
    waiting = scheduler.submit(scheduler.backend.reply("waiting"))
    scheduler.close()
    assert collect_reply(waiting)[1].finish_reason == "cancelled"
    assert collect_reply(busy)[1].finish_reason == "cancelled"
    with pytest.raises(SchedulerClosedError):
        scheduler.submit(scheduler.backend.reply("late"))
