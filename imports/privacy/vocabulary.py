"""Column names that announce client data, Dutch and English, after ``fields.normalise_header`` (lower case,
accents and punctuation gone: ``Geb. datum`` → ``geb datum``, ``Cliënt`` → ``client``).

``header_finding`` sorts a name into one of these:

- ``bsn``, ``birth_date``, ``address``, ``contact`` (phone, e-mail): Caseloadwijzer holds none of these,
  of clients or of staff; the file is refused when such a column holds anything.
- ``name``: first names, surnames, a name of a client or a relative (``Naam kind``, ``Moedernaam``); in a case
  file also a bare ``Naam`` (but ``Teamnaam`` or ``Naam maatregel`` name something else). A name with a
  staff word (``Naam medewerker``) is a colleague's, and in a file of people every name is a colleague's
  unless a client word comes with it.
- ``relation``: a client or a relative by role, without the word name (``Kind``, ``Jeugdige``, ``Ouders``,
  ``Gezin``, ``Contactpersoon``, ``Client``): such a column holds names unless it holds only whole numbers
  (``Kinderen``: a count), and is refused when it holds anything else. A number word (``Clientnummer``,
  ``Aantal kinderen``, ``Kind ID``) makes it an identifier or a count.
- ``free_text``: remarks, notes, descriptions. Not refused, but not taken from the file unless the user opts in.
"""

from __future__ import annotations

from itertools import pairwise

from imports.fields import normalise_header

BSN_PARTS = ("bsn", "burgerservice", "sofinummer", "sofi nummer", "social security", "citizen service")
BSN_TOKENS = frozenset({"ssn", "sofi", "a nummer", "anummer"})
BIRTH_PARTS = ("geboorte", "geboren", "geb datum", "gebdatum", "birth", "verjaardag", "date of birth")
BIRTH_TOKENS = frozenset({"dob", "born", "geb", "gebd"})
CONTACT_PARTS = ("telefoon", "e mail", "email", "mailadres", "phone", "contactgegevens", "whatsapp", "gsm nummer")
CONTACT_TOKENS = frozenset({"tel", "telnr", "mobiel", "mobile", "gsm", "mail", "fax"})
ADDRESS_PARTS = (
    "adres", "straat", "postcode", "woonplaats", "huisnummer", "huisnr", "huis nr", "woonachtig", "verblijfplaats",
    "verblijfsadres", "address", "street", "postal", "zipcode", "zip code", "residence", "huisadres",
)  # fmt: skip
ADDRESS_TOKENS = frozenset({"zip", "pc", "toevoeging", "city", "town"})
NAME_PARTS = (
    "voornaam", "voornamen", "achternaam", "roepnaam", "tussenvoegsel", "geslachtsnaam", "meisjesnaam",
    "familienaam", "voorletter", "initialen", "first name", "firstname", "last name", "lastname", "surname",
    "given name", "family name", "full name", "volledige naam", "maiden name",
)  # fmt: skip
NAME_TOKENS = frozenset({"naam", "namen", "name", "names"})
BARE_NAME_TOKENS = NAME_TOKENS | {"volledige", "full", "de", "het", "the", "van", "of", "en", "and"}
"""A name on its own (``Naam``, ``Volledige naam``): in a case file, whose? A name with another word (``Naam
team``, ``Naam medewerker``) is that thing's or that colleague's."""
RELATION_TOKENS = frozenset(
    {
        "kind", "kinderen", "kindje", "pleegkind", "jeugdige", "jeugdigen", "jongere", "jongeren", "minderjarige",
        "client", "clienten", "clientgegevens", "ouder", "ouders", "moeder", "vader", "pleegouder", "pleegouders",
        "gezin", "gezinnen", "gezinslid", "gezinsleden", "verzorger", "verzorgers", "contactpersoon",
        "contactpersonen", "voogd", "gezaghebber", "gezaghebbende", "betrokkene", "betrokkenen", "broer", "zus",
        "opa", "oma", "grootouder", "grootouders", "familielid", "child", "children", "youth", "minor", "parent",
        "parents", "mother", "father", "family", "guardian", "carer", "relative", "contact", "patient",
    }
)  # fmt: skip
RELATION_STEMS = ("kind", "client", "moeder", "vader", "ouder", "gezin", "jeugdige", "pleeg")
"""A compound with ``naam`` (``kindnaam``, ``clientnaam``, ``moedersnaam``) names a client or a relative."""
NUMBER_TOKENS = frozenset(
    {"aantal", "nummer", "nr", "id", "code", "referentie", "ref", "number", "count", "type", "soort", "leeftijd",
     "age", "categorie", "kenmerk"}
)  # fmt: skip
STAFF_TOKENS = frozenset(
    {
        "medewerker", "medewerkers", "behandelaar", "jeugdbeschermer", "jeugdconsulent", "casusregisseur",
        "regievoerder", "uitvoerder", "casemanager", "professional", "werknemer", "employee", "staff", "worker",
        "caseworker", "gedragswetenschapper", "teamleider", "manager", "toegewezen", "gezinsvoogd", "consulent",
        "hulpverlener", "coordinator", "personeel", "personeelslid",
    }
)  # fmt: skip
FREE_TEXT_PARTS = (
    "opmerking", "notitie", "toelichting", "omschrijving", "beschrijving", "aantekening", "bijzonderhe",
    "commentaar", "vrije tekst", "verslag", "samenvatting", "memo", "remark", "comment", "description",
    "free text", "summary", "annotation",
)  # fmt: skip
FREE_TEXT_TOKENS = frozenset({"notes", "note", "notities", "info", "informatie", "details", "tekst", "text", "reden"})


def _has(header: str, tokens: list[str], parts: tuple[str, ...], whole: frozenset[str]) -> bool:
    return (
        any(p in header for p in parts)
        or any(t in whole for t in tokens)
        or (len(tokens) > 1 and any(f"{a} {b}" in whole for a, b in pairwise(tokens)))
    )


def header_finding(header: str, kind: str) -> str | None:
    """``bsn``, ``birth_date``, ``address``, ``contact``, ``name``, ``relation``, ``free_text`` or None;
    ``kind`` is the file's kind (``casussen`` or ``mensen``)."""
    h = normalise_header(header)
    if not h:
        return None
    tokens = h.split()
    if _has(h, tokens, BSN_PARTS, BSN_TOKENS):
        return "bsn"
    if _has(h, tokens, BIRTH_PARTS, BIRTH_TOKENS):
        return "birth_date"
    if _has(h, tokens, CONTACT_PARTS, CONTACT_TOKENS):
        return "contact"
    if _has(h, tokens, ADDRESS_PARTS, ADDRESS_TOKENS):
        return "address"
    staff = any(t in STAFF_TOKENS for t in tokens)
    relation = any(t in RELATION_TOKENS for t in tokens)
    named = any(t in NAME_TOKENS for t in tokens) or any(p in h for p in NAME_PARTS)
    compound = any(t.endswith(("naam", "namen")) and t.startswith(RELATION_STEMS) for t in tokens)
    if compound or (named and relation):
        return "name"
    if (
        kind != "mensen"
        and not staff
        and (any(p in h for p in NAME_PARTS) or (named and all(t in BARE_NAME_TOKENS for t in tokens)))
    ):
        return "name"
    if relation and not staff and not any(t in NUMBER_TOKENS or t.endswith("nummer") for t in tokens):
        return "relation"
    if _has(h, tokens, FREE_TEXT_PARTS, FREE_TEXT_TOKENS):
        return "free_text"
    return None
