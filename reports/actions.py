"""Actions and agreements with an owner and a due date, read from the apps that keep them.

The trajectory's step-3 actions (``trajectory.Action``) and the caseload meeting's agreements (in
``monitoring``) are owned by those apps; this module only reads them, and shows what exists. A source whose
app has no such model yet is skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model

from organisations.models import Team


@dataclass(frozen=True)
class ActionItem:
    team_id: int
    description: str
    owner: str
    due_date: dt.date
    done: bool
    source: str
    owner_user_id: int | None = None


def _model(label: str) -> type[Model] | None:
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _trajectory_actions(team_ids: list[int]) -> list[ActionItem]:
    model = _model("trajectory.Action")
    if model is None:
        return []
    rows = model._default_manager.filter(trajectory__team__in=team_ids).values_list(
        "trajectory__team_id", "description", "owner", "due_date", "done"
    )
    return [ActionItem(t, d, o, due, done, "trajectory") for t, d, o, due, done in rows if due is not None]


def _meeting_agreements(team_ids: list[int]) -> list[ActionItem]:
    model = _model("monitoring.Agreement")
    if model is None:
        return []
    rows = model._default_manager.filter(meeting__team__in=team_ids, due_date__isnull=False).values_list(
        "meeting__team_id", "text", "owner__name", "due_date", "done_on", "owner__user_id"
    )
    return [
        ActionItem(t, text, owner or "", due, done_on is not None, "meeting", user_id)
        for t, text, owner, due, done_on, user_id in rows
    ]


def action_items(teams: Iterable[Team]) -> list[ActionItem]:
    """Every action and agreement of these teams that has a due date."""
    team_ids = [t.id for t in teams]
    items = _trajectory_actions(team_ids) + _meeting_agreements(team_ids)
    return sorted(items, key=lambda a: (a.due_date, a.description))


def counts_by_team(teams: Iterable[Team], start: dt.date, end: dt.date) -> dict[int, tuple[int, int, int]]:
    """Per team: (open, of which overdue at the period's end, done). Actions carry no completion date, so
    open and done are as they stand now; overdue means due before the period's end and still open."""
    out: dict[int, tuple[int, int, int]] = {}
    for a in action_items(teams):
        open_, overdue, done = out.get(a.team_id, (0, 0, 0))
        if a.done:
            done += 1
        else:
            open_ += 1
            overdue += a.due_date < end
        out[a.team_id] = (open_, overdue, done)
    return out


def overdue(teams: Iterable[Team], today: dt.date) -> list[ActionItem]:
    return [a for a in action_items(teams) if not a.done and a.due_date < today]
