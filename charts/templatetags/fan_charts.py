"""``{% load fan_charts %}{% fan_chart chart %}``: a forecast's fan chart (``charts.fan.FanChart``) as SVG."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from charts.fan import FanChart, fan_svg

register = template.Library()


@register.simple_tag
def fan_chart(chart: FanChart, width: int = 720, height: int = 320) -> SafeString:
    return fan_svg(chart, width=width, height=height)
