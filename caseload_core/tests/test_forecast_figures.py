"""The forecast's shown figures: reference per week, bounds, advice, first week and the chain's inputs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from caseload_core import forecast_figures as ff
from caseload_core.budget import ChainAssumptions, chain_totals, content_first
from caseload_core.forecast import Forecast, staffing_advice
from caseload_core.survival import kaplan_meier

NAN = float("nan")


def _forecast(paths: list[list[float]]) -> Forecast:
    return Forecast(np.array(paths, dtype=np.float64))


def test_the_band_in_force_each_week_and_the_margin_where_none_is():
    """Weeks 0–1 under no band (normative 200 cases for 10 fte, margin 10%: 18–22 per fte), weeks 2–3 under
    a band of 30–40 that starts in week 2."""
    ref = ff.reference_per_fte(
        np.array([NAN, NAN, 30, 30]), np.array([NAN, NAN, 40, 40]), np.full(4, 200.0), np.full(4, 10.0), 0.10
    )
    assert ref.upper_per_fte.tolist() == pytest.approx([22, 22, 40, 40])
    assert ref.lower_per_fte.tolist() == pytest.approx([18, 18, 30, 30])
    assert ref.decided.tolist() == [False, False, True, True]
    assert ref.midpoint(0) == pytest.approx(20) and ref.midpoint(3) == pytest.approx(35)


def test_without_band_or_norm_there_is_no_reference():
    ref = ff.reference_per_fte(np.full(2, NAN), np.full(2, NAN), np.full(2, NAN), np.full(2, 5.0), 0.1)
    assert not ref.has_any and ref.midpoint(0) is None
    forecast = _forecast([[10, 10], [12, 12]])
    b = ff.bounds(forecast, np.full(2, 5.0), ref)
    assert np.isnan(b.exceed).all() and np.isnan(b.max_exceed)
    assert ff.advice(forecast, np.full(2, 5.0), ref) is None


def test_the_advice_measures_each_week_against_its_own_band():
    """Four paths of 400 cases; 10 fte planned. Week 0: band upper 40 per fte → needs 10, short 0. Week 1:
    a stricter band of 32 from then on → needs 12.5, short 2.5. The first week is not touched by it."""
    forecast = _forecast([[400, 400]] * 4)
    ref = ff.reference_per_fte(np.array([30, 28.0]), np.array([40, 32.0]), np.full(2, NAN), np.full(2, 10.0), 0.1)
    advice = ff.advice(forecast, np.full(2, 10.0), ref, 0.1)
    assert advice is not None
    assert advice.needed.tolist() == pytest.approx([10, 12.5])
    assert advice.first_week_shortage == pytest.approx(0)
    assert advice.extra_needed == pytest.approx(2.5)
    first = ff.first_week(forecast.fan(), ref, advice)
    assert (first.median, first.upper_per_fte, first.lower_per_fte, first.shortage) == (400, 40, 30, 0)
    assert first.band_is_decided


def test_cases_carried_mean_duration_and_norms():
    assert ff.cases_carried(np.arange(26, dtype=np.float64)) == pytest.approx(6.0)  # mean of 0 … 12
    # A curve of cases that all last exactly 10 weeks: the area under it is 10.
    curve = kaplan_meier(np.full(20, 10.0), np.ones(20, dtype=bool))
    assert ff.mean_duration_weeks([curve], [1.0]) == pytest.approx(10, abs=0.5)
    none = ff.reference_per_fte(np.full(1, NAN), np.full(1, NAN), np.full(1, NAN), np.ones(1), 0.1)
    assert ff.scenario_norm(none, 90.0, 5.0) == pytest.approx(18)
    assert ff.chain_norm(none) is None
    assert ff.caseload_per_fte(90, 5) == pytest.approx(18) and ff.caseload_per_fte(90, 0) is None
    assert ff.formation_fte(9.5, 1.0) == pytest.approx(10.5)


def test_the_totals_give_a_cost_per_case_only_for_a_complete_chain():
    a = ChainAssumptions(60_000, 0.3, 0.25, 0.1, 52)
    one, two = content_first(210, 21, a), content_first(105, 21, a)
    totals = chain_totals([(210, 11.0, one), (105, 5.0, two)])
    assert totals.cost_per_case == pytest.approx((one.budget + two.budget) / (one.cases_per_year + two.cases_per_year))
    assert totals.fte_needed == pytest.approx(one.formation_fte + two.formation_fte)
    assert chain_totals([(210, 11.0, one), (80, 4.0, None)]).cost_per_case is None
    assert chain_totals([]).cost_per_case is None


fte_weeks = arrays(np.float64, 6, elements=st.floats(0, 30))
band = arrays(np.float64, 6, elements=st.floats(1, 60) | st.just(NAN))


normative_weeks = arrays(np.float64, 6, elements=st.floats(0, 800, allow_subnormal=False) | st.just(NAN))


@given(band, band, normative_weeks, fte_weeks, st.floats(0, 0.5))
def test_a_decided_band_is_used_exactly_where_it_is_in_force(
    lower: np.ndarray, upper: np.ndarray, normative: np.ndarray, fte: np.ndarray, margin: float
) -> None:
    ref = ff.reference_per_fte(lower, upper, normative, fte, margin)
    decided = np.isfinite(lower) & np.isfinite(upper)
    assert np.array_equal(ref.decided, decided)
    assert np.array_equal(ref.upper_per_fte[decided], upper[decided])
    # Elsewhere only the margin around the norm, and only where there is a norm and deployable FTE.
    rest = ~decided
    has_norm = np.isfinite(normative) & (fte >= ff.MIN_FTE) & (normative > 0)
    assert np.isnan(ref.upper_per_fte[rest & ~has_norm]).all()
    assert np.all(ref.upper_per_fte[rest & has_norm] >= ref.lower_per_fte[rest & has_norm])


@given(
    arrays(np.float64, (20, 5), elements=st.floats(0, 500).map(round)),
    arrays(np.float64, 5, elements=st.floats(1, 60)),
    arrays(np.float64, 5, elements=st.floats(0.5, 20)),
    st.sampled_from([0.05, 0.1, 0.2]),
)
def test_shortage_is_never_negative_and_the_first_week_ignores_later_bands(
    paths: np.ndarray, upper: np.ndarray, fte: np.ndarray, risk: float
) -> None:
    forecast = Forecast(paths)
    advice = staffing_advice(forecast, upper, fte, risk)
    assert np.all(advice.shortage >= 0)
    assert advice.extra_needed == pytest.approx(float(advice.shortage.max()))
    later = upper.copy()
    later[1:] = later[1:] / 2  # a stricter band from week 1 on
    assert staffing_advice(forecast, later, fte, risk).first_week_shortage == pytest.approx(advice.first_week_shortage)
