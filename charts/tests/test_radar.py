"""The spider web SVG: accessible, escaped, geometrically right, and renderable by WeasyPrint."""

from __future__ import annotations

import re

import pytest

from charts.radar import radar_svg
from charts.templatetags.radar_charts import score_bars

LABELS = ["Draagkracht team", "Doorstroming", "Administratieve druk", "Nieuwe taken"]


def test_the_chart_is_an_accessible_image_with_title_and_description():
    svg = radar_svg(LABELS, [2, 3, 4, 5], [4, 4, 4, 4], title="Spinnenweb", description="Gemiddelden per factor")
    assert (
        'role="img"' in svg
        and "<title" in svg
        and "Spinnenweb</title>" in svg
        and "Gemiddelden per factor</desc>" in svg
    )
    assert 'style="' not in svg  # the CSP forbids inline styles
    assert svg.count("stroke-dasharray") >= 2  # the ideal line and its legend


def test_labels_are_escaped():
    svg = radar_svg(["<script>x</script>", "b", "c"], [1, 2, 3], title="t&t", description="d")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "t&amp;t" in svg


def test_a_full_score_reaches_the_outer_ring_and_zero_the_centre():
    svg = radar_svg(["a", "b", "c", "d"], [5, 5, 5, 5], title="t", description="d", size=400)
    outer = re.findall(r'<polygon points="([^"]+)"', svg)
    # the fifth ring and the actual polygon coincide when every score is 5
    assert outer[4] == outer[-1]


def test_fewer_than_three_axes_or_a_wrong_length_is_refused():
    with pytest.raises(ValueError):
        radar_svg(["a", "b"], [1, 2], title="t", description="d")
    with pytest.raises(ValueError):
        radar_svg(["a", "b", "c"], [1, 2], title="t", description="d")


def test_the_distribution_bars_name_their_counts():
    svg = score_bars((0, 1, 2, 0, 4), "Aantal mensen per score")
    assert 'aria-label="Aantal mensen per score: 1: 0, 2: 1, 3: 2, 4: 0, 5: 4"' in svg
    assert svg.count('fill="#154273"') == 5


def test_weasyprint_renders_the_spider_web_into_a_pdf():
    weasyprint = pytest.importorskip("weasyprint")
    svg = radar_svg(LABELS, [2, 3, 4, 5], [4, 4, 4, 4], title="Spinnenweb", description="d")
    pdf = weasyprint.HTML(string=f"<html><body><h1>Uitkomsten</h1>{svg}</body></html>").write_pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
