"""Factor statistics of the score sheet: mean, median, spread, consensus, heaviest, several-heavy, comparison."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseload_core.factors import (
    compare_rounds,
    consensus,
    factor_stats,
    group_stats,
    heaviest,
    load_of,
    radar_area,
    radar_area_ratio,
    several_heavy,
)

scores = st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=60)


def test_the_figures_of_a_small_example():
    s = factor_stats([1, 2, 2, 5])
    assert s.n == 4
    assert s.mean == pytest.approx(2.5)
    assert s.median == pytest.approx(2.0)
    assert s.minimum == 1 and s.maximum == 5
    assert s.counts == (1, 2, 0, 0, 1)
    assert s.std == pytest.approx(math.sqrt((1.5**2 + 0.25 + 0.25 + 2.5**2) / 4))


def test_consensus_is_one_when_everyone_agrees_and_zero_when_split_between_the_ends():
    assert consensus([3, 3, 3]) == pytest.approx(1.0)
    assert consensus([1, 1, 5, 5]) == pytest.approx(0.0)
    # evenly spread over 1..5: the Tastle–Wierman value is about 0.43
    assert consensus([1, 2, 3, 4, 5]) == pytest.approx(0.4339, abs=1e-3)


def test_a_divided_team_is_flagged_and_an_agreeing_one_is_not():
    assert factor_stats([1, 5, 1, 5, 2]).divided
    assert factor_stats([1, 5, 1, 5, 2]).agreement_level == "divided"
    assert not factor_stats([4, 4, 5, 4]).divided
    assert factor_stats([4, 4, 4, 4]).agreement_level == "agreed"


def test_scores_outside_one_to_five_are_refused():
    with pytest.raises(ValueError):
        factor_stats([0, 3])
    with pytest.raises(ValueError):
        factor_stats([3], ideals=[6])
    with pytest.raises(ValueError):
        factor_stats([])


def test_the_ideal_and_the_gap():
    s = factor_stats([2, 2, 3], ideals=[4, 5])
    assert s.ideal_n == 2 and s.ideal_mean == pytest.approx(4.5)
    assert s.gap == pytest.approx(7 / 3 - 4.5)
    assert factor_stats([2]).gap is None


def test_on_the_condition_scale_a_low_score_is_a_heavy_load():
    assert load_of(1.5, higher_is_heavier=False) == pytest.approx(4.5)
    assert factor_stats([1, 2], higher_is_heavier=False).load == pytest.approx(4.5)


def test_heaviest_orders_by_load_then_median():
    stats = {
        "a": factor_stats([5, 5, 1]),  # mean 3.67, median 5
        "b": factor_stats([4, 4, 3]),  # mean 3.67, median 4
        "c": factor_stats([5, 5, 5]),
        "d": factor_stats([1, 1, 1]),
    }
    assert heaviest(stats, 3) == ["c", "a", "b"]


def test_several_heavy_factors_raise_the_signal_from_three_on():
    two = {"a": factor_stats([4, 5]), "b": factor_stats([4, 4]), "c": factor_stats([2, 3])}
    assert several_heavy(two).heavy == ("a", "b") and not several_heavy(two).raised
    three = {**two, "d": factor_stats([5, 4, 4])}
    assert several_heavy(three).raised


def test_group_stats_weigh_each_factor_equally():
    g = group_stats([factor_stats([1, 1, 1, 1]), factor_stats([5])])
    assert g is not None and g.mean == pytest.approx(3.0) and g.heavy == 1 and g.factors == 2
    assert group_stats([]) is None


def test_comparing_rounds_matches_factors_by_key():
    before = {"a": factor_stats([2, 2]), "gone": factor_stats([3])}
    after = {"a": factor_stats([4, 4]), "new": factor_stats([1])}
    changes = {c.key: c for c in compare_rounds(before, after)}
    assert changes["a"].delta == pytest.approx(2.0) and changes["a"].status == "both"
    assert changes["new"].status == "new" and changes["new"].delta is None
    assert changes["gone"].status == "dropped"
    assert [c.key for c in compare_rounds(before, after)] == ["a", "new", "gone"]


def test_the_area_of_a_regular_spider_web():
    # four axes of radius 1 form a square with diagonal 2: area 2
    assert radar_area([1, 1, 1, 1]) == pytest.approx(2.0)
    assert radar_area_ratio([2.5] * 6, [5] * 6) == pytest.approx(0.25)
    assert radar_area_ratio([1, 1, 1], [0, 0, 0]) is None
    with pytest.raises(ValueError):
        radar_area_ratio([1, 2, 3], [1, 2])


@given(scores)
def test_every_statistic_stays_on_the_scale(values):
    s = factor_stats(values)
    assert 1 <= s.minimum <= s.median <= s.maximum <= 5
    assert s.minimum <= s.mean <= s.maximum
    assert sum(s.counts) == s.n == len(values)
    assert 0.0 <= s.consensus <= 1.0
    assert s.std >= 0


@given(scores)
def test_consensus_is_one_exactly_when_all_scores_are_equal(values):
    c = consensus(values)
    if len(set(values)) == 1:
        assert c == pytest.approx(1.0)
    else:
        assert c < 1.0


@given(scores, st.integers(min_value=0, max_value=3))
def test_consensus_does_not_depend_on_where_the_scores_sit(values, shift):
    shifted = [v + shift for v in values if v + shift <= 5]
    if len(shifted) == len(values):
        assert consensus(shifted) == pytest.approx(consensus(values))


@given(scores)
def test_mirroring_the_scale_mirrors_the_mean_and_keeps_the_consensus(values):
    mirrored = [6 - v for v in values]
    assert factor_stats(mirrored).mean == pytest.approx(6 - factor_stats(values).mean)
    assert consensus(mirrored) == pytest.approx(consensus(values))
    assert factor_stats(mirrored, higher_is_heavier=False).load == pytest.approx(factor_stats(values).load)


@given(st.lists(st.floats(min_value=0, max_value=5), min_size=3, max_size=12), st.floats(min_value=0.1, max_value=1))
def test_scaling_every_radius_scales_the_area_by_its_square(values, k):
    assert radar_area([v * k for v in values]) == pytest.approx(radar_area(values) * k * k, abs=1e-9)


def test_people_needed_is_threshold_plus_one_plus_every_guest():
    from caseload_core.factors import people_needed

    assert people_needed(3) == 4 and people_needed(5, guests_answered=2) == 8
    with pytest.raises(ValueError):
        people_needed(0)


@given(
    st.dictionaries(st.sampled_from("abcdef"), st.integers(min_value=0, max_value=12), max_size=6),
    st.integers(min_value=0, max_value=10),
    st.integers(min_value=1, max_value=8),
)
def test_shown_groups_leave_no_hidden_remainder_smaller_than_the_minimum(sizes, outside, minimum):
    from caseload_core.factors import shown_groups

    total = sum(sizes.values()) + outside
    shown = shown_groups(sizes, total, minimum)
    rest = total - sum(sizes[g] for g in shown)
    assert all(sizes[g] >= minimum for g in shown)
    assert rest == 0 or rest >= minimum or not shown
    # a shown group is never derivable from the others: hiding it would not be needed for the rule
    assert shown <= {g for g, n in sizes.items() if n >= minimum}
