"""Turns TeamFigures into what the templates show: rows, signal labels, charts and period choices.

Only formatting: every figure, signal, run of weeks and count comes from ``caseload_core`` through
``monitoring.selectors`` (the figures now: ``caseload_core.now.Now``; the weekly series:
``caseload_core.team.Figures``)."""

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

from caseload_core import deviation as signals
from caseload_core.now import CASES_WITHOUT_NORM, NO_DEPLOYABLE, Now
from caseload_core.team import Figures
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


def signal_label(code: str) -> str:
    return {
        signals.WITHIN: _("Within"),
        signals.ABOVE: _("Above"),
        signals.BELOW: _("Below"),
        signals.ABSENT: _("Not deployable"),
        signals.NO_REFERENCE: _("No norm or band to compare with"),
    }[code]


def no_deviation_text(now: Now) -> str:
    """Why the deviation from the norm is '—', in one sentence ('' when there is one)."""
    reason = now.no_deviation_reason
    if not reason:
        return ""
    if reason == NO_DEPLOYABLE:
        return _("No deployable FTE today, so there is nothing to compare the cases with.")
    if reason == CASES_WITHOUT_NORM:
        return _("Not computed: %(n)s cases are of a case type without a norm, so they cannot be weighed.") % {
            "n": Fmt()(now.unweighed, 1, trim=True)
        }
    return _("Not computed: none of the case types has a norm.")


def summary(now: Now, f: Figures) -> dict[str, Any]:
    """The figures now of one person or the team (``now``), with the expected outflow of the weekly
    figures (``f``), as template-friendly numbers (None where the page shows a dash)."""
    return {
        "count": _num(now.count),
        "weighted": _num(now.weighted),
        "unweighed": _num(now.unweighed),
        "contracted": _num(now.contracted_fte),
        "deployable": _num(now.deployable_fte),
        "week_deployable": _num(now.week_deployable_fte),
        "normative": _num(now.normative),
        "deviation": None if _num(now.deviation) is None else now.deviation * 100,
        "no_deviation": no_deviation_text(now),
        "band_lower": _num(now.band_lower),
        "band_upper": _num(now.band_upper),
        "band_deviation": None if _num(now.band_deviation) is None else now.band_deviation * 100,
        "signal": now.signal,
        "signal_label": signal_label(now.signal),
        "weeks_outside": now.weeks_outside,
        "capped": now.capped,
        "since": now.since,
        "employed": now.employed,
        "day": now.day,
        "expected_outflow_4": f.expected_outflow_4,
        "expected_outflow_13": f.expected_outflow_13,
        "past_expected_end": f.past_expected_end,
    }


SORT_KEYS = ("name", "count", "weighted", "deployable", "deviation", "band", "weeks")


def member_rows(figures: TeamFigures, sort: str = "name", descending: bool = False) -> list[dict[str, Any]]:
    rows = [{"person_id": m.person_id, "name": m.name, **summary(m.now, m.figures)} for m in figures.members]
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


def _series(array: Any) -> Any:
    """A weekly series for a chart: the float array itself (the chart treats NaN as missing, like None)."""
    return np.asarray(array, dtype=np.float64)


def _any_finite(array: Any) -> bool:
    return bool(np.isfinite(np.asarray(array, dtype=np.float64)).any())


def person_chart(f: Figures, mondays: list[dt.date], name: str) -> dict[str, Any]:
    """Caseload (cases) against the band, or against the normative caseload when no band is decided (the
    normative line only where it can be computed)."""
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
    # The weighted caseload only in weeks in which every case has a norm (a case without one weighs 0): a
    # team without norms gets no chart flat at 0, but a sentence saying why (see the template).
    weighed = (np.asarray(f.unweighed) == 0) & (np.asarray(f.weighted) > 0)
    caseload_lines = [
        Line(
            _("Weighted caseload (FTE-equivalents)"),
            _series(np.where(weighed, f.weighted, np.nan)),
            PALETTE["blue"],
        ),
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
    formation = [
        Line(_("Formation incl. vacancies"), _series(figures.formation_fte), PALETTE["grey"], dashed=True),
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
        "weighted": None
        if not bool(weighed.any())
        else {
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
            "signal_label": signal_label(str(f.signal[k])),
        }
        for k, monday in enumerate(mondays)
    ]


def reduction_rows(figures: TeamFigures) -> list[dict[str, Any]]:
    """Non-deployable formation on the period's last day (today), per reason, plus open vacancies."""
    rows: list[dict[str, Any]] = [{"label": label, "fte": fte} for label, fte in figures.reduction_fte_now.items()]
    if figures.vacancy_fte_now > 0:
        rows.append({"label": _("Vacancies"), "fte": figures.vacancy_fte_now})
    return rows
