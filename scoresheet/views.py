from __future__ import annotations

from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.access import capability_required, get_access, get_scoped_or_404, teams_for_user
from accounts.roles import Capability as C
from organisations.models import Person
from scoresheet import selectors, services
from scoresheet.factor_lists import SCALE_LABELS
from scoresheet.forms import FactorForm, FunctionForm, JoinForm, RoundCreateForm, ScoringForm
from scoresheet.models import RoundFactor, RoundStatus, ScoringRound

SESSION_TOKENS = "scoresheet_tokens"
SESSION_FUNCTIONS = "scoresheet_functions"


def _round_for_user(request: HttpRequest, round_id: int) -> ScoringRound:
    """A round of the user's organisation (else 404) whose team they may facilitate (else 403)."""
    scoring_round = get_scoped_or_404(
        request, ScoringRound.objects.select_related("team", "previous_round"), path="team__organisation", pk=round_id
    )
    if not get_access(request).can(C.FACILITATE, scoring_round.team_id):
        raise PermissionDenied
    return scoring_round


def _factor_for_user(request: HttpRequest, factor_id: int) -> RoundFactor:
    factor = get_scoped_or_404(
        request, RoundFactor.objects.select_related("round__team"), path="round__team__organisation", pk=factor_id
    )
    if not get_access(request).can(C.FACILITATE, factor.round.team_id):
        raise PermissionDenied
    return factor


def _join_url(request: HttpRequest, scoring_round: ScoringRound) -> str:
    return request.build_absolute_uri(reverse("scoresheet:join") + "?" + urlencode({"code": scoring_round.code}))


def _qr_svg(url: str, title: str) -> str:
    """The join link as an inline SVG QR code (segno escapes the title; the URL is only encoded as modules)."""
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(scale=6, border=2, dark="#1b1b1b", light="#ffffff", title=title, svgclass="qr-code")
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))


@capability_required(C.FACILITATE, C.VIEW_OWN)
def index(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    facilitated = teams_for_user(request, C.FACILITATE)
    rounds = selectors.rounds_for_teams(facilitated) if access.can_anywhere(C.FACILITATE) else None
    own_team_id = None
    if access.person_id is not None:
        own_team_id = Person.objects.filter(pk=access.person_id).values_list("team_id", flat=True).first()
    return render(
        request,
        "scoresheet/index.html",
        {
            "rounds": rounds,
            "open_rounds": selectors.open_rounds_for_team(own_team_id),
            "can_facilitate": access.can_anywhere(C.FACILITATE),
        },
    )


@capability_required(C.FACILITATE)
def round_create(request: HttpRequest) -> HttpResponse:
    teams = teams_for_user(request, C.FACILITATE)
    form = RoundCreateForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            scoring_round = services.round_create(
                team=data["team"],
                title=data["title"],
                factor_list=data["factor_list"],
                ask_ideal=data["ask_ideal"],
                min_respondents=data["min_respondents"],
                previous_round=data["previous_round"],
                created_by=request.user,
            )
        except services.ScoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The round is prepared. Check the factors, then open it."))
            return redirect("scoresheet:round", round_id=scoring_round.pk)
    return render(request, "scoresheet/round_create.html", {"form": form})


@capability_required(C.FACILITATE)
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    """The facilitator's page: open and close the round, edit its factors, share the link, see results.

    POST ``action``: ``open``, ``close`` or ``add_factor``.
    """
    scoring_round = _round_for_user(request, round_id)
    factor_form = FactorForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "open":
                services.round_open(scoring_round=scoring_round)
                messages.success(request, _("The round is open: participants can join with the code."))
            elif action == "close":
                services.round_close(scoring_round=scoring_round)
                messages.success(request, _("The round is closed; no answers are accepted any more."))
            elif action == "add_factor":
                factor_form = FactorForm(request.POST)
                if factor_form.is_valid():
                    services.factor_add(scoring_round=scoring_round, **factor_form.cleaned_data)
                    messages.success(request, _("Factor added."))
                    return redirect(reverse("scoresheet:round", kwargs={"round_id": scoring_round.pk}) + "#factoren")
            else:
                return HttpResponse(status=400)
        except services.ScoringError as error:
            messages.error(request, str(error))
        if factor_form.is_bound and not factor_form.is_valid():
            scoring_round.refresh_from_db()
        else:
            return redirect("scoresheet:round", round_id=scoring_round.pk)
    join_url = _join_url(request, scoring_round)
    return render(
        request,
        "scoresheet/round_detail.html",
        {
            "factors": list(scoring_round.factors.all()),
            "editable": scoring_round.status != RoundStatus.CLOSED and not scoring_round.responses.exists(),
            "factor_form": factor_form,
            "join_url": join_url,
            "qr": _qr_svg(join_url, _("QR code to join the round")) if scoring_round.is_open else "",
            **_live_context(scoring_round),
        },
        status=400 if factor_form.is_bound else 200,
    )


def _live_context(scoring_round: ScoringRound) -> dict[str, object]:
    results = selectors.round_results(scoring_round)
    return {
        "round": scoring_round,
        "results": results,
        "has_remarks": results is not None and any(f.remarks for f in results.factors),
        "version": selectors.results_version(scoring_round),
        "respondents": selectors.respondent_count(scoring_round),
        "scale_labels": SCALE_LABELS[scoring_round.scale],
    }


@capability_required(C.FACILITATE)
def round_live(request: HttpRequest, round_id: int) -> HttpResponse:
    """The live results: a partial for htmx polling, or a full page."""
    scoring_round = _round_for_user(request, round_id)
    if request.headers.get("HX-Request") and request.GET.get("v") == selectors.results_version(scoring_round):
        return HttpResponse(status=204)  # nothing changed: htmx keeps what is on screen
    context = _live_context(scoring_round)
    if request.headers.get("HX-Request"):
        return render(request, "scoresheet/_results.html", context)
    return render(request, "scoresheet/round_results.html", context)


@capability_required(C.FACILITATE)
def round_screen(request: HttpRequest, round_id: int) -> HttpResponse:
    """The shared screen in the meeting room: code, short link, QR code and live results."""
    scoring_round = _round_for_user(request, round_id)
    join_url = _join_url(request, scoring_round)
    return render(
        request,
        "scoresheet/round_screen.html",
        {
            "join_url": join_url,
            "qr": _qr_svg(join_url, _("QR code to join the round")),
            **_live_context(scoring_round),
        },
    )


@capability_required(C.FACILITATE)
def factor_edit(request: HttpRequest, factor_id: int) -> HttpResponse:
    """Rename, recategorise, move or remove one factor (POST ``action``: save, up, down, delete)."""
    factor = _factor_for_user(request, factor_id)
    back = reverse("scoresheet:round", kwargs={"round_id": factor.round_id}) + "#factoren"
    action = request.POST.get("action", "save")
    form = FactorForm(request.POST if request.method == "POST" and action == "save" else None, instance=factor)
    if request.method == "POST":
        try:
            if action in ("up", "down"):
                services.factor_move(factor=factor, up=action == "up")
                return redirect(back)
            if action == "delete":
                services.factor_delete(factor=factor)
                messages.success(request, _("Factor “%(name)s” removed.") % {"name": factor.name})
                return redirect(back)
            if form.is_valid():
                services.factor_update(factor=RoundFactor.objects.get(pk=factor.pk), **form.cleaned_data)
                messages.success(request, _("Factor saved."))
                return redirect(back)
        except services.ScoringError as error:
            if action == "save":
                form.add_error(None, str(error))
            else:
                messages.error(request, str(error))
                return redirect(back)
    editable = factor.round.status != RoundStatus.CLOSED and not factor.round.responses.exists()
    return render(
        request,
        "scoresheet/factor_edit.html",
        {"form": form, "factor": factor, "round": factor.round, "editable": editable},
        status=400 if form.is_bound and form.errors else 200,
    )


# --- participants -------------------------------------------------------------------------------------


def _participant(request: HttpRequest, scoring_round: ScoringRound, *, create: bool) -> str | None:
    """The participant key: from the login, or from a random token kept in this browser's session."""
    if request.user.is_authenticated:
        return services.participant_key(scoring_round.pk, user_id=request.user.pk)
    tokens = request.session.get(SESSION_TOKENS, {})
    token = tokens.get(str(scoring_round.pk))
    if token is None:
        if not create:
            return None
        token = services.new_participant_token()
        tokens[str(scoring_round.pk)] = token
        request.session[SESSION_TOKENS] = tokens
    return services.participant_key(scoring_round.pk, token=token)


def _function(request: HttpRequest, scoring_round: ScoringRound) -> str | None:
    stored = request.session.get(SESSION_FUNCTIONS, {}).get(str(scoring_round.pk))
    if stored:
        return str(stored)
    access = get_access(request)
    if access.person_id is not None:
        return Person.objects.filter(pk=access.person_id).values_list("function", flat=True).first()
    return None


def join(request: HttpRequest) -> HttpResponse:
    """Join a round with its code (from the QR code or typed in), logged in or not, and score it.

    Without a code there is nothing to do here for an anonymous visitor: they are asked to log in (a team
    member who is logged in sees their team's open rounds). The code is the only key: no URL carries a
    round's id, and a logged-in user of another organisation never reaches it.
    """
    raw = request.POST.get("code") or request.GET.get("code")
    if not raw:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        access = get_access(request)
        team_id = None
        if access.person_id is not None:
            team_id = Person.objects.filter(pk=access.person_id).values_list("team_id", flat=True).first()
        return render(
            request,
            "scoresheet/join.html",
            {"join_form": JoinForm(), "open_rounds": selectors.open_rounds_for_team(team_id)},
        )
    code = services.normalise_code(raw)
    scoring_round = ScoringRound.objects.select_related("team__organisation").filter(code=code).first()
    if scoring_round is not None and request.user.is_authenticated:
        organisation = get_access(request).organisation
        if organisation is None or organisation.pk != scoring_round.team.organisation_id:
            scoring_round = None
    if scoring_round is None or scoring_round.status == RoundStatus.DRAFT:
        form = JoinForm(initial={"code": raw})
        return render(
            request,
            "scoresheet/join.html",
            {"join_form": form, "code_error": _("There is no open round with code %(code)s.") % {"code": raw}},
            status=404,
        )
    if scoring_round.status == RoundStatus.CLOSED:
        return render(request, "scoresheet/closed.html", {"round": scoring_round}, status=410)
    return _score(request, scoring_round)


def _score(request: HttpRequest, scoring_round: ScoringRound) -> HttpResponse:
    needs_function = scoring_round.factors.exclude(function="").exists()
    function = _function(request, scoring_round) or ""
    if request.method == "POST" and "function" in request.POST and "score_form" not in request.POST:
        function_form = FunctionForm(request.POST)
        if function_form.is_valid():
            functions = request.session.get(SESSION_FUNCTIONS, {})
            functions[str(scoring_round.pk)] = function_form.cleaned_data["function"]
            request.session[SESSION_FUNCTIONS] = functions
            return redirect(reverse("scoresheet:join") + "?" + urlencode({"code": scoring_round.code}))
        return render(request, "scoresheet/function.html", {"round": scoring_round, "form": function_form})
    if needs_function and not function:
        return render(request, "scoresheet/function.html", {"round": scoring_round, "form": FunctionForm()})

    factors = services.factors_for(scoring_round, function)
    participant = _participant(request, scoring_round, create=request.method == "POST")
    previous = services.own_answers(scoring_round, participant) if participant else None
    initial: dict[str, object] = {}
    if previous is not None:
        for factor_id, answer in previous[1].items():
            initial[f"score_{factor_id}"] = str(answer.score)
            initial[f"ideal_{factor_id}"] = str(answer.ideal) if answer.ideal else None
            initial[f"remark_{factor_id}"] = answer.remark
    form = ScoringForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        factors=factors,
        scale=scoring_round.scale,
        ask_ideal=scoring_round.ask_ideal,
    )
    saved = False
    status = 200
    if request.method == "POST":
        if form.is_valid() and participant is not None:
            try:
                services.answers_submit(
                    round_id=scoring_round.pk, participant=participant, function=function, answers=form.answers()
                )
            except services.ScoringError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                saved = True
                previous = services.own_answers(scoring_round, participant)
        else:
            status = 400
    return render(
        request,
        "scoresheet/score.html",
        {
            "round": scoring_round,
            "form": form,
            "rows": form.rows(),
            "saved": saved,
            "answered_before": previous is not None,
            "scale_labels": SCALE_LABELS[scoring_round.scale],
            "function": function,
        },
        status=status,
    )
