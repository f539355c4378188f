"""``{% reference_scale scale %}``: the reference scale chart (charts.scale) in a page or a PDF."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from charts.scale import reference_scale_svg

register = template.Library()


@register.simple_tag
def reference_scale(scale: dict[str, Any]) -> SafeString:
    """``scale`` holds ``rows`` (ScaleRow), ``labels`` (ScaleLabels), and optionally ``ideal`` and ``band``."""
    svg = reference_scale_svg(scale["rows"], scale["labels"], ideal=scale.get("ideal"), band=scale.get("band"))
    return mark_safe(svg)  # every text in the SVG is escaped by reference_scale_svg
