"""The bulk writer: every row lands with its values, constants and model defaults, in order, or none do."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from cases.models import Case, CaseType, Phase
from imports.bulk import insert_rows, update_rows

FIELDS = ("reference", "team_id", "case_type_id", "start_date", "end_date")


@pytest.fixture
def noord_ids(db):
    from organisations.models import Organisation

    organisation = Organisation.objects.get(slug="veldstroom")
    team = organisation.teams.get(name="Team Noord")
    return organisation.id, team.id, CaseType.objects.filter(organisation=organisation).first().id


def test_rows_get_their_values_the_constants_and_the_defaults_and_consecutive_keys(noord_ids):
    org, team, case_type = noord_ids
    rows = [(f"BULK-{i}", team, case_type, "2026-01-05", None if i % 2 else "2026-03-01") for i in range(3)]
    with transaction.atomic():
        first = insert_rows(Case, FIELDS, rows, constants={"organisation_id": org})
    stored = list(Case.objects.filter(reference__startswith="BULK-").order_by("id"))
    assert [(c.reference, c.organisation_id, c.start_date, c.end_date, c.phase, c.children) for c in stored] == [
        ("BULK-0", org, dt.date(2026, 1, 5), dt.date(2026, 3, 1), Phase.START, 1),
        ("BULK-1", org, dt.date(2026, 1, 5), None, Phase.START, 1),
        ("BULK-2", org, dt.date(2026, 1, 5), dt.date(2026, 3, 1), Phase.START, 1),
    ]
    if connection.vendor == "sqlite":
        assert [c.id for c in stored] == [first, first + 1, first + 2]
    else:
        assert first is None


def test_update_rows_changes_only_the_given_rows(noord_ids):
    org, team, case_type = noord_ids
    with transaction.atomic():
        insert_rows(
            Case, FIELDS, [("BULK-U1", team, case_type, "2026-01-05", None)], constants={"organisation_id": org}
        )
        insert_rows(
            Case, FIELDS, [("BULK-U2", team, case_type, "2026-01-05", None)], constants={"organisation_id": org}
        )
    one, two = Case.objects.filter(reference__startswith="BULK-U").order_by("reference")
    with transaction.atomic():
        update_rows(Case, ("end_date",), [("2026-02-02", one.id)])
    one.refresh_from_db(), two.refresh_from_db()
    assert (one.end_date, two.end_date) == (dt.date(2026, 2, 2), None)


def test_a_constant_that_is_not_a_field_left_to_fill_is_refused(noord_ids):
    _org, team, case_type = noord_ids
    with pytest.raises(ValueError, match="reference"):
        insert_rows(Case, FIELDS, [("BULK-X", team, case_type, "2026-01-05", None)], constants={"reference": "x"})


def test_a_row_breaking_a_constraint_leaves_none_of_the_rows(noord_ids):
    org, team, case_type = noord_ids
    rows = [("BULK-OK", team, case_type, "2026-01-05", None), ("BULK-BAD", team, case_type, "2026-01-05", "2025-01-01")]
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(Case, FIELDS, rows, constants={"organisation_id": org})
    assert not Case.objects.filter(reference__startswith="BULK-").exists()
