"""The fields an import fills, with the header names registration systems use for them (Dutch and English).

The mapping guess normalises a header (lower case, accents and punctuation removed) and looks it up among
the synonyms and the field's own label (in English and in Dutch, as the mapping page shows it: "Toegewezen
tot en met"); the user confirms or corrects the guess. A column that no field uses is shown as such
("wordt niet gebruikt"), never dropped without a word.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Field:
    name: str
    label: str | Promise
    required: bool
    synonyms: tuple[str, ...]
    help: str | Promise = ""


CASE_FIELDS: tuple[Field, ...] = (
    Field(
        "reference",
        _("case reference"),
        True,
        (
            "referentie",
            "casusreferentie",
            "casusnummer",
            "dossiernummer",
            "zaaknummer",
            "kenmerk",
            "reference",
            "case reference",
            "case id",
            "caseid",
            "casus id",
            "dossier",
            "casus",
            "case number",
        ),
        _("The pseudonymous number from the registration system."),
    ),
    Field("team", _("team"), False, ("team", "teamnaam", "team naam", "wijkteam", "jeugdteam", "team name")),
    Field(
        "case_type",
        _("case type"),
        True,
        (
            "casustype",
            "type",
            "soort",
            "maatregel",
            "soort maatregel",
            "zorgsoort",
            "case type",
            "product",
            "type casus",
            "hulpvorm",
            "type maatregel",
            "maatregel type",
            "soort hulp",
        ),
        _("The code or the name of a case type of the organisation."),
    ),
    Field(
        "start_date",
        _("start date"),
        True,
        (
            "startdatum",
            "begindatum",
            "start",
            "datum start",
            "aanvang",
            "ingangsdatum",
            "start date",
            "begin date",
            "opened",
            "datum aanmelding",
        ),
    ),
    Field(
        "end_date",
        _("end date"),
        False,
        ("einddatum", "afsluitdatum", "datum einde", "einde", "afgesloten op", "end date", "closed", "closing date"),
        _("Filled in: the case has ended on that day and is closed."),
    ),
    Field(
        "expected_end_date",
        _("expected end date"),
        False,
        (
            "verwachte einddatum",
            "verwacht einde",
            "geplande einddatum",
            "expected end date",
            "expected end",
            "planned end",
        ),
    ),
    Field("phase", _("phase"), False, ("fase", "phase", "status fase")),
    Field(
        "children", _("number of children"), False, ("kinderen", "aantal kinderen", "children", "number of children")
    ),
    Field(
        "person",
        _("professional"),
        False,
        (
            "medewerker",
            "behandelaar",
            "casusregisseur",
            "jeugdbeschermer",
            "jeugdconsulent",
            "uitvoerder",
            "casemanager",
            "professional",
            "worker",
            "case worker",
            "caseworker",
            "assigned to",
            "toegewezen aan",
            "regievoerder",
            "case manager",
            "gezinsvoogd",
            "medewerkernummer",
            "personeelsnummer",
            "medewerker nummer",
            "casusregisseur nummer",
            "staff number",
            "employee number",
        ),
        _("The case manager's staff number, or their name exactly as in Caseloadwijzer."),
    ),
    Field(
        "assignment_start",
        _("assigned from"),
        False,
        (
            "toegewezen vanaf",
            "toegewezen van",
            "startdatum toewijzing",
            "begindatum toewijzing",
            "toewijzing start",
            "toewijzing vanaf",
            "assigned from",
            "assignment start",
        ),
        _("Empty: from the case's start date."),
    ),
    Field(
        "assignment_end",
        _("assigned until"),
        False,
        (
            "toegewezen tot",
            "toegewezen tot en met",
            "toegewezen t m",
            "einddatum toewijzing",
            "toewijzing einde",
            "toewijzing tot",
            "assigned until",
            "assignment end",
        ),
        _("Empty: until the case's end date."),
    ),
    Field("share_percent", _("share (%)"), False, ("aandeel", "percentage", "aandeel %", "share", "share percent")),
)

PERSON_FIELDS: tuple[Field, ...] = (
    Field(
        "name",
        _("name"),
        True,
        ("naam medewerker", "medewerker", "naam", "name", "employee", "staff member", "werknemer"),
        _("The staff member's name (never a client's)."),
    ),
    Field(
        "employee_number",
        _("staff number"),
        False,
        (
            "medewerkernummer",
            "personeelsnummer",
            "medewerker nummer",
            "personeels nummer",
            "personeelsnr",
            "medewerkernr",
            "mdw nr",
            "werknemersnummer",
            "employee number",
            "employee id",
            "staff number",
            "staff id",
            "personnel number",
        ),
        _("Matches the staff member in every later file, also when their name changes."),
    ),
    Field("team", _("team"), False, ("team", "teamnaam", "afdeling", "team name", "department")),
    Field("function", _("function"), True, ("functie", "rol", "function", "job title", "position")),
    Field(
        "contract_hours",
        _("contract hours per week"),
        True,
        (
            "contracturen",
            "contracturen per week",
            "contract uren per week",
            "uren",
            "uren per week",
            "arbeidsduur",
            "arbeidsduur per week",
            "contract uren",
            "aantal uren",
            "contract hours",
            "hours",
            "hours per week",
        ),
    ),
    Field(
        "start_date",
        _("start date"),
        True,
        (
            "in dienst",
            "datum in dienst",
            "in dienst sinds",
            "datum indiensttreding",
            "indiensttreding",
            "startdatum",
            "begindatum",
            "start date",
            "hire date",
            "start",
        ),
    ),
    Field(
        "end_date",
        _("end date"),
        False,
        (
            "uit dienst",
            "datum uit dienst",
            "datum uitdiensttreding",
            "uitdiensttreding",
            "einddatum",
            "end date",
            "leaving date",
            "end",
        ),
    ),
    Field(
        "valid_from",
        _("hours valid from"),
        False,
        ("geldig vanaf", "ingangsdatum uren", "uren vanaf", "valid from", "hours from"),
        _("Empty: from the start date. Several rows per person give their contract history."),
    ),
)

FIELDS = {"casussen": CASE_FIELDS, "mensen": PERSON_FIELDS}


def normalise_header(header: str) -> str:
    text = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9%]+", " ", text).strip()


def _labels(field: Field) -> list[str]:
    """The field's label as the mapping page shows it, in English, Dutch and the current language."""
    labels = []
    for language in ("en", "nl", translation.get_language() or "nl"):
        with translation.override(language):
            labels.append(str(field.label))
    return labels


def guess_mapping(kind: str, headers: list[str]) -> dict[str, int]:
    """Field name → column index, for every field whose synonyms or label match a header; each column used
    once, in the order of ``FIELDS``."""
    normalised = [normalise_header(h) for h in headers]
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for field in FIELDS[kind]:
        synonyms = [normalise_header(s) for s in (field.name, *field.synonyms, *_labels(field))]
        for synonym in synonyms:
            index = next((i for i, h in enumerate(normalised) if h == synonym and i not in used), None)
            if index is not None:
                mapping[field.name] = index
                used.add(index)
                break
    return mapping


def unused_columns(headers: list[str], mapping: dict[str, int]) -> list[str]:
    """The file's columns that no field uses ("wordt niet gebruikt"), by header (or position)."""
    used = set(mapping.values())
    return [h or f"({i + 1})" for i, h in enumerate(headers) if i not in used]


def field_by_name(kind: str, name: str) -> Field | None:
    return next((f for f in FIELDS[kind] if f.name == name), None)
