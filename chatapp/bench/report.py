"""Rows, the report they make, and its two forms: JSON (stable keys) and a Markdown table."""

from __future__ import annotations

import json
import math
import os
import platform
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chatapp.bench.stats import Check, median, median_ratio

ROW_KEYS = (
    "decode",
    "prompt_reuse",
    "ui_stall",
    "startup",
    "memory",
    "download",
    "remote",
    "api_server",
    "busy_cpu",
    "long_chat",
)
SCHEMA_VERSION = 1


@dataclass
class Row:
    """One comparison: its samples per variant (in run order), ratios and goals.

    ``values`` holds the medians (and any other measured number) shown in the table;
    ``samples`` every run; ``ratios`` the median of the per-round ratios, whose
    per-round values are in ``pair_ratios``. ``unavailable`` names the variants that
    could not be measured in this run, with the reason.
    """

    key: str
    title: str
    unit: str
    goal: str
    values: dict[str, float] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    samples: dict[str, list[float]] = field(default_factory=dict)
    ratios: dict[str, float] = field(default_factory=dict)
    pair_ratios: dict[str, list[float]] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unavailable: dict[str, str] = field(default_factory=dict)
    rounds: int = 0
    error: str | None = None

    def add_samples(self, samples: dict[str, list[float]]) -> None:
        """Record alternated samples and their medians as values."""
        for name, values in samples.items():
            self.samples[name] = list(values)
            self.values[name] = median(values)
        self.rounds = max((len(v) for v in samples.values()), default=0)

    def add_ratio(self, name: str, numerator: str, denominator: str) -> float:
        """Median of the per-round ratios of two sampled variants, recorded as ``name``."""
        num, den = self.samples[numerator], self.samples[denominator]
        self.pair_ratios[name] = [n / d if d else math.nan for n, d in zip(num, den, strict=True)]
        self.ratios[name] = median_ratio(num, den)
        return self.ratios[name]

    @property
    def met(self) -> bool | None:
        """True when every goal is met, False when one is missed, None when unmeasured."""
        results = [c.met for c in self.checks]
        if any(r is False for r in results):
            return False
        if self.error is not None or not results or any(r is None for r in results):
            return None
        return True

    def to_dict(self) -> dict[str, Any]:
        """The row as plain JSON data (NaN becomes null)."""
        return _clean(
            {
                "title": self.title,
                "unit": self.unit,
                "values": self.values,
                "labels": self.labels,
                "ratio": self.ratios,
                "goal": self.goal,
                "checks": [
                    {
                        "name": c.name,
                        "value": c.value,
                        "op": c.op,
                        "target": c.target,
                        "met": c.met,
                    }
                    for c in self.checks
                ],
                "met": self.met,
                "rounds": self.rounds,
                "samples": self.samples,
                "pair_ratios": self.pair_ratios,
                "notes": self.notes,
                "unavailable": self.unavailable,
                "error": self.error,
            }
        )


def failed_row(key: str, title: str, goal: str, error: str) -> Row:
    """A row that could not be measured, with the one-line reason."""
    return Row(key=key, title=title, unit="", goal=goal, error=error)


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else round(value, 6)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def machine_info() -> dict[str, Any]:
    """What the numbers were measured on."""
    import psutil

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        from importlib.metadata import version

        llama_version = version("llama-cpp-python")
    except Exception:
        llama_version = "?"
    from chatapp import __version__

    return {
        "os": f"{platform.system()} {platform.release()}",
        "cpu": cpu,
        "physical_cores": psutil.cpu_count(logical=False),
        "logical_cores": os.cpu_count(),
        "ram_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "llama_cpp_python": llama_version,
        "chatapp": __version__,
    }


@dataclass
class Report:
    """All rows of one ``chatapp bench`` run, with the machine and the settings."""

    rows: list[Row]
    machine: dict[str, Any]
    model: str
    quick: bool
    command: str = field(default_factory=lambda: " ".join(["chatapp", *sys.argv[1:]]))
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """One object per row under its stable key, and ``meta`` about the run."""
        data: dict[str, Any] = {row.key: row.to_dict() for row in self.rows}
        data["meta"] = _clean(
            {
                "schema_version": SCHEMA_VERSION,
                "machine": self.machine,
                "model": self.model,
                "quick": self.quick,
                "command": self.command,
                "seconds": self.seconds,
            }
        )
        return data

    def to_json(self) -> str:
        """The report as indented JSON."""
        return json.dumps(self.to_dict(), indent=2)

    def markdown(self) -> str:
        """The table: one line per measured value, the ratios and goals beside them."""
        lines = [
            "| comparison | measured (median) | ratio | goal | met? |",
            "| --- | --- | --- | --- | --- |",
        ]
        for row in self.rows:
            measured = "; ".join(
                f"{row.labels.get(name, name)} {_number(value)}"
                for name, value in row.values.items()
                if name in row.labels
            )
            measured = "; ".join(
                [measured]
                + [
                    f"{row.labels.get(k, k)}: unavailable ({why})"
                    for k, why in row.unavailable.items()
                ]
            ).strip("; ")
            if row.error:
                measured = f"not measured: {row.error}"
            ratios = "; ".join(f"{name} {_number(v)}x" for name, v in row.ratios.items())
            met = "; ".join(f"{c.describe()}: {_MET[c.met]}" for c in row.checks) or _MET[row.met]
            title = f"{row.title} ({row.unit})" if row.unit else row.title
            lines.append(f"| {title} | {measured} | {ratios or '-'} | {row.goal} | {met} |")
        notes = [f"- {row.key}: {note}" for row in self.rows for note in row.notes]
        machine = self.machine
        footer = [
            "",
            f"Machine: {machine.get('cpu')}, {machine.get('physical_cores')} physical / "
            f"{machine.get('logical_cores')} logical cores, {machine.get('ram_gib')} GiB RAM, "
            f"{machine.get('os')}; Python {machine.get('python')}, llama-cpp-python "
            f"{machine.get('llama_cpp_python')}. Model: {Path(self.model).name}. "
            f"Command: `{self.command}`{' (quick)' if self.quick else ''}, "
            f"{self.seconds:.0f} s; {self.rows[0].rounds if self.rows else 0} alternated rounds.",
        ]
        if notes:
            footer += ["", *notes]
        return "\n".join(lines + footer) + "\n"


_MET = {True: "yes", False: "**no**", None: "-"}


def _number(value: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"
