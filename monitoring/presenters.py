"""Turns TeamFigures into what the templates show: rows, signals, charts and period choices."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.http import HttpRequest
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from caseload_core.team import LOOKBACK_WEEKS, Figures
from caseloadwijzer import clock
from charts.base import PALETTE
from charts.timeseries import Line, bar_chart, legend_items, line_chart
from monitoring.selectors import TeamFigures

PERIOD_CHOICES = (13, 26, 52)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    weeks: int | None  # None for a custom period
    error: str = ""


def _parse(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def period_from_request(request: HttpRequest, today: dt.date | None = None) -> Period:
    """The last 13/26/52 weeks up to today (``?weeks=``), or a custom ``?start=&end=`` of at most 5 years."""
    today = today or clock.today()
    start, end = _parse(request.GET.get("start")), _parse(request.GET.get("end"))
    if request.GET.get("weeks") == "custom" or (start and end and not request.GET.get("weeks")):
        if start and end and start <= end and (end - start).days <= 5 * 366:
            return Period(start, end, None)
        error = _("The custom period needs a start date before its end date, at most five years apart.")
        return Period(today - dt.timedelta(weeks=13) + dt.timedelta(days=1), today, 13, error)
    try:
        weeks = int(request.GET.get("weeks", "13"))
    except ValueError:
        weeks = 13
    if weeks not in PERIOD_CHOICES:
        weeks = 13
    return Period(today - dt.timedelta(weeks=weeks) + dt.timedelta(days=1), today, weeks)


def _num(value: Any) -> float | None:
    v = float(value)
    return v if math.isfinite(v) else None


def signal(f: Figures, k: int = -1) -> str:
    """'high', 'low' or 'ok' in week ``k``: outside the band (or margin) above, below, or within; 'absent'
    when the person has no deployable FTE that week (e.g. full sick leave) while carrying cases."""
    if float(f.deployable_fte[k]) <= 0 and float(f.count[k]) > 0:
        return "absent"
    if not bool(f.outside[k]):
        return "ok"
    if f.has_band and math.isfinite(float(f.band_deviation[k])) and float(f.band_deviation[k]) != 0:
        return "high" if float(f.band_deviation[k]) > 0 else "low"
    return "high" if float(f.deviation[k]) > 0 else "low"


def signal_label(code: str) -> str:
    return {"ok": _("Within"), "high": _("Above"), "low": _("Below"), "absent": _("Not deployable")}[code]


def since(f: Figures, mondays: list[dt.date]) -> dt.date | None:
    """The Monday of the first week of the current run outside the margin (may lie before the period)."""
    run = f.weeks_outside
    if not run:
        return None
    return mondays[-1] - dt.timedelta(weeks=run - 1)


def summary(f: Figures, mondays: list[dt.date]) -> dict[str, Any]:
    """The latest week's figures of one person or the team, as template-friendly numbers."""
    code = signal(f)
    return {
        "count": _num(f.count[-1]),
        "weighted": _num(f.weighted[-1]),
        "unweighed": _num(f.unweighed[-1]),
        "contracted": _num(f.contracted_fte[-1]),
        "deployable": _num(f.deployable_fte[-1]),
        "normative": _num(f.normative[-1]),
        "deviation": None if _num(f.deviation[-1]) is None else float(f.deviation[-1]) * 100,
        "band_lower": _num(f.band_lower[-1]),
        "band_upper": _num(f.band_upper[-1]),
        "band_deviation": None if _num(f.band_deviation[-1]) is None else float(f.band_deviation[-1]) * 100,
        "signal": code,
        "signal_label": signal_label(code),
        "weeks_outside": f.weeks_outside,
        "capped": f.weeks_outside >= LOOKBACK_WEEKS + len(mondays),
        "since": since(f, mondays),
        "expected_outflow_4": f.expected_outflow_4,
        "expected_outflow_13": f.expected_outflow_13,
        "past_expected_end": f.past_expected_end,
    }


SORT_KEYS = ("name", "count", "weighted", "deployable", "deviation", "band", "weeks")


def member_rows(figures: TeamFigures, sort: str = "name", descending: bool = False) -> list[dict[str, Any]]:
    rows = [{"person_id": m.person_id, "name": m.name, **summary(m.figures, figures.mondays)} for m in figures.members]
    key = {
        "name": lambda r: r["name"].lower(),
        "count": lambda r: r["count"] or 0,
        "weighted": lambda r: r["weighted"] or 0,
        "deployable": lambda r: r["deployable"] or 0,
        "deviation": lambda r: -1e9 if r["deviation"] is None else r["deviation"],
        "band": lambda r: -1e9 if r["band_deviation"] is None else r["band_deviation"],
        "weeks": lambda r: r["weeks_outside"],
    }.get(sort, lambda r: r["name"].lower())
    return sorted(rows, key=key, reverse=descending)


def _values(array: Any) -> list[float | None]:
    return [_num(v) for v in array]


def _series(array: Any) -> Any:
    """A weekly series for a chart: the float array itself (the chart treats NaN as missing, like None)."""
    return np.asarray(array, dtype=np.float64)


def _any_finite(array: Any) -> bool:
    return bool(np.isfinite(np.asarray(array, dtype=np.float64)).any())


def person_chart(f: Figures, mondays: list[dt.date], name: str) -> dict[str, Any]:
    """Caseload (cases) against the band, or against the normative caseload when no band is decided."""
    lines = [Line(_("Caseload (cases)"), _series(f.count), PALETTE["blue"])]
    if not f.has_band and _any_finite(f.normative):
        lines.append(Line(_("Normative caseload"), _series(f.normative), PALETTE["ideal"], dashed=True))
    band = (_series(f.band_lower), _series(f.band_upper)) if _any_finite(f.band_lower) else None
    svg = line_chart(
        title=_("Caseload of %(name)s per week") % {"name": name},
        desc=_("Cases carried per week against the band (shaded) or the normative caseload (dashed)."),
        mondays=mondays,
        lines=lines,
        band=band,
        width=640,
        height=180,
    )
    return {"svg": svg, "legend": legend_items(lines), "band_label": _("Band") if band is not None else ""}


def team_charts(figures: TeamFigures) -> dict[str, Any]:
    f, mondays = figures.team, figures.mondays
    caseload_lines = [
        Line(_("Weighted caseload (FTE-equivalents)"), _series(f.weighted), PALETTE["blue"]),
        Line(_("Deployable FTE (the norm)"), _series(f.deployable_fte), PALETTE["ideal"], dashed=True),
    ]
    count_lines = [Line(_("Caseload (cases)"), _series(f.count), PALETTE["blue"])]
    if _any_finite(f.normative):
        count_lines.append(Line(_("Normative caseload"), _series(f.normative), PALETTE["ideal"], dashed=True))
    band = (_series(f.band_lower), _series(f.band_upper)) if f.has_band else None
    flow = [
        Line(_("Inflow"), _series(f.inflow), PALETTE["blue"]),
        Line(_("Outflow"), _series(f.outflow), PALETTE["warn"]),
    ]
    formation_total = [
        c + v for c, v in zip(_values(f.contracted_fte), _values(figures.vacancy_fte), strict=True) if c is not None
    ]
    formation = [
        Line(_("Formation incl. vacancies"), formation_total, PALETTE["grey"], dashed=True),
        Line(_("Contracted FTE"), _series(f.contracted_fte), PALETTE["ideal"]),
        Line(_("Deployable FTE"), _series(f.deployable_fte), PALETTE["band_edge"]),
    ]
    return {
        "count": {
            "svg": line_chart(
                title=_("Team caseload per week"),
                desc=_("Cases carried by the team per week against the band or the normative caseload."),
                mondays=mondays,
                lines=count_lines,
                band=band,
            ),
            "legend": legend_items(count_lines),
            "band_label": _("Band") if band is not None else "",
        },
        "weighted": {
            "svg": line_chart(
                title=_("Weighted caseload against deployable FTE"),
                desc=_("FTE-equivalents of cases per week against the deployable FTE that should carry them."),
                mondays=mondays,
                lines=caseload_lines,
            ),
            "legend": legend_items(caseload_lines),
        },
        "flow": {
            "svg": bar_chart(
                title=_("Inflow and outflow per week"),
                desc=_("New cases and ended cases of the team per week."),
                mondays=mondays,
                bars=flow,
            ),
            "legend": legend_items(flow),
        },
        "formation": {
            "svg": line_chart(
                title=_("Formation per week"),
                desc=_("Formation including vacancies, contracted FTE and deployable FTE of the team per week."),
                mondays=mondays,
                lines=formation,
            ),
            "legend": legend_items(formation),
        },
    }


class Fmt:
    """Fast number formatting for long weekly tables (Django's floatformat is slow over thousands of cells):
    a decimal comma in Dutch, '—' for a missing value. The text is digits, signs and the suffix only, so it
    is marked safe: the template then skips escaping each of the thousands of cells."""

    def __init__(self) -> None:
        self.comma = (get_language() or "nl").startswith("nl")

    def __call__(self, value: Any, digits: int, suffix: str = "", trim: bool = False) -> str:
        v = float(value)
        if not math.isfinite(v):
            return _DASH
        text = f"{v:.{digits}f}"
        if trim and "." in text:
            text = text.rstrip("0").rstrip(".")
        return SafeString((text.replace(".", ",") if self.comma else text) + suffix)  # suffix: "%" or ""


def _columns(*arrays: Any) -> list[list[float]]:
    """Weekly arrays as lists of Python floats: formatting thousands of cells then skips NumPy scalars."""
    return [np.asarray(a, dtype=np.float64).tolist() for a in arrays]


_DASH = SafeString("—")


def _band_text(fmt: Fmt, lower: float, upper: float) -> str:
    return _DASH if not math.isfinite(lower) else SafeString(f"{fmt(lower, 1)}–{fmt(upper, 1)}")


def _monday_text(monday: dt.date) -> str:
    return SafeString(f"{monday.day}-{monday.month}-{monday.year}")


def weekly_table(figures: TeamFigures) -> list[dict[str, Any]]:
    """The team's figures per week, formatted for the data table under the charts."""
    f, fmt = figures.team, Fmt()
    count, normative, weighted, contracted, deployable, vacancies, deviation, lower, upper, inflow, outflow = _columns(
        f.count,
        f.normative,
        f.weighted,
        f.contracted_fte,
        f.deployable_fte,
        figures.vacancy_fte,
        f.deviation,
        f.band_lower,
        f.band_upper,
        f.inflow,
        f.outflow,
    )
    return [
        {
            "monday": _monday_text(monday),
            "count": fmt(count[k], 1, trim=True),
            "normative": fmt(normative[k], 1),
            "weighted": fmt(weighted[k], 2),
            "contracted": fmt(contracted[k], 2),
            "deployable": fmt(deployable[k], 2),
            "vacancies": fmt(vacancies[k], 2),
            "deviation": fmt(deviation[k] * 100, 0, "%"),
            "band": _band_text(fmt, lower[k], upper[k]),
            "inflow": fmt(inflow[k], 0),
            "outflow": fmt(outflow[k], 0),
        }
        for k, monday in enumerate(figures.mondays)
    ]


def person_weeks(f: Figures, mondays: list[dt.date]) -> list[dict[str, Any]]:
    """One person's figures per week, formatted for the data table under the chart."""
    fmt = Fmt()
    count, weighted, deployable, normative, deviation, lower, upper = _columns(
        f.count, f.weighted, f.deployable_fte, f.normative, f.deviation, f.band_lower, f.band_upper
    )
    return [
        {
            "monday": _monday_text(monday),
            "count": fmt(count[k], 1, trim=True),
            "weighted": fmt(weighted[k], 2),
            "deployable": fmt(deployable[k], 2),
            "normative": fmt(normative[k], 1),
            "deviation": fmt(deviation[k] * 100, 0, "%"),
            "band": _band_text(fmt, lower[k], upper[k]),
            "signal_label": signal_label(signal(f, k)),
        }
        for k, monday in enumerate(mondays)
    ]


def reduction_rows(figures: TeamFigures) -> list[dict[str, Any]]:
    """Non-deployable formation in the last week, per reason, plus open vacancies."""
    rows = [{"label": label, "fte": float(v[-1])} for label, v in figures.reduction_fte.items() if float(v[-1]) > 0]
    if float(figures.vacancy_fte[-1]) > 0:
        rows.append({"label": _("Vacancies"), "fte": float(figures.vacancy_fte[-1])})
    return rows
