"""A registration system's export, as it comes (imports/tests/data/, synthetic): staff with staff numbers and no
team, and cases with one row per assignment period, "OTS eerste jaar", the case manager as staff number and
end dates that are the first day no longer carried.

The files go in through the web pages with confirmations only, and through ``manage.py import_people`` /
``import_cases`` with flags only; then every person's open cases on six dates equal a count made here from the
files themselves (a case counts for a person on day d when one of their periods on it started on or before d
and ends after d: the file's end date is the first day without).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Q
from django.urls import reverse

from cases.models import Assignment, Case
from imports.models import ImportRun, ImportStatus, SavedMapping
from organisations.models import Organisation, Person
from organisations.services import person_create
from tests.every_form.harness import parse_forms

DATA = Path(__file__).parent / "data"
STAFF = DATA / "medewerkers_export.csv"
CASES = DATA / "casussen_export.csv"
DATES = [
    dt.date(2025, 1, 6),  # JB-25-0001 starts
    dt.date(2025, 7, 14),  # JB-25-0002 passes from M101 to M102: the first day M101 no longer carries it
    dt.date(2025, 12, 1),  # JB-25-0004's first day without
    dt.date(2026, 1, 6),  # JB-25-0001 goes from "OTS eerste jaar" to "OTS", with the same person: counts once
    dt.date(2026, 3, 2),  # the last day of M102's first period on JB-25-0002
    dt.date(2026, 6, 30),  # JB-25-0015 passes from M104 to M102
]
NUMBERS = ("M101", "M102", "M103", "M104", "M105")


# --- the independent count, from the file --------------------------------------------------------------------


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("cp1252")), delimiter=";"))


def _day(text: str) -> dt.date:
    day, month, year = map(int, text.split("-"))
    return dt.date(year, month, day)


def expected_open_cases(day: dt.date) -> dict[str, int]:
    """Per staff number: the distinct cases with a period open on ``day`` (start ≤ day < first day without)."""
    cases: dict[str, set[str]] = {number: set() for number in NUMBERS}
    for row in _rows(CASES):
        start = _day(row["Begindatum"])
        first_day_without = _day(row["Einddatum"]) if row["Einddatum"] else None
        if start <= day and (first_day_without is None or day < first_day_without):
            cases[row["Casusregisseur"]].add(row["Dossiernummer"])
    return {number: len(refs) for number, refs in cases.items()}


def stored_open_cases(organisation: Organisation, day: dt.date) -> dict[str, int]:
    """Per staff number: the distinct cases with an assignment open on ``day`` in the database."""
    out = {}
    for person in Person.objects.filter(organisation=organisation, employee_number__in=NUMBERS):
        open_ = Assignment.objects.filter(person=person, start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )
        out[person.employee_number] = open_.values("case_id").distinct().count()
    return out


def assert_figures_match_the_files(organisation: Organisation) -> None:
    for day in DATES:
        assert stored_open_cases(organisation, day) == expected_open_cases(day), day
    # The count itself, checked by hand against the file: on a handover day the case counts for the new
    # case manager only; on a first day without, no longer for anyone.
    assert [expected_open_cases(dt.date(2025, 7, d))["M102"] for d in (13, 14)] == [2, 3]
    assert [expected_open_cases(dt.date(2025, 7, d))["M101"] for d in (13, 14)] == [3, 3]
    assert [expected_open_cases(dt.date(2025, m, d))["M103"] for m, d in ((11, 30), (12, 1))] == [2, 1]


@pytest.fixture
def veldstroom(db: Any) -> Organisation:
    return Organisation.objects.get(slug="veldstroom")


# --- the commands, with flags only ---------------------------------------------------------------------------


def command(name: str, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(name, *args, stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue(), err.getvalue() + str(error)
    return 0, out.getvalue(), err.getvalue()


def test_the_commands_import_the_export_with_flags_only_and_again_change_nothing(veldstroom):
    code, out, err = command("import_people", str(STAFF), "--organisation", "veldstroom", "--team", "Team Noord")
    assert code == 0, err
    assert out.strip() == (
        "medewerkers_export.csv: nieuw: 5, bijgewerkt: 0, ongewijzigd (stonden al zo in Caseloadwijzer): 0, "
        "afgesloten: 0"
    )
    assert "Kolom “Kostenplaats”: wordt niet gebruikt." in err
    people = {p.employee_number: p for p in Person.objects.filter(organisation=veldstroom, employee_number__in=NUMBERS)}
    assert {p.team.name for p in people.values()} == {"Team Noord"}
    assert people["M103"].name == "Joëlle Mulderij" and people["M103"].contract_hours == Decimal("28.5")
    assert people["M103"].function == "jeugdbeschermer" and people["M105"].function == "gedragswetenschapper"

    code, out, err = command(
        "import_cases",
        str(CASES),
        "--organisation",
        "Jeugdbescherming Veldstroom",
        "--end-date",
        "first-day-without",
        "--value",
        "Maatregel:OTS eerste jaar=ots",
    )
    assert code == 0, err
    assert out.strip() == (
        "casussen_export.csv: nieuw: 15, bijgewerkt: 0, ongewijzigd (stonden al zo in Caseloadwijzer): 0, afgesloten: 0"
    )
    assert "Kolom “Productcode”: wordt niet gebruikt." in err
    assert "Einddatumregel: einddatum = eerste dag zonder." in err
    _assert_cases(veldstroom)
    assert_figures_match_the_files(veldstroom)

    assert command("import_people", str(STAFF), "--organisation", "veldstroom", "--team", "Team Noord")[1].strip() == (
        "medewerkers_export.csv: nieuw: 0, bijgewerkt: 0, ongewijzigd (stonden al zo in Caseloadwijzer): 5, "
        "afgesloten: 0"
    )
    again = command(
        "import_cases", str(CASES), "--organisation", "veldstroom", "--value", "Maatregel:OTS eerste jaar=OTS"
    )
    assert again[0] == 0 and "nieuw: 0, bijgewerkt: 0, ongewijzigd (stonden al zo in Caseloadwijzer): 15" in again[1]
    assert "Einddatumregel: einddatum = eerste dag zonder." in again[2], "guessed from the handover rows"
    assert_figures_match_the_files(veldstroom)
    assert not ImportRun.objects.filter(content__isnull=False, filename__endswith="_export.csv").exists(), (
        "nothing of a file stays"
    )


def _assert_cases(organisation: Organisation) -> None:
    cases = {c.reference: c for c in Case.objects.filter(organisation=organisation, reference__startswith="JB-25-")}
    assert len(cases) == 15
    assert {c.case_type.code for c in cases.values()} == {"ots", "voogdij"}
    assert {c.team.name for c in cases.values()} == {"Team Noord"}, "the case manager's team"
    handed_over = cases["JB-25-0002"]
    assert handed_over.start_date == dt.date(2025, 3, 3) and handed_over.end_date is None
    periods = [
        (a.person.employee_number, a.start_date, a.end_date)
        for a in Assignment.objects.filter(case=handed_over).order_by("start_date")
    ]
    assert periods == [
        ("M101", dt.date(2025, 3, 3), dt.date(2025, 7, 13)),
        ("M102", dt.date(2025, 7, 14), dt.date(2026, 3, 2)),
        ("M102", dt.date(2026, 3, 3), None),
    ]
    closed = cases["JB-25-0007"]
    assert (closed.start_date, closed.end_date) == (dt.date(2024, 11, 1), dt.date(2026, 3, 15)), "first day − 1"


def test_import_cases_with_the_wrong_rule_and_no_value_mapping_lists_every_problem_and_writes_nothing(veldstroom):
    assert command("import_people", str(STAFF), "--organisation", "veldstroom", "--team", "Team Noord")[0] == 0
    code, out, err = command("import_cases", str(CASES), "--organisation", "veldstroom", "--end-date", "last-day")
    assert code == 1 and out == ""
    lines = err.splitlines()
    # A handover to the same person on the same day overlaps when the end date is read as the last day carried.
    assert "Rij 3, kolom “Casusregisseur”: De periode van deze medewerker op deze casus overlapt die op rij 2." in lines
    assert (
        "Rij 2, kolom “Maatregel”: Onbekend casustype: gebruik de code of de naam van een van de casustypen." in lines
    )
    assert sum("Onbekend casustype" in line for line in lines) == 9
    assert (
        'Kolom “Maatregel”: “OTS eerste jaar” (9×) past nergens bij. Voorstel: --value "Maatregel:OTS eerste jaar=ots"'
        in lines
    )
    assert re.search(r"\d+ problemen; er is niets geschreven\.", err)
    assert not Case.objects.filter(organisation=veldstroom, reference__startswith="JB-25-").exists()
    assert not ImportRun.objects.filter(content__isnull=False, filename__endswith="_export.csv").exists()


def test_a_dry_run_reports_what_would_change_and_writes_nothing(veldstroom):
    code, out, err = command(
        "import_people", str(STAFF), "--organisation", "veldstroom", "--team", "Team Noord", "--dry-run"
    )
    assert code == 0, err
    assert out.startswith("medewerkers_export.csv: Proefdraai, niets geschreven: nieuw: 5,")
    assert not Person.objects.filter(organisation=veldstroom, employee_number__in=NUMBERS).exists()


def test_cases_naming_unknown_staff_numbers_are_refused_by_row(veldstroom):
    code, _out, err = command(
        "import_cases", str(CASES), "--organisation", "veldstroom", "--value", "Maatregel:OTS eerste jaar=ots"
    )
    assert code == 1
    assert "Rij 2, kolom “Casusregisseur”: Onbekende medewerker: niemand heeft dit medewerkernummer of deze naam" in err
    assert not Case.objects.filter(reference__startswith="JB-25-").exists()


def test_bad_flags_are_refused_in_dutch(veldstroom):
    assert "Onbekende organisatie" in command("import_people", str(STAFF), "--organisation", "nergens")[2]
    assert "Onbekend team" in command("import_people", str(STAFF), "--organisation", "veldstroom", "--team", "X")[2]
    code, _out, err = command(
        "import_cases", str(CASES), "--organisation", "veldstroom", "--value", "Maatregel:OTS=geen"
    )
    assert code == 1 and "“geen” is hier niet bekend" in err
    code, _out, err = command("import_cases", str(CASES), "--organisation", "veldstroom", "--value", "kapot")
    assert code == 1 and "KOLOM:VAN=NAAR" in err
    assert not ImportRun.objects.filter(content__isnull=False, filename__endswith="_export.csv").exists()


# --- the web flow, with confirmations only -------------------------------------------------------------------


def as_browser_sends(html: str, action: str, **choices: str) -> dict[str, Any]:
    """The POST form on the page that submits to ``action``, as a browser sends it untouched (selected options,
    checked radios, the values shown), with ``choices`` made as a user would (an option picked by its label, a
    text typed)."""
    forms = [f for f in parse_forms(html) if f.method == "post" and (f.action or action) == action]
    assert forms, f"no form to {action}"
    data: dict[str, Any] = {}
    for x in forms[0].fields:
        if x.tag == "select":
            chosen = [v for v, _label, selected in x.options if selected] or [x.options[0][0]]
            data[x.name] = chosen[0]
        elif x.type in ("checkbox", "radio"):
            if x.checked:
                data[x.name] = x.value
        elif x.type not in ("submit", "file", "reset"):
            data[x.name] = x.value
    for name, text in choices.items():
        widget = next(x for x in forms[0].fields if x.name == name)
        if widget.tag == "select":  # picked by its label
            data[name] = next(v for v, label, _s in widget.options if label == text)
        else:  # typed
            data[name] = text
    return data


def _upload(client: Any, path: Path, kind: str) -> ImportRun:
    response = client.post(
        reverse("imports:index"), {"kind": kind, "file": SimpleUploadedFile(path.name, path.read_bytes())}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return ImportRun.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-2]))


def _confirm_columns(client: Any, run: ImportRun, **choices: str) -> str:
    url = reverse("imports:mapping", kwargs={"import_run_id": run.id})
    page = client.get(url).content.decode()
    response = client.post(url, as_browser_sends(page, url, **choices))
    assert response.status_code == 302, response.content.decode()[:3000]
    return page


def _import(client: Any, run: ImportRun) -> str:
    url = reverse("imports:run", kwargs={"import_run_id": run.id})
    page = client.get(url).content.decode()
    apply = reverse("imports:apply", kwargs={"import_run_id": run.id})
    assert f'action="{apply}"' in page, "an Import button"
    assert client.post(apply, as_browser_sends(page, apply)).status_code == 302
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE, run.report
    return client.get(url).content.decode()


def test_the_web_flow_imports_the_export_with_confirmations_only(login, veldstroom):
    client = login("beheer.veldstroom")
    people = _upload(client, STAFF, "mensen")
    mapping_page = _confirm_columns(client, people, default_team="Team Noord")
    columns = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", mapping_page))
    assert "Kostenplaats wordt niet gebruikt" in columns
    assert "Medewerkernummer medewerkernummer" in columns and "Contracturen per week contracturen per week" in columns
    run_page = client.get(reverse("imports:run", kwargs={"import_run_id": people.id})).content.decode()
    assert "gecontroleerd, klaar om te importeren" in run_page
    assert "Kostenplaats" in run_page and "Niet gebruikt" in run_page
    done = _import(client, people)
    assert "Nieuw: 5, bijgewerkt: 0, ongewijzigd (stonden al zo in Caseloadwijzer): 0, afgesloten: 0" in done

    cases = _upload(client, CASES, "casussen")
    assert cases.options["end_date_rule"] == "first-day-without", "guessed from the handover rows"
    mapping_page = _confirm_columns(client, cases, save_as="Registratiesysteem JB")
    assert "einddatum = eerste dag zonder" in mapping_page
    url = reverse("imports:run", kwargs={"import_run_id": cases.id})
    run_page = client.get(url).content.decode()
    cases.refresh_from_db()
    assert cases.invalid == 9
    assert "gecontroleerd: 9 rijen met een probleem, niet klaar om te importeren" in run_page
    assert reverse("imports:apply", kwargs={"import_run_id": cases.id}) not in run_page, "no Import button"
    assert "OTS eerste jaar" not in run_page, "the run page names no value of the file"
    values_url = reverse("imports:values", kwargs={"import_run_id": cases.id})
    values_page = client.get(values_url).content.decode()
    assert "“OTS eerste jaar” (9×)" in values_page
    assert client.post(values_url, as_browser_sends(values_page, values_url)).status_code == 302
    run_page = client.get(url).content.decode()
    assert "Elke rij is in orde." in run_page
    assert "Einddatumregel: <strong>einddatum = eerste dag zonder</strong>." in run_page
    assert (
        "Voorbeeld, rij 2: “Einddatum” 6-1-2026 in het bestand → laatste dag in Caseloadwijzer: 5 januari 2026."
        in run_page
    )
    done = _import(client, cases)
    assert "Nieuw: 15, bijgewerkt: 0, ongewijzigd (stonden al zo in Caseloadwijzer): 0, afgesloten: 0" in done
    _assert_cases(veldstroom)
    assert_figures_match_the_files(veldstroom)

    saved = SavedMapping.objects.get(organisation=veldstroom, name="Registratiesysteem JB")
    assert saved.values == {"case_type": {"ots eerste jaar": "ots"}} and saved.end_date_rule == "first-day-without"
    response = client.post(
        reverse("imports:index"),
        {"kind": "casussen", "file": SimpleUploadedFile(CASES.name, CASES.read_bytes()), "saved_mapping": saved.id},
    )
    again = ImportRun.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-2]))
    _confirm_columns(client, again)
    done = _import(client, again)
    assert "Nieuw: 0, bijgewerkt: 0, ongewijzigd (stonden al zo in Caseloadwijzer): 15, afgesloten: 0" in done
    assert_figures_match_the_files(veldstroom)


def test_a_later_staff_file_finds_people_by_staff_number_and_closes_those_who_left(login, veldstroom):
    assert command("import_people", str(STAFF), "--organisation", "veldstroom", "--team", "Team Noord")[0] == 0
    later = (
        STAFF.read_bytes().decode("cp1252").replace("Datum in dienst;Kostenplaats", "Datum in dienst;Datum uit dienst")
    )
    later = later.replace(
        "Anouk Lindeboom;Jeugdbeschermer;32;01-02-2019;KP410", "Anouk Lindeboom-de Wit;Jeugdbeschermer;32;01-02-2019;"
    )
    later = later.replace(
        "M102;Daan Oosterwijk;Jeugdbeschermer;36;15-08-2021;KP410",
        "M102;Daan Oosterwijk;Jeugdbeschermer;36;15-08-2021;31-12-2026",
    )
    later = re.sub(r";KP41\d", ";", later)
    path = Path(tempfile.mkdtemp()) / "medewerkers_later.csv"
    path.write_bytes(later.encode("cp1252"))
    code, out, err = command("import_people", str(path), "--organisation", "veldstroom")
    assert code == 0, err
    assert "nieuw: 0, bijgewerkt: 2, ongewijzigd (stonden al zo in Caseloadwijzer): 3, afgesloten: 1" in out
    anouk = Person.objects.get(organisation=veldstroom, employee_number="M101")
    assert anouk.name == "Anouk Lindeboom-de Wit" and anouk.team.name == "Team Noord", "a person keeps their team"
    assert Person.objects.get(organisation=veldstroom, employee_number="M102").end_date == dt.date(2026, 12, 31)


def test_a_new_person_without_a_team_is_a_problem_when_there_are_several_teams(veldstroom):
    code, _out, err = command("import_people", str(STAFF), "--organisation", "veldstroom")
    assert code == 1
    assert "Rij 2, kolom “team”: Geen team voor een nieuwe medewerker" in err


# --- the staff number on Person ------------------------------------------------------------------------------


def test_the_staff_number_is_unique_in_the_organisation_and_the_person_pages_show_it(login, veldstroom):
    team = veldstroom.teams.get(name="Team Noord")
    person = person_create(
        organisation=veldstroom,
        team=team,
        name="Test Nummerdrager",
        employee_number="M900",
        function="jeugdbeschermer",
        contract_hours=Decimal("32"),
        start_date=dt.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError) as refused:
        person_create(
            organisation=veldstroom,
            name="Test Dubbel",
            employee_number="M900",
            function="jeugdbeschermer",
            contract_hours=Decimal("32"),
            start_date=dt.date(2024, 1, 1),
        )
    assert "employee_number" in refused.value.error_dict
    heidemeer = Organisation.objects.get(slug="heidemeer")
    person_create(
        organisation=heidemeer,
        name="Test Elders",
        employee_number="M900",
        function="jeugdbeschermer",
        contract_hours=Decimal("32"),
        start_date=dt.date(2024, 1, 1),
    )
    client = login("beheer.veldstroom")
    edit = reverse("organisations:person_edit", kwargs={"person_id": person.id})
    page = client.get(edit).content.decode()
    assert 'value="M900"' in page
    data = as_browser_sends(page, edit) | {"contract_hours": "28"}
    assert client.post(edit, data).status_code == 302
    person.refresh_from_db()
    assert person.contract_hours == Decimal("28") and person.employee_number == "M900"
    other = Person.objects.filter(organisation=veldstroom).exclude(pk=person.pk).first()
    other_edit = reverse("organisations:person_edit", kwargs={"person_id": other.id})
    page = client.get(other_edit).content.decode()
    response = client.post(other_edit, as_browser_sends(page, other_edit) | {"employee_number": "M900"})
    assert (
        response.status_code == 200
        and "Iemand anders in deze organisatie heeft dit medewerkernummer." in response.content.decode()
    )
    assert "M900" in client.get(reverse("organisations:person", kwargs={"person_id": person.id})).content.decode()


def _file(name: str, text: str) -> Path:
    path = Path(tempfile.mkdtemp()) / name
    path.write_bytes(text.encode("cp1252"))
    return path


def test_a_function_value_is_mapped_by_the_saved_mapping(veldstroom):
    path = _file(
        "hr.csv",
        "Personeelsnummer;Naam;Functie;Uren per week;Datum in dienst\r\n"
        "P7;Test Zorgwerker;Jeugdzorgwerker;30;01-01-2025\r\n",
    )
    code, _out, err = command("import_people", str(path), "--organisation", "veldstroom", "--team", "Team Zuid")
    assert code == 1 and "Kolom “Functie”: “Jeugdzorgwerker” (1×) past nergens bij." in err
    SavedMapping.objects.create(
        organisation=veldstroom,
        kind="mensen",
        name="HR-systeem",
        mapping={
            "employee_number": "Personeelsnummer",
            "name": "Naam",
            "function": "Functie",
            "contract_hours": "Uren per week",
            "start_date": "Datum in dienst",
        },
        values={"function": {"jeugdzorgwerker": "jeugdbeschermer"}},
    )
    args = ("--organisation", "veldstroom", "--team", "Team Zuid", "--mapping", "HR-systeem")
    code, _out, err = command("import_people", str(path), *args)
    assert code == 0, err
    person = Person.objects.get(organisation=veldstroom, employee_number="P7")
    assert (person.function, person.team.name, person.contract_hours) == ("jeugdbeschermer", "Team Zuid", Decimal("30"))


def test_a_period_of_no_day_under_the_first_day_without_rule_is_a_problem(veldstroom):
    assert command("import_people", str(STAFF), "--organisation", "veldstroom", "--team", "Team Noord")[0] == 0
    path = _file(
        "kort.csv",
        "Dossiernummer;Maatregel;Casusregisseur;Begindatum;Einddatum\r\nJB-25-0099;OTS;M101;01-03-2025;01-03-2025\r\n",
    )
    code, _out, err = command(
        "import_cases", str(path), "--organisation", "veldstroom", "--end-date", "first-day-without"
    )
    assert code == 1
    assert "Rij 2, kolom “Einddatum”: Met “einddatum = eerste dag zonder” is deze einddatum de startdatum zelf" in err
    assert command("import_cases", str(path), "--organisation", "veldstroom", "--end-date", "last-day")[0] == 0
    case = Case.objects.get(organisation=veldstroom, reference="JB-25-0099")
    assert case.start_date == case.end_date == dt.date(2025, 3, 1), "a one-day case when the end is the last day"
