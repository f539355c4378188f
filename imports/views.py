from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from accounts.access import capability_required, get_access, get_scoped_or_404, organisation_of
from accounts.roles import Capability as C
from exports.tables import Column, ExportTable, export_response, requested_format
from imports import services, tasks
from imports.fields import FIELDS
from imports.forms import MappingForm, UploadForm
from imports.models import ImportKind, ImportRun, ImportStatus, SavedMapping
from imports.reading import UnreadableFile
from imports.uploads import InMemoryUploadHandler
from imports.validation import problem_text

FINDING_TEXT = {
    "name": gettext_lazy("looks like client names"),
    "address": gettext_lazy("looks like addresses"),
    "birth_date": gettext_lazy("looks like dates of birth"),
    "bsn": gettext_lazy("holds a BSN (citizen service number)"),
}


def _run(request: HttpRequest, import_run_id: int) -> ImportRun:
    return get_scoped_or_404(request, ImportRun.objects.select_related("organisation"), pk=import_run_id)


def _runs_table(runs: list[ImportRun]) -> ExportTable:
    return ExportTable(
        title=gettext_lazy("Imports"),
        filename="imports",
        columns=[
            Column(gettext_lazy("Uploaded at"), lambda r: r.created_at.date()),
            Column(gettext_lazy("File name"), lambda r: r.filename),
            Column(gettext_lazy("Kind"), lambda r: r.get_kind_display()),
            Column(gettext_lazy("Status"), lambda r: r.get_status_display()),
            Column(gettext_lazy("Rows"), lambda r: r.total),
            Column(gettext_lazy("Rows with a problem"), lambda r: r.invalid),
            Column(gettext_lazy("Created"), lambda r: r.created_count),
            Column(gettext_lazy("Updated"), lambda r: r.updated_count),
            Column(gettext_lazy("Unchanged"), lambda r: r.unchanged_count),
        ],
        rows=runs,
    )


@csrf_exempt
@capability_required(C.MANAGE_DATA)
def index(request: HttpRequest) -> HttpResponse:
    # The upload stays in memory: a refused file must not touch the disk, not even as a temporary file.
    request.upload_handlers = [InMemoryUploadHandler(request)]
    return _index(request)


@csrf_protect
def _index(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    runs = list(ImportRun.objects.filter(organisation=organisation).defer("content", "report")[:50])
    if fmt := requested_format(request):
        return export_response(_runs_table(runs), fmt)
    form = UploadForm(request.POST or None, request.FILES or None, organisation=organisation)
    findings = []
    if getattr(request, "import_upload_too_large", False):
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error("file", _("The file is larger than 50 MB; split it."))
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        access = get_access(request)
        team_ids = access.team_ids_with(C.MANAGE_DATA)
        try:
            if form.cleaned_data["kind"] == ImportKind.PEOPLE and team_ids is not None:
                raise PermissionDenied
            run = services.import_run_create(
                organisation=organisation,
                user=request.user,
                kind=form.cleaned_data["kind"],
                filename=upload.name,
                data=upload.read(),
                team_ids=sorted(team_ids) if team_ids is not None else None,
            )
        except PermissionDenied:
            form.add_error("kind", _("Only an administrator of the whole organisation imports people."))
        except UnreadableFile as error:
            form.add_error("file", str(error))
        except services.PrivacyRefusal as refusal:
            findings = [{"column": f.column, "row": f.row, "text": FINDING_TEXT[f.kind]} for f in refusal.findings]
        else:
            saved = form.cleaned_data.get("saved_mapping")
            if saved is not None and saved.kind == run.kind:
                run.mapping = services.mapping_from_saved(saved, run.headers)
                run.save(update_fields=["mapping"])
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
    )
    if "default_team" in form.fields and run.options.get("team_ids") is not None:
        field = form.fields["default_team"]
        field.queryset = field.queryset.filter(id__in=run.options["team_ids"])  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        team = form.cleaned_data.get("default_team")
        services.import_run_set_mapping(
            run=run,
            mapping=form.cleaned_data["mapping"],
            options={**run.options, "default_team_id": team.id if team else None},
            save_as=form.cleaned_data["save_as"],
        )
        tasks.start(services.import_run_check, run.id)
        return redirect("imports:run", import_run_id=run.id)
    return render(request, "imports/mapping.html", {"run": run, "form": form, "fields": FIELDS[run.kind]})


def _problems(run: ImportRun) -> list[dict[str, object]]:
    return [{"row": p["row"], "column": p["column"], "text": problem_text(p["code"], p["params"])} for p in run.report]


@capability_required(C.MANAGE_DATA)
def run_detail(request: HttpRequest, import_run_id: int) -> HttpResponse:
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
    context = {"run": run, "problems": _problems(run)[:1000], "stale": _stale(run)}
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
    if run.status != ImportStatus.CHECKED or run.invalid or run.content is None:
        messages.error(request, _("This file cannot be imported: it has problems or has been imported already."))
        return redirect(back)
    services.import_run_start_apply(run=run)
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
    if not run.busy:
        services.import_run_discard(run=run)
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
