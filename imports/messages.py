"""The reasons a row is refused, by code: stored with the run as (row, column, code), rendered in the reader's
language. No message names the cell's value, so that nothing of the file outlives the run."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    # No message names the cell's value: the report is stored with the run, and keeps row, column and reason
    # only, so that nothing of the file outlives the run (issue 17).
    "required": _("Empty, but this field is required."),
    "bad_date": _("Not a date (write dd-mm-jjjj or jjjj-mm-dd)."),
    "bad_reference": _("Not a valid case reference (letters, digits and . _ / - only, no spaces)."),
    "unknown_case_type": _("Unknown case type: use the code or the name of one of the case types."),
    "unknown_team": _("Unknown team."),
    "no_team": _(
        "No team given: add a team column, choose a team for the whole file, or give the case manager a team."
    ),
    "no_team_person": _(
        "No team given for a new staff member: choose a team for the whole file, or add a team column."
    ),
    "unknown_person": _(
        "Unknown staff member: no one has this staff number or name; add them under Organisation first, or import "
        "people."
    ),
    "ambiguous_person": _("There is more than one staff member with this name."),
    "end_before_start": _("The end date lies before the start date."),
    "empty_period": _(
        "With “end date = first day without” this end date is the start date itself: the period holds no day."
    ),
    "overlapping_assignment": _("This staff member's period on this case overlaps the one on row %(other)s."),
    "conflicting_case_type": _("This case has another case type on row %(other)s; a case has one case type."),
    "conflicting_number": _("This staff number is also on row %(other)s, for another name."),
    "assignment_before_case": _("The assignment starts before the case starts."),
    "duplicate_reference": _("This case reference is also on row %(other)s, with different case data."),
    "duplicate_assignment": _(
        "This staff member is assigned to this case from the same date on row %(other)s as well."
    ),
    "duplicate_person": _(
        "This staff member has a row with the same “hours valid from” date on row %(other)s as well."
    ),
    "conflicting_person": _("This staff member is also on row %(other)s, with a different team, function or dates."),
    "locked_case": _("This case belongs to a team you do not manage."),
    "bad_integer": _("Not a whole number from %(min)s to %(max)s."),
    "bad_hours": _("Not a number of hours from 0 to 60."),
    "unknown_phase": _("Unknown phase (start, midden or afronding)."),
    "unknown_function": _("Unknown function."),
}


def problem_text(code: str, params: dict[str, Any]) -> str:
    return str(MESSAGES.get(code, code)) % params if params else str(MESSAGES.get(code, code))
