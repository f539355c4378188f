"""Import a file without the web pages (``manage.py import_people`` / ``import_cases``, for nightly extracts).

The same path as the web flow, step by step: ``services.import_run_create`` (limits, privacy guard, the
guessed columns and end-date rule), ``import_run_set_mapping`` and ``import_run_check`` (every row), and only
when no row has a problem ``import_run_start_apply`` and ``import_run_apply`` (one transaction: all or
nothing). What the user confirms on the pages comes from the options here: a named mapping (columns, values,
end-date rule), ``--team``, ``--end-date`` and ``--value``. A run that is not imported is discarded, so that
nothing of the file stays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from imports import preview, services, writing
from imports.fields import FIELDS, normalise_header, unused_columns
from imports.models import ImportKind, ImportRun, ImportStatus, SavedMapping
from imports.reading import UnreadableFile
from imports.validation import field_label, problem_text
from imports.values import VALUE_FIELDS, EndDateRule, ValueMap, value_key
from organisations.models import Organisation, Team

FINDING_TEXT = {
    "name": gettext_noop("looks like client names"),
    "address": gettext_noop("looks like addresses"),
    "birth_date": gettext_noop("looks like dates of birth"),
    "bsn": gettext_noop("holds a BSN (citizen service number)"),
}
"""As on the upload page (``views.FINDING_TEXT``)."""


@dataclass
class Outcome:
    """``problems``: lines to show (row, column, reason), nothing written; else ``counts`` (of the dry run, when
    ``dry_run``). ``notes``: what the user should know either way (columns not used, the end-date rule)."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: writing.Counts | None = None
    dry_run: bool = False
    run: ImportRun | None = None

    @property
    def summary(self) -> str:
        assert self.counts is not None
        line = services.counts_summary(self.counts)
        return _("Dry run, nothing written: %(summary)s") % {"summary": line} if self.dry_run else line


class OptionError(ValueError):
    """A command-line option that cannot be used (unknown team, mapping, column or value); in Dutch."""


def find_organisation(text: str) -> Organisation:
    found = Organisation.objects.filter(slug=text).first() or Organisation.objects.filter(name__iexact=text).first()
    if found is None:
        raise OptionError(_("Unknown organisation “%(name)s” (give its short name or its name).") % {"name": text})
    return found


def find_team(organisation: Organisation, name: str) -> Team:
    team = organisation.teams.filter(name__iexact=name.strip()).first()
    if team is None:
        names = ", ".join(organisation.teams.values_list("name", flat=True))
        raise OptionError(_("Unknown team “%(name)s”; the teams are: %(names)s.") % {"name": name, "names": names})
    return team


def find_mapping(organisation: Organisation, kind: str, name: str) -> SavedMapping:
    saved = SavedMapping.objects.filter(organisation=organisation, kind=kind, name__iexact=name.strip()).first()
    if saved is None:
        names = ", ".join(
            SavedMapping.objects.filter(organisation=organisation, kind=kind).values_list("name", flat=True)
        )
        raise OptionError(
            _("Unknown saved column mapping “%(name)s”; saved for this kind of file: %(names)s.")
            % {"name": name, "names": names or _("none")}
        )
    return saved


def import_file(
    *,
    organisation: Organisation,
    kind: str,
    filename: str,
    data: bytes,
    team: Team | None = None,
    saved: SavedMapping | None = None,
    end_date_rule: str | None = None,
    values: list[tuple[str, str, str]] | None = None,
    dry_run: bool = False,
) -> Outcome:
    """Raises ``OptionError`` for an option that cannot be used; every problem of the file is in the outcome."""
    outcome = Outcome(dry_run=dry_run)
    try:
        run = services.import_run_create(
            organisation=organisation, user=None, kind=kind, filename=filename, data=data, team_ids=None
        )
    except UnreadableFile as error:
        outcome.problems.append(str(error))
        return outcome
    except services.PrivacyRefusal as refusal:
        outcome.problems.extend(_finding_line(f) for f in refusal.findings)
        outcome.problems.append(_("This file seems to hold personal data of clients; nothing of it has been stored."))
        return outcome
    outcome.run = run
    try:
        return _check_and_import(run, outcome, team, saved, end_date_rule, values or [])
    finally:
        run.refresh_from_db()
        if run.status not in services.ENDED:
            services.import_run_discard(run=run, interrupted=True)


def _check_and_import(
    run: ImportRun,
    outcome: Outcome,
    team: Team | None,
    saved: SavedMapping | None,
    end_date_rule: str | None,
    values: list[tuple[str, str, str]],
) -> Outcome:
    mapping = services.mapping_from_saved(saved, run.headers) if saved is not None else dict(run.mapping)
    options: dict[str, Any] = {**run.options, **(services.saved_options(saved) if saved is not None else {})}
    options["default_team_id"] = team.id if team is not None else None
    if end_date_rule is not None and run.kind == ImportKind.CASES:
        options["end_date_rule"] = end_date_rule
    options["value_map"] = _value_map(run, mapping, options.get("value_map") or {}, values)
    missing = [f for f in FIELDS[run.kind] if f.required and f.name not in mapping]
    for f in missing:
        outcome.problems.append(
            _("No column found for “%(field)s” (required): give a saved column mapping with --mapping.")
            % {"field": f.label}
        )
    if missing:
        return outcome
    outcome.notes.extend(
        _("Column “%(column)s”: not used.") % {"column": column} for column in unused_columns(run.headers, mapping)
    )
    if run.kind == ImportKind.CASES:
        rule = EndDateRule(options["end_date_rule"])
        outcome.notes.append(_("End-date rule: %(rule)s.") % {"rule": rule.label})
    services.import_run_set_mapping(run=run, mapping=mapping, options=options)
    services.import_run_check(run.id)
    run.refresh_from_db()
    if run.invalid:
        outcome.problems.extend(_problem_line(p) for p in run.report)
        outcome.problems.extend(_unmatched_line(item) for item in run.options.get("unmatched") or [])
        return outcome
    if outcome.dry_run:
        outcome.counts = services.import_run_preview(run.id)
        return outcome
    services.import_run_start_apply(run=run)
    services.import_run_apply(run.id)
    run.refresh_from_db()
    if run.status != ImportStatus.DONE:
        outcome.problems.append(_("The import failed; nothing of it was stored."))
        return outcome
    outcome.counts = services.run_counts(run)
    return outcome


def _value_map(
    run: ImportRun, mapping: dict[str, int], value_map: ValueMap, values: list[tuple[str, str, str]]
) -> ValueMap:
    """The saved value mapping with each ``--value COLUMN:FROM=TO`` added; the column by its header (or the
    field's label), the target checked against the organisation's case types, teams or functions."""
    merged: ValueMap = {name: dict(mapped) for name, mapped in value_map.items()}
    by_column = {normalise_header(run.headers[i]): name for name, i in mapping.items() if i < len(run.headers)}
    by_column |= {normalise_header(field_label(name)): name for name in mapping}
    for column, source, target in values:
        name = by_column.get(normalise_header(column))
        if name is None or name not in VALUE_FIELDS[run.kind]:
            fields = ", ".join(
                run.headers[mapping[n]]
                for n in VALUE_FIELDS[run.kind]
                if n in mapping and mapping[n] < len(run.headers)
            )
            raise OptionError(
                _("--value: “%(column)s” is not a column whose values can be mapped here (%(columns)s).")
                % {"column": column, "columns": fields or _("none")}
            )
        targets = preview.value_targets(run.organisation, run.kind, name, None)
        wanted = value_key(target)
        key = next((t.key for t in targets if wanted in {value_key(n) for n in (t.key, t.label, *t.names)}), None)
        if key is None:
            choices = ", ".join(t.key for t in targets)
            raise OptionError(
                _("--value: “%(target)s” is not known here; choose one of: %(choices)s.")
                % {"target": target, "choices": choices}
            )
        merged.setdefault(name, {})[value_key(source)] = key
    return merged


def _problem_line(problem: dict[str, Any]) -> str:
    return _("Row %(row)s, column “%(column)s”: %(reason)s") % {
        "row": problem["row"],
        "column": problem["column"],
        "reason": problem_text(problem["code"], problem["params"]),
    }


def _unmatched_line(item: dict[str, Any]) -> str:
    line = _("Column “%(column)s”: “%(value)s” (%(count)s×) matches nothing.") % item
    if item.get("suggestion"):
        line += " " + _('Suggested: --value "%(column)s:%(value)s=%(suggestion)s"') % item
    return line


def _finding_line(finding: Any) -> str:
    """Sheet (when the file has sheets), column and row, never the value: as on the upload page."""
    from imports.privacy.messages import finding_text

    return finding_text(finding)
