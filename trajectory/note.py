"""The advice note: one context for the web page and the PDF, so that both show the same text and the same
server-rendered SVG charts. The PDF is typeset by WeasyPrint from its own print template."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from caseloadwijzer import clock
from charts.base import format_number
from charts.radar import radar_svg
from trajectory import selectors
from trajectory.models import Trajectory


def factor_context(trajectory: Trajectory) -> dict[str, Any]:
    """The linked scoring round's aggregated results and its spider web (nothing below its threshold)."""
    from scoresheet.selectors import round_results

    scoring_round = trajectory.scoring_round
    if scoring_round is None:
        return {"scoring_round": None, "results": None, "radar": None}
    results = round_results(scoring_round)
    radar = None
    if results is not None and results.radar is not None:
        r = results.radar
        values = "; ".join(
            f"{label}: {format_number(value, 1)}" for label, value in zip(r.labels, r.actual, strict=True)
        )
        radar = radar_svg(
            r.labels,
            r.actual,
            r.ideal,
            scale_max=r.scale_max,
            title=_("Spider web of the weighing factors: %(title)s") % {"title": scoring_round.title},
            description=_("Average score per factor (1 to %(max)s): %(values)s.")
            % {"max": r.scale_max, "values": values},
            actual_label=_("actual"),
            ideal_label=_("ideal"),
        )
    return {"scoring_round": scoring_round, "results": results, "radar": radar}


def note_context(trajectory: Trajectory) -> dict[str, Any]:
    figures = list(trajectory.figures.all())
    advices = list(
        trajectory.advices.select_related("created_by", "decision__decided_by").prefetch_related(
            "function_bands", "decision__function_bands"
        )
    )
    advice = advices[0] if advices else None
    return {
        "figures": figures,
        "cbs_used": any(f.from_cbs for f in figures),
        "chart": selectors.scale_chart(trajectory),
        "points": selectors.reference_points(trajectory),
        "advice": advice,
        "advices": advices,
        "decision": getattr(advice, "decision", None) if advice else None,
        "actions": trajectory.actions.all(),
        "generated": clock.today(),
        **factor_context(trajectory),
    }


def render_pdf(request: HttpRequest, trajectory: Trajectory) -> bytes:
    from weasyprint import HTML

    context = {"trajectory": trajectory, **note_context(trajectory)}
    css_path = finders.find("trajectory/note-print.css")
    context["print_css"] = Path(css_path).read_text(encoding="utf-8") if css_path else ""
    html = render_to_string("trajectory/note_pdf.html", context, request=request)
    return bytes(HTML(string=html).write_pdf())
