"""Sampling presets: named sets of the values that shape how a reply reads."""

from __future__ import annotations

import math
from dataclasses import replace

from chatapp.core.settings import SamplingParams

PRESETS: dict[str, SamplingParams] = {
    "Precise": SamplingParams(temperature=0.2, top_p=0.9, top_k=20, min_p=0.1),
    "Balanced": SamplingParams(),
    "Creative": SamplingParams(temperature=1.1, top_p=0.98, top_k=100, min_p=0.02),
}

# What a preset sets; the reply length and the seed are the user's own.
PRESET_FIELDS = ("temperature", "top_p", "top_k", "min_p", "repeat_penalty", "repeat_last_n")


def with_preset(sampling: SamplingParams, name: str) -> SamplingParams:
    """``sampling`` with the preset ``name``'s values."""
    preset = PRESETS[name]
    return replace(sampling, **{field: getattr(preset, field) for field in PRESET_FIELDS})


def matching_preset(sampling: SamplingParams) -> str | None:
    """The preset whose values ``sampling`` has (as the panel's boxes round them), if any."""
    for name, preset in PRESETS.items():
        if all(
            math.isclose(getattr(sampling, field), getattr(preset, field), abs_tol=1e-6)
            for field in PRESET_FIELDS
        ):
            return name
    return None
