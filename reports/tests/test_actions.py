"""Actions of the trajectory and agreements of the caseload meetings, counted per team and as reminders."""

from __future__ import annotations

import datetime as dt

import pytest

from caseloadwijzer import clock
from monitoring.models import Agreement, CaseloadMeeting
from organisations.models import Organisation
from reports import services
from reports.actions import counts_by_team
from reports.models import EvaluationSubject
from reports.selectors import reminders
from trajectory.models import Action, Trajectory

pytestmark = pytest.mark.django_db
TODAY = clock.today()


@pytest.fixture
def zuid():
    return Organisation.objects.get(slug="veldstroom").teams.get(name="Team Zuid")


def test_open_overdue_and_done_are_counted_per_team(zuid):
    before = counts_by_team([zuid], TODAY - dt.timedelta(days=180), TODAY).get(zuid.id, (0, 0, 0))
    trajectory = Trajectory.objects.create(team=zuid, title="Testtraject acties", start_date=TODAY)
    Action.objects.create(trajectory=trajectory, description="a", owner="HR", due_date=TODAY - dt.timedelta(days=9))
    Action.objects.create(trajectory=trajectory, description="b", owner="TM", due_date=TODAY + dt.timedelta(days=9))
    Action.objects.create(
        trajectory=trajectory, description="c", owner="TM", due_date=TODAY - dt.timedelta(days=3), done=True
    )
    meeting = CaseloadMeeting.objects.create(team=zuid, date=TODAY - dt.timedelta(days=20))
    Agreement.objects.create(meeting=meeting, text="d", due_date=TODAY - dt.timedelta(days=1))
    Agreement.objects.create(meeting=meeting, text="e", due_date=TODAY - dt.timedelta(days=5), done_on=TODAY)
    Agreement.objects.create(meeting=meeting, text="no due date")
    after = counts_by_team([zuid], TODAY - dt.timedelta(days=180), TODAY)[zuid.id]
    assert (after[0] - before[0], after[1] - before[1], after[2] - before[2]) == (3, 2, 2)
    overdue = {r.text for r in reminders([zuid], TODAY) if r.kind == "action_overdue"}
    assert any("‘a’" in t or "“a”" in t for t in overdue) and any("‘d’" in t or "“d”" in t for t in overdue)
    assert not any("‘b’" in t or "“b”" in t or "‘c’" in t or "“c”" in t for t in overdue)


def test_an_evaluation_past_its_closing_date_asks_for_its_outcome(zuid):
    services.evaluation_create(
        team=zuid,
        subject=EvaluationSubject.PROCESS,
        title="Verlopen testevaluatie",
        period_start=TODAY - dt.timedelta(days=100),
        period_end=TODAY - dt.timedelta(days=20),
        opens_on=TODAY - dt.timedelta(days=20),
        closes_on=TODAY - dt.timedelta(days=2),
    )
    kinds = {r.kind for r in reminders([zuid], TODAY) if "Verlopen testevaluatie" in r.text}
    assert kinds == {"evaluation_closing"}
