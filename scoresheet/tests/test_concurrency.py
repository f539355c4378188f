"""50 people submitting in the same moment: no answer lost, no duplicate (PostgreSQL, real connections).

Each thread has its own database connection (Django connections are per thread) and submits through the
same service the page uses. SQLite serialises all writers with one file lock and reports "database is
locked" under this load instead of exercising row locks, so the test only means something on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from django.db import connection

from organisations.models import Organisation, OrganisationKind, Person, Team
from scoresheet import services
from scoresheet.models import Answer, Response, RoundStatus
from tests.threads import run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers with a file lock, so there is no concurrency to test "
        "(run with scripts/with-postgres.sh)",
    ),
]

PEOPLE = 50


def _round():
    """An open round whose team's 50 members are invited."""
    organisation = Organisation.objects.create(
        name="Gelijktijdig", slug="gelijktijdig", kind=OrganisationKind.MUNICIPALITY
    )
    team = Team.objects.create(organisation=organisation, name="Team Gelijktijdig")
    Person.objects.bulk_create(
        Person(
            organisation=organisation,
            team=team,
            name=f"Collega {i:02d}",
            function="jeugdconsulent",
            contract_hours=36,
            start_date=dt.date(2020, 1, 1),
        )
        for i in range(PEOPLE)
    )
    return services.round_open(scoring_round=services.round_create(team=team, title="Vijftig tegelijk"))


def _members(scoring_round) -> list[services.Participant]:
    people = Person.objects.filter(team=scoring_round.team).order_by("name")
    return [services.Participant.member(scoring_round.pk, p.pk) for p in people]


def _run_together(work) -> list[BaseException]:
    return run_together(PEOPLE, work)


def test_fifty_simultaneous_submissions_keep_exactly_fifty_responses():
    scoring_round = _round()
    factors = list(scoring_round.factors.values_list("pk", flat=True))
    members = _members(scoring_round)

    def submit(i: int) -> None:
        services.answers_submit(
            round_id=scoring_round.pk,
            participant=members[i],
            function="",
            answers={pk: services.AnswerInput(score=1 + i % 5) for pk in factors},
        )

    assert _run_together(submit) == []
    assert Response.objects.filter(round=scoring_round).count() == PEOPLE
    assert Answer.objects.filter(response__round=scoring_round).count() == PEOPLE * len(factors)
    first = Answer.objects.filter(response__round=scoring_round, factor_id=factors[0])
    assert sorted(first.values_list("score", flat=True)) == sorted(1 + i % 5 for i in range(PEOPLE))


def test_the_same_person_pressing_send_fifty_times_at_once_stays_one_response():
    scoring_round = _round()
    factors = list(scoring_round.factors.values_list("pk", flat=True))
    key = _members(scoring_round)[0]

    def submit(i: int) -> None:
        services.answers_submit(
            round_id=scoring_round.pk,
            participant=key,
            function="",
            answers={pk: services.AnswerInput(score=1 + i % 5) for pk in factors},
        )

    assert _run_together(submit) == []
    assert Response.objects.filter(round=scoring_round).count() == 1
    assert Answer.objects.filter(response__round=scoring_round).count() == len(factors)


def test_closing_while_people_submit_leaves_nothing_after_the_close():
    scoring_round = _round()
    factors = list(scoring_round.factors.values_list("pk", flat=True))
    members = _members(scoring_round)
    closed_at_count: list[int] = []

    def work(i: int) -> None:
        if i == PEOPLE // 2:
            services.round_close(scoring_round=scoring_round)
            closed_at_count.append(Response.objects.filter(round=scoring_round).count())
            return
        with contextlib.suppress(services.ScoringError):
            services.answers_submit(
                round_id=scoring_round.pk,
                participant=members[i],
                function="",
                answers={pk: services.AnswerInput(score=3) for pk in factors},
            )

    assert _run_together(work) == []
    scoring_round.refresh_from_db()
    assert scoring_round.status == RoundStatus.CLOSED
    # every response that exists was committed before the close took the lock
    assert Response.objects.filter(round=scoring_round, submitted_at__gt=scoring_round.closed_at).count() == 0
    assert Response.objects.filter(round=scoring_round).count() == closed_at_count[0]
