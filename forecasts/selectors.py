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
from functools import cached_property
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Q

from caseload_core import forecast_figures as ff
from caseload_core.bands import BandVersion, band_periods, weekly_band_for
from caseload_core.budget import Chain, ChainAssumptions, budget_first, content_first
from caseload_core.caseload import OPEN_END
from caseload_core.forecast import Fan, Forecast, FteChange, InflowModel, StaffingAdvice, apply_fte_changes, still_open
from caseload_core.forecast_inputs import NO_DATE, ModelInputs, TeamCases, model_inputs, run
from caseload_core.weeks import WeekGrid, day_number, monday_of
from caseloadwijzer import clock
from cases.models import Assignment, Case, CaseType
from forecasts.models import ChainDefaults, Scenario
from monitoring.models import Bandwidth
from monitoring.selectors import teams_figures
from organisations.models import Organisation, Person, Team

HORIZONS = (4, 13, 26)
SIM_WEEKS = max(HORIZONS)
"""Every forecast is simulated this many weeks ahead and cut to the horizon shown: the same paths for every
horizon, so a week's figures never depend on how far ahead a page looks."""
N_PATHS = 10_000
"""Paths per forecast unless the setting ``FORECAST_PATHS`` says otherwise (tests use fewer)."""
RISK_LEVELS = (0.05, 0.10, 0.20)
DEFAULT_RISK = ff.DEFAULT_RISK


def forecast_paths() -> int:
    """The number of simulated paths every page uses (one setting, so that every page shows the same figure)."""
    return int(getattr(settings, "FORECAST_PATHS", N_PATHS))


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
    """Per forecast week (``SIM_WEEKS`` of them): deployable, contracted and vacancy FTE from the caseload
    picture, and the reference per FTE — the band in force that week (``caseload_core.bands``), or the margin
    around the norm where none is."""

    deployable_fte: np.ndarray
    contracted_fte: np.ndarray
    vacancy_fte: np.ndarray
    reference: ff.Reference

    @property
    def band_is_decided(self) -> bool:
        return self.reference.any_decided


def _general_bands(teams: list[Team]) -> dict[int, list[BandVersion]]:
    """Every team's decided bands for every function (the team's own band), in one query."""
    out: dict[int, list[BandVersion]] = {t.id: [] for t in teams}
    rows = Bandwidth.objects.filter(team__in=teams, function="").values_list(
        "team_id", "valid_from", "lower_per_fte", "upper_per_fte"
    )
    for team_id, valid_from, lower, upper in rows:
        out[team_id].append(BandVersion(day_number(valid_from), float(lower), float(upper)))
    return out


def formations(teams: list[Team], as_of: dt.date, weeks: int = SIM_WEEKS) -> dict[int, Formation]:
    """The formation and the reference of each team for ``weeks`` weeks from the Monday ``as_of``."""
    grid = WeekGrid(monday_of(as_of), weeks)
    figures = teams_figures(teams, start=grid.first_monday, end=grid.last_day)
    bands = _general_bands(teams)
    out = {}
    for t in teams:
        team = figures[t.id].team
        lower, upper = weekly_band_for(grid, bands[t.id])
        out[t.id] = Formation(
            deployable_fte=np.asarray(team.deployable_fte, dtype=np.float64),
            contracted_fte=np.asarray(team.contracted_fte, dtype=np.float64),
            vacancy_fte=np.asarray(figures[t.id].vacancy_fte, dtype=np.float64),
            reference=ff.reference_per_fte(lower, upper, team.normative, team.deployable_fte, t.margin_percent / 100),
        )
    return out


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


def _known(value: float) -> float | None:
    """A figure as the pages take it: None where it does not exist (NaN in the arrays)."""
    number = float(value)
    return number if np.isfinite(number) else None


@dataclass(frozen=True)
class TeamForecast:
    """A team's forecast from ``as_of``, simulated ``SIM_WEEKS`` ahead (``*_all``) and shown for ``horizon``
    weeks: everything the pages, downloads and the scenario form show. Every figure is read from here."""

    team: Team
    as_of: dt.date
    horizon: int
    forecast_all: Forecast
    rates_all: np.ndarray
    inputs: ModelInputs
    formation: Formation
    deployable_all: np.ndarray
    bounds_all: ff.Bounds

    @property
    def mondays(self) -> list[dt.date]:
        return [self.as_of + dt.timedelta(weeks=k) for k in range(self.horizon)]

    @property
    def history_mondays(self) -> list[dt.date]:
        return [self.as_of - dt.timedelta(weeks=13 - i) for i in range(13)]

    @cached_property
    def fan_all(self) -> Fan:
        return self.forecast_all.fan()

    @cached_property
    def forecast(self) -> Forecast:
        return Forecast(self.forecast_all.paths[:, : self.horizon])

    @cached_property
    def fan(self) -> Fan:
        f = self.fan_all
        h = self.horizon
        return Fan(f.p05[:h], f.p25[:h], f.p50[:h], f.p75[:h], f.p95[:h])

    @property
    def rates(self) -> np.ndarray:
        return self.rates_all[: self.horizon]

    @property
    def deployable_fte(self) -> np.ndarray:
        return self.deployable_all[: self.horizon]

    @property
    def reference(self) -> ff.Reference:
        return self.formation.reference.cut(self.horizon)

    @property
    def band_upper(self) -> np.ndarray:
        return self.bounds_all.upper[: self.horizon]

    @property
    def band_lower(self) -> np.ndarray:
        return self.bounds_all.lower[: self.horizon]

    @property
    def exceed(self) -> np.ndarray:
        return self.bounds_all.exceed[: self.horizon]

    @property
    def inflow(self) -> InflowModel:
        return self.inputs.inflow

    @property
    def has_band(self) -> bool:
        """Whether any week shown has an upper bound (a decided band, or a norm with the margin)."""
        return self.reference.has_any

    @property
    def max_exceed(self) -> float:
        return ff.Bounds(self.band_lower, self.band_upper, self.exceed).max_exceed

    def advice(self, risk: float = DEFAULT_RISK) -> StaffingAdvice | None:
        return ff.advice(self.forecast, self.deployable_fte, self.reference, risk)

    @cached_property
    def first_week(self) -> ff.FirstWeek:
        """The median, the band in force and the shortage (at the default risk) in the first week: the one
        headline every page shows."""
        return ff.first_week(self.fan_all, self.formation.reference, self.advice(DEFAULT_RISK))

    def band_periods(self) -> list[dict[str, Any]]:
        """The decided bands in force over the weeks shown, each from its first week (for "32–36 per fte,
        vanaf 4 januari 2027")."""
        ref = self.reference
        lower = np.where(ref.decided, ref.lower_per_fte, np.nan)
        upper = np.where(ref.decided, ref.upper_per_fte, np.nan)
        return [
            {"monday": self.mondays[p.first_week], "first": p.first_week == 0, "lower": p.lower, "upper": p.upper}
            for p in band_periods(lower, upper)
        ]

    def rows(self, risk: float = DEFAULT_RISK) -> list[dict[str, Any]]:
        f = self.fan
        staffing = self.advice(risk)
        nan = np.full(self.horizon, np.nan)
        needed = staffing.needed if staffing is not None else nan
        shortage = staffing.shortage if staffing is not None else nan
        return [
            {
                "monday": m,
                "week": k,
                "p05": f.p05[k],
                "p25": f.p25[k],
                "p50": f.p50[k],
                "p75": f.p75[k],
                "p95": f.p95[k],
                "upper": _known(self.band_upper[k]),
                "lower": _known(self.band_lower[k]),
                "upper_per_fte": _known(self.reference.upper_per_fte[k]),
                "lower_per_fte": _known(self.reference.lower_per_fte[k]),
                "decided": bool(self.reference.decided[k]),
                "fte": self.deployable_fte[k],
                "exceed": _known(self.exceed[k]),
                "inflow": self.rates[k],
                "needed": _known(needed[k]),
                "shortage": _known(shortage[k]),
            }
            for k, m in enumerate(self.mondays)
        ]


def default_as_of() -> dt.date:
    return monday_of(clock.today())


def _rng(team: Team, as_of: dt.date) -> np.random.Generator:
    # The same seed for the baseline and every scenario of a team, derived from the team and the week: the
    # same inputs give the same figures on every page, and differences come from the assumptions, not chance.
    return np.random.default_rng([team.id, as_of.toordinal()])


def team_forecast(
    team: Team,
    *,
    horizon: int = 13,
    assumptions: Assumptions = BASELINE,
    as_of: dt.date | None = None,
    cases: TeamCases | None = None,
    formation: Formation | None = None,
    n_paths: int | None = None,
) -> TeamForecast:
    """The team's forecast for ``horizon`` (≤ ``SIM_WEEKS``) weeks from the week of ``as_of`` (default: this
    week). Pages leave ``n_paths`` to the setting; only tests of the statistics choose their own."""
    if not 1 <= horizon <= SIM_WEEKS:
        raise ValueError(f"a horizon of 1 to {SIM_WEEKS} weeks")
    as_of = monday_of(as_of or default_as_of())
    cases = cases if cases is not None else team_cases([team])[team.id]
    formation = formation if formation is not None else formations([team], as_of)[team.id]
    inputs = model_inputs(cases, as_of, SIM_WEEKS)
    forecast, rates = run(
        inputs,
        SIM_WEEKS,
        inflow_factor=assumptions.inflow_factor,
        inflow_per_week=assumptions.inflow_per_week,
        n_paths=n_paths or forecast_paths(),
        rng=_rng(team, as_of),
    )
    fte = apply_fte_changes(formation.deployable_fte[:SIM_WEEKS], assumptions.fte_changes)
    return TeamForecast(
        team=team,
        as_of=as_of,
        horizon=horizon,
        forecast_all=forecast,
        rates_all=rates,
        inputs=inputs,
        formation=formation,
        deployable_all=fte,
        bounds_all=ff.bounds(forecast, fte, formation.reference),
    )


def teams_overview(teams: list[Team], horizon: int = 13) -> list[TeamForecast]:
    """A forecast per team, with the data for all of them loaded in a fixed number of queries: the same
    figures as each team's own page (same paths, same seed)."""
    as_of = default_as_of()
    all_cases = team_cases(teams)
    all_formations = formations(teams, as_of)
    return [
        team_forecast(t, horizon=horizon, as_of=as_of, cases=all_cases[t.id], formation=all_formations[t.id])
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
    """The mean duration of the team's new cases (``caseload_core.forecast_figures.mean_duration_weeks``)."""
    return ff.mean_duration_weeks(tf.inputs.curves, tf.inputs.type_shares)


@dataclass(frozen=True)
class TeamChain:
    """A team's chain in both directions from the same assumptions, with this week's staffing shortage."""

    team: Team
    cases: float
    norm_per_fte: float | None
    mean_duration_weeks: float
    content: Chain | None
    budget: Chain | None
    formation_now: float
    deployable_now: float
    caseload_now: float | None
    first_week: ff.FirstWeek


def default_norm(tf: TeamForecast) -> float | None:
    """The norm to start the chain from: the middle of the band in force in the first week (or of the margin
    around the normative caseload)."""
    return ff.chain_norm(tf.formation.reference)


def team_chain(
    tf: TeamForecast,
    source: ChainDefaults | Scenario,
    *,
    norm_per_fte: float | None = None,
    budget: float | None = None,
) -> TeamChain:
    """Content first from the forecast's median caseload (the average over the first 13 weeks, whatever the
    horizon shown) and the norm; budget first from ``budget`` (when given)."""
    load = ff.cases_carried(tf.fan_all.p50)
    duration = mean_duration_weeks(tf)
    assumptions = chain_assumptions(source, duration)
    norm = norm_per_fte if norm_per_fte is not None else default_norm(tf)
    deployable_now = float(tf.formation.deployable_fte[0])
    return TeamChain(
        team=tf.team,
        cases=load,
        norm_per_fte=norm,
        mean_duration_weeks=duration,
        content=content_first(load, norm, assumptions) if norm else None,
        budget=budget_first(budget, load, assumptions) if budget is not None else None,
        formation_now=ff.formation_fte(tf.formation.contracted_fte[0], tf.formation.vacancy_fte[0]),
        deployable_now=deployable_now,
        caseload_now=ff.caseload_per_fte(load, deployable_now),
        first_week=tf.first_week,
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
    middle of the band in force this week (never a band that starts later) and no changes."""
    defaults = chain_defaults(team.organisation)
    norm = ff.scenario_norm(tf.formation.reference, ff.cases_carried(tf.fan_all.p50), tf.formation.deployable_fte[0])
    vacancy = float(tf.formation.vacancy_fte[0]) if tf.formation.vacancy_fte.size else 0.0
    return {
        "salary_per_fte": defaults.salary_per_fte,
        "employer_costs_percent": defaults.employer_costs_percent,
        "overhead_percent": defaults.overhead_percent,
        "absence_reserve_percent": defaults.absence_reserve_percent,
        "norm_per_fte": Decimal(str(round(norm, 2))),
        "vacancy_fill_fte": Decimal(str(round(vacancy, 2))),
    }
