"""Reading CBS exports: the real StatLine download, OData v3 and v4, and what is not a CBS file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseload_core import cbs

STATLINE = (
    Path(__file__).resolve().parents[2]
    / "trajectory"
    / "tests"
    / "files"
    / "statline-export-bevolking-postcode-almere-2022-2025.csv"
)


def test_it_reads_the_real_statline_download():
    table = cbs.parse(STATLINE.read_bytes())
    assert table.shape == "statline-csv"
    assert table.title == "Bevolking; geslacht, leeftijd en viercijferige postcode, 1 januari"
    assert table.periods == ("2022", "2023", "2024", "2025")
    assert table.measures[:2] == ("Bevolking — Totaal leeftijd", "Bevolking — 0 tot 5 jaar")
    assert table.regions[:3] == ("Nederland", "1309", "1311")
    # 6 rows × 4 periods × (Nederland + 42 postcodes)
    assert len(table.observations) == 6 * 4 * 43
    first = table.observations[0]
    assert (first.region, first.period, first.value, first.unit) == ("Nederland", "2022", 17590672.0, "aantal")


def test_an_empty_cell_is_a_missing_value_not_zero():
    table = cbs.parse(STATLINE.read_bytes())
    by_key = {(o.measure, o.region, o.period): o.value for o in table.observations}
    assert by_key[("Bevolking — Totaal leeftijd", "1322", "2022")] is None
    assert by_key[("Bevolking — Totaal leeftijd", "1327", "2022")] == 0.0


def test_it_compares_the_area_of_postcodes_with_the_country():
    table = cbs.parse(STATLINE.read_bytes())
    rows = {r.measure: r for r in cbs.compare(table, area=cbs.expand_codes("1309-1363"))}
    total = rows["Bevolking — Totaal leeftijd"]
    young = rows["Bevolking — 0 tot 5 jaar"]
    assert total.period == "2025"
    assert total.area == 229580 and total.country == 18044027
    assert young.area == 13685
    assert young.area_share == pytest.approx(13685 / 229580)
    assert young.country_share == pytest.approx(858425 / 18044027)
    assert total.area_share is None  # the total is not a share of itself


V3_JSON = {
    "odata.metadata": "https://opendata.cbs.nl/ODataApi/odata/85098NED/$metadata",
    "value": [
        {
            "ID": 0,
            "RegioS": "NL01      ",
            "Perioden": "2024JJ00",
            "JongerenMetJeugdhulpInNatura_1": 450000.0,
            "PercentageJongerenMetJeugdhulp_2": 9.8,
        },
        {
            "ID": 1,
            "RegioS": "GM0034    ",
            "Perioden": "2024JJ00",
            "JongerenMetJeugdhulpInNatura_1": 6500.0,
            "PercentageJongerenMetJeugdhulp_2": 11.2,
        },
        {
            "ID": 2,
            "RegioS": "GM0050    ",
            "Perioden": "2024JJ00",
            "JongerenMetJeugdhulpInNatura_1": None,
            "PercentageJongerenMetJeugdhulp_2": 8.0,
        },
    ],
}


def test_it_reads_odata_v3_json_and_matches_the_padded_gm_code():
    table = cbs.parse(json.dumps(V3_JSON).encode())
    assert table.shape == "odata-v3"
    rows = {r.measure: r for r in cbs.compare(table, area=cbs.expand_codes("GM0034"), region=frozenset({"GM0050"}))}
    assert rows["JongerenMetJeugdhulpInNatura"].area == 6500
    assert rows["JongerenMetJeugdhulpInNatura"].country == 450000
    assert rows["JongerenMetJeugdhulpInNatura"].region is None
    assert rows["PercentageJongerenMetJeugdhulp"].region == 8.0


def test_it_reads_an_odata_v3_csv_export_with_dots_for_suppressed_values():
    text = (
        "ID;WijkenEnBuurten;Gemeentenaam_1;SoortRegio_2;JongerenMetJeugdzorgInNatura_93;PercentageJongerenMetJeugdzorg_94\n"
        '0;"NL00      ";"Nederland";"Land";410000;9,7\n'
        '1;"GM0034    ";"Almere";"Gemeente";.;10,4\n'
    )
    table = cbs.parse(text.encode())
    rows = {r.measure: r for r in cbs.compare(table, area=cbs.expand_codes("gm0034"))}
    assert set(rows) == {"JongerenMetJeugdzorgInNatura", "PercentageJongerenMetJeugdzorg"}
    assert rows["JongerenMetJeugdzorgInNatura"].area is None
    assert rows["PercentageJongerenMetJeugdzorg"].area == pytest.approx(10.4)
    assert rows["JongerenMetJeugdzorgInNatura"].country == 410000


def test_it_reads_odata_v4_observations():
    data = {
        "value": [
            {"Id": 1, "Measure": "M001", "Value": 120.0, "Perioden": "2024JJ00", "RegioS": "GM0034", "Unit": "aantal"},
            {"Id": 2, "Measure": "M001", "Value": 9000.0, "Perioden": "2024JJ00", "RegioS": "NL01", "Unit": "aantal"},
        ]
    }
    table = cbs.parse(json.dumps(data).encode())
    assert table.shape == "odata-v4"
    (row,) = cbs.compare(table, area=frozenset({"GM0034"}))
    assert (row.measure, row.area, row.country, row.unit) == ("M001", 120.0, 9000.0, "aantal")


def test_percentages_are_not_summed_over_several_areas():
    table = cbs.CbsTable(
        "t",
        "odata-v3",
        (
            cbs.Observation("Pct", "A", "2024", 10.0, "%"),
            cbs.Observation("Pct", "B", "2024", 20.0, "%"),
        ),
    )
    (row,) = cbs.compare(table, area=frozenset({"A", "B"}))
    assert row.area is None


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        (b"", 0, "empty"),
        (b"naam,leeftijd\nJan,12\n", 1, "no ';'-separated columns"),
        (b'"Titel"\n"";"";"Perioden";"2024"\n', 0, "not a StatLine"),
        (b'{"value": 3}', 0, "no list of rows"),
        (b'{"value": [', 1, "not valid JSON"),
        (b"Periode;Aantal\n2024;12\n", 1, "no region column"),
        (b"ID;RegioS;Perioden;Aantal_1\n0;GM0034;2024JJ00;12\n1;GM0034;2024\n", 3, "columns"),
    ],
)
def test_a_foreign_or_malformed_file_says_what_is_wrong_and_where(content, line, words):
    with pytest.raises(cbs.CbsFormatError) as caught:
        cbs.parse(content)
    assert words in caught.value.message
    assert caught.value.line == line


def test_a_non_number_in_a_statline_row_names_the_line_and_the_column():
    rows = STATLINE.read_text(encoding="utf-8-sig").splitlines()
    rows[6] = rows[6].replace('"864653"', '"veel"', 1)
    with pytest.raises(cbs.CbsFormatError) as caught:
        cbs.parse("\n".join(rows).encode())
    assert caught.value.line == 7
    assert caught.value.field == "Nederland 2022"


@given(st.integers(min_value=1000, max_value=9999), st.integers(min_value=0, max_value=50))
def test_a_postcode_range_expands_to_every_postcode_in_it(low, span):
    high = min(low + span, 9999)
    codes = cbs.expand_codes(f"{high} - {low}")
    assert len(codes) == high - low + 1
    assert str(low) in codes and str(high) in codes


@given(st.decimals(min_value=-1e9, max_value=1e9, allow_nan=False, places=3))
def test_numbers_read_back_with_comma_or_point(value):
    text = f"{value:f}"
    assert cbs.parse_value(text, line=1, field="x") == pytest.approx(float(value))
    assert cbs.parse_value(text.replace(".", ","), line=1, field="x") == pytest.approx(float(value))
