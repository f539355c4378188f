"""What-if before assigning a new case."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseload_core.whatif import what_if_new_case


def test_the_deviation_each_member_would_have_with_a_new_ots_case() -> None:
    result = what_if_new_case(
        count=np.array([16.0, 10.0]),
        weighted=np.array([0.8, 0.5]),
        deployable_fte=np.array([1.0, 0.5]),
        band_lower=np.array([np.nan, np.nan]),
        band_upper=np.array([np.nan, np.nan]),
        case_weight=1 / 16,
        margin=0.10,
    )
    assert result.count.tolist() == [17.0, 11.0]
    assert result.deviation == pytest.approx([0.8625 - 1, (0.5625 - 0.5) / 0.5])
    assert result.outside.tolist() == [True, True]


def test_with_a_band_the_band_decides() -> None:
    result = what_if_new_case(
        count=np.array([13.0, 18.0]),
        weighted=np.array([0.0, 0.0]),
        deployable_fte=np.array([1.0, 1.0]),
        band_lower=np.array([14.0, 14.0]),
        band_upper=np.array([18.0, 18.0]),
        case_weight=float("nan"),
        margin=0.10,
    )
    assert result.band_deviation == pytest.approx([0.0, 1 / 18])
    assert result.outside.tolist() == [False, True]
    assert np.isnan(result.deviation).all()


@given(st.floats(0, 30), st.floats(0.1, 1.2), st.sampled_from([1 / 16, 1 / 21, 1 / 28]))
def test_a_new_case_never_lowers_the_deviation(count: float, fte: float, weight: float) -> None:
    before = what_if_new_case(
        count=np.array([count]),
        weighted=np.array([count * weight]),
        deployable_fte=np.array([fte]),
        band_lower=np.array([np.nan]),
        band_upper=np.array([np.nan]),
        case_weight=weight,
        margin=0.1,
        share=0.0,
    )
    after = what_if_new_case(
        count=np.array([count]),
        weighted=np.array([count * weight]),
        deployable_fte=np.array([fte]),
        band_lower=np.array([np.nan]),
        band_upper=np.array([np.nan]),
        case_weight=weight,
        margin=0.1,
    )
    assert after.deviation[0] > before.deviation[0] or np.isnan(before.deviation[0])
