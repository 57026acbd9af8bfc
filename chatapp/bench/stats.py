"""Statistics for the benchmarks: alternating runs, medians, percentiles, ratios per pair."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass


def median(values: Sequence[float]) -> float:
    """The median of ``values`` (NaN when there are none)."""
    return statistics.median(values) if values else math.nan


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) with linear interpolation, as numpy's default."""
    if not values:
        return math.nan
    if not 0 <= q <= 100:
        raise ValueError("q must be between 0 and 100")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def alternate(
    runners: Mapping[str, Callable[[], float]],
    rounds: int,
    on_run: Callable[[str, int, float], None] | None = None,
) -> dict[str, list[float]]:
    """Run every runner once per round, in order (A B C A B C ...); return the samples.

    Alternating spreads slow drifts of the machine (heat, other processes) evenly over
    the variants, so that a ratio per round compares runs made at nearly the same time.
    """
    if rounds < 1:
        raise ValueError("rounds must be at least 1")
    samples: dict[str, list[float]] = {name: [] for name in runners}
    for round_index in range(rounds):
        for name, run in runners.items():
            value = run()
            samples[name].append(value)
            if on_run is not None:
                on_run(name, round_index, value)
    return samples


def pair_ratios(numerators: Sequence[float], denominators: Sequence[float]) -> list[float]:
    """``numerators[i] / denominators[i]`` for each round (NaN where a denominator is 0)."""
    if len(numerators) != len(denominators):
        raise ValueError("both series need one value per round")
    return [n / d if d else math.nan for n, d in zip(numerators, denominators, strict=True)]


def median_ratio(numerators: Sequence[float], denominators: Sequence[float]) -> float:
    """The median of the per-round ratios (robust to one disturbed round)."""
    ratios = [r for r in pair_ratios(numerators, denominators) if not math.isnan(r)]
    return median(ratios)


@dataclass(frozen=True)
class Check:
    """One goal: ``value`` must be ``op`` (">=" or "<=") ``target``."""

    name: str
    value: float
    op: str
    target: float

    def __post_init__(self) -> None:
        if self.op not in (">=", "<="):
            raise ValueError(f"unknown comparison {self.op!r}")

    @property
    def met(self) -> bool | None:
        """Whether the goal is met; None when the value could not be measured."""
        if self.value is None or math.isnan(self.value):
            return None
        return self.value >= self.target if self.op == ">=" else self.value <= self.target

    def describe(self) -> str:
        """E.g. ``d/c >= 0.97``."""
        return f"{self.name} {self.op} {self.target:g}"
