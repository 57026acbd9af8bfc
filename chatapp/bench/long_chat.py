"""A long chat: how long the conversation view takes to open a saved chat of 100, 1,000
and 5,000 messages (with code blocks), and the longest event-loop turn while the user
scrolls from its end to its first message."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from chatapp.bench.context import BenchContext
from chatapp.bench.report import Row
from chatapp.bench.stats import Check, alternate, percentile
from chatapp.core.conversation import StoredMessage
from chatapp.core.templates import Role

TITLE = "Long chat"
GOAL_TEXT = "open(5,000) <= 500 ms and <= 3x open(100); worst gap <= 16 ms scrolling to the top"
SCROLL_STEP_PX = 120  # two turns of a mouse wheel
MAX_TURNS = 200_000
OPEN_GOAL_MS = 500.0
OPEN_RATIO_GOAL = 3.0
GAP_GOAL_MS = 16.0
_QUESTION = "How would I write step {n} of the parser, with an example?"
_ANSWER = (
    "Step {n} reads the **header** first, then the records:\n\n"
    "1. Open the file in binary mode.\n2. Check the magic number (`0x{n:04x}`).\n\n"
    "```python\ndef read_step_{n}(path):\n    with open(path, 'rb') as handle:\n"
    "        magic = handle.read(4)\n        if magic != b'CHAT':\n"
    "            raise ValueError('not a chat file')\n        return handle.read()\n```\n\n"
    "That is all step {n} needs; the next one parses the records."
)
_STATS = {
    "prompt_tokens": 40,
    "prompt_seconds": 0.05,
    "generated_tokens": 80,
    "generation_seconds": 1.0,
    "time_to_first_token": 0.06,
    "finish_reason": "stop",
}


def chat_messages(count: int) -> list[StoredMessage]:
    """A saved chat of ``count`` messages: questions and answers with a code block."""
    return [
        StoredMessage(Role.USER, _QUESTION.format(n=n))
        if n % 2 == 0
        else StoredMessage(Role.ASSISTANT, _ANSWER.format(n=n), stats=dict(_STATS))
        for n in range(count)
    ]


def _new_view() -> object:
    from PySide6.QtWidgets import QApplication

    from chatapp.gui.chat_view import ChatView

    view = ChatView()
    view.resize(900, 700)
    view.show()
    QApplication.processEvents()
    return view


def _close(view: object) -> None:
    from PySide6.QtWidgets import QApplication

    from chatapp.bench.qt_window import delete_now

    view.stop_rendering()  # type: ignore[attr-defined]
    view.close()  # type: ignore[attr-defined]
    delete_now(view)  # type: ignore[arg-type]
    QApplication.processEvents()


def open_ms(view: object, messages: Sequence[StoredMessage]) -> float:
    """Milliseconds from asking the view to show the chat to its first turn done (the
    first paint included)."""
    from PySide6.QtWidgets import QApplication

    started = time.perf_counter()
    view.show_conversation(messages)  # type: ignore[attr-defined]
    QApplication.processEvents()
    return (time.perf_counter() - started) * 1000


def scroll_to_top(view: object) -> tuple[list[float], list[float]]:
    """Drive the scroll bar up in steps until the chat's first message is shown; the
    milliseconds of each event-loop turn (the step and the events it causes), and the
    CPU time the GUI thread spent in each (what the machine's other work does not add)."""
    from PySide6.QtWidgets import QApplication

    bar = view.verticalScrollBar()  # type: ignore[attr-defined]
    gaps: list[float] = []
    cpu: list[float] = []
    for _ in range(MAX_TURNS):
        if view.written_range[0] == 0 and bar.value() == 0:  # type: ignore[attr-defined]
            return gaps, cpu
        started, cpu_started = time.perf_counter(), time.thread_time()
        bar.setValue(bar.value() - SCROLL_STEP_PX)
        QApplication.processEvents()
        gaps.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - cpu_started) * 1000)
    raise RuntimeError("the first message was never shown while scrolling up")


def run(ctx: BenchContext) -> Row:
    """Open times at each size, alternated; then scrolls to the top, alternated."""
    from chatapp.bench.qt_window import ensure_app

    ensure_app()
    sizes = list(ctx.long_chat_sizes)
    chats = {n: chat_messages(n) for n in sizes}
    warm = _new_view()
    open_ms(warm, chats[sizes[0]])  # imports Pygments and its lexer once
    _close(warm)

    def opener(count: int) -> Callable[[], float]:
        def measure() -> float:
            view = _new_view()
            try:
                return open_ms(view, chats[count])
            finally:
                _close(view)

        return measure

    opens = alternate(
        {f"open_{n}": opener(n) for n in sizes},
        ctx.rounds,
        lambda name, i, v: ctx.progress(f"long_chat round {i + 1}: {name} {v:.1f} ms"),
    )
    more: dict[str, list[float]] = {}
    turns: dict[str, float] = {}

    def scroller(count: int) -> Callable[[], float]:
        def measure() -> float:
            view = _new_view()
            try:
                open_ms(view, chats[count])
                gaps, cpu = scroll_to_top(view)
            finally:
                _close(view)
            more.setdefault(f"gap_p99_{count}", []).append(percentile(gaps, 99) if gaps else 0)
            more.setdefault(f"cpu_worst_{count}", []).append(max(cpu, default=0.0))
            turns[f"turns_{count}"] = float(len(gaps))
            return max(gaps, default=0.0)

        return measure

    worst = alternate(
        {f"gap_{n}": scroller(n) for n in sizes},
        ctx.rounds,
        lambda name, i, v: ctx.progress(f"long_chat round {i + 1}: {name} worst {v:.1f} ms"),
    )
    return _row(sizes, opens, worst, more, turns)


def _row(
    sizes: list[int],
    opens: dict[str, list[float]],
    worst: dict[str, list[float]],
    more: dict[str, list[float]],
    turns: dict[str, float],
) -> Row:
    labels = {}
    for n in sizes:
        labels[f"open_{n}"] = f"open {n:,} messages"
        labels[f"gap_{n}"] = f"worst gap scrolling up, {n:,}"
        labels[f"gap_p99_{n}"] = f"p99 gap, {n:,}"
        labels[f"cpu_worst_{n}"] = f"worst turn's CPU time, {n:,}"
    row = Row("long_chat", TITLE, "ms", GOAL_TEXT, labels=labels)
    row.add_samples({**opens, **worst, **more})
    row.values.update(turns)
    base, largest = sizes[0], sizes[-1]
    ratios = {n: row.add_ratio(f"open {n}/{base}", f"open_{n}", f"open_{base}") for n in sizes[1:]}
    row.checks = [
        Check(f"open {largest} ms", row.values[f"open_{largest}"], "<=", OPEN_GOAL_MS),
        Check(f"open {largest}/{base}", ratios.get(largest, 1.0), "<=", OPEN_RATIO_GOAL),
        Check("worst gap ms", max(row.values[name] for name in worst), "<=", GAP_GOAL_MS),
    ]
    row.notes.append(
        f"chats of {', '.join(f'{n:,}' for n in sizes)} saved messages (every answer with "
        "a code block); open: show_conversation to the first turn done, a fresh view each "
        f"time; gap: the longest event-loop turn (the step and the events it causes) while "
        f"the scroll bar goes up {SCROLL_STEP_PX} px a turn from the end to the first "
        "message, one pass per size and round (median over the rounds)."
    )
    return row
