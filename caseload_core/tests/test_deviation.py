"""Deviation from a reference and from a band; runs of consecutive weeks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseload_core.deviation import Band, band_deviation, consecutive_run, outside_margin, relative_deviation
from caseload_core.norms import case_weight, normative_caseload


def test_relative_deviation_is_the_share_above_or_below_the_reference():
    assert relative_deviation(22.0, 20.0) == pytest.approx(0.10)
    assert relative_deviation(18.0, 20.0) == pytest.approx(-0.10)
    assert np.isnan(relative_deviation(3.0, 0.0))


def test_band_deviation_is_zero_inside_the_band():
    lower, upper = 14.0, 18.0
    assert band_deviation(16.0, lower, upper) == 0
    assert band_deviation(19.8, lower, upper) == pytest.approx(0.10)
    assert band_deviation(12.6, lower, upper) == pytest.approx(-0.10)


def test_a_band_scales_with_deployable_fte():
    lower, upper = Band(14, 18).for_fte(0.5)
    assert (lower, upper) == (7.0, 9.0)


def test_a_band_must_be_ordered():
    with pytest.raises(ValueError):
        Band(20, 10)


def test_outside_margin_is_strictly_beyond_it():
    dev = np.array([0.05, 0.10, 0.11, -0.2, np.nan])
    assert outside_margin(dev, 0.10).tolist() == [False, False, True, True, False]


def test_consecutive_run_counts_weeks_in_a_row():
    flags = np.array([[False, True, True, False, True], [True, True, True, True, True]])
    assert consecutive_run(flags).tolist() == [[0, 1, 2, 0, 1], [1, 2, 3, 4, 5]]


@given(st.lists(st.booleans(), min_size=1, max_size=60))
def test_consecutive_run_matches_a_loop(flags):
    expected, run = [], 0
    for f in flags:
        run = run + 1 if f else 0
        expected.append(run)
    assert consecutive_run(np.array(flags)).tolist() == expected


def test_normative_caseload_is_deployable_fte_times_norm():
    assert normative_caseload(0.8, 21) == pytest.approx(16.8)
    assert case_weight(21) == pytest.approx(1 / 21)


@given(st.floats(0, 5), st.floats(0.1, 60))
def test_a_full_normative_caseload_weighs_the_deployable_fte(fte, norm):
    assert float(normative_caseload(fte, norm)) * case_weight(norm) == pytest.approx(fte)
