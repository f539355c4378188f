"""The HR summary's chart: the weekly caseload of the teams shown against their band (shaded) and, where
every team has a norm, their normative caseload (dashed). Drawn by ``charts.timeseries.line_chart``, so its
axis covers every series like every other chart; the same SVG goes into the page and the PDF. The data also
appears as a table beside it.

This module only draws: the weekly figures come from ``reports.summary`` (the dashboard's own arrays)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from charts.base import PALETTE
from charts.timeseries import Line, legend_items, line_chart

Floats = np.ndarray[Any, np.dtype[np.float64]]
"""A weekly series as the summary holds it (reports.summary.TeamWeeks)."""


def _known(values: Sequence[float] | Floats) -> bool:
    return any(v is not None and math.isfinite(v) for v in values)


@dataclass(frozen=True)
class SummaryChart:
    svg: SafeString
    legend: list[dict[str, Any]]
    has_band: bool
    has_norm: bool
    notes: tuple[str, ...] = ()
    """What the chart draws and what it leaves out, in sentences: its <desc> and the page's caption."""

    one_team: bool = False

    @property
    def band_label(self) -> str:
        if not self.has_band:
            return ""
        return _("Band") if self.one_team else _("Band (summed over the teams)")


def _notes(has_band: bool, has_norm: bool, some_band: bool, some_norm: bool, one_team: bool) -> list[str]:
    """What the chart draws and why a band or norm is missing, for the teams together or for one team."""
    if one_team:
        notes = [_("The cases the team carried each week.")]
        notes.append(
            _("Shaded: its decided band.")
            if has_band
            else _("No band has been decided for this team in this period, so none is drawn.")
        )
        notes.append(
            _("Dashed: its normative caseload (deployable FTE times the norm), in the weeks with a norm.")
            if has_norm
            else _("There is no norm for this team in this period, so no normative caseload is drawn.")
        )
        return notes
    notes = [_("The cases the teams shown carried each week.")]
    if has_band:
        notes.append(_("Shaded: their decided band, in the weeks in which every team shown has one."))
    elif some_band:
        notes.append(_("Not every team shown has a decided band, so no band is drawn for them together."))
    else:
        notes.append(_("No band has been decided for these teams in this period, so none is drawn."))
    if has_norm:
        notes.append(
            _(
                "Dashed: their normative caseload (deployable FTE times the norm), in the weeks in which every team "
                "shown has a norm."
            )
        )
    elif some_norm:
        notes.append(_("Not every team shown has a norm, so no normative caseload is drawn for them together."))
    else:
        notes.append(_("There is no norm for these teams in this period, so no normative caseload is drawn."))
    return notes


def summary_chart(
    mondays: Sequence[dt.date],
    caseload: Sequence[float] | Floats,
    normative: Sequence[float] | Floats,
    band_lower: Sequence[float] | Floats = (),
    band_upper: Sequence[float] | Floats = (),
    *,
    some_band: bool = False,
    some_norm: bool = False,
    team_name: str = "",
) -> SummaryChart:
    """The chart; a missing value (NaN) is a gap, never a zero, so a week without a norm draws no norm.

    ``some_band``/``some_norm``: at least one team shown has a band or norm in the period (though maybe not
    every team, in which case nothing is summed); this only chooses the sentence that says why none is drawn.
    ``team_name``: the chart of that one team (smaller, and worded for one team)."""
    if not mondays:
        return SummaryChart(mark_safe(""), [], False, False)
    one_team = bool(team_name)
    has_band = _known(band_lower) and _known(band_upper)
    has_norm = _known(normative)
    lines = [Line(_("Caseload (cases)"), list(caseload), PALETTE["blue"])]
    if has_norm:
        lines.append(Line(_("Normative caseload"), list(normative), PALETTE["ideal"], dashed=True))
    notes = _notes(has_band, has_norm, some_band, some_norm, one_team)
    title = (
        _("Caseload of %(team)s per week against the band") % {"team": team_name}
        if one_team
        else _("Caseload per week against the band")
    )
    svg = line_chart(
        title=title,
        desc=" ".join(notes),
        mondays=list(mondays),
        lines=lines,
        band=(list(band_lower), list(band_upper)) if has_band else None,
        width=480 if one_team else 720,
        height=200 if one_team else 260,
    )
    return SummaryChart(svg, legend_items(lines), has_band, has_norm, tuple(notes), one_team)
