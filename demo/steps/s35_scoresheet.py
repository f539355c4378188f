"""Scoring rounds of the factor score sheet in both demo organisations: a closed round half a year ago, an
open round now that compares with it, and (in Veldstroom) a spider-web round with the ideal level — each
answered by enough invited team members to show results once closed. Answers are plausible, not random
noise: each team has a few factors that weigh heavily and one on which it is divided."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone, translation

from demo.context import DemoContext
from organisations.models import Organisation, Team
from scoresheet import services
from scoresheet.factor_lists import FactorList
from scoresheet.models import ScoringRound

# Per factor key: the typical score in the team (others default to 3). A "divided" factor splits the team.
HEAVY = {
    "heidemeer": {
        "multiproblematiek": 4.5,
        "beschikbaarheid-hulp": 4.6,
        "registratiesystematiek": 4.0,
        "fluctuatie-zorgvraag": 4.2,
    },
    "veldstroom": {
        "multiproblematiek": 4.7,
        "beschikbaarheid-hulp": 4.8,
        "administratieve-ondersteuning": 4.1,
        "samenwerking-keten": 3.9,
    },
}
DIVIDED = "aansturing"
SPIDER = {"draagkracht-team": (3.2, 4.5), "administratieve-druk": (1.8, 4.0), "doorstroming": (1.9, 4.2)}


def _score(rng: random.Random, centre: float) -> int:
    return max(1, min(5, round(rng.gauss(centre, 0.7))))


def _fill(ctx: DemoContext, scoring_round: ScoringRound, slug: str, n: int, shift: float, when: dt.datetime) -> None:
    rng = ctx.rng(f"scores-{scoring_round.team.name}-{scoring_round.title}")
    services.round_open(scoring_round=scoring_round)
    factors = list(scoring_round.factors.all())
    remarks = [
        "Wachtlijsten bij de specialistische jeugdhulp kosten ons per gezin uren extra.",
        "Het registratiesysteem vraagt dubbele invoer.",
        "Nieuwe collega's hebben nog weinig ruimte voor intervisie.",
    ]
    # invited team members answer (round_create invited the team); those with a demo login last, so that
    # a demo login usually still finds the open round unanswered
    members = sorted(services.current_members(scoring_round.team), key=lambda p: (p.user_id is not None, p.name))
    for i in range(n):
        answers = {}
        for f in factors:
            if scoring_round.scale == "condition":
                actual, ideal = SPIDER.get(f.key, (3.0, 4.3))
                answers[f.pk] = services.AnswerInput(score=_score(rng, actual + shift), ideal=_score(rng, ideal))
                continue
            centre = HEAVY[slug].get(f.key, 2.6) + shift
            if f.key == DIVIDED:
                centre = 1.5 if i % 2 else 4.6
            remark = remarks[i % len(remarks)] if i < len(remarks) and f.key in HEAVY[slug] else ""
            answers[f.pk] = services.AnswerInput(score=_score(rng, centre), remark=remark)
        services.answers_submit(
            round_id=scoring_round.pk,
            participant=services.Participant.member(scoring_round.pk, members[i].pk),
            function="",
            answers=answers,
        )
    ScoringRound.objects.filter(pk=scoring_round.pk).update(opened_at=when, created_at=when - dt.timedelta(days=1))


def _rounds_for(ctx: DemoContext, team: Team, slug: str, spider: bool) -> None:
    if ScoringRound.objects.filter(team=team).exists():
        return
    now = timezone.make_aware(dt.datetime.combine(ctx.today, dt.time(10, 0)))
    spring = services.round_create(team=team, title="Meewegende factoren – voorjaar", factor_list=FactorList.APPENDIX_1)
    _fill(ctx, spring, slug, 9, 0.2, now - dt.timedelta(days=180))
    services.round_close(scoring_round=spring)
    ScoringRound.objects.filter(pk=spring.pk).update(closed_at=now - dt.timedelta(days=179))
    autumn = services.round_create(
        team=team,
        title="Meewegende factoren – najaar",
        factor_list=FactorList.PREVIOUS,
        previous_round=spring,
        guests=3,  # a few places for colleagues without an account, who join with the code alone
    )
    _fill(ctx, autumn, slug, 6, -0.1, now)
    if spider:
        web = services.round_create(team=team, title="Spinnenweb randvoorwaarden", factor_list=FactorList.SPIDER_WEB)
        _fill(ctx, web, slug, 7, 0.0, now - dt.timedelta(days=30))
        services.round_close(scoring_round=web)
        ScoringRound.objects.filter(pk=web.pk).update(closed_at=now - dt.timedelta(days=16))


def run(ctx: DemoContext) -> None:
    with translation.override("nl"):
        for slug in ("heidemeer", "veldstroom"):
            organisation = Organisation.objects.get(slug=slug)
            for index, team in enumerate(organisation.teams.order_by("name")):
                _rounds_for(ctx, team, slug, spider=index == 0)
