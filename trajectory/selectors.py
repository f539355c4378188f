"""Reads for the bandwidth trajectory. Callers pass objects already fetched through accounts.access."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caseload_core.trajectory import schedule
from caseloadwijzer import clock
from charts.scale import ScaleLabels, ScaleRow
from monitoring.models import Bandwidth
from organisations.models import Team
from trajectory.models import Advice, Decision, Outcome, ReferencePoint, Trajectory, TrajectoryStep


@dataclass(frozen=True)
class StepInfo:
    title: Any
    substeps: tuple[Any, ...]
    url_name: str


STEPS: dict[int, StepInfo] = {
    1: StepInfo(
        gettext_lazy("Sketch the situation of your municipality"),
        (
            gettext_lazy("Problem statement"),
            gettext_lazy("Stakeholders and their interests"),
            gettext_lazy("Map the care demand and make an area sketch"),
            gettext_lazy("Complete the situation sketch"),
        ),
        "trajectory:sketch",
    ),
    2: StepInfo(
        gettext_lazy("Work towards the bandwidth for a responsible caseload"),
        (
            gettext_lazy("Definition of caseload and case"),
            gettext_lazy("Your assignment and its intent"),
            gettext_lazy("Degree of engagement"),
            gettext_lazy("Weighing factors"),
            gettext_lazy("Advice or intended decision"),
            gettext_lazy("Official decision"),
        ),
        "trajectory:intent",
    ),
    3: StepInfo(
        gettext_lazy("Implement and take time to learn"),
        (
            gettext_lazy("Agreements on implementation and evaluation"),
            gettext_lazy("Implement the new way of working"),
            gettext_lazy("Safeguarding: doing, learning and improving"),
        ),
        "trajectory:implement",
    ),
}

STAKES = (
    ("trajectory:intent", gettext_lazy("1. Your assignment and its intent")),
    ("trajectory:references", gettext_lazy("2. The degree of engagement that fits")),
    ("trajectory:factors", gettext_lazy("3. Weighing factors")),
    ("trajectory:advice", gettext_lazy("4. Advice on the bandwidth")),
    ("trajectory:decisions", gettext_lazy("5. The official decision")),
)


def trajectories(teams: QuerySet[Team]) -> QuerySet[Trajectory]:
    """Trajectories led by or covering one of ``teams``."""
    ids = Trajectory.objects.filter(Q(team__in=teams) | Q(teams__in=teams)).values("id")
    return (
        Trajectory.objects.filter(id__in=ids)
        .select_related("team")
        .prefetch_related("teams", "steps", "advices__decision")
    )


def step_rows(trajectory: Trajectory, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Each step with its planned end, its handreiking sub-steps and whether it is overdue."""
    day = today or clock.today()
    rows = []
    for step in trajectory.steps.all():
        plan = schedule(step.start_date, [step.planned_weeks])[0]
        info = STEPS[step.number]
        rows.append(
            {
                "step": step,
                "info": info,
                "end": plan.end,
                "overdue": step.status != "done" and plan.end < day,
            }
        )
    return rows


def current_step(trajectory: Trajectory) -> TrajectoryStep | None:
    return next((s for s in trajectory.steps.all() if s.status != "done"), None)


def latest_decision(trajectory: Trajectory) -> Decision | None:
    return Decision.objects.filter(advice__trajectory=trajectory).select_related("advice", "decided_by").first()


def approved_decisions(trajectory: Trajectory) -> QuerySet[Decision]:
    return Decision.objects.filter(advice__trajectory=trajectory).exclude(outcome=Outcome.REJECTED)


def latest_advice(trajectory: Trajectory) -> Advice | None:
    return trajectory.advices.select_related("created_by").first()


def reference_points(trajectory: Trajectory) -> QuerySet[ReferencePoint]:
    return ReferencePoint.objects.filter(organisation=trajectory.team.organisation, active=True)


def scale_band(trajectory: Trajectory) -> tuple[tuple[float, float] | None, bool]:
    """The decided band if there is one (and True), else the latest advice's (and False)."""
    decision = approved_decisions(trajectory).first()
    if decision is not None and decision.lower is not None and decision.upper is not None:
        return (float(decision.lower), float(decision.upper)), True
    advice = latest_advice(trajectory)
    return ((float(advice.lower), float(advice.upper)) if advice else None), False


def scale_chart(trajectory: Trajectory) -> dict[str, Any]:
    """What ``{% reference_scale %}`` draws: the organisation's active references, the team's mark and band."""
    points = list(reference_points(trajectory))
    rows = [ScaleRow(f"{p.label} ({p.unit})", float(p.lower), float(p.upper), p.unit) for p in points]
    ideal = float(trajectory.ideal_caseload) if trajectory.ideal_caseload is not None else None
    band, decided = scale_band(trajectory)
    desc = _(
        "Reference caseloads from practice, science and agreements, from much engagement (few cases per FTE) "
        "to little (many)."
    )
    if ideal is not None:
        desc += " " + _("The team's ideal caseload is marked at %(ideal)s.") % {"ideal": f"{ideal:g}"}
    if band is not None:
        desc += " " + _("The band %(low)s–%(high)s is shaded.") % {"low": f"{band[0]:g}", "high": f"{band[1]:g}"}
    labels = ScaleLabels(
        title=_("Reference scale: degree of engagement per example"),
        desc=desc,
        more_engagement=_("more engagement"),
        less_engagement=_("less engagement"),
        ideal=_("ideal"),
        band=_("decided band") if decided else _("advised band"),
        axis=_("caseload per full-time FTE"),
    )
    return {"rows": rows, "labels": labels, "ideal": ideal, "band": band}


def bandwidth_history(trajectory: Trajectory) -> QuerySet[Bandwidth]:
    """Every decided band of the trajectory's teams, newest first, with the decision that made it."""
    return (
        Bandwidth.objects.filter(team__in=trajectory.team_list())
        .select_related("team")
        .prefetch_related("decisions__advice__trajectory")
        .order_by("-valid_from", "team__name", "function")
    )
