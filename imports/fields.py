"""The fields an import fills, with the header names registration systems use for them (Dutch and English).

The mapping guess normalises a header (lower case, accents and punctuation removed) and looks it up among
the synonyms; the user confirms or corrects the guess.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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
        ),
        _("The staff member's name exactly as in Caseloadwijzer."),
    ),
    Field(
        "assignment_start",
        _("assigned from"),
        False,
        ("toegewezen vanaf", "startdatum toewijzing", "toewijzing start", "assigned from", "assignment start"),
        _("Empty: from the case's start date."),
    ),
    Field(
        "assignment_end",
        _("assigned until"),
        False,
        ("toegewezen tot", "einddatum toewijzing", "toewijzing einde", "assigned until", "assignment end"),
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
    Field("team", _("team"), False, ("team", "teamnaam", "afdeling", "team name", "department")),
    Field("function", _("function"), True, ("functie", "rol", "function", "job title", "position")),
    Field(
        "contract_hours",
        _("contract hours per week"),
        True,
        (
            "contracturen",
            "uren",
            "uren per week",
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
        ("in dienst", "datum in dienst", "startdatum", "begindatum", "start date", "hire date", "start"),
    ),
    Field(
        "end_date",
        _("end date"),
        False,
        ("uit dienst", "datum uit dienst", "einddatum", "end date", "leaving date", "end"),
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


def guess_mapping(kind: str, headers: list[str]) -> dict[str, int]:
    """Field name → column index, for every field whose synonyms match a header; each column used once."""
    normalised = [normalise_header(h) for h in headers]
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for field in FIELDS[kind]:
        synonyms = [normalise_header(s) for s in (field.name, *field.synonyms)]
        for synonym in synonyms:
            index = next((i for i, h in enumerate(normalised) if h == synonym and i not in used), None)
            if index is not None:
                mapping[field.name] = index
                used.add(index)
                break
    return mapping
