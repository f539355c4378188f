"""The forecast's figures as the pages get them, checked against the data and the core."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from caseload_core.forecast import staffing_advice
from caseload_core.forecast_figures import reference_per_fte
from caseload_core.weeks import day_number
from forecasts import selectors
from organisations.models import Team

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 11, 23)


def test_the_open_cases_are_the_teams_cases_open_at_the_start_of_the_week():
    team = Team.objects.get(name="Team Noord")
    expected = team.cases.filter(start_date__lt=AS_OF).exclude(end_date__lt=AS_OF).count()
    tf = selectors.team_forecast(team, horizon=4, as_of=AS_OF, n_paths=500)
    assert tf.inputs.open_now == expected
    cases = selectors.team_cases([team])[team.id]
    assert cases.start.size == team.cases.count()
    assert int((cases.start < day_number(AS_OF)).sum()) == team.cases.filter(start_date__lt=AS_OF).count()


def test_the_chance_above_the_upper_bound_is_the_share_of_paths_above_it():
    team = Team.objects.get(name="Team Noord")
    tf = selectors.team_forecast(team, horizon=13, as_of=AS_OF, n_paths=2000)
    assert tf.has_band
    assert tf.band_upper == pytest.approx(tf.deployable_fte * tf.reference.upper_per_fte)
    assert tf.exceed == pytest.approx((tf.forecast.paths > tf.band_upper).mean(axis=0))


def test_the_staffing_advice_is_the_cores():
    team = Team.objects.get(name="Team Noord")
    tf = selectors.team_forecast(team, horizon=13, as_of=AS_OF, n_paths=2000)
    advice = tf.advice(0.1)
    core = staffing_advice(tf.forecast, tf.reference.upper_per_fte, tf.deployable_fte, 0.1)
    assert advice is not None
    assert advice.needed == pytest.approx(core.needed)


def test_the_demo_history_gives_plausible_durations_and_a_stable_forecast():
    """The demo's cases last 60 (OTS), 150 (voogdij) and 30 (ambulant) weeks on average, geometrically:
    medians of about 41, 104 and 21 weeks. The forecast of a team in balance stays near today's caseload."""
    team = Team.objects.get(name="Team Noord")
    tf = selectors.team_forecast(team, horizon=26, as_of=AS_OF, n_paths=4000)
    codes = selectors.team_cases([team])[team.id].type_codes
    medians = {code: curve.quantile(0.5) for code, curve in zip(codes, tf.inputs.curves, strict=True)}
    assert 30 < medians["ots"] < 55
    assert 70 < medians["voogdij"] < 150
    assert abs(float(tf.fan.p50[-1]) - tf.inputs.open_now) < 0.15 * tf.inputs.open_now
    assert np.all(tf.fan.p05 <= tf.fan.p50) and np.all(tf.fan.p50 <= tf.fan.p95)


def test_without_a_band_or_norm_there_is_no_exceedance_or_advice():
    team = Team.objects.get(name="Team Noord")
    decided = selectors.formations([team], AS_OF)[team.id]
    nan = np.full(decided.deployable_fte.size, np.nan)
    no_band = selectors.Formation(
        deployable_fte=decided.deployable_fte,
        contracted_fte=decided.contracted_fte,
        vacancy_fte=decided.vacancy_fte,
        reference=reference_per_fte(nan, nan, nan, decided.deployable_fte, 0.1),
    )
    tf = selectors.team_forecast(team, horizon=4, as_of=AS_OF, n_paths=500, formation=no_band)
    assert not tf.has_band
    assert np.isnan(tf.exceed).all()
    assert tf.advice(0.1) is None
    assert selectors.team_chain(tf, selectors.chain_defaults(team.organisation)).content is None


def test_the_chain_runs_content_first_from_the_forecast_and_budget_first_from_the_budget():
    team = Team.objects.get(name="Team Noord")
    tf = selectors.team_forecast(team, horizon=13, as_of=AS_OF, n_paths=1000)
    defaults = selectors.chain_defaults(team.organisation)
    chain = selectors.team_chain(tf, defaults, norm_per_fte=17.0, budget=1_000_000.0)
    assert chain.cases == pytest.approx(float(np.mean(tf.fan.p50)))
    assert chain.content is not None and chain.budget is not None
    assert chain.content.deployable_fte == pytest.approx(chain.cases / 17.0)
    assert chain.budget.formation_fte == pytest.approx(1_000_000.0 / chain.budget.cost_per_fte)


def test_per_member_outlook_adds_up_to_the_teams_open_cases():
    team = Team.objects.get(name="Team Noord")
    cases = selectors.team_cases([team])[team.id]
    tf = selectors.team_forecast(team, horizon=13, as_of=AS_OF, n_paths=500, cases=cases)
    people = selectors.people_outlook(tf, cases)
    assert people["weeks"] == [4, 13]
    assert sum(r["now"] for r in people["rows"]) == pytest.approx(tf.inputs.open_now)
    # Without new cases, members' expected open cases in week 13 add up to the forecast's open-case part.
    expected_13 = sum(r["ahead"][1]["expected"] for r in people["rows"])
    assert expected_13 == pytest.approx(float(tf.inputs.open_prob[:, 12].sum()), rel=1e-6)
    for r in people["rows"]:
        assert 0 <= r["ahead"][1]["low"] <= r["ahead"][1]["expected"] <= r["ahead"][1]["high"] <= r["now"]
