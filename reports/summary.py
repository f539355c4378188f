"""The HR integral summary: per team and for the organisation, over a chosen period.

Built on the same weekly figures as the team dashboards (``monitoring.selectors.team_figures``), through
the small ``TeamWeeks`` interface below, so that every number here equals the dashboard's for the same
period. Nothing about an individual leaves this module: people appear only inside the persistent-breach
statistics, which ``caseload_core.breach`` aggregates and suppresses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from caseload_core.breach import MIN_GROUP, BreachReport, reports_with_total
from organisations.models import Organisation, Team
from reports import actions as action_sources
from reports.models import EvaluationStatus, WorkloadRegistration
from reports.selectors import EvaluationResult, evaluation_result

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class TeamWeeks:
    """A team's weekly picture over the period, as the summary needs it.

    Arrays run over the period's weeks; ``band_lower``/``band_upper`` are NaN in weeks without a decided
    band; ``people_above`` is people × weeks, True where that person's caseload was above the band's upper
    bound (or, without a band, above the norm by more than the margin).
    """

    mondays: tuple[dt.date, ...]
    caseload: FloatArray
    normative: FloatArray
    band_lower: FloatArray
    band_upper: FloatArray
    contracted_fte: FloatArray
    deployable_fte: FloatArray
    vacancy_fte: FloatArray
    inflow: FloatArray
    outflow: FloatArray
    people_above: BoolArray


WeeksLoader = Callable[[list[Team], dt.date, dt.date], dict[int, TeamWeeks]]


def _mean(values: FloatArray) -> float | None:
    v = np.asarray(values, dtype=np.float64)
    v = v[~np.isnan(v)]
    return float(v.mean()) if v.size else None


@dataclass(frozen=True)
class CaseloadFigures:
    """Period means and totals of one team (or the organisation: the sum of its teams)."""

    weeks: int
    caseload: float | None
    normative: float | None
    band_lower: float | None
    band_upper: float | None
    weeks_above_band: int | None
    weeks_below_band: int | None
    weeks_with_band: int
    contracted_fte: float | None
    deployable_fte: float | None
    vacancy_fte: float | None
    inflow: float | None
    outflow: float | None

    @property
    def deviation(self) -> float | None:
        """(mean caseload − mean normative caseload) / mean normative caseload."""
        if self.caseload is None or not self.normative:
            return None
        return (self.caseload - self.normative) / self.normative

    @property
    def non_deployable_fte(self) -> float | None:
        if self.contracted_fte is None or self.deployable_fte is None:
            return None
        return self.contracted_fte - self.deployable_fte

    @property
    def formation_gap_fte(self) -> float | None:
        """Non-deployable formation plus open vacancies: the FTE the team is budgeted for but cannot use."""
        if self.non_deployable_fte is None or self.vacancy_fte is None:
            return None
        return self.non_deployable_fte + self.vacancy_fte


def caseload_figures(weeks: TeamWeeks) -> CaseloadFigures:
    with_band = ~np.isnan(weeks.band_upper)
    caseload = np.asarray(weeks.caseload, dtype=np.float64)
    return CaseloadFigures(
        weeks=len(weeks.mondays),
        caseload=_mean(caseload),
        normative=_mean(weeks.normative),
        band_lower=_mean(weeks.band_lower),
        band_upper=_mean(weeks.band_upper),
        weeks_above_band=int((with_band & (caseload > np.nan_to_num(weeks.band_upper, nan=np.inf))).sum()),
        weeks_below_band=int((with_band & (caseload < np.nan_to_num(weeks.band_lower, nan=-np.inf))).sum()),
        weeks_with_band=int(with_band.sum()),
        contracted_fte=_mean(weeks.contracted_fte),
        deployable_fte=_mean(weeks.deployable_fte),
        vacancy_fte=_mean(weeks.vacancy_fte),
        inflow=float(np.nansum(weeks.inflow)),
        outflow=float(np.nansum(weeks.outflow)),
    )


def _hidden_figures(weeks: int) -> CaseloadFigures:
    return CaseloadFigures(weeks, None, None, None, None, None, None, 0, None, None, None, None, None)


def _sum_figures(rows: list[CaseloadFigures]) -> CaseloadFigures | None:
    """The organisation: caseloads, formation and flows add up over teams; band weeks do not."""
    shown = [r for r in rows if r.caseload is not None]
    if not shown:
        return None

    def total(name: str) -> float | None:
        values = [getattr(r, name) for r in shown]
        return None if any(v is None for v in values) else float(sum(values))

    return CaseloadFigures(
        weeks=max(r.weeks for r in shown),
        caseload=total("caseload"),
        normative=total("normative"),
        band_lower=None,
        band_upper=None,
        weeks_above_band=None,
        weeks_below_band=None,
        weeks_with_band=0,
        contracted_fte=total("contracted_fte"),
        deployable_fte=total("deployable_fte"),
        vacancy_fte=total("vacancy_fte"),
        inflow=total("inflow"),
        outflow=total("outflow"),
    )


@dataclass(frozen=True)
class IndirectTime:
    meetings: int
    admin: int
    training: int
    projects: int
    period_start: dt.date
    period_end: dt.date

    @property
    def total(self) -> int:
        return self.meetings + self.admin + self.training + self.projects


@dataclass(frozen=True)
class TeamSummary:
    team: Team
    people: int
    hidden: bool
    figures: CaseloadFigures
    breach: BreachReport
    evaluations: list[EvaluationResult] = field(default_factory=list)
    actions_open: int = 0
    actions_overdue: int = 0
    actions_done: int = 0
    indirect: IndirectTime | None = None


@dataclass(frozen=True)
class Summary:
    organisation: Organisation
    start: dt.date
    end: dt.date
    teams: list[TeamSummary]
    total: CaseloadFigures | None
    breach_total: BreachReport
    available: bool
    min_group: int = MIN_GROUP
    mondays: tuple[dt.date, ...] = ()
    weekly_caseload: tuple[float, ...] = ()
    weekly_normative: tuple[float, ...] = ()

    @property
    def chart(self) -> str:
        from reports.chart import caseload_chart

        return caseload_chart(self.mondays, self.weekly_caseload, self.weekly_normative)

    @property
    def weekly_rows(self) -> list[tuple[dt.date, float, float]]:
        return list(zip(self.mondays, self.weekly_caseload, self.weekly_normative, strict=True))

    @property
    def any_hidden(self) -> bool:
        return any(t.hidden for t in self.teams)

    @property
    def actions_open(self) -> int:
        return sum(t.actions_open for t in self.teams)

    @property
    def actions_overdue(self) -> int:
        return sum(t.actions_overdue for t in self.teams)

    @property
    def actions_done(self) -> int:
        return sum(t.actions_done for t in self.teams)


def _indirect(team: Team, start: dt.date, end: dt.date) -> IndirectTime | None:
    reg = (
        WorkloadRegistration.objects.filter(team=team, period_start__lte=end, period_end__gte=start)
        .order_by("-period_end", "-id")
        .first()
    )
    if reg is None:
        return None
    return IndirectTime(
        reg.meetings_percent,
        reg.admin_percent,
        reg.training_percent,
        reg.projects_percent,
        reg.period_start,
        reg.period_end,
    )


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last half-year: the 26 full weeks (Monday to Sunday) before the current week."""
    monday = today - dt.timedelta(days=today.weekday())
    return monday - dt.timedelta(weeks=26), monday - dt.timedelta(days=1)


def build_summary(
    organisation: Organisation,
    teams: Iterable[Team],
    start: dt.date,
    end: dt.date,
    *,
    load_weeks: WeeksLoader | None = None,
) -> Summary:
    """The summary for ``teams`` (already scoped to the user) between ``start`` and ``end`` inclusive."""
    loader = load_weeks or monitoring_weeks
    team_list = list(teams)
    by_team = loader(team_list, start, end) if team_list else {}
    loaded = [(team, by_team.get(team.id)) for team in team_list]
    available = any(w is not None for _t, w in loaded)
    groups = [w.people_above if w is not None else np.zeros((0, 0), dtype=bool) for _t, w in loaded]
    breach_rows, breach_total = reports_with_total(groups)
    actions = action_sources.counts_by_team(team_list, start, end)
    rows: list[TeamSummary] = []
    shown_weeks = [w for _t, w in loaded if w is not None and w.people_above.shape[0] >= MIN_GROUP]
    for (team, weeks), breach in zip(loaded, breach_rows, strict=True):
        people = int(weeks.people_above.shape[0]) if weeks is not None else 0
        hidden = weeks is None or people < MIN_GROUP
        n_weeks = len(weeks.mondays) if weeks is not None else 0
        figures = _hidden_figures(n_weeks) if hidden or weeks is None else caseload_figures(weeks)
        evaluations = [
            evaluation_result(e)
            for e in team.evaluations.filter(opens_on__lte=end, closes_on__gte=start).order_by("opens_on")
        ]
        counts = actions.get(team.id, (0, 0, 0))
        rows.append(
            TeamSummary(
                team=team,
                people=people,
                hidden=hidden,
                figures=figures,
                breach=breach,
                evaluations=[e for e in evaluations if e.evaluation.status == EvaluationStatus.CLOSED or e.shown],
                actions_open=counts[0],
                actions_overdue=counts[1],
                actions_done=counts[2],
                indirect=_indirect(team, start, end),
            )
        )
    return Summary(
        organisation=organisation,
        start=start,
        end=end,
        teams=rows,
        total=_sum_figures([r.figures for r in rows]),
        breach_total=breach_total,
        available=available,
        **_weekly_totals(shown_weeks),
    )


def _weekly_totals(weeks: list[TeamWeeks]) -> dict[str, tuple[Any, ...]]:
    """Per week, the caseload and normative caseload summed over the teams shown (not the hidden ones)."""
    if not weeks or len({len(w.mondays) for w in weeks}) != 1:
        return {}
    return {
        "mondays": weeks[0].mondays,
        "weekly_caseload": tuple(float(v) for v in np.sum([w.caseload for w in weeks], axis=0)),
        "weekly_normative": tuple(float(v) for v in np.nansum([w.normative for w in weeks], axis=0)),
    }


def monitoring_weeks(teams: list[Team], start: dt.date, end: dt.date) -> dict[int, TeamWeeks]:
    """The teams' weekly pictures from the monitoring app: the team dashboard's own source."""
    from monitoring.selectors import teams_figures
    from reports.figures_adapter import team_weeks_from_figures

    return {
        team_id: team_weeks_from_figures(figures)
        for team_id, figures in teams_figures(teams, start=start, end=end).items()
    }
