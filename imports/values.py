"""How a registration system's words and end dates become Caseloadwijzer's: value mapping and the end-date rule.

**Value mapping.** A case type, function or team in a file is matched by its code or name (any case). A
value that matches nothing ("OTS eerste jaar") is listed once with its count and, where one is close, a
suggested match (OTS: the words of the code or name all occur in the value, or the spelling is nearly the
same); the user confirms it, and the choice (``{field: {value in lower case: target}}``) is kept with the
run and with the named mapping. A target is a case type's code, a team's name or a function's value, so
that the row checks resolve it like any other value.

**The end-date rule.** Registration systems differ in what their end date means: the last day a case is
carried ("einddatum = laatste dag", Caseloadwijzer's own meaning) or the first day it is no longer carried
("einddatum = eerste dag zonder"). With the second, every end date of a case and of an assignment is read
as the day before. The rule is chosen at import (guessed from handover rows where a file has them) and kept
with the named mapping.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from django.db import models
from django.utils.translation import gettext_lazy as _

from imports.fields import normalise_header

ValueMap = dict[str, dict[str, str]]
"""field name → {value as in the file, in lower case: target (case type code, team name, function value)}."""

VALUE_FIELDS = {"casussen": ("case_type", "team"), "mensen": ("function", "team")}
"""The fields whose values are looked up in the organisation's own lists, and so can be mapped."""


class EndDateRule(models.TextChoices):
    LAST_DAY = "last-day", _("end date = last day")
    FIRST_DAY_WITHOUT = "first-day-without", _("end date = first day without")


RULE_HELP = {
    EndDateRule.LAST_DAY: _("The end date in the file is the last day the case is carried (as in Caseloadwijzer)."),
    EndDateRule.FIRST_DAY_WITHOUT: _(
        "The end date in the file is the first day the case is no longer carried: Caseloadwijzer stores the day before."
    ),
}


def value_key(value: str) -> str:
    return value.strip().lower()


def number_key(number: str) -> str:
    """A staff number as it is matched: any case, and without leading zeros when it is all digits (Excel drops
    them from a number column)."""
    key = number.strip().lower()
    return (key.lstrip("0") or "0") if key.isdigit() else key


def apply(values: list[str], mapping: dict[str, str] | None) -> list[str]:
    """``values`` with every mapped value replaced by its target; each distinct value looked up once."""
    if not mapping:
        return values
    translated = {v: mapping.get(value_key(v), v) for v in set(values)}
    if all(k == v for k, v in translated.items()):
        return values
    return list(map(translated.__getitem__, values))


@dataclass(frozen=True)
class Target:
    key: str
    """What the mapping stores (a case type code, a team name, a function value)."""
    label: str
    names: tuple[str, ...]
    """The code and the names it is known by, to find a suggestion."""


def suggest(value: str, targets: Iterable[Target]) -> str | None:
    """The target closest to ``value``: the one whose code or name has all its words in the value (or the
    other way round; the longest such name wins), else a near spelling (difflib, ratio ≥ 0.8); else None."""
    words = set(normalise_header(value).split())
    if not words:
        return None
    best: tuple[int, str] | None = None
    spellings: dict[str, str] = {}
    for target in targets:
        for name in target.names:
            normalised = normalise_header(name)
            name_words = set(normalised.split())
            if not name_words:
                continue
            spellings.setdefault(normalised, target.key)
            if name_words <= words or words <= name_words:
                score = len(name_words & words)
                if best is None or score > best[0]:
                    best = (score, target.key)
    if best is not None:
        return best[1]
    close = difflib.get_close_matches(normalise_header(value), list(spellings), n=1, cutoff=0.8)
    return spellings[close[0]] if close else None


def parse_value_option(text: str) -> tuple[str, str, str]:
    """``"COLUMN:FROM=TO"`` (the command's ``--value``) → (column, from, to); ValueError when malformed."""
    column, sep, rest = text.partition(":")
    source, eq, target = rest.partition("=")
    if not sep or not eq or not column.strip() or not source.strip() or not target.strip():
        raise ValueError(text)
    return column.strip(), source.strip(), target.strip()


def shift_back(values: list[str | None]) -> list[str | None]:
    """ISO dates one day earlier (the first day without → the last day carried); None stays None."""
    earlier: dict[str | None, str | None] = {
        v: (dt.date.fromisoformat(v) - dt.timedelta(days=1)).isoformat() for v in set(values) if v is not None
    }
    earlier[None] = None
    return list(map(earlier.__getitem__, values))


def guess_end_date_rule(periods: Iterable[tuple[str, dt.date | None, dt.date | None]]) -> str | None:
    """From (case reference, start, end) per row: where a case has a next period, an end equal to the next
    start says "first day without", an end one day before it says "last day". The majority, or None."""
    by_case: dict[str, list[tuple[dt.date, dt.date | None]]] = {}
    for reference, start, end in periods:
        if reference and start is not None:
            by_case.setdefault(reference, []).append((start, end))
    first_day = last_day = 0
    for rows in by_case.values():
        rows.sort(key=lambda r: r[0])
        for (_start, end), (next_start, _next_end) in pairwise(rows):
            if end is None:
                continue
            if end == next_start:
                first_day += 1
            elif end + dt.timedelta(days=1) == next_start:
                last_day += 1
    if first_day > last_day:
        return EndDateRule.FIRST_DAY_WITHOUT
    if last_day > first_day:
        return EndDateRule.LAST_DAY
    return None
