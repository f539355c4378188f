"""``manage.py caseload --organisation SLUG_OR_NAME --team NAME --on YYYY-MM-DD [--format json|csv|table]``

The caseload on a date (peildatum) per person of a team, as a registration system counts it: a case counts
on the date when its assignment started on or before it and its last day carried is that day or later
(``monitoring.point_in_time``). JSON: ``[{"person", "employee_number" (or null), "open_cases", "fte"}, …]``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from monitoring.point_in_time import TeamOnDate, team_caseload_on
from organisations.models import Organisation, Team

FORMATS = ("json", "csv", "table")


def _organisation(text: str) -> Organisation:
    found = Organisation.objects.filter(slug=text).first() or Organisation.objects.filter(name__iexact=text).first()
    if found is None:
        raise CommandError(_("No organisation “%(name)s”: give its short name or its name.") % {"name": text})
    return found


def _team(organisation: Organisation, name: str) -> Team:
    team = organisation.teams.filter(name__iexact=name.strip()).first()
    if team is None:
        names = ", ".join(organisation.teams.order_by("name").values_list("name", flat=True))
        raise CommandError(
            _("No team “%(name)s” in this organisation; its teams: %(names)s.") % {"name": name, "names": names}
        )
    return team


def rows(result: TeamOnDate) -> list[dict[str, Any]]:
    return [
        {"person": p.name, "employee_number": p.employee_number, "open_cases": p.open_cases, "fte": round(p.fte, 4)}
        for p in result.people
    ]


class Command(BaseCommand):
    help = "The caseload on a date per person of a team (cases open on that day), as JSON, CSV or a table."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--organisation", required=True, help="the organisation's short name (slug) or name")
        parser.add_argument("--team", required=True, help="the team's name")
        parser.add_argument("--on", required=True, help="the date (peildatum), YYYY-MM-DD")
        parser.add_argument("--format", choices=FORMATS, default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("nl"):
            try:
                day = dt.date.fromisoformat(options["on"])
            except ValueError:
                raise CommandError(
                    _("“%(value)s” is not a date; write it as YYYY-MM-DD.") % {"value": options["on"]}
                ) from None
            team = _team(_organisation(options["organisation"]), options["team"])
            result = team_caseload_on(team, day)
            self.stdout.write(render(result, options["format"]))


def render(result: TeamOnDate, fmt: str) -> str:
    data = rows(result)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer, fieldnames=["person", "employee_number", "open_cases", "fte"], lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows({**r, "employee_number": r["employee_number"] or ""} for r in data)
        return buffer.getvalue().rstrip("\n")
    width = max([len(_("Name")), *(len(r["person"]) for r in data)])
    lines = [f"{_('Name'):<{width}}  {_('staff number'):<14}  {_('open cases'):>10}  {'fte':>6}"]
    for r in data:
        lines.append(
            f"{r['person']:<{width}}  {r['employee_number'] or '-':<14}  {r['open_cases']:>10}  {r['fte']:>6.2f}"
        )
    lines.append(
        _("%(team)s on %(day)s: %(n)s distinct cases.")
        % {"team": result.team_name, "day": result.day.strftime("%d-%m-%Y"), "n": result.open_cases}
    )
    return "\n".join(lines)
