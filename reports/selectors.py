"""Reads for evaluations, workload and reminders. Callers pass objects already scoped to the user."""

from __future__ import annotations

import datetime as dt
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import mean, median
from typing import Any

from django.db.models import QuerySet

from caseload_core.factors import people_needed
from caseload_core.period import TeamWeeks, team_weeks
from caseload_core.privacy import threshold_for
from monitoring.selectors import teams_figures
from organisations.models import Team
from reports.models import (
    BandFit,
    Evaluation,
    EvaluationStatus,
    MeetingsScore,
    Reflection,
    WorkloadRegistration,
)

UPCOMING_DAYS = 30
"""A date within this many days counts as upcoming on the dashboards and in the reminder mails."""


@dataclass(frozen=True)
class EvaluationResult:
    """The aggregate of an evaluation's answers; the details only once it is closed, and only from
    ``people_needed`` answers on (``threshold`` people besides any one reader, who knows their own answer)."""

    evaluation: Evaluation
    respondents: int
    threshold: int
    band_fit: list[tuple[str, str, int]] = field(default_factory=list)
    meetings_mean: float | None = None
    meetings_median: float | None = None
    meetings_spread: list[tuple[int, str, int]] = field(default_factory=list)
    pinched: list[str] = field(default_factory=list)
    change: list[str] = field(default_factory=list)

    @property
    def people_needed(self) -> int:
        return people_needed(self.threshold)

    @property
    def closed(self) -> bool:
        return self.evaluation.status == EvaluationStatus.CLOSED

    @property
    def shown(self) -> bool:
        return self.closed and self.respondents >= self.people_needed

    @property
    def fits_share(self) -> float | None:
        """Share of the answers with an opinion that say the band fits."""
        counted = sum(n for code, _label, n in self.band_fit if code != BandFit.DONT_KNOW)
        fits = sum(n for code, _label, n in self.band_fit if code == BandFit.FITS)
        return fits / counted if self.shown and counted else None


def evaluation_result(evaluation: Evaluation) -> EvaluationResult:
    """Nothing but the count while the evaluation is open: whoever answers third would otherwise see the first
    two answers (and their free texts), and every later answer would show as a change. After closing, the
    details from ``threshold + 1`` answers on (docs/architecture.md, "Evaluations")."""
    threshold = threshold_for(evaluation.min_respondents)
    if evaluation.status != EvaluationStatus.CLOSED:
        return EvaluationResult(evaluation, evaluation.responses.count(), threshold)
    answers = list(evaluation.responses.values_list("band_fit", "meetings_score", "pinched", "change"))
    if len(answers) < people_needed(threshold):
        return EvaluationResult(evaluation, len(answers), threshold)
    fits = Counter(a[0] for a in answers)
    scores = [a[1] for a in answers]
    spread = Counter(scores)
    return EvaluationResult(
        evaluation,
        len(answers),
        threshold,
        band_fit=[(code, str(label), fits.get(code, 0)) for code, label in BandFit.choices],
        meetings_mean=mean(scores),
        meetings_median=float(median(scores)),
        meetings_spread=[(value, str(label), spread.get(value, 0)) for value, label in MeetingsScore.choices],
        # Sorted, so that the order of the texts says nothing about who answered when.
        pinched=sorted(a[2].strip() for a in answers if a[2].strip()),
        change=sorted(a[3].strip() for a in answers if a[3].strip()),
    )


def evaluations_for(teams: QuerySet[Team]) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(team__in=teams).select_related("team", "bandwidth").order_by("-opens_on", "id")


def open_evaluations_to_answer(teams: Iterable[Team], user: Any, today: dt.date) -> list[Evaluation]:
    return list(
        Evaluation.objects.filter(
            team__in=list(teams), status=EvaluationStatus.OPEN, opens_on__lte=today, closes_on__gte=today
        )
        .exclude(participations__user=user)
        .select_related("team")
    )


def workload_rows(team: Team) -> list[dict[str, Any]]:
    rows = []
    for reg in WorkloadRegistration.objects.filter(team=team).order_by("-period_start", "-id"):
        indirect = sum(reg.percents.values())
        rows.append({"registration": reg, "indirect": indirect, "direct": 100 - indirect})
    return rows


def reflections_for(team: Team) -> QuerySet[Reflection]:
    return Reflection.objects.filter(team=team).select_related("case", "case__case_type")


@dataclass(frozen=True)
class Reminder:
    kind: str  # "evaluation_upcoming", "evaluation_closing", "band_due", "band_overdue", "action_overdue"
    team: Team
    date: dt.date
    text: str
    url: str
    key: str
    owner_user_id: int | None = None


def reminders(teams: Iterable[Team], today: dt.date) -> list[Reminder]:
    """Upcoming evaluation dates, bands at or past their evaluation date, and expired actions."""
    from django.urls import NoReverseMatch, reverse
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    from monitoring.models import Bandwidth
    from reports import actions

    team_list = list(teams)
    soon = today + dt.timedelta(days=UPCOMING_DAYS)
    out: list[Reminder] = []
    for e in Evaluation.objects.filter(team__in=team_list, status=EvaluationStatus.OPEN).select_related("team"):
        url = reverse("reports:evaluation", kwargs={"evaluation_id": e.id})
        if today < e.opens_on <= soon:
            text = _("Evaluation “%(title)s” starts on %(date)s.") % {"title": e.title, "date": date_format(e.opens_on)}
            out.append(Reminder("evaluation_upcoming", e.team, e.opens_on, text, url, f"eval-up-{e.id}"))
        elif e.closes_on < today:
            text = _("Evaluation “%(title)s” closed for answers on %(date)s: record its outcome.") % {
                "title": e.title,
                "date": date_format(e.closes_on),
            }
            out.append(Reminder("evaluation_closing", e.team, e.closes_on, text, url, f"eval-close-{e.id}"))
    current = _current_bands(Bandwidth.objects.filter(team__in=team_list).select_related("team"), today)
    evaluated = set(
        Evaluation.objects.filter(bandwidth__in=current, status=EvaluationStatus.CLOSED).values_list(
            "bandwidth_id", flat=True
        )
    )
    try:
        new_url = reverse("reports:evaluation_create")
    except NoReverseMatch:
        new_url = ""
    for band in current:
        if band.evaluation_date is None or band.id in evaluated or band.evaluation_date > soon:
            continue
        overdue = band.evaluation_date < today
        text = (
            _("The band of %(team)s was due for evaluation on %(date)s.")
            if overdue
            else _("The band of %(team)s is due for evaluation on %(date)s.")
        ) % {"team": band.team.name, "date": date_format(band.evaluation_date)}
        kind = "band_overdue" if overdue else "band_due"
        out.append(Reminder(kind, band.team, band.evaluation_date, text, new_url, f"{kind}-{band.id}"))
    by_id = {t.id: t for t in team_list}
    for a in actions.overdue(team_list, today):
        text = _("Action “%(action)s” (%(owner)s) was due on %(date)s.") % {
            "action": a.description,
            "owner": a.owner,
            "date": date_format(a.due_date),
        }
        key = f"action-{a.source}-{a.team_id}-{a.due_date:%Y%m%d}-{zlib.crc32(a.description.encode())}"
        out.append(Reminder("action_overdue", by_id[a.team_id], a.due_date, text, "", key, a.owner_user_id))
    return sorted(out, key=lambda r: (r.date, r.team.name, r.text))


def _current_bands(bands: QuerySet[Any], today: dt.date) -> list[Any]:
    """Per team and function, the band in force today (the latest valid_from on or before today)."""
    latest: dict[tuple[int, str], Any] = {}
    for band in bands.filter(valid_from__lte=today).order_by("valid_from"):
        latest[(band.team_id, band.function)] = band
    return list(latest.values())


def period_weeks(teams: list[Team], start: dt.date, end: dt.date) -> dict[int, TeamWeeks]:
    """The one read of the HR summary's weekly figures: each team's dashboard picture
    (``monitoring.selectors.teams_figures``, the dashboard's own source) over the period, as the period
    figures of ``caseload_core.period`` take it (the team's and each member's signal per week included)."""
    return {
        team_id: team_weeks(tf.mondays, tf.team, [m.figures for m in tf.members], tf.vacancy_fte, tf.margin)
        for team_id, tf in teams_figures(teams, start=start, end=end).items()
    }
