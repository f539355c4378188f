"""What if a new case went to each member? The deviation each would then have, like a potential capacity."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .deviation import ABSENT, StrArray, band_deviation, is_outside, signal_codes
from .now import norm_deviation

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


def new_case_weight(per_fte: float | None, first_year_per_fte: float | None = None) -> float:
    """The weight of a new case: 1/the first-year norm of its type (a new case is in its first year), or
    1/the norm when the type has no first-year norm; NaN when the type has no norm at all."""
    for norm in (first_year_per_fte, per_fte):
        if norm is not None and math.isfinite(float(norm)) and float(norm) > 0:
            return 1.0 / float(norm)
    return float("nan")


@dataclass(frozen=True)
class WhatIf:
    """Per member: cases, FTE-equivalents and deviations with the new case added to them.

    ``signal``: a code of :mod:`caseload_core.deviation` with the case; ``room``: the share of the member's
    capacity left with the case (under the band's upper bound, or under the norm while no band is decided;
    −inf when it cannot be said or the member is not deployable); ``order``: the members, most room first.
    """

    count: FloatArray
    weighted: FloatArray
    deviation: FloatArray
    band_deviation: FloatArray
    outside: BoolArray
    signal: StrArray
    room: FloatArray
    order: IntArray


def what_if_new_case(
    *,
    count: FloatArray,
    weighted: FloatArray,
    deployable_fte: FloatArray,
    band_lower: FloatArray,
    band_upper: FloatArray,
    case_weight: float,
    margin: float,
    share: float = 1.0,
    unweighed: FloatArray | None = None,
) -> WhatIf:
    """Each member's figures if they took the new case (with ``share``, 1.0 = the whole case).

    ``case_weight`` is :func:`new_case_weight` of the new case's type (NaN when it has no norm).
    ``band_lower``/``band_upper`` are in cases for each member's deployable FTE (NaN without a band);
    ``unweighed`` the cases each member already carries of a type without a norm. The deviation from the
    norm is NaN (never a percentage) unless every case, the new one included, has a norm.
    """
    c = np.asarray(count, dtype=np.float64) + share
    has_weight = bool(np.isfinite(case_weight)) and case_weight > 0
    w = np.asarray(weighted, dtype=np.float64) + (case_weight * share if has_weight else 0.0)
    u = np.zeros(c.shape) if unweighed is None else np.asarray(unweighed, dtype=np.float64)
    u = u + (0.0 if has_weight else share)
    dep = np.asarray(deployable_fte, dtype=np.float64)
    deviation, _normative = norm_deviation(
        count=c, weighted=w, unweighed=u, normed=np.full(c.shape, has_weight) | (w > 0), deployable_fte=dep
    )
    lower = np.asarray(band_lower, dtype=np.float64)
    upper = np.asarray(band_upper, dtype=np.float64)
    has_band = ~np.isnan(lower)
    band_dev = np.where(has_band, band_deviation(c, np.nan_to_num(lower), np.nan_to_num(upper)), np.nan)
    codes = signal_codes(
        count=c, deployable_fte=dep, band_lower=lower, band_upper=upper, deviation=deviation, margin=margin
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        by_band = np.where(upper > 0, (upper - c) / np.where(upper > 0, upper, 1.0), np.nan)
    room = np.where(has_band, by_band, -deviation)
    room = np.where(np.isfinite(room) & (codes != ABSENT), room, -np.inf)
    order: IntArray = np.argsort(-room, kind="stable").astype(np.int64)
    return WhatIf(
        count=c,
        weighted=w,
        deviation=deviation,
        band_deviation=band_dev,
        outside=is_outside(codes),
        signal=codes,
        room=room,
        order=order,
    )
