"""From a team's case history to the forecast's inputs, as known on a given Monday.

Only what was known then is used: cases that had started, ends that had happened (a later end is an open
case then), so that the backtest can replay any week of the past with the same code as today's forecast.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .forecast import Forecast, InflowModel, arrival_survival, estimate_inflow, open_probabilities, simulate
from .survival import SurvivalCurve, kaplan_meier
from .weeks import date_of, day_number

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

LOOKBACK_WEEKS = 260
"""Durations are learnt from cases that started in the last five years."""
INFLOW_WEEKS = 156
"""Inflow (and its seasonality) is learnt from the last three years."""
MIN_EVENTS = 10
"""A case type needs this many ended cases for a curve of its own; below it, all types are pooled."""
NO_DATE = -1


@dataclass(frozen=True)
class TeamCases:
    """A team's cases as day numbers: ``end`` is ``OPEN_END`` (or any day after the forecast start) while
    open, ``expected_end`` is ``NO_DATE`` where unknown; ``case_type`` indexes ``type_codes``."""

    start: IntArray
    end: IntArray
    expected_end: IntArray
    case_type: IntArray
    type_codes: tuple[str, ...]
    case_id: IntArray | None = None


@dataclass(frozen=True)
class ModelInputs:
    as_of: dt.date
    open_prob: FloatArray
    arrival_survival: FloatArray
    inflow: InflowModel
    curves: tuple[SurvivalCurve, ...]
    type_shares: FloatArray
    uses_expected_end: bool
    open_now: int
    caseload_history: IntArray
    open_rows: IntArray
    replicates: tuple[tuple[FloatArray, FloatArray], ...] = ()
    """(open_prob, arrival_survival) re-estimated on bootstrap replicates of the history."""


def _thursdays_month(first_monday_day: int, n_weeks: int) -> IntArray:
    return np.array([date_of(first_monday_day + 7 * k + 3).month for k in range(n_weeks)], dtype=np.int64)


def forecast_months(as_of: dt.date, horizon: int) -> IntArray:
    """The month (1–12) of each forecast week, by its Thursday."""
    return _thursdays_month(day_number(as_of), horizon)


def _iqr(curve: SurvivalCurve) -> float:
    return curve.quantile(0.75) - curve.quantile(0.25)


REPLICATES = 8
"""Bootstrap replicates of the duration estimates (one per group of paths in ``forecast.simulate``)."""


@dataclass(frozen=True)
class _Durations:
    """The arrays the duration estimates rest on, fitted with or without bootstrap weights."""

    cases: TeamCases
    horizon: int
    started: BoolArray
    ended: BoolArray
    weeks_lasted: FloatArray
    entry: FloatArray
    has_expected: BoolArray
    slip_weeks: FloatArray
    rows: IntArray
    shares: list[float]

    def fit(
        self, weights: FloatArray | None, uses_expected: bool | None
    ) -> tuple[bool, list[SurvivalCurve], FloatArray, FloatArray]:
        c, started, ended = self.cases, self.started, self.ended
        w = np.ones(c.start.size) if weights is None else weights

        def km(mask: BoolArray, durations: FloatArray, entry: FloatArray | None) -> SurvivalCurve:
            return kaplan_meier(durations[mask], ended[mask], None if entry is None else entry[mask], w[mask])

        pooled = km(started, self.weeks_lasted, self.entry) if started.any() and w[started].sum() > 0 else None
        curves: list[SurvivalCurve] = []
        for t in range(len(c.type_codes)):
            mine = started & (c.case_type == t)
            if pooled is None:
                curves.append(kaplan_meier(np.array([1.0]), np.array([False])))
            elif int((mine & ended).sum()) >= MIN_EVENTS and float(w[mine & ended].sum()) > 0:
                curves.append(km(mine, self.weeks_lasted, self.entry))
            else:
                curves.append(pooled)
        # Expected end dates are used only where they have told more than the durations did: the spread
        # of "actual end − expected end" must be under half the spread of the durations themselves.
        slip_curve = None
        with_slip = self.has_expected
        if pooled is not None and int((with_slip & ended).sum()) >= 2 * MIN_EVENTS and w[with_slip].sum() > 0:
            slip_curve = km(with_slip, self.slip_weeks, None)
        if uses_expected is None:
            uses_expected = bool(
                slip_curve is not None
                and pooled is not None
                and np.isfinite(_iqr(slip_curve))
                and _iqr(slip_curve) < 0.5 * _iqr(pooled)
            )
        rows, horizon = self.rows, self.horizon
        open_prob = np.zeros((rows.size, horizon))
        for t, curve in enumerate(curves):
            mine = c.case_type[rows] == t
            if uses_expected and slip_curve is not None:
                mine &= ~self.has_expected[rows]
            open_prob[mine] = open_probabilities(curve, self.weeks_lasted[rows[mine]], horizon)
        if uses_expected and slip_curve is not None:
            dated = self.has_expected[rows]
            open_prob[dated] = open_probabilities(slip_curve, self.slip_weeks[rows[dated]], horizon)
        survival = arrival_survival(curves, self.shares, horizon) if curves else np.ones(horizon)
        return uses_expected, curves, open_prob, survival


def model_inputs(
    cases: TeamCases, as_of: dt.date, horizon: int, *, replicates: int = REPLICATES, replicate_seed: int = 0
) -> ModelInputs:
    """Everything the forecast needs from ``cases`` as known on the Monday ``as_of``, with ``replicates``
    bootstrap re-estimates of the durations (seeded by ``replicate_seed``)."""
    if as_of.weekday() != 0:
        raise ValueError("a forecast starts on a Monday")
    today = day_number(as_of)
    known = cases.start < today
    open_ = known & (cases.end >= today)
    started = known & (cases.start >= today - 7 * LOOKBACK_WEEKS)
    ended = started & (cases.end < today)
    weeks_lasted = np.where(ended, cases.end - cases.start + 1, today - cases.start) / 7.0
    # The records begin where the first end is recorded: a case that started earlier is in them only
    # because it was still open then (delayed entry), e.g. the open cases of a migrated system.
    recorded_ends = cases.end[cases.end < today]
    records_begin = int(recorded_ends.min()) if recorded_ends.size else today
    entry = np.maximum(records_begin - cases.start, 0) / 7.0
    has_expected = started & (cases.expected_end != NO_DATE)
    slip_weeks = np.where(ended, cases.end - cases.expected_end, today - cases.expected_end) / 7.0
    rows = np.nonzero(open_)[0]
    recent = started & (cases.start >= today - 7 * 52)
    shares = np.bincount(cases.case_type[recent], minlength=len(cases.type_codes)).astype(np.float64)
    if shares.sum() == 0:
        shares = np.bincount(cases.case_type[started], minlength=len(cases.type_codes)).astype(np.float64)
    if shares.sum() == 0:
        shares = np.ones(len(cases.type_codes))
    durations = _Durations(
        cases, horizon, started, ended, weeks_lasted, entry, has_expected, slip_weeks, rows, list(shares)
    )
    uses_expected, curves, open_prob, survival = durations.fit(None, None)
    # Bootstrap replicates (Poisson(1) weights per case): the durations are estimated, not known, and
    # the forecast's paths are spread over these re-estimates so that its bands include that uncertainty.
    boot_rng = np.random.default_rng(replicate_seed)
    replicas = tuple(
        durations.fit(boot_rng.poisson(1.0, cases.start.size).astype(np.float64), uses_expected)[2:]
        for _ in range(replicates)
    )

    first_week = max(int(np.floor_divide(cases.start.min() - today, 7)) if cases.start.size else 0, -INFLOW_WEEKS)
    weeks = np.floor_divide(cases.start - today, 7)
    in_window = (weeks >= first_week) & (weeks < 0)
    counts = np.bincount(weeks[in_window] - first_week, minlength=-first_week).astype(np.int64)
    inflow = estimate_inflow(counts, _thursdays_month(today + 7 * first_week, -first_week))
    # The team's caseload in each of the last 13 weeks, counted like the forecast (open on a day of the week).
    history = np.zeros(13, dtype=np.int64)
    for i, k in enumerate(range(-13, 0)):
        monday = today + 7 * k
        history[i] = int(((cases.start <= monday + 6) & (cases.end >= monday)).sum())
    return ModelInputs(
        as_of=as_of,
        open_prob=open_prob,
        arrival_survival=survival,
        inflow=inflow,
        curves=tuple(curves),
        type_shares=shares / shares.sum(),
        uses_expected_end=bool(uses_expected),
        open_now=int(rows.size),
        caseload_history=history,
        open_rows=rows.astype(np.int64),
        replicates=replicas,
    )


def run(
    inputs: ModelInputs,
    horizon: int,
    *,
    inflow_factor: float = 1.0,
    inflow_per_week: float | None = None,
    n_paths: int = 10_000,
    rng: np.random.Generator,
) -> tuple[Forecast, FloatArray]:
    """The forecast paths and the expected inflow per week, with a scenario's inflow change or override."""
    model = inputs.inflow if inflow_per_week is None else inputs.inflow.with_override(inflow_per_week)
    rates = model.weekly_rates(forecast_months(inputs.as_of, horizon), inflow_factor)
    forecast = simulate(
        inputs.open_prob[:, :horizon],
        rates,
        inputs.arrival_survival[:horizon],
        rate_shape=model.rate_shape,
        dispersion=model.dispersion,
        n_paths=n_paths,
        rng=rng,
        replicates=[(p[:, :horizon], sv[:horizon]) for p, sv in inputs.replicates],
    )
    return forecast, rates


def actual_caseload(cases: TeamCases, first_monday: dt.date, n_weeks: int, known_until: dt.date) -> FloatArray:
    """What happened: cases open on a day of each week (NaN for weeks not yet over by ``known_until``)."""
    first = day_number(first_monday)
    out = np.full(n_weeks, np.nan)
    for k in range(n_weeks):
        monday = first + 7 * k
        if monday + 6 >= day_number(known_until):
            break
        out[k] = float(((cases.start <= monday + 6) & (cases.end >= monday)).sum())
    return out


@dataclass(frozen=True)
class Backtest:
    """How often what happened lay inside the forecast's bands, replaying forecasts from past Mondays."""

    horizon: int
    origins: int
    coverage_50: float
    coverage_90: float
    pairs: int


def backtest(
    cases: TeamCases,
    origins: list[dt.date],
    horizon: int,
    known_until: dt.date,
    *,
    n_paths: int = 2_000,
    seed: int = 0,
) -> Backtest:
    """Forecast from each origin with only what was known then; compare with the caseload that followed."""
    inside_50 = inside_90 = pairs = 0
    used = 0
    for i, origin in enumerate(origins):
        actual = actual_caseload(cases, origin, horizon, known_until)
        known = ~np.isnan(actual)
        if not known.any():
            continue
        forecast, _rates = run(
            model_inputs(cases, origin, horizon), horizon, n_paths=n_paths, rng=np.random.default_rng([seed, i])
        )
        fan = forecast.fan()
        a = actual[known]
        inside_50 += int(((a >= fan.p25[known]) & (a <= fan.p75[known])).sum())
        inside_90 += int(((a >= fan.p05[known]) & (a <= fan.p95[known])).sum())
        pairs += int(known.sum())
        used += 1
    return Backtest(
        horizon=horizon,
        origins=used,
        coverage_50=inside_50 / pairs if pairs else float("nan"),
        coverage_90=inside_90 / pairs if pairs else float("nan"),
        pairs=pairs,
    )
