"""The demo tells one coherent story: its dates are in order, and each meeting's snapshot is the dashboard of
that meeting's date (the band in force then, the same members above it)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation

from caseloadwijzer import clock
from monitoring.models import Bandwidth, CaseloadMeeting
from monitoring.services import snapshot_of
from scoresheet.models import ScoringRound
from trajectory.models import Advice, Decision, Trajectory

DEMO = ["heidemeer", "veldstroom"]


def _day(moment: dt.datetime | None) -> dt.date | None:
    return None if moment is None else timezone.localtime(moment).date()


def test_every_advice_is_written_before_its_decision_and_after_its_predecessor(db):
    today = clock.today()
    problems = []
    advices = Advice.objects.filter(trajectory__team__organisation__slug__in=DEMO).order_by("trajectory", "version")
    assert advices.count() >= 3
    previous: dict[int, Advice] = {}
    for advice in advices:
        written = _day(advice.created_at)
        if written > today:
            problems.append(f"advice {advice} written {written}, after today {today}")
        if written < advice.trajectory.start_date:
            problems.append(f"advice {advice} written {written}, before its trajectory started")
        before = previous.get(advice.trajectory_id)
        if before is not None:
            if written < _day(before.created_at):
                problems.append(f"advice {advice} written {written}, before version {before.version}")
            decision = Decision.objects.filter(advice=before).first()
            if decision is not None and written < decision.decided_on:
                problems.append(f"advice {advice} written {written}, before the decision on version {before.version}")
        previous[advice.trajectory_id] = advice
    decisions = Decision.objects.filter(advice__trajectory__team__organisation__slug__in=DEMO)
    assert decisions.exists()
    for decision in decisions:
        if decision.decided_on < _day(decision.advice.created_at):
            problems.append(f"decision {decision} on {decision.decided_on}, before the advice it decides on")
        if decision.decided_on > today:
            problems.append(f"decision {decision} on {decision.decided_on}, after today")
        if decision.valid_from is not None and decision.valid_from < decision.decided_on:
            problems.append(f"decision {decision} in force from {decision.valid_from}, before it was taken")
    for trajectory in Trajectory.objects.filter(team__organisation__slug__in=DEMO):
        if _day(trajectory.created_at) > trajectory.start_date:
            problems.append(f"trajectory {trajectory} recorded after its start")
    assert problems == [], "\n".join(problems)


def test_scoring_rounds_and_meetings_are_dated_in_order(db):
    today = clock.today()
    problems = []
    rounds = ScoringRound.objects.filter(team__organisation__slug__in=DEMO)
    assert rounds.exists()
    for r in rounds:
        created, opened, closed = _day(r.created_at), _day(r.opened_at), _day(r.closed_at)
        if opened is not None and created > opened:
            problems.append(f"round {r} created {created}, after it opened {opened}")
        if closed is not None and (opened is None or closed < opened):
            problems.append(f"round {r} closed {closed}, before it opened {opened}")
        for when in (created, opened, closed):
            if when is not None and when > today:
                problems.append(f"round {r}: {when} is after today {today}")
    meetings = CaseloadMeeting.objects.filter(team__organisation__slug__in=DEMO)
    assert meetings.count() >= 2
    for meeting in meetings:
        if meeting.date > today or _day(meeting.created_at) < meeting.date:
            problems.append(f"meeting {meeting.date} recorded {_day(meeting.created_at)}")
        for agreement in meeting.agreements.all():
            if agreement.due_date is not None and agreement.due_date < meeting.date:
                problems.append(f"agreement {agreement.text!r} due before its meeting")
    assert problems == [], "\n".join(problems)


def test_each_meetings_snapshot_is_the_dashboard_of_its_date(db):
    meetings = CaseloadMeeting.objects.filter(team__organisation__slug__in=DEMO).select_related("team")
    with_band = 0
    for meeting in meetings:
        with translation.override("nl"):
            assert meeting.snapshot == snapshot_of(meeting.team, meeting.date), meeting
        band = Bandwidth.objects.filter(team=meeting.team, valid_from__lte=meeting.date).exists()
        members = meeting.snapshot["members"]
        assert members
        if band:
            with_band += 1
            # the band in force on that date is in the snapshot, for every member with deployable hours
            assert all(m["band_upper"] is not None for m in members if m["deployable"]), meeting
            assert meeting.snapshot["team"]["band_upper"] is not None
        above = sum(m["signal"] == "above" for m in members)
        notes = meeting.deviations_discussed
        assert str(above) in notes or (above == 1 and "één collega" in notes) or (above == 0 and "Niemand" in notes), (
            meeting,
            above,
            notes,
        )
    assert with_band >= 2, "the demo's teams with a band (Heidemeer, Team Midden) show it in their meeting"
