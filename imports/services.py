"""The life of an import run: upload (privacy guard) → mapping → check → import.

``import_run_check`` and ``import_run_apply`` run as background tasks (imports.tasks); both re-read the
stored file, so that what is imported is exactly what was checked against the data as it is now.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from cases.models import Case, CaseType
from imports import reading, validation, writing
from imports.fields import FIELDS
from imports.models import ImportKind, ImportRun, ImportStatus, SavedMapping
from imports.people_rows import validate_people
from imports.privacy import Finding, check_privacy
from organisations.models import Organisation, Person, Team

logger = logging.getLogger(__name__)
REPORT_LIMIT = 20_000
"""Problems kept per run; the count of invalid rows is always complete."""


class PrivacyRefusal(Exception):
    """The file holds personal data of clients; it was not stored."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{len(findings)} privacy findings")
        self.findings = findings


def import_run_create(
    *,
    organisation: Organisation,
    user: AbstractBaseUser | None,
    kind: str,
    filename: str,
    data: bytes,
    team_ids: list[int] | None = None,
) -> ImportRun:
    """Read and guard the file; store it only when the guard lets it through.

    Raises ``reading.UnreadableFile`` or ``PrivacyRefusal``; in both cases nothing is written.
    """
    table = reading.read_table(data, filename)
    findings = check_privacy(table.headers, table.rows, kind)
    if findings:
        raise PrivacyRefusal(findings)
    from imports.fields import guess_mapping

    return ImportRun.objects.create(
        organisation=organisation,
        kind=kind,
        filename=filename[:255],
        file_format=table.file_format,
        created_by=user,
        headers=table.headers,
        mapping=guess_mapping(kind, table.headers),
        content=data,
        total=len(table.rows),
        options={"sample": next((r for r in table.rows if any(r)), []), "team_ids": team_ids},
    )


def import_run_set_mapping(
    *, run: ImportRun, mapping: dict[str, int], options: dict[str, Any], save_as: str = ""
) -> ImportRun:
    run.mapping, run.options = mapping, options
    run.status, run.processed, run.invalid, run.report = ImportStatus.CHECKING, 0, 0, []
    run.started_at = timezone.now()
    run.save(update_fields=["mapping", "options", "status", "processed", "invalid", "report", "started_at"])
    if save_as:
        SavedMapping.objects.update_or_create(
            organisation=run.organisation, kind=run.kind, name=save_as[:100], defaults={"mapping": _by_header(run)}
        )
    return run


def _by_header(run: ImportRun) -> dict[str, str]:
    """A saved mapping is stored by header name, so that it fits a file whose columns are in another order."""
    return {name: run.headers[index] for name, index in run.mapping.items() if index < len(run.headers)}


def mapping_from_saved(saved: SavedMapping, headers: list[str]) -> dict[str, int]:
    position = {h: i for i, h in enumerate(headers)}
    return {name: position[header] for name, header in saved.mapping.items() if header in position}


def load_lookup(
    organisation: Organisation, default_team_id: int | None = None, team_ids: list[int] | None = None
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
    for pk, name in Person.objects.filter(organisation=organisation).values_list("id", "name"):
        people.setdefault(name.lower(), []).append(pk)
    if default_team_id is None and len(teams) == 1:
        default_team_id = next(iter(teams.values()))
    return validation.Lookup(
        case_types=case_types, teams=teams, people=people, default_team_id=default_team_id, locked_references=locked
    )


def _validate(run: ImportRun, progress: bool = True) -> validation.Result:
    table = reading.read_table(bytes(run.content or b""), run.filename)
    lookup = load_lookup(run.organisation, run.options.get("default_team_id"), run.options.get("team_ids"))

    def report(done: int) -> None:
        ImportRun.objects.filter(pk=run.pk).update(processed=done)

    check = validation.validate_cases if run.kind == ImportKind.CASES else validate_people
    return check(table.headers, table.rows, run.mapping, lookup, report if progress else None)


def _store_check(run: ImportRun, result: validation.Result, status: str) -> None:
    run.total, run.processed, run.invalid = result.total, result.total, len(result.invalid_rows)
    run.report = [p.as_dict() for p in result.problems[:REPORT_LIMIT]]
    run.status = status
    run.save(update_fields=["total", "processed", "invalid", "report", "status"])


def import_run_check(run_id: int) -> ImportRun:
    """Check every row and store the problems; writes nothing else."""
    run = ImportRun.objects.select_related("organisation").get(pk=run_id)
    _store_check(run, _validate(run), ImportStatus.CHECKED)
    return run


def import_run_start_apply(*, run: ImportRun) -> ImportRun:
    run.status, run.processed, run.started_at = ImportStatus.IMPORTING, 0, timezone.now()
    run.save(update_fields=["status", "processed", "started_at"])
    return run


def import_run_apply(run_id: int) -> ImportRun:
    """Check again and, when no row has a problem, write everything in one transaction."""
    run = ImportRun.objects.select_related("organisation").get(pk=run_id)
    result = _validate(run)
    if result.problems:
        _store_check(run, result, ImportStatus.CHECKED)
        return run
    if run.kind == ImportKind.CASES:
        counts = writing.write_cases(organisation=run.organisation, cases=result.cases, assignments=result.assignments)
    else:
        counts = writing.write_people(organisation=run.organisation, people=result.people)
    run.status, run.processed, run.invalid, run.report = ImportStatus.DONE, result.total, 0, []
    run.created_count, run.updated_count, run.unchanged_count = counts.created, counts.updated, counts.unchanged
    run.finished_at, run.content = timezone.now(), None
    run.save()
    return run


def import_run_fail(run_id: int, error: BaseException) -> None:
    """A task crashed: the transaction has rolled back; record that, without any of the file's data."""
    logger.error("import run %s failed: %s", run_id, type(error).__name__)
    ImportRun.objects.filter(pk=run_id).update(
        status=ImportStatus.FAILED, error=type(error).__name__, finished_at=timezone.now()
    )


@transaction.atomic
def import_run_discard(*, run: ImportRun) -> ImportRun:
    run.status, run.content = ImportStatus.DISCARDED, None
    run.save(update_fields=["status", "content"])
    return run


def required_fields(kind: str) -> list[str]:
    return [f.name for f in FIELDS[kind] if f.required]
