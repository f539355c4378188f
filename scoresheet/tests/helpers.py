from __future__ import annotations

import datetime as dt
from decimal import Decimal

from organisations.models import Function, Organisation, Person, Team
from scoresheet import services
from scoresheet.factor_lists import FactorList
from scoresheet.models import ScoringRound
from scoresheet.selectors import RoundResults, round_results


def make_team(name: str = "Testteam Scoren") -> Team:
    organisation = Organisation.objects.get(slug="heidemeer")
    return Team.objects.create(organisation=organisation, name=name)


def make_round(team: Team, *, factor_list: str = FactorList.APPENDIX_1, open_it: bool = True, **kwargs) -> ScoringRound:
    scoring_round = services.round_create(
        team=team, title=kwargs.pop("title", "Testronde"), factor_list=factor_list, **kwargs
    )
    if open_it:
        scoring_round = services.round_open(scoring_round=scoring_round)
    return scoring_round


def member(team: Team, who: str, function: str = Function.YOUTH_CONSULTANT) -> Person:
    """A person of the team (made once per name)."""
    person, _ = Person.objects.get_or_create(
        organisation=team.organisation,
        team=team,
        name=f"Deelnemer {who}",
        defaults={"function": function, "contract_hours": Decimal("36"), "start_date": dt.date(2020, 1, 1)},
    )
    return person


def invite(scoring_round: ScoringRound, who: str, function: str = Function.YOUTH_CONSULTANT) -> Person:
    person = member(scoring_round.team, who, function)
    services.invitations_add(scoring_round=scoring_round, persons=[person])
    return person


def _answers(scoring_round: ScoringRound, score, function: str, remark: str, ideal: int | None):
    return {
        f.pk: services.AnswerInput(
            score=score if isinstance(score, int) else score.get(f.key, 3), ideal=ideal, remark=remark
        )
        for f in services.factors_for(scoring_round, function)
    }


def answer_all(
    scoring_round: ScoringRound,
    who: str,
    score: int | dict[str, int],
    *,
    function: str = "",
    remark: str = "",
    ideal: int | None = None,
):
    """``who`` answers as an invited team member (invited here if not yet)."""
    person = invite(scoring_round, who, function or Function.YOUTH_CONSULTANT)
    return services.answers_submit(
        round_id=scoring_round.pk,
        participant=services.Participant.member(scoring_round.pk, person.pk),
        function=function,
        answers=_answers(scoring_round, score, function, remark, ideal),
    )


def answer_as_guest(
    scoring_round: ScoringRound, token: str, score: int | dict[str, int], *, function: str = "", remark: str = ""
):
    """A guest (joined with the code alone) answers; needs a free guest place."""
    return services.answers_submit(
        round_id=scoring_round.pk,
        participant=services.Participant.guest(scoring_round.pk, token=token),
        function=function,
        answers=_answers(scoring_round, score, function, remark, None),
    )


def closed_results(scoring_round: ScoringRound) -> RoundResults | None:
    """Close the round (results are never shown while it is open) and read its results."""
    scoring_round.refresh_from_db()
    if scoring_round.status == "open":
        scoring_round = services.round_close(scoring_round=scoring_round)
    return round_results(scoring_round)
