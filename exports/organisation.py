"""The full organisation export (a ZIP of CSV files plus manifest.json) and its import into an installation.

Every concrete field of each model below is written, so that a field another app adds later travels
along without a change here. Foreign keys are written as the exported ``id`` of the row they point to and
translated back to new ids on import; the organisation itself is created anew. Logins (and so passwords)
are not exported: an administrator creates them again in the new installation.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import override

from exports.tables import FORMULA_START
from organisations.models import Organisation

FORMAT = "caseloadwijzer-organisatie-export"
VERSION = 1


@dataclass(frozen=True)
class Part:
    filename: str
    model: str
    organisation_path: str
    description: str


PARTS: tuple[Part, ...] = (
    Part("teams.csv", "organisations.Team", "organisation", "De teams."),
    Part("medewerkers.csv", "organisations.Person", "organisation", "Medewerkers (zonder logins)."),
    Part("contractperiodes.csv", "staffing.ContractPeriod", "person__organisation", "Contracturen per periode."),
    Part("redenen_vermindering.csv", "staffing.ReductionReason", "organisation", "Redenen van vermindering."),
    Part(
        "verminderingen.csv", "staffing.Reduction", "person__organisation", "Verzuim, verlof en andere verminderingen."
    ),
    Part("vacatures.csv", "staffing.Vacancy", "team__organisation", "Openstaande formatie."),
    Part("casustypen.csv", "cases.CaseType", "organisation", "Casustypen."),
    Part("normen.csv", "cases.Norm", "case_type__organisation", "Normen per casustype, per versie."),
    Part("casussen.csv", "cases.Case", "organisation", "Casussen (alleen pseudonieme referenties)."),
    Part(
        "toewijzingen.csv",
        "cases.Assignment",
        "case__organisation",
        "Wie welke casus draagt, en van wanneer tot wanneer.",
    ),
    Part("bandbreedtes.csv", "monitoring.Bandwidth", "team__organisation", "De vastgestelde bandbreedtes per team."),
    Part(
        "overlegritme.csv",
        "monitoring.MeetingSchedule",
        "team__organisation",
        "Hoe vaak elk team zijn caseloadbespreking houdt.",
    ),
    Part(
        "caseloadbesprekingen.csv",
        "monitoring.CaseloadMeeting",
        "team__organisation",
        "Caseloadbesprekingen, met de cijfers zoals ze toen getoond werden (snapshot).",
    ),
    Part(
        "bespreking_aanwezigen.csv",
        "monitoring.CaseloadMeeting_attendees",
        "caseloadmeeting__team__organisation",
        "Wie bij welke caseloadbespreking aanwezig was.",
    ),
    Part("afspraken.csv", "monitoring.Agreement", "meeting__team__organisation", "Afspraken uit caseloadbesprekingen."),
    Part(
        "scoringsrondes.csv",
        "scoresheet.ScoringRound",
        "team__organisation",
        "Scoringsrondes (zonder individuele antwoorden).",
    ),
    Part(
        "scoringsfactoren.csv", "scoresheet.RoundFactor", "round__team__organisation", "De factoren per scoringsronde."
    ),
    Part("trajecten.csv", "trajectory.Trajectory", "team__organisation", "Trajecten naar een bandbreedte."),
    Part(
        "traject_teams.csv",
        "trajectory.Trajectory_teams",
        "trajectory__team__organisation",
        "Voor welke teams een traject de bandbreedte bepaalt.",
    ),
    Part("trajectstappen.csv", "trajectory.TrajectoryStep", "trajectory__team__organisation", "Stappen per traject."),
    Part(
        "situatieschets_cijfers.csv",
        "trajectory.SketchFigure",
        "trajectory__team__organisation",
        "Cijfers van de situatieschets met de antwoorden van de groep.",
    ),
    Part(
        "trajectacties.csv", "trajectory.Action", "trajectory__team__organisation", "Acties uit stap 3 van een traject."
    ),
    Part(
        "referentiepunten.csv",
        "trajectory.ReferencePoint",
        "organisation",
        "Referentiecaseloads op de betrokkenheidsschaal.",
    ),
    Part(
        "evaluaties.csv",
        "reports.Evaluation",
        "team__organisation",
        "Evaluaties van een bandbreedte of werkwijze (zonder individuele antwoorden).",
    ),
    Part(
        "indirecte_tijd.csv",
        "reports.WorkloadRegistration",
        "team__organisation",
        "Teamschattingen van tijd die niet aan casussen besteed wordt.",
    ),
    Part("reflecties.csv", "reports.Reflection", "team__organisation", "Reflecties op opvallende casussen."),
    Part(
        "ketenaannames.csv",
        "forecasts.ChainDefaults",
        "organisation",
        "Aannames van de organisatie voor budget, fte, caseload en kosten per casus.",
    ),
    Part("scenarios.csv", "forecasts.Scenario", "team__organisation", "Wat-als-scenario's per team."),
)
NOT_EXPORTED: tuple[tuple[str, str], ...] = (
    ("auth.User", "Logins en wachtwoorden: een beheerder maakt ze opnieuw aan."),
    (
        "scoresheet.Response, scoresheet.Answer",
        "Individuele scores: alleen geaggregeerd in te zien, nooit per persoon.",
    ),
    (
        "reports.EvaluationResponse, reports.EvaluationParticipation",
        "Individuele evaluatieantwoorden en wie antwoordde: alleen geaggregeerd in te zien.",
    ),
    ("reports.ReminderSent", "Verstuurde herinneringen: horen bij logins."),
    ("accounts.LoginStatusChange", "Wie een login (de)activeerde: hoort bij logins."),
    (
        "scoresheet.Invitation",
        "Persoonlijke uitnodigingslinks voor een scoreronde: alleen geldig in die ronde, en wie uitgenodigd is.",
    ),
    (
        "trajectory.Advice, trajectory.Decision",
        "Adviezen en besluiten: ze vereisen de login die ze vastlegde, en logins gaan niet mee.",
    ),
)
"""What the export leaves out on purpose, and why (written to manifest.json)."""
FRESH_VALUES = {"scoresheet.ScoringRound.code": "scoresheet.services.new_round_code"}
"""Unique values that may already be taken in the receiving installation: a new one is drawn then."""
ORGANISATION_FIELDS = ("name", "slug", "kind", "fulltime_hours")
SKIPPED_RELATIONS = {"auth.User"}
"""Relations that are not exported (and left empty on import)."""


class RestoreError(ValueError):
    """The ZIP cannot be imported; the message says why, naming the file and row."""


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    out = []
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model is not None:
            if field.related_model._meta.label in SKIPPED_RELATIONS:
                continue
            if field.related_model is Organisation:
                continue
        out.append(field)
    return out


def _text(value: Any, *, escape: bool = True) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and escape:
        return _escape(value)
    return str(value)


def _escape(text: str) -> str:
    """A text a spreadsheet would run as a formula gets a leading ``'`` (see exports.tables); so does a text that
    starts with ``'`` itself, so that ``_convert`` can take exactly one off again: the round trip is lossless."""
    return "'" + text if text.startswith((*FORMULA_START, "'")) else text


def _checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def organisation_export(organisation: Organisation) -> bytes:
    buffer = io.BytesIO()
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "organisation": {f: _text(getattr(organisation, f), escape=False) for f in ORGANISATION_FIELDS},
        "csv": {
            "encoding": "UTF-8",
            "delimiter": ",",
            "decimal": ".",
            "dates": "ISO 8601 (jjjj-mm-dd)",
            "text": "a text starting with = + - @ tab, carriage return or ' has one ' in front (taken off on import)",
        },
        "files": [],
        "not_exported": [{"models": m, "reason": r} for m, r in NOT_EXPORTED],
    }
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for part in PARTS:
            model = apps.get_model(part.model)
            fields = _fields(model)
            columns = [f.attname for f in fields]
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180; "\r" in a text is then quoted too
            writer.writerow(columns)
            rows = model.objects.filter(**{part.organisation_path: organisation}).order_by("pk").values_list(*columns)
            count = 0
            for row in rows.iterator(chunk_size=5000):
                writer.writerow([_text(v) for v in row])
                count += 1
            data = out.getvalue().encode("utf-8")
            archive.writestr(part.filename, data)
            with override("nl"):
                described = [
                    {
                        "name": f.attname,
                        "description": str(f.verbose_name)
                        + (f" (id in {_filename_of(f.related_model)})" if f.is_relation else ""),
                        "type": f.get_internal_type(),
                        "required": not f.null and not f.has_default() and not f.primary_key,
                    }
                    for f in fields
                ]
            manifest["files"].append(
                {
                    "name": part.filename,
                    "model": part.model,
                    "description": part.description,
                    "rows": count,
                    "sha256": _checksum(data),
                    "columns": described,
                }
            )
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        archive.writestr("LEESMIJ.txt", README)
    return buffer.getvalue()


def _filename_of(model: Any) -> str:
    label = model._meta.label
    return next((p.filename for p in PARTS if p.model == label), label)


README = """Volledige export van een organisatie uit Caseloadwijzer.

manifest.json beschrijft elk CSV-bestand: het model, het aantal rijen, de SHA-256 en per kolom de betekenis.
De CSV-bestanden zijn UTF-8, komma-gescheiden, met punt als decimaalteken en datums als jjjj-mm-dd.
Kolom "id" is het nummer van de rij in deze export; kolommen die op "_id" eindigen verwijzen naar het "id"
van een rij in een ander bestand (zie manifest.json). Casussen bevatten alleen pseudonieme referenties.
Logins en wachtwoorden zitten er niet in, en individuele scores of evaluatieantwoorden ook niet (alleen
de rondes, factoren en evaluaties zelf); manifest.json noemt onder "not_exported" wat er niet in zit en waarom.

Terugzetten in een (lege) installatie: python manage.py import_organisation <bestand.zip>
"""


def _convert(field: models.Field[Any, Any], text: str) -> Any:
    if isinstance(field, models.CharField | models.TextField) and text.startswith("'"):
        text = text[1:]  # see _escape
    if text == "" and (field.null or field.blank):
        return None if field.null else ""
    if isinstance(field, models.JSONField):
        return json.loads(text)
    if isinstance(field, models.BooleanField):
        return text in ("1", "true", "True")
    return field.to_python(text)


@transaction.atomic
def organisation_restore(data: bytes, *, slug: str | None = None, name: str | None = None) -> Organisation:
    """Create the organisation of an export and everything in it, all or nothing."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        manifest = json.loads(archive.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise RestoreError(_("This is not an organisation export (%(error)s).") % {"error": error}) from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise RestoreError(_("This export has an unknown format or version."))
    info = manifest["organisation"]
    slug = slug or info["slug"]
    if Organisation.objects.filter(slug=slug).exists():
        raise RestoreError(_("An organisation with the short name “%(slug)s” already exists.") % {"slug": slug})
    organisation = Organisation(
        name=name or info["name"], slug=slug, kind=info["kind"], fulltime_hours=info["fulltime_hours"]
    )
    organisation.full_clean()
    organisation.save()
    ids: dict[str, dict[str, int]] = {}
    described = {f["name"]: f for f in manifest["files"]}
    for part in PARTS:
        entry = described.get(part.filename)
        if entry is None:
            continue
        raw = archive.read(part.filename)
        if _checksum(raw) != entry["sha256"]:
            raise RestoreError(_("%(file)s has been changed after the export.") % {"file": part.filename})
        ids[part.model] = _restore_part(part, raw.decode("utf-8"), organisation, ids)
    return organisation


def _restore_part(part: Part, text: str, organisation: Organisation, ids: dict[str, dict[str, int]]) -> dict[str, int]:
    model = apps.get_model(part.model)
    by_name = {f.attname: f for f in _fields(model)}
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    unknown = [c for c in header if c not in by_name]
    if unknown:
        raise RestoreError(_("%(file)s has unknown columns: %(columns)s") % {"file": part.filename, "columns": unknown})
    objects: list[Any] = []
    old_ids: list[str] = []
    later: list[tuple[int, str, str]] = []
    fresh = {
        name: (import_string(path), set(model.objects.values_list(name, flat=True)))
        for key, path in FRESH_VALUES.items()
        if key.rsplit(".", 1)[0] == part.model and (name := key.rsplit(".", 1)[1]) in header
    }
    has_org = any(f.is_relation and f.related_model is Organisation for f in model._meta.concrete_fields)
    for number, row in enumerate(reader, start=2):
        values: dict[str, Any] = {}
        old_id = ""
        for column, text_value in zip(header, row, strict=False):
            field = by_name[column]
            if field.primary_key:
                old_id = text_value
                continue
            if field.is_relation:
                if text_value == "":
                    values[column] = None
                    continue
                if field.related_model is model:  # points into this same file: set once all rows exist
                    values[column] = None
                    later.append((len(objects), column, text_value))
                    continue
                related = field.related_model
                assert related is not None and not isinstance(related, str)
                target = ids.get(related._meta.label, {}).get(text_value)
                if target is None:
                    raise RestoreError(
                        _("%(file)s, row %(row)s: %(column)s points to a row that is not in the export.")
                        % {"file": part.filename, "row": number, "column": column}
                    )
                values[column] = target
                continue
            try:
                values[column] = _convert(field, text_value)
            except (ValidationError, ValueError) as error:
                raise RestoreError(
                    _("%(file)s, row %(row)s, column %(column)s: %(error)s")
                    % {"file": part.filename, "row": number, "column": column, "error": error}
                ) from None
        for name, (draw, taken) in fresh.items():
            if values.get(name) in taken:
                values[name] = draw()
        if has_org:
            values["organisation"] = organisation
        objects.append(model(**values))
        old_ids.append(old_id)
    # bulk_create stamps auto_now(_add) fields with the present moment; put the exported moments back.
    stamped = [
        f.attname
        for f in by_name.values()
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        if f.attname in header
    ]
    kept = [{name: getattr(obj, name) for name in stamped} for obj in objects]
    created = model.objects.bulk_create(objects, batch_size=2000)
    if stamped:
        for obj, moments in zip(created, kept, strict=True):
            for name, moment in moments.items():
                setattr(obj, name, moment)
        model.objects.bulk_update(created, stamped, batch_size=2000)
    new_ids = {old: obj.pk for old, obj in zip(old_ids, created, strict=True)}
    for index, column, old_target in later:
        if old_target not in new_ids:
            raise RestoreError(
                _("%(file)s, row %(row)s: %(column)s points to a row that is not in the export.")
                % {"file": part.filename, "row": index + 2, "column": column}
            )
        model.objects.filter(pk=created[index].pk).update(**{column: new_ids[old_target]})
    return new_ids
