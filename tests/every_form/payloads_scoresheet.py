"""Entries for the score sheet (format: see registry.py)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.access import Access
from accounts.roles import Capability as C
from organisations.models import Person, Team
from scoresheet import services
from scoresheet.models import Invitation, Response, RoundFactor, ScoringRound
from tests.every_form.harness import FIRST, Ctx, Form, can, everyone

NAME = "Formtest"


def _team(c: Ctx) -> Team:
    team = Team.objects.filter(organisation=c.organisation, name="Team Noord").first()
    assert team is not None, "the demo has no Team Noord in Veldstroom"
    return team


def _draft(c: Ctx) -> dict[str, int]:
    scoring_round = services.round_create(team=_team(c), title=f"{NAME} concept")
    c.store["round"] = scoring_round
    return {"round_id": scoring_round.pk}


def _open(c: Ctx) -> dict[str, int]:
    scoring_round = services.round_open(scoring_round=services.round_create(team=_team(c), title=f"{NAME} open"))
    c.store["round"] = scoring_round
    return {"round_id": scoring_round.pk}


def _first_factor(c: Ctx) -> dict[str, int]:
    _draft(c)
    return {"factor_id": c.store["round"].factors.first().pk}


def _open_for_joining(c: Ctx) -> None:
    """An open round of Veldstroom, joined by its code: no URL keyword (the code is the key). Team Noord's
    members are invited; everyone else (a login without a person in the team) takes one of its guest places."""
    scoring_round = services.round_open(
        scoring_round=services.round_create(team=_team(c), title=f"{NAME} meedoen", guests=50)
    )
    c.store["round"] = scoring_round


def _draft_without_invitations(c: Ctx) -> dict[str, int]:
    scoring_round = services.round_create(team=_team(c), title=f"{NAME} uitnodigen", invite_team=False)
    c.store["round"] = scoring_round
    return {"round_id": scoring_round.pk}


def _invitations(c: Ctx) -> int:
    return Invitation.objects.filter(round_id=c.kwargs["round_id"]).count()


def _links(c: Ctx) -> int:
    return Invitation.objects.filter(round_id=c.kwargs["round_id"]).exclude(token_hash="").count()


def _round_status(c: Ctx) -> str:
    return ScoringRound.objects.get(pk=c.kwargs["round_id"]).status


def _answered(c: Ctx) -> bool:
    """Whether the submitting user has a response in the round (a logged-in participant: keyed on the login)."""
    scoring_round = c.store["round"]
    user = get_user_model().objects.get(username=c.username)
    person = Person.objects.filter(user=user).first()
    if person is not None:
        key = services.participant_key(scoring_round.pk, person_id=person.pk)
    else:
        key = services.participant_key(scoring_round.pk, user_id=user.pk)
    return Response.objects.filter(round=scoring_round, participant_key=key).exists()


def _scores(c: Ctx) -> dict[str, str]:
    scoring_round = c.store["round"]
    return {f"score_{f.pk}": "3" for f in scoring_round.factors.all()}


def _a_trajectory(c: Ctx) -> None:
    from trajectory.models import Trajectory

    trajectory = Trajectory.objects.filter(team__organisation=c.organisation).order_by("pk").first()
    assert trajectory is not None, "the demo has no trajectory in Veldstroom"
    c.store["trajectory"] = trajectory


def _facilitates_a_team_of_the_trajectory(access: Access, c: Ctx) -> bool:
    return any(access.can(C.FACILITATE, t.pk) for t in c.store["trajectory"].team_list())


def _facilitates_the_round(c: Ctx) -> int:
    return ScoringRound.objects.get(pk=c.kwargs["round_id"]).team_id


FORMS = [
    Form(
        "scoresheet:round_create",
        may=can(C.FACILITATE),
        fill={"team": FIRST, "title": f"{NAME} ronde", "min_respondents": "3"},
        probe=lambda c: ScoringRound.objects.filter(team__organisation=c.organisation, title=f"{NAME} ronde").count(),
        expect=1,
        invalid={"title": "", "min_respondents": "2"},
    ),
    Form(
        "scoresheet:round_create",
        variant="trajectory",  # the link on piketpaaltje 3: ?traject=<id>, the trajectory's teams only
        setup=_a_trajectory,
        may=_facilitates_a_team_of_the_trajectory,
        page=lambda c: f"{reverse('scoresheet:round_create')}?traject={c.store['trajectory'].pk}",
        fill={"team": FIRST, "min_respondents": "3"},  # the title is filled in from the trajectory
        probe=lambda c: ScoringRound.objects.filter(
            team__in=c.store["trajectory"].team_list(), title__endswith=c.store["trajectory"].title
        ).count(),
        expect=lambda before: before + 1,
        invalid={"title": ""},
    ),
    Form(
        "scoresheet:round",
        variant="open",
        setup=_draft,
        may=can(C.FACILITATE, team=_facilitates_the_round),
        form_with="action=open",
        fill={},
        probe=_round_status,
        expect="open",
        no_invalid="a button without fields (opening a round in preparation)",
    ),
    Form(
        "scoresheet:round",
        variant="close",
        setup=_open,
        may=can(C.FACILITATE, team=_facilitates_the_round),
        form_with="action=close",
        fill={},
        probe=_round_status,
        expect="closed",
        # without the confirmation the view shows the confirmation page (200) and the round stays open
        invalid={"confirm": None},
        errors_shown=False,
    ),
    Form(
        "scoresheet:round",
        variant="add_factor",
        setup=_draft,
        may=can(C.FACILITATE, team=_facilitates_the_round),
        form_with="action=add_factor",
        fill={"name": f"{NAME} factor"},
        probe=lambda c: RoundFactor.objects.filter(round_id=c.kwargs["round_id"], name=f"{NAME} factor").count(),
        expect=1,
        invalid={"name": ""},
    ),
    Form(
        "scoresheet:round",
        variant="invite",
        setup=_draft_without_invitations,
        may=can(C.FACILITATE, team=_facilitates_the_round),
        form_with="action=invite",
        fill={"persons": [FIRST]},
        probe=_invitations,
        expect=1,
        invalid={"persons": None},
    ),
    Form(
        "scoresheet:round",
        variant="uninvite",
        setup=_draft,  # the team's members are invited when the round is prepared
        may=can(C.FACILITATE, team=_facilitates_the_round),
        form_with="action=uninvite",
        fill={},
        probe=_invitations,
        expect=lambda before: before - 1,
        no_invalid="a button per invited person (withdraw), without fields to fill in",
    ),
    Form(
        "scoresheet:round",
        variant="guests",
        setup=_open,
        may=can(C.FACILITATE, team=_facilitates_the_round),
        form_with="action=guests",
        fill={"guests": "4"},
        probe=lambda c: ScoringRound.objects.get(pk=c.kwargs["round_id"]).guests,
        expect=4,
        invalid={"guests": "-1"},
    ),
    Form(
        "scoresheet:round",
        variant="links",
        setup=_open,
        may=can(C.FACILITATE, team=_facilitates_the_round),
        form_with="action=links",
        fill={},
        probe=_links,
        expect=lambda before: before + 13,  # Team Noord's 13 invited members, none of whom answered
        success=(200,),  # the links are shown once, on the page that answers
        no_invalid="a button without fields (make the personal links)",
    ),
    Form(
        "scoresheet:factor_edit",
        setup=_first_factor,
        may=can(C.FACILITATE, team=lambda c: c.store["round"].team_id),
        form_with="action=save",
        fill={"name": f"{NAME} hernoemd"},
        probe=lambda c: RoundFactor.objects.get(pk=c.kwargs["factor_id"]).name,
        expect=f"{NAME} hernoemd",
        invalid={"name": ""},
    ),
    Form(
        "scoresheet:join",
        setup=_open_for_joining,
        may=everyone,  # public: anyone with the code (anonymous visitors too: scoresheet/tests/test_join.py)
        page=lambda c: f"{reverse('scoresheet:join')}?code={c.store['round'].code}",
        fill=_scores,
        probe=_answered,
        expect=True,
        success=(200,),
        invalid=lambda c: {f"score_{c.store['round'].factors.first().pk}": None},
    ),
]
