"""The forecast's figures as every page, download and form shows them, computed once per team.

The simulation (``forecast.simulate`` via ``forecast_inputs.run``) gives caseload paths; this module turns
them, with the formation and the band in force per week (``caseload_core.bands``), into what is shown:

- the **reference** per forecast week: the decided band in force that week, or — in a week without one —
  the normative caseload per deployable FTE ± the team's agreed margin; nothing without a norm either;
- the **upper bound** in cases (reference per FTE × that week's deployable FTE) and the chance above it;
- the **staffing advice** (``forecast.staffing_advice``) and its **shortage in the first week**;
- the chain's inputs: the **cases carried** (the median averaged over the first 13 weeks), the **mean
  duration** of a new case, the **norm** to start the chain and a new scenario from (the middle of the band
  in force in the first week), the **formation now** and the caseload per deployable FTE now.

No page, presenter or report recomputes any of these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .forecast import Fan, Forecast, StaffingAdvice, staffing_advice
from .survival import SurvivalCurve

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

DEFAULT_RISK = 0.10
"""The accepted chance of exceeding the upper bound that the pages start with (and the chain uses)."""
CHAIN_WEEKS = 13
"""The chain starts from the median caseload averaged over this many weeks ahead."""
MIN_FTE = 0.1
"""Below this deployable FTE a caseload per FTE is not computed (it would be meaninglessly large)."""


def _array(values: FloatArray | Sequence[float]) -> FloatArray:
    return np.asarray(values, dtype=np.float64).reshape(-1)


@dataclass(frozen=True)
class Reference:
    """Lower and upper bound per deployable FTE in each forecast week (NaN: no reference that week);
    ``decided`` where a decided band is in force (elsewhere the margin around the norm stands in)."""

    lower_per_fte: FloatArray
    upper_per_fte: FloatArray
    decided: BoolArray

    @property
    def weeks(self) -> int:
        return int(self.upper_per_fte.size)

    @property
    def has_any(self) -> bool:
        return bool(np.isfinite(self.upper_per_fte).any())

    @property
    def any_decided(self) -> bool:
        return bool(self.decided.any())

    def cut(self, weeks: int) -> Reference:
        return Reference(self.lower_per_fte[:weeks], self.upper_per_fte[:weeks], self.decided[:weeks])

    def midpoint(self, week: int = 0) -> float | None:
        """The middle of the reference in ``week`` (None without one)."""
        if week >= self.weeks:
            return None
        low, up = float(self.lower_per_fte[week]), float(self.upper_per_fte[week])
        if not (np.isfinite(low) and np.isfinite(up)):
            return None
        return (low + up) / 2


def reference_per_fte(
    band_lower: FloatArray,
    band_upper: FloatArray,
    normative: FloatArray,
    deployable_fte: FloatArray,
    margin: float,
) -> Reference:
    """Per week: the decided band in force (``band_lower``/``band_upper`` per FTE, NaN where none), else the
    normative caseload (cases) ÷ deployable FTE × (1 ± ``margin``); NaN without either (or with less than
    ``MIN_FTE`` deployable)."""
    low, up = _array(band_lower), _array(band_upper)
    norm, fte = _array(normative), _array(deployable_fte)
    if not (low.size == up.size == norm.size == fte.size):
        raise ValueError("one value per week for the band, the normative caseload and the deployable FTE")
    if margin < 0:
        raise ValueError("the margin must not be negative")
    decided = np.isfinite(low) & np.isfinite(up)
    enough = fte >= MIN_FTE
    with np.errstate(divide="ignore", invalid="ignore"):
        per_fte = np.where(enough, norm / np.where(enough, fte, 1.0), np.nan)
    per_fte = np.where(np.isfinite(per_fte) & (per_fte > 0), per_fte, np.nan)
    lower = np.where(decided, low, per_fte * (1 - margin))
    upper = np.where(decided, up, per_fte * (1 + margin))
    return Reference(lower, upper, decided)


@dataclass(frozen=True)
class Bounds:
    """Per week, in cases: the lower and upper bound for that week's deployable FTE and the share of paths
    above the upper bound (all NaN in a week without a reference)."""

    lower: FloatArray
    upper: FloatArray
    exceed: FloatArray

    @property
    def max_exceed(self) -> float:
        """The highest chance above the upper bound in any week (NaN without any upper bound)."""
        return float(np.nanmax(self.exceed)) if np.isfinite(self.exceed).any() else float("nan")


def bounds(forecast: Forecast, deployable_fte: FloatArray, reference: Reference) -> Bounds:
    """The reference × each week's deployable FTE, and the share of the forecast's paths above it."""
    fte = _array(deployable_fte)
    if fte.size != forecast.weeks or reference.weeks != forecast.weeks:
        raise ValueError("one deployable FTE and one reference per forecast week")
    lower = fte * reference.lower_per_fte
    upper = fte * reference.upper_per_fte
    known = np.isfinite(upper)
    exceed = np.where(known, forecast.exceed_probability(np.where(known, upper, np.inf)), np.nan)
    return Bounds(lower, upper, exceed)


def advice(
    forecast: Forecast, deployable_fte: FloatArray, reference: Reference, risk: float = DEFAULT_RISK
) -> StaffingAdvice | None:
    """The staffing advice against each week's own upper bound (None when no week has one)."""
    upper = np.where(reference.upper_per_fte > 0, reference.upper_per_fte, np.nan)
    if not np.isfinite(upper).any():
        return None
    return staffing_advice(forecast, upper, _array(deployable_fte), risk)


def cases_carried(median: FloatArray, weeks: int = CHAIN_WEEKS) -> float:
    """The cases the chain starts from: the forecast's median averaged over the first ``weeks`` weeks."""
    m = _array(median)
    if m.size == 0:
        raise ValueError("no forecast weeks")
    return float(np.mean(m[:weeks]))


def mean_duration_weeks(curves: Sequence[SurvivalCurve], shares: FloatArray | Sequence[float]) -> float:
    """The mean duration of the team's new cases: the area under their survival curves (Kaplan–Meier),
    weighted by the type mix; at least one week."""
    weights = _array(shares)
    if len(curves) != weights.size:
        raise ValueError("one share per curve")
    grid = np.arange(0.0, 520.0, 0.5)
    total = sum(float(w) * float(curve.at(grid).sum() * 0.5) for curve, w in zip(curves, weights, strict=True))
    return max(total, 1.0)


def formation_fte(contracted_fte: float, vacancy_fte: float) -> float:
    """The formation: contracted FTE plus open vacancies."""
    return float(contracted_fte) + float(vacancy_fte)


def caseload_per_fte(cases: float, deployable_fte: float) -> float | None:
    """Cases per deployable FTE (None without enough deployable FTE to divide by)."""
    return float(cases) / float(deployable_fte) if deployable_fte >= MIN_FTE else None


def chain_norm(reference: Reference) -> float | None:
    """The norm the chain starts from: the middle of the reference in force in the first forecast week."""
    return reference.midpoint(0)


def scenario_norm(reference: Reference, cases: float, deployable_fte: float) -> float:
    """A new scenario's norm: the middle of this week's reference, or — without one — today's caseload per
    deployable FTE (so that the scenario starts from today's situation)."""
    norm = reference.midpoint(0)
    if norm is not None:
        return norm
    return float(cases) / max(float(deployable_fte), MIN_FTE)


@dataclass(frozen=True)
class FirstWeek:
    """The headline of a team's forecast: the median caseload in the first forecast week, the band in
    force that week and the staffing shortage that week at ``risk``."""

    median: float
    lower_per_fte: float | None
    upper_per_fte: float | None
    band_is_decided: bool
    shortage: float | None
    risk: float


def first_week(fan: Fan, reference: Reference, staffing: StaffingAdvice | None) -> FirstWeek:
    low = float(reference.lower_per_fte[0]) if reference.weeks else float("nan")
    up = float(reference.upper_per_fte[0]) if reference.weeks else float("nan")
    return FirstWeek(
        median=float(fan.p50[0]),
        lower_per_fte=low if np.isfinite(low) else None,
        upper_per_fte=up if np.isfinite(up) else None,
        band_is_decided=bool(reference.decided[0]) if reference.weeks else False,
        shortage=staffing.first_week_shortage if staffing is not None else None,
        risk=staffing.risk if staffing is not None else DEFAULT_RISK,
    )
