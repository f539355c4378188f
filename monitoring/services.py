"""Writes for the caseload meeting: the schedule, meetings with their frozen snapshot, agreements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from monitoring.models import Agreement, CaseloadMeeting, MeetingSchedule
from monitoring.presenters import summary
from monitoring.selectors import team_figures
from organisations.models import Person, Team

SNAPSHOT_WEEKS = 13


def snapshot_of(team: Team, on: dt.date) -> dict[str, Any]:
    """The figures as shown on the dashboard on ``on`` (last 13 weeks; the figures now on ``on``), as plain
    JSON: the members counted on that day, each with their band in cases."""
    figures = team_figures(team, start=on - dt.timedelta(weeks=SNAPSHOT_WEEKS) + dt.timedelta(days=1), end=on)

    def clean(d: dict[str, Any]) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in d.items()}

    return {
        "on": on.isoformat(),
        "margin_percent": team.margin_percent,
        "team": clean(summary(figures.now, figures.team))
        | {"inflow": float(figures.team.inflow[-1]), "outflow": float(figures.team.outflow[-1])},
        "members": [
            {"person_id": m.person_id, "name": m.name} | clean(summary(m.now, m.figures)) for m in figures.counted
        ],
        "overdue": [{"reference": o.reference, "expected_end": o.expected_end.isoformat()} for o in figures.overdue],
    }


@transaction.atomic
def meeting_create(
    *,
    team: Team,
    date: dt.date,
    attendees: Sequence[Person] = (),
    inflow_discussed: str = "",
    outflow_discussed: str = "",
    deviations_discussed: str = "",
) -> CaseloadMeeting:
    """Record a meeting and freeze the figures of that date in it."""
    for person in attendees:
        if person.organisation_id != team.organisation_id:
            raise ValidationError({"attendees": _("An attendee belongs to another organisation.")})
    meeting = CaseloadMeeting(
        team=team,
        date=date,
        inflow_discussed=inflow_discussed,
        outflow_discussed=outflow_discussed,
        deviations_discussed=deviations_discussed,
        snapshot=snapshot_of(team, date),
    )
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    return meeting


def agreement_add(
    *, meeting: CaseloadMeeting, text: str, owner: Person | None = None, due_date: dt.date | None = None
) -> Agreement:
    if owner is not None and owner.organisation_id != meeting.team.organisation_id:
        raise ValidationError({"owner": _("The owner belongs to another organisation.")})
    if due_date is not None and due_date < meeting.date:
        raise ValidationError({"due_date": _("The due date lies before the meeting.")})
    agreement = Agreement(meeting=meeting, text=text, owner=owner, due_date=due_date)
    agreement.full_clean()
    agreement.save()
    return agreement


def agreement_done(*, agreement: Agreement, on: dt.date) -> Agreement:
    agreement.done_on = on
    agreement.save(update_fields=["done_on"])
    return agreement


def schedule_set(*, team: Team, every_weeks: int) -> MeetingSchedule:
    if every_weeks < 1:
        raise ValidationError({"every_weeks": _("Meet at least once every so many weeks (1 or more).")})
    schedule, _created = MeetingSchedule.objects.update_or_create(team=team, defaults={"every_weeks": every_weeks})
    return schedule


def open_agreements(team: Team) -> list[Agreement]:
    return list(
        Agreement.objects.filter(meeting__team=team, done_on__isnull=True)
        .select_related("owner", "meeting")
        .order_by("due_date", "id")
    )
