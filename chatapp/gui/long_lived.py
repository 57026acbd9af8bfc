"""Python's cycle collector and the window's long-lived objects."""

from __future__ import annotations

import gc


def settle_long_lived_objects() -> None:
    """Collect what is garbage now, then set every object alive aside from later
    collections (``gc.freeze``).

    A chat of thousands of messages holds tens of thousands of objects that live as long
    as it is open. Python's oldest-generation collection walks all of them whenever enough
    new objects have survived: measured at 15-20 ms, one event-loop turn in the middle of
    scrolling a 5,000-message chat. Frozen objects are not walked; the next call (the next
    chat opened) first puts them back, so garbage among them is collected then.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()
