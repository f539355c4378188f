"""A recorded caseload meeting with agreements in every team (so that meeting pages exist in both organisations).

Made after every step that sets a band, a norm, cases or the formation (s10–s50), through the service the web
uses (``meeting_create``), so that the snapshot frozen in the meeting is the dashboard as it was on the
meeting's date: the band in force then, the same members above it. The notes say what the snapshot shows.
Idempotent: a team that has a meeting gets none.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from demo.context import DemoContext
from monitoring.models import CaseloadMeeting, MeetingSchedule
from monitoring.services import agreement_add, meeting_create, schedule_set
from organisations.models import CASELOAD_FUNCTIONS, Organisation

MEETING_DAYS_AGO = 14


def _deviations_text(snapshot: dict) -> str:
    """The notes on deviations, from the meeting's own snapshot."""
    above = [m["name"] for m in snapshot["members"] if m.get("signal") == "above"]
    below = [m for m in snapshot["members"] if m.get("signal") == "below"]
    if not above:
        return "Niemand zit boven de band of marge; er is ruimte voor instroom."
    who = "één collega zit" if len(above) == 1 else f"{len(above)} collega's zitten"
    text = f"Volgens het overzicht van vandaag {who} boven de band of marge; zij nemen voorlopig geen instroom."
    if below:
        text += f" {len(below)} hebben ruimte en nemen de nieuwe casussen."
    return text


def _meeting(ctx: DemoContext, organisation: Organisation) -> None:
    for team in organisation.teams.all():
        if CaseloadMeeting.objects.filter(team=team).exists():
            continue
        if not MeetingSchedule.objects.filter(team=team).exists():
            schedule_set(team=team, every_weeks=2)
        members = [p for p in team.members.order_by("name") if p.function in CASELOAD_FUNCTIONS]
        day = ctx.today - dt.timedelta(days=MEETING_DAYS_AGO)
        meeting = meeting_create(
            team=team,
            date=day,
            attendees=members[:6],
            inflow_discussed="Drie nieuwe casussen besproken; verdeeld op basis van de wat-als-weergave.",
            outflow_discussed="Vier casussen ronden naar verwachting binnen vier weken af.",
        )
        meeting.deviations_discussed = _deviations_text(meeting.snapshot)
        meeting.save(update_fields=["deviations_discussed"])
        # recorded on the day itself (the clock of a demo is its pretend "today", not the machine's)
        CaseloadMeeting.objects.filter(pk=meeting.pk).update(
            created_at=timezone.make_aware(dt.datetime.combine(day, dt.time(16, 0)))
        )
        if members:
            agreement_add(
                meeting=meeting,
                text="Geen nieuwe instroom voor collega's boven de band tot de volgende bespreking",
                owner=members[0],
                due_date=ctx.today + dt.timedelta(days=7),
            )
            agreement_add(
                meeting=meeting,
                text="Verlopen verwachte einddata nalopen en bijwerken",
                owner=members[-1],
                due_date=ctx.today + dt.timedelta(days=14),
            )


def run(ctx: DemoContext) -> None:
    for organisation in Organisation.objects.filter(slug__in=["heidemeer", "veldstroom"]):
        _meeting(ctx, organisation)
