"""Statistics for the factor score sheet (appendix 1 of the NJi handreiking): each team member scores how
heavily each factor weighs, 1–5; the team compares the scores.

The mean is the handreiking's starting point for the conversation; the median resists one extreme score;
the spread shows where the team disagrees — often the most useful thing to talk about. Disagreement is
measured with Tastle & Wierman's ordinal consensus (2007): 1 when everyone gives the same score, 0 when the
team is split between the two ends of the scale, and about 0.43 when scores are spread evenly.

Two scales are supported: *weight* (appendix 1: 5 = plays a heavy role, so higher is heavier) and
*condition* (the spider web of figure 4: 5 = as it should be, so lower pinches more). ``load`` maps both onto
one heaviness scale (1 = light, 5 = heavy) so that "heaviest" and "several heavy at once" mean the same.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

SCALE_MIN = 1
SCALE_MAX = 5
HEAVY_LOAD = 4.0
"""A factor whose mean load is at least this is heavy (4 = "speelt een aanzienlijke rol")."""
SEVERAL_HEAVY = 3
"""From this many heavy factors at once, the handreiking's warning applies: they reinforce each other."""
DIVIDED_BELOW = 0.6
"""Consensus below this: the team is divided on the factor, worth a conversation."""
CLOSE_TO_UNANIMOUS = 0.8


def _check_scores(scores: Sequence[int]) -> None:
    for s in scores:
        if not SCALE_MIN <= s <= SCALE_MAX:
            raise ValueError(f"score {s} is outside {SCALE_MIN}–{SCALE_MAX}")


def consensus(scores: Sequence[int]) -> float:
    """Tastle–Wierman consensus of ordinal scores on 1–5: 1 = all equal, 0 = split between 1 and 5."""
    _check_scores(scores)
    if not scores:
        return math.nan
    values = np.asarray(scores, dtype=np.float64)
    mu = float(values.mean())
    width = float(SCALE_MAX - SCALE_MIN)
    levels = np.arange(SCALE_MIN, SCALE_MAX + 1, dtype=np.float64)
    p = np.bincount(np.asarray(scores, dtype=np.int64), minlength=SCALE_MAX + 1)[SCALE_MIN:] / len(scores)
    inner = 1.0 - np.abs(levels - mu) / width
    present = p > 0
    total = float(np.sum(p[present] * np.log2(inner[present])))
    return max(0.0, min(1.0, 1.0 + total))


@dataclass(frozen=True)
class FactorStats:
    """Aggregate of one factor's scores. Never constructed for individuals: ``n`` is the respondent count."""

    n: int
    mean: float
    median: float
    std: float
    minimum: int
    maximum: int
    counts: tuple[int, int, int, int, int]
    consensus: float
    load: float
    ideal_n: int = 0
    ideal_mean: float | None = None

    @property
    def disagreement(self) -> float:
        return 1.0 - self.consensus

    @property
    def divided(self) -> bool:
        return self.consensus < DIVIDED_BELOW

    @property
    def agreement_level(self) -> str:
        """'divided', 'mixed' or 'agreed' — for a label on the page."""
        if self.consensus < DIVIDED_BELOW:
            return "divided"
        return "mixed" if self.consensus < CLOSE_TO_UNANIMOUS else "agreed"

    @property
    def gap(self) -> float | None:
        """Mean actual minus mean ideal (None when nobody scored the ideal)."""
        return None if self.ideal_mean is None else self.mean - self.ideal_mean


def load_of(mean: float, *, higher_is_heavier: bool) -> float:
    """The mean on the common heaviness scale (1 light … 5 heavy)."""
    return mean if higher_is_heavier else SCALE_MIN + SCALE_MAX - mean


def factor_stats(scores: Sequence[int], ideals: Sequence[int] = (), *, higher_is_heavier: bool = True) -> FactorStats:
    """Mean, median, standard deviation, range, distribution and consensus of one factor's scores."""
    if not scores:
        raise ValueError("factor_stats needs at least one score")
    _check_scores(scores)
    _check_scores(ideals)
    values = np.asarray(scores, dtype=np.float64)
    counts = np.bincount(np.asarray(scores, dtype=np.int64), minlength=SCALE_MAX + 1)[SCALE_MIN:]
    mean = float(values.mean())
    return FactorStats(
        n=len(scores),
        mean=mean,
        median=float(np.median(values)),
        std=float(values.std()),
        minimum=int(values.min()),
        maximum=int(values.max()),
        counts=(int(counts[0]), int(counts[1]), int(counts[2]), int(counts[3]), int(counts[4])),
        consensus=consensus(scores),
        load=load_of(mean, higher_is_heavier=higher_is_heavier),
        ideal_n=len(ideals),
        ideal_mean=float(np.mean(np.asarray(ideals, dtype=np.float64))) if ideals else None,
    )


@dataclass(frozen=True)
class GroupStats:
    """A group of factors (a category, or one function's factors): factor means averaged with equal weight."""

    factors: int
    mean: float
    mean_load: float
    mean_consensus: float
    heavy: int
    divided: int


def group_stats(stats: Iterable[FactorStats]) -> GroupStats | None:
    items = list(stats)
    if not items:
        return None
    return GroupStats(
        factors=len(items),
        mean=float(np.mean([s.mean for s in items])),
        mean_load=float(np.mean([s.load for s in items])),
        mean_consensus=float(np.mean([s.consensus for s in items])),
        heavy=sum(1 for s in items if s.load >= HEAVY_LOAD),
        divided=sum(1 for s in items if s.divided),
    )


def heaviest(stats: Mapping[str, FactorStats], count: int = 3) -> list[str]:
    """Keys of the ``count`` heaviest factors: highest load, then highest median, then most agreement."""
    ranked = sorted(stats.items(), key=lambda kv: (-kv[1].load, -kv[1].median, -kv[1].consensus, kv[0]))
    return [key for key, _ in ranked[: max(count, 0)]]


@dataclass(frozen=True)
class HeavySignal:
    """Factors that weigh heavily at the same time; ``raised`` when there are several (they reinforce each
    other, and are real reasons to consider a lower caseload)."""

    heavy: tuple[str, ...]
    threshold: float
    several: int

    @property
    def raised(self) -> bool:
        return len(self.heavy) >= self.several


def several_heavy(
    stats: Mapping[str, FactorStats], *, threshold: float = HEAVY_LOAD, several: int = SEVERAL_HEAVY
) -> HeavySignal:
    heavy = tuple(k for k, s in sorted(stats.items(), key=lambda kv: -kv[1].load) if s.load >= threshold)
    return HeavySignal(heavy=heavy, threshold=threshold, several=several)


@dataclass(frozen=True)
class FactorChange:
    """One factor compared between an earlier and a later round (matched by key)."""

    key: str
    before: float | None
    after: float | None
    consensus_before: float | None
    consensus_after: float | None

    @property
    def delta(self) -> float | None:
        return None if self.before is None or self.after is None else self.after - self.before

    @property
    def status(self) -> str:
        """'new', 'dropped' or 'both'."""
        if self.before is None:
            return "new"
        return "dropped" if self.after is None else "both"


def compare_rounds(before: Mapping[str, FactorStats], after: Mapping[str, FactorStats]) -> list[FactorChange]:
    """Per factor key the mean before and after; keys in ``after``'s order, then dropped ones."""
    keys = list(after) + [k for k in before if k not in after]
    out: list[FactorChange] = []
    for key in keys:
        b, a = before.get(key), after.get(key)
        out.append(
            FactorChange(
                key=key,
                before=None if b is None else b.mean,
                after=None if a is None else a.mean,
                consensus_before=None if b is None else b.consensus,
                consensus_after=None if a is None else a.consensus,
            )
        )
    return out


def radar_area(values: Sequence[float]) -> float:
    """Area of the spider-web polygon with these radii on equally spaced axes (unit: score²)."""
    n = len(values)
    if n < 3:
        return 0.0
    v = np.asarray(values, dtype=np.float64)
    return float(0.5 * math.sin(2 * math.pi / n) * np.sum(v * np.roll(v, -1)))


def radar_area_ratio(actual: Sequence[float], ideal: Sequence[float]) -> float | None:
    """Area inside the actual line as a share of the area inside the ideal line (figure 4: the room the
    professionals have to do their work). None when there is no ideal polygon."""
    if len(actual) != len(ideal):
        raise ValueError("actual and ideal need the same axes")
    ideal_area = radar_area(ideal)
    if ideal_area <= 0:
        return None
    return radar_area(actual) / ideal_area


def people_needed(threshold: int, guests_answered: int = 0) -> int:
    """How many answers an aggregate must cover before it is shown.

    ``threshold`` people besides one reader who knows their own answer (``+ 1``: the facilitator may also
    have answered), and every guest's answer counted as possibly known to the reader (a guest joined with the
    code alone, so one person may stand behind several guest answers). So, even if the reader knows
    ``threshold - 1`` of the answers of invited people and all the guests' answers, at least two answers they
    do not know remain in every shown aggregate; and if they know only their own, at least ``threshold``.
    """
    if threshold < 1 or guests_answered < 0:
        raise ValueError("threshold must be positive and guests_answered not negative")
    return threshold + 1 + guests_answered


def shown_groups(sizes: Mapping[str, int], total: int, minimum: int) -> frozenset[str]:
    """Which groups of a breakdown may be shown next to the total they add up to (complementary suppression).

    ``sizes``: people per group; ``total``: the people the published total describes (at least the sum of the
    groups: people in no group count in the total too). A group is shown only with at least ``minimum``
    people. Whatever is not shown can be recovered as one block (the total minus the shown groups), so that
    block, too, must be empty or hold at least ``minimum`` people: while it is not, the smallest shown group
    is hidden as well. Hidden groups are never derivable on their own: only their union, of ``minimum`` or
    more people (or of nobody), is.
    """
    if any(n < 0 for n in sizes.values()) or sum(sizes.values()) > total:
        raise ValueError("group sizes must be non-negative and add up to at most the total")
    shown = {g for g, n in sizes.items() if n >= minimum}

    def rest() -> int:
        return total - sum(sizes[g] for g in shown)

    while shown and 0 < rest() < minimum:
        shown.remove(min(shown, key=lambda g: (sizes[g], g)))
    return frozenset(shown)
