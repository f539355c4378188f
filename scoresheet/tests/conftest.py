from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_guess_counters():
    """Every test starts with empty per-address counters of failed round codes (scoresheet.guessing): the
    test client always comes from 127.0.0.1, so counts would otherwise carry over from test to test."""
    cache.clear()
    yield
    cache.clear()
