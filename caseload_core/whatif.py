"""What if a new case went to each member? The deviation each would then have, like a potential capacity."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .deviation import band_deviation, outside_margin, relative_deviation

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class WhatIf:
    """Per member: cases, FTE-equivalents and deviations with the new case added to them."""

    count: FloatArray
    weighted: FloatArray
    deviation: FloatArray
    band_deviation: FloatArray
    outside: BoolArray


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
) -> WhatIf:
    """Each member's figures if they took the new case (with ``share``, 1.0 = the whole case).

    ``case_weight`` is 1/norm for the new case's type (the first-year norm, as a new case is in its first
    year), or NaN/0 when the type has no norm. ``band_lower``/``band_upper`` are in cases for each member's
    deployable FTE (NaN without a band). ``outside``: outside the band where one is decided, else outside
    the margin around the norm.
    """
    c = np.asarray(count, dtype=np.float64) + share
    w_add = case_weight * share if np.isfinite(case_weight) else 0.0
    w = np.asarray(weighted, dtype=np.float64) + w_add
    dep = np.asarray(deployable_fte, dtype=np.float64)
    deviation = relative_deviation(w, dep) if w_add > 0 else np.where(w > 0, relative_deviation(w, dep), np.nan)
    lower = np.asarray(band_lower, dtype=np.float64)
    upper = np.asarray(band_upper, dtype=np.float64)
    has_band = ~np.isnan(lower)
    band_dev = np.where(has_band, band_deviation(c, np.nan_to_num(lower), np.nan_to_num(upper)), np.nan)
    outside = np.where(has_band, np.nan_to_num(band_dev) != 0, outside_margin(deviation, margin))
    return WhatIf(count=c, weighted=w, deviation=deviation, band_deviation=band_dev, outside=outside)
