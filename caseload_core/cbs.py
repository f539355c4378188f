"""Reading CBS open data (Statistics Netherlands) for a situation sketch, without Django.

Three shapes are accepted, all parsed into the same long format (one observation per measure, region and
period):

- the StatLine CSV download: UTF-8 with BOM, ``;``-separated, title lines, a two-row header (periods in one
  row, regions in the next), ``""`` for a missing value and a closing "Bron: CBS" line;
- OData v3 (``TypedDataSet``) as JSON (``{"value": [...]}``) or as a ``;``-separated CSV export: one row per
  region and period, one column per measure, region codes space-padded, ``.`` for a suppressed value and
  column names with a numeric suffix that changes every year (``JongerenMetJeugdhulpInNatura_1``);
- OData v4 ``Observations`` as JSON or CSV: one row per measure.

A malformed or foreign file raises :class:`CbsFormatError` naming the line and the field.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

COUNTRY_CODES = frozenset({"NL01", "NL00", "NEDERLAND"})
MISSING = frozenset({"", ".", "x", "-", "?"})
_SUFFIX = re.compile(r"_\d+$")
_REGION_KEYS = ("WijkenEnBuurten", "RegioS", "Gemeenten", "Regio", "RegioS_")
_PERIOD_KEYS = ("Perioden", "Peildatum")
_SKIP_V3 = frozenset({"ID", "Gemeentenaam", "SoortRegio", "Codering", "IndelingswijzigingWijkenEnBuurten"})


class CbsFormatError(ValueError):
    """A file that is not (or not wholly) a CBS export. ``line`` is 1-based; 0 means the file as a whole."""

    def __init__(self, template: str, *, line: int = 0, field: str = "", **values: object) -> None:
        self.template = template
        self.values = values
        self.message = template % values if values else template
        super().__init__(self.message)
        self.line = line
        self.field = field


@dataclass(frozen=True)
class Observation:
    measure: str
    region: str
    period: str
    value: float | None
    unit: str = ""


@dataclass(frozen=True)
class CbsTable:
    title: str
    shape: str
    observations: tuple[Observation, ...]

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(o.region for o in self.observations))

    @property
    def periods(self) -> tuple[str, ...]:
        return tuple(sorted({o.period for o in self.observations}))

    @property
    def measures(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(o.measure for o in self.observations))


@dataclass(frozen=True)
class Comparison:
    """One measure in one period for the team's area, its region and the country."""

    measure: str
    period: str
    unit: str
    area: float | None
    region: float | None
    country: float | None
    area_share: float | None = None
    country_share: float | None = None


def parse_value(raw: str, *, line: int, field: str) -> float | None:
    text = raw.strip()
    if text in MISSING:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise CbsFormatError("not a number: %(raw)s", line=line, field=field, raw=raw) from None


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252")


def parse(content: bytes) -> CbsTable:
    """Recognise the shape of ``content`` and parse it."""
    if not content.strip():
        raise CbsFormatError("the file is empty")
    if b"\x00" in content[:4096]:
        raise CbsFormatError("a binary file, not a text export")
    try:
        text = _decode(content)
    except UnicodeDecodeError:
        raise CbsFormatError("a binary file, not a text export") from None
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as error:
            raise CbsFormatError("not valid JSON", line=error.lineno) from None
        rows = data.get("value") if isinstance(data, dict) else data
        if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
            raise CbsFormatError("the JSON holds no list of rows under 'value'")
        title = str(data.get("odata.metadata", "")) if isinstance(data, dict) else ""
        return _parse_rows([{str(k): v for k, v in r.items()} for r in rows], title=title)
    try:
        rows_csv = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    except csv.Error as error:
        raise CbsFormatError("a binary file, not a text export", line=0) from error
    if not rows_csv or len(rows_csv[0]) < 1:
        raise CbsFormatError("the file is empty")
    if all(len(row) < 2 for row in rows_csv[:10]):
        raise CbsFormatError("no ';'-separated columns", line=1)
    if len(rows_csv[0]) == 1:
        return parse_statline_csv(rows_csv)
    header = [h.strip() for h in rows_csv[0]]
    dict_rows = []
    for number, row in enumerate(rows_csv[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise CbsFormatError(
                "%(found)s columns where the header has %(expected)s", line=number, found=len(row), expected=len(header)
            )
        dict_rows.append(dict(zip(header, row, strict=True)) | {"__line__": number})
    if not dict_rows:
        raise CbsFormatError("the file has a header but no rows", line=1)
    return _parse_rows(dict_rows, title="")


def parse_statline_csv(rows: Sequence[Sequence[str]]) -> CbsTable:
    """The StatLine website's CSV download (see the module docstring)."""
    period_row_index = next(
        (i for i, row in enumerate(rows[:10]) if "Perioden" in [c.strip() for c in row]),
        None,
    )
    if period_row_index is None or period_row_index + 1 >= len(rows):
        raise CbsFormatError("no 'Perioden' header row, so not a StatLine CSV download")
    periods_row = rows[period_row_index]
    lead = [c.strip() for c in periods_row].index("Perioden") + 1
    regions_row = rows[period_row_index + 1]
    if len(regions_row) != len(periods_row):
        raise CbsFormatError(
            "the two header rows differ in length",
            line=period_row_index + 2,
            field=regions_row[0] if regions_row else "",
        )
    title = rows[0][0].strip() if rows[0] else ""
    dimension_names = [c.strip() for c in regions_row[: lead - 1]]
    observations: list[Observation] = []
    for number, row in enumerate(rows[period_row_index + 2 :], start=period_row_index + 3):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if len(cells) == 1 and cells[0].lower().startswith(("bron", "source")):
            continue
        if len(cells) != len(periods_row):
            raise CbsFormatError(
                "%(found)s columns where the header has %(expected)s",
                line=number,
                found=len(cells),
                expected=len(periods_row),
            )
        labels = [c for c in cells[: lead - 1] if c]
        measure = " — ".join(labels) or dimension_names[0]
        unit = cells[lead - 1]
        for column in range(lead, len(cells)):
            region = regions_row[column].strip()
            period = periods_row[column].strip()
            field = f"{region} {period}"
            observations.append(
                Observation(measure, region, period, parse_value(cells[column], line=number, field=field), unit)
            )
    if not observations:
        raise CbsFormatError("the StatLine file has a header but no figures", line=period_row_index + 2)
    return CbsTable(title=title, shape="statline-csv", observations=tuple(observations))


def base_name(column: str) -> str:
    """``JongerenMetJeugdhulpInNatura_93`` → ``JongerenMetJeugdhulpInNatura`` (the suffix changes yearly)."""
    return _SUFFIX.sub("", column.strip())


def _pick(row: Mapping[str, Any], prefixes: Sequence[str]) -> tuple[str, str] | None:
    for key in row:
        if base_name(key) in prefixes:
            return key, str(row[key]).strip()
    return None


def _parse_rows(rows: Sequence[Mapping[str, Any]], *, title: str) -> CbsTable:
    first = rows[0]
    keys = {base_name(k) for k in first}
    if {"Measure", "Value"} <= keys:
        return _parse_v4(rows, title=title)
    region_key = _pick(first, _REGION_KEYS)
    if region_key is None:
        raise CbsFormatError("no region column (RegioS, WijkenEnBuurten or Gemeenten)", line=1)
    numeric = [key for key in first if _is_measure(key) and any(_looks_numeric(row.get(key)) for row in rows)]
    observations: list[Observation] = []
    for index, row in enumerate(rows, start=2):
        line = int(row.get("__line__", index))
        region = _pick(row, _REGION_KEYS)
        period = _pick(row, _PERIOD_KEYS)
        for key in numeric:
            raw = row.get(key)
            if raw is None or isinstance(raw, int | float):
                value = None if raw is None else float(raw)
            else:
                value = parse_value(str(raw), line=line, field=base_name(key))
            observations.append(
                Observation(base_name(key), region[1] if region else "", period[1] if period else "", value)
            )
    if not observations:
        raise CbsFormatError("the table has no numeric measure columns", line=1)
    return CbsTable(title=title, shape="odata-v3", observations=tuple(observations))


def _is_measure(key: str) -> bool:
    name = base_name(key)
    return key != "__line__" and name not in _SKIP_V3 and name not in _REGION_KEYS and name not in _PERIOD_KEYS


def _looks_numeric(raw: Any) -> bool:
    """A number, or text that reads as one; a column without any is a text column (names, codes)."""
    if isinstance(raw, bool):
        return False
    if isinstance(raw, int | float):
        return True
    return raw is not None and re.fullmatch(r"\s*[-+]?\d[\d.,]*\s*", str(raw)) is not None


def _parse_v4(rows: Sequence[Mapping[str, Any]], *, title: str) -> CbsTable:
    observations: list[Observation] = []
    for index, row in enumerate(rows, start=2):
        line = int(row.get("__line__", index))
        region = _pick(row, _REGION_KEYS)
        period = _pick(row, _PERIOD_KEYS)
        raw = row.get("Value")
        if raw is None or isinstance(raw, int | float):
            value = None if raw is None else float(raw)
        else:
            value = parse_value(str(raw), line=line, field="Value")
        observations.append(
            Observation(
                str(row.get("Measure", "")).strip(),
                region[1] if region else "",
                period[1] if period else "",
                value,
                str(row.get("Unit", "") or "").strip(),
            )
        )
    return CbsTable(title=title, shape="odata-v4", observations=tuple(observations))


def normalise_code(code: str) -> str:
    return code.strip().upper()


def expand_codes(spec: str) -> frozenset[str]:
    """``"GM0034"``, ``"1309-1363, 1400"`` or ``"Almere"`` → the set of region codes or names (upper case).

    A range of two four-digit postcodes expands to every postcode between them."""
    out: set[str] = set()
    for part in re.split(r"[,;\n]+", spec):
        item = part.strip()
        if not item:
            continue
        match = re.fullmatch(r"(\d{4})\s*[-–]\s*(\d{4})", item)
        if match:
            low, high = sorted((int(match.group(1)), int(match.group(2))))
            out.update(str(n) for n in range(low, high + 1))
        else:
            out.add(normalise_code(item))
    return frozenset(out)


def _is_total(measure: str) -> bool:
    return any(part.strip().lower().startswith("totaal") for part in measure.split("—"))


def _total_of(measure: str, measures: Sequence[str]) -> str | None:
    """The 'Totaal …' measure of the same subject, e.g. 'Bevolking — 0 tot 5 jaar' → 'Bevolking — Totaal
    leeftijd' (StatLine names every total category 'Totaal …')."""
    head = measure.split("—")[0].strip()
    for other in measures:
        if other != measure and other.split("—")[0].strip() == head and _is_total(other):
            return other
    return None


def compare(
    table: CbsTable, *, area: frozenset[str], region: frozenset[str] = frozenset(), period: str | None = None
) -> list[Comparison]:
    """Each measure in ``period`` (default the latest) for the area, the region and the country.

    Several matching area codes (postcode areas, districts) are summed for counts; a share of the
    subject's 'Totaal' category is given where the table has one, for the area and for the country.
    """
    chosen = period or (table.periods[-1] if table.periods else "")
    values: dict[tuple[str, str], float | None] = {}
    units: dict[str, str] = {}
    for o in table.observations:
        if o.period == chosen:
            values[(o.measure, normalise_code(o.region))] = o.value
            units.setdefault(o.measure, o.unit)

    def total(measure: str, codes: frozenset[str]) -> float | None:
        found = [values[(measure, c)] for c in codes if (measure, c) in values]
        numbers = [v for v in found if v is not None]
        if not numbers:
            return None
        if len(found) > 1 and units.get(measure, "").lower() not in ("", "aantal", "number"):
            return None  # percentages and averages cannot be summed over areas
        return sum(numbers)

    country_codes = frozenset(normalise_code(r) for r in table.regions if normalise_code(r) in COUNTRY_CODES)
    measures = table.measures
    out = []
    for measure in measures:
        a, r, c = total(measure, area), total(measure, region), total(measure, country_codes)
        base = _total_of(measure, measures)
        a_share = c_share = None
        if base is not None:
            a_base, c_base = total(base, area), total(base, country_codes)
            a_share = a / a_base if a is not None and a_base else None
            c_share = c / c_base if c is not None and c_base else None
        out.append(Comparison(measure, chosen, units.get(measure, ""), a, r, c, a_share, c_share))
    return out


def matched_regions(table: CbsTable, codes: frozenset[str]) -> tuple[str, ...]:
    return tuple(r for r in table.regions if normalise_code(r) in codes)
