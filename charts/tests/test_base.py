from __future__ import annotations

import pytest

from charts.base import LinearScale, nice_ticks, polyline_points


def test_a_scale_maps_the_domain_onto_pixels_backwards_too():
    y = LinearScale(0, 20, 200, 0)
    assert y(0) == 200 and y(20) == 0 and y(5) == 150


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [(0, 20, [0, 5, 10, 15, 20]), (0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1.0]), (12, 37, [10, 15, 20, 25, 30, 35, 40])],
)
def test_nice_ticks_are_round_numbers_that_enclose_the_interval(low, high, expected):
    assert nice_ticks(low, high) == pytest.approx(expected)


def test_polyline_points_are_rounded_pairs():
    assert polyline_points([0, 1.25], [2, 3.333]) == "0.0,2.0 1.2,3.3"
