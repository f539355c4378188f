"""Value mapping, staff numbers and the end-date rule, on their own."""

from __future__ import annotations

import datetime as dt

from imports.values import EndDateRule, Target, guess_end_date_rule, number_key, parse_value_option, suggest

CASE_TYPES = [
    Target("ots", "Ondertoezichtstelling (OTS) (ots)", ("ots", "Ondertoezichtstelling (OTS)")),
    Target("voogdij", "Voogdij (voogdij)", ("voogdij", "Voogdij")),
    Target("ambulant", "Overige ambulante hulp (ambulant)", ("ambulant", "Overige ambulante hulp")),
]
TEAMS = [Target("Team Noord", "Team Noord", ("Team Noord",)), Target("Team Zuid", "Team Zuid", ("Team Zuid",))]


def test_a_value_is_matched_to_the_target_whose_words_it_holds_or_a_near_spelling():
    assert suggest("OTS eerste jaar", CASE_TYPES) == "ots"
    assert suggest("Voogdij 18-", CASE_TYPES) == "voogdij"
    assert suggest("Noord", TEAMS) == "Team Noord", "all the value's words are in the name"
    assert suggest("Team Nord", TEAMS) == "Team Noord", "a near spelling"
    assert suggest("Jeugdreclassering", CASE_TYPES) is None, "nothing close: no suggestion"
    assert suggest("", CASE_TYPES) is None


def test_staff_numbers_match_in_any_case_and_without_the_leading_zeros_excel_drops():
    assert number_key(" m109 ") == number_key("M109") == "m109"
    assert number_key("000123") == number_key("123") == "123"
    assert number_key("0") == number_key("000") == "0"


def test_the_end_date_rule_is_guessed_from_handover_rows():
    d = dt.date
    first_day_without = [("A", d(2025, 1, 1), d(2025, 3, 1)), ("A", d(2025, 3, 1), None)]
    last_day = [("B", d(2025, 1, 1), d(2025, 2, 28)), ("B", d(2025, 3, 1), None)]
    assert guess_end_date_rule(first_day_without) == EndDateRule.FIRST_DAY_WITHOUT
    assert guess_end_date_rule(last_day) == EndDateRule.LAST_DAY
    assert guess_end_date_rule([("C", d(2025, 1, 1), None)]) is None, "one period per case: no evidence"
    assert guess_end_date_rule(first_day_without + last_day) is None, "a tie"


def test_the_value_option_is_column_from_and_to():
    assert parse_value_option("Maatregel:OTS eerste jaar=ots") == ("Maatregel", "OTS eerste jaar", "ots")
    for bad in ("Maatregel", "Maatregel:OTS", ":x=y", "M:=y", "M:x="):
        try:
            parse_value_option(bad)
        except ValueError:
            continue
        raise AssertionError(bad)
