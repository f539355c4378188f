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

from reports.summary import CaseloadFigures, Summary, TeamSummary

SUPPRESSED = "<3"
"""Shown instead of a figure that would describe fewer than three people."""


def filename(summary: Summary, extension: str) -> str:
    return f"hr-samenvatting-{summary.organisation.slug}-{summary.start:%Y%m%d}-{summary.end:%Y%m%d}.{extension}"


def summary_pdf(request: HttpRequest | None, summary: Summary) -> bytes:
    from weasyprint import HTML

    html = render_to_string("reports/hr_summary_pdf.html", {"summary": summary}, request=request)
    base = str(settings.BASE_DIR)
    return HTML(string=html, base_url=base).write_pdf()  # type: ignore[no-any-return]


def _num(value: float | int | None, digits: int = 1) -> float | int | str:
    if value is None:
        return SUPPRESSED
    return round(value, digits) if isinstance(value, float) else value


def _figure_cells(f: CaseloadFigures | None) -> list[float | int | str]:
    if f is None or f.caseload is None:
        return [SUPPRESSED] * 9
    deviation = None if f.deviation is None else f.deviation * 100
    return [
        _num(f.caseload),
        _num(f.normative),
        _num(deviation),
        _num(f.band_lower) if f.band_lower is not None else "",
        _num(f.band_upper) if f.band_upper is not None else "",
        _num(f.contracted_fte, 2),
        _num(f.deployable_fte, 2),
        _num(f.formation_gap_fte, 2),
        f"{_num(f.inflow, 0)} / {_num(f.outflow, 0)}",
    ]


def _breach_cells(t: TeamSummary | None, summary: Summary) -> list[float | int | str]:
    b = t.breach if t is not None else summary.breach_total
    return [_num(b.people), _num(b.runs), _num(b.median_weeks), _num(b.longest_weeks)]


def summary_xlsx(summary: Summary) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("HR summary")[:31]
    bold = Font(bold=True)
    ws.append([_("HR integral summary"), summary.organisation.name])
    ws.append([_("Period"), formats.date_format(summary.start), formats.date_format(summary.end)])
    ws.append([_("Figures that would describe fewer than 3 people are shown as <3 or left out.")])
    ws.append([])
    header = [
        _("Team"),
        _("Staff with a caseload"),
        _("Mean caseload (cases)"),
        _("Mean normative caseload"),
        _("Deviation from the norm (%)"),
        _("Band lower (cases)"),
        _("Band upper (cases)"),
        _("Contracted FTE"),
        _("Deployable FTE"),
        _("Formation gap (FTE)"),
        _("Inflow / outflow"),
        _("Weeks above the band"),
        _("People with a persistent breach"),
        _("Persistent breaches"),
        _("Median length (weeks)"),
        _("Longest (weeks)"),
        _("Open actions"),
        _("Overdue actions"),
        _("Completed actions"),
        _("Indirect time (%)"),
    ]
    ws.append(header)
    for cell in ws[ws.max_row]:
        cell.font = bold
    for t in summary.teams:
        people: int | str = t.people if t.people >= 3 else SUPPRESSED
        above = (
            "" if t.figures.weeks_above_band is None or not t.figures.weeks_with_band else t.figures.weeks_above_band
        )
        ws.append(
            [
                t.team.name,
                people,
                *_figure_cells(t.figures),
                above,
                *_breach_cells(t, summary),
                t.actions_open,
                t.actions_overdue,
                t.actions_done,
                t.indirect.total if t.indirect else "",
            ]
        )
    ws.append(
        [
            _("Organisation"),
            sum(t.people for t in summary.teams),
            *_figure_cells(summary.total),
            "",
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
                    r.respondents if r.shown else SUPPRESSED,
                    round(fits * 100) if fits is not None else "",
                    r.evaluation.get_outcome_display(),
                    r.evaluation.outcome_note,
                ]
            )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
