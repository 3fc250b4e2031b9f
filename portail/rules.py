"""Rules every app applies the same way: one function each, called by forms, imports and services."""

from __future__ import annotations


def ends_before_start(start, end) -> bool:
    """A period (dates or years) whose end comes before its start; an open end is never before."""
    return start is not None and end is not None and end < start


END_BEFORE_START = "La fin ne peut précéder le début."
