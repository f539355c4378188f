"""Entries for the bandwidth trajectory and the scoring rounds (format: see registry.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Capability as C
from organisations.models import Team
from scoresheet import services as scoring
from scoresheet.models import RoundFactor, RoundStatus, ScoringRound
from tests.every_form.harness import FIRST, Ctx, Form, Rule, can
from trajectory.models import Action, Advice, ReferencePoint, SketchFigure, Trajectory, TrajectoryStep
from trajectory.services import trajectory_update

NAME = "Formtest"
CBS_FILE = Path(__file__).resolve().parents[2] / "trajectory" / "tests" / "files"
CBS_CSV = CBS_FILE / "statline-export-bevolking-postcode-almere-2022-2025.csv"
"""The StatLine download the trajectory tests import."""


def _trajectory(c: Ctx) -> Trajectory:
    if "trajectory_id" in c.kwargs:
        return Trajectory.objects.get(pk=c.kwargs["trajectory_id"])
    for kwarg, model in (("step_id", TrajectoryStep), ("figure_id", SketchFigure), ("advice_id", Advice)):
        if kwarg in c.kwargs:
            return model.objects.get(pk=c.kwargs[kwarg]).trajectory
    return Action.objects.get(pk=c.kwargs["action_id"]).trajectory


def _teams(c: Ctx) -> list[int]:
    return [t.id for t in _trajectory(c).team_list()]


FACILITATES = can(C.FACILITATE, team=_teams)
"""trajectory.views._can: facilitating needs the capability for every team the trajectory covers."""


def _field(name: str) -> Any:
    return lambda c: getattr(_trajectory(c), name)


def _undecided_advice(c: Ctx) -> dict[str, int]:
    advice = Advice.objects.filter(trajectory__team__organisation=c.organisation, decision__isnull=True).first()
    assert advice is not None, "the demo has no advice without a decision"
    return {"advice_id": advice.pk}


def _almere(c: Ctx) -> None:
    """The StatLine file is about Almere's postcodes: the sketch names them first, as a user does."""
    trajectory_update(trajectory=_trajectory(c), area_name="Almere", area_codes="1309-1363")


def _cbs_file(c: Ctx) -> SimpleUploadedFile:
    return SimpleUploadedFile(CBS_CSV.name, CBS_CSV.read_bytes(), content_type="text/csv")


# --- scoring rounds ---


def _draft_round(c: Ctx, status: str = RoundStatus.DRAFT) -> ScoringRound:
    """A round of Team Noord, from the standard list, with no factor per function (no function question)."""
    team = Team.objects.get(organisation=c.organisation, name="Team Noord")
    scoring_round = scoring.round_create(team=team, title=f"{NAME} ronde")
    scoring_round.factors.update(function="")
    if status != RoundStatus.DRAFT:
        scoring.round_open(scoring_round=scoring_round)
    c.store["round"] = scoring_round
    return scoring_round


def _round_team(c: Ctx) -> int:
    if "round_id" in c.kwargs:
        return ScoringRound.objects.get(pk=c.kwargs["round_id"]).team_id
    return RoundFactor.objects.select_related("round").get(pk=c.kwargs["factor_id"]).round.team_id


FACILITATES_ROUND: Rule = can(C.FACILITATE, team=_round_team)


def _first_factor(c: Ctx) -> dict[str, int]:
    factor = _draft_round(c).factors.order_by("position", "id").first()
    assert factor is not None
    return {"factor_id": factor.pk}


def _factor(c: Ctx) -> RoundFactor | None:
    return RoundFactor.objects.filter(pk=c.kwargs["factor_id"]).first()


FORMS = [
    # --- trajectory ---
    Form(
        "trajectory:create",
        may=can(C.FACILITATE),
        fill={"team": FIRST, "title": f"{NAME} bandbreedte", "start_date": "2026-11-23"},
        probe=lambda c: Trajectory.objects.filter(team__organisation=c.organisation, title__startswith=NAME).count(),
        expect=1,
        invalid={"title": "", "start_date": "23 november"},
    ),
    Form(
        "trajectory:reference_create",
        may=can(C.FACILITATE),
        fill={"label": f"{NAME} norm", "lower": "11", "upper": "14", "unit": "kinderen", "source": NAME},
        probe=lambda c: ReferencePoint.objects.filter(organisation=c.organisation, label=f"{NAME} norm").count(),
        expect=1,
        invalid={"lower": "14", "upper": "11"},
    ),
    Form(
        "trajectory:reference_edit",
        may=can(C.FACILITATE),
        fill={"source": NAME},
        probe=lambda c: ReferencePoint.objects.get(pk=c.kwargs["reference_id"]).source,
        expect=NAME,
        invalid={"lower": "abc"},
    ),
    Form(
        "trajectory:scope",
        may=FACILITATES,
        fill={"functions": [FIRST]},
        probe=lambda c: len(_trajectory(c).functions),
        expect=1,
        invalid={"functions": ["geen-functie"]},
    ),
    Form(
        "trajectory:step_edit",
        may=FACILITATES,
        fill={"notes": f"{NAME}: afgesproken"},
        probe=lambda c: TrajectoryStep.objects.get(pk=c.kwargs["step_id"]).notes,
        expect=f"{NAME}: afgesproken",
        invalid={"planned_weeks": "-1"},
    ),
    Form(
        "trajectory:sketch",
        may=FACILITATES,
        form_with="problem_statement",
        fill={"problem_statement": f"{NAME}: te hoge caseload"},
        probe=_field("problem_statement"),
        expect=f"{NAME}: te hoge caseload",
        invalid={"area_name": "x" * 201},
    ),
    Form(
        "trajectory:cbs_import",
        setup=_almere,
        may=FACILITATES,
        form_with="file",
        fill={"file": _cbs_file},
        probe=lambda c: _trajectory(c).figures.filter(from_cbs=True).count(),
        expect=lambda before: before + 6,  # the file's six series (age groups) for Almere and the country
        invalid={"file": lambda c: SimpleUploadedFile("leeg.csv", b"", content_type="text/csv")},
    ),
    Form(
        "trajectory:figure_create",
        may=FACILITATES,
        fill={"label": f"{NAME} cijfer", "area_value": "12.5", "country_value": "9"},
        probe=lambda c: _trajectory(c).figures.filter(label=f"{NAME} cijfer").count(),
        expect=1,
        invalid={"label": "", "area_value": "veel"},
    ),
    Form(
        "trajectory:figure_edit",
        may=FACILITATES,
        fill={"recognise": f"{NAME}: herkenbaar"},
        probe=lambda c: SketchFigure.objects.get(pk=c.kwargs["figure_id"]).recognise,
        expect=f"{NAME}: herkenbaar",
        invalid={"label": ""},
    ),
    Form(
        "trajectory:intent",
        may=FACILITATES,
        fill={"intent": f"{NAME}: tijd voor elk kind"},
        probe=_field("intent"),
        expect=f"{NAME}: tijd voor elk kind",
        invalid={"intent": "x" * 5000, "case_definition": "x" * 500},
    ),
    Form(
        "trajectory:references",
        may=FACILITATES,
        fill={"ideal_caseload": "12.5"},
        probe=lambda c: str(_trajectory(c).ideal_caseload),
        expect="12.5",
        invalid={"ideal_caseload": "-4"},
    ),
    Form(
        "trajectory:factors",
        may=FACILITATES,
        fill={"factor_notes": f"{NAME}: de reistijd telt"},
        probe=_field("factor_notes"),
        expect=f"{NAME}: de reistijd telt",
        invalid={"scoring_round": "999999"},
    ),
    Form(
        "trajectory:advice",
        may=FACILITATES,
        fill={"lower": "12", "upper": "15", "reasoning": f"{NAME}: stap voor stap"},
        probe=lambda c: _trajectory(c).advices.filter(reasoning=f"{NAME}: stap voor stap").count(),
        expect=1,
        invalid={"lower": "15", "upper": "12", "reasoning": ""},
    ),
    Form(
        "trajectory:decide",
        setup=_undecided_advice,
        may=can(C.DECIDE, team=_teams),
        fill={"outcome": "approved", "decided_on": "2026-11-23", "valid_from": "2027-01-01"},
        probe=lambda c: hasattr(Advice.objects.get(pk=c.kwargs["advice_id"]), "decision"),
        expect=True,
        invalid={"outcome": None, "decided_on": ""},
    ),
    Form(
        "trajectory:implement",
        may=FACILITATES,
        form_with="description",
        fill={"description": f"{NAME}: werving", "owner": "Teammanager", "due_date": "2027-03-01"},
        probe=lambda c: _trajectory(c).actions.filter(description=f"{NAME}: werving").count(),
        expect=1,
        invalid={"due_date": "", "owner": ""},
    ),
    Form(
        "trajectory:action_edit",
        may=FACILITATES,
        fill={"owner": NAME},
        probe=lambda c: Action.objects.get(pk=c.kwargs["action_id"]).owner,
        expect=NAME,
        invalid={"description": ""},
    ),
    # --- scoring rounds: the rest is in payloads_scoresheet.py ---
    Form(
        "scoresheet:factor_edit",
        variant="down",
        setup=_first_factor,
        page=lambda c: reverse("scoresheet:round", kwargs={"round_id": c.store["round"].pk}),
        may=FACILITATES_ROUND,
        form_with="action=down",
        fill={"action": "down"},
        probe=lambda c: _factor(c).position if _factor(c) else None,
        expect=1,
        no_invalid="a button without fields",
    ),
    Form(
        "scoresheet:factor_edit",
        variant="delete",
        setup=_first_factor,
        may=FACILITATES_ROUND,
        form_with="action=delete",
        fill={},
        probe=lambda c: _factor(c) is not None,
        expect=False,
        no_invalid="a confirmation button without fields",
    ),
]
