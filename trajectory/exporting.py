"""The trajectory's tables as downloads (XLSX and CSV, Dutch headers) through exports/tables.py.

Each builder describes one table once; a view answers ``?formaat=xlsx|csv`` (and ``&tabel=<key>`` when the
page has several tables) with ``download``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exports.tables import Column, ExportTable, export_response, requested_format
from organisations.models import Function
from trajectory.models import Trajectory

TABLE_PARAMETER = "tabel"


def function_label(value: str) -> str:
    """A function's name in the user's language; empty means every function."""
    return str(dict(Function.choices).get(value, value)) if value else _("every function")


def download(
    request: HttpRequest, tables: dict[str, Callable[[], ExportTable]]
) -> HttpResponse | StreamingHttpResponse | None:
    """The requested table as a file, or None when the request is not a download. The first table is the
    default when the page has one table (no ``tabel`` parameter)."""
    fmt = requested_format(request)
    if fmt is None:
        return None
    key = request.GET.get(TABLE_PARAMETER) or next(iter(tables))
    build = tables.get(key)
    if build is None:
        return None
    return export_response(build(), fmt)


def _slug(trajectory: Trajectory, name: str) -> str:
    return f"{name}-traject-{trajectory.id}"


def trajectories_table(rows: Iterable[dict[str, Any]]) -> ExportTable:
    def decision_text(row: dict[str, Any]) -> str:
        d = row["decision"]
        if d is None:
            return ""
        return str(d.get_outcome_display())

    return ExportTable(
        title=gettext_lazy("Trajectories"),
        filename="bandbreedtetrajecten",
        rows=list(rows),
        columns=[
            Column(gettext_lazy("trajectory"), lambda r: r["trajectory"].title),
            Column(gettext_lazy("teams"), lambda r: r["trajectory"].team_names()),
            Column(gettext_lazy("functions"), lambda r: ", ".join(r["trajectory"].function_labels())),
            Column(gettext_lazy("start date"), lambda r: r["trajectory"].start_date),
            Column(gettext_lazy("current step"), lambda r: r["current"].number if r["current"] else None),
            Column(gettext_lazy("latest decision"), decision_text),
            Column(
                gettext_lazy("decided lower bound per FTE"),
                lambda r: r["decision"].lower if r["decision"] else None,
            ),
            Column(
                gettext_lazy("decided upper bound per FTE"),
                lambda r: r["decision"].upper if r["decision"] else None,
            ),
        ],
    )


def steps_table(trajectory: Trajectory, rows: list[dict[str, Any]]) -> ExportTable:
    return ExportTable(
        title=gettext_lazy("Timeline"),
        filename=_slug(trajectory, "tijdlijn"),
        rows=rows,
        columns=[
            Column(gettext_lazy("step"), lambda r: r["step"].number),
            Column(gettext_lazy("title"), lambda r: str(r["info"].title)),
            Column(gettext_lazy("start date"), lambda r: r["step"].start_date),
            Column(gettext_lazy("planned end"), lambda r: r["end"]),
            Column(gettext_lazy("planned duration (weeks)"), lambda r: r["step"].planned_weeks),
            Column(gettext_lazy("status"), lambda r: str(r["step"].get_status_display())),
            Column(gettext_lazy("who takes part"), lambda r: r["step"].participants),
        ],
    )


def figures_table(trajectory: Trajectory) -> ExportTable:
    return ExportTable(
        title=gettext_lazy("Figures"),
        filename=_slug(trajectory, "cijfers-situatieschets"),
        rows=trajectory.figures.all(),
        columns=[
            Column(gettext_lazy("figure"), lambda f: f.label),
            Column(gettext_lazy("period"), lambda f: f.period),
            Column(gettext_lazy("unit"), lambda f: f.unit),
            Column(gettext_lazy("our area"), lambda f: f.area_value),
            Column(gettext_lazy("share in our area"), lambda f: f.area_share),
            Column(gettext_lazy("region"), lambda f: f.region_value),
            Column(gettext_lazy("the Netherlands"), lambda f: f.country_value),
            Column(gettext_lazy("share in the Netherlands"), lambda f: f.country_share),
            Column(gettext_lazy("source"), lambda f: f.source),
            Column(gettext_lazy("questions answered"), lambda f: f.answered),
        ],
    )


def references_table(filename: str, points: Iterable[Any]) -> ExportTable:
    return ExportTable(
        title=gettext_lazy("Reference caseloads"),
        filename=filename,
        rows=list(points),
        columns=[
            Column(gettext_lazy("reference"), lambda p: p.label),
            Column(gettext_lazy("lowest caseload"), lambda p: p.lower),
            Column(gettext_lazy("highest caseload"), lambda p: p.upper),
            Column(gettext_lazy("counted in"), lambda p: p.unit),
            Column(gettext_lazy("source"), lambda p: p.source),
            Column(gettext_lazy("what it says about engagement"), lambda p: p.note),
            Column(gettext_lazy("show on the scale"), lambda p: p.active),
        ],
    )


def factors_table(trajectory: Trajectory, results: Any) -> ExportTable:
    rows = [f for f in (results.factors if results is not None else ()) if f.stats]
    return ExportTable(
        title=gettext_lazy("Weighing factors"),
        filename=_slug(trajectory, "meewegende-factoren"),
        rows=rows,
        columns=[
            Column(gettext_lazy("factor"), lambda f: f.name),
            Column(gettext_lazy("category"), lambda f: f.category_label),
            Column(gettext_lazy("average"), lambda f: round(f.stats.mean, 2)),
            Column(
                gettext_lazy("ideal"),
                lambda f: round(f.stats.ideal_mean, 2) if f.stats.ideal_mean is not None else None,
            ),
            Column(gettext_lazy("respondents"), lambda f: f.stats.n),
        ],
    )


def advice_bands_table(trajectory: Trajectory) -> ExportTable:
    rows = [
        (advice, band)
        for advice in trajectory.advices.prefetch_related("function_bands").select_related("decision")
        for band in advice.band_list()
    ]

    def outcome(row: tuple[Any, Any]) -> str:
        decision = getattr(row[0], "decision", None)
        return str(decision.get_outcome_display()) if decision is not None else ""

    return ExportTable(
        title=gettext_lazy("Advice versions"),
        filename=_slug(trajectory, "adviesversies"),
        rows=rows,
        columns=[
            Column(gettext_lazy("version"), lambda r: r[0].version),
            Column(gettext_lazy("function"), lambda r: function_label(r[1].function)),
            Column(gettext_lazy("lower bound per FTE"), lambda r: r[1].lower),
            Column(gettext_lazy("upper bound per FTE"), lambda r: r[1].upper),
            Column(gettext_lazy("written on"), lambda r: r[0].created_at.date()),
            Column(gettext_lazy("decision"), outcome),
        ],
    )


def decided_bands_table(trajectory: Trajectory) -> ExportTable:
    from trajectory.models import Decision

    rows = [
        (decision, band)
        for decision in Decision.objects.filter(advice__trajectory=trajectory)
        .select_related("advice")
        .prefetch_related("function_bands")
        for band in (decision.band_list() or [None])  # type: ignore[list-item]  # no band: one row without one
    ]
    return ExportTable(
        title=gettext_lazy("Decisions"),
        filename=_slug(trajectory, "besluiten"),
        rows=rows,
        columns=[
            Column(gettext_lazy("advice version"), lambda r: r[0].advice.version),
            Column(gettext_lazy("decision"), lambda r: str(r[0].get_outcome_display())),
            Column(gettext_lazy("decided on"), lambda r: r[0].decided_on),
            Column(gettext_lazy("function"), lambda r: function_label(r[1].function) if r[1] else ""),
            Column(gettext_lazy("lower bound per FTE"), lambda r: r[1].lower if r[1] else None),
            Column(gettext_lazy("upper bound per FTE"), lambda r: r[1].upper if r[1] else None),
            Column(gettext_lazy("in force from"), lambda r: r[0].valid_from),
            Column(gettext_lazy("evaluation date"), lambda r: r[0].evaluation_date),
            Column(gettext_lazy("explanation"), lambda r: r[0].explanation),
        ],
    )


def actions_table(trajectory: Trajectory) -> ExportTable:
    return ExportTable(
        title=gettext_lazy("Actions"),
        filename=_slug(trajectory, "acties"),
        rows=trajectory.actions.all(),
        columns=[
            Column(gettext_lazy("action"), lambda a: a.description),
            Column(gettext_lazy("owner"), lambda a: a.owner),
            Column(gettext_lazy("due date"), lambda a: a.due_date),
            Column(gettext_lazy("done"), lambda a: a.done),
        ],
    )


def history_table(trajectory: Trajectory, history: Iterable[Any]) -> ExportTable:
    return ExportTable(
        title=gettext_lazy("Bandwidth history"),
        filename=_slug(trajectory, "bandbreedtes"),
        rows=list(history),
        columns=[
            Column(gettext_lazy("team"), lambda b: b.team.name),
            Column(gettext_lazy("function"), lambda b: function_label(b.function)),
            Column(gettext_lazy("in force from"), lambda b: b.valid_from),
            Column(gettext_lazy("lower bound per FTE"), lambda b: b.lower_per_fte),
            Column(gettext_lazy("upper bound per FTE"), lambda b: b.upper_per_fte),
            Column(gettext_lazy("evaluation date"), lambda b: b.evaluation_date),
            Column(gettext_lazy("reasoning"), lambda b: b.reasoning),
        ],
    )
