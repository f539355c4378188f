"""The HR integral summary: per team and for the organisation, over a chosen period.

This module assembles, it does not calculate. The weekly figures are the team dashboards' own, read through
one selector (``reports.selectors.period_weeks``); every mean, total, deviation and "weeks above the band"
is computed in ``caseload_core.period`` and every persistent breach in ``caseload_core.breach``, with the one
privacy threshold of ``caseload_core.privacy``. Nothing about an individual leaves this module: people appear
only inside the persistent-breach statistics, which ``caseload_core.breach`` aggregates and suppresses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from caseload_core.breach import BreachReport, reports_with_total
from caseload_core.period import (
    PeriodFigures,
    TeamWeeks,
    WeeklyTotals,
    hidden_figures,
    organisation_figures,
    period_figures,
    weekly_totals,
)
from caseload_core.privacy import MIN_GROUP, too_small
from organisations.models import Organisation, Team
from reports import actions as action_sources
from reports.models import EvaluationStatus, WorkloadRegistration
from reports.selectors import EvaluationResult, evaluation_result, period_weeks

if TYPE_CHECKING:
    from reports.chart import SummaryChart

WeeksLoader = Callable[[list[Team], dt.date, dt.date], dict[int, TeamWeeks]]
"""Where the weekly pictures come from: ``reports.selectors.period_weeks``, or constructed ones in a test."""


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
    figures: PeriodFigures
    breach: BreachReport
    evaluations: list[EvaluationResult] = field(default_factory=list)
    actions_open: int = 0
    actions_overdue: int = 0
    actions_done: int = 0
    indirect: IndirectTime | None = None
    weeks: TeamWeeks | None = None
    """The team's weekly picture, for its chart; None for a hidden team."""

    @cached_property
    def chart(self) -> SummaryChart | None:
        """The team's caseload per week against its band (and its normative caseload where it has a norm)."""
        if self.hidden or self.weeks is None:
            return None
        from reports.chart import summary_chart

        w = self.weeks
        return summary_chart(
            w.mondays, w.caseload, w.normative, w.band_lower, w.band_upper, team_name=str(self.team.name)
        )

    @property
    def weekly_rows(self) -> list[tuple[dt.date, float, float | None, float | None, float | None]]:
        if self.weeks is None:
            return []
        w = self.weeks
        return _rows(w.mondays, w.caseload, w.normative, w.band_lower, w.band_upper)


@dataclass(frozen=True)
class Summary:
    organisation: Organisation
    start: dt.date
    end: dt.date
    teams: list[TeamSummary]
    total: PeriodFigures | None
    breach_total: BreachReport
    available: bool
    min_group: int = MIN_GROUP
    weekly: WeeklyTotals | None = None
    """The teams shown summed per week (``caseload_core.period.weekly_totals``), for the chart and its table."""

    @property
    def mondays(self) -> tuple[dt.date, ...]:
        return self.weekly.mondays if self.weekly else ()

    @property
    def weekly_caseload(self) -> tuple[float, ...]:
        return self.weekly.caseload if self.weekly else ()

    @property
    def weekly_normative(self) -> tuple[float, ...]:
        return self.weekly.normative if self.weekly else ()

    @property
    def weekly_band_lower(self) -> tuple[float, ...]:
        return self.weekly.band_lower if self.weekly else ()

    @property
    def weekly_band_upper(self) -> tuple[float, ...]:
        return self.weekly.band_upper if self.weekly else ()

    @cached_property
    def chart(self) -> SummaryChart:
        from reports.chart import summary_chart

        shown = [t.figures for t in self.teams if not t.hidden]
        return summary_chart(
            self.mondays,
            self.weekly_caseload,
            self.weekly_normative,
            self.weekly_band_lower,
            self.weekly_band_upper,
            some_band=any(f.weeks_with_band for f in shown),
            some_norm=any(f.normative is not None for f in shown),
        )

    @property
    def weekly_rows(self) -> list[tuple[dt.date, float, float | None, float | None, float | None]]:
        """Per week: caseload, normative caseload, band's lower and upper bound (None where there is none)."""
        return _rows(
            self.mondays, self.weekly_caseload, self.weekly_normative, self.weekly_band_lower, self.weekly_band_upper
        )

    @property
    def team_charts(self) -> list[TeamSummary]:
        """The teams shown, each with its own chart, when there is more than one (else the chart above is it)."""
        shown = [t for t in self.teams if t.chart is not None]
        return shown if len(shown) > 1 else []

    @property
    def any_hidden(self) -> bool:
        return any(t.hidden for t in self.teams)

    @property
    def any_without_norm(self) -> bool:
        """A team shown has no normative caseload in the period (none of its case types has a norm)."""
        return any(not t.hidden and t.figures.normative is None for t in self.teams)

    @property
    def actions_open(self) -> int:
        return sum(t.actions_open for t in self.teams)

    @property
    def actions_overdue(self) -> int:
        return sum(t.actions_overdue for t in self.teams)

    @property
    def actions_done(self) -> int:
        return sum(t.actions_done for t in self.teams)


def _rows(
    mondays: tuple[dt.date, ...], caseload: Any, normative: Any, lower: Any, upper: Any
) -> list[tuple[dt.date, float, float | None, float | None, float | None]]:
    """A chart's weeks as table rows: a missing value (NaN, or no series at all) is None, never 0."""

    def known(values: Any) -> list[float | None]:
        return [None if np.isnan(v) else float(v) for v in values] if len(values) else [None] * len(mondays)

    return list(zip(mondays, [float(v) for v in caseload], known(normative), known(lower), known(upper), strict=True))


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
    loader = load_weeks or period_weeks
    team_list = list(teams)
    by_team = loader(team_list, start, end) if team_list else {}
    loaded = [(team, by_team.get(team.id)) for team in team_list]
    available = any(w is not None for _t, w in loaded)
    groups = [w.people_above if w is not None else np.zeros((0, 0), dtype=bool) for _t, w in loaded]
    breach_rows, breach_total = reports_with_total(groups)
    actions = action_sources.counts_by_team(team_list, start, end)
    rows: list[TeamSummary] = []
    shown_weeks = [w for _t, w in loaded if w is not None and not too_small(w.staff)]
    for (team, weeks), breach in zip(loaded, breach_rows, strict=True):
        people = weeks.staff if weeks is not None else 0
        hidden = weeks is None or too_small(people)
        n_weeks = len(weeks.mondays) if weeks is not None else 0
        figures = hidden_figures(n_weeks) if hidden or weeks is None else period_figures(weeks)
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
                weeks=None if hidden else weeks,
            )
        )
    return Summary(
        organisation=organisation,
        start=start,
        end=end,
        teams=rows,
        total=organisation_figures([r.figures for r in rows]),
        breach_total=breach_total,
        available=available,
        weekly=weekly_totals(shown_weeks),
    )
