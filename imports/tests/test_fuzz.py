"""Malformed files and rows: never a server error, never a partial import, every rejected row named."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Case
from imports import services
from imports.models import ImportKind, ImportRun, ImportStatus
from imports.reading import UnreadableFile

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

references = st.one_of(
    st.from_regex(r"FZ-[0-9]{1,4}", fullmatch=True),
    st.sampled_from(["", "FZ 1", "bad/ref with space", "ö", "FZ-" + "9" * 70]),
)
dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d-%m-%Y")),
    st.sampled_from(["", "31-02-2025", "2025-13-01", "morgen", "1-1-25", "0000-00-00"]),
    st.text(max_size=12),
)
case_types = st.sampled_from(["ots", "voogdij", "OTS", "", "onbekend", "ambulant"])
teams = st.sampled_from(["Team Noord", "team noord", "", "Team Nergens"])
people = st.sampled_from(["Zoë Importtest", "Pim Proefbestand", "", "Niemand"])
shares = st.sampled_from(["", "100", "50", "0", "101", "abc", "33,5"])
rows = st.lists(st.tuples(references, teams, case_types, dates, dates, people, shares), min_size=1, max_size=12)
HEADER = ["Dossiernummer", "Team", "Casustype", "Startdatum", "Einddatum", "Medewerker", "Aandeel"]


def _csv(data: list[tuple[str, ...]], delimiter: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(HEADER)
    writer.writerows(data)
    return out.getvalue().encode("utf-8")


@FUZZ
@given(data=rows, delimiter=st.sampled_from([";", ",", "\t"]))
def test_an_import_is_all_or_nothing_and_names_every_rejected_row(noord, data, delimiter):
    organisation = noord["organisation"]
    with transaction.atomic():
        before = set(Case.objects.filter(organisation=organisation).values_list("reference", flat=True))
        try:
            run = services.import_run_create(
                organisation=organisation,
                user=None,
                kind=ImportKind.CASES,
                filename="fuzz.csv",
                data=_csv(data, delimiter),
            )
        except (UnreadableFile, services.PrivacyRefusal):
            assert set(Case.objects.filter(organisation=organisation).values_list("reference", flat=True)) == before
            transaction.set_rollback(True)
            return
        services.import_run_set_mapping(run=run, mapping=run.mapping, options={})
        services.import_run_check(run.id)
        run.refresh_from_db()
        if not run.invalid:
            services.import_run_start_apply(run=run)
            services.import_run_apply(run.id)
            run.refresh_from_db()
        after = set(Case.objects.filter(organisation=organisation).values_list("reference", flat=True))
        file_refs = {r[0] for r in data}
        if run.status == ImportStatus.DONE:
            assert file_refs <= after and run.invalid == 0
        else:
            assert run.status == ImportStatus.CHECKED and run.invalid > 0
            assert after == before, "a rejected file writes nothing"
            named = {p["row"] for p in run.report}
            assert len(named) == run.invalid and all(2 <= n <= len(data) + 1 for n in named)
            for p in run.report:
                assert p["column"] and p["code"] in services.validation.MESSAGES
        transaction.set_rollback(True)


@FUZZ
@given(
    payload=st.one_of(st.binary(max_size=400), st.text(max_size=400).map(str.encode)),
    name=st.sampled_from(["f.csv", "f.xlsx", "f.txt"]),
)
def test_random_bytes_never_cause_a_server_error(login, noord, payload, name):
    client = login("teammanager.noord")
    with transaction.atomic():
        response = client.post(
            reverse("imports:index"), {"kind": "casussen", "file": SimpleUploadedFile(name, payload)}
        )
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            run = ImportRun.objects.latest("id")
            page = client.get(reverse("imports:mapping", kwargs={"import_run_id": run.id}))
            assert page.status_code == 200
        transaction.set_rollback(True)
