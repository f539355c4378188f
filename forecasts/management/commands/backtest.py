"""Measure the forecast's calibration: replay it from past Mondays and count how often what happened fell
inside the 50% and 90% bands.

    manage.py backtest                 # every team in the database, as of this week
    manage.py backtest --synthetic 20  # a generated organisation of 20 teams (forecasts.synthetic)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand

from caseload_core.forecast_inputs import Backtest, TeamCases, backtest
from caseload_core.weeks import monday_of
from caseloadwijzer import clock
from forecasts import synthetic
from forecasts.selectors import team_cases
from organisations.models import Team


def _combine(results: list[Backtest]) -> tuple[float, float, int]:
    pairs = sum(r.pairs for r in results)
    if not pairs:
        return float("nan"), float("nan"), 0
    c50 = sum(r.coverage_50 * r.pairs for r in results) / pairs
    c90 = sum(r.coverage_90 * r.pairs for r in results) / pairs
    return c50, c90, pairs


class Command(BaseCommand):
    help = "Replay the forecast from past weeks and report the coverage of its 50% and 90% bands."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="Replay as of this date.")
        parser.add_argument("--synthetic", type=int, default=0, help="Use a generated organisation of N teams.")
        parser.add_argument("--weeks-back", type=int, default=78, help="Forecast from Mondays this far back.")
        parser.add_argument("--every", type=int, default=4, help="Weeks between forecast origins.")
        parser.add_argument("--paths", type=int, default=2000)

    def handle(self, *args: Any, **options: Any) -> None:
        today = monday_of(options["today"] or clock.today())
        if options["synthetic"]:
            label = f"generated organisation, {options['synthetic']} teams"
            teams: list[tuple[str, TeamCases]] = [
                (f"team {i + 1}", cases) for i, cases in enumerate(synthetic.organisation(options["synthetic"], today))
            ]
        else:
            label = "database"
            db_teams = list(Team.objects.order_by("organisation__name", "name"))
            all_cases = team_cases(db_teams)
            teams = [(f"{t.organisation.slug}/{t.name}", all_cases[t.id]) for t in db_teams]
        self.stdout.write(f"Backtest on the {label}, as of {today:%Y-%m-%d}")
        self.stdout.write(f"{'horizon':>8} {'origins':>8} {'pairs':>7} {'50% band':>9} {'90% band':>9}")
        for horizon in (4, 13, 26):
            origins = [
                today - dt.timedelta(weeks=w)
                for w in range(options["weeks_back"], horizon - 1, -options["every"])
                if w >= horizon
            ]
            results = [
                backtest(cases, origins, horizon, today, n_paths=options["paths"], seed=i)
                for i, (_name, cases) in enumerate(teams)
            ]
            c50, c90, pairs = _combine(results)
            self.stdout.write(f"{horizon:>5} wk {len(origins) * len(teams):>8} {pairs:>7} {c50:>9.1%} {c90:>9.1%}")
        self.stdout.write("A well-calibrated forecast covers about 50% and 90%: (team, origin, week) pairs.")
