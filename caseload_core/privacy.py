"""The one privacy threshold, and the small-cell suppression built on it.

No figure is published that describes fewer than ``MIN_GROUP`` people: a team's aggregates for the works
council, the HR summary's teams and persistent-breach counts, an evaluation's or a scoring round's answers
(a round or evaluation may ask for more, never fewer). Every app reads the threshold from here; the mark
shown in a suppressed cell is ``SUPPRESSED_MARK``.
"""

from __future__ import annotations

from collections.abc import Sequence

MIN_GROUP = 3
"""Never report a figure that describes fewer people (or answers) than this."""

SUPPRESSED_MARK = f"<{MIN_GROUP}"
"""What a download shows instead of a suppressed figure."""


def too_small(group_size: int, threshold: int = MIN_GROUP) -> bool:
    """A group of fewer than ``threshold`` people (or answers) is not reported on at all."""
    return group_size < threshold


def threshold_for(requested: int | None) -> int:
    """The threshold of a round or evaluation that asked for ``requested``: never below ``MIN_GROUP``."""
    return max(MIN_GROUP, int(requested or 0))


def primary_hidden(count: int, group_size: int, threshold: int = MIN_GROUP) -> bool:
    """A cell is hidden when its group is smaller than ``threshold`` or it counts 1..threshold-1 people."""
    return too_small(group_size, threshold) or 0 < count < threshold


def protect_cells(counts: Sequence[int], hidden: Sequence[bool], threshold: int = MIN_GROUP) -> list[bool]:
    """Secondary suppression for cells whose total is published.

    The reader can subtract the shown cells from the total and learn the sum of the hidden ones. That sum
    must not pin down a hidden cell: so while exactly one cell is hidden, or the hidden cells add up to
    1..threshold-1 people, the smallest shown non-zero cell is hidden too (hiding a zero adds nothing to
    the uncertainty). If none is left, the total is itself a small count and is hidden by the caller's
    primary rule. Returns the final hidden flags.
    """
    if len(counts) != len(hidden):
        raise ValueError("counts and hidden must have the same length")
    out = list(hidden)

    def exposed() -> bool:
        n_hidden = sum(out)
        residual = sum(c for c, h in zip(counts, out, strict=True) if h)
        return n_hidden == 1 or 0 < residual < threshold

    while exposed():
        shown = [i for i, h in enumerate(out) if not h and counts[i] > 0]
        if not shown:
            break
        out[min(shown, key=lambda i: (counts[i], i))] = True
    return out
