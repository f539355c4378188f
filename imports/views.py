from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django_htmx.middleware import HtmxDetails

from accounts.access import capability_required, current_user, get_access, get_scoped_or_404, organisation_of
from accounts.roles import Capability as C
from exports.tables import Column, ExportTable, export_response, requested_format
from imports import limits, preview, services, tasks
from imports.fields import FIELDS, unused_columns
from imports.forms import MappingForm, UploadForm, ValueMappingForm
from imports.models import ImportKind, ImportRun, ImportStatus, SavedMapping
from imports.privacy.messages import finding_text, withheld_columns
from imports.reading import UnreadableFile
from imports.uploads import InMemoryUploadHandler
from imports.validation import problem_text
from imports.values import EndDateRule


def _visible_runs(request: HttpRequest) -> QuerySet[ImportRun]:
    """A run is seen and acted on by its uploader and the organisation's administrator only: a team manager
    never sees another's file (another team's cases, or the administrator's people)."""
    runs = ImportRun.objects.filter(organisation=organisation_of(request))
    if get_access(request).can_org_wide(C.MANAGE_ORGANISATION):
        return runs
    return runs.filter(created_by_id=request.user.pk)


class HtmxHttpRequest(HttpRequest):
    """A request through django_htmx's middleware (``request.htmx``)."""

    htmx: HtmxDetails


def _run(request: HttpRequest, import_run_id: int) -> ImportRun:
    return get_scoped_or_404(request, _visible_runs(request).select_related("organisation"), pk=import_run_id)


STATE_TEXT: dict[str, str | Promise] = {
    ImportStatus.CHECKING: gettext_lazy("This file is being checked right now; wait until that is done."),
    ImportStatus.IMPORTING: gettext_lazy("This file is already being imported."),
    ImportStatus.DONE: gettext_lazy("This file has been imported already."),
    ImportStatus.FAILED: gettext_lazy("The import of this file has failed; upload the file again."),
    ImportStatus.DISCARDED: gettext_lazy("This file has been discarded."),
    ImportStatus.EXPIRED: gettext_lazy("This file was not finished in time and has been removed; upload it again."),
}


def _not_available(request: HttpRequest, run: ImportRun) -> HttpResponse:
    """Another request was first: say what state the run is really in."""
    text = STATE_TEXT.get(run.status, gettext_lazy("This file cannot be imported: it has problems."))
    messages.info(request, str(text))
    return redirect("imports:run", import_run_id=run.id)


def _runs_table(runs: list[ImportRun]) -> ExportTable:
    return ExportTable(
        title=gettext_lazy("Imports"),
        filename="imports",
        columns=[
            Column(gettext_lazy("Uploaded at"), lambda r: r.created_at.date()),
            Column(gettext_lazy("File name"), lambda r: r.filename),
            Column(gettext_lazy("Kind"), lambda r: r.get_kind_display()),
            Column(gettext_lazy("Status"), lambda r: r.status_text),
            Column(gettext_lazy("Rows"), lambda r: r.total),
            Column(gettext_lazy("Rows with a problem"), lambda r: r.invalid),
            Column(gettext_lazy("Created"), lambda r: r.created_count),
            Column(gettext_lazy("Updated"), lambda r: r.updated_count),
            Column(gettext_lazy("Unchanged"), lambda r: r.unchanged_count),
            Column(gettext_lazy("Closed"), lambda r: r.closed_count),
        ],
        rows=runs,
    )


@csrf_exempt
@capability_required(C.MANAGE_DATA)
def index(request: HttpRequest) -> HttpResponseBase:
    # The upload stays in memory: a refused file must not touch the disk, not even as a temporary file.
    request.upload_handlers = [InMemoryUploadHandler(request)]
    return _index(request)


@csrf_protect
def _index(request: HttpRequest) -> HttpResponseBase:
    organisation = organisation_of(request)
    runs = list(_visible_runs(request).defer("content", "report")[:50])
    if fmt := requested_format(request):
        return export_response(_runs_table(runs), fmt)
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        organisation=organisation,
        initial={"kind": request.GET.get("soort"), "free_text": request.GET.get("vrije_tekst", "")},
    )
    findings = []
    if getattr(request, "import_upload_too_large", False):
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error("file", limits.too_large_text())
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        access = get_access(request)
        team_ids = access.team_ids_with(C.MANAGE_DATA)
        try:
            if form.cleaned_data["kind"] == ImportKind.PEOPLE and team_ids is not None:
                raise PermissionDenied
            run = services.import_run_create(
                organisation=organisation,
                user=current_user(request),
                kind=form.cleaned_data["kind"],
                filename=upload.name,
                data=upload.read(),
                team_ids=sorted(team_ids) if team_ids is not None else None,
                free_text=form.cleaned_data.get("free_text") or [],
            )
        except PermissionDenied:
            form.add_error("kind", _("Only an administrator of the whole organisation imports people."))
        except UnreadableFile as error:
            form.add_error("file", str(error))
        except services.PrivacyRefusal as refusal:
            findings = [finding_text(f) for f in refusal.findings]
        else:
            saved = form.cleaned_data.get("saved_mapping")
            if saved is not None and saved.kind == run.kind:
                run.mapping = services.mapping_from_saved(saved, run.headers)
                run.options = {**run.options, **services.saved_options(saved)}
                run.save(update_fields=["mapping", "options"])
            return redirect("imports:mapping", import_run_id=run.id)
    return render(
        request,
        "imports/index.html",
        {
            "form": form,
            "findings": findings,
            "runs": runs,
            "mappings": SavedMapping.objects.filter(organisation=organisation),
        },
    )


@capability_required(C.MANAGE_DATA)
def mapping(request: HttpRequest, import_run_id: int) -> HttpResponse:
    run = _run(request, import_run_id)
    if run.status not in (ImportStatus.UPLOADED, ImportStatus.CHECKED) or run.content is None:
        return redirect("imports:run", import_run_id=run.id)
    form = MappingForm(
        request.POST or None,
        kind=run.kind,
        headers=run.headers,
        initial_mapping=run.mapping,
        organisation=run.organisation,
        sample=run.options.get("sample"),
        options=run.options,
    )
    withheld = withheld_columns(run.options, run.headers)
    hidden = {str(item["index"]) for item in run.options.get("withheld", [])}
    for name in [n for n in form.fields if n.startswith("col_")] if hidden else []:
        choice = form.fields[name]  # a column the privacy screen withheld is empty: it cannot be chosen
        choice.choices = [c for c in choice.choices if c[0] not in hidden]  # type: ignore[attr-defined]
    if "default_team" in form.fields and run.options.get("team_ids") is not None:
        field = form.fields["default_team"]
        field.queryset = field.queryset.filter(id__in=run.options["team_ids"])  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        team = form.cleaned_data.get("default_team")
        options = {**run.options, "default_team_id": team.id if team else None}
        if form.cleaned_data.get("end_date_rule"):
            options["end_date_rule"] = form.cleaned_data["end_date_rule"]
        try:
            services.import_run_set_mapping(
                run=run, mapping=form.cleaned_data["mapping"], options=options, save_as=form.cleaned_data["save_as"]
            )
        except services.RunNotAvailable:
            return _not_available(request, run)
        tasks.start(services.import_run_check, run.id)
        return redirect("imports:run", import_run_id=run.id)
    return render(
        request,
        "imports/mapping.html",
        {
            "run": run,
            "form": form,
            "fields": FIELDS[run.kind],
            "columns": _columns(run, form),
            "withheld": withheld,
            "withheld_names": "; ".join(w["name"] for w in withheld if w["name"]),
        },
    )


def _columns(run: ImportRun, form: MappingForm) -> list[dict[str, str]]:
    """Every column of the file and the field it goes to as the form stands, or "not used"."""
    chosen: dict[int, str] = {}
    for field in FIELDS[run.kind]:
        value = form[f"col_{field.name}"].value()
        if value not in (None, ""):
            chosen.setdefault(int(value), str(field.label))
    unused = _("not used")
    return [{"header": h or f"({i + 1})", "field": chosen.get(i, unused)} for i, h in enumerate(run.headers)]


def _value_form(run: ImportRun, data: Any = None) -> ValueMappingForm | None:
    unmatched = run.options.get("unmatched") or []
    if run.status != ImportStatus.CHECKED or not unmatched:
        return None
    team_ids = run.options.get("team_ids")
    targets = {
        field: preview.value_targets(run.organisation, run.kind, field, team_ids)
        for field in {item["field"] for item in unmatched}
    }
    return ValueMappingForm(data, unmatched=unmatched, targets=targets)


@capability_required(C.MANAGE_DATA)
def values(request: HttpRequest, import_run_id: int) -> HttpResponse:
    """Confirm what the values that matched nothing mean (the suggestions are chosen already); check again."""
    run = _run(request, import_run_id)
    form = _value_form(run, request.POST or None)
    if form is None:
        return redirect("imports:run", import_run_id=run.id)
    if request.method == "POST" and form.is_valid():
        try:
            services.import_run_set_values(run=run, value_map=form.value_map())
        except services.RunNotAvailable:
            return _not_available(request, run)
        tasks.start(services.import_run_check, run.id)
        return redirect("imports:run", import_run_id=run.id)
    return render(request, "imports/values.html", {"run": run, "value_form": form})


def _problems(run: ImportRun) -> list[dict[str, object]]:
    return [
        {"row": p["row"], "column": p["column"], "code": p["code"], "text": problem_text(p["code"], p["params"])}
        for p in run.report
    ]


def _unmatched_by_column(run: ImportRun) -> list[dict[str, object]]:
    """Per column: how many values match nothing, in how many rows (the values themselves are shown on the page
    where they are mapped, ``values``)."""
    if run.status != ImportStatus.CHECKED:
        return []
    columns: dict[str, dict[str, int]] = {}
    for item in run.options.get("unmatched") or []:
        entry = columns.setdefault(item["column"], {"values": 0, "rows": 0})
        entry["values"] += 1
        entry["rows"] += item["count"]
    return [{"column": column, **counts} for column, counts in columns.items()]


def _rule_label(rule: str | None) -> str:
    return str(EndDateRule(rule).label) if rule in EndDateRule.values else ""


def _example_end(run: ImportRun) -> dict[str, object] | None:
    """The end-date rule on one row of the file: the end date there and the last day carried stored."""
    example = run.options.get("example_end")
    if not example:
        return None
    return {
        **example,
        "file": dt.date.fromisoformat(example["file"]),
        "stored": dt.date.fromisoformat(example["stored"]),
    }


@capability_required(C.MANAGE_DATA)
def run_detail(request: HtmxHttpRequest, import_run_id: int) -> HttpResponseBase:
    run = _run(request, import_run_id)
    if fmt := requested_format(request):
        table = ExportTable(
            title=gettext_lazy("Problems"),
            filename=f"problemen-{run.filename}",
            columns=[
                Column(gettext_lazy("Row"), lambda p: p["row"]),
                Column(gettext_lazy("Column"), lambda p: p["column"]),
                Column(gettext_lazy("Problem"), lambda p: p["text"]),
            ],
            rows=_problems(run),
        )
        return export_response(table, fmt)
    context = {
        "run": run,
        "problems": _problems(run)[:1000],
        "stale": _stale(run),
        "unmatched": _unmatched_by_column(run),
        "unused": unused_columns(run.headers, run.mapping),
        "example_end": _example_end(run),
        "end_date_rule": _rule_label(run.options.get("end_date_rule")),
        "summary": services.counts_summary(services.run_counts(run)) if run.status == ImportStatus.DONE else "",
    }
    if request.htmx and run.busy:
        return render(request, "imports/run.html#progress", context)
    if request.htmx:
        response = HttpResponse(status=200)
        response["HX-Redirect"] = request.path
        return response
    return render(request, "imports/run.html", context)


def _stale(run: ImportRun) -> bool:
    from django.utils import timezone

    started = run.started_at or run.created_at
    return run.busy and timezone.now() - started > tasks.INTERRUPTED_AFTER


def _confirm(request: HttpRequest, title: str, text: str, button: str, back: str) -> HttpResponse:
    """Without JavaScript a link can only GET: an action URL then asks before it acts."""
    return render(request, "imports/confirm.html", {"title": title, "text": text, "button": button, "back": back})


@capability_required(C.MANAGE_DATA)
def apply(request: HttpRequest, import_run_id: int) -> HttpResponse:
    run = _run(request, import_run_id)
    back = reverse("imports:run", kwargs={"import_run_id": run.id})
    if request.method != "POST":
        return _confirm(
            request,
            _("Import %(name)s?") % {"name": run.filename},
            _("Every row is written at once; importing the same file again later changes nothing."),
            _("Import"),
            back,
        )
    try:
        services.import_run_start_apply(run=run)
    except services.RunNotAvailable:
        return _not_available(request, run)
    tasks.start(services.import_run_apply, run.id)
    return redirect(back)


@capability_required(C.MANAGE_DATA)
def discard(request: HttpRequest, import_run_id: int) -> HttpResponse:
    run = _run(request, import_run_id)
    if request.method != "POST":
        return _confirm(
            request,
            _("Discard %(name)s?") % {"name": run.filename},
            _("The file is removed; nothing of it is imported."),
            _("Discard this file"),
            reverse("imports:run", kwargs={"import_run_id": run.id}),
        )
    try:
        services.import_run_discard(run=run, interrupted=_stale(run))
    except services.RunNotAvailable:
        return _not_available(request, run)
    messages.success(request, _("The file has been discarded; nothing of it was imported."))
    return redirect("imports:index")


@capability_required(C.MANAGE_DATA)
def mapping_delete(request: HttpRequest, mapping_id: int) -> HttpResponse:
    saved = get_scoped_or_404(request, SavedMapping.objects.all(), pk=mapping_id)
    if request.method != "POST":
        return _confirm(
            request,
            _("Delete the column mapping “%(name)s”?") % {"name": saved.name},
            _("Files already imported are not affected."),
            _("Delete"),
            reverse("imports:index"),
        )
    saved.delete()
    messages.success(request, _("The saved column mapping has been deleted."))
    return redirect("imports:index")
