"""Server time and query count of the team dashboard and the organisation page on a synthetic organisation.

Targets (issue #3): the team dashboard under 50 ms server time with a constant number of queries whatever the
history length; the organisation page for 100 teams under 500 ms.

Builds a throwaway SQLite database (or uses DATABASE_URL if set) with ``bench.synthetic`` at size "org100":
100 teams of 15 jeugdbeschermers, five years of history. Server time is the wall time of a full request
through Django's test client (middleware, view, selectors, NumPy, template), median of several runs after a
warm-up. Also times ``bench.synthetic.generate`` at national scale (20,000 people, ≈2,000,000 cases).

Usage: .venv/bin/python bench/bench_dashboard.py [--keep]
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _median_ms(fn, repeats: int = 9) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    db_path = Path(tempfile.gettempdir()) / "caseloadwijzer_bench_dashboard.sqlite3"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{db_path}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caseloadwijzer.conf.dev")
    os.environ.setdefault("DEBUG", "false")  # as in production: no debug template engine, no query log
    import django

    django.setup()
    import numpy as np
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.models import Membership
    from accounts.roles import Role
    from bench import synthetic
    from organisations.models import Organisation

    settings.ALLOWED_HOSTS = ["*"]
    fresh = "--keep" not in sys.argv or not db_path.exists()
    if fresh and db_path.exists():
        db_path.unlink()
    call_command("migrate", verbosity=0)
    spec = synthetic.Spec.named("org100")
    org = Organisation.objects.filter(slug="synthetisch").first()
    if org is None:
        t0 = time.perf_counter()
        org = synthetic.store(spec)
        print(f"stored synthetic organisation in {time.perf_counter() - t0:.1f} s")
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username="bench.manager")
    Membership.objects.get_or_create(user=user, organisation=org, role=Role.TEAM_MANAGER, team=None)
    client = Client()
    client.force_login(user)
    team = org.teams.order_by("name").first()
    from cases.models import Case

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, numpy {np.__version__}, {connection.vendor}")
    print(
        f"organisation: {org.teams.count()} teams, {org.people.count()} people, "
        f"{Case.objects.filter(organisation=org).count():,} cases over {spec.years} years; "
        f"team '{team.name}': {Case.objects.filter(team=team).count():,} cases"
    )
    rows = []
    url = reverse("monitoring:team", kwargs={"team_id": team.id})
    for label, params in (
        ("13 weeks", {"weeks": "13"}),
        ("52 weeks", {"weeks": "52"}),
        ("5 years", {"weeks": "custom", "start": str(spec.start), "end": str(spec.end)}),
    ):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        n_queries = len(queries)
        assert response.status_code == 200, response.status_code
        median, best = _median_ms(lambda p=params: client.get(url, p))
        rows.append((f"team dashboard, {label}", median, best, n_queries))
    import datetime as dt

    from monitoring.selectors import team_figures

    for label, weeks in (("13 weeks", 13), ("5 years", 52 * 5)):
        end = dt.date.today()
        with CaptureQueriesContext(connection) as queries:
            team_figures(team, start=end - dt.timedelta(weeks=weeks), end=end)
        median, best = _median_ms(lambda w=weeks, e=end: team_figures(team, start=e - dt.timedelta(weeks=w), end=e))
        rows.append((f"team_figures() alone, {label}", median, best, len(queries)))
    url = reverse("monitoring:organisation")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"weeks": "13"})
    n_queries = len(queries)
    assert response.status_code == 200
    median, best = _median_ms(lambda: client.get(url, {"weeks": "13"}), repeats=5)
    rows.append((f"organisation page, {org.teams.count()} teams, 13 weeks", median, best, n_queries))
    print(f"{'what':<48} {'median ms':>10} {'best ms':>8} {'queries':>8}")
    for what, median, best, n in rows:
        print(f"{what:<48} {median:>10.1f} {best:>8.1f} {n:>8}")
    t0 = time.perf_counter()
    national = synthetic.generate(synthetic.Spec.named("national"))
    print(
        f"synthetic.generate national: {national.n_people:,} people, {national.n_cases:,} cases, "
        f"{national.assign_case.size:,} assignments in {time.perf_counter() - t0:.1f} s"
    )


if __name__ == "__main__":
    main()
