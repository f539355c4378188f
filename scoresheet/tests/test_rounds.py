"""Preparing, editing, opening and closing rounds, and submitting answers (the service layer)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from scoresheet import services
from scoresheet.factor_lists import APPENDIX_1, SPIDER_WEB, FactorList
from scoresheet.models import Answer, Response, RoundStatus, Scale, ScoringRound
from scoresheet.tests.helpers import answer_all, make_round, make_team

pytestmark = pytest.mark.django_db


def test_a_round_starts_with_appendix_1_in_its_four_categories():
    r = make_round(make_team(), open_it=False)
    factors = list(r.factors.all())
    assert len(factors) == len(APPENDIX_1) == 19
    assert [f.category for f in factors][:5] == ["client"] * 5
    assert {f.category for f in factors} == {"client", "system", "preconditions", "team"}
    assert factors[0].name == "Meer kinderen in een gezin"  # the appendix's wording (Dutch is the default language)
    assert r.scale == Scale.WEIGHT and r.status == RoundStatus.DRAFT and len(r.code) == 6


def test_the_spider_web_list_asks_the_ideal_on_the_condition_scale():
    r = make_round(make_team(), factor_list=FactorList.SPIDER_WEB, open_it=False)
    assert r.factors.count() == len(SPIDER_WEB) == 9
    assert r.scale == Scale.CONDITION and r.ask_ideal


def test_the_threshold_is_never_below_three():
    r = make_round(make_team(), min_respondents=1, open_it=False)
    assert r.min_respondents == 3
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoringRound.objects.filter(pk=r.pk).update(min_respondents=2)


def test_factors_can_be_added_renamed_reordered_and_removed_before_answers_arrive():
    r = make_round(make_team(), open_it=False)
    added = services.factor_add(scoring_round=r, name="Reistijd in het buitengebied", category="other")
    assert list(r.factors.all())[-1] == added and added.key == "reistijd-in-het-buitengebied"
    services.factor_update(factor=added, name="Reistijd", category="preconditions", function="")
    added.refresh_from_db()
    assert added.name == "Reistijd" and added.key == "reistijd-in-het-buitengebied"
    services.factor_move(factor=added, up=True)
    names = [f.name for f in r.factors.all()]
    assert names[-2] == "Reistijd"
    first = r.factors.first()
    services.factor_delete(factor=first)
    assert r.factors.count() == 19


def test_factors_are_fixed_once_answers_have_come_in():
    r = make_round(make_team())
    answer_all(r, "a", 3)
    with pytest.raises(services.ScoringError):
        services.factor_add(scoring_round=r, name="Nog één")
    with pytest.raises(services.ScoringError):
        services.factor_delete(factor=r.factors.first())


def test_changing_ones_answers_replaces_them_without_a_duplicate():
    r = make_round(make_team())
    answer_all(r, "a", 2)
    answer_all(r, "a", 5, remark="toch zwaar")
    assert Response.objects.filter(round=r).count() == 1
    assert set(Answer.objects.filter(response__round=r).values_list("score", flat=True)) == {5}
    assert Answer.objects.filter(response__round=r).count() == 19


def test_a_closed_round_accepts_nothing_and_keeps_what_it_had():
    r = make_round(make_team())
    answer_all(r, "a", 2)
    services.round_close(scoring_round=r)
    with pytest.raises(services.ScoringError):
        answer_all(r, "a", 5)
    with pytest.raises(services.ScoringError):
        answer_all(r, "b", 5)
    assert set(Answer.objects.filter(response__round=r).values_list("score", flat=True)) == {2}
    assert Response.objects.filter(round=r).count() == 1


def test_a_draft_round_accepts_nothing_and_cannot_be_closed():
    r = make_round(make_team(), open_it=False)
    with pytest.raises(services.ScoringError):
        answer_all(r, "a", 3)
    with pytest.raises(services.ScoringError):
        services.round_close(scoring_round=r)


def test_every_factor_must_be_scored_and_the_message_names_the_missing_one():
    r = make_round(make_team(), guests=1)
    factors = list(r.factors.all())
    answers = {f.pk: services.AnswerInput(score=3) for f in factors[1:]}
    with pytest.raises(services.ScoringError, match=factors[0].name):
        services.answers_submit(
            round_id=r.pk, participant=services.Participant.guest(r.pk, token="x"), function="", answers=answers
        )
    assert not Response.objects.filter(round=r).exists()


def test_a_factor_of_another_round_is_refused():
    team = make_team()
    r, other = make_round(team, guests=1), make_round(team, title="Andere")
    answers = {f.pk: services.AnswerInput(score=3) for f in r.factors.all()}
    answers[other.factors.first().pk] = services.AnswerInput(score=3)
    with pytest.raises(services.ScoringError):
        services.answers_submit(
            round_id=r.pk, participant=services.Participant.guest(r.pk, token="y"), function="", answers=answers
        )


def test_function_specific_factors_are_asked_only_of_that_function():
    r = make_round(make_team(), open_it=False)
    special = services.factor_add(scoring_round=r, name="Zittingen bij de rechtbank", function="jeugdbeschermer")
    services.round_open(scoring_round=r)
    assert special not in services.factors_for(r, "jeugdconsulent")
    assert special in services.factors_for(r, "jeugdbeschermer")
    answer_all(r, "a", 3, function="jeugdconsulent")
    answer_all(r, "b", 3, function="jeugdbeschermer")
    assert Answer.objects.filter(factor=special).count() == 1


def test_participant_keys_are_keyed_hashes_that_do_not_reveal_the_user():
    key = services.participant_key(7, user_id=42)
    assert len(key) == 64 and "42" not in key
    assert key == services.participant_key(7, user_id=42)
    assert key != services.participant_key(8, user_id=42)
    assert key != services.participant_key(7, token="42")
    with pytest.raises(ValueError):
        services.participant_key(7)


def test_round_codes_avoid_confusable_characters():
    for _ in range(50):
        code = services.new_round_code()
        assert len(code) == 6 and not set(code) & set("0O1IL5S8B2Z")
    assert services.normalise_code(" ndn-9y7 ") == "NDN9Y7"
