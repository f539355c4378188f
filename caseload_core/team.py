"""The team's caseload picture per week: per person and for the team, from plain arrays.

Everything here works on day numbers (``caseload_core.weeks.day_number``) and NumPy arrays, so that a
selector loads each table once (``values_list``) and this module does all the arithmetic. The rules, each
of which the pages repeat in one sentence:

- **Count**: a case counts in a week when it is open on at least one day of that week, multiplied by the
  person's share (two people sharing a case 50/50 each count 0.5, the team counts 1); once per person and
  week, also when it was handed over to the same person in that week.
- **Weighted caseload** (FTE-equivalents): each case weighs share × 1/norm of its type, 21 OTS cases after
  their first year fill one full-time FTE. A week uses the norm version valid on its Sunday, and the
  first-year norm while the case's first anniversary has not been reached by that Sunday. A type without
  a norm weighs 0 (it is counted, not weighed).
- **Deployable FTE**: contracted FTE × (1 − the summed reductions, capped at 100%), averaged over the
  week's seven days; nothing before the employment start or after its end.
- **Deviation from the norm**: (weighted − deployable FTE) / deployable FTE: one deployable FTE carries
  exactly one FTE-equivalent of cases. The normative caseload in cases is deployable FTE × the person's own
  mix of norms (count / weighted). Both only where every case carried has a norm: a case without one
  would weigh 0 and make the deviation look too low (NaN otherwise, and the pages say why).
- **Band**: the decided bandwidth in force in the week (``caseload_core.bands``: in force on its Monday, so
  never a day before its valid-from date), lower and upper cases per FTE × deployable FTE; a band for the
  person's function wins over a band for every function.
- **Signal** (``signal``, ``outside``): outside the band where a band is decided, otherwise a deviation from
  the norm beyond the agreed margin; "not deployable" without deployable FTE, and "no reference" when there
  is neither a band nor a norm (never "within"). ``run`` counts the consecutive weeks outside up to and
  including each week (history before the period is taken into account, ``lookback_weeks``).
- **Now** (:mod:`caseload_core.now`): this week's cases against the formation on ``as_of`` (today), for the
  signals about now; the weekly series keep the week's mean.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from .bands import BandVersion as BandVersion  # re-exported: callers import it from here too
from .bands import weekly_band as _band_in_force_weekly
from .caseload import OPEN_END, weekly_caseload
from .deviation import StrArray, band_deviation, consecutive_run, is_outside, signal_codes
from .now import Now, norm_deviation, now_figures
from .weeks import WeekGrid, day_number, monday_of

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

LOOKBACK_WEEKS = 52
"""Weeks before the period that are computed too, so that 'weeks outside the margin' counts up to a year of
history before the period."""


def _ints(values: Sequence[int] | IntArray) -> IntArray:
    return np.asarray(values, dtype=np.int64).reshape(-1)


def _floats(values: Sequence[float] | FloatArray) -> FloatArray:
    return np.asarray(values, dtype=np.float64).reshape(-1)


def monday_day(day: IntArray) -> IntArray:
    """The day number of the Monday of each day's week (1970-01-01 was a Thursday)."""
    out: IntArray = day - (day + 3) % 7
    return out


def anniversary_day(day: IntArray) -> IntArray:
    """The day number one calendar year later (29 February → 1 March)."""
    d = np.asarray(day, dtype=np.int64).astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    day_of_month = (d - month.astype("datetime64[D]")).astype(np.int64)
    later = (month + np.timedelta64(12, "M")).astype("datetime64[D]") + day_of_month
    out: IntArray = later.astype(np.int64)
    return out


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class PeopleInput:
    """The people in the picture, in display order; index ``i`` in every other array refers to them."""

    employed_from: IntArray
    employed_until: IntArray  # OPEN_END while employed
    function: tuple[str, ...]

    @property
    def n(self) -> int:
        return int(self.employed_from.size)


@dataclass(frozen=True)
class StaffingInput:
    """Contract periods (hours from a date until the person's next period) and reductions."""

    contract_person: IntArray
    contract_from: IntArray
    contract_fte: FloatArray
    reduction_person: IntArray
    reduction_start: IntArray
    reduction_end: IntArray  # OPEN_END for open-ended
    reduction_fraction: FloatArray  # 0..1
    reduction_reason: IntArray  # index into ``reasons``
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class NormVersion:
    """Cases per full-time FTE from ``valid_from`` (day number); NaN = no norm set."""

    valid_from: int
    per_fte: float
    first_year_per_fte: float = float("nan")


@dataclass(frozen=True)
class AssignmentInput:
    """Who carries which case from when to when, with which share (0..1)."""

    person: IntArray
    start: IntArray
    end: IntArray  # OPEN_END while carried
    share: FloatArray
    case_type: IntArray  # index into the norms sequence
    case_start: IntArray
    case_expected_end: IntArray  # OPEN_END when unknown
    case: IntArray | None = None
    """The case of each assignment (any integer id). Given, one case counts once for one person in a week,
    also across a handover to themselves (``caseload_core.caseload.once_per_case``)."""


@dataclass(frozen=True)
class TeamCasesInput:
    """The team's own cases, for inflow, outflow and expected outflow."""

    start: IntArray
    end: IntArray  # OPEN_END while open
    expected_end: IntArray  # OPEN_END when unknown


@dataclass(frozen=True)
class VacancyInput:
    start: IntArray
    end: IntArray
    fte: FloatArray


def empty_vacancies() -> VacancyInput:
    return VacancyInput(_ints([]), _ints([]), _floats([]))


# ---------------------------------------------------------------- outputs


@dataclass(frozen=True)
class Figures:
    """Weekly figures for one person or for the team; every array has one value per week of the grid.

    ``count``: cases (× share); ``weighted``: FTE-equivalents; ``unweighed``: cases of a type without a
    norm; ``contracted_fte``/``deployable_fte``; ``normative``: normative caseload in cases (NaN when no
    weighed cases); ``deviation``: from the norm (fraction, NaN without deployable FTE or without norms);
    ``band_lower``/``band_upper``: the band in cases for this formation (NaN without a decided band);
    ``band_deviation``: 0 inside, share above/below; ``outside_margin``/``outside_band``/``outside``: flags;
    ``run``: consecutive weeks ``outside`` up to each week; ``inflow``/``outflow``: new and ended cases
    (for a person: assignments that start/end); ``expected_outflow_4``/``_13``: open cases at the end of
    the period expected to end within 4/13 weeks after it; ``past_expected_end``: open cases whose expected
    end lies before the end of the period.
    """

    count: FloatArray
    weighted: FloatArray
    unweighed: FloatArray
    contracted_fte: FloatArray
    deployable_fte: FloatArray
    normative: FloatArray
    deviation: FloatArray
    band_lower: FloatArray
    band_upper: FloatArray
    band_deviation: FloatArray
    outside_margin: BoolArray
    outside_band: BoolArray
    outside: BoolArray
    run: IntArray
    inflow: FloatArray
    outflow: FloatArray
    expected_outflow_4: float
    expected_outflow_13: float
    past_expected_end: float
    signal: StrArray = field(default_factory=lambda: np.zeros(0, dtype="<U6"))

    @property
    def weeks_outside(self) -> int:
        """Consecutive weeks outside the margin or band up to the last week (0 when inside now)."""
        return int(self.run[-1]) if self.run.size else 0

    @property
    def has_band(self) -> bool:
        return bool(self.band_lower.size) and not bool(np.isnan(self.band_lower[-1]))

    @property
    def inflow_total(self) -> float:
        """New cases over the whole period (the sum of the weekly inflow)."""
        return float(self.inflow.sum())

    @property
    def outflow_total(self) -> float:
        """Ended cases over the whole period (the sum of the weekly outflow)."""
        return float(self.outflow.sum())


@dataclass(frozen=True)
class Picture:
    """The result of :func:`team_picture`: the grid, each person's figures, the team's, and formation."""

    grid: WeekGrid
    as_of: dt.date
    margin: float
    people: tuple[Figures, ...]
    team: Figures
    vacancy_fte: FloatArray
    reduction_fte_by_reason: dict[str, FloatArray] = field(default_factory=dict)
    expected_outflow_weekly: FloatArray = field(default_factory=lambda: np.zeros(0))
    people_now: tuple[Now, ...] = ()
    team_now: Now | None = None
    reduction_fte_now: dict[str, float] = field(default_factory=dict)
    """Lost deployable FTE per reason on ``as_of`` (reasons with none left out)."""
    vacancy_fte_now: float = 0.0

    @property
    def formation_fte(self) -> FloatArray:
        """Contracted FTE plus open vacancies per week (the formation including vacancies)."""
        out: FloatArray = self.team.contracted_fte + self.vacancy_fte
        return out

    @property
    def members_now(self) -> int:
        """The members counted now: the people in the picture employed on ``as_of``."""
        return sum(1 for n in self.people_now if n.employed)


# ---------------------------------------------------------------- formation


def _reduction_fractions(
    grid: WeekGrid, people: PeopleInput, staffing: StaffingInput
) -> tuple[dict[int, FloatArray], FloatArray]:
    """Per reason that occurs, the reduced fraction per person and day; and their sum."""
    n_days = 7 * grid.n_weeks
    first = grid.first_day
    by_reason: dict[int, FloatArray] = {}
    total = np.zeros((people.n, n_days))
    for k in range(staffing.reduction_person.size):
        fraction = float(staffing.reduction_fraction[k])
        if not 0.0 <= fraction <= 1.0:
            raise ValueError("a reduction must lie between 0% and 100%")
        lo = max(int(staffing.reduction_start[k]) - first, 0)
        hi = min(int(staffing.reduction_end[k]) - first + 1, n_days)
        if hi > lo:
            reason = int(staffing.reduction_reason[k])
            if reason not in by_reason:
                by_reason[reason] = np.zeros((people.n, n_days))
            by_reason[reason][int(staffing.reduction_person[k]), lo:hi] += fraction
            total[int(staffing.reduction_person[k]), lo:hi] += fraction
    return by_reason, total


def _daily_contracted(grid: WeekGrid, people: PeopleInput, staffing: StaffingInput) -> FloatArray:
    n_days = 7 * grid.n_weeks
    first = grid.first_day
    contracted = np.zeros((people.n, n_days))
    order = np.lexsort((staffing.contract_from, staffing.contract_person))
    persons = staffing.contract_person[order]
    froms = staffing.contract_from[order]
    ftes = staffing.contract_fte[order]
    for k in range(order.size):
        p = int(persons[k])
        lo = max(int(froms[k]) - first, 0)
        nxt = int(froms[k + 1]) if k + 1 < order.size and int(persons[k + 1]) == p else OPEN_END
        hi = min(nxt - first, n_days)
        if hi > lo:
            contracted[p, lo:hi] = float(ftes[k])
    days = np.arange(first, first + n_days, dtype=np.int64)
    employed = (days[np.newaxis, :] >= people.employed_from[:, np.newaxis]) & (
        days[np.newaxis, :] <= people.employed_until[:, np.newaxis]
    )
    out: FloatArray = contracted * employed
    return out


def _n_reasons(staffing: StaffingInput) -> int:
    used = int(staffing.reduction_reason.max()) + 1 if staffing.reduction_reason.size else 0
    return max(len(staffing.reasons), used)


def daily_formation(
    grid: WeekGrid, people: PeopleInput, staffing: StaffingInput
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Per person and day: contracted FTE, deployable FTE, and the lost FTE per reason
    (people × days, people × days, reasons × people × days)."""
    contracted = _daily_contracted(grid, people, staffing)
    by_reason, total = _reduction_fractions(grid, people, staffing)
    capped = np.minimum(total, 1.0)
    deployable = contracted * (1.0 - capped)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(total > 0, capped / np.where(total > 0, total, 1.0), 0.0) * contracted
    lost = np.zeros((_n_reasons(staffing), *contracted.shape))
    for reason, fraction in by_reason.items():
        lost[reason] = fraction * scale
    return contracted, deployable, lost


def _weekly(daily: FloatArray) -> FloatArray:
    shape = (*daily.shape[:-1], daily.shape[-1] // 7, 7)
    out: FloatArray = daily.reshape(shape).mean(axis=-1)
    return out


def weekly_formation(
    grid: WeekGrid, people: PeopleInput, staffing: StaffingInput
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Contracted FTE, deployable FTE (people × weeks) and lost FTE per reason (reasons × people × weeks);
    only the reasons that occur are computed day by day."""
    contracted = _daily_contracted(grid, people, staffing)
    by_reason, total = _reduction_fractions(grid, people, staffing)
    capped = np.minimum(total, 1.0)
    deployable = contracted * (1.0 - capped)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(total > 0, capped / np.where(total > 0, total, 1.0), 0.0) * contracted
    lost = np.zeros((_n_reasons(staffing), people.n, grid.n_weeks))
    for reason, fraction in by_reason.items():
        lost[reason] = _weekly(fraction * scale)
    return _weekly(contracted), _weekly(deployable), lost


def weekly_vacancies(grid: WeekGrid, vacancies: VacancyInput) -> FloatArray:
    """Open vacancy FTE per week (mean over the week's days)."""
    n_days = 7 * grid.n_weeks
    daily = np.zeros(n_days)
    for k in range(vacancies.start.size):
        lo = max(int(vacancies.start[k]) - grid.first_day, 0)
        hi = min(int(vacancies.end[k]) - grid.first_day + 1, n_days)
        if hi > lo:
            daily[lo:hi] += float(vacancies.fte[k])
    return _weekly(daily)


# ---------------------------------------------------------------- norms and bands


def sundays(grid: WeekGrid) -> IntArray:
    out: IntArray = grid.first_day + 6 + 7 * np.arange(grid.n_weeks, dtype=np.int64)
    return out


def weekly_norms(grid: WeekGrid, versions: Sequence[NormVersion]) -> tuple[FloatArray, FloatArray]:
    """The norm and first-year norm valid on each week's Sunday (NaN where none; the first-year norm falls
    back to the norm)."""
    ordered = sorted(versions, key=lambda v: v.valid_from)
    if not ordered:
        nan = np.full(grid.n_weeks, np.nan)
        return nan, nan.copy()
    froms = np.array([v.valid_from for v in ordered], dtype=np.int64)
    idx = np.searchsorted(froms, sundays(grid), side="right") - 1
    per = np.array([v.per_fte for v in ordered] + [np.nan], dtype=np.float64)
    first_raw = np.array([v.first_year_per_fte for v in ordered] + [np.nan], dtype=np.float64)
    first = np.where(np.isnan(first_raw), per, first_raw)
    regular: FloatArray = per[idx]
    first_year: FloatArray = first[idx]
    return regular, first_year


def weekly_band(grid: WeekGrid, versions: Sequence[BandVersion]) -> tuple[FloatArray, FloatArray]:
    """Lower and upper bound per FTE in force in each week (NaN before the first decision): the one rule of
    ``caseload_core.bands`` (a band applies from its valid-from date, not a day earlier)."""
    return _band_in_force_weekly(grid, versions)


def _inverse(norm: FloatArray) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        out: FloatArray = np.where(np.isfinite(norm) & (norm > 0), 1.0 / np.where(norm > 0, norm, 1.0), 0.0)
    return out


# ---------------------------------------------------------------- caseload


def weekly_weighted_caseload(
    grid: WeekGrid, n_people: int, assignments: AssignmentInput, norms: Sequence[Sequence[NormVersion]]
) -> tuple[FloatArray, FloatArray, FloatArray, BoolArray]:
    """Count (× share), weighted caseload (FTE-equivalents) and cases without a norm (people × weeks), and
    per week whether any case type has a norm.

    Each assignment is split where its case reaches its first anniversary (at the week boundary: the week
    of the anniversary already uses the regular norm); counts are accumulated per (type, first year or not,
    person) and multiplied by that type's weekly 1/norm.
    """
    a = assignments
    n_types = max(len(norms), int(a.case_type.max()) + 1 if a.case_type.size else 0)
    count = weekly_caseload(grid, a.person, a.start, a.end, n_people, a.share, case=a.case)
    split = monday_day(anniversary_day(a.case_start))
    first_end = np.minimum(a.end, split - 1)
    later_start = np.maximum(a.start, split)
    rows = n_types * 2 * n_people
    base = a.case_type * 2 * n_people
    index = np.concatenate([base + a.person, base + n_people + a.person])
    per_part = weekly_caseload(
        grid,
        index,
        np.concatenate([a.start, later_start]),
        np.concatenate([first_end, a.end]),
        rows,
        np.concatenate([a.share, a.share]),
        case=None if a.case is None else np.concatenate([a.case, a.case]),
    ).reshape(n_types, 2, n_people, grid.n_weeks)
    inverse = np.zeros((n_types, 2, 1, grid.n_weeks))
    for t in range(n_types):
        regular, first_year = weekly_norms(grid, norms[t] if t < len(norms) else ())
        inverse[t, 0, 0] = _inverse(first_year)
        inverse[t, 1, 0] = _inverse(regular)
    weighted: FloatArray = (per_part * inverse).sum(axis=(0, 1))
    unweighed: FloatArray = (per_part * (inverse == 0)).sum(axis=(0, 1))
    normed: BoolArray = np.asarray((inverse > 0).any(axis=(0, 1, 2)), dtype=bool).reshape(grid.n_weeks)
    return count, weighted, unweighed, normed


def _events(grid: WeekGrid, person: IntArray, day: IntArray, weight: FloatArray, n_people: int) -> FloatArray:
    week = grid.week_of(day)
    inside = (week >= 0) & (week < grid.n_weeks)
    flat = np.bincount(
        person[inside] * grid.n_weeks + week[inside], weights=weight[inside], minlength=n_people * grid.n_weeks
    )
    out: FloatArray = np.asarray(flat, dtype=np.float64).reshape(n_people, grid.n_weeks)
    return out


# ---------------------------------------------------------------- the picture


def _figures_rows(
    count: FloatArray,
    weighted: FloatArray,
    unweighed: FloatArray,
    normed: BoolArray,
    contracted: FloatArray,
    deployable: FloatArray,
    lower_per_fte: FloatArray,
    upper_per_fte: FloatArray,
    margin: FloatArray,
    inflow: FloatArray,
    outflow: FloatArray,
    expected: tuple[FloatArray, FloatArray, FloatArray],
    keep: slice,
) -> tuple[list[Figures], IntArray]:
    """Derived figures for each row of rows × weeks arrays over the extended grid, vectorised over the rows;
    ``keep`` selects the period's weeks, ``margin`` is one value per row. Also returns the run of weeks
    outside over the whole extended grid (rows × weeks)."""
    deviation, normative = norm_deviation(
        count=count,
        weighted=weighted,
        unweighed=unweighed,
        normed=np.broadcast_to(normed[np.newaxis, :], count.shape),
        deployable_fte=deployable,
    )
    lower = deployable * lower_per_fte
    upper = deployable * upper_per_fte
    has_band = ~np.isnan(lower_per_fte)
    band_dev = np.where(has_band, band_deviation(count, np.nan_to_num(lower), np.nan_to_num(upper)), np.nan)
    codes = signal_codes(
        count=count,
        deployable_fte=deployable,
        band_lower=lower,
        band_upper=upper,
        deviation=deviation,
        margin=margin[:, np.newaxis],
    )
    outside = is_outside(codes)
    out_band = has_band & outside
    out_margin = np.abs(np.nan_to_num(deviation, nan=0.0)) > margin[:, np.newaxis]
    run = consecutive_run(outside)
    rows: list[Figures] = []
    for r in range(count.shape[0]):
        rows.append(
            Figures(
                count=count[r, keep],
                weighted=weighted[r, keep],
                unweighed=unweighed[r, keep],
                contracted_fte=contracted[r, keep],
                deployable_fte=deployable[r, keep],
                normative=normative[r, keep],
                deviation=deviation[r, keep],
                band_lower=lower[r, keep],
                band_upper=upper[r, keep],
                band_deviation=band_dev[r, keep],
                outside_margin=out_margin[r, keep],
                outside_band=out_band[r, keep],
                outside=outside[r, keep],
                run=run[r, keep],
                inflow=inflow[r, keep],
                outflow=outflow[r, keep],
                expected_outflow_4=float(expected[0][r]),
                expected_outflow_13=float(expected[1][r]),
                past_expected_end=float(expected[2][r]),
                signal=codes[r, keep],
            )
        )
    return rows, run


def _expected(
    as_of: int, group: IntArray, n: int, start: IntArray, end: IntArray, expected_end: IntArray, weight: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Per group: open cases at ``as_of`` expected to end within 4 / 13 weeks after it, and those past it."""
    open_now = (start <= as_of) & (end > as_of)
    soon = open_now & (expected_end > as_of)

    def total(mask: BoolArray) -> FloatArray:
        out: FloatArray = np.bincount(group[mask], weights=weight[mask], minlength=n).astype(np.float64)
        return out

    return (
        total(soon & (expected_end <= as_of + 28)),
        total(soon & (expected_end <= as_of + 91)),
        total(open_now & (expected_end < as_of)),
    )


def _person_bands(
    ext: WeekGrid, functions: Sequence[str], bands: Sequence[BandVersion]
) -> tuple[FloatArray, FloatArray, tuple[FloatArray, FloatArray]]:
    """Band per FTE for each person (people × weeks; a band for their function wins) and the general band."""
    general = weekly_band(ext, [b for b in bands if not b.function])
    cache: dict[str, tuple[FloatArray, FloatArray]] = {}
    lows, ups = [], []
    for function in functions:
        if function not in cache:
            own = [b for b in bands if b.function == function]
            if own:
                o_low, o_up = weekly_band(ext, own)
                cache[function] = (
                    np.where(np.isnan(o_low), general[0], o_low),
                    np.where(np.isnan(o_up), general[1], o_up),
                )
            else:
                cache[function] = general
        lows.append(cache[function][0])
        ups.append(cache[function][1])
    shape = (len(functions), ext.n_weeks)
    low = np.array(lows, dtype=np.float64).reshape(shape)
    up = np.array(ups, dtype=np.float64).reshape(shape)
    return low, up, general


def team_pictures(
    grid: WeekGrid,
    *,
    person_team: IntArray,
    people: PeopleInput,
    staffing: StaffingInput,
    assignments: AssignmentInput,
    norms: Sequence[Sequence[NormVersion]],
    bands: Sequence[Sequence[BandVersion]],
    team_cases: TeamCasesInput,
    case_team: IntArray,
    vacancies: VacancyInput,
    vacancy_team: IntArray,
    margins: Sequence[float],
    as_of: dt.date | None = None,
    lookback_weeks: int = LOOKBACK_WEEKS,
) -> list[Picture]:
    """The caseload picture of several teams at once (see :func:`team_picture`), vectorised over all people.

    ``person_team``/``case_team``/``vacancy_team`` give each person's, team case's and vacancy's team index
    (0..len(margins)-1); ``bands[t]`` and ``margins[t]`` are team ``t``'s decided bands and margin.
    """
    n_teams = len(margins)
    ext = WeekGrid(grid.first_monday - dt.timedelta(weeks=lookback_weeks), grid.n_weeks + lookback_weeks)
    keep = slice(lookback_weeks, None)
    as_of_day = day_number(as_of or grid.last_day)
    n = people.n
    person_team = np.asarray(person_team, dtype=np.int64)
    contracted, deployable, lost = weekly_formation(ext, people, staffing)
    count, weighted, unweighed, normed = weekly_weighted_caseload(ext, n, assignments, norms)
    a = assignments
    closed = a.end < OPEN_END
    inflow = _events(ext, a.person, a.start, a.share, n)
    outflow = _events(ext, a.person[closed], a.end[closed], a.share[closed], n)
    expected = _expected(as_of_day, a.person, n, a.start, a.end, a.case_expected_end, a.share)
    low = np.full((n, ext.n_weeks), np.nan)
    up = np.full((n, ext.n_weeks), np.nan)
    team_low = np.full((n_teams, ext.n_weeks), np.nan)
    team_up = np.full((n_teams, ext.n_weeks), np.nan)
    for t in range(n_teams):
        members = np.flatnonzero(person_team == t)
        if not bands[t]:
            continue
        p_low, p_up, general = _person_bands(ext, [people.function[i] for i in members], bands[t])
        low[members], up[members] = p_low, p_up
        team_low[t], team_up[t] = general
    margin_rows = np.array([margins[t] for t in person_team], dtype=np.float64)
    person_rows, person_run = _figures_rows(
        count,
        weighted,
        unweighed,
        normed,
        contracted,
        deployable,
        low,
        up,
        margin_rows,
        inflow,
        outflow,
        expected,
        keep,
    )

    def by_team(matrix: FloatArray) -> FloatArray:
        out = np.zeros((n_teams, matrix.shape[-1]))
        np.add.at(out, person_team, matrix)
        return out

    tc = team_cases
    case_team = np.asarray(case_team, dtype=np.int64)
    ones = np.ones(tc.start.size)
    ended = tc.end < OPEN_END
    team_in = _events(ext, case_team, tc.start, ones, n_teams)
    team_out = _events(ext, case_team[ended], tc.end[ended], ones[ended], n_teams)
    team_expected = _expected(as_of_day, case_team, n_teams, tc.start, tc.end, tc.expected_end, ones)
    team_rows, team_run = _figures_rows(
        by_team(count),
        by_team(weighted),
        by_team(unweighed),
        normed,
        by_team(contracted),
        by_team(deployable),
        team_low,
        team_up,
        np.asarray(margins, dtype=np.float64),
        team_in,
        team_out,
        team_expected,
        keep,
    )
    open_now = (tc.start <= as_of_day) & (tc.end > as_of_day) & (tc.expected_end > as_of_day)
    ahead = WeekGrid(grid.first_monday + dt.timedelta(weeks=grid.n_weeks), 13)
    expected_weekly = _events(ahead, case_team[open_now], tc.expected_end[open_now], ones[open_now], n_teams)
    vac_days = 7 * grid.n_weeks
    vacancy_daily = np.zeros((n_teams, vac_days))
    vacancy_team = np.asarray(vacancy_team, dtype=np.int64)
    for k in range(vacancies.start.size):
        lo = max(int(vacancies.start[k]) - grid.first_day, 0)
        hi = min(int(vacancies.end[k]) - grid.first_day + 1, vac_days)
        if hi > lo:
            vacancy_daily[int(vacancy_team[k]), lo:hi] += float(vacancies.fte[k])
    vacancy_weekly = _weekly(vacancy_daily)
    reasons = staffing.reasons or tuple(str(i) for i in range(lost.shape[0]))
    lost_by_team = [by_team(lost[r]) for r in range(lost.shape[0])]

    # Now: this week's cases against the formation on ``as_of`` (see caseload_core.now).
    day = as_of or grid.last_day
    day_number_now = day_number(day)
    day_grid = WeekGrid(monday_of(day), 1)
    day_contracted, day_deployable, day_lost = daily_formation(day_grid, people, staffing)
    weekday = day.weekday()
    contracted_now = day_contracted[:, weekday]
    deployable_now = day_deployable[:, weekday]
    lost_now = day_lost[:, :, weekday]
    employed = (people.employed_from <= day_number_now) & (people.employed_until >= day_number_now)
    last = ext.n_weeks - 1
    last_monday = ext.first_monday + dt.timedelta(weeks=last)

    def previous(run: IntArray) -> IntArray:
        out: IntArray = run[:, last - 1] if last > 0 else np.zeros(run.shape[0], dtype=np.int64)
        return out

    people_now = now_figures(
        day=day,
        last_monday=last_monday,
        employed=employed,
        count=count[:, last],
        weighted=weighted[:, last],
        unweighed=unweighed[:, last],
        normed=bool(normed[last]) if normed.size else False,
        contracted_fte=contracted_now,
        deployable_fte=deployable_now,
        week_deployable_fte=deployable[:, last],
        lower_per_fte=low[:, last],
        upper_per_fte=up[:, last],
        margin=margin_rows,
        previous_run=previous(person_run),
        history_weeks=last,
    )

    def team_sum(values: FloatArray) -> FloatArray:
        out = np.zeros(n_teams)
        np.add.at(out, person_team, values)
        return out

    team_now = now_figures(
        day=day,
        last_monday=last_monday,
        employed=np.ones(n_teams, dtype=bool),
        count=by_team(count)[:, last],
        weighted=by_team(weighted)[:, last],
        unweighed=by_team(unweighed)[:, last],
        normed=bool(normed[last]) if normed.size else False,
        contracted_fte=team_sum(contracted_now),
        deployable_fte=team_sum(deployable_now),
        week_deployable_fte=by_team(deployable)[:, last],
        lower_per_fte=team_low[:, last],
        upper_per_fte=team_up[:, last],
        margin=np.asarray(margins, dtype=np.float64),
        previous_run=previous(team_run),
        history_weeks=last,
    )
    lost_now_by_team = [team_sum(lost_now[r]) for r in range(lost_now.shape[0])]
    vacancy_now = np.zeros(n_teams)
    for k in range(vacancies.start.size):
        if int(vacancies.start[k]) <= day_number_now <= int(vacancies.end[k]):
            vacancy_now[int(vacancy_team[k])] += float(vacancies.fte[k])
    pictures = []
    for t in range(n_teams):
        members = np.flatnonzero(person_team == t)
        pictures.append(
            Picture(
                grid=grid,
                as_of=as_of or grid.last_day,
                margin=float(margins[t]),
                people=tuple(person_rows[i] for i in members),
                team=team_rows[t],
                vacancy_fte=vacancy_weekly[t],
                reduction_fte_by_reason={reasons[r]: lost_by_team[r][t, keep] for r in range(len(lost_by_team))},
                expected_outflow_weekly=expected_weekly[t],
                people_now=tuple(people_now[i] for i in members),
                team_now=team_now[t],
                reduction_fte_now={
                    reasons[r]: float(lost_now_by_team[r][t])
                    for r in range(len(lost_now_by_team))
                    if float(lost_now_by_team[r][t]) > 0
                },
                vacancy_fte_now=float(vacancy_now[t]),
            )
        )
    return pictures


def team_picture(
    grid: WeekGrid,
    *,
    people: PeopleInput,
    staffing: StaffingInput,
    assignments: AssignmentInput,
    norms: Sequence[Sequence[NormVersion]],
    bands: Sequence[BandVersion],
    team_cases: TeamCasesInput,
    vacancies: VacancyInput,
    margin: float,
    as_of: dt.date | None = None,
    lookback_weeks: int = LOOKBACK_WEEKS,
) -> Picture:
    """Every weekly figure of one team's caseload picture for ``grid`` (see the module docstring for the rules).

    ``norms[t]`` are the versions of case type ``t``; ``margin`` is a fraction (0.10 for ±10%); ``as_of``
    (default: the grid's last day) is the day from which expected outflow and overdue cases are reckoned.
    """
    return team_pictures(
        grid,
        person_team=np.zeros(people.n, dtype=np.int64),
        people=people,
        staffing=staffing,
        assignments=assignments,
        norms=norms,
        bands=[bands],
        team_cases=team_cases,
        case_team=np.zeros(team_cases.start.size, dtype=np.int64),
        vacancies=vacancies,
        vacancy_team=np.zeros(vacancies.start.size, dtype=np.int64),
        margins=[margin],
        as_of=as_of,
        lookback_weeks=lookback_weeks,
    )[0]
