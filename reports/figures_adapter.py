"""From the monitoring app's weekly picture (``monitoring.selectors.TeamFigures``) to the summary's
``TeamWeeks``: the same arrays, so the summary's figures are the dashboard's."""

from __future__ import annotations

from typing import Any

import numpy as np

from reports.summary import TeamWeeks


def above_upper(figures: Any) -> Any:
    """Weeks above the band's upper bound where a band is decided, else above the norm beyond the margin:
    the dashboard's ``outside`` signal, on the high side only."""
    has_band = ~np.isnan(figures.band_upper)
    above_band = has_band & (figures.count > np.where(has_band, figures.band_upper, np.inf))
    above_margin = ~has_band & figures.outside_margin & (np.nan_to_num(figures.deviation, nan=0.0) > 0)
    return above_band | above_margin


def team_weeks_from_figures(tf: Any) -> TeamWeeks:
    t = tf.team
    people = [above_upper(m.figures) for m in tf.members]
    n_weeks = tf.grid.n_weeks
    return TeamWeeks(
        mondays=tuple(tf.mondays),
        caseload=t.count,
        normative=t.normative,
        band_lower=t.band_lower,
        band_upper=t.band_upper,
        contracted_fte=t.contracted_fte,
        deployable_fte=t.deployable_fte,
        vacancy_fte=tf.vacancy_fte,
        inflow=t.inflow,
        outflow=t.outflow,
        people_above=np.array(people, dtype=bool).reshape(len(people), n_weeks),
    )
