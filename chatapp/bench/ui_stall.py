"""A window that never stalls: a 5 ms heartbeat on the GUI thread while a reply streams,
and the view's cost per batch early in a conversation against late in a long one."""

from __future__ import annotations

import time
from collections.abc import Callable

from chatapp.bench.context import DECODE_PROMPT, BenchContext
from chatapp.bench.report import Row
from chatapp.bench.stats import Check, alternate, median, percentile

TITLE = "UI stall"
GOAL_TEXT = "worst heartbeat gap <= 16 ms while streaming; view cost at message 500 <= 1.2x at 10"
LABELS = {
    "idle_worst": "heartbeat worst gap, idle",
    "stream_worst": "worst gap, streaming",
    "stream_p99": "p99 gap, streaming",
    "view_at_10": "view per batch at message 10",
    "view_at_late": "at message 500",
}
BATCH_TEXT = "and the keeper wrote it down "  # about 6 tokens: one batch at ~180 tok/s
_MESSAGE = (
    "Here is what I found about **{topic}**:\n\n"
    "1. It started in season {n}.\n2. People kept *careful* notes.\n\n"
    "```python\nprint('{topic}', {n})\n```\n\nThat is all for now, message {n}."
)


def gaps_ms(beats: list[float]) -> list[float]:
    """Milliseconds between consecutive heartbeats."""
    return [(b - a) * 1000 for a, b in zip(beats, beats[1:], strict=False)]


def _conversation_view(messages: int) -> object:
    from PySide6.QtWidgets import QApplication

    from chatapp.gui.chat_view import ChatView

    view = ChatView()
    view.resize(700, 520)
    view.show()
    for n in range(messages):
        if n % 2 == 0:
            view.add_message("user", f"Tell me about topic {n} please, with an example.")
        else:
            view.add_message("assistant", _MESSAGE.format(topic=f"topic {n}", n=n))
    QApplication.processEvents()
    return view


def view_batch_cost(view: object, batches: int) -> float:
    """Mean seconds per streamed batch (append + the events it causes, the throttled
    Markdown render included), batches paced as the worker sends them (BATCHES_PER_SECOND)."""
    from PySide6.QtWidgets import QApplication

    from chatapp.gui.workers import BATCHES_PER_SECOND

    busy = 0.0
    view.begin_reply()  # type: ignore[attr-defined]
    next_at = time.perf_counter()
    for _ in range(batches):
        started = time.perf_counter()
        view.append_to_reply(BATCH_TEXT)  # type: ignore[attr-defined]
        QApplication.processEvents()
        busy += time.perf_counter() - started
        next_at += 1 / BATCHES_PER_SECOND
        pause = next_at - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
    view.end_reply(None, note="")  # type: ignore[attr-defined]
    view.remove_last_message()  # type: ignore[attr-defined]
    QApplication.processEvents()
    return busy / batches


def run(ctx: BenchContext) -> Row:
    """Heartbeat idle / streaming, alternated; then the view early / late, alternated."""
    from chatapp.bench.qt_window import BenchWindow, delete_now, ensure_app

    ensure_app()
    sampling = ctx.sampling(ctx.stream_tokens)
    p99: list[float] = []
    durations: list[float] = []
    with BenchWindow(ctx.model, ctx.workdir / "stall-window") as window:
        window.reply(DECODE_PROMPT, sampling)  # warm-up

        def idle() -> float:
            seconds = median(durations) if durations else 1.0
            return max(gaps_ms(window.idle_heartbeats(seconds)), default=0.0)

        def streaming() -> float:
            timing = window.reply(DECODE_PROMPT, sampling, heartbeat=True)
            durations.append(timing.done_at - timing.sent_at)
            gaps = gaps_ms(timing.heartbeats)
            p99.append(percentile(gaps, 99))
            return max(gaps, default=0.0)

        heartbeat = alternate(
            {"idle_worst": idle, "stream_worst": streaming},
            ctx.rounds,
            lambda name, i, v: ctx.progress(f"ui_stall round {i + 1}: {name} {v:.1f} ms"),
        )
    early = _conversation_view(9)
    late = _conversation_view(ctx.view_messages - 1)
    batches = 30 if ctx.quick else 60
    runners: dict[str, Callable[[], float]] = {
        "view_at_10": lambda: view_batch_cost(early, batches) * 1000,
        "view_at_late": lambda: view_batch_cost(late, batches) * 1000,
    }
    try:
        view_cost = alternate(
            runners,
            ctx.rounds,
            lambda name, i, v: ctx.progress(f"ui_stall round {i + 1}: {name} {v:.2f} ms/batch"),
        )
    finally:
        for view in (early, late):
            view.stop_rendering()  # type: ignore[attr-defined]
            view.close()  # type: ignore[attr-defined]
            delete_now(view)  # type: ignore[arg-type]
    row = Row("ui_stall", TITLE, "ms", GOAL_TEXT, labels=dict(LABELS))
    row.labels["view_at_late"] = f"at message {ctx.view_messages}"
    row.add_samples({**heartbeat, "stream_p99": p99, **view_cost})
    row.add_ratio("stream/idle worst", "stream_worst", "idle_worst")
    late_early = row.add_ratio("view 500/10", "view_at_late", "view_at_10")
    if ctx.view_messages != 500:
        row.ratios[f"view {ctx.view_messages}/10"] = row.ratios.pop("view 500/10")
        row.pair_ratios[f"view {ctx.view_messages}/10"] = row.pair_ratios.pop("view 500/10")
    row.checks = [
        Check("worst gap ms", row.values["stream_worst"], "<=", 16.0),
        Check("view late/early", late_early, "<=", 1.2),
    ]
    from chatapp.gui.workers import BATCHES_PER_SECOND

    row.notes.append(
        f"replies of {ctx.stream_tokens} tokens; view batches of {len(BATCH_TEXT)} characters "
        f"at {BATCHES_PER_SECOND} a second, {batches} per run."
    )
    return row
