"""Deviation of an actual caseload from its reference or band, and how long it has lasted."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def relative_deviation(actual: FloatArray | float, reference: FloatArray | float) -> FloatArray:
    """(actual − reference) / reference: +0.10 means 10% above. NaN where the reference is 0."""
    a = np.asarray(actual, dtype=np.float64)
    r = np.asarray(reference, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        out: FloatArray = np.where(r > 0, (a - r) / np.where(r > 0, r, 1.0), np.nan)
    return out


@dataclass(frozen=True)
class Band:
    """A bandwidth: lower and upper bound, in cases per full-time FTE."""

    lower: float
    upper: float

    def __post_init__(self) -> None:
        if not 0 <= self.lower <= self.upper:
            raise ValueError("a band needs 0 <= lower <= upper")

    def for_fte(self, fte: FloatArray | float) -> tuple[FloatArray, FloatArray]:
        """The band scaled to a deployable formation: 0.5 FTE with band 14–18 carries 7–9 cases."""
        f = np.asarray(fte, dtype=np.float64)
        return f * self.lower, f * self.upper


def band_deviation(actual: FloatArray | float, lower: FloatArray | float, upper: FloatArray | float) -> FloatArray:
    """0 inside the band; above it, the share above the upper bound; below it, the (negative) share
    below the lower bound. NaN where the relevant bound is 0."""
    a = np.asarray(actual, dtype=np.float64)
    above = relative_deviation(a, upper)
    below = relative_deviation(a, lower)
    out: FloatArray = np.where(a > upper, above, np.where(a < lower, below, 0.0))
    return out


def outside_margin(deviation: FloatArray, margin: float) -> npt.NDArray[np.bool_]:
    """True where |deviation| exceeds the agreed margin (0.10 for ±10%). NaN is never outside."""
    d = np.asarray(deviation, dtype=np.float64)
    return np.abs(np.nan_to_num(d, nan=0.0)) > margin


def consecutive_run(flags: npt.NDArray[np.bool_]) -> IntArray:
    """For each position along the last axis: how many consecutive True values end there.

    [F, T, T, F, T] -> [0, 1, 2, 0, 1]. Vectorised over any leading axes (e.g. people × weeks).
    """
    f = np.asarray(flags, dtype=bool)
    idx = np.arange(f.shape[-1], dtype=np.int64)
    last_false = np.where(~f, idx, -1)
    last_false = np.maximum.accumulate(last_false, axis=-1)
    run: IntArray = np.where(f, idx - last_false, 0).astype(np.int64)
    return run


StrArray = npt.NDArray[np.str_]

ABOVE = "high"
BELOW = "low"
WITHIN = "ok"
ABSENT = "absent"
NO_REFERENCE = "none"
"""Signal codes: above or below the band (or beyond the margin around the norm), within it, not deployable
(no deployable FTE), or nothing to compare with (neither a decided band nor a norm for the cases)."""
SIGNALS = (ABOVE, BELOW, WITHIN, ABSENT, NO_REFERENCE)


def signal_codes(
    *,
    count: FloatArray | float,
    deployable_fte: FloatArray | float,
    band_lower: FloatArray | float,
    band_upper: FloatArray | float,
    deviation: FloatArray | float,
    margin: FloatArray | float,
) -> StrArray:
    """The signal of each value (any shape; every argument broadcasts).

    No deployable FTE: ``ABSENT``. A decided band (finite bounds, in cases for this formation): the count
    against it. No band: the deviation from the norm against the margin; a NaN deviation (no norm for the
    cases) gives ``NO_REFERENCE``, never ``WITHIN``.
    """
    c = np.asarray(count, dtype=np.float64)
    dep = np.asarray(deployable_fte, dtype=np.float64)
    low = np.asarray(band_lower, dtype=np.float64)
    up = np.asarray(band_upper, dtype=np.float64)
    dev = np.asarray(deviation, dtype=np.float64)
    m = np.asarray(margin, dtype=np.float64)
    has_band = np.isfinite(low) & np.isfinite(up)
    has_norm = np.isfinite(dev)
    by_band = np.where(c > up, ABOVE, np.where(c < low, BELOW, WITHIN))
    by_norm = np.where(dev > m, ABOVE, np.where(dev < -m, BELOW, WITHIN))
    out: StrArray = np.where(
        ~(dep > 0), ABSENT, np.where(has_band, by_band, np.where(has_norm, by_norm, NO_REFERENCE))
    ).astype("<U6")
    return out


def is_outside(codes: StrArray) -> npt.NDArray[np.bool_]:
    """True where a signal is above or below."""
    out: npt.NDArray[np.bool_] = np.isin(codes, (ABOVE, BELOW))
    return out


def signal_counts(codes: StrArray | list[str]) -> dict[str, int]:
    """How many of each signal code (every code present, 0 when absent)."""
    arr = np.asarray(codes, dtype="<U6")
    return {code: int((arr == code).sum()) for code in SIGNALS}


def since_week(run: int, last_week: int) -> int:
    """The index of the first week of a run of ``run`` weeks ending at ``last_week`` (``last_week + 1`` when
    the run is empty)."""
    return last_week - run + 1
