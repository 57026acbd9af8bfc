"""Busy CPUs: ChatApp's thread count on Auto (chosen before each reply from the cores
other programs leave free) against each fixed thread count, on an idle machine and with
one core kept busy by another process (a busy loop pinned to that core)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from chatapp.bench.context import BenchContext
from chatapp.bench.report import Row
from chatapp.bench.stats import Check, alternate, median
from chatapp.core.backend import collect_reply
from chatapp.core.cpu_load import FreeCores
from chatapp.core.engine import ChatEngine, default_threads
from chatapp.core.model_loading import load_planned
from chatapp.core.settings import LoadParams
from chatapp.core.settings_validation import logical_cpu_count

TITLE = "Decode speed with a busy core, thread count on Auto against fixed counts"
GOAL_TEXT = "Auto >= 0.95x the best fixed count, idle and with one core busy"
CONDITIONS = ("idle", "busy")


def fixed_counts(most: int) -> list[int]:
    """The fixed thread counts to compare: 1, half, all but one and all of ``most``."""
    return sorted({count for count in (1, most // 2, most - 1, most) if count >= 1})


@contextmanager
def busy_core() -> Iterator[str]:
    """Another process spinning on one core (the last this process may use); yields
    where it runs, for the notes."""
    if getattr(sys, "frozen", False):
        raise RuntimeError("the busy-core process needs ChatApp installed with pip")
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        try:
            core = max(os.sched_getaffinity(0))
            os.sched_setaffinity(spinner.pid, {core})
            where = f"pinned to CPU {core}"
        except (AttributeError, OSError):
            where = "not pinned (this OS cannot pin a process)"
        yield where
    finally:
        spinner.kill()
        spinner.wait(timeout=30)


def run(ctx: BenchContext) -> Row:
    """Per condition: alternate Auto and each fixed count, ``ctx.rounds`` times."""
    most = default_threads()
    counts = fixed_counts(most)
    sampling = ctx.sampling(ctx.decode_tokens)
    engines = {"auto": ChatEngine()}
    engines.update({f"t{count}": ChatEngine() for count in counts})
    chosen: dict[str, list[int]] = {condition: [] for condition in CONDITIONS}
    samples: dict[str, list[float]] = {}
    others: dict[str, float] = {}
    where = ""
    try:
        for name, engine in engines.items():
            threads = None if name == "auto" else int(name[1:])
            load_planned(engine, ctx.model, LoadParams(n_threads=threads))

        def runner(condition: str, name: str) -> Callable[[], float]:
            engine = engines[name]

            def run_one() -> float:
                stats = collect_reply(engine.stream_reply(ctx.decode_messages(), sampling))[1]
                if name == "auto":
                    chosen[condition].append(engine.threads_in_use)
                return stats.tokens_per_second

            return run_one

        for condition in CONDITIONS:
            with busy_core() if condition == "busy" else _nothing() as where_busy:
                where = where_busy or where
                runners = {f"{condition}_{name}": runner(condition, name) for name in engines}
                ctx.progress(f"busy_cpu: warming up ({condition})")
                for warm in runners.values():  # also lets Auto see the new load
                    warm()
                chosen[condition].clear()
                elsewhere = FreeCores()
                samples.update(
                    alternate(
                        runners,
                        ctx.rounds,
                        lambda key, i, v: ctx.progress(
                            f"busy_cpu round {i + 1}: {key} {v:.1f} tok/s"
                        ),
                    )
                )
                others[condition] = elsewhere.update()
    finally:
        for engine in engines.values():
            engine.unload()
    return _row(samples, counts, chosen, others, ctx, most, where)


@contextmanager
def _nothing() -> Iterator[str]:
    yield ""


def _row(
    samples: dict[str, list[float]],
    counts: list[int],
    chosen: dict[str, list[int]],
    others: dict[str, float],
    ctx: BenchContext,
    most: int,
    where: str,
) -> Row:
    labels = {}
    for condition in CONDITIONS:
        labels[f"{condition}_auto"] = f"{condition}, Auto"
        for count in counts:
            labels[f"{condition}_t{count}"] = f"{condition}, {count} thread{'s' * (count > 1)}"
    row = Row("busy_cpu", TITLE, "tokens/s", GOAL_TEXT, labels=labels)
    row.add_samples(samples)
    for condition in CONDITIONS:
        best = max(counts, key=lambda count: row.values[f"{condition}_t{count}"])
        ratio = row.add_ratio(
            f"{condition} auto/{best}t", f"{condition}_auto", f"{condition}_t{best}"
        )
        row.checks.append(Check(f"{condition} Auto/best fixed", ratio, ">=", 0.95))
        row.values[f"{condition}_auto_threads"] = median(chosen[condition])
        row.values[f"{condition}_busy_elsewhere"] = others.get(condition, float("nan"))
    row.notes.append(
        f"{ctx.decode_tokens} tokens a reply; Auto may use up to {most} threads "
        f"({logical_cpu_count()} CPUs usable); threads Auto chose (median): idle "
        f"{row.values['idle_auto_threads']:g}, busy {row.values['busy_auto_threads']:g}; "
        f"busy core: a Python busy loop {where}. CPU time other programs used during the "
        f"rounds (cores): idle {row.values['idle_busy_elsewhere']:.2f}, busy "
        f"{row.values['busy_busy_elsewhere']:.2f}."
    )
    return row
