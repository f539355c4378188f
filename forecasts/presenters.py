"""Turn forecasts into what the templates show: chart objects, table rows and headline figures."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from caseload_core.budget import chain_totals
from charts.fan import FanChart
from forecasts.selectors import TeamChain, TeamForecast


def _whole(value: float) -> int:
    """Whole cases, rounded as the page's ``floatformat:0`` rounds (half away from zero)."""
    return int(Decimal(repr(float(value))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _num(value: float) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def fan_chart(tf: TeamForecast, title: str = "") -> FanChart:
    fan = tf.fan
    n = tf.horizon
    if tf.has_band:
        band = _("The dashed red line is the band's upper bound for the deployable FTE of each week.")
    else:
        band = _("No band has been decided for this team, so no upper bound is drawn.")
    description = _(
        "Caseload of the last 13 weeks, then the forecast for %(n)s weeks: median from %(first)s to %(last)s "
        "cases; 90%% band in the last week from %(low)s to %(high)s cases."
    ) % {
        "n": n,
        "first": _whole(fan.p50[0]),
        "last": _whole(fan.p50[-1]),
        "low": _whole(fan.p05[-1]),
        "high": _whole(fan.p95[-1]),
    }
    return FanChart(
        title=title or _("Forecast of the caseload of %(team)s") % {"team": tf.team.name},
        description=f"{description} {band}",
        mondays=tf.mondays,
        p05=list(fan.p05),
        p25=list(fan.p25),
        p50=list(fan.p50),
        p75=list(fan.p75),
        p95=list(fan.p95),
        history=[float(v) for v in tf.inputs.caseload_history],
        upper=list(tf.band_upper) if tf.has_band else [],
        lower=list(tf.band_lower) if tf.has_band else [],
        labels={
            "history": _("history"),
            "median": _("median"),
            "band50": _("50% band"),
            "band90": _("90% band"),
            "upper": _("upper bound"),
            "lower": _("lower bound"),
        },
    )


def summary(tf: TeamForecast) -> dict[str, Any]:
    """Headline figures: caseload now, the median and 90% band at the horizon, the highest chance of
    exceeding the upper bound in any week, and the first week's median, band in force and shortage."""
    last = tf.horizon - 1
    first = tf.first_week
    return {
        "open_now": tf.inputs.open_now,
        "median_end": _whole(tf.fan.p50[last]),
        "low_end": _whole(tf.fan.p05[last]),
        "high_end": _whole(tf.fan.p95[last]),
        "max_exceed": _num(tf.max_exceed),
        "first_week": first,
        "upper_per_fte": first.upper_per_fte,
        "lower_per_fte": first.lower_per_fte,
        "band_is_decided": first.band_is_decided,
        "band_periods": tf.band_periods(),
        "has_reference": tf.has_band,
        "decided_in_every_week": bool(tf.reference.decided.all()),
        "inflow_rate": tf.inflow.rate,
        "seasonal": tf.inflow.seasonal_shown,
        "uses_expected_end": tf.inputs.uses_expected_end,
        "dispersion": tf.inflow.dispersion,
        "history_weeks": tf.inflow.history_weeks,
    }


def overview_row(tf: TeamForecast) -> dict[str, Any]:
    return {"team": tf.team, **summary(tf)}


def comparison(baseline: TeamForecast, what_if: TeamForecast, risk: float) -> list[dict[str, Any]]:
    """Baseline and scenario side by side at the weeks 4, 13 and 26 that lie within the horizon."""
    rows = []
    for week in (4, 13, 26):
        if week > baseline.horizon:
            continue
        k = week - 1
        rows.append(
            {
                "week": week,
                "monday": baseline.mondays[k],
                "base_p50": _whole(baseline.fan.p50[k]),
                "base_band": (_whole(baseline.fan.p05[k]), _whole(baseline.fan.p95[k])),
                "base_fte": float(baseline.deployable_fte[k]),
                "base_exceed": _num(float(baseline.exceed[k])),
                "what_p50": _whole(what_if.fan.p50[k]),
                "what_band": (_whole(what_if.fan.p05[k]), _whole(what_if.fan.p95[k])),
                "what_fte": float(what_if.deployable_fte[k]),
                "what_exceed": _num(float(what_if.exceed[k])),
            }
        )
    base_advice, what_advice = baseline.advice(risk), what_if.advice(risk)
    if base_advice is not None and what_advice is not None:
        rows.append(
            {
                "advice": True,
                "base_extra": base_advice.extra_needed,
                "what_extra": what_advice.extra_needed,
            }
        )
    return rows


def chain_table(chains: list[TeamChain]) -> dict[str, Any]:
    """The chain page's rows and totals; every figure comes from the core (``TeamChain``, ``chain_totals``)."""
    rows = []
    for c in chains:
        row: dict[str, Any] = {
            "chain": c,
            "team": c.team,
            "caseload_now": c.caseload_now,
            "shortage": c.first_week.shortage,
        }
        if c.content is not None:
            row.update(
                fte_needed=c.content.formation_fte,
                budget=c.content.budget,
                cost_per_case=c.content.cost_per_case,
                cost_per_case_year=c.content.cost_per_case_year,
            )
        rows.append(row)
    totals = chain_totals([(c.cases, c.formation_now, c.content) for c in chains])
    return {"rows": rows, "totals": totals, "totals_complete": totals.complete}
