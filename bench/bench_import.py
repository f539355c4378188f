"""Import of a 100,000-row case file (one assignment per row): the whole pipeline, and PostgreSQL's COPY.

Targets of issue #4: at least 50,000 rows/s into SQLite, and on PostgreSQL within twice the time of
``COPY`` of the same rows. Runs against ``DATABASE_URL`` (default: a throwaway SQLite file in /tmp):

    .venv/bin/python bench/bench_import.py
    bash scripts/with-postgres.sh .venv/bin/python bench/bench_import.py

Phases timed: read the CSV, privacy guard, check every row, write (bulk_create in one transaction). The
figure that counts is the total from bytes to committed rows, into an organisation without cases, and
again for the same file (nothing changes: the idempotent path).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import platform
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/caseloadwijzer-bench-import.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caseloadwijzer.conf.test")  # DEBUG off, as in production

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

N_ROWS, N_PEOPLE = 100_000, 400
REPEATS = 3
SLUG = "bench-import"


def setup_organisation():
    from cases.models import Case
    from cases.services import case_types_install_defaults
    from organisations.models import Function, Organisation
    from organisations.services import organisation_create, person_create, team_create

    old = Organisation.objects.filter(slug=SLUG).first()
    if old is not None:
        from cases.models import Assignment

        Assignment.objects.filter(case__organisation=old).delete()
        Case.objects.filter(organisation=old).delete()
        old.people.all().delete()
        old.teams.all().delete()
        old.delete()
    organisation = organisation_create(name="Benchmark", slug=SLUG)
    teams = [team_create(organisation=organisation, name=f"Team {i}") for i in range(4)]
    case_types_install_defaults(organisation=organisation, valid_from=dt.date(2020, 1, 1))
    people = [
        person_create(
            organisation=organisation,
            team=teams[i % 4],
            name=f"Medewerker {i:04d}",
            function=Function.YOUTH_PROTECTION_WORKER,
            contract_hours=Decimal("32"),
            start_date=dt.date(2019, 1, 1),
        )
        for i in range(N_PEOPLE)
    ]
    return organisation, teams, people


def make_csv(people) -> bytes:
    rng = random.Random(20261123)
    out = io.StringIO()
    out.write("Dossiernummer;Team;Casustype;Startdatum;Einddatum;Verwachte einddatum;Medewerker\r\n")
    base = dt.date(2021, 1, 4)
    for i in range(N_ROWS):
        person = people[rng.randrange(N_PEOPLE)]
        start = base + dt.timedelta(days=rng.randrange(1800))
        end = start + dt.timedelta(days=rng.randrange(30, 700)) if rng.random() < 0.7 else None
        expected = start + dt.timedelta(days=365)
        out.write(
            f"BENCH-{i:07d};{person.team.name};{rng.choice(('ots', 'voogdij', 'ambulant'))};"
            f"{start:%d-%m-%Y};{end.strftime('%d-%m-%Y') if end else ''};{expected:%d-%m-%Y};{person.name}\r\n"
        )
    return out.getvalue().encode("cp1252")


def run_import(organisation, data: bytes) -> dict[str, float]:
    from imports import reading, validation, writing
    from imports.fields import guess_mapping
    from imports.privacy import screen_file
    from imports.services import load_lookup

    times = {}
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    table = reading.read_table(data, "bench.csv")
    times["read"] = time.perf_counter() - t0
    t = time.perf_counter()
    assert not screen_file(table.sheets, "casussen", "bench.csv").findings  # every cell, the header row too
    times["privacy guard"] = time.perf_counter() - t
    t = time.perf_counter()
    mapping = guess_mapping("casussen", table.headers)
    result = validation.validate_cases(table.headers, table.rows, mapping, load_lookup(organisation))
    assert not result.problems, result.problems[:3]
    times["check"] = time.perf_counter() - t
    t = time.perf_counter()
    counts = writing.write_cases(organisation=organisation, cases=result.cases, assignments=result.assignments)
    times["write"] = time.perf_counter() - t
    times["total"] = time.perf_counter() - t0
    times["cpu"] = time.process_time() - cpu0
    times["created"], times["unchanged"] = counts.created, counts.unchanged
    return times


def copy_same_rows(organisation, data: bytes) -> float:
    """PostgreSQL's own COPY of the same case and assignment rows, with the same constraints and indexes
    (ids resolved beforehand, not timed), rolled back afterwards."""
    from cases.models import Case
    from imports import reading, validation
    from imports.fields import guess_mapping
    from imports.services import load_lookup

    table = reading.read_table(data, "bench.csv")
    result = validation.validate_cases(
        table.headers, table.rows, guess_mapping("casussen", table.headers), load_lookup(organisation)
    )
    cases = list(result.cases.values())
    with transaction.atomic():
        Case.objects.filter(organisation=organisation).delete()
        with connection.cursor() as cursor:
            cursor.execute("SELECT COALESCE(MAX(id), 0) FROM cases_case")
            next_id = cursor.fetchone()[0] + 1
            ids = {c.reference: next_id + i for i, c in enumerate(cases)}
            # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: checked at commit. This COPY is rolled
            # back, so check them at once, or COPY would skip the work the real import does when it commits.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            t0 = time.perf_counter()
            with cursor.cursor.copy(
                "COPY cases_case (id, organisation_id, team_id, reference, case_type_id, start_date, end_date,"
                " expected_end_date, phase, children) FROM STDIN"
            ) as copy:
                for c in cases:
                    copy.write_row(
                        (
                            ids[c.reference],
                            organisation.id,
                            c.team_id,
                            c.reference,
                            c.case_type_id,
                            c.start_date,
                            c.end_date,
                            c.expected_end_date,
                            c.phase,
                            c.children,
                        )
                    )
            with cursor.cursor.copy(
                "COPY cases_assignment (case_id, person_id, start_date, end_date, share_percent) FROM STDIN"
            ) as copy:
                for a in result.assignments:
                    end = a.end_date if a.end_date is not None else result.cases[a.reference].end_date
                    copy.write_row((ids[a.reference], a.person_id, a.start_date, end, a.share_percent))
            elapsed = time.perf_counter() - t0
        transaction.set_rollback(True)
    return elapsed


def main() -> None:
    call_command("migrate", verbosity=0)
    organisation, _teams, people = setup_organisation()
    data = make_csv(people)
    vendor = connection.vendor
    print(f"bench_import: {N_ROWS:,} rows ({len(data) / 1e6:.1f} MB, Windows-1252, semicolons) into {vendor}")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
        f"Python {platform.python_version()}"
    )
    # The machine is shared: the first import is repeated (the cases deleted in between, untimed) and the run
    # with the median total is reported, with the best total beside it.
    from cases.models import Assignment, Case

    runs = []
    for _ in range(REPEATS):
        Assignment.objects.filter(case__organisation=organisation).delete()
        Case.objects.filter(organisation=organisation).delete()
        runs.append(run_import(organisation, data))
    runs.sort(key=lambda times: times["total"])
    first = runs[len(runs) // 2]
    print(
        f"  new cases, {REPEATS} runs: median {N_ROWS / first['total']:,.0f} rows/s, best "
        f"{N_ROWS / runs[0]['total']:,.0f} rows/s ({runs[0]['total']:.2f} s; CPU {runs[0]['cpu']:.2f} s)"
    )
    again = run_import(organisation, data)
    for label, times in (("new cases (median run)", first), ("same file again", again)):
        skip = ("total", "cpu", "created", "unchanged")
        phases = ", ".join(f"{k} {v:.2f} s" for k, v in times.items() if k not in skip)
        print(
            f"  {label}: {times['total']:.2f} s = {N_ROWS / times['total']:,.0f} rows/s ({phases}); "
            f"created {times['created']:,.0f}, unchanged {times['unchanged']:,.0f}; CPU time of this process "
            f"{times['cpu']:.2f} s = {N_ROWS / times['cpu']:,.0f} rows/s"
        )
    if vendor == "postgresql":
        copy_time = copy_same_rows(organisation, data)
        write = first["write"]
        print(
            f"  PostgreSQL COPY of the same rows: {copy_time:.2f} s; our write phase {write:.2f} s "
            f"({write / copy_time:.1f}× COPY), whole import {first['total']:.2f} s "
            f"({first['total'] / copy_time:.1f}× COPY)"
        )


if __name__ == "__main__":
    main()
