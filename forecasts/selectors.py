"""Reads for the outlook: a team's case history as arrays, and its forecast with or without a scenario.

The formation and the band for the forecast weeks come from ``monitoring.selectors.team_figures`` (the same
deployable FTE and band the caseload picture shows); the cases and their history are loaded here, because
the forecast needs every case's start, end, expected end and type, not weekly totals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from django.db.models import Q

from caseload_core.budget import Chain, ChainAssumptions, budget_first, content_first
from caseload_core.caseload import OPEN_END
from caseload_core.forecast import (
    Fan,
    Forecast,
    FteChange,
    InflowModel,
    StaffingAdvice,
    apply_fte_changes,
    still_open,
)
from caseload_core.forecast import staffing_advice as advise
from caseload_core.forecast_inputs import NO_DATE, ModelInputs, TeamCases, model_inputs, run
from caseload_core.weeks import day_number, monday_of
from caseloadwijzer import clock
from cases.models import Assignment, Case, CaseType
from forecasts.models import ChainDefaults, Scenario
from monitoring.selectors import teams_figures
from organisations.models import Organisation, Person, Team

HORIZONS = (4, 13, 26)
MAX_HORIZON = 52
N_PATHS = 10_000
RISK_LEVELS = (0.05, 0.10, 0.20)


def _days(values: Iterable[dt.date | None], missing: int) -> np.ndarray:
    return np.fromiter((missing if v is None else day_number(v) for v in values), dtype=np.int64)


def team_cases(teams: Iterable[Team]) -> dict[int, TeamCases]:
    """Every case of the teams as arrays, in one query."""
    team_list = list(teams)
    if not team_list:
        return {}
    organisation_ids = {t.organisation_id for t in team_list}
    types = list(CaseType.objects.filter(organisation_id__in=organisation_ids).order_by("organisation_id", "code"))
    codes = tuple(dict.fromkeys(t.code for t in types))
    index = {t.id: codes.index(t.code) for t in types}
    rows: dict[int, list[tuple[Any, ...]]] = {t.id: [] for t in team_list}
    for row in Case.objects.filter(team__in=team_list).values_list(
        "team_id", "start_date", "end_date", "expected_end_date", "case_type_id", "id"
    ):
        rows[row[0]].append(row)
    return {
        team_id: TeamCases(
            start=_days((r[1] for r in team_rows), 0),
            end=_days((r[2] for r in team_rows), OPEN_END),
            expected_end=_days((r[3] for r in team_rows), NO_DATE),
            case_type=np.fromiter((index[r[4]] for r in team_rows), dtype=np.int64, count=len(team_rows)),
            type_codes=codes,
            case_id=np.fromiter((r[5] for r in team_rows), dtype=np.int64, count=len(team_rows)),
        )
        for team_id, team_rows in rows.items()
    }


@dataclass(frozen=True)
class Formation:
    """Deployable FTE and the band (in cases) per forecast week, from the caseload picture."""

    deployable_fte: np.ndarray
    contracted_fte: np.ndarray
    vacancy_fte: np.ndarray
    upper_per_fte: float | None
    lower_per_fte: float | None
    band_is_decided: bool


def _formation(figures: Any, margin: float) -> Formation:
    team = figures.team
    fte = np.asarray(team.deployable_fte, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        upper = np.asarray(team.band_upper) / fte
        lower = np.asarray(team.band_lower) / fte
        norm = np.asarray(team.normative) / fte
    decided = bool(np.isfinite(upper).any())
    if decided:
        up, low = float(np.nanmedian(upper)), float(np.nanmedian(lower))
    elif np.isfinite(norm).any():
        # No band decided yet: the team's agreed margin around the normative caseload stands in for it.
        per_fte = float(np.nanmedian(norm))
        up, low = per_fte * (1 + margin), per_fte * (1 - margin)
    else:
        up = low = None
    return Formation(
        deployable_fte=fte,
        contracted_fte=np.asarray(team.contracted_fte, dtype=np.float64),
        vacancy_fte=np.asarray(figures.vacancy_fte, dtype=np.float64),
        upper_per_fte=up,
        lower_per_fte=low,
        band_is_decided=decided,
    )


def formations(teams: list[Team], as_of: dt.date, horizon: int) -> dict[int, Formation]:
    end = as_of + dt.timedelta(weeks=horizon - 1)
    figures = teams_figures(teams, start=as_of, end=end)
    return {t.id: _formation(figures[t.id], t.margin_percent / 100) for t in teams}


@dataclass(frozen=True)
class Assumptions:
    """A scenario's changes in plain form (the baseline has none)."""

    inflow_factor: float = 1.0
    inflow_per_week: float | None = None
    fte_changes: tuple[FteChange, ...] = ()


BASELINE = Assumptions()


def assumptions_of(scenario: Scenario) -> Assumptions:
    changes = []
    if scenario.absence_fte:
        changes.append(
            FteChange(scenario.absence_from_week, -float(scenario.absence_fte), weeks=scenario.absence_weeks)
        )
    if scenario.vacancy_fill_fte:
        changes.append(FteChange(scenario.vacancy_fill_week, float(scenario.vacancy_fill_fte)))
    if scenario.new_colleague_fte:
        changes.append(FteChange(scenario.new_colleague_week, float(scenario.new_colleague_fte), ramp=(0.5, 0.75)))
    return Assumptions(
        inflow_factor=1 + scenario.inflow_change_percent / 100,
        inflow_per_week=None if scenario.inflow_per_week is None else float(scenario.inflow_per_week),
        fte_changes=tuple(changes),
    )


@dataclass(frozen=True)
class TeamForecast:
    """A team's forecast for ``horizon`` weeks from ``as_of``, everything the page shows."""

    team: Team
    as_of: dt.date
    horizon: int
    mondays: list[dt.date]
    forecast: Forecast
    fan: Fan
    rates: np.ndarray
    inputs: ModelInputs
    formation: Formation
    deployable_fte: np.ndarray
    band_upper: np.ndarray
    band_lower: np.ndarray
    exceed: np.ndarray

    @property
    def inflow(self) -> InflowModel:
        return self.inputs.inflow

    @property
    def has_band(self) -> bool:
        return self.formation.upper_per_fte is not None

    @property
    def history_mondays(self) -> list[dt.date]:
        return [self.as_of - dt.timedelta(weeks=13 - i) for i in range(13)]

    @property
    def max_exceed(self) -> float:
        return float(np.nanmax(self.exceed)) if self.has_band and self.exceed.size else float("nan")

    def advice(self, risk: float) -> StaffingAdvice | None:
        if self.formation.upper_per_fte is None or self.formation.upper_per_fte <= 0:
            return None
        return advise(self.forecast, self.formation.upper_per_fte, self.deployable_fte, risk)

    def rows(self) -> list[dict[str, Any]]:
        f = self.fan
        return [
            {
                "monday": m,
                "week": k,
                "p05": f.p05[k],
                "p25": f.p25[k],
                "p50": f.p50[k],
                "p75": f.p75[k],
                "p95": f.p95[k],
                "upper": self.band_upper[k],
                "lower": self.band_lower[k],
                "fte": self.deployable_fte[k],
                "exceed": self.exceed[k],
                "inflow": self.rates[k],
            }
            for k, m in enumerate(self.mondays)
        ]


def default_as_of() -> dt.date:
    return monday_of(clock.today())


def _rng(team: Team, as_of: dt.date) -> np.random.Generator:
    # The same seed for the baseline and every scenario of a team: differences come from the assumptions,
    # not from chance.
    return np.random.default_rng([team.id, as_of.toordinal()])


def team_forecast(
    team: Team,
    *,
    horizon: int = 13,
    assumptions: Assumptions = BASELINE,
    as_of: dt.date | None = None,
    cases: TeamCases | None = None,
    formation: Formation | None = None,
    n_paths: int = N_PATHS,
) -> TeamForecast:
    as_of = monday_of(as_of or default_as_of())
    cases = cases if cases is not None else team_cases([team])[team.id]
    formation = formation if formation is not None else formations([team], as_of, horizon)[team.id]
    inputs = model_inputs(cases, as_of, horizon)
    forecast, rates = run(
        inputs,
        horizon,
        inflow_factor=assumptions.inflow_factor,
        inflow_per_week=assumptions.inflow_per_week,
        n_paths=n_paths,
        rng=_rng(team, as_of),
    )
    fte = apply_fte_changes(formation.deployable_fte[:horizon], assumptions.fte_changes)
    if formation.upper_per_fte is not None and formation.lower_per_fte is not None:
        upper, lower = fte * formation.upper_per_fte, fte * formation.lower_per_fte
        exceed = forecast.exceed_probability(upper)
    else:
        upper = lower = exceed = np.full(horizon, np.nan)
    return TeamForecast(
        team=team,
        as_of=as_of,
        horizon=horizon,
        mondays=[as_of + dt.timedelta(weeks=k) for k in range(horizon)],
        forecast=forecast,
        fan=forecast.fan(),
        rates=rates,
        inputs=inputs,
        formation=formation,
        deployable_fte=fte,
        band_upper=upper,
        band_lower=lower,
        exceed=exceed,
    )


OVERVIEW_PATHS = 2_000
"""Paths per team on pages that list many teams: enough for a median and a 90% band to the whole case."""


def teams_overview(teams: list[Team], horizon: int = 13, n_paths: int = OVERVIEW_PATHS) -> list[TeamForecast]:
    """A forecast per team, with the data for all of them loaded in a fixed number of queries."""
    as_of = default_as_of()
    all_cases = team_cases(teams)
    all_formations = formations(teams, as_of, horizon)
    return [
        team_forecast(
            t, horizon=horizon, as_of=as_of, cases=all_cases[t.id], formation=all_formations[t.id], n_paths=n_paths
        )
        for t in teams
    ]


def people_outlook(tf: TeamForecast, cases: TeamCases) -> dict[str, Any]:
    """Per member: the cases they carry now (by share) and how many of those are expected to be still open
    in week 4, 13 and 26 (within the horizon), without new cases — the expected outflow as a range."""
    rows = tf.inputs.open_rows
    weeks = [w for w in (4, 13, 26) if w <= tf.horizon]
    if cases.case_id is None or rows.size == 0:
        return {"weeks": weeks, "rows": []}
    ids = cases.case_id[rows]
    position = {int(c): i for i, c in enumerate(ids)}
    carried = list(
        Assignment.objects.filter(case_id__in=ids.tolist(), start_date__lt=tf.as_of)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=tf.as_of))
        .values_list("case_id", "person_id", "share_percent")
    )
    people = {p.id: p for p in Person.objects.filter(id__in={c[1] for c in carried})}
    order = sorted(people, key=lambda pid: people[pid].name)
    slot = {pid: i for i, pid in enumerate(order)}
    result = still_open(
        tf.inputs.open_prob[[position[c[0]] for c in carried]],
        np.array([slot[c[1]] for c in carried], dtype=np.int64),
        np.array([c[2] / 100 for c in carried]),
        len(order),
        [w - 1 for w in weeks],
    )
    return {
        "weeks": weeks,
        "rows": [
            {
                "person": people[pid],
                "now": result.now[i],
                "ahead": [
                    {"expected": result.expected[i, j], "low": result.low[i, j], "high": result.high[i, j]}
                    for j in range(len(weeks))
                ],
            }
            for i, pid in enumerate(order)
        ],
    }


# ------------------------------------------------------------------------------------------- the chain


def chain_defaults(organisation: Organisation) -> ChainDefaults:
    """The organisation's saved assumptions, or the defaults (not saved until someone changes them)."""
    found = ChainDefaults.objects.filter(organisation=organisation).first()
    return found or ChainDefaults(organisation=organisation)


def chain_assumptions(source: ChainDefaults | Scenario, mean_duration_weeks: float) -> ChainAssumptions:
    return ChainAssumptions(
        salary_per_fte=float(source.salary_per_fte),
        employer_costs=float(source.employer_costs_percent) / 100,
        overhead=float(source.overhead_percent) / 100,
        absence_reserve=float(source.absence_reserve_percent) / 100,
        mean_duration_weeks=mean_duration_weeks,
    )


def mean_duration_weeks(tf: TeamForecast) -> float:
    """The mean duration of the team's new cases: the area under their survival curve (Kaplan–Meier)."""
    grid = np.arange(0.0, 520.0, 0.5)
    total = 0.0
    for curve, share in zip(tf.inputs.curves, tf.inputs.type_shares, strict=True):
        total += float(share) * float(curve.at(grid).sum() * 0.5)
    return max(total, 1.0)


@dataclass(frozen=True)
class TeamChain:
    """A team's chain in both directions from the same assumptions."""

    team: Team
    cases: float
    norm_per_fte: float | None
    mean_duration_weeks: float
    content: Chain | None
    budget: Chain | None
    formation_now: float
    deployable_now: float


def default_norm(tf: TeamForecast) -> float | None:
    """The norm to start the chain from: the middle of the band, or the normative caseload per FTE."""
    f = tf.formation
    if f.upper_per_fte is None or f.lower_per_fte is None:
        return None
    return (f.upper_per_fte + f.lower_per_fte) / 2


def team_chain(
    tf: TeamForecast,
    source: ChainDefaults | Scenario,
    *,
    norm_per_fte: float | None = None,
    budget: float | None = None,
    cases: float | None = None,
) -> TeamChain:
    """Content first from the forecast's median caseload (the average over the horizon) and the norm;
    budget first from ``budget`` (when given)."""
    load = float(np.mean(tf.fan.p50)) if cases is None else cases
    duration = mean_duration_weeks(tf)
    assumptions = chain_assumptions(source, duration)
    norm = norm_per_fte if norm_per_fte is not None else default_norm(tf)
    return TeamChain(
        team=tf.team,
        cases=load,
        norm_per_fte=norm,
        mean_duration_weeks=duration,
        content=content_first(load, norm, assumptions) if norm else None,
        budget=budget_first(budget, load, assumptions) if budget is not None else None,
        formation_now=float(tf.formation.contracted_fte[0] + tf.formation.vacancy_fte[0]),
        deployable_now=float(tf.formation.deployable_fte[0]),
    )


def scenario_chain(tf: TeamForecast, scenario: Scenario) -> TeamChain:
    return team_chain(
        tf,
        scenario,
        norm_per_fte=float(scenario.norm_per_fte),
        budget=None if scenario.budget is None else float(scenario.budget),
    )


def scenario_initial(team: Team, tf: TeamForecast) -> dict[str, Any]:
    """A new scenario starts as a copy of today's assumptions: the organisation's chain defaults, the
    team's norm and no changes."""
    defaults = chain_defaults(team.organisation)
    norm = default_norm(tf) or float(np.mean(tf.fan.p50)) / max(float(tf.deployable_fte[0]), 0.1)
    vacancy = float(tf.formation.vacancy_fte[0]) if tf.formation.vacancy_fte.size else 0.0
    return {
        "salary_per_fte": defaults.salary_per_fte,
        "employer_costs_percent": defaults.employer_costs_percent,
        "overhead_percent": defaults.overhead_percent,
        "absence_reserve_percent": defaults.absence_reserve_percent,
        "norm_per_fte": Decimal(str(round(norm, 2))),
        "vacancy_fill_fte": Decimal(str(round(vacancy, 2))),
    }
