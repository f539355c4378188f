"""Normative caseload: what the deployable formation may carry by the norm."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def normative_caseload(deployable_fte: FloatArray | float, norm_per_fte: float) -> FloatArray:
    """Deployable FTE × the norm in cases per full-time FTE (0.8 FTE × 21 = 16.8 cases)."""
    if norm_per_fte < 0:
        raise ValueError("a norm must not be negative")
    return np.asarray(deployable_fte, dtype=np.float64) * norm_per_fte


def case_weight(norm_per_fte: float) -> float:
    """One case of a type with norm N weighs 1/N FTE: 21 such cases fill one full-time FTE."""
    if norm_per_fte <= 0:
        raise ValueError("a norm must be positive to weigh a case")
    return 1.0 / norm_per_fte
