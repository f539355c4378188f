"""The live score sheet: 50 phones submitting at the same moment, and the results refresh under that load.

Runs against ``DATABASE_URL`` (default: a throwaway SQLite file in /tmp); the concurrent part means something
only on PostgreSQL:

    .venv/bin/python bench/bench_scoresheet.py
    bash scripts/with-postgres.sh .venv/bin/python bench/bench_scoresheet.py

Measured: the wall time for 50 threads (own connections) to submit 19 answers each through
``services.answers_submit``, and the time of one ``round_results`` (what each once-a-second poll of the live
screen costs when something changed) with 50 respondents.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/caseloadwijzer-bench-scoresheet.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caseloadwijzer.conf.test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402

PEOPLE = 50


def main() -> None:
    call_command("migrate", verbosity=0)
    from organisations.models import Organisation, OrganisationKind, Team
    from scoresheet import services
    from scoresheet.selectors import round_results

    organisation, _ = Organisation.objects.get_or_create(
        slug="bench-scoren", defaults={"name": "Bench scoren", "kind": OrganisationKind.MUNICIPALITY}
    )
    team, _ = Team.objects.get_or_create(organisation=organisation, name="Bench team")
    scoring_round = services.round_open(scoring_round=services.round_create(team=team, title="Bench"))
    factors = list(scoring_round.factors.values_list("pk", flat=True))
    concurrent = connection.vendor == "postgresql"
    barrier = threading.Barrier(PEOPLE if concurrent else 1)
    latencies: list[float] = []

    def submit(i: int) -> None:
        barrier.wait()
        t0 = time.perf_counter()
        services.answers_submit(
            round_id=scoring_round.pk,
            participant=services.participant_key(scoring_round.pk, token=f"bench-{i}"),
            function="",
            answers={pk: services.AnswerInput(score=1 + (i + pk) % 5) for pk in factors},
        )
        latencies.append(time.perf_counter() - t0)
        connections.close_all()

    start = time.perf_counter()
    if concurrent:
        threads = [threading.Thread(target=submit, args=(i,)) for i in range(PEOPLE)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    else:
        for i in range(PEOPLE):
            submit(i)
    wall = time.perf_counter() - start
    timings = []
    for _ in range(10):
        t0 = time.perf_counter()
        results = round_results(scoring_round)
        timings.append(time.perf_counter() - t0)
    assert results is not None and results.respondents == PEOPLE
    mode = "concurrent" if concurrent else "sequential"
    print(f"machine: {platform.machine()} {platform.python_version()}, {connection.vendor}")
    print(
        f"{PEOPLE} submissions x {len(factors)} answers ({mode}): {wall:.2f} s wall, "
        f"median {statistics.median(latencies) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms per submission"
    )
    print(f"round_results with {PEOPLE} respondents: median {statistics.median(timings) * 1000:.1f} ms")
    scoring_round.delete()


if __name__ == "__main__":
    main()
