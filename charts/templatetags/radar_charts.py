"""``{% radar_chart radar title=… description=… %}`` — the spider web of a scoring round's results.

``radar`` is any object with ``labels``, ``actual``, ``ideal`` (or None) and ``scale_max`` (such as
``scoresheet.selectors.Radar``).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from charts.radar import radar_svg

register = template.Library()


@register.simple_tag
def radar_chart(
    radar: Any,
    title: str = "",
    description: str = "",
    actual_label: str = "",
    ideal_label: str = "",
    size: int = 560,
) -> SafeString:
    """Pass translated ``title``, ``actual_label`` and ``ideal_label`` from the template (``_("…")``)."""
    if radar is None:
        return SafeString("")
    return radar_svg(
        radar.labels,
        radar.actual,
        radar.ideal,
        scale_max=radar.scale_max,
        title=title or "Spider web",
        description=description or getattr(radar, "description", ""),
        actual_label=actual_label or "actual",
        ideal_label=ideal_label or "ideal",
        size=size,
    )


@register.simple_tag
def score_bars(counts: tuple[int, ...], label: str = "") -> SafeString:
    """A small bar chart of how many people gave each score 1…5 (the spread of a factor's answers).

    ``label`` (translated in the template) is followed by the counts in words, for screen readers."""
    from django.utils.html import escape

    total = max(counts) if counts else 0
    width, bar, gap, height = 5 * 14, 10, 4, 28
    words = ", ".join(f"{i}: {c}" for i, c in enumerate(counts, start=1))
    label = escape(f"{label or 'per score'}: {words}")
    rects = []
    for i, c in enumerate(counts):
        h = 0 if total == 0 else round(height * c / total)
        x = i * (bar + gap)
        rects.append(f'<rect x="{x}" y="{height - h}" width="{bar}" height="{h}" fill="#154273"/>')
        rects.append(f'<rect x="{x}" y="{height}" width="{bar}" height="1" fill="#767676"/>')
    return SafeString(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="score-bars" viewBox="0 0 {width} {height + 1}" '
        f'width="{width}" height="{height + 1}" role="img" aria-label="{label}"><title>{label}</title>'
        + "".join(rects)
        + "</svg>"
    )
