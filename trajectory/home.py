"""The trajectory's section on the landing page: advice awaiting the user's decision, and open trajectories."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.access import Access, teams_for_user
from accounts.roles import Capability as C
from trajectory.models import Advice, Trajectory


def trajectory_section(request: HttpRequest, access: Access) -> dict[str, Any] | None:
    facilitating = teams_for_user(request, C.FACILITATE)
    deciding = teams_for_user(request, C.DECIDE)
    deciding_ids = set(deciding.values_list("id", flat=True))
    # Only advice the user may decide on: every team of its trajectory is one they decide for.
    awaiting = [
        a
        for a in Advice.objects.filter(trajectory__team__in=deciding, decision__isnull=True)
        .select_related("trajectory__team")
        .prefetch_related("trajectory__teams")
        if {t.id for t in a.trajectory.team_list()} <= deciding_ids
    ]
    trajectories = Trajectory.objects.filter(team__in=facilitating | deciding).select_related("team")
    open_ = [t for t in trajectories.prefetch_related("steps") if any(s.status != "done" for s in t.steps.all())][:5]
    if not awaiting and not open_:
        return None
    return {"awaiting": awaiting, "open": open_}
