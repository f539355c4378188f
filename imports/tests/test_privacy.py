"""The privacy guard: client names, addresses, birth dates and valid BSNs are refused, by column and row."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from imports.privacy import check_privacy, header_finding, is_valid_bsn


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "1112.22.333", "123 456 782"])
def test_valid_bsns_pass_the_eleven_check(bsn):
    assert is_valid_bsn(bsn)


@pytest.mark.parametrize("text", ["123456789", "000000000", "12345678", "1234567890", "abc"])
def test_other_numbers_do_not(text):
    assert not is_valid_bsn(text)


@given(st.lists(st.integers(0, 9), min_size=8, max_size=8), st.integers(0, 8), st.integers(1, 9))
def test_changing_one_digit_of_a_valid_bsn_breaks_the_check(first8, position, delta):
    total = sum(d * w for d, w in zip(first8, range(9, 1, -1), strict=True))
    last = total % 11
    if last > 9 or not any([*first8, last]):
        return
    digits = [*first8, last]
    assert is_valid_bsn("".join(map(str, digits)))
    digits[position] = (digits[position] + delta) % 10
    assert not is_valid_bsn("".join(map(str, digits)))


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("Voornaam", "name"),
        ("Achternaam cliënt", "name"),
        ("Naam kind", "name"),
        ("Adres", "address"),
        ("Postcode", "address"),
        ("Woonplaats", "address"),
        ("Geboortedatum", "birth_date"),
        ("Date of birth", "birth_date"),
        ("BSN", "bsn"),
        ("Burgerservicenummer", "bsn"),
    ],
)
def test_it_recognises_personal_data_columns(header, kind):
    assert header_finding(header, "casussen") == kind


@pytest.mark.parametrize("header", ["Dossiernummer", "Medewerker", "Startdatum", "Team", "Casustype", "Fase"])
def test_ordinary_columns_pass(header):
    assert header_finding(header, "casussen") is None


def test_a_plain_name_column_is_fine_in_a_people_file_but_not_in_a_case_file():
    assert header_finding("Naam", "mensen") is None
    assert header_finding("Naam", "casussen") == "name"


def test_it_names_the_column_and_row_of_every_bsn_but_not_the_value():
    rows = [["C-1", "notitie"], ["C-2", "bsn 111222333 genoemd"], ["123456782", ""]]
    findings = check_privacy(["Referentie", "Opmerking"], rows, "casussen")
    assert [(f.kind, f.column, f.row) for f in findings] == [("bsn", "Opmerking", 3), ("bsn", "Referentie", 4)]
    assert "111222333" not in repr(findings)


def test_nine_digit_numbers_that_fail_the_check_pass():
    assert check_privacy(["Referentie"], [["123456789"], ["C-123456789-X"]], "casussen") == []


def test_cells_with_line_breaks_two_bsns_and_short_rows_are_placed_on_the_right_row():
    rows = [
        ["C-1", "regel een\nregel twee 111222333\n123456782"],  # two BSNs in one multi-line cell: one finding
        ["C-2"],  # a short row
        ["C-3", "", "extra 111222333"],  # a cell beyond the headers is named by its position (C) only
        ["111.222.333", "schoon"],
    ]
    findings = check_privacy(["Referentie", "Opmerking"], rows, "casussen")
    assert [(f.column, f.letter, f.row) for f in findings] == [
        ("Opmerking", "B", 2),
        ("", "C", 4),
        ("Referentie", "A", 5),
    ]


def test_the_limit_keeps_the_first_rows_and_counts_refused_headers():
    rows = [["111222333", "123456782"] for _ in range(10)]
    findings = check_privacy(["Referentie", "BSN"], rows, "casussen", limit=4)
    assert [(f.kind, f.column, f.row) for f in findings] == [
        ("bsn", "BSN", None),
        ("bsn", "Referentie", 2),
        ("bsn", "BSN", 2),
        ("bsn", "Referentie", 3),
    ]


@pytest.mark.parametrize(
    "cell", ["111222333", "1112.22.333", "1112 22 333", "111.222.333", "111 222 333", "x111222333y"]
)
def test_every_written_form_of_a_bsn_gets_past_the_screen(cell):
    assert [(f.column, f.row) for f in check_privacy(["Opmerking"], [["schoon"], [cell]], "casussen")] == [
        ("Opmerking", 3)
    ]


@pytest.mark.parametrize("reference", ["JBVMID-2022-00000", "2022-00000", "JBV 2021 00123", "2020/00007"])
def test_a_reference_of_a_year_and_a_number_is_not_taken_for_a_bsn(reference):
    """4 + 5 digits is how references are written, not a BSN: one in eleven would pass the 11-check."""
    assert check_privacy(["Dossiernummer"], [[reference]], "casussen") == []
