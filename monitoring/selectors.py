"""Reads for the caseload picture: every weekly figure of a team and its members.

The public, stable entry points (other apps call these; do not change their signatures):

- ``team_figures(team, *, start, end) -> TeamFigures``
- ``person_figures(person, *, start, end) -> PersonFigures``
- ``teams_figures(teams, *, start, end) -> dict[team_id, TeamFigures]`` (many teams, same query count)

``start``/``end`` are dates; the result covers the Monday-based weeks (``caseload_core.weeks.WeekGrid``)
from the week containing ``start`` through the week containing ``end``. Every array below has one value per
week, index ``k`` being the week that starts on ``figures.mondays[k]``. What each figure means (count,
weighted caseload, deployable FTE, normative caseload, deviation, band, signal, inflow/outflow, expected
outflow) is documented on ``caseload_core.team.Figures`` and in the module docstring of
``caseload_core.team``; in short:

- ``f.count[k]`` cases carried (× share), ``f.weighted[k]`` FTE-equivalents (share × 1/norm, the norm
  version valid that week, the first-year norm in a case's first year), ``f.unweighed[k]`` cases of a type
  without a norm;
- ``f.contracted_fte[k]``, ``f.deployable_fte[k]`` (contract hours, reductions, employment start/end);
- ``f.normative[k]`` normative caseload in cases, ``f.deviation[k]`` deviation from the norm as a fraction
  (0.12 = 12% above; NaN without a reference);
- ``f.band_lower[k]``/``f.band_upper[k]`` the decided bandwidth (monitoring.Bandwidth valid that week) in
  cases for the deployable FTE, NaN before any decision; ``f.band_deviation[k]`` 0 inside the band;
- ``f.outside_margin``/``f.outside_band``/``f.outside`` flags (``outside``: outside the band when one is
  decided, else beyond the team's margin), ``f.run[k]`` consecutive weeks ``outside`` up to week ``k``
  (counting history before ``start``), ``f.weeks_outside`` the run in the last week;
- ``f.inflow[k]``/``f.outflow[k]`` new and ended cases (team: the team's cases; person: assignments);
- ``f.expected_outflow_4``/``f.expected_outflow_13`` open cases expected to end within 4/13 weeks after
  ``end``; ``f.past_expected_end`` open cases whose expected end date lies before ``end``.

Queries: a fixed number (about ten) whatever the history length or the number of teams; all arithmetic is
NumPy in ``caseload_core.team``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from django.db import connections
from django.db.models import Func, IntegerField, Q

from caseload_core.caseload import OPEN_END
from caseload_core.fte import fte_from_hours
from caseload_core.now import Now
from caseload_core.team import (
    LOOKBACK_WEEKS,
    AssignmentInput,
    BandVersion,
    Figures,
    FloatArray,
    NormVersion,
    PeopleInput,
    Picture,
    StaffingInput,
    TeamCasesInput,
    VacancyInput,
    team_pictures,
)
from caseload_core.weeks import WeekGrid, day_number, day_numbers
from cases.models import Assignment, Case, CaseType, Norm
from monitoring.models import Bandwidth
from organisations.models import CASELOAD_FUNCTIONS, Organisation, Person, Team
from staffing.models import ContractPeriod, Reduction, ReductionReason, Vacancy


def _day(value: dt.date | None, missing: int = OPEN_END) -> int:
    return missing if value is None else day_number(value)


def _days(values: Iterable[dt.date | None], missing: int = OPEN_END) -> np.ndarray:
    return day_numbers(values, missing)


@dataclass(frozen=True)
class MemberFigures:
    """One member's weekly figures (``figures``: ``caseload_core.team.Figures``) and their figures now
    (``now``: ``caseload_core.now.Now``, on the period's last day)."""

    person_id: int
    name: str
    function: str
    figures: Figures
    now: Now


@dataclass(frozen=True)
class OverdueCase:
    case_id: int
    reference: str
    expected_end: dt.date


@dataclass(frozen=True)
class TeamFigures:
    """The team's caseload picture per week: ``members`` (in name order) and ``team`` (their sums; inflow
    and outflow from the team's cases), ``vacancy_fte`` and ``reduction_fte`` (lost deployable FTE per
    reduction reason label) per week, ``expected_outflow_weekly`` for the 13 weeks after the period, and
    the team's open cases whose expected end has passed (``overdue``)."""

    team_id: int
    team_name: str
    grid: WeekGrid
    start: dt.date
    end: dt.date
    margin: float
    fulltime_hours: float
    members: tuple[MemberFigures, ...]
    team: Figures
    vacancy_fte: FloatArray
    reduction_fte: dict[str, FloatArray]
    expected_outflow_weekly: FloatArray
    overdue: tuple[OverdueCase, ...]
    now: Now
    """The team now: this week's cases against the formation on ``end`` (``caseload_core.now``)."""
    reduction_fte_now: dict[str, float]
    vacancy_fte_now: float
    formation_fte: FloatArray

    @property
    def mondays(self) -> list[dt.date]:
        return list(self._mondays)

    @cached_property
    def _mondays(self) -> tuple[dt.date, ...]:
        # Built once: presenters ask for the Mondays per member, per chart and per table.
        return tuple(self.grid.mondays())

    @property
    def counted(self) -> tuple[MemberFigures, ...]:
        """The members counted now: in a caseload function and employed on ``end``. ``members`` also holds
        those who left during the period or the year before it (their weeks still count in the series)."""
        return tuple(m for m in self.members if m.now.employed)

    @property
    def n_weeks(self) -> int:
        return self.grid.n_weeks

    def member(self, person_id: int) -> MemberFigures:
        for m in self.members:
            if m.person_id == person_id:
                return m
        raise KeyError(person_id)


@dataclass(frozen=True)
class PersonFigures:
    """One person's weekly figures in the context of their team (``figures``: ``caseload_core.team.Figures``)."""

    person_id: int
    name: str
    team_id: int | None
    grid: WeekGrid
    start: dt.date
    end: dt.date
    margin: float
    figures: Figures
    now: Now

    @property
    def mondays(self) -> list[dt.date]:
        return list(self._mondays)

    @cached_property
    def _mondays(self) -> tuple[dt.date, ...]:
        return tuple(self.grid.mondays())


def _members_query(team_ids: Sequence[int], first: dt.date) -> Any:
    return (
        Person.objects.filter(team_id__in=team_ids, function__in=list(CASELOAD_FUNCTIONS))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .order_by("name", "id")
        .values_list("id", "team_id", "name", "function", "start_date", "end_date")
    )


@dataclass(frozen=True)
class _TeamKey:
    id: int
    name: str
    margin_percent: int


def teams_figures(teams: Sequence[Team], *, start: dt.date, end: dt.date) -> dict[int, TeamFigures]:
    """The caseload picture of each team (all of one organisation), with a fixed number of queries."""
    teams = list(teams)
    if not teams:
        return {}
    history_from = WeekGrid.covering(start, end).first_monday - dt.timedelta(weeks=LOOKBACK_WEEKS)
    keys = [_TeamKey(t.id, t.name, t.margin_percent) for t in teams]
    people = list(_members_query([t.id for t in teams], history_from))
    return _compute(teams[0].organisation, keys, people, start=start, end=end)


class DayNumber(Func):
    """Days since 1970-01-01 of a date column, computed by the database (no per-row date parsing in Python);
    an empty date becomes ``OPEN_END``."""

    output_field = IntegerField()

    def __init__(self, expression: str) -> None:
        super().__init__(expression)

    def as_sql(  # type: ignore[override]  # the template is fixed here; Func's other parameters pass in extra
        self, compiler: Any, connection: Any, **extra: Any
    ) -> Any:  # PostgreSQL and others
        template = f"COALESCE((%(expressions)s - DATE '1970-01-01'), {OPEN_END})"
        return super().as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = f"COALESCE(CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER), {OPEN_END})"
        return super().as_sql(compiler, connection, template=template, **extra)


def _matrix(queryset: Any, columns: int) -> np.ndarray:
    """A values_list queryset of integer columns as an (n × columns) int64 array. Runs the queryset's own SQL
    on a cursor, skipping the ORM's per-value converters (the values are plain integers already)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return np.array(rows, dtype=np.int64).reshape(len(rows), columns)


def _positions(keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """For each value, its position in ``keys`` (every value must occur in keys)."""
    if values.size == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    found: np.ndarray = order[np.searchsorted(keys[order], values)]
    return found.astype(np.int64)


def _compute(
    organisation: Organisation,
    teams: Sequence[_TeamKey],
    people: list[tuple[Any, ...]],
    *,
    start: dt.date,
    end: dt.date,
) -> dict[int, TeamFigures]:
    """Load every table once for these teams and people, then compute all teams' pictures in one NumPy pass."""
    if end < start:
        raise ValueError("end lies before start")
    fulltime = float(organisation.fulltime_hours)
    grid = WeekGrid.covering(start, end)
    history_from = grid.first_monday - dt.timedelta(weeks=LOOKBACK_WEEKS)
    team_ids = [t.id for t in teams]
    team_index = {t.id: i for i, t in enumerate(teams)}
    people = [row for row in people if row[1] in team_index]
    ids = [p[0] for p in people]
    id_keys = np.array(ids, dtype=np.int64)
    recent = Q(end_date__isnull=True) | Q(end_date__gte=history_from)
    # Few people: an IN list on the indexed person column; many (an organisation): join on their teams.
    by_person: dict[str, Any] = {"person_id__in": ids} if len(ids) <= 200 else {"person__team_id__in": team_ids}
    wanted = set(ids)  # the join on teams may also find people outside ``people`` (another function): left out
    contracts = [
        row
        for row in ContractPeriod.objects.filter(**by_person)
        .order_by("person_id", "valid_from")
        .values_list("person_id", "valid_from", "hours")
        if row[0] in wanted
    ]
    reasons = list(ReductionReason.objects.filter(organisation=organisation).values_list("id", "label"))
    reductions = [
        row
        for row in Reduction.objects.filter(**by_person)
        .filter(recent, start_date__lte=grid.last_day)
        .values_list("person_id", "start_date", "end_date", "percent", "reason_id")
        if row[0] in wanted
    ]
    case_types = list(CaseType.objects.filter(organisation=organisation).order_by("id").values_list("id", flat=True))
    norms = list(
        Norm.objects.filter(case_type__organisation=organisation).values_list(
            "case_type_id", "valid_from", "per_fte", "first_year_per_fte"
        )
    )
    a = _matrix(
        (
            Assignment.objects.filter(**by_person)
            .filter(recent, start_date__lte=grid.last_day)
            .annotate(
                s=DayNumber("start_date"),
                e=DayNumber("end_date"),
                cs=DayNumber("case__start_date"),
                ce=DayNumber("case__expected_end_date"),
            )
            .values_list("person_id", "s", "e", "share_percent", "case__case_type_id", "cs", "ce", "case_id")
        ),
        8,
    )
    bands = list(
        Bandwidth.objects.filter(team_id__in=team_ids).values_list(
            "team_id", "valid_from", "lower_per_fte", "upper_per_fte", "function"
        )
    )
    c = _matrix(
        (
            Case.objects.filter(team_id__in=team_ids)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=grid.first_monday), start_date__lte=grid.last_day)
            .annotate(s=DayNumber("start_date"), e=DayNumber("end_date"), x=DayNumber("expected_end_date"))
            .values_list("team_id", "id", "s", "e", "x")
        ),
        5,
    )
    vacancies = list(
        Vacancy.objects.filter(team_id__in=team_ids)
        .filter(recent, start_date__lte=grid.last_day)
        .values_list("team_id", "start_date", "end_date", "fte")
    )

    type_index = {type_id: i for i, type_id in enumerate(case_types)}
    norm_versions: list[list[NormVersion]] = [[] for _ in case_types]
    for type_id, valid_from, per_fte, first_year in norms:
        norm_versions[type_index[type_id]].append(
            NormVersion(
                _day(valid_from),
                float(per_fte) if per_fte is not None else float("nan"),
                float(first_year) if first_year is not None else float("nan"),
            )
        )
    reason_index = {reason_id: i for i, (reason_id, _label) in enumerate(reasons)}
    a = a[np.isin(a[:, 0], id_keys)]
    index = {pid: i for i, pid in enumerate(ids)}
    n_c, n_r = len(contracts), len(reductions)
    case_team = _positions(np.array(team_ids, dtype=np.int64), c[:, 0])
    pictures = team_pictures(
        grid,
        person_team=np.fromiter((team_index[row[1]] for row in people), dtype=np.int64, count=len(people)),
        people=PeopleInput(
            employed_from=_days(row[4] for row in people),
            employed_until=_days(row[5] for row in people),
            function=tuple(row[3] for row in people),
        ),
        staffing=StaffingInput(
            contract_person=np.fromiter((index[r[0]] for r in contracts), dtype=np.int64, count=n_c),
            contract_from=_days(r[1] for r in contracts),
            contract_fte=np.fromiter((fte_from_hours(float(r[2]), fulltime) for r in contracts), np.float64, n_c),
            reduction_person=np.fromiter((index[r[0]] for r in reductions), dtype=np.int64, count=n_r),
            reduction_start=_days(r[1] for r in reductions),
            reduction_end=_days(r[2] for r in reductions),
            reduction_fraction=np.fromiter((r[3] / 100 for r in reductions), dtype=np.float64, count=n_r),
            reduction_reason=np.fromiter((reason_index[r[4]] for r in reductions), dtype=np.int64, count=n_r),
            reasons=tuple(label for _id, label in reasons),
        ),
        assignments=AssignmentInput(
            person=_positions(id_keys, a[:, 0]),
            start=a[:, 1],
            end=a[:, 2],
            share=a[:, 3] / 100.0,
            case_type=_positions(np.array(case_types, dtype=np.int64), a[:, 4]),
            case_start=a[:, 5],
            case_expected_end=a[:, 6],
            case=a[:, 7],  # one case counts once per person and week, also across a handover to themselves
        ),
        norms=norm_versions,
        bands=[
            [BandVersion(_day(b[1]), float(b[2]), float(b[3]), b[4] or "") for b in bands if b[0] == t.id]
            for t in teams
        ],
        team_cases=TeamCasesInput(start=c[:, 2], end=c[:, 3], expected_end=c[:, 4]),
        case_team=case_team,
        vacancies=VacancyInput(
            start=_days(v[1] for v in vacancies),
            end=_days(v[2] for v in vacancies),
            fte=np.fromiter((float(v[3]) for v in vacancies), dtype=np.float64, count=len(vacancies)),
        ),
        vacancy_team=np.fromiter((team_index[v[0]] for v in vacancies), dtype=np.int64, count=len(vacancies)),
        margins=[t.margin_percent / 100 for t in teams],
        as_of=end,
    )
    # Open at ``end`` with an expected end before it: the same rows as that mask over ``c``, asked by team
    # (an IN list of thousands of case ids costs more to build than the query).
    overdue_rows = (
        Case.objects.filter(team_id__in=team_ids, expected_end_date__lt=end, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=end))
        .values_list("team_id", "id", "reference", "expected_end_date")
    )
    overdue_by: dict[int, list[OverdueCase]] = defaultdict(list)
    for team_id, case_id, reference, expected_end in overdue_rows:
        assert expected_end is not None  # only cases with an expected end can be overdue
        overdue_by[team_id].append(OverdueCase(case_id, reference, expected_end))
    people_of: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in people:
        people_of[row[1]].append(row)
    return {
        t.id: _team_result(
            t,
            pictures[i],
            people_of[t.id],
            sorted(overdue_by.get(t.id, []), key=lambda o: (o.expected_end, o.reference)),
            start,
            end,
            fulltime,
        )
        for i, t in enumerate(teams)
    }


def _team_result(
    team: _TeamKey,
    picture: Picture,
    rows: list[tuple[Any, ...]],
    overdue: list[OverdueCase],
    start: dt.date,
    end: dt.date,
    fulltime: float,
) -> TeamFigures:
    assert picture.team_now is not None  # team_pictures always sets it
    return TeamFigures(
        team_id=team.id,
        team_name=team.name,
        grid=picture.grid,
        start=start,
        end=end,
        margin=picture.margin,
        fulltime_hours=fulltime,
        members=tuple(
            MemberFigures(row[0], row[2], row[3], figures, now)
            for row, figures, now in zip(rows, picture.people, picture.people_now, strict=True)
        ),
        team=picture.team,
        vacancy_fte=picture.vacancy_fte,
        reduction_fte=picture.reduction_fte_by_reason,
        expected_outflow_weekly=picture.expected_outflow_weekly,
        overdue=tuple(overdue),
        now=picture.team_now,
        reduction_fte_now=picture.reduction_fte_now,
        vacancy_fte_now=picture.vacancy_fte_now,
        formation_fte=picture.formation_fte,
    )


def team_figures(team: Team, *, start: dt.date, end: dt.date) -> TeamFigures:
    """The team's weekly caseload picture from the week of ``start`` through the week of ``end``.

    Members are the people of the team in a caseload-carrying function (jeugdconsulent, jeugdbeschermer,
    wijkteammedewerker) who are employed at some point in the period or the history before it. See the module
    docstring for every figure. A fixed number of queries, independent of the history length.
    """
    return teams_figures([team], start=start, end=end)[team.id]


def person_figures(person: Person, *, start: dt.date, end: dt.date) -> PersonFigures:
    """One person's weekly figures (the same rules and numbers as their row in ``team_figures``).

    The band and margin are those of the person's team; a person without a team gets the default margin
    of 10% and no band. Works for any function (a behavioural scientist simply has no cases).
    """
    team = person.team
    key = _TeamKey(team.id if team else 0, team.name if team else "", team.margin_percent if team else 10)
    row = (person.id, key.id, person.name, person.function, person.start_date, person.end_date)
    figures = _compute(person.organisation, [key], [row], start=start, end=end)[key.id]
    return PersonFigures(
        person_id=person.id,
        name=person.name,
        team_id=person.team_id,
        grid=figures.grid,
        start=start,
        end=end,
        margin=figures.margin,
        figures=figures.members[0].figures,
        now=figures.members[0].now,
    )


@dataclass(frozen=True)
class Headcount:
    """Who a team has on one day, counted two ways that the pages name in words.

    ``members``/``contracted_fte``: everyone in the team employed on the day, whatever their function (the
    organisation pages and the home page's team card; ``organisations.selectors.team_rows``);
    ``with_caseload``: those in a caseload-carrying function (the members the caseload figures count);
    ``without_caseload``: the others as (function label, how many), e.g. a behavioural scientist.
    """

    members: int
    contracted_fte: float
    with_caseload: int
    without_caseload: tuple[tuple[str, int], ...]

    @property
    def not_counted(self) -> int:
        return sum(n for _label, n in self.without_caseload)


def team_headcounts(teams: Sequence[Team], on: dt.date) -> dict[int, Headcount]:
    """The :class:`Headcount` of each team on ``on`` (two queries)."""
    from organisations.models import Function
    from organisations.selectors import active_people, team_rows

    ids = [t.id for t in teams]
    if not ids:
        return {}
    everyone = {r["team"].id: r for r in team_rows(Team.objects.filter(id__in=ids), on)}
    others: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        active_people(Person.objects.filter(team_id__in=ids), on)
        .exclude(function__in=list(CASELOAD_FUNCTIONS))
        .values_list("team_id", "function")
        .order_by("function")
    )
    labels = dict(Function.choices)
    for team_id, function in rows:
        label = str(labels.get(function, function))
        others[team_id][label] = others[team_id].get(label, 0) + 1
    out = {}
    for team_id in ids:
        row = everyone[team_id]
        without = tuple(others[team_id].items())
        out[team_id] = Headcount(
            members=int(row["members"]),
            contracted_fte=float(row["fte"]),
            with_caseload=int(row["members"]) - sum(n for _label, n in without),
            without_caseload=without,
        )
    return out


def case_types_without_norm(team: Team, on: dt.date) -> list[str]:
    """The names of the case types of the team's cases open on ``on`` that have no norm in force on that
    day (no version yet, or a version without cases per FTE): the types to give a norm (cases app)."""
    open_types = set(
        Case.objects.filter(team=team, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .values_list("case_type_id", flat=True)
        .distinct()
    )
    latest: dict[int, tuple[dt.date, Any]] = {}
    versions = Norm.objects.filter(case_type_id__in=open_types, valid_from__lte=on)
    for type_id, valid_from, per_fte in versions.values_list("case_type_id", "valid_from", "per_fte"):
        if type_id not in latest or valid_from > latest[type_id][0]:
            latest[type_id] = (valid_from, per_fte)
    missing = [t for t in open_types if t not in latest or latest[t][1] is None]
    return list(CaseType.objects.filter(id__in=missing).order_by("name").values_list("name", flat=True))


def norm_in_force(case_type: CaseType, on: dt.date) -> tuple[float | None, float | None]:
    """The norm and first-year norm (cases per FTE) of ``case_type`` in force on ``on``; None where unset."""
    norm = Norm.objects.filter(case_type=case_type, valid_from__lte=on).order_by("-valid_from").first()
    if norm is None:
        return None, None
    return (
        float(norm.per_fte) if norm.per_fte is not None else None,
        float(norm.first_year_per_fte) if norm.first_year_per_fte is not None else None,
    )
