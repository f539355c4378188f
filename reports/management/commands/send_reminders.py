"""Mail each person responsible their reminders: upcoming evaluations, bands past their evaluation date,
expired actions. Run daily (cron or a systemd timer); a reminder goes to the same person at most once a week.

Mail goes out through Django's EMAIL_BACKEND (console by default, so an installation without mail only logs).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.roles import CAPABILITIES, Capability
from caseloadwijzer import clock
from organisations.models import Organisation, Team
from reports.models import Evaluation, EvaluationStatus, ReminderSent
from reports.selectors import Reminder, reminders

REPEAT_AFTER_DAYS = 7


def _responsible_roles() -> list[str]:
    return [
        role for role, caps in CAPABILITIES.items() if Capability.MANAGE_TEAM in caps or Capability.FACILITATE in caps
    ]


def recipients(team: Team) -> list[Any]:
    """Users with a team-running role for this team, or for the whole organisation, with an e-mail address."""
    users = get_user_model().objects.filter(
        Q(memberships__team=team) | Q(memberships__team__isnull=True),
        memberships__organisation=team.organisation,
        memberships__role__in=_responsible_roles(),
        is_active=True,
    )
    return list(users.exclude(email="").distinct())


def invitations(today: dt.date) -> list[tuple[int, Reminder]]:
    """(user id, invitation) for every team member with a login and an address who has not yet answered an
    evaluation that is open today."""
    out: list[tuple[int, Reminder]] = []
    for e in Evaluation.objects.filter(
        status=EvaluationStatus.OPEN, opens_on__lte=today, closes_on__gte=today
    ).select_related("team"):
        members = (
            get_user_model()
            .objects.filter(Q(person__team=e.team) | Q(memberships__team=e.team), is_active=True)
            .exclude(email="")
            .exclude(id__in=e.participations.values("user_id"))
            .distinct()
        )
        text = _("Evaluation “%(title)s” waits for your anonymous answer, until %(date)s.") % {
            "title": e.title,
            "date": date_format(e.closes_on),
        }
        url = reverse("reports:evaluation_answer", kwargs={"evaluation_id": e.id})
        reminder = Reminder("evaluation_invite", e.team, e.closes_on, text, url, f"eval-invite-{e.id}")
        out.extend((user_id, reminder) for user_id in members.values_list("id", flat=True))
    return out


def plan(today: dt.date) -> dict[int, list[Reminder]]:
    """user id → the reminders due for them today (not sent to them in the last week)."""
    per_user: dict[int, list[Reminder]] = defaultdict(list)
    for organisation in Organisation.objects.all():
        teams = list(organisation.teams.all())
        for reminder in reminders(teams, today):
            users = {u.id for u in recipients(reminder.team)}
            if reminder.owner_user_id is not None:
                users.add(reminder.owner_user_id)
            for user_id in users:
                per_user[user_id].append(reminder)
    for user_id, reminder in invitations(today):
        per_user[user_id].append(reminder)
    recent = set(
        ReminderSent.objects.filter(
            user_id__in=list(per_user), sent_on__gt=today - dt.timedelta(days=REPEAT_AFTER_DAYS)
        ).values_list("user_id", "key")
    )
    return {
        user_id: due
        for user_id, items in per_user.items()
        if (due := [r for r in items if (user_id, r.key) not in recent])
    }


class Command(BaseCommand):
    help = "Send reminder e-mails about evaluations, bands past their evaluation date and expired actions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="Pretend today is this date.")
        parser.add_argument("--dry-run", action="store_true", help="List what would be sent; send nothing.")
        parser.add_argument(
            "--base-url", default="", help="Prefix for links in the mail, e.g. https://caseload.example.nl"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Reminder texts are written when planned: plan and render in the installation's language.
        with translation.override(settings.LANGUAGE_CODE):
            self._send(options)

    def _send(self, options: dict[str, Any]) -> None:
        today = options["today"] or clock.today()
        planned = plan(today)
        users = get_user_model().objects.in_bulk(list(planned))
        sent = 0
        for user_id, items in planned.items():
            user = users.get(user_id)
            if user is None or not user.email:
                continue
            if options["dry_run"]:
                self.stdout.write(f"{user.email}: {len(items)}")
                continue
            context = {"user": user, "reminders": items, "base_url": options["base_url"].rstrip("/")}
            subject = render_to_string("reports/mail/reminders_subject.txt", context).strip()
            body = render_to_string("reports/mail/reminders.txt", context)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            ReminderSent.objects.bulk_create([ReminderSent(user=user, key=r.key, sent_on=today) for r in items])
            sent += 1
        self.stdout.write(f"{sent} reminder mail(s) sent.")
