"""The backtest command reports the coverage of the 50% and 90% bands."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_it_reports_coverage_on_a_generated_organisation():
    out = io.StringIO()
    call_command("backtest", synthetic=2, weeks_back=30, every=6, paths=400, today=dt.date(2026, 11, 23), stdout=out)
    lines = [line for line in out.getvalue().splitlines() if re.match(r"\s+(4|13|26) wk", line)]
    assert len(lines) == 3
    for line in lines:
        c50, c90 = (float(x) for x in re.findall(r"(\d+\.\d)%", line))
        assert 0 <= c50 <= c90 <= 100


def test_it_replays_the_demo_data():
    out = io.StringIO()
    call_command("backtest", weeks_back=20, every=8, paths=300, today=dt.date(2026, 11, 23), stdout=out)
    assert "13 wk" in out.getvalue()
