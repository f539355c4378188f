"""The organisation's weekly caseload against its normative caseload, as a server-rendered SVG (the same
picture on the page and in the PDF). The data also appears as a table beside it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from charts.base import PALETTE, LinearScale, nice_ticks, polyline_points

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40


def caseload_chart(mondays: Sequence[dt.date], caseload: Sequence[float], normative: Sequence[float]) -> SafeString:
    if not mondays:
        return mark_safe("")
    values = [v for v in [*caseload, *normative] if v == v]
    ticks = nice_ticks(0.0, max(values) if values else 1.0)
    x = LinearScale(0, max(len(mondays) - 1, 1), LEFT, WIDTH - RIGHT)
    y = LinearScale(ticks[0], ticks[-1], HEIGHT - BOTTOM, TOP)
    xs = [x(i) for i in range(len(mondays))]
    title = _("Caseload and normative caseload per week")
    desc = _(
        "The cases carried per week by the teams shown, against the normative caseload (deployable FTE times the norm)."
    )
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="org-chart-title org-chart-desc"'
        f' xmlns="http://www.w3.org/2000/svg" width="100%">',
        f'<title id="org-chart-title">{escape(title)}</title><desc id="org-chart-desc">{escape(desc)}</desc>',
    ]
    for t in ticks:
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="#dddddd"/>'
            f'<text x="{LEFT - 6}" y="{y(t) + 4:.1f}" text-anchor="end" font-size="11" fill="{PALETTE["ink"]}">'
            f"{t:g}</text>"
        )
    step = max(1, len(mondays) // 6)
    for i in range(0, len(mondays), step):
        label = escape(date_format(mondays[i], "j M"))
        parts.append(
            f'<text x="{xs[i]:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" font-size="11"'
            f' fill="{PALETTE["ink"]}">{label}</text>'
        )
    normative_points = [(xx, y(v)) for xx, v in zip(xs, normative, strict=True) if v == v]
    if normative_points:
        parts.append(
            f'<polyline points="{polyline_points(*zip(*normative_points, strict=True))}" fill="none"'
            f' stroke="{PALETTE["ideal"]}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
    parts.append(
        f'<polyline points="{polyline_points(xs, [y(v) for v in caseload])}" fill="none"'
        f' stroke="{PALETTE["blue"]}" stroke-width="2.5"/>'
    )
    parts.append("</svg>")
    # Every text in the SVG is escaped above.
    return mark_safe("".join(parts))
