"""Figures over a period of weeks: the HR summary's means, totals and weeks above the band.

Everything here starts from the team dashboard's own weekly arrays (``caseload_core.team.Figures``), so a
period figure is the dashboard's weekly figures averaged or counted, never a second calculation:

- **Means** (caseload, normative caseload, band, contracted, deployable and vacant fte): the mean over the
  weeks of the period in which the figure exists (a week without a band or norm is left out, never 0).
- **Flows** (inflow, outflow): the sum over the weeks.
- **Deviation from the norm over the period**: (mean caseload − mean normative caseload) / mean normative
  caseload, both over the weeks with a normative caseload; none without a norm.
- **Above / below the band**: the dashboard's signal (``caseload_core.deviation.signal_codes``) in each week;
  "weeks above the band" counts the weeks in which a band was decided and the team's signal was above it.
  A person's weeks above (for the persistent breaches of ``caseload_core.breach``) are the weeks in which
  their own signal was above: above their band, or without a band above the norm beyond the margin.
- **Staff in the period**: the members with contracted fte in at least one week of the period (someone who
  left before it is not counted, and so cannot make a small team look large enough to report on).
- **The organisation**: caseloads, formation and flows add up over the teams shown; a normative total only
  when every team shown has one; bands and band weeks do not add up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .deviation import ABOVE, BELOW, signal_codes
from .team import Figures

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def week_signals(f: Figures, margin: float) -> npt.NDArray[np.str_]:
    """The dashboard's signal code in each week of ``f``: its own ``signal`` (computed by
    ``deviation.signal_codes``, the one definition), or the same function on its arrays where ``f`` was built
    without one."""
    if np.asarray(f.signal).shape == np.asarray(f.count).shape:
        return np.asarray(f.signal)
    return signal_codes(
        count=f.count,
        deployable_fte=f.deployable_fte,
        band_lower=f.band_lower,
        band_upper=f.band_upper,
        deviation=f.deviation,
        margin=margin,
    )


def weeks_above(f: Figures, margin: float) -> BoolArray:
    """True in the weeks in which the signal of ``f`` is above the band (or, without one, above the margin)."""
    out: BoolArray = week_signals(f, margin) == ABOVE
    return out


def weeks_below(f: Figures, margin: float) -> BoolArray:
    out: BoolArray = week_signals(f, margin) == BELOW
    return out


def in_period(f: Figures) -> bool:
    """Whether a member belongs to the period's staff: contracted fte in at least one of its weeks."""
    return bool(np.any(np.asarray(f.contracted_fte) > 0))


@dataclass(frozen=True)
class TeamWeeks:
    """A team's weekly picture over the period, as the period figures need it.

    Arrays run over the period's weeks; ``band_lower``/``band_upper`` are NaN in weeks without a decided
    band, ``normative`` in weeks without a norm. ``above``/``below``: the team's signal per week.
    ``people_above`` is staff × weeks, True where that person's own signal was above.
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
    above: BoolArray
    below: BoolArray
    people_above: BoolArray

    @property
    def staff(self) -> int:
        """Staff with a caseload in the period (the rows of ``people_above``)."""
        return int(np.atleast_2d(self.people_above).shape[0]) if np.asarray(self.people_above).size else 0


def team_weeks(
    mondays: Sequence[dt.date],
    team: Figures,
    members: Sequence[Figures],
    vacancy_fte: FloatArray,
    margin: float,
) -> TeamWeeks:
    """The period's weekly picture of a team from its dashboard figures (``team``, each member's)."""
    n_weeks = len(mondays)
    staff = [m for m in members if in_period(m)]
    people = np.array([weeks_above(m, margin) for m in staff], dtype=bool).reshape(len(staff), n_weeks)
    return TeamWeeks(
        mondays=tuple(mondays),
        caseload=np.asarray(team.count, dtype=np.float64),
        normative=np.asarray(team.normative, dtype=np.float64),
        band_lower=np.asarray(team.band_lower, dtype=np.float64),
        band_upper=np.asarray(team.band_upper, dtype=np.float64),
        contracted_fte=np.asarray(team.contracted_fte, dtype=np.float64),
        deployable_fte=np.asarray(team.deployable_fte, dtype=np.float64),
        vacancy_fte=np.asarray(vacancy_fte, dtype=np.float64),
        inflow=np.asarray(team.inflow, dtype=np.float64),
        outflow=np.asarray(team.outflow, dtype=np.float64),
        above=weeks_above(team, margin),
        below=weeks_below(team, margin),
        people_above=people,
    )


def _mean(values: FloatArray, where: BoolArray | None = None) -> float | None:
    v = np.asarray(values, dtype=np.float64)
    keep = ~np.isnan(v) if where is None else (~np.isnan(v) & where)
    return float(v[keep].mean()) if keep.any() else None


@dataclass(frozen=True)
class PeriodFigures:
    """Period means and totals of one team (or the organisation: the sum of its teams shown).

    ``deviation`` is computed here (see the module docstring); ``None`` wherever a figure does not exist
    (a hidden team, no norm, no band)."""

    weeks: int
    caseload: float | None
    normative: float | None
    band_lower: float | None
    band_upper: float | None
    weeks_above_band: int | None
    weeks_below_band: int | None
    weeks_with_band: int
    weeks_with_norm: int
    contracted_fte: float | None
    deployable_fte: float | None
    vacancy_fte: float | None
    inflow: float | None
    outflow: float | None
    deviation: float | None
    non_deployable_fte: float | None
    formation_gap_fte: float | None
    """Non-deployable formation plus open vacancies: the fte the team is budgeted for but cannot use."""
    caseload_with_norm: float | None = None
    """The mean caseload over the weeks with a normative caseload: what the deviation compares."""


def _derived(
    caseload_normed: float | None,
    normative: float | None,
    contracted: float | None,
    deployable: float | None,
    vacancy: float | None,
) -> tuple[float | None, float | None, float | None]:
    deviation = None if caseload_normed is None or not normative else (caseload_normed - normative) / normative
    non_deployable = None if contracted is None or deployable is None else contracted - deployable
    gap = None if non_deployable is None or vacancy is None else non_deployable + vacancy
    return deviation, non_deployable, gap


def period_figures(weeks: TeamWeeks) -> PeriodFigures:
    """One team's figures over its weeks (see the module docstring for each rule)."""
    with_band = ~np.isnan(weeks.band_upper) & ~np.isnan(weeks.band_lower)
    with_norm = ~np.isnan(weeks.normative)
    caseload = _mean(weeks.caseload)
    normative = _mean(weeks.normative)
    contracted = _mean(weeks.contracted_fte)
    deployable = _mean(weeks.deployable_fte)
    vacancy = _mean(weeks.vacancy_fte)
    caseload_with_norm = _mean(weeks.caseload, with_norm)
    deviation, non_deployable, gap = _derived(caseload_with_norm, normative, contracted, deployable, vacancy)
    return PeriodFigures(
        weeks=len(weeks.mondays),
        caseload=caseload,
        normative=normative,
        band_lower=_mean(weeks.band_lower, with_band),
        band_upper=_mean(weeks.band_upper, with_band),
        weeks_above_band=int((with_band & weeks.above).sum()),
        weeks_below_band=int((with_band & weeks.below).sum()),
        weeks_with_band=int(with_band.sum()),
        weeks_with_norm=int(with_norm.sum()),
        contracted_fte=contracted,
        deployable_fte=deployable,
        vacancy_fte=vacancy,
        inflow=float(np.nansum(weeks.inflow)),
        outflow=float(np.nansum(weeks.outflow)),
        deviation=deviation,
        non_deployable_fte=non_deployable,
        formation_gap_fte=gap,
        caseload_with_norm=caseload_with_norm,
    )


def hidden_figures(weeks: int) -> PeriodFigures:
    """The figures of a team too small to report on: nothing but the number of weeks."""
    return PeriodFigures(
        weeks, None, None, None, None, None, None, 0, 0, None, None, None, None, None, None, None, None
    )


def organisation_figures(rows: Sequence[PeriodFigures]) -> PeriodFigures | None:
    """The organisation: caseloads, formation and flows add up over the teams shown; band weeks do not; the
    normative total (and so the deviation) only when every team shown has a normative caseload."""
    shown = [r for r in rows if r.caseload is not None]
    if not shown:
        return None

    def total(name: str) -> float | None:
        values = [getattr(r, name) for r in shown]
        return None if any(v is None for v in values) else float(sum(values))

    caseload, normative, caseload_with_norm = total("caseload"), total("normative"), total("caseload_with_norm")
    contracted, deployable, vacancy = total("contracted_fte"), total("deployable_fte"), total("vacancy_fte")
    deviation, non_deployable, gap = _derived(caseload_with_norm, normative, contracted, deployable, vacancy)
    return PeriodFigures(
        weeks=max(r.weeks for r in shown),
        caseload=caseload,
        normative=normative,
        band_lower=None,
        band_upper=None,
        weeks_above_band=None,
        weeks_below_band=None,
        weeks_with_band=0,
        weeks_with_norm=min(r.weeks_with_norm for r in shown),
        contracted_fte=contracted,
        deployable_fte=deployable,
        vacancy_fte=vacancy,
        inflow=total("inflow"),
        outflow=total("outflow"),
        deviation=deviation,
        non_deployable_fte=non_deployable,
        formation_gap_fte=gap,
        caseload_with_norm=caseload_with_norm,
    )


@dataclass(frozen=True)
class WeeklyTotals:
    """Per week, the caseload, normative caseload and band summed over the teams shown. A norm or band is
    summed only in weeks in which every team shown has one; elsewhere it is NaN (a gap, never a zero)."""

    mondays: tuple[dt.date, ...]
    caseload: tuple[float, ...]
    normative: tuple[float, ...]
    band_lower: tuple[float, ...]
    band_upper: tuple[float, ...]


def weekly_totals(weeks: Sequence[TeamWeeks]) -> WeeklyTotals | None:
    """The teams' weekly sums, or None when there is no team or their weeks differ."""
    if not weeks or len({len(w.mondays) for w in weeks}) != 1:
        return None

    def total(name: str) -> tuple[float, ...]:
        return tuple(float(v) for v in np.sum([getattr(w, name) for w in weeks], axis=0))

    return WeeklyTotals(
        mondays=weeks[0].mondays,
        caseload=total("caseload"),
        normative=total("normative"),
        band_lower=total("band_lower"),
        band_upper=total("band_upper"),
    )
