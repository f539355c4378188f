"""The chain budget ↔ FTE ↔ caseload ↔ cost per case."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseload_core.budget import ChainAssumptions, budget_first, content_first

A = ChainAssumptions(
    salary_per_fte=60_000, employer_costs=0.30, overhead=0.25, absence_reserve=0.10, mean_duration_weeks=52
)


def test_content_first_by_hand():
    """210 cases at 21 per FTE: 10 deployable FTE; ÷ 0.9 = 11.11 formation; × 60,000 × 1.3 × 1.25 = 97,500
    per FTE → 1,083,333. 210 cases lasting a year on average: 210 a year, so 5,159 per case on average."""
    chain = content_first(210, 21, A)
    assert chain.deployable_fte == pytest.approx(10)
    assert chain.formation_fte == pytest.approx(10 / 0.9)
    assert chain.cost_per_fte == pytest.approx(97_500)
    assert chain.budget == pytest.approx(10 / 0.9 * 97_500)
    assert chain.cost_per_case == pytest.approx(10 / 0.9 * 97_500 / 210)
    assert chain.caseload_per_fte == pytest.approx(21)


def test_budget_first_by_hand():
    chain = budget_first(975_000, 180, A)
    assert chain.formation_fte == pytest.approx(10)
    assert chain.deployable_fte == pytest.approx(9)
    assert chain.caseload_per_fte == pytest.approx(20)


def test_it_refuses_impossible_assumptions():
    with pytest.raises(ValueError):
        ChainAssumptions(60_000, 0.3, 0.2, 1.0, 52)
    with pytest.raises(ValueError):
        content_first(10, 0, A)


@given(st.floats(1, 5_000), st.floats(1, 60), st.floats(0, 0.5), st.floats(0, 1), st.floats(1, 300))
def test_both_directions_meet(cases, norm, reserve, overhead, weeks):
    """Whatever the assumptions, the budget the work needs buys exactly the norm back."""
    a = ChainAssumptions(55_000, 0.3, overhead, reserve, weeks)
    forward = content_first(cases, norm, a)
    back = budget_first(forward.budget, cases, a)
    assert back.caseload_per_fte == pytest.approx(norm)
    assert back.formation_fte == pytest.approx(forward.formation_fte)
    assert back.cost_per_case == pytest.approx(forward.cost_per_case)
