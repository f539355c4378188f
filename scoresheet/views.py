from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.access import capability_required, get_access, get_scoped_or_404, teams_for_user
from accounts.roles import Capability as C
from organisations.models import Person, Team
from scoresheet import guessing, selectors, services
from scoresheet.factor_lists import SCALE_LABELS
from scoresheet.forms import (
    FactorForm,
    FunctionForm,
    GuestsForm,
    InviteForm,
    JoinForm,
    RoundCreateForm,
    ScoringForm,
)
from scoresheet.models import Invitation, RoundFactor, RoundStatus, ScoringRound

SESSION_TOKENS = "scoresheet_tokens"
SESSION_FUNCTIONS = "scoresheet_functions"
SESSION_INVITED = "scoresheet_invited"
"""Per round, the person whose personal link this browser opened (so it answers as that invited person)."""


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


def _trajectory_for_round(request: HttpRequest, teams: QuerySet[Team]) -> tuple[Any, QuerySet[Team]]:
    """``?traject=<id>`` (the link on piketpaaltje 3): that trajectory and the covered teams one facilitates."""
    from trajectory.models import Trajectory

    trajectory = get_scoped_or_404(
        request, Trajectory.objects.prefetch_related("teams"), path="team__organisation", pk=request.GET["traject"]
    )
    covered = teams.filter(pk__in=[t.pk for t in trajectory.team_list()])
    if not covered.exists():
        raise PermissionDenied
    return trajectory, covered


@capability_required(C.FACILITATE)
def round_create(request: HttpRequest) -> HttpResponse:
    """Prepare a round. ``?traject=<id>`` limits the teams to that trajectory's and fills in a title."""
    teams = teams_for_user(request, C.FACILITATE)
    trajectory = None
    initial: dict[str, object] = {}
    if "traject" in request.GET:
        trajectory, teams = _trajectory_for_round(request, teams)
        initial["title"] = (_("Weighing factors – %(trajectory)s") % {"trajectory": trajectory.title})[:200]
        if teams.filter(pk=trajectory.team_id).exists():
            initial["team"] = trajectory.team_id  # the lead team; the others are in the list
    form = RoundCreateForm(request.POST or None, teams=teams, initial=initial)
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
                guests=data["guests"],
                invite_team=data["invite_team"],
            )
        except services.ScoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The round is prepared. Check the factors, then open it."))
            return redirect("scoresheet:round", round_id=scoring_round.pk)
    return render(request, "scoresheet/round_create.html", {"form": form, "trajectory": trajectory})


@capability_required(C.FACILITATE)
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    """The facilitator's page: open and close the round, edit its factors, share the link, see results.

    POST ``action``: ``open``, ``close`` (with ``confirm=yes``; without it the confirmation page is shown and
    nothing changes), ``add_factor``, ``invite`` (team members to invite), ``uninvite`` (while in
    preparation), ``guests`` (how many may join with the code alone) or ``links`` (new personal links, shown
    once on the page that answers).
    """
    scoring_round = _round_for_user(request, round_id)
    factor_form = FactorForm()
    invite_form = InviteForm(scoring_round=scoring_round)
    guests_form = GuestsForm(initial={"guests": scoring_round.guests})
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "links":
                links = services.invitation_links(scoring_round=scoring_round)
                return render(
                    request,
                    "scoresheet/invitation_links.html",
                    {"round": scoring_round, "links": [_personal_link(request, p, t) for p, t in links]},
                )
            if action == "invite":
                invite_form = InviteForm(request.POST, scoring_round=scoring_round)
                if invite_form.is_valid():
                    n = services.invitations_add(
                        scoring_round=scoring_round, persons=list(invite_form.cleaned_data["persons"])
                    )
                    messages.success(request, _("%(n)s team member(s) invited.") % {"n": n})
                    return redirect(reverse("scoresheet:round", kwargs={"round_id": scoring_round.pk}) + "#deelnemers")
            elif action == "uninvite":
                person = get_scoped_or_404(
                    request,
                    Invitation.objects.filter(round=scoring_round).select_related("person"),
                    path="round__team__organisation",
                    person_id=request.POST.get("person"),
                ).person
                services.invitation_remove(scoring_round=scoring_round, person=person)
                messages.success(request, _("The invitation of %(name)s is withdrawn.") % {"name": person.name})
                return redirect(reverse("scoresheet:round", kwargs={"round_id": scoring_round.pk}) + "#deelnemers")
            elif action == "guests":
                guests_form = GuestsForm(request.POST)
                if guests_form.is_valid():
                    services.guests_set(scoring_round=scoring_round, guests=guests_form.cleaned_data["guests"])
                    messages.success(request, _("The number of guests is saved."))
                    return redirect(reverse("scoresheet:round", kwargs={"round_id": scoring_round.pk}) + "#deelnemers")
            elif action == "open":
                services.round_open(scoring_round=scoring_round)
                messages.success(request, _("The round is open: participants can join with the code."))
            elif action == "close":
                if request.POST.get("confirm") != "yes":  # closing cannot be undone: ask first
                    return render(
                        request,
                        "scoresheet/round_close.html",
                        {"round": scoring_round, "respondents": selectors.respondent_count(scoring_round)},
                    )
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
            if action == "guests" and guests_form.is_bound:
                guests_form.add_error("guests", str(error))
            else:
                messages.error(request, str(error))
        bound_forms = (factor_form, invite_form, guests_form)
        if any(f.is_bound and f.errors for f in bound_forms):
            scoring_round.refresh_from_db()
        else:
            return redirect("scoresheet:round", round_id=scoring_round.pk)
    join_url = _join_url(request, scoring_round)
    invalid = any(f.is_bound and f.errors for f in (factor_form, invite_form, guests_form))
    return render(
        request,
        "scoresheet/round_detail.html",
        {
            "factors": list(scoring_round.factors.all()),
            "editable": scoring_round.status != RoundStatus.CLOSED and not scoring_round.responses.exists(),
            "factor_form": factor_form,
            "invite_form": invite_form,
            "guests_form": guests_form,
            "invitations": list(
                Invitation.objects.filter(round=scoring_round).select_related("person").order_by("person__name")
            ),
            "join_url": join_url,
            "join_page": request.build_absolute_uri(reverse("scoresheet:join")),
            "qr": _qr_svg(join_url, _("QR code to join the round")) if scoring_round.is_open else "",
            **_live_context(scoring_round),
        },
        status=400 if invalid else 200,
    )


def _personal_link(request: HttpRequest, person: Person, token: str) -> dict[str, object]:
    url = request.build_absolute_uri(reverse("scoresheet:join") + "?" + urlencode({"uitnodiging": token}))
    return {
        "person": person,
        "url": url,
        "qr": _qr_svg(url, _("Personal QR code for %(name)s") % {"name": person.name}),
    }


def _live_context(scoring_round: ScoringRound) -> dict[str, object]:
    results = selectors.round_results(scoring_round)
    counts = selectors.participation(scoring_round)
    return {
        "round": scoring_round,
        "results": results,
        "has_remarks": results is not None and any(f.remarks for f in results.factors),
        "version": selectors.results_version(scoring_round),
        "respondents": counts.total,
        "participation": counts,
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
            "hide_navigation": True,  # base.html: no menu and no user name on the projector
            "join_url": join_url,
            "join_page": request.build_absolute_uri(reverse("scoresheet:join")),
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


def _participant(request: HttpRequest, scoring_round: ScoringRound, *, create: bool) -> services.Participant | None:
    """Who this browser answers as: the invited person whose personal link it opened, the signed-in person
    (an invited member, or a guest if not invited), a login without a person (a guest), or a guest whose token
    is kept in this browser's session. The guest token is derived from the session, so one browser sending
    its first answers many times at once is still one participant."""
    invited = request.session.get(SESSION_INVITED, {}).get(str(scoring_round.pk))
    if invited is not None:
        return services.Participant.member(scoring_round.pk, int(invited))
    if request.user.is_authenticated:
        access = get_access(request)
        if access.person_id is not None:
            return services.Participant.member(scoring_round.pk, access.person_id)
        return services.Participant.guest(scoring_round.pk, user_id=request.user.pk)
    tokens = request.session.get(SESSION_TOKENS, {})
    token = tokens.get(str(scoring_round.pk))
    if token is None:
        if not create:
            return None
        if request.session.session_key is None:
            request.session.save()
        token = services.guest_token_for_session(str(request.session.session_key), scoring_round.pk)
        tokens[str(scoring_round.pk)] = token
        request.session[SESSION_TOKENS] = tokens
    return services.Participant.guest(scoring_round.pk, token=token)


def _may_take_part(request: HttpRequest, scoring_round: ScoringRound) -> bool:
    """An invited person or someone who answered before always; a new guest only while a guest place is free."""
    participant = _participant(request, scoring_round, create=False)
    if (
        participant is not None
        and participant.person_id is not None
        and Invitation.objects.filter(round=scoring_round, person_id=participant.person_id).exists()
    ):
        return True
    if participant is not None and services.own_answers(scoring_round, participant) is not None:
        return True
    return services.guests_answered(scoring_round) < scoring_round.guests


def _function(request: HttpRequest, scoring_round: ScoringRound) -> str | None:
    stored = request.session.get(SESSION_FUNCTIONS, {}).get(str(scoring_round.pk))
    if stored:
        return str(stored)
    access = get_access(request)
    if access.person_id is not None:
        return Person.objects.filter(pk=access.person_id).values_list("function", flat=True).first()
    return None


def _own_team_id(request: HttpRequest) -> int | None:
    if not request.user.is_authenticated:
        return None
    access = get_access(request)
    if access.person_id is None:
        return None
    return Person.objects.filter(pk=access.person_id).values_list("team_id", flat=True).first()


def _join_page(request: HttpRequest, form: JoinForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "scoresheet/join.html",
        {"join_form": form, "open_rounds": selectors.open_rounds_for_team(_own_team_id(request))},
        status=status,
    )


def join(request: HttpRequest) -> HttpResponse:
    """Join a round with its code (typed in, or from the QR code's link), logged in or not, and score it.

    Public on purpose (``accounts.tests.urlmap.PUBLIC``): the code is the only key. No URL carries a round's
    id, a logged-in user of another organisation never reaches the round, and an unknown, draft or closed
    code gets the same form back with a message and nothing else about the round. Failed look-ups are
    counted per session and per address (``scoresheet.guessing``).
    """
    link = request.GET.get("uitnodiging")
    if link is not None:
        return _join_by_link(request, link)
    raw = request.GET.get("code", request.POST.get("code"))
    if raw is None:
        return _join_page(request, JoinForm())
    form = JoinForm({"code": raw})
    if not form.is_valid():
        return _join_page(request, form)
    code = form.cleaned_data["code"]
    if guessing.blocked(request, code):
        form.add_error(
            "code", _("Too many codes tried that did not fit. Wait ten minutes, or scan the QR code on the screen.")
        )
        return _join_page(request, form, status=429)
    scoring_round = ScoringRound.objects.select_related("team__organisation").filter(code=code).first()
    if scoring_round is not None and request.user.is_authenticated:
        organisation = get_access(request).organisation
        if organisation is None or organisation.pk != scoring_round.team.organisation_id:
            scoring_round = None
    invited_here = str(scoring_round.pk) in request.session.get(SESSION_INVITED, {}) if scoring_round else False
    if (
        scoring_round is not None
        and scoring_round.status == RoundStatus.OPEN
        and not request.user.is_authenticated
        and not invited_here
        and scoring_round.guests == 0
    ):
        scoring_round = None  # a round for invited people only: to a visitor, as unknown as a wrong code
    if scoring_round is None or scoring_round.status == RoundStatus.DRAFT:
        guessing.record_failure(request)
        if request.user.is_authenticated:
            message = _("There is no open round with code %(code)s.")
        else:
            message = _(
                "There is no open round with code %(code)s that you can join without an invitation. Were you "
                "invited? Then log in, or open the personal link you received."
            )
        form.add_error("code", message % {"code": _display(code)})
        return _join_page(request, form)
    if scoring_round.status == RoundStatus.CLOSED:
        guessing.record_failure(request)
        form.add_error(
            "code",
            _("The round with code %(code)s is closed: it no longer accepts answers.") % {"code": _display(code)},
        )
        return _join_page(request, form, status=410)
    guessing.remember_joined(request, code)
    if not _may_take_part(request, scoring_round):
        form.add_error("code", services.guests_full_message(scoring_round))
        return _join_page(request, form, status=403)
    return _score(request, scoring_round)


def _link_error(message: str) -> JoinForm:
    """The code form with an error about a personal link (the link itself is never echoed back)."""
    form = JoinForm({"code": ""})
    form.is_valid()
    form.errors.clear()
    form.add_error("code", message)
    return form


def _join_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """A personal link (``?uitnodiging=<token>``): this browser answers as that invited person. The link
    works until its person has answered; a wrong or used link counts as a failed look-up."""
    if guessing.blocked(request, ""):
        message = _("Too many codes tried that did not fit. Wait ten minutes, or scan the QR code on the screen.")
        return _join_page(request, _link_error(message), status=429)
    invitation = services.invitation_for_token(token)
    if invitation is None or invitation.round.status != RoundStatus.OPEN:
        guessing.record_failure(request)
        message = _(
            "This personal link does not work (any more): it was used already, replaced by a new one, or "
            "its round is not open. Type the round code, or ask the facilitator for a new link."
        )
        return _join_page(request, _link_error(message), status=404)
    invited = request.session.get(SESSION_INVITED, {})
    invited[str(invitation.round_id)] = invitation.person_id
    request.session[SESSION_INVITED] = invited
    guessing.remember_joined(request, invitation.round.code)
    # the token leaves the address bar: the rest of the way this browser carries the invitation in its session
    return redirect(reverse("scoresheet:join") + "?" + urlencode({"code": invitation.round.code}))


def _display(code: str) -> str:
    return f"{code[:3]}-{code[3:]}"


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
            "people_needed": selectors.people_needed(scoring_round.threshold),
            "invited_name": _invited_name(request, scoring_round),
        },
        status=status,
    )


def _invited_name(request: HttpRequest, scoring_round: ScoringRound) -> str:
    """The name of the invited person this browser answers as by personal link (shown only to them)."""
    person_id = request.session.get(SESSION_INVITED, {}).get(str(scoring_round.pk))
    if person_id is None:
        return ""
    return Person.objects.filter(pk=person_id).values_list("name", flat=True).first() or ""
