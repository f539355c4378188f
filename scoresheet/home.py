"""The score sheet's section on the landing page: open rounds to take part in, and to facilitate."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.access import Access, teams_for_user
from accounts.roles import Capability as C
from organisations.models import Person
from scoresheet.models import RoundStatus, ScoringRound
from scoresheet.selectors import open_rounds_for_team


def scoresheet_section(request: HttpRequest, access: Access) -> dict[str, Any] | None:
    own_team_id = None
    if access.person_id is not None:
        own_team_id = Person.objects.filter(pk=access.person_id).values_list("team_id", flat=True).first()
    to_join = list(open_rounds_for_team(own_team_id))
    facilitating: list[ScoringRound] = []
    if access.can_anywhere(C.FACILITATE):
        facilitating = list(
            ScoringRound.objects.filter(team__in=teams_for_user(request, C.FACILITATE), status=RoundStatus.OPEN)
            .select_related("team")
            .order_by("-opened_at")[:5]
        )
    if not to_join and not facilitating:
        return None
    return {"to_join": to_join, "facilitating": facilitating}
