"""The caseload picture "now": this week's cases against the formation of one day.

Weekly series use the mean of each week's seven days (a reduction from Thursday counts 4/7 in that week).
A signal about *now* — who is deployable today, who is above or below the band today, how many members the
team has — uses the state on one day (``day``, normally today) instead: a colleague on full sick leave from
today is not deployable now, even though this week's mean still shows 4/7 of their hours. The cases are
those carried this week (the same count as the weekly series' last week), so that only the formation
differs between the two, and the page says which one it shows.

Rules as in :mod:`caseload_core.team`: the deviation from the norm is only computed when every case carried
has a norm (a case of a type without a norm would otherwise weigh 0 and the deviation would look too low);
the signal says "no reference" rather than "within" when there is neither a band nor a norm.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .deviation import NO_REFERENCE, band_deviation, is_outside, relative_deviation, signal_codes

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Now:
    """One person's (or the team's) figures now.

    ``count``/``weighted``/``unweighed``: this week's cases, FTE-equivalents and cases of a type without a
    norm; ``contracted_fte``/``deployable_fte``: on ``day``; ``week_deployable_fte``: the mean over this
    week's days (the weekly series' value); ``normative``/``deviation``: against ``deployable_fte`` (NaN
    without a norm for every case, or without deployable FTE); ``band_lower``/``band_upper``: the band in
    force this week, in cases for ``deployable_fte`` (NaN without a band); ``signal``: a code of
    :mod:`caseload_core.deviation`; ``weeks_outside``: consecutive weeks outside up to now (the earlier
    weeks by their weekly signal, this week by ``signal``), since the Monday ``since``; ``capped``: the run
    reaches back to the start of the computed history; ``employed``: employed on ``day``.
    """

    day: dt.date
    employed: bool
    count: float
    weighted: float
    unweighed: float
    contracted_fte: float
    deployable_fte: float
    week_deployable_fte: float
    normative: float
    deviation: float
    band_lower: float
    band_upper: float
    band_deviation: float
    signal: str
    weeks_outside: int
    since: dt.date | None
    capped: bool

    @property
    def has_band(self) -> bool:
        return bool(np.isfinite(self.band_lower))

    @property
    def has_norm(self) -> bool:
        """Whether the deviation from the norm can be computed (every case has a norm)."""
        return bool(np.isfinite(self.deviation))

    @property
    def has_reference(self) -> bool:
        return self.signal != NO_REFERENCE

    @property
    def no_deviation_reason(self) -> str:
        """Why there is no deviation from the norm: '' (there is one), ``NO_DEPLOYABLE`` (no deployable FTE
        now), ``CASES_WITHOUT_NORM`` (some cases are of a type without a norm: ``unweighed`` of them) or
        ``NO_NORM`` (no case type has a norm)."""
        if self.has_norm:
            return ""
        if not self.deployable_fte > 0:
            return NO_DEPLOYABLE
        return CASES_WITHOUT_NORM if self.unweighed > 0 else NO_NORM


NO_DEPLOYABLE = "no_deployable"
CASES_WITHOUT_NORM = "cases_without_norm"
NO_NORM = "no_norm"


def norm_deviation(
    *, count: FloatArray, weighted: FloatArray, unweighed: FloatArray, normed: BoolArray, deployable_fte: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Deviation from the norm and normative caseload (cases), NaN where they cannot be computed: a case
    of a type without a norm among the cases, no norm at all while there are no cases, or no deployable FTE.

    The normative caseload is the deployable FTE × the mix of norms of the cases carried (count / weighted).
    """
    c = np.asarray(count, dtype=np.float64)
    w = np.asarray(weighted, dtype=np.float64)
    u = np.asarray(unweighed, dtype=np.float64)
    dep = np.asarray(deployable_fte, dtype=np.float64)
    no_reference = (u > 0) | ((w == 0) & ~np.asarray(normed, dtype=bool))
    deviation: FloatArray = np.where(no_reference, np.nan, relative_deviation(w, dep))
    with np.errstate(divide="ignore", invalid="ignore"):
        normative: FloatArray = np.where((w > 0) & ~no_reference, dep * c / np.where(w > 0, w, 1.0), np.nan).astype(
            np.float64
        )
    return deviation, normative


def now_figures(
    *,
    day: dt.date,
    last_monday: dt.date,
    employed: BoolArray,
    count: FloatArray,
    weighted: FloatArray,
    unweighed: FloatArray,
    normed: bool,
    contracted_fte: FloatArray,
    deployable_fte: FloatArray,
    week_deployable_fte: FloatArray,
    lower_per_fte: FloatArray,
    upper_per_fte: FloatArray,
    margin: FloatArray,
    previous_run: IntArray,
    history_weeks: int,
) -> list[Now]:
    """The figures now for each row (person or team); every array has one value per row.

    ``count``/``weighted``/``unweighed``/``lower_per_fte``/``upper_per_fte`` are this week's (the week
    starting ``last_monday``), ``contracted_fte``/``deployable_fte`` those on ``day``; ``previous_run`` is
    each row's run of weeks outside up to last week; ``history_weeks`` the weeks computed before this one.
    """
    dep = np.asarray(deployable_fte, dtype=np.float64)
    c = np.asarray(count, dtype=np.float64)
    deviation, normative = norm_deviation(
        count=c,
        weighted=weighted,
        unweighed=unweighed,
        normed=np.full(c.shape, normed),
        deployable_fte=dep,
    )
    lower = dep * np.asarray(lower_per_fte, dtype=np.float64)
    upper = dep * np.asarray(upper_per_fte, dtype=np.float64)
    has_band = np.isfinite(lower)
    band_dev = np.where(has_band, band_deviation(c, np.nan_to_num(lower), np.nan_to_num(upper)), np.nan)
    codes = signal_codes(
        count=c, deployable_fte=dep, band_lower=lower, band_upper=upper, deviation=deviation, margin=margin
    )
    outside = is_outside(codes)
    run = np.where(outside, np.asarray(previous_run, dtype=np.int64) + 1, 0)
    rows = []
    for r in range(c.size):
        n = int(run[r])
        rows.append(
            Now(
                day=day,
                employed=bool(employed[r]),
                count=float(c[r]),
                weighted=float(weighted[r]),
                unweighed=float(unweighed[r]),
                contracted_fte=float(contracted_fte[r]),
                deployable_fte=float(dep[r]),
                week_deployable_fte=float(week_deployable_fte[r]),
                normative=float(normative[r]),
                deviation=float(deviation[r]),
                band_lower=float(lower[r]),
                band_upper=float(upper[r]),
                band_deviation=float(band_dev[r]),
                signal=str(codes[r]),
                weeks_outside=n,
                since=last_monday - dt.timedelta(weeks=n - 1) if n else None,
                capped=n > history_weeks,
            )
        )
    return rows
