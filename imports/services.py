"""The life of an import run: upload (limits, privacy guard) → mapping → check → import.

``import_run_check`` and ``import_run_apply`` run as background tasks (imports.tasks); both re-read the
stored file, so that what is imported is exactly what was checked against the data as it is now.

Every change of status is a conditional UPDATE (``_transition``: "from these statuses to that one"), so two
requests at once (five clicks on "Import") cannot both act: one wins, the others see the run as it is.
When a run ends (imported, failed, discarded, expired) nothing of the file stays: ``_end`` clears the
content, the column headers and the sample row; the report never held cell values.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, CaseType
from imports import limits, preview, reading, validation, writing
from imports.fields import FIELDS, guess_mapping
from imports.models import ImportKind, ImportRun, ImportStatus, SavedMapping
from imports.people_rows import validate_people
from imports.privacy import Finding, screen_file
from imports.privacy import stored as stored_table
from imports.values import EndDateRule, ValueMap, number_key
from organisations.models import Organisation, Person, Team

logger = logging.getLogger(__name__)
REPORT_LIMIT = 20_000
"""Problems kept per run; the count of invalid rows is always complete."""


ENDED = (ImportStatus.DONE, ImportStatus.FAILED, ImportStatus.DISCARDED, ImportStatus.EXPIRED)
OPEN = (ImportStatus.UPLOADED, ImportStatus.CHECKING, ImportStatus.CHECKED, ImportStatus.IMPORTING)


class RunNotAvailable(Exception):
    """Another request changed the run first (e.g. it is already being imported); nothing was done."""


class PrivacyRefusal(Exception):
    """The file holds personal data of clients; it was not stored."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{len(findings)} privacy findings")
        self.findings = findings


def import_run_create(
    *,
    organisation: Organisation,
    user: User | None,
    kind: str,
    filename: str,
    data: bytes,
    team_ids: list[int] | None = None,
    free_text: list[str] | None = None,
) -> ImportRun:
    """Read and guard the file; store what the guard lets through (``imports.privacy.stored``: the first sheet's
    named columns, without free text unless its column is named in ``free_text``), never the file itself.

    Raises ``reading.UnreadableFile`` or ``PrivacyRefusal``; in both cases nothing is written.
    """
    table = reading.read_table(data, filename)
    screened = screen_file(table.sheets, kind, filename, free_text=free_text or ())
    if screened.findings:
        raise PrivacyRefusal(screened.findings)
    table = stored_table.withhold(table, {w.index for w in screened.withheld})
    mapping = guess_mapping(kind, table.headers)
    mapping = {name: i for name, i in mapping.items() if i not in {w.index for w in screened.withheld}}
    options: dict[str, Any] = {"sample": next((r for r in table.rows if any(r)), []), "team_ids": team_ids}
    options["withheld"] = [{"index": w.index, "reason": w.reason} for w in screened.withheld]
    if kind == ImportKind.CASES:
        guessed = preview.guess_end_date_rule_of(table.rows, mapping)
        options["end_date_rule"] = guessed or EndDateRule.LAST_DAY
        options["end_date_rule_guessed"] = guessed is not None
    return ImportRun.objects.create(
        organisation=organisation,
        kind=kind,
        filename=filename[:255],
        file_format=table.file_format,
        created_by=user,
        headers=table.headers,
        mapping=mapping,
        content=stored_table.dump(table),
        total=len(table.rows),
        options=options,
    )


def _transition(run: ImportRun, allowed: tuple[str, ...], status: str, **fields: Any) -> None:
    """Move the run to ``status`` only if it is still in one of ``allowed``: one UPDATE, so of two requests at
    once exactly one wins. The loser gets ``RunNotAvailable`` and ``run`` refreshed to the true state."""
    changed = ImportRun.objects.filter(pk=run.pk, status__in=allowed, content__isnull=False).update(
        status=status, **fields
    )
    if not changed:
        run.refresh_from_db()
        raise RunNotAvailable(run.status)
    run.status = status
    for name, value in fields.items():
        setattr(run, name, value)


def import_run_set_mapping(
    *, run: ImportRun, mapping: dict[str, int], options: dict[str, Any], save_as: str = ""
) -> ImportRun:
    """Raises ``RunNotAvailable`` when the run is no longer waiting for its columns (checked or uploaded)."""
    _transition(
        run,
        (ImportStatus.UPLOADED, ImportStatus.CHECKED),
        ImportStatus.CHECKING,
        mapping=mapping,
        options=options,
        processed=0,
        invalid=0,
        report=[],
        started_at=timezone.now(),
    )
    if save_as:
        SavedMapping.objects.update_or_create(
            organisation=run.organisation,
            kind=run.kind,
            name=save_as[:100],
            defaults={
                "mapping": _by_header(run),
                "values": run.options.get("value_map") or {},
                "end_date_rule": run.options.get("end_date_rule") or "",
            },
        )
        run.options["saved_mapping"] = save_as[:100]
        ImportRun.objects.filter(pk=run.pk).update(options=run.options)
    return run


def import_run_set_values(*, run: ImportRun, value_map: ValueMap) -> ImportRun:
    """The values the user mapped after a check (added to those mapped before); the run is checked again.
    The named mapping the run was saved as, or started from, keeps them too. Raises ``RunNotAvailable``
    unless the run is checked."""
    merged: ValueMap = {field: dict(values) for field, values in (run.options.get("value_map") or {}).items()}
    for field, values in value_map.items():
        merged.setdefault(field, {}).update(values)
    options = {k: v for k, v in run.options.items() if k not in ("unmatched", "example_end")}
    options["value_map"] = merged
    _transition(
        run,
        (ImportStatus.CHECKED,),
        ImportStatus.CHECKING,
        options=options,
        processed=0,
        invalid=0,
        report=[],
        started_at=timezone.now(),
    )
    name = options.get("saved_mapping")
    if name:
        SavedMapping.objects.filter(organisation=run.organisation, kind=run.kind, name=name).update(values=merged)
    return run


def saved_options(saved: SavedMapping) -> dict[str, Any]:
    """What a named mapping brings besides the columns: its value mapping and end-date rule."""
    options: dict[str, Any] = {"saved_mapping": saved.name, "value_map": saved.values or {}}
    if saved.end_date_rule:
        options["end_date_rule"], options["end_date_rule_guessed"] = saved.end_date_rule, False
    return options


def _by_header(run: ImportRun) -> dict[str, str]:
    """A saved mapping is stored by header name, so that it fits a file whose columns are in another order."""
    return {name: run.headers[index] for name, index in run.mapping.items() if index < len(run.headers)}


def mapping_from_saved(saved: SavedMapping, headers: list[str]) -> dict[str, int]:
    position = {h: i for i, h in enumerate(headers)}
    return {name: position[header] for name, header in saved.mapping.items() if header in position}


def load_lookup(
    organisation: Organisation,
    default_team_id: int | None = None,
    team_ids: list[int] | None = None,
    value_map: ValueMap | None = None,
    end_date_rule: str | None = None,
) -> validation.Lookup:
    """Reference data by lower-case name; ``team_ids`` (None: all) are the teams the importer manages."""
    case_types: dict[str, int] = {}
    for pk, code, name in CaseType.objects.filter(organisation=organisation).values_list("id", "code", "name"):
        case_types[name.lower()] = pk
        case_types[code.lower()] = pk
    all_teams = Team.objects.filter(organisation=organisation)
    allowed = all_teams if team_ids is None else all_teams.filter(id__in=team_ids)
    teams = {name.lower(): pk for pk, name in allowed.values_list("id", "name")}
    locked: frozenset[str] = frozenset()
    if team_ids is not None:
        locked = frozenset(
            Case.objects.filter(organisation=organisation)
            .exclude(team_id__in=team_ids)
            .values_list("reference", flat=True)
        )
    people: dict[str, list[int]] = {}
    numbers: dict[str, int] = {}
    person_numbers: dict[int, str] = {}
    person_teams: dict[int, int] = {}
    allowed_ids = set(teams.values())
    rows = Person.objects.filter(organisation=organisation).values_list("id", "name", "employee_number", "team_id")
    for pk, name, number, team_id in rows:
        people.setdefault(name.lower(), []).append(pk)
        if number:
            numbers[number_key(number)] = pk
            person_numbers[pk] = number
        if team_id in allowed_ids:
            person_teams[pk] = team_id
    if default_team_id is None and len(teams) == 1:
        default_team_id = next(iter(teams.values()))
    return validation.Lookup(
        case_types=case_types,
        teams=teams,
        people=people,
        default_team_id=default_team_id,
        locked_references=locked,
        staff_numbers=numbers,
        person_numbers=person_numbers,
        person_teams=person_teams,
        value_map=value_map or {},
        end_date_rule=end_date_rule or EndDateRule.LAST_DAY,
    )


def _lookup(run: ImportRun) -> validation.Lookup:
    options = run.options
    return load_lookup(
        run.organisation,
        options.get("default_team_id"),
        options.get("team_ids"),
        options.get("value_map"),
        options.get("end_date_rule"),
    )


def _validate(run: ImportRun, progress: bool = True) -> validation.Result:
    result, _table = _validate_table(run, progress)
    return result


def _validate_table(run: ImportRun, progress: bool = True) -> tuple[validation.Result, reading.Table]:
    table = stored_table.load(bytes(run.content or b""), run.filename)

    def report(done: int) -> None:
        ImportRun.objects.filter(pk=run.pk).update(processed=done)

    check = validation.validate_cases if run.kind == ImportKind.CASES else validate_people
    return check(table.headers, table.rows, run.mapping, _lookup(run), report if progress else None), table


FILE_OPTIONS = ("sample", "unmatched", "example_end", "value_map")
"""Options that hold values from the file: removed when the run ends (a named mapping keeps its own copy of
the value mapping)."""


def _store_check(run: ImportRun, result: validation.Result, status: str, table: reading.Table | None = None) -> None:
    """Store the check's outcome, unless the run stopped meanwhile (discarded, expired). While the run is open
    its options also hold the values that matched nothing (with a suggestion each) and an example of the
    end-date rule: both come from the file and go when the run ends."""
    run.total, run.processed, run.invalid = result.total, result.total, len(result.invalid_rows)
    run.report = [p.as_dict() for p in result.problems[:REPORT_LIMIT]]
    options = {k: v for k, v in run.options.items() if k not in ("unmatched", "example_end")}
    if result.unmatched:
        options["unmatched"] = preview.unmatched_values(run, result.unmatched)
    if table is not None and run.kind == ImportKind.CASES:
        example = preview.end_date_example(table, run.mapping, run.options.get("end_date_rule"))
        if example:
            options["example_end"] = example
    run.options = options
    ImportRun.objects.filter(pk=run.pk, status__in=(ImportStatus.CHECKING, ImportStatus.IMPORTING)).update(
        total=run.total, processed=run.processed, invalid=run.invalid, report=run.report, status=status, options=options
    )
    run.refresh_from_db(fields=["status"])


def import_run_check(run_id: int) -> ImportRun:
    """Check every row and store the problems; writes nothing else."""
    run = ImportRun.objects.select_related("organisation").get(pk=run_id)
    if run.status != ImportStatus.CHECKING or run.content is None:
        return run  # discarded or expired meanwhile
    result, table = _validate_table(run)
    _store_check(run, result, ImportStatus.CHECKED, table)
    return run


def import_run_start_apply(*, run: ImportRun) -> ImportRun:
    """Claim the run for importing. Raises ``RunNotAvailable`` unless it is checked without problems."""
    if run.invalid:
        raise RunNotAvailable(run.status)
    _transition(run, (ImportStatus.CHECKED,), ImportStatus.IMPORTING, processed=0, started_at=timezone.now())
    return run


def import_run_apply(run_id: int) -> ImportRun:
    """Check again and, when no row has a problem, write everything in one transaction.

    Only a run claimed by ``import_run_start_apply`` is imported; the write and the run's "imported" status
    commit together, under a lock on the run's row, so a second task for the same run finds it done and
    does nothing."""
    run = ImportRun.objects.select_related("organisation").get(pk=run_id)
    if run.status != ImportStatus.IMPORTING or run.content is None:
        return run
    result = _validate(run)
    if result.problems:
        _store_check(run, result, ImportStatus.CHECKED)
        return run
    with transaction.atomic():
        locked = ImportRun.objects.select_for_update().filter(pk=run_id, status=ImportStatus.IMPORTING).first()
        if locked is None or locked.content is None:
            run.refresh_from_db()
            return run
        if run.kind == ImportKind.CASES:
            counts = writing.write_cases(
                organisation=run.organisation, cases=result.cases, assignments=result.assignments
            )
        else:
            counts = writing.write_people(organisation=run.organisation, people=result.people)
        run.processed, run.invalid, run.report = result.total, 0, []
        run.created_count, run.updated_count, run.unchanged_count = counts.created, counts.updated, counts.unchanged
        run.closed_count = counts.closed
        _end(run, ImportStatus.DONE)
    return run


def import_run_preview(run_id: int) -> writing.Counts:
    """What importing the checked run would do (``--dry-run``): written and rolled back, so the counts are
    exactly the import's; nothing stays."""
    run = ImportRun.objects.select_related("organisation").get(pk=run_id)
    result = _validate(run, progress=False)
    if result.problems:
        raise RunNotAvailable(run.status)
    with transaction.atomic():
        if run.kind == ImportKind.CASES:
            counts = writing.write_cases(
                organisation=run.organisation, cases=result.cases, assignments=result.assignments
            )
        else:
            counts = writing.write_people(organisation=run.organisation, people=result.people)
        transaction.set_rollback(True)
    return counts


END_FIELDS = [
    "status", "finished_at", "content", "headers", "options", "error", "processed", "invalid", "report",
    "created_count", "updated_count", "unchanged_count", "closed_count",
]  # fmt: skip


def _end(run: ImportRun, status: str, error: str = "") -> None:
    """The run is over: nothing of the file stays (content, headers, the sample row)."""
    run.status, run.content, run.headers = status, None, []
    run.finished_at = run.finished_at or timezone.now()
    run.options = {k: v for k, v in run.options.items() if k not in FILE_OPTIONS}
    run.error = error or run.error
    run.save(update_fields=END_FIELDS)


def import_run_fail(run_id: int, error: BaseException) -> None:
    """A task crashed: the transaction has rolled back; record that, without any of the file's data."""
    logger.error("import run %s failed: %s", run_id, type(error).__name__)
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is not None and run.status not in ENDED:
        _end(run, ImportStatus.FAILED, type(error).__name__)


def import_run_discard(*, run: ImportRun, interrupted: bool = False) -> ImportRun:
    """Raises ``RunNotAvailable`` while the run is being checked or imported (unless ``interrupted``: cut off
    by a restart, see ``views._stale``), or once it has ended."""
    allowed = OPEN if interrupted else (ImportStatus.UPLOADED, ImportStatus.CHECKED)
    with transaction.atomic():
        _transition(run, allowed, ImportStatus.DISCARDED)
        _end(run, ImportStatus.DISCARDED)
    return run


def import_runs_purge(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Expire runs not finished within ``IMPORT_ABANDON_AFTER`` and remove whatever of a file is left.

    Returns (expired runs, ended runs cleaned). Idempotent; ``manage.py purge_imports`` calls it.
    """
    now = now or timezone.now()
    cutoff = now - limits.abandon_after()
    expired = 0
    for run in ImportRun.objects.filter(status__in=OPEN, created_at__lt=cutoff):
        if ImportRun.objects.filter(pk=run.pk, status=run.status).update(status=ImportStatus.EXPIRED):
            _end(run, ImportStatus.EXPIRED)
            expired += 1
    cleaned = 0
    leftovers = (
        ImportRun.objects.filter(status__in=ENDED)
        .filter(
            Q(content__isnull=False)
            | ~Q(headers=[])
            | Q(options__has_key="sample")
            | Q(options__has_key="unmatched")
            | Q(options__has_key="example_end")
            | Q(options__has_key="value_map")
            | ~Q(report=[])
        )
        .defer("content")
    )
    for run in leftovers:
        report = [{**p, "params": {k: v for k, v in p.get("params", {}).items() if k != "value"}} for p in run.report]
        has_content = ImportRun.objects.filter(pk=run.pk, content__isnull=False).exists()
        if has_content or run.headers or any(k in run.options for k in FILE_OPTIONS) or report != run.report:
            run.report = report
            _end(run, run.status)
            cleaned += 1
    return expired, cleaned


def counts_summary(counts: writing.Counts) -> str:
    """One line, as the run page and the commands show it."""
    return _(
        "new: %(created)s, updated: %(updated)s, unchanged (already so in Caseloadwijzer): %(unchanged)s, "
        "closed: %(closed)s"
    ) % {"created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged, "closed": counts.closed}


def run_counts(run: ImportRun) -> writing.Counts:
    return writing.Counts(run.created_count, run.updated_count, run.unchanged_count, run.closed_count)


def required_fields(kind: str) -> list[str]:
    return [f.name for f in FIELDS[kind] if f.required]
