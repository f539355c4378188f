"""How long cases last: the Kaplan–Meier estimate with right-censoring.

A case that is still open has lasted *at least* its age so far; counting it as ended today would make
cases look short, dropping it would make the sample look like the quick cases only. Kaplan–Meier uses
each open case as "still at risk" up to its age and no further, which is the standard, assumption-light
answer (no distribution shape is imposed).

Beyond the longest observed time the estimate knows nothing; there the curve continues with the constant
hazard that fits the whole sample (events ÷ total time at risk), so that a forecast never assumes that
every remaining case ends at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class SurvivalCurve:
    """S(t) = P(duration > t) as a right-continuous step function.

    ``times`` are the distinct event times in increasing order, ``survival[i]`` is S just after
    ``times[i]``; ``at_risk``/``events`` are the counts the estimate rests on. ``last_time`` is the
    longest observed duration (event or censored) and ``tail_hazard`` the rate used beyond it.
    """

    times: FloatArray
    survival: FloatArray
    at_risk: FloatArray
    events: FloatArray
    last_time: float
    tail_hazard: float
    origin: float

    @property
    def n(self) -> int:
        return int(self.at_risk[0]) if self.at_risk.size else 0

    def at(self, t: FloatArray | float) -> FloatArray:
        """S(t) for each t: 1 before the first event, the KM steps, then the exponential tail."""
        tt = np.asarray(t, dtype=np.float64)
        steps = np.concatenate(([1.0], self.survival))
        base = steps[np.searchsorted(self.times, tt, side="right")]
        beyond = np.maximum(tt - self.last_time, 0.0)
        decay = np.ones_like(beyond)
        np.exp(-self.tail_hazard * beyond, out=decay, where=beyond > 0)
        out: FloatArray = base * decay
        return out

    def quantile(self, p: float) -> float:
        """The smallest t with S(t) <= 1 - p (p = 0.5 gives the median), using the tail if needed."""
        if not 0 < p < 1:
            raise ValueError("p must lie strictly between 0 and 1")
        target = 1.0 - p
        hit = np.nonzero(self.survival <= target + 1e-12)[0]
        if hit.size:
            return float(self.times[hit[0]])
        last = float(self.survival[-1]) if self.survival.size else 1.0
        if self.tail_hazard <= 0 or last <= 0:
            return float("inf")
        return self.last_time + float(np.log(last / target)) / self.tail_hazard

    def residual(self, age: FloatArray | float, t: FloatArray | float) -> FloatArray:
        """P(duration > age + t | duration > age): the chance that a case open at ``age`` is still open
        ``t`` later. Where the estimate has already reached 0 at ``age`` (the case outlived every closed
        case), the tail hazard carries it."""
        a = np.asarray(age, dtype=np.float64)
        s_age = self.at(a)
        s_later = self.at(a + np.asarray(t, dtype=np.float64))
        tail = np.exp(-max(self.tail_hazard, 1e-9) * np.maximum(np.asarray(t, dtype=np.float64), 0.0))
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(s_age > 1e-12, s_later / np.where(s_age > 1e-12, s_age, 1.0), tail)
        out: FloatArray = np.clip(ratio, 0.0, 1.0)
        return out


def kaplan_meier(
    durations: FloatArray,
    observed: BoolArray,
    entry: FloatArray | None = None,
    weights: FloatArray | None = None,
) -> SurvivalCurve:
    """The Kaplan–Meier estimate from ``durations`` and whether each ended (``observed``) or is still
    open (censored at its duration so far).

    ``entry`` (optional, delayed entry or left truncation): the duration a case already had when the
    history begins. A case that started before the records did is only there because it lasted that long;
    it joins the risk set from its entry on, so that survivors of the past do not make cases look long.

    ``weights`` (optional): how many times each case counts, e.g. Poisson(1) draws for a bootstrap replicate
    (``forecast_inputs.model_inputs``); at-risk and event counts are then sums of weights.

    At a time where cases both end and are censored, the ended ones are counted first (the usual
    convention: a case censored at t was still at risk at t).
    """
    d = np.asarray(durations, dtype=np.float64)
    e = np.asarray(observed, dtype=bool)
    if d.shape != e.shape or d.ndim != 1:
        raise ValueError("durations and observed must be 1-D arrays of the same length")
    if d.size == 0:
        raise ValueError("Kaplan–Meier needs at least one duration")
    if not np.all(np.isfinite(d)):
        raise ValueError("durations must be finite")
    start = np.full(d.size, -np.inf) if entry is None else np.minimum(np.asarray(entry, dtype=np.float64), d)
    if start.shape != d.shape:
        raise ValueError("entry must have one value per duration")
    w = np.ones(d.size) if weights is None else np.asarray(weights, dtype=np.float64)
    if w.shape != d.shape:
        raise ValueError("weights must have one value per duration")
    order = np.argsort(d, kind="stable")
    d, e, w, start = d[order], e[order], w[order], start[order]
    times, first = np.unique(d, return_index=True)
    # At risk at t: lasted at least t (d >= t) and entered by t.
    lasted = np.concatenate((np.cumsum(w[::-1])[::-1], [0.0]))[first]
    by_entry = np.argsort(start, kind="stable")
    entered_weight = np.concatenate(([0.0], np.cumsum(w[by_entry])))
    not_entered = entered_weight[-1] - entered_weight[np.searchsorted(start[by_entry], times, side="right")]
    at_risk_all = lasted - not_entered
    events_all = np.add.reduceat(e * w, first)
    has_event = (events_all > 0) & (at_risk_all > 0)
    at_risk: FloatArray = at_risk_all[has_event]
    events: FloatArray = events_all[has_event]
    survival: FloatArray = np.cumprod(1.0 - events / at_risk).astype(np.float64)
    origin = float(d[0])
    exposure = float(np.sum(w * (d - np.maximum(start, min(origin, 0.0)))))
    total_events = float(np.sum(e * w))
    tail_hazard = min(total_events / exposure, 1e6) if exposure > 0 and total_events > 0 else 0.0
    return SurvivalCurve(
        times=times[has_event],
        survival=survival,
        at_risk=at_risk,
        events=events,
        last_time=float(d[-1]),
        tail_hazard=tail_hazard,
        origin=origin,
    )
