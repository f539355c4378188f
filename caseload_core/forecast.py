"""A team's caseload in the coming weeks, with honest uncertainty.

The model, per team, in weeks k = 0 … H−1 from a chosen Monday:

- **Cases open now** each stay open with the chance their own history gives: P(open in week k) is the
  Kaplan–Meier residual survival of their case type at their age (``survival.SurvivalCurve.residual``),
  or, where expected end dates have proved informative, of the "slip" past the expected end date.
- **New cases** arrive as a Poisson process with the team's weekly rate (× monthly seasonality where the
  history shows it, × a scenario factor, or a manual override). The rate itself is uncertain: each path
  draws its own level from a Gamma distribution whose spread is the estimation error of the rate, and weeks
  vary more than Poisson when the history does (``dispersion`` = variance ÷ mean of weekly counts).
  A new case counts from its arrival week and stays open as long as the type mix's survival says.

Given the path's inflow level, the caseload is a sum of many independent 0/1 indicators, so its mean
vector and week-by-week covariance are known exactly (formulas in ``_moments``); the paths are drawn as a
Gaussian with exactly these moments and rounded to whole cases. That keeps 10,000 paths × 52 weeks at a few
milliseconds; ``simulate_cases`` draws every case one by one instead (slow, the reference the tests compare
against).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .survival import SurvivalCurve

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

CHI2_11_95 = 19.675
"""The 95% point of the chi-squared distribution with 11 degrees of freedom (12 months − 1): above it,
the months differ more than chance would make them."""

FAN_LEVELS = (0.05, 0.25, 0.5, 0.75, 0.95)
LEVEL_GROUPS = 8
"""Paths share a covariance root in this many groups of similar inflow level (see ``simulate``)."""


@dataclass(frozen=True)
class InflowModel:
    """New cases per week: ``rate`` × the month's ``seasonal`` factor, with uncertainty.

    ``rate_shape`` is the Gamma shape of the path-level multiplier (its coefficient of variation is
    1/√shape; infinite when the rate is set by hand); ``dispersion`` ≥ 1 is the weekly variance ÷ mean.
    """

    rate: float
    seasonal: FloatArray
    dispersion: float
    rate_shape: float
    history_weeks: int
    seasonal_shown: bool
    overridden: bool = False

    def weekly_rates(self, months: IntArray, factor: float = 1.0) -> FloatArray:
        """Expected new cases in each forecast week; ``months`` are 1–12 for each week."""
        out: FloatArray = self.rate * factor * self.seasonal[np.asarray(months, dtype=np.int64) - 1]
        return out

    def with_override(self, rate: float) -> InflowModel:
        """The same model with a rate set by hand: no estimation error, seasonality kept."""
        if rate < 0:
            raise ValueError("an inflow rate must not be negative")
        return InflowModel(rate, self.seasonal, self.dispersion, np.inf, self.history_weeks, self.seasonal_shown, True)


def estimate_inflow(counts: IntArray, months: IntArray, *, window: int = 52) -> InflowModel:
    """The inflow model from weekly counts of new cases (oldest first) and each week's month (1–12).

    The rate is the mean of the last ``window`` weeks. Seasonality is used only when at least two years
    of history show month-to-month differences beyond chance (a Poisson deviance test at 5%, corrected
    for over-dispersion); the factors are then each month's rate ÷ the overall rate.
    """
    c = np.asarray(counts, dtype=np.float64)
    m = np.asarray(months, dtype=np.int64)
    if c.shape != m.shape or c.ndim != 1:
        raise ValueError("counts and months must be 1-D arrays of the same length")
    if c.size == 0:
        return InflowModel(0.0, np.ones(12), 1.0, np.inf, 0, False)
    if np.any(c < 0):
        raise ValueError("weekly counts must not be negative")
    recent = c[-window:]
    rate = float(recent.mean())
    dispersion = float(max(1.0, recent.var(ddof=1) / rate)) if recent.size > 1 and rate > 0 else 1.0
    total = float(recent.sum())
    rate_shape = total / dispersion if total > 0 else 1.0
    seasonal, shown = np.ones(12), False
    if c.size >= 104 and c.sum() > 0:
        observed = np.bincount(m - 1, weights=c, minlength=12)
        weeks = np.bincount(m - 1, minlength=12).astype(np.float64)
        expected = c.sum() * weeks / weeks.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(observed > 0, observed * np.log(observed / np.where(expected > 0, expected, 1.0)), 0.0)
        deviance = 2.0 * float(np.sum(terms - (observed - expected)))
        overall_dispersion = float(max(1.0, c.var(ddof=1) / c.mean()))
        if np.all(weeks > 0) and deviance / overall_dispersion > CHI2_11_95:
            seasonal, shown = observed / expected, True
            seasonal = seasonal / float(np.average(seasonal, weights=weeks))
    return InflowModel(rate, seasonal, dispersion, rate_shape, int(c.size), shown)


def open_probabilities(curve: SurvivalCurve, ages: FloatArray, horizon: int) -> FloatArray:
    """Matrix (cases × weeks): the chance each case, open now at ``ages`` (weeks), is still open in week
    k = 0 … horizon−1. Week 0 is the current week, where it is open by definition."""
    a = np.asarray(ages, dtype=np.float64)[:, None]
    k = np.arange(horizon, dtype=np.float64)[None, :]
    p: FloatArray = curve.residual(a, k)
    return p


def arrival_survival(curves: Sequence[SurvivalCurve], shares: Sequence[float], horizon: int) -> FloatArray:
    """s(j): the chance that a new case is still open j weeks after its arrival week, for the type mix.

    A case arrives on a day spread over its week, so in week j after it has lasted between j − 1 and j
    weeks: s(j) averages S over that week (at eight points).
    """
    if len(curves) != len(shares):
        raise ValueError("one share per curve")
    total = float(sum(shares))
    offsets = (np.arange(8) + 0.5) / 8
    lasted = np.maximum(np.arange(horizon, dtype=np.float64)[:, None] - offsets[None, :], 0.0)
    s = np.zeros(horizon)
    for curve, share in zip(curves, shares, strict=True):
        s += (share / total if total > 0 else 1.0 / len(curves)) * curve.at(lasted).mean(axis=1)
    s[0] = 1.0
    return s


@dataclass(frozen=True)
class Fan:
    """The forecast's median and the 50% and 90% bands, per week."""

    p05: FloatArray
    p25: FloatArray
    p50: FloatArray
    p75: FloatArray
    p95: FloatArray


@dataclass(frozen=True)
class Forecast:
    """Simulated caseload paths (paths × weeks), whole cases."""

    paths: FloatArray

    @property
    def weeks(self) -> int:
        return int(self.paths.shape[1])

    def mean(self) -> FloatArray:
        out: FloatArray = self.paths.mean(axis=0)
        return out

    def fan(self) -> Fan:
        q = np.quantile(self.paths, FAN_LEVELS, axis=0)
        return Fan(q[0], q[1], q[2], q[3], q[4])

    def exceed_probability(self, upper: FloatArray | float) -> FloatArray:
        """Per week, the share of paths above ``upper`` (e.g. the band's upper bound × deployable FTE)."""
        out: FloatArray = (self.paths > np.asarray(upper, dtype=np.float64)).mean(axis=0)
        return out

    def quantile(self, level: float) -> FloatArray:
        """Per week, the smallest caseload that at least ``level`` of the paths stay at or below."""
        out: FloatArray = np.quantile(self.paths, level, axis=0, method="inverted_cdf")
        return out


def _sqrt_psd(cov: FloatArray) -> FloatArray:
    """A matrix A with A Aᵀ = cov, for a covariance that may be singular (eigenvalues clipped at 0)."""
    values, vectors = np.linalg.eigh((cov + cov.T) / 2)
    out: FloatArray = vectors * np.sqrt(np.clip(values, 0.0, None))
    return out


def _moments(
    open_prob: FloatArray, rates: FloatArray, survival: FloatArray, dispersion: float
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Mean and covariance (weeks × weeks) of the cases open now, and of the new cases per unit inflow level.

    A case open in a later week k was open in every week j ≤ k in between, so for one case
    Cov(open_j, open_k) = p_k − p_j·p_k. A week-w cohort of A arrivals, each open in week k with s(k−w):
    Cov = E[A]·s(k−w) + (Var A − E[A])·s(j−w)·s(k−w), with Var A = dispersion × E[A].
    """
    h = rates.size
    p = np.minimum.accumulate(np.clip(open_prob, 0.0, 1.0), axis=1) if open_prob.size else np.zeros((0, h))
    mean_open = p.sum(axis=0)
    later = np.maximum.outer(np.arange(h), np.arange(h))
    cov_open = mean_open[later] - p.T @ p
    lag = np.arange(h)[None, :] - np.arange(h)[:, None]
    s_matrix = np.where(lag >= 0, survival[np.clip(lag, 0, h - 1)], 0.0)
    mean_new = rates @ s_matrix
    first = np.zeros((h, h))
    for w in range(h):
        first[w:, w:] += rates[w] * s_matrix[w][later[w:, w:]]
    second = (dispersion - 1.0) * (s_matrix.T * rates) @ s_matrix
    return mean_open, cov_open, mean_new, first + second


def simulate(
    open_prob: FloatArray,
    rates: FloatArray,
    survival: FloatArray,
    *,
    rate_shape: float = np.inf,
    dispersion: float = 1.0,
    n_paths: int = 10_000,
    rng: np.random.Generator,
    replicates: Sequence[tuple[FloatArray, FloatArray]] = (),
) -> Forecast:
    """Caseload paths for H = ``rates.size`` weeks.

    ``open_prob`` (cases × H) from ``open_probabilities``; ``rates`` the expected new cases per week;
    ``survival`` s(j) from ``arrival_survival``. ``replicates``: (open_prob, survival) re-estimated on
    bootstrap replicates of the history; group g of paths then uses replicate g, so that the uncertainty
    of the duration estimates is in the bands too.
    """
    rates = np.asarray(rates, dtype=np.float64)
    h = rates.size
    if open_prob.shape[1:] not in ((h,), ()) and open_prob.size:
        raise ValueError("open_prob must have one column per forecast week")
    if survival.size != h:
        raise ValueError("survival must have one value per forecast week")
    if np.any(rates < 0):
        raise ValueError("inflow rates must not be negative")
    estimates = list(replicates) or [(open_prob, survival)]
    moments = [_moments(p.reshape(-1, h)[:, :h], rates, sv[:h], max(dispersion, 1.0)) for p, sv in estimates]
    level = np.ones(n_paths) if not np.isfinite(rate_shape) else rng.gamma(rate_shape, 1.0 / rate_shape, n_paths)
    # Paths are drawn in groups of similar inflow level (each at its group's mean level), so that one
    # covariance root per group serves all its paths: one normal draw per path-week instead of two. Single
    # precision for the noise: the paths are rounded to whole cases anyway.
    order = np.argsort(level, kind="stable")
    z = rng.standard_normal((n_paths, h), dtype=np.float32)
    paths = np.empty((n_paths, h), dtype=np.float32)
    for i, group in enumerate(np.array_split(order, min(LEVEL_GROUPS, n_paths))):
        mean_open, cov_open, mean_new, cov_new = moments[i % len(moments)]
        g = float(level[group].mean())
        root = _sqrt_psd(cov_open + g * cov_new).T.astype(np.float32)
        paths[group] = z[group] @ root + (mean_open + g * mean_new).astype(np.float32)
    np.rint(paths, out=paths)
    np.maximum(paths, 0.0, out=paths)
    return Forecast(paths.astype(np.float64))


def simulate_cases(
    open_prob: FloatArray,
    rates: FloatArray,
    survival: FloatArray,
    *,
    rate_shape: float = np.inf,
    dispersion: float = 1.0,
    n_paths: int = 2_000,
    rng: np.random.Generator,
) -> Forecast:
    """The same model drawn case by case (every open case ends or not, every arrival is a case).

    Slow — cases × paths random numbers — and used as the reference that ``simulate`` is tested against.
    """
    rates = np.asarray(rates, dtype=np.float64)
    h = rates.size
    p = np.minimum.accumulate(np.clip(open_prob.reshape(-1, h), 0.0, 1.0), axis=1)
    u = rng.random((n_paths, p.shape[0], 1))
    counts = (u < p[None, :, :]).sum(axis=1).astype(np.float64)
    level = np.ones(n_paths) if not np.isfinite(rate_shape) else rng.gamma(rate_shape, 1.0 / rate_shape, n_paths)
    mean = level[:, None] * rates[None, :]
    if dispersion > 1.0:
        size = np.maximum(mean / (dispersion - 1.0), 1e-9)
        mean = rng.gamma(size, mean / size)
    arrivals = rng.poisson(mean)
    path_idx = np.repeat(np.arange(n_paths), arrivals.sum(axis=1))
    week_idx = np.repeat(np.tile(np.arange(h), n_paths), arrivals.ravel())
    v = rng.random(path_idx.size)
    # Weeks open after arrival: the last j with s(j) > v (s is non-increasing).
    stay = np.searchsorted(-np.minimum.accumulate(survival), -v, side="left")
    delta = np.zeros((n_paths, h + 1))
    np.add.at(delta, (path_idx, week_idx), 1.0)
    np.add.at(delta, (path_idx, np.minimum(week_idx + stay, h)), -1.0)
    counts += np.cumsum(delta, axis=1)[:, :h]
    return Forecast(counts)


@dataclass(frozen=True)
class FteChange:
    """A change to the deployable formation from ``first_week`` on: +fte for a new colleague or a filled
    vacancy, −fte for an absence; for ``weeks`` weeks (None: to the horizon). ``ramp`` gives the share that
    is deployable in consecutive blocks of ``ramp_block`` weeks (a new colleague: 50%, then 75%)."""

    first_week: int
    fte: float
    weeks: int | None = None
    ramp: tuple[float, ...] = ()
    ramp_block: int = 13


def apply_fte_changes(base: FloatArray, changes: Sequence[FteChange]) -> FloatArray:
    """The deployable FTE per week after the changes, never below zero."""
    out = np.asarray(base, dtype=np.float64).copy()
    h = out.size
    for change in changes:
        start = max(change.first_week, 0)
        stop = h if change.weeks is None else min(h, change.first_week + change.weeks)
        if stop <= start:
            continue
        since = np.arange(start, stop) - change.first_week
        share = np.ones(since.size)
        for i, ramp_share in enumerate(change.ramp):
            share[(since >= i * change.ramp_block) & (since < (i + 1) * change.ramp_block)] = ramp_share
        out[start:stop] += change.fte * share
    clipped: FloatArray = np.clip(out, 0.0, None)
    return clipped


@dataclass(frozen=True)
class StaffingAdvice:
    """The deployable FTE needed per week so that P(caseload > upper bound) stays at or below ``risk``.

    ``needed`` is NaN in a week without an upper bound (no band in force and no norm to stand in for it).
    """

    risk: float
    needed: FloatArray
    planned: FloatArray

    @property
    def shortage(self) -> FloatArray:
        """Per week, the FTE the plan falls short (0 where it suffices, NaN without an upper bound)."""
        out: FloatArray = np.clip(self.needed - self.planned, 0.0, None)
        return out

    @property
    def peak_needed(self) -> float:
        return float(np.nanmax(self.needed)) if np.isfinite(self.needed).any() else 0.0

    @property
    def extra_needed(self) -> float:
        """The most FTE the plan falls short in any week (0 when the plan suffices throughout)."""
        short = self.shortage
        return float(np.nanmax(short)) if np.isfinite(short).any() else 0.0

    @property
    def first_week_shortage(self) -> float | None:
        """The FTE the plan falls short in the first week (None without an upper bound that week)."""
        if not self.needed.size or not np.isfinite(self.needed[0]):
            return None
        return float(self.shortage[0])


def staffing_advice(
    forecast: Forecast, upper_per_fte: FloatArray | float, planned: FloatArray, risk: float
) -> StaffingAdvice:
    """Caseload does not shrink when staff is added, so week k needs the (1 − risk) quantile of its
    caseload ÷ that week's upper bound per FTE: with that many deployable FTE, more than that caseload
    happens in at most ``risk`` of the paths. ``upper_per_fte`` is one value, or one per week (the band in
    force that week; NaN where there is none)."""
    if not 0 < risk < 1:
        raise ValueError("risk must lie strictly between 0 and 1")
    upper = np.broadcast_to(np.asarray(upper_per_fte, dtype=np.float64), (forecast.weeks,))
    if np.any(upper[np.isfinite(upper)] <= 0):
        raise ValueError("the upper bound per FTE must be positive")
    with np.errstate(invalid="ignore"):
        needed: FloatArray = np.where(
            np.isfinite(upper), forecast.quantile(1.0 - risk) / np.where(np.isfinite(upper), upper, 1.0), np.nan
        )
    return StaffingAdvice(risk, needed, np.asarray(planned, dtype=np.float64))


@dataclass(frozen=True)
class StillOpen:
    """Per person: how many of the cases they carry now are still open in each of ``weeks`` (no new cases
    counted), as the expected number and a 90% range."""

    weeks: tuple[int, ...]
    now: FloatArray
    expected: FloatArray
    low: FloatArray
    high: FloatArray


def still_open(
    open_prob: FloatArray, person: IntArray, share: FloatArray, n_people: int, weeks: Sequence[int]
) -> StillOpen:
    """From each open case's chance to be open in week k (``open_probabilities``) and who carries it with
    what share: the expected count per person (Σ share·p) and a 90% range from its variance
    (Σ share²·p·(1 − p), normal approximation, kept within 0 and today's count)."""
    p = np.minimum.accumulate(np.clip(open_prob, 0.0, 1.0), axis=1) if open_prob.size else open_prob
    cols = np.asarray(weeks, dtype=np.int64)
    now = np.bincount(person, weights=share, minlength=n_people).astype(np.float64)
    expected = np.zeros((n_people, cols.size))
    variance = np.zeros((n_people, cols.size))
    for j, k in enumerate(cols):
        expected[:, j] = np.bincount(person, weights=share * p[:, k], minlength=n_people)
        variance[:, j] = np.bincount(person, weights=share**2 * p[:, k] * (1 - p[:, k]), minlength=n_people)
    spread = 1.645 * np.sqrt(variance)
    low = np.clip(np.floor(expected - spread), 0.0, None)
    high = np.minimum(np.ceil(expected + spread), now[:, None])
    return StillOpen(tuple(int(k) for k in cols), now, expected, low, high)


def band_coverage(actual: FloatArray, lower: FloatArray, upper: FloatArray) -> float:
    """The share of (forecast, week) pairs where what happened lay within the band (NaN = not yet known)."""
    a = np.asarray(actual, dtype=np.float64)
    known = ~np.isnan(a)
    if not known.any():
        return float("nan")
    inside = (a >= lower) & (a <= upper)
    return float(inside[known].mean())
