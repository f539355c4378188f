from __future__ import annotations

from organisations.models import Organisation, Team
from scoresheet import services
from scoresheet.factor_lists import FactorList
from scoresheet.models import ScoringRound


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


def answer_all(
    scoring_round: ScoringRound,
    who: str,
    score: int | dict[str, int],
    *,
    function: str = "",
    remark: str = "",
    ideal: int | None = None,
):
    factors = services.factors_for(scoring_round, function)
    answers = {
        f.pk: services.AnswerInput(
            score=score if isinstance(score, int) else score.get(f.key, 3), ideal=ideal, remark=remark
        )
        for f in factors
    }
    return services.answers_submit(
        round_id=scoring_round.pk,
        participant=services.participant_key(scoring_round.pk, token=who),
        function=function,
        answers=answers,
    )
