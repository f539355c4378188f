"""Reads for scoring rounds. ``round_results`` is the one way to see what a round produced: aggregates only,
only once the round is closed, and only when every shown aggregate covers enough people (see
``caseload_core.factors.people_needed``): ``threshold`` invited people besides any one reader, guests never
counted towards it. docs/architecture.md, "Score sheet", gives the reasoning and what it does not guarantee."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Max, QuerySet
from django.utils.translation import gettext as _

from caseload_core.factors import (
    SCALE_MAX,
    FactorChange,
    FactorStats,
    GroupStats,
    HeavySignal,
    compare_rounds,
    factor_stats,
    group_stats,
    heaviest,
    people_needed,
    radar_area_ratio,
    several_heavy,
    shown_groups,
)
from charts.base import format_number
from organisations.models import Function
from scoresheet.models import Answer, Category, Response, RoundStatus, Scale, ScoringRound


@dataclass(frozen=True)
class FactorResult:
    key: str
    name: str
    category: str
    category_label: str
    function: str
    function_label: str
    stats: FactorStats | None
    """None when fewer than the threshold scored this factor (e.g. a factor for one function only)."""
    remarks: tuple[str, ...] = ()
    """Remarks without names, in alphabetical order (never in the order they came in)."""


@dataclass(frozen=True)
class GroupResult:
    code: str
    label: str
    respondents: int
    stats: GroupStats


@dataclass(frozen=True)
class Radar:
    """Inputs for the spider web: one axis per factor (in list order), scores on 1…``scale_max``."""

    labels: tuple[str, ...]
    actual: tuple[float, ...]
    ideal: tuple[float, ...] | None
    scale_max: int
    higher_is_better: bool

    @property
    def description(self) -> str:
        """The values in words, for the chart's <desc>."""
        ideal = self.ideal or (None,) * len(self.labels)
        word = _("ideal")
        parts = []
        for label, a, i in zip(self.labels, self.actual, ideal, strict=True):
            parts.append(f"{label}: {format_number(a, 1)}" + ("" if i is None else f" ({word} {format_number(i, 1)})"))
        return "; ".join(parts)


@dataclass(frozen=True)
class ComparisonRow:
    name: str
    change: FactorChange


@dataclass(frozen=True)
class Comparison:
    round_id: int
    title: str
    rows: tuple[ComparisonRow, ...]


@dataclass(frozen=True)
class RoundResults:
    round_id: int
    title: str
    status: str
    scale: str
    respondents: int
    threshold: int
    factors: tuple[FactorResult, ...]
    categories: tuple[GroupResult, ...]
    functions: tuple[GroupResult, ...]
    heaviest: tuple[FactorResult, ...]
    heavy_signal: HeavySignal
    radar: Radar | None
    area_ratio: float | None
    comparison: Comparison | None

    @property
    def divided(self) -> tuple[FactorResult, ...]:
        """Factors the team disagrees on, most divided first."""
        items = [f for f in self.factors if f.stats is not None and f.stats.divided]
        return tuple(sorted(items, key=lambda f: f.stats.consensus if f.stats else 1.0))

    def name_of(self, key: str) -> str:
        return next((f.name for f in self.factors if f.key == key), key)


def respondent_count(scoring_round: ScoringRound) -> int:
    """How many participants have answered (a count is safe to show at any time)."""
    return Response.objects.filter(round=scoring_round, answers__isnull=False).distinct().count()


@dataclass(frozen=True)
class Participation:
    """How many have answered, as people: invited members and guests apart (counts only, never who)."""

    invited: int
    members_answered: int
    guests_allowed: int
    guests_answered: int
    people_needed: int
    """Invited people who must have answered before results can be shown (``threshold + 1``)."""

    @property
    def total(self) -> int:
        return self.members_answered + self.guests_answered

    @property
    def enough(self) -> bool:
        return self.members_answered >= self.people_needed


def participation(scoring_round: ScoringRound) -> Participation:
    from scoresheet.services import member_keys

    members = member_keys(scoring_round)
    keys = list(
        Response.objects.filter(round=scoring_round, answers__isnull=False)
        .distinct()
        .values_list("participant_key", flat=True)
    )
    answered = sum(1 for k in keys if k in members)
    return Participation(
        invited=len(members),
        members_answered=answered,
        guests_allowed=scoring_round.guests,
        guests_answered=len(keys) - answered,
        people_needed=people_needed(scoring_round.threshold),
    )


def results_version(scoring_round: ScoringRound) -> str:
    """Changes whenever the results could have changed (for the live view to skip identical refreshes)."""
    agg = Response.objects.filter(round=scoring_round).aggregate(n=Count("id"), last=Max("updated_at"))
    last = agg["last"].timestamp() if agg["last"] else 0
    return f"{scoring_round.status}-{agg['n']}-{last:.6f}"


def _factor_scores(scoring_round: ScoringRound, function: str | None = None) -> dict[int, tuple[list[int], list[int]]]:
    rows = Answer.objects.filter(response__round=scoring_round)
    if function is not None:
        rows = rows.filter(response__function=function)
    out: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for factor_id, score, ideal in rows.values_list("factor_id", "score", "ideal"):
        out[factor_id][0].append(score)
        if ideal is not None:
            out[factor_id][1].append(ideal)
    return out


def round_results(scoring_round: ScoringRound, *, with_comparison: bool = True) -> RoundResults | None:
    """Aggregated results of a closed round, or None: while it is open (no result may change with one
    submission), and while fewer than ``threshold + 1`` invited people have answered.

    Every aggregate shown (a factor, the per-function groups, what the groups leave over) covers at least
    ``people_needed(threshold, guests answered)`` answers; the rest is suppressed."""
    if scoring_round.status != RoundStatus.CLOSED:
        return None
    counts = participation(scoring_round)
    if not counts.enough:
        return None
    respondents = counts.total
    threshold = people_needed(scoring_round.threshold, counts.guests_answered)
    higher_is_heavier = scoring_round.scale == Scale.WEIGHT
    factors = list(scoring_round.factors.all())
    scores = _factor_scores(scoring_round)
    remarks: dict[int, list[str]] = defaultdict(list)
    for factor_id, remark in (
        Answer.objects.filter(response__round=scoring_round).exclude(remark="").values_list("factor_id", "remark")
    ):
        remarks[factor_id].append(remark)
    category_labels = dict(Category.choices)
    function_labels = dict(Function.choices)

    results: list[FactorResult] = []
    by_key: dict[str, FactorStats] = {}
    for f in factors:
        actual, ideal = scores.get(f.pk, ([], []))
        stats = None
        if len(actual) >= threshold:
            stats = factor_stats(actual, ideal if len(ideal) >= threshold else (), higher_is_heavier=higher_is_heavier)
            by_key.setdefault(f.key, stats)
        results.append(
            FactorResult(
                key=f.key,
                name=f.name,
                category=f.category,
                category_label=str(category_labels.get(f.category, f.category)),
                function=f.function,
                function_label=str(function_labels.get(f.function, "")) if f.function else "",
                stats=stats,
                remarks=tuple(sorted(remarks.get(f.pk, []))) if stats is not None else (),
            )
        )

    categories: list[GroupResult] = []
    for code, label in Category.choices:
        g = group_stats(r.stats for r in results if r.category == code and r.stats is not None)
        if g is not None:
            categories.append(GroupResult(code, str(label), respondents, g))

    functions: list[GroupResult] = []
    per_function = dict(
        Response.objects.filter(round=scoring_round, answers__isnull=False)
        .exclude(function="")
        .values_list("function")
        .annotate(n=Count("id", distinct=True))
        .values_list("function", "n")
    )
    # complementary suppression: the groups not shown (and those without a function) are recoverable only
    # together, as the total minus the shown groups, so that block holds nobody or at least `threshold`
    visible = shown_groups(per_function, respondents, threshold) if len(per_function) > 1 else frozenset()
    if visible and not (len(visible) == 1 and per_function[next(iter(visible))] == respondents):
        for code, n in sorted(per_function.items()):
            if code not in visible:
                continue
            fscores = _factor_scores(scoring_round, function=code)
            g = group_stats(
                factor_stats(fscores[f.pk][0], higher_is_heavier=higher_is_heavier)
                for f in factors
                if len(fscores.get(f.pk, ([], []))[0]) >= threshold
            )
            if g is not None:
                functions.append(GroupResult(code, str(function_labels.get(code, code)), n, g))

    stats_by_key = {r.key: r.stats for r in results if r.stats is not None}
    top = heaviest(stats_by_key, count=3)
    radar = _radar(results, scoring_round)
    area = None
    if radar is not None and radar.ideal is not None and radar.higher_is_better:
        area = radar_area_ratio(radar.actual, radar.ideal)

    comparison = None
    previous = scoring_round.previous_round
    if with_comparison and previous is not None and previous.team_id == scoring_round.team_id:
        before = round_results(previous, with_comparison=False)
        if before is not None:
            before_stats = {r.key: r.stats for r in before.factors if r.stats is not None}
            names = {r.key: r.name for r in before.factors} | {r.key: r.name for r in results}
            rows = tuple(ComparisonRow(names.get(c.key, c.key), c) for c in compare_rounds(before_stats, by_key))
            comparison = Comparison(previous.pk, previous.title, rows)

    return RoundResults(
        round_id=scoring_round.pk,
        title=scoring_round.title,
        status=scoring_round.status,
        scale=scoring_round.scale,
        respondents=respondents,
        threshold=threshold,
        factors=tuple(results),
        categories=tuple(categories),
        functions=tuple(functions),
        heaviest=tuple(next(r for r in results if r.key == k) for k in top),
        heavy_signal=several_heavy(stats_by_key),
        radar=radar,
        area_ratio=area,
        comparison=comparison,
    )


def _radar(results: list[FactorResult], scoring_round: ScoringRound) -> Radar | None:
    shown = [r for r in results if r.stats is not None]
    if len(shown) < 3:
        return None
    ideals = [r.stats.ideal_mean for r in shown if r.stats is not None]
    has_ideal = all(i is not None for i in ideals)
    return Radar(
        labels=tuple(r.name for r in shown),
        actual=tuple(r.stats.mean for r in shown if r.stats is not None),
        ideal=tuple(float(i) for i in ideals if i is not None) if has_ideal else None,
        scale_max=SCALE_MAX,
        higher_is_better=scoring_round.scale == Scale.CONDITION,
    )


def rounds_for_teams(teams: QuerySet) -> QuerySet[ScoringRound]:
    return (
        ScoringRound.objects.filter(team__in=teams)
        .select_related("team")
        .annotate(n_responses=Count("responses", distinct=True))
        .order_by(F("opened_at").desc(nulls_first=True), "-id")
    )


def open_rounds_for_team(team_id: int | None) -> QuerySet[ScoringRound]:
    if team_id is None:
        return ScoringRound.objects.none()
    return ScoringRound.objects.filter(team_id=team_id, status=RoundStatus.OPEN)
