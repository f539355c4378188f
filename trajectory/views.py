from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import (
    capability_required,
    current_user,
    get_access,
    get_scoped_or_404,
    organisation_of,
    teams_for_user,
)
from accounts.roles import Capability as C
from caseloadwijzer import clock
from caseloadwijzer.forms import save_through_service
from trajectory import exporting, selectors, services
from trajectory import note as advice_note
from trajectory.forms import (
    ActionForm,
    AdviceForm,
    CbsDownloadForm,
    CbsImportForm,
    DecisionForm,
    FactorNotesForm,
    FigureForm,
    IdealForm,
    IntentForm,
    ReferenceForm,
    ScopeForm,
    SketchForm,
    StepForm,
    TrajectoryCreateForm,
)
from trajectory.models import Action, Advice, ReferencePoint, SketchFigure, Trajectory, TrajectoryStep

VIEW = (C.VIEW_TEAM, C.FACILITATE, C.DECIDE)
ORG = "team__organisation"


def _check(request: HttpRequest, trajectory: Trajectory, capabilities: tuple[str, ...]) -> None:
    """Viewing needs one of the capabilities for one of the trajectory's teams; facilitating and deciding
    need it for every team the trajectory covers (a manager of one team cannot steer another team's band)."""
    if capabilities == VIEW:
        if not any(_can_any(request, trajectory, c) for c in capabilities):
            raise PermissionDenied
    elif not any(_can(request, trajectory, c) for c in capabilities):
        raise PermissionDenied


def _team_ids(trajectory: Trajectory) -> list[int]:
    return [t.id for t in trajectory.team_list()]


def _trajectory(request: HttpRequest, trajectory_id: int, *capabilities: str) -> Trajectory:
    trajectory = get_scoped_or_404(
        request,
        Trajectory.objects.select_related("team__organisation").prefetch_related("teams"),
        ORG,
        pk=trajectory_id,
    )
    _check(request, trajectory, capabilities or VIEW)
    return trajectory


def _child(request: HttpRequest, queryset: Any, pk: int, *capabilities: str) -> Any:
    obj = get_scoped_or_404(
        request,
        queryset.select_related("trajectory__team").prefetch_related("trajectory__teams"),
        "trajectory__team__organisation",
        pk=pk,
    )
    _check(request, obj.trajectory, capabilities or VIEW)
    return obj


def _can(request: HttpRequest, trajectory: Trajectory, capability: str) -> bool:
    """The capability for every team of the trajectory."""
    access = get_access(request)
    return all(access.can(capability, team_id) for team_id in _team_ids(trajectory))


def _can_any(request: HttpRequest, trajectory: Trajectory, capability: str) -> bool:
    access = get_access(request)
    return any(access.can(capability, team_id) for team_id in _team_ids(trajectory))


def _page(request: HttpRequest, template: str, trajectory: Trajectory, **context: Any) -> HttpResponse:
    return render(
        request,
        template,
        {
            "trajectory": trajectory,
            "stakes": selectors.STAKES,
            "can_facilitate": _can(request, trajectory, C.FACILITATE),
            "can_decide": _can(request, trajectory, C.DECIDE),
            **context,
        },
    )


def _edit_form(request: HttpRequest, trajectory: Trajectory, form_class: type[forms.ModelForm]) -> forms.ModelForm:
    """A form on the trajectory; only a facilitator may post it."""
    if request.method == "POST" and not _can(request, trajectory, C.FACILITATE):
        raise PermissionDenied
    return form_class(request.POST or None, instance=trajectory)


def _update(request: HttpRequest, trajectory: Trajectory, form: forms.ModelForm) -> bool:
    return request.method == "POST" and save_through_service(
        form, lambda: services.trajectory_update(trajectory=trajectory, **form.cleaned_data)
    )


@capability_required(*VIEW)
def index(request: HttpRequest) -> HttpResponseBase:
    teams = (
        teams_for_user(request, C.VIEW_TEAM) | teams_for_user(request, C.FACILITATE) | teams_for_user(request, C.DECIDE)
    )
    rows = [
        {
            "trajectory": t,
            "current": selectors.current_step(t),
            "decision": selectors.latest_decision(t),
        }
        for t in selectors.trajectories(teams.distinct())
    ]
    if file := exporting.download(request, {"trajectories": lambda: exporting.trajectories_table(rows)}):
        return file
    return render(
        request,
        "trajectory/index.html",
        {"rows": rows, "can_facilitate": get_access(request).can_anywhere(C.FACILITATE)},
    )


@capability_required(C.FACILITATE)
def create(request: HttpRequest) -> HttpResponse:
    form = TrajectoryCreateForm(
        request.POST or None, teams=teams_for_user(request, C.FACILITATE), initial={"start_date": clock.today()}
    )
    created: list[Trajectory] = []
    if request.method == "POST" and save_through_service(
        form,
        lambda: created.append(
            services.trajectory_create(**{**form.cleaned_data, "teams": list(form.cleaned_data["teams"] or [])})
        ),
    ):
        messages.success(request, _("The trajectory has been started."))
        return redirect("trajectory:detail", trajectory_id=created[0].id)
    return render(request, "trajectory/form.html", {"form": form, "title": _("Start a bandwidth trajectory")})


@capability_required(*VIEW)
def detail(request: HttpRequest, trajectory_id: int) -> HttpResponseBase:
    trajectory = _trajectory(request, trajectory_id)
    steps = selectors.step_rows(trajectory)
    if file := exporting.download(request, {"steps": lambda: exporting.steps_table(trajectory, steps)}):
        return file
    return _page(
        request,
        "trajectory/detail.html",
        trajectory,
        steps=steps,
        decision=selectors.latest_decision(trajectory),
        advice=selectors.latest_advice(trajectory),
    )


@capability_required(C.FACILITATE)
def scope(request: HttpRequest, trajectory_id: int) -> HttpResponse:
    """Which teams and functions the trajectory covers; only someone who facilitates every team chosen."""
    trajectory = _trajectory(request, trajectory_id, C.FACILITATE)
    form = ScopeForm(request.POST or None, teams=teams_for_user(request, C.FACILITATE), trajectory=trajectory)
    if request.method == "POST" and save_through_service(
        form,
        lambda: services.trajectory_set_scope(
            trajectory=trajectory, teams=list(form.cleaned_data["teams"]), functions=form.cleaned_data["functions"]
        ),
    ):
        messages.success(request, _("The teams and functions of the trajectory have been saved."))
        return redirect("trajectory:detail", trajectory_id=trajectory.id)
    return _page(request, "trajectory/form.html", trajectory, form=form, title=_("Teams and functions"))


@capability_required(C.FACILITATE)
def step_edit(request: HttpRequest, step_id: int) -> HttpResponse:
    step = _child(request, TrajectoryStep.objects.all(), step_id, C.FACILITATE)
    form = StepForm(request.POST or None, instance=step)
    if request.method == "POST" and save_through_service(
        form, lambda: services.step_update(step=step, **form.cleaned_data)
    ):
        messages.success(request, _("The step has been saved."))
        return redirect("trajectory:detail", trajectory_id=step.trajectory_id)
    info = selectors.STEPS[step.number]
    return _page(
        request,
        "trajectory/form.html",
        step.trajectory,
        form=form,
        title=_("Step %(n)s: %(title)s") % {"n": step.number, "title": info.title},
    )


@capability_required(*VIEW)
def sketch(request: HttpRequest, trajectory_id: int) -> HttpResponseBase:
    trajectory = _trajectory(request, trajectory_id)
    if file := exporting.download(request, {"figures": lambda: exporting.figures_table(trajectory)}):
        return file
    form = _edit_form(request, trajectory, SketchForm)
    if _update(request, trajectory, form):
        messages.success(request, _("The situation sketch has been saved."))
        return redirect("trajectory:sketch", trajectory_id=trajectory.id)
    return _page(
        request,
        "trajectory/sketch.html",
        trajectory,
        form=form,
        figures=trajectory.figures.all(),
        step=trajectory.steps.get(number=1),
        import_form=CbsImportForm(),
    )


@capability_required(C.FACILITATE)
def cbs_import(request: HttpRequest, trajectory_id: int) -> HttpResponse:
    trajectory = _trajectory(request, trajectory_id, C.FACILITATE)
    form = CbsImportForm(request.POST or None, request.FILES or None)
    imported: list[Any] = []
    if request.method == "POST" and save_through_service(
        form,
        lambda: imported.extend(
            services.cbs_import(
                trajectory=trajectory, content=form.cleaned_data["file"].read(), filename=form.cleaned_data["file"].name
            )
        ),
    ):
        messages.success(request, _("%(n)s figures have been imported from CBS.") % {"n": len(imported)})
        return redirect("trajectory:sketch", trajectory_id=trajectory.id)
    return _page(request, "trajectory/cbs_import.html", trajectory, form=form, download_form=CbsDownloadForm())


@capability_required(C.FACILITATE)
def cbs_download(request: HttpRequest, trajectory_id: int) -> HttpResponse:
    """The optional live download; a GET shows the import page with both forms."""
    trajectory = _trajectory(request, trajectory_id, C.FACILITATE)
    form = CbsDownloadForm(request.POST or None)
    imported: list[Any] = []
    if request.method == "POST" and save_through_service(
        form,
        lambda: imported.extend(services.cbs_download(trajectory=trajectory, table_id=form.cleaned_data["table_id"])),
    ):
        messages.success(request, _("%(n)s figures have been imported from CBS.") % {"n": len(imported)})
        return redirect("trajectory:sketch", trajectory_id=trajectory.id)
    return _page(request, "trajectory/cbs_import.html", trajectory, form=CbsImportForm(), download_form=form)


@capability_required(C.FACILITATE)
def figure_create(request: HttpRequest, trajectory_id: int) -> HttpResponse:
    trajectory = _trajectory(request, trajectory_id, C.FACILITATE)
    form = FigureForm(request.POST or None)
    if request.method == "POST" and save_through_service(
        form, lambda: services.figure_save(trajectory=trajectory, **form.cleaned_data)
    ):
        messages.success(request, _("The figure has been added."))
        return redirect("trajectory:sketch", trajectory_id=trajectory.id)
    return _page(request, "trajectory/figure.html", trajectory, form=form, title=_("Add a figure"))


@capability_required(*VIEW)
def figure_edit(request: HttpRequest, figure_id: int) -> HttpResponse:
    figure = _child(request, SketchFigure.objects.all(), figure_id)
    trajectory = figure.trajectory
    if request.method == "POST" and not _can(request, trajectory, C.FACILITATE):
        raise PermissionDenied
    form = FigureForm(request.POST or None, instance=figure)
    if request.method == "POST" and save_through_service(
        form, lambda: services.figure_save(trajectory=trajectory, figure=figure, **form.cleaned_data)
    ):
        messages.success(request, _("The figure and the group's answers have been saved."))
        return redirect("trajectory:sketch", trajectory_id=trajectory.id)
    return _page(
        request,
        "trajectory/figure.html",
        trajectory,
        form=form,
        figure=figure,
        figure_list=[figure],
        title=figure.label,
    )


@capability_required(*VIEW)
def intent(request: HttpRequest, trajectory_id: int) -> HttpResponse:
    trajectory = _trajectory(request, trajectory_id)
    form = _edit_form(request, trajectory, IntentForm)
    if _update(request, trajectory, form):
        messages.success(request, _("The definitions and the intent have been saved."))
        return redirect("trajectory:references", trajectory_id=trajectory.id)
    return _page(request, "trajectory/intent.html", trajectory, form=form, stake=1)


@capability_required(*VIEW)
def references(request: HttpRequest, trajectory_id: int) -> HttpResponseBase:
    trajectory = _trajectory(request, trajectory_id)
    points = selectors.reference_points(trajectory)
    if file := exporting.download(
        request,
        {"references": lambda: exporting.references_table(f"referentiecaseloads-traject-{trajectory.id}", points)},
    ):
        return file
    form = _edit_form(request, trajectory, IdealForm)
    if _update(request, trajectory, form):
        messages.success(request, _("The team's ideal caseload has been marked."))
        return redirect("trajectory:factors", trajectory_id=trajectory.id)
    return _page(
        request,
        "trajectory/references.html",
        trajectory,
        form=form,
        stake=2,
        chart=selectors.scale_chart(trajectory),
        points=points,
    )


@capability_required(*VIEW)
def factors(request: HttpRequest, trajectory_id: int) -> HttpResponseBase:
    trajectory = _trajectory(request, trajectory_id)
    context = advice_note.factor_context(trajectory)
    if file := exporting.download(
        request, {"factors": lambda: exporting.factors_table(trajectory, context["results"])}
    ):
        return file
    form = _edit_form(request, trajectory, FactorNotesForm)
    if _update(request, trajectory, form):
        messages.success(request, _("The conclusions on the weighing factors have been saved."))
        return redirect("trajectory:advice", trajectory_id=trajectory.id)
    return _page(request, "trajectory/factors.html", trajectory, form=form, stake=3, downloads=True, **context)


@capability_required(*VIEW)
def advice(request: HttpRequest, trajectory_id: int) -> HttpResponseBase:
    trajectory = _trajectory(request, trajectory_id)
    if request.method == "POST" and not _can(request, trajectory, C.FACILITATE):
        raise PermissionDenied
    if file := exporting.download(request, {"advices": lambda: exporting.advice_bands_table(trajectory)}):
        return file
    latest = selectors.latest_advice(trajectory)
    initial: dict[str, Any] = (
        {f: getattr(latest, f) for f in AdviceForm.Meta.fields}
        if latest
        else {"lower": trajectory.ideal_caseload, "upper": trajectory.ideal_caseload}
    )
    if latest:
        for band in latest.function_bands.all():
            initial[f"lower_{band.function}"] = band.lower
            initial[f"upper_{band.function}"] = band.upper
    form = AdviceForm(request.POST or None, initial=initial, trajectory=trajectory)
    if request.method == "POST" and save_through_service(
        form,
        lambda: services.advice_create(
            trajectory=trajectory, created_by=current_user(request), **form.service_kwargs()
        ),
    ):
        messages.success(request, _("The advice has been saved as a new version."))
        return redirect("trajectory:decisions", trajectory_id=trajectory.id)
    return _page(
        request,
        "trajectory/advice.html",
        trajectory,
        form=form,
        stake=4,
        advices=trajectory.advices.select_related("created_by").prefetch_related("function_bands"),
    )


@capability_required(*VIEW)
def decisions(request: HttpRequest, trajectory_id: int) -> HttpResponseBase:
    trajectory = _trajectory(request, trajectory_id)
    if file := exporting.download(request, {"decisions": lambda: exporting.decided_bands_table(trajectory)}):
        return file
    advices = trajectory.advices.select_related("created_by", "decision__decided_by").prefetch_related(
        "function_bands", "decision__function_bands"
    )
    return _page(
        request,
        "trajectory/decisions.html",
        trajectory,
        stake=5,
        advices=advices,
        step=trajectory.steps.get(number=2),
    )


@capability_required(C.DECIDE)
def decide(request: HttpRequest, advice_id: int) -> HttpResponse:
    advice_obj = _child(request, Advice.objects.all(), advice_id, C.DECIDE)
    trajectory = advice_obj.trajectory
    decided = hasattr(advice_obj, "decision")
    form = DecisionForm(request.POST or None, initial={"decided_on": clock.today()}, advice=advice_obj)
    if (
        request.method == "POST"
        and not decided
        and save_through_service(
            form,
            lambda: services.decision_record(
                advice=advice_obj, decided_by=current_user(request), **form.service_kwargs()
            ),
        )
    ):
        messages.success(request, _("The decision has been recorded."))
        return redirect("trajectory:implement", trajectory_id=trajectory.id)
    return _page(request, "trajectory/decide.html", trajectory, form=form, stake=5, advice=advice_obj, decided=decided)


@capability_required(*VIEW)
def implement(request: HttpRequest, trajectory_id: int) -> HttpResponseBase:
    trajectory = _trajectory(request, trajectory_id)
    history = selectors.bandwidth_history(trajectory)
    if file := exporting.download(
        request,
        {
            "actions": lambda: exporting.actions_table(trajectory),
            "history": lambda: exporting.history_table(trajectory, history),
        },
    ):
        return file
    if request.method == "POST" and not _can(request, trajectory, C.FACILITATE):
        raise PermissionDenied
    form = ActionForm(request.POST or None)
    if request.method == "POST" and save_through_service(
        form, lambda: services.action_save(trajectory=trajectory, **form.cleaned_data)
    ):
        messages.success(request, _("The action has been added."))
        return redirect("trajectory:implement", trajectory_id=trajectory.id)
    return _page(
        request,
        "trajectory/implement.html",
        trajectory,
        form=form,
        actions=trajectory.actions.all(),
        decision=selectors.approved_decisions(trajectory)
        .select_related("advice", "decided_by")
        .prefetch_related("function_bands")
        .first(),
        history=history,
        step=trajectory.steps.get(number=3),
    )


@capability_required(C.FACILITATE)
def action_edit(request: HttpRequest, action_id: int) -> HttpResponse:
    action = _child(request, Action.objects.all(), action_id, C.FACILITATE)
    form = ActionForm(request.POST or None, instance=action)
    if request.method == "POST" and save_through_service(
        form,
        lambda: services.action_save(trajectory=action.trajectory, action=action, **form.cleaned_data),
    ):
        messages.success(request, _("The action has been saved."))
        return redirect("trajectory:implement", trajectory_id=action.trajectory_id)
    return _page(request, "trajectory/form.html", action.trajectory, form=form, title=_("Edit action"))


@capability_required(*VIEW)
def note(request: HttpRequest, trajectory_id: int) -> HttpResponse:
    trajectory = _trajectory(request, trajectory_id)
    return _page(request, "trajectory/note.html", trajectory, **advice_note.note_context(trajectory))


@capability_required(*VIEW)
def note_pdf(request: HttpRequest, trajectory_id: int) -> HttpResponse:
    trajectory = _trajectory(request, trajectory_id)
    pdf = advice_note.render_pdf(request, trajectory)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="adviesnotitie-bandbreedte-{trajectory.id}.pdf"'
    return response


@capability_required(C.VIEW_ORGANISATION, C.FACILITATE)
def reference_list(request: HttpRequest) -> HttpResponseBase:
    organisation = organisation_of(request)
    points = ReferencePoint.objects.filter(organisation=organisation)
    if file := exporting.download(
        request, {"references": lambda: exporting.references_table("referentiecaseloads", points)}
    ):
        return file
    return render(
        request,
        "trajectory/reference_list.html",
        {
            "points": points,
            "can_facilitate": get_access(request).can_anywhere(C.FACILITATE),
        },
    )


@capability_required(C.FACILITATE)
def reference_create(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    form = ReferenceForm(request.POST or None, initial={"active": True})
    if request.method == "POST" and save_through_service(
        form, lambda: services.reference_point_save(organisation=organisation, **form.cleaned_data)
    ):
        messages.success(request, _("The reference caseload has been added."))
        return redirect("trajectory:reference_list")
    return render(request, "trajectory/form.html", {"form": form, "title": _("Add a reference caseload")})


@capability_required(C.FACILITATE)
def reference_edit(request: HttpRequest, reference_id: int) -> HttpResponse:
    organisation = organisation_of(request)
    point = get_scoped_or_404(request, ReferencePoint.objects.all(), pk=reference_id)
    form = ReferenceForm(request.POST or None, instance=point)
    if request.method == "POST" and save_through_service(
        form,
        lambda: services.reference_point_save(organisation=organisation, point=point, **form.cleaned_data),
    ):
        messages.success(request, _("The reference caseload has been saved."))
        return redirect("trajectory:reference_list")
    return render(request, "trajectory/form.html", {"form": form, "title": point.label})
