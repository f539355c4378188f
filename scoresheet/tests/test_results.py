"""round_results: aggregates only, only after closing, nothing below threshold + 1 invited people, and the
right figures."""

from __future__ import annotations

import pytest

from scoresheet import services
from scoresheet.factor_lists import FactorList
from scoresheet.selectors import respondent_count, round_results
from scoresheet.tests.helpers import answer_all, closed_results, make_round, make_team

pytestmark = pytest.mark.django_db


def test_no_results_while_open_and_after_closing_only_from_four_invited_people():
    r = make_round(make_team())
    for who, score in zip("abcd", (1, 2, 4, 2), strict=True):
        answer_all(r, who, score)
    assert respondent_count(r) == 4 and round_results(r) is None  # open: nothing, whatever the count
    results = closed_results(r)
    assert results is not None and results.respondents == 4
    first = results.factors[0]
    assert first.stats is not None
    assert (
        first.stats.mean == pytest.approx(9 / 4) and first.stats.median == 2 and first.stats.counts == (1, 2, 0, 1, 0)
    )


def test_three_invited_people_are_not_enough_even_after_closing():
    r = make_round(make_team())
    for who in "abc":
        answer_all(r, who, 3)
    assert closed_results(r) is None


@pytest.mark.parametrize(("people", "shown"), [(4, False), (5, True)])
def test_a_higher_threshold_is_respected(people, shown):
    r = make_round(make_team(), min_respondents=4)
    for who in "abcde"[:people]:
        answer_all(r, who, 3)
    assert (closed_results(r) is not None) is shown


def test_heaviest_factors_and_the_several_heavy_signal():
    r = make_round(make_team())
    heavy = {"multiproblematiek": 5, "beschikbaarheid-hulp": 5, "registratiesystematiek": 4}
    for who in "abcd":
        answer_all(r, who, {**heavy})
    results = closed_results(r)
    assert results is not None
    assert [f.key for f in results.heaviest] == ["beschikbaarheid-hulp", "multiproblematiek", "registratiesystematiek"]
    assert results.heavy_signal.raised and len(results.heavy_signal.heavy) == 3
    client = next(c for c in results.categories if c.code == "client")
    assert client.stats.factors == 5 and client.stats.mean == pytest.approx((3 * 4 + 5) / 5)


def test_disagreement_is_shown_per_factor():
    r = make_round(make_team())
    answer_all(r, "a", {"aansturing": 1})
    answer_all(r, "b", {"aansturing": 5})
    answer_all(r, "c", {"aansturing": 1})
    answer_all(r, "d", {"aansturing": 5})
    results = closed_results(r)
    assert results is not None
    assert [f.key for f in results.divided] == ["aansturing"]


def test_remarks_are_shown_without_names_in_alphabetical_order_only_from_the_threshold():
    r = make_round(make_team())
    answer_all(r, "a", 3, remark="Zware gezinnen")
    answer_all(r, "b", 3, remark="Administratie")
    answer_all(r, "c", 3)
    assert round_results(r) is None
    answer_all(r, "d", 3)
    results = closed_results(r)
    assert results is not None and results.factors[0].remarks == ("Administratie", "Zware gezinnen")


def test_a_factor_for_one_function_is_hidden_until_enough_of_that_function_answered():
    r = make_round(make_team(), open_it=False)
    services.factor_add(scoring_round=r, name="Zittingen", function="jeugdbeschermer")
    services.round_open(scoring_round=r)
    for who, score in zip("abcd", (3, 4, 5, 4), strict=True):
        answer_all(r, who, score, function="jeugdconsulent")
    for who in "efgh":
        answer_all(r, who, 5, function="jeugdbeschermer")
    answer_all(r, "i", 5, function="jeugdbeschermer")
    answer_all(r, "j", 5, function="gedragswetenschapper")
    results = closed_results(r)
    assert results is not None
    special = next(f for f in results.factors if f.name == "Zittingen")
    assert special.stats is not None and special.stats.n == 5
    # per function: jeugdconsulent (4) and jeugdbeschermer (5) reach 4; the one gedragswetenschapper does not,
    # and alone outside the shown groups they could be derived from the total: so the smallest group goes too
    assert [g.code for g in results.functions] == ["jeugdbeschermer"]
    assert results.functions[0].respondents == 5


def test_a_factor_for_one_function_stays_hidden_below_four_of_that_function():
    r = make_round(make_team(), open_it=False)
    services.factor_add(scoring_round=r, name="Zittingen", function="jeugdbeschermer")
    services.round_open(scoring_round=r)
    for who in "abcd":
        answer_all(r, who, 3, function="jeugdconsulent")
    for who in "efg":
        answer_all(r, who, 5, function="jeugdbeschermer")
    results = closed_results(r)
    assert results is not None
    special = next(f for f in results.factors if f.name == "Zittingen")
    assert special.stats is None and special.remarks == ()
    assert results.functions == ()  # jeugdconsulent alone shown would leave the 3 jeugdbeschermers derivable


def test_the_spider_web_inputs_and_the_room_within_the_ideal():
    r = make_round(make_team(), factor_list=FactorList.SPIDER_WEB)
    for who in "abcd":
        answer_all(r, who, 2, ideal=4)
    results = closed_results(r)
    assert results is not None and results.radar is not None
    assert len(results.radar.labels) == 9
    assert results.radar.actual == (2.0,) * 9 and results.radar.ideal == (4.0,) * 9
    assert results.radar.higher_is_better
    assert results.area_ratio == pytest.approx(0.25)
    # on the condition scale, a low score is the heavy one
    assert results.factors[0].stats.load == pytest.approx(4.0)
    assert results.heavy_signal.raised and len(results.heavy_signal.heavy) == 9


def test_comparison_with_an_earlier_round_of_the_same_team():
    team = make_team()
    before = make_round(team, title="Voor")
    for who in "abcd":
        answer_all(before, who, 2)
    services.round_close(scoring_round=before)
    after = services.round_open(
        scoring_round=services.round_create(
            team=team, title="Na", factor_list=FactorList.PREVIOUS, previous_round=before
        )
    )
    for who in "abcd":
        answer_all(after, who, 4)
    results = closed_results(after)
    assert results is not None and results.comparison is not None
    assert results.comparison.title == "Voor"
    assert [row.change.delta for row in results.comparison.rows] == [pytest.approx(2.0)] * 19


def test_a_round_of_another_team_cannot_be_the_comparison():
    with pytest.raises(services.ScoringError):
        services.round_create(team=make_team("A-team"), title="x", previous_round=make_round(make_team("B-team")))
