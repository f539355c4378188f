"""The HR summary as PDF (WeasyPrint, from the same template data as the web page) and as XLSX."""

from __future__ import annotations

import io

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from caseload_core.period import PeriodFigures
from caseload_core.privacy import MIN_GROUP, SUPPRESSED_MARK, too_small
from exports.tables import neutralise_workbook
from reports.summary import Summary, TeamSummary

SUPPRESSED = SUPPRESSED_MARK
"""Shown instead of a figure that would describe fewer than ``MIN_GROUP`` people."""


def filename(summary: Summary, extension: str) -> str:
    return f"hr-samenvatting-{summary.organisation.slug}-{summary.start:%Y%m%d}-{summary.end:%Y%m%d}.{extension}"


def summary_pdf_html(request: HttpRequest | None, summary: Summary) -> str:
    """The HTML the PDF is printed from: the page's own body (``_summary_body.html``), for A4."""
    return render_to_string("reports/hr_summary_pdf.html", {"summary": summary}, request=request)


def summary_pdf(request: HttpRequest | None, summary: Summary) -> bytes:
    from weasyprint import HTML

    base = str(settings.BASE_DIR)
    return HTML(string=summary_pdf_html(request, summary), base_url=base).write_pdf()


def _value(value: float | int | None, digits: int = 1) -> float | int | str:
    """A figure as a number in the sheet; an empty cell where it does not exist (no norm, no band)."""
    if value is None:
        return ""
    return round(value, digits) if isinstance(value, float) else value


def _figure_cells(f: PeriodFigures | None, *, with_band_weeks: bool = True) -> list[float | int | str]:
    """The period figures of a team (or the organisation) in the columns of ``_FIGURE_HEADER``; every cell
    marked as suppressed for a team too small to report on."""
    if f is None or f.caseload is None:
        return [SUPPRESSED] * len(_figure_header())
    deviation = None if f.deviation is None else f.deviation * 100
    has_band = with_band_weeks and bool(f.weeks_with_band)
    return [
        _value(f.caseload),
        _value(f.normative),
        _value(deviation),
        _value(f.band_lower),
        _value(f.band_upper),
        f.weeks_above_band if has_band and f.weeks_above_band is not None else "",
        f.weeks_with_band if with_band_weeks else "",
        _value(f.contracted_fte, 2),
        _value(f.deployable_fte, 2),
        _value(f.vacancy_fte, 2),
        _value(f.formation_gap_fte, 2),
        _value(f.inflow, 0),
        _value(f.outflow, 0),
    ]


def _figure_header() -> list[str]:
    return [
        _("Mean caseload (cases)"),
        _("Mean normative caseload"),
        _("Deviation from the norm (%)"),
        _("Band lower (cases)"),
        _("Band upper (cases)"),
        _("Weeks above the band"),
        _("Weeks with a band"),
        _("Contracted FTE"),
        _("Deployable FTE"),
        _("Vacancies (FTE)"),
        _("Formation gap (FTE)"),
        _("Inflow"),
        _("Outflow"),
    ]


def _breach_cells(t: TeamSummary | None, summary: Summary) -> list[float | int | str]:
    """People, runs, median and longest length, still running: the suppression mark where the figure is
    hidden, an empty length where nobody had a persistent breach."""
    b = t.breach if t is not None else summary.breach_total

    def cell(value: float | int | None, digits: int = 1) -> float | int | str:
        if b.people == 0 and value is None:
            return ""
        return SUPPRESSED if value is None else _value(value, digits)

    return [cell(b.people), cell(b.runs), cell(b.median_weeks), cell(b.longest_weeks), cell(b.ongoing_runs)]


def summary_xlsx(summary: Summary) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("HR summary")[:31]
    bold = Font(bold=True)
    ws.append([_("HR integral summary"), summary.organisation.name])
    ws.append([_("Period"), formats.date_format(summary.start), formats.date_format(summary.end)])
    ws.append(
        [
            _("Figures that would describe fewer than %(n)s people are shown as %(mark)s.")
            % {"n": MIN_GROUP, "mark": SUPPRESSED}
        ]
    )
    ws.append(
        [
            _(
                "Means over the weeks of the period, the same figures as on each team's caseload dashboard. An "
                "empty cell: the figure does not exist (no norm or no band in the period, or nobody with a "
                "persistent breach)."
            )
        ]
    )
    ws.append([])
    header = [
        _("Team"),
        _("Staff with a caseload"),
        *_figure_header(),
        _("People with a persistent breach"),
        _("Persistent breaches"),
        _("Median length (weeks)"),
        _("Longest (weeks)"),
        _("Still running at the end"),
        _("Open actions"),
        _("Overdue actions"),
        _("Completed actions"),
        _("Indirect time (%)"),
    ]
    ws.append(header)
    for cell in ws[ws.max_row]:
        cell.font = bold
    for t in summary.teams:
        people: int | str = SUPPRESSED if too_small(t.people) else t.people
        ws.append(
            [
                t.team.name,
                people,
                *_figure_cells(t.figures),
                *_breach_cells(t, summary),
                t.actions_open,
                t.actions_overdue,
                t.actions_done,
                t.indirect.total if t.indirect else "",
            ]
        )
    total_people = summary.breach_total.group_size
    ws.append(
        [
            _("Organisation"),
            SUPPRESSED if summary.breach_total.group_hidden else total_people,
            *_figure_cells(summary.total, with_band_weeks=False),
            *_breach_cells(None, summary),
            summary.actions_open,
            summary.actions_overdue,
            summary.actions_done,
            "",
        ]
    )
    for cell in ws[ws.max_row]:
        cell.font = bold
    for i in range(1, len(header) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 16 if i > 1 else 24
    ev = wb.create_sheet(_("Evaluations")[:31])
    ev.append([_("Team"), _("Evaluation"), _("Answers"), _("Says the band fits (%)"), _("Outcome"), _("Conclusion")])
    for cell in ev[1]:
        cell.font = bold
    for t in summary.teams:
        for r in t.evaluations:
            fits = r.fits_share
            ev.append(
                [
                    t.team.name,
                    r.evaluation.title,
                    r.respondents if r.shown else f"<{r.people_needed}",
                    round(fits * 100) if fits is not None else "",
                    r.evaluation.get_outcome_display(),
                    r.evaluation.outcome_note,
                ]
            )
    neutralise_workbook(wb)  # a team or evaluation named "=…" stays text (exports.tables)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
