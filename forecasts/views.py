from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.access import capability_required, get_access, get_scoped_or_404, organisation_of, scoped
from accounts.roles import Capability as C
from caseloadwijzer.forms import save_through_service
from exports.tables import export_response, requested_format
from forecasts import presenters, selectors, services, tables
from forecasts.forms import ChainDefaultsForm, ScenarioForm, ViewOptionsForm
from forecasts.models import Scenario
from organisations.models import Team

VIEW = (C.VIEW_TEAM, C.VIEW_ORGANISATION)
EDIT = (C.MANAGE_TEAM, C.FACILITATE, C.DECIDE)


def _team(request: HttpRequest, team_id: int) -> Team:
    """A team forecast shows team totals only, so seeing the team or the organisation suffices."""
    team = get_scoped_or_404(request, Team.objects.select_related("organisation"), pk=team_id)
    access = get_access(request)
    if not any(access.can(c, team.id) for c in VIEW):
        raise PermissionDenied
    return team


def _can_edit(request: HttpRequest, team: Team) -> bool:
    access = get_access(request)
    return any(access.can(c, team.id) for c in EDIT)


def _scenario(request: HttpRequest, scenario_id: int) -> Scenario:
    scenario = get_scoped_or_404(
        request, Scenario.objects.select_related("team__organisation"), path="team__organisation", pk=scenario_id
    )
    _team(request, scenario.team_id)
    return scenario


def _visible_teams(request: HttpRequest) -> list[Team]:
    access = get_access(request)
    teams = scoped(request, Team.objects.select_related("organisation")).order_by("name")
    return [t for t in teams if any(access.can(c, t.id) for c in VIEW)]


@capability_required(*VIEW)
def index(request: HttpRequest) -> HttpResponseBase:
    teams = _visible_teams(request)
    overview = selectors.teams_overview(teams, horizon=13)
    if fmt := requested_format(request):
        return export_response(tables.overview_table([presenters.overview_row(tf) for tf in overview]), fmt)
    return render(
        request,
        "forecasts/index.html",
        {"rows": [presenters.overview_row(tf) for tf in overview]},
    )


@capability_required(*VIEW)
def team(request: HttpRequest, team_id: int) -> HttpResponseBase:
    team = _team(request, team_id)
    options = ViewOptionsForm(request.GET or None)
    weeks, risk = options.values()
    cases = selectors.team_cases([team])[team.id]
    tf = selectors.team_forecast(team, horizon=weeks, cases=cases)
    sees_people = get_access(request).can(C.VIEW_TEAM, team.id)
    if fmt := requested_format(request):
        if request.GET.get("tabel") == "scenarios":
            return export_response(tables.scenarios_table(team.name, team.scenarios.all()), fmt)
        if request.GET.get("tabel") == "weken":
            return export_response(tables.weeks_table(team.name, tf.rows(risk), has_band=tf.has_band), fmt)
        if not sees_people:  # the member table is shown only to those who see the team's people
            raise PermissionDenied
        return export_response(tables.people_table(team.name, selectors.people_outlook(tf, cases)), fmt)
    return render(
        request,
        "forecasts/team.html",
        {
            "team": team,
            "options": options,
            "tf": tf,
            "weeks": weeks,
            "risk": risk,
            "risk_percent": round(risk * 100),
            "chart": presenters.fan_chart(tf),
            "rows": tf.rows(risk),
            "advice": tf.advice(risk),
            "summary": presenters.summary(tf),
            "paths": number_format(selectors.forecast_paths(), force_grouping=True),
            "scenarios": team.scenarios.all(),
            "can_edit": _can_edit(request, team),
            "people": selectors.people_outlook(tf, cases) if sees_people else None,
        },
    )


@capability_required(*EDIT)
def scenario_create(request: HttpRequest, team_id: int) -> HttpResponseBase:
    team = _team(request, team_id)
    if not _can_edit(request, team):
        raise PermissionDenied
    tf = selectors.team_forecast(team, horizon=13)
    form = ScenarioForm(request.POST or None, initial=selectors.scenario_initial(team, tf))
    created: list[Scenario] = []
    if request.method == "POST" and save_through_service(
        form,
        lambda: created.append(
            services.scenario_create(team=team, created_by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        ),
    ):
        messages.success(request, _("The scenario has been saved."))
        return redirect("forecasts:scenario", scenario_id=created[0].id)
    return render(request, "forecasts/scenario_form.html", {"team": team, "form": form})


@capability_required(*VIEW)
def scenario(request: HttpRequest, scenario_id: int) -> HttpResponseBase:
    scenario = _scenario(request, scenario_id)
    team = scenario.team
    can_edit = _can_edit(request, team)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = ScenarioForm(request.POST or None, instance=scenario) if can_edit else None
    if (
        request.method == "POST"
        and form is not None
        and save_through_service(form, lambda: services.scenario_update(scenario=scenario, **form.cleaned_data))
    ):
        messages.success(request, _("The scenario has been saved."))
        return redirect("forecasts:scenario", scenario_id=scenario.id)
    if request.method == "POST":
        scenario.refresh_from_db()
    options = ViewOptionsForm(request.GET or None)
    weeks, risk = options.values()
    cases = selectors.team_cases([team])[team.id]
    formation = selectors.formations([team], selectors.default_as_of())[team.id]
    baseline = selectors.team_forecast(team, horizon=weeks, cases=cases, formation=formation)
    what_if = selectors.team_forecast(
        team, horizon=weeks, cases=cases, formation=formation, assumptions=selectors.assumptions_of(scenario)
    )
    if request.method == "GET" and (fmt := requested_format(request)):
        rows = [r for r in presenters.comparison(baseline, what_if, risk) if not r.get("advice")]
        return export_response(tables.comparison_table(scenario.name, rows), fmt)
    return render(
        request,
        "forecasts/scenario.html",
        {
            "team": team,
            "scenario": scenario,
            "form": form,
            "options": options,
            "weeks": weeks,
            "risk": risk,
            "risk_percent": round(risk * 100),
            "baseline_chart": presenters.fan_chart(baseline, title=_("Baseline")),
            "scenario_chart": presenters.fan_chart(what_if, title=scenario.name),
            "comparison": presenters.comparison(baseline, what_if, risk),
            "chain": selectors.scenario_chain(what_if, scenario),
            "can_edit": can_edit,
        },
    )


@capability_required(*EDIT)
def scenario_delete(request: HttpRequest, scenario_id: int) -> HttpResponseBase:
    scenario = _scenario(request, scenario_id)
    if not _can_edit(request, scenario.team):
        raise PermissionDenied
    if request.method == "POST":
        team_id = scenario.team_id
        services.scenario_delete(scenario=scenario)
        messages.success(request, _("The scenario has been deleted."))
        return redirect("forecasts:team", team_id=team_id)
    return render(request, "forecasts/scenario_delete.html", {"scenario": scenario})


@capability_required(*VIEW)
def chain(request: HttpRequest) -> HttpResponseBase:
    organisation = organisation_of(request)
    access = get_access(request)
    can_edit = access.can_anywhere(C.MANAGE_ORGANISATION) or access.can_anywhere(C.DECIDE)
    defaults = selectors.chain_defaults(organisation)
    form = ChainDefaultsForm(request.POST or None, instance=defaults) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if save_through_service(
            form, lambda: services.chain_defaults_save(organisation=organisation, **form.cleaned_data)
        ):
            messages.success(request, _("The assumptions have been saved."))
            return redirect("forecasts:chain")
        defaults = selectors.chain_defaults(organisation)
    teams = _visible_teams(request)
    chains = [selectors.team_chain(tf, defaults) for tf in selectors.teams_overview(teams, horizon=13)]
    if fmt := requested_format(request):
        return export_response(tables.chain_table(presenters.chain_table(chains)["rows"]), fmt)
    return render(
        request,
        "forecasts/chain.html",
        {"organisation": organisation, "form": form, "defaults": defaults, **presenters.chain_table(chains)},
    )


@capability_required(*VIEW)
def team_chain(request: HttpRequest, team_id: int) -> HttpResponseBase:
    team = _team(request, team_id)
    defaults = selectors.chain_defaults(team.organisation)
    cases = selectors.team_cases([team])[team.id]
    formation = selectors.formations([team], selectors.default_as_of())[team.id]
    baseline = selectors.team_forecast(team, horizon=13, cases=cases, formation=formation)
    columns: list[dict[str, Any]] = [
        {"name": _("Baseline (organisation's assumptions)"), "chain": selectors.team_chain(baseline, defaults)}
    ]
    for s in team.scenarios.all():
        tf = selectors.team_forecast(
            team, horizon=13, cases=cases, formation=formation, assumptions=selectors.assumptions_of(s)
        )
        columns.append({"name": s.name, "scenario": s, "chain": selectors.scenario_chain(tf, s)})
    if fmt := requested_format(request):
        return export_response(tables.team_chain_table(team.name, columns), fmt)
    return render(
        request,
        "forecasts/team_chain.html",
        {"team": team, "columns": columns, "defaults": defaults, "can_edit": _can_edit(request, team)},
    )
