"""What the user sees of a file before it is imported: the values that matched nothing (once each, with a
suggested match), the end-date rule guessed from the file's handover rows, and an example row of that rule.

All of it comes from the file, so it is kept in the run's options only while the run is open
(``services.FILE_OPTIONS``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import translation

from cases.models import CaseType
from imports import reading, validation
from imports.models import ImportRun
from imports.values import EndDateRule, Target, guess_end_date_rule, suggest
from organisations.models import Function, Organisation, Team


def guess_end_date_rule_of(rows: list[list[str]], mapping: dict[str, int]) -> str | None:
    """The end-date rule the file's handover rows show (see ``values.guess_end_date_rule``), or None."""
    reference = mapping.get("reference")
    start = mapping.get("assignment_start", mapping.get("start_date"))
    end = mapping.get("assignment_end", mapping.get("end_date"))
    if reference is None or start is None or end is None:
        return None
    return guess_end_date_rule(
        (r[reference], validation.parse_date(r[start]), validation.parse_date(r[end]) if r[end] else None)
        for r in rows
        if max(reference, start, end) < len(r)
    )


def unmatched_values(run: ImportRun, unmatched: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    """Each value that matched nothing, once: field, column, value, count and a suggested target (or "")."""
    out = []
    for field_name, counts in unmatched.items():
        targets = value_targets(run.organisation, run.kind, field_name, run.options.get("team_ids"))
        index = run.mapping.get(field_name)
        column = run.headers[index] if index is not None and index < len(run.headers) else field_name
        for value, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            out.append(
                {
                    "field": field_name,
                    "column": column,
                    "value": value[:100],
                    "count": count,
                    "suggestion": suggest(value, targets) or "",
                }
            )
    return out[:200]


def value_targets(organisation: Organisation, kind: str, field_name: str, team_ids: list[int] | None) -> list[Target]:
    """What a value of ``field_name`` can be mapped to: the organisation's case types, teams or the functions."""
    if field_name == "case_type":
        return [
            Target(code, f"{name} ({code})", (code, name))
            for code, name in CaseType.objects.filter(organisation=organisation).values_list("code", "name")
        ]
    if field_name == "team":
        teams = Team.objects.filter(organisation=organisation)
        if team_ids is not None:
            teams = teams.filter(id__in=team_ids)
        return [Target(name, name, (name,)) for name in teams.values_list("name", flat=True)]
    if field_name == "function":
        targets = []
        for value, label in Function.choices:
            with translation.override("nl"):
                dutch = str(label)
            with translation.override("en"):
                english = str(label)
            targets.append(Target(value, str(label), (value, dutch, english)))
        return targets
    return []


def end_date_example(table: reading.Table, mapping: dict[str, int], rule: str | None) -> dict[str, Any] | None:
    """The first row with an end date, as the rule reads it: row, column, the date in the file and the last
    day carried that Caseloadwijzer stores."""
    for name in ("assignment_end", "end_date"):
        index = mapping.get(name)
        if index is None:
            continue
        for i, row in enumerate(table.rows):
            day = validation.parse_date(row[index]) if index < len(row) and row[index] else None
            if day is None:
                continue
            last = day - dt.timedelta(days=1) if rule == EndDateRule.FIRST_DAY_WITHOUT else day
            column = table.headers[index] if index < len(table.headers) else name
            return {"row": i + 2, "column": column, "file": day.isoformat(), "stored": last.isoformat()}
    return None
