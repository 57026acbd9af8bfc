"""Byte counts as short human strings: the one place sizes are formatted."""

from __future__ import annotations

_UNITS = ("B", "KiB", "MiB", "GiB", "TiB")


def describe_size(n_bytes: float, unit: str | None = None, decimals: int = 1) -> str:
    """Bytes as a short human string: ``"1.2 GiB"``, ``"512 B"``.

    ``unit`` fixes the unit (``describe_size(2**31, "GiB", 2)`` is ``"2.00 GiB"``);
    otherwise the largest unit under 1024 of it is used, up to GiB.
    """
    if unit is not None:
        value = float(n_bytes) / 1024 ** _UNITS.index(unit)
        return f"{value:.{decimals}f} {unit}"
    value = float(n_bytes)
    if value < 1024:
        return f"{value:.0f} B"
    for name in ("KiB", "MiB"):
        value /= 1024
        if value < 1024:
            return f"{value:.{decimals}f} {name}"
    return f"{value / 1024:.{decimals}f} GiB"
