"""team_figures / person_figures against the hand-computed scenario, and their query count."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.selectors import person_figures, team_figures
from monitoring.tests.scenario import END, START, build

pytestmark = pytest.mark.django_db


def test_team_figures_match_the_hand_computed_scenario() -> None:
    s = build()
    f = team_figures(s.team, start=START, end=END)
    assert f.mondays == [dt.date(2026, 1, 5), dt.date(2026, 1, 12), dt.date(2026, 1, 19), dt.date(2026, 1, 26)]
    a, b = f.member(s.a.id).figures, f.member(s.b.id).figures
    assert a.count.tolist() == [1.5, 2, 2, 1]
    assert a.weighted == pytest.approx([0.1 + 0.5 / 25, 0.1 + 1 / 25, 1 / 20 + 1 / 20, 1 / 20])
    assert b.count.tolist() == [0.5, 0, 1, 1]
    assert b.weighted == pytest.approx([0.5 / 25, 0, 1 / 20, 1 / 20])
    assert a.contracted_fte == pytest.approx([1, 1, 1, 0.75])
    assert b.deployable_fte == pytest.approx([0.5, 0.5 - 0.5 * 0.5 * 4 / 7, 0.5, 0.5])
    assert a.deviation == pytest.approx([0.12 - 1, 0.14 - 1, 0.10 - 1, (0.05 - 0.75) / 0.75])
    assert a.band_deviation[1:] == pytest.approx([1 / 3, 1 / 3, 0.0])
    assert a.outside.tolist() == [True, True, True, False]
    assert a.expected_outflow_4 == 1
    assert f.team.count.tolist() == [2, 2, 3, 2]
    assert f.team.inflow.tolist() == [0, 1, 0, 0]
    assert f.team.outflow.tolist() == [1, 0, 0, 0]
    assert f.team.expected_outflow_13 == 1
    assert [o.reference for o in f.overdue] == []
    assert f.reduction_fte["Verzuim"] == pytest.approx([0, 1 / 7, 0, 0])


def test_person_figures_equal_the_persons_row_in_the_team() -> None:
    s = build()
    team = team_figures(s.team, start=START, end=END).member(s.b.id).figures
    own = person_figures(s.b, start=START, end=END).figures
    for name in ("count", "weighted", "deployable_fte", "deviation", "band_lower", "run"):
        np.testing.assert_array_equal(getattr(own, name), getattr(team, name))


def test_a_later_norm_or_contract_change_does_not_rewrite_the_past() -> None:
    from decimal import Decimal

    from cases.models import Norm
    from staffing.services import contract_change

    s = build()
    before = team_figures(s.team, start=START, end=END)
    Norm.objects.create(case_type=s.c1.case_type, valid_from=dt.date(2026, 1, 28), per_fte=Decimal("10"))
    contract_change(person=s.b, valid_from=dt.date(2026, 1, 26), hours=Decimal("36"))
    after = team_figures(s.team, start=START, end=END)
    a0, a1 = before.member(s.a.id).figures, after.member(s.a.id).figures
    assert a1.weighted[:3] == pytest.approx(a0.weighted[:3])
    assert a1.weighted[3] == pytest.approx(1 / 10)
    b1 = after.member(s.b.id).figures
    assert b1.contracted_fte == pytest.approx([0.5, 0.5, 0.5, 1.0])


def test_the_query_count_does_not_grow_with_the_history(django_assert_max_num_queries) -> None:
    s = build()
    with CaptureQueriesContext(connection) as short:
        team_figures(s.team, start=dt.date(2026, 1, 19), end=END)
    with CaptureQueriesContext(connection) as long:
        team_figures(s.team, start=dt.date(2021, 2, 1), end=END)
    assert len(short) == len(long) <= 12


def test_demo_team_has_plausible_figures() -> None:
    from organisations.models import Team

    team = Team.objects.get(name="Team Midden")
    today = dt.date(2026, 11, 23)
    f = team_figures(team, start=today - dt.timedelta(weeks=13), end=today)
    assert 100 < f.team.count[-1] < 250
    assert 0.5 < f.team.weighted[-1] / f.team.deployable_fte[-1] < 1.2
    assert f.team.has_band
    assert any(m.figures.weeks_outside > 0 for m in f.members)
