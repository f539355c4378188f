from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from charts.scale import ScaleLabels, ScaleRow, reference_scale_svg

LABELS = ScaleLabels("Scale", "Desc <&>", "more", "less", "ideal", "decided band", "caseload per FTE")
NS = {"s": "http://www.w3.org/2000/svg"}


def _svg(**kwargs):
    rows = [ScaleRow("Wraparound <assistent>", 5, 8), ScaleRow("CAO voogdij", 28, 28), ScaleRow("WWB", 45, 125)]
    return reference_scale_svg(rows, LABELS, **kwargs)


def test_it_is_accessible_well_formed_svg_with_escaped_text():
    root = ET.fromstring(_svg(ideal=36, band=(36, 40)))
    assert root.get("role") == "img"
    assert root.find("s:title", NS).text == "Scale"
    assert root.find("s:desc", NS).text == "Desc <&>"
    texts = "".join(root.itertext())
    assert "Wraparound <assistent>" in texts
    assert "ideal 36" in texts and "decided band 36–40" in texts


def test_the_axis_reaches_past_the_highest_reference():
    root = ET.fromstring(_svg())
    ticks = [float(t.text) for t in root.iter("{http://www.w3.org/2000/svg}text") if re.fullmatch(r"\d+", t.text or "")]
    assert max(ticks) >= 125


def test_a_range_is_a_bar_and_a_single_value_a_dot():
    root = ET.fromstring(_svg())
    bars = [line for line in root.iter("{http://www.w3.org/2000/svg}line") if line.get("stroke-width") == "8"]
    dots = list(root.iter("{http://www.w3.org/2000/svg}circle"))
    assert len(bars) == 2 and len(dots) == 1


def test_the_ideal_mark_sits_at_its_value_on_the_axis():
    root = ET.fromstring(_svg(ideal=50))
    dashed = [line for line in root.iter("{http://www.w3.org/2000/svg}line") if line.get("stroke-dasharray")]
    (mark,) = dashed
    # the axis runs 0…150 over 290…690 px: 50 sits a third of the way
    assert float(mark.get("x1")) == pytest.approx(290 + (690 - 290) / 3, abs=0.1)
