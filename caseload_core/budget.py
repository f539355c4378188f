"""The organisation's chain: budget ↔ FTE ↔ caseload ↔ cost per case, in both directions.

Content first (the work sets the FTE, and so the budget): cases ÷ norm = deployable FTE; ÷ (1 − absence
reserve) = formation; × cost per FTE = budget. Budget first (the budget sets the FTE, and so the caseload):
budget ÷ cost per FTE = formation; × (1 − absence reserve) = deployable FTE; cases ÷ deployable FTE =
caseload per FTE. The cost per FTE is the salary × (1 + employer's costs) × (1 + overhead).

The cost per case is an average over many cases: the budget ÷ the cases handled in a year. It says
nothing about what any one case costs (shared/seeds/002: "op casusniveau zullen de kosten nooit kloppen").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WEEKS_PER_YEAR = 52.0


@dataclass(frozen=True)
class ChainAssumptions:
    """Every assumption the chain rests on, named so that each can be discussed and changed.

    ``salary_per_fte``: yearly gross salary of one full-time professional (incl. holiday pay and year-end
    bonus); ``employer_costs``: employer's charges as a share of salary (0.30 = 30%); ``overhead``:
    support, management and housing as a share of salary costs; ``absence_reserve``: the share of the
    formation kept for absence and leave; ``mean_duration_weeks``: how long a case lasts on average.
    """

    salary_per_fte: float
    employer_costs: float
    overhead: float
    absence_reserve: float
    mean_duration_weeks: float

    def __post_init__(self) -> None:
        if self.salary_per_fte < 0:
            raise ValueError("the salary must not be negative")
        if self.employer_costs < 0 or self.overhead < 0:
            raise ValueError("employer's costs and overhead must not be negative")
        if not 0 <= self.absence_reserve < 1:
            raise ValueError("the absence reserve must be at least 0% and below 100%")
        if self.mean_duration_weeks <= 0:
            raise ValueError("the mean duration of a case must be positive")

    @property
    def cost_per_fte(self) -> float:
        """Yearly cost of one formation FTE, everything included."""
        return self.salary_per_fte * (1 + self.employer_costs) * (1 + self.overhead)


@dataclass(frozen=True)
class Chain:
    """One consistent set of figures along the chain."""

    cases: float
    deployable_fte: float
    formation_fte: float
    budget: float
    cost_per_fte: float
    cases_per_year: float

    @property
    def caseload_per_fte(self) -> float:
        """Cases per deployable FTE (NaN without deployable FTE)."""
        return self.cases / self.deployable_fte if self.deployable_fte > 0 else float("nan")

    @property
    def cost_per_case(self) -> float:
        """The average cost of one case from start to end: the yearly budget ÷ the cases handled per year."""
        return self.budget / self.cases_per_year if self.cases_per_year > 0 else float("nan")

    @property
    def cost_per_case_year(self) -> float:
        """The average cost of carrying one case for a year."""
        return self.budget / self.cases if self.cases > 0 else float("nan")


def _cases_per_year(cases: float, assumptions: ChainAssumptions) -> float:
    # In a steady state the cases handled per year = caseload × 52 ÷ mean duration (Little's law).
    return cases * WEEKS_PER_YEAR / assumptions.mean_duration_weeks


def content_first(cases: float, norm_per_fte: float, assumptions: ChainAssumptions) -> Chain:
    """From the work: ``cases`` carried at once at ``norm_per_fte`` cases per deployable FTE."""
    if cases < 0:
        raise ValueError("the number of cases must not be negative")
    if norm_per_fte <= 0:
        raise ValueError("the norm must be positive")
    deployable = cases / norm_per_fte
    formation = deployable / (1 - assumptions.absence_reserve)
    return Chain(
        cases=cases,
        deployable_fte=deployable,
        formation_fte=formation,
        budget=formation * assumptions.cost_per_fte,
        cost_per_fte=assumptions.cost_per_fte,
        cases_per_year=_cases_per_year(cases, assumptions),
    )


def budget_first(budget: float, cases: float, assumptions: ChainAssumptions) -> Chain:
    """From the money: what ``budget`` pays for, and the caseload per FTE it implies for ``cases``."""
    if budget < 0:
        raise ValueError("the budget must not be negative")
    if cases < 0:
        raise ValueError("the number of cases must not be negative")
    cost = assumptions.cost_per_fte
    formation = budget / cost if cost > 0 else 0.0
    return Chain(
        cases=cases,
        deployable_fte=formation * (1 - assumptions.absence_reserve),
        formation_fte=formation,
        budget=budget,
        cost_per_fte=cost,
        cases_per_year=_cases_per_year(cases, assumptions),
    )


@dataclass(frozen=True)
class ChainTotals:
    """The organisation's chain: the teams' figures added up. The cost per case of the whole is given only
    when every team has a content-first chain (otherwise the sum would leave teams out)."""

    cases: float
    fte_needed: float
    budget: float
    formation_now: float
    cases_per_year: float
    complete: bool

    @property
    def cost_per_case(self) -> float | None:
        if not self.complete or self.cases_per_year <= 0:
            return None
        return self.budget / self.cases_per_year


def chain_totals(teams: Sequence[tuple[float, float, Chain | None]]) -> ChainTotals:
    """From each team's (cases carried, formation now, content-first chain or None)."""
    content = [chain for _cases, _formation, chain in teams if chain is not None]
    return ChainTotals(
        cases=float(sum(cases for cases, _formation, _chain in teams)),
        fte_needed=float(sum(c.formation_fte for c in content)),
        budget=float(sum(c.budget for c in content)),
        formation_now=float(sum(formation for _cases, formation, _chain in teams)),
        cases_per_year=float(sum(c.cases_per_year for c in content)),
        complete=bool(teams) and len(content) == len(teams),
    )
