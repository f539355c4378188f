"""The pages: facilitator flow, joining with a code, anonymity on the pages, and scoping."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from organisations.models import Organisation
from scoresheet import services
from scoresheet.models import Answer, Response, RoundStatus, ScoringRound
from scoresheet.tests.helpers import answer_all, make_round

pytestmark = pytest.mark.django_db
JOIN = reverse("scoresheet:join")


def _heidemeer_round(**kwargs) -> ScoringRound:
    """A round of Heidemeer's team (its members invited) with guest places for phones with the code alone."""
    team = Organisation.objects.get(slug="heidemeer").teams.get()
    kwargs.setdefault("guests", 5)
    return make_round(team, title=kwargs.pop("title", "Paginatest"), **kwargs)


def _score_post(scoring_round: ScoringRound, score: int = 3, **extra) -> dict[str, str]:
    data = {f"score_{f.pk}": str(score) for f in scoring_round.factors.all()}
    data.update(extra)
    return data


def test_the_facilitator_prepares_edits_and_opens_a_round(login):
    client = login("teammanager.heidemeer")
    team = Organisation.objects.get(slug="heidemeer").teams.get()
    response = client.post(
        reverse("scoresheet:round_create"),
        {"team": team.pk, "title": "Teamdag maart", "factor_list": "bijlage1", "min_respondents": "3"},
    )
    scoring_round = ScoringRound.objects.get(title="Teamdag maart")
    assert response.status_code == 302 and response["Location"] == reverse("scoresheet:round", args=[scoring_round.pk])
    client.post(
        reverse("scoresheet:round", args=[scoring_round.pk]),
        {"action": "add_factor", "name": "Reistijd", "category": "other"},
    )
    assert scoring_round.factors.filter(name="Reistijd").exists()
    client.post(reverse("scoresheet:round", args=[scoring_round.pk]), {"action": "open"})
    scoring_round.refresh_from_db()
    assert scoring_round.status == RoundStatus.OPEN
    page = client.get(reverse("scoresheet:round", args=[scoring_round.pk])).content.decode()
    assert scoring_round.code in page and "<svg" in page and "qr-code" in page


def test_the_threshold_cannot_be_set_below_three_in_the_form(login):
    client = login("teammanager.heidemeer")
    team = Organisation.objects.get(slug="heidemeer").teams.get()
    response = client.post(
        reverse("scoresheet:round_create"),
        {"team": team.pk, "title": "Te klein", "factor_list": "bijlage1", "min_respondents": "2"},
    )
    assert response.status_code == 200 and not ScoringRound.objects.filter(title="Te klein").exists()
    assert 'aria-invalid="true"' in response.content.decode()


def test_an_anonymous_participant_joins_with_the_code_and_can_change_their_answers():
    scoring_round = _heidemeer_round()
    phone = Client()
    page = phone.get(JOIN, {"code": scoring_round.display_code.lower()})
    assert page.status_code == 200 and "<fieldset" in page.content.decode() and "<legend>" in page.content.decode()
    url = f"{JOIN}?code={scoring_round.code}"
    assert phone.post(url, _score_post(scoring_round, 2)).status_code == 200
    assert phone.post(url, _score_post(scoring_round, 4)).status_code == 200
    assert Response.objects.filter(round=scoring_round).count() == 1
    assert set(Answer.objects.filter(response__round=scoring_round).values_list("score", flat=True)) == {4}
    again = phone.get(url).content.decode()
    assert re.search(r'value="4"[^>]*checked', again)
    # a second phone is a second participant
    Client().post(url, _score_post(scoring_round, 1))
    assert Response.objects.filter(round=scoring_round).count() == 2


def test_a_missing_score_is_named_and_nothing_is_saved():
    scoring_round = _heidemeer_round()
    first = scoring_round.factors.first()
    data = _score_post(scoring_round)
    del data[f"score_{first.pk}"]
    response = Client().post(f"{JOIN}?code={scoring_round.code}", data)
    assert response.status_code == 400 and first.name in response.content.decode()
    assert not Response.objects.filter(round=scoring_round).exists()


def test_a_wrong_code_finds_nothing():
    response = Client().get(JOIN, {"code": "XXXXXX"})
    text = response.content.decode()
    assert response.status_code == 200 and "Er is geen open ronde met code XXX-XXX waaraan je zonder" in text


def test_a_draft_round_cannot_be_joined_and_a_closed_one_accepts_nothing():
    draft = _heidemeer_round(open_it=False, title="Concept")
    page = Client().get(JOIN, {"code": draft.code})
    text = page.content.decode()
    assert page.status_code == 200 and "Er is geen open ronde" in text and "<fieldset" not in text
    scoring_round = _heidemeer_round()
    phone = Client()
    phone.get(JOIN, {"code": scoring_round.code})
    services.round_close(scoring_round=scoring_round)
    closed = phone.post(f"{JOIN}?code={scoring_round.code}", _score_post(scoring_round))
    assert closed.status_code == 410 and "is gesloten" in closed.content.decode()
    assert not Response.objects.filter(round=scoring_round).exists()


def test_a_logged_in_user_of_another_organisation_never_reaches_the_round(login):
    scoring_round = _heidemeer_round()
    stranger = login("teammanager.noord")
    page = stranger.get(JOIN, {"code": scoring_round.code}).content.decode()
    assert "Er is geen open ronde" in page and scoring_round.title not in page
    posted = stranger.post(f"{JOIN}?code={scoring_round.code}", _score_post(scoring_round))
    assert "Er is geen open ronde" in posted.content.decode()
    assert stranger.get(reverse("scoresheet:round", args=[scoring_round.pk])).status_code == 404
    assert not Response.objects.filter(round=scoring_round).exists()


def test_a_logged_in_team_member_answers_once_whatever_the_device(login):
    scoring_round = _heidemeer_round()
    url = f"{JOIN}?code={scoring_round.code}"
    login("jeugdconsulent.heidemeer").post(url, _score_post(scoring_round, 2))
    login("jeugdconsulent.heidemeer").post(url, _score_post(scoring_round, 5))
    assert Response.objects.filter(round=scoring_round).count() == 1
    assert Response.objects.get(round=scoring_round).function == "jeugdconsulent"


def test_a_professional_cannot_open_the_facilitator_pages(login):
    scoring_round = _heidemeer_round()
    client = login("jeugdconsulent.heidemeer")
    assert client.get(reverse("scoresheet:round", args=[scoring_round.pk])).status_code == 403
    assert client.get(reverse("scoresheet:round_results", args=[scoring_round.pk])).status_code == 403
    index = client.get(reverse("scoresheet:index")).content.decode()
    assert scoring_round.title in index  # their team's open round, to take part


def test_results_appear_on_the_live_partial_only_after_closing_with_four_invited_people(login):
    scoring_round = _heidemeer_round()
    client = login("gedragswetenschapper.heidemeer")
    url = reverse("scoresheet:round_results", args=[scoring_round.pk])
    answer_all(scoring_round, "a", 5, remark="Geheime opmerking een")
    for who, score in (("b", 1), ("c", 3), ("d", 2), ("e", 4)):
        answer_all(scoring_round, who, score)
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'data-testid="below-threshold"' in partial and "Geheime opmerking" not in partial  # open: nothing
    assert 'data-testid="respondents">5<' in partial  # the count, not the answers
    version = re.search(r"\?v=([^\"]+)\"", partial).group(1)
    unchanged = client.get(url, {"v": version}, headers={"HX-Request": "true"})
    assert unchanged.status_code == 204
    services.round_close(scoring_round=scoring_round)
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'data-testid="results"' in partial and 'role="img"' in partial
    assert "Geheime opmerking een" in partial


def test_a_page_never_shows_one_persons_answers(login):
    """With four answers, no row on the results page shows a single participant's full answer pattern."""
    scoring_round = _heidemeer_round()
    for who, score in (("a", 1), ("b", 3), ("c", 5), ("d", 3)):
        answer_all(scoring_round, who, score)
    services.round_close(scoring_round=scoring_round)
    page = login("teammanager.heidemeer").get(reverse("scoresheet:round_results", args=[scoring_round.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert ">3,0<" in text  # the mean of 1, 3, 5 and 3
    assert scoring_round.responses.count() == 4 and "participant_key" not in text


def test_factor_urls_of_a_round_with_answers_refuse_changes(login):
    scoring_round = _heidemeer_round()
    answer_all(scoring_round, "a", 3)
    client = login("teammanager.heidemeer")
    factor = scoring_round.factors.first()
    client.post(reverse("scoresheet:factor_edit", args=[factor.pk]), {"action": "delete"})
    client.post(
        reverse("scoresheet:factor_edit", args=[factor.pk]), {"action": "save", "name": "Nieuw", "category": "team"}
    )
    factor.refresh_from_db()
    assert factor.name != "Nieuw" and scoring_round.factors.filter(pk=factor.pk).exists()


def test_the_demo_has_rounds_with_results_in_both_organisations():
    from scoresheet.selectors import round_results

    for slug in ("heidemeer", "veldstroom"):
        rounds = ScoringRound.objects.filter(team__organisation__slug=slug)
        assert rounds.filter(status=RoundStatus.OPEN).exists()
        assert any(round_results(r) is not None for r in rounds)


def test_the_facilitator_renames_moves_and_removes_factors_on_the_page(login):
    scoring_round = _heidemeer_round(open_it=False, title="Bewerken")
    client = login("gedragswetenschapper.heidemeer")
    first, second = list(scoring_round.factors.all())[:2]
    url = reverse("scoresheet:factor_edit", args=[second.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"action": "save", "name": "Broers en zussen", "category": "client", "function": ""})
    client.post(url, {"action": "up"})
    names = list(scoring_round.factors.values_list("name", flat=True))
    assert names[0] == "Broers en zussen" and names[1] == first.name
    client.post(reverse("scoresheet:factor_edit", args=[first.pk]), {"action": "delete"})
    assert not scoring_round.factors.filter(pk=first.pk).exists()
    bad = client.post(url, {"action": "save", "name": "", "category": "client"})
    assert bad.status_code == 400 and 'aria-invalid="true"' in bad.content.decode()


def test_every_scoresheet_url_of_the_other_organisation_gives_403_or_404(login):
    """The project-wide scoping test, for this app's URLs alone (and anonymous visitors go to the login)."""
    from accounts.tests.urlmap import kwargs_for, routes

    other = Organisation.objects.get(slug="veldstroom")
    own = Organisation.objects.get(slug="heidemeer")
    mine = [r for r in routes() if r.name.startswith("scoresheet:")]
    assert {r.name for r in mine if r.kwargs} >= {"scoresheet:round", "scoresheet:factor_edit"}
    for username in ("teammanager.heidemeer", "gedragswetenschapper.heidemeer", "jeugdconsulent.heidemeer"):
        client = login(username)
        for route in mine:
            if route.kwargs:
                url = reverse(route.name, kwargs=kwargs_for(route, other))
                for method in ("get", "post"):
                    status = getattr(client, method)(url).status_code
                    assert status in (403, 404), f"{username} {method} {url}: {status}"
            assert client.get(reverse(route.name, kwargs=kwargs_for(route, own))).status_code < 500
    for route in mine:
        response = Client().get(reverse(route.name, kwargs=kwargs_for(route, own)))
        if route.name == "scoresheet:join":  # public: the code form
            assert response.status_code == 200 and 'name="code"' in response.content.decode()
            continue
        assert response.status_code == 302 and "/inloggen/" in response["Location"], route.name


def test_a_factor_without_a_name_is_refused_with_the_field_named(login):
    scoring_round = _heidemeer_round(open_it=False, title="Leeg")
    response = login("teammanager.heidemeer").post(
        reverse("scoresheet:round", args=[scoring_round.pk]), {"action": "add_factor", "name": "", "category": "team"}
    )
    assert response.status_code == 400 and 'aria-invalid="true"' in response.content.decode()
    assert scoring_round.factors.count() == 19


def test_code_participants_choose_their_function_when_a_factor_is_for_one_function():
    scoring_round = _heidemeer_round(open_it=False, title="Functies")
    special = services.factor_add(scoring_round=scoring_round, name="Zittingen", function="jeugdbeschermer")
    services.round_open(scoring_round=scoring_round)
    phone = Client()
    url = f"{JOIN}?code={scoring_round.code}"
    assert "Je functie" in phone.get(url).content.decode()
    assert phone.post(url, {"function": "jeugdconsulent"}).status_code == 302
    page = phone.get(url).content.decode()
    assert "Zittingen" not in page and f"score_{special.pk}" not in page
    phone.post(url, {f"score_{f.pk}": "4" for f in services.factors_for(scoring_round, "jeugdconsulent")})
    response = Response.objects.get(round=scoring_round)
    assert response.function == "jeugdconsulent" and response.answers.count() == 19


def test_the_home_page_invites_team_members_to_an_open_round(login):
    scoring_round = _heidemeer_round(title="Op de startpagina")
    page = login("jeugdconsulent.heidemeer").get(reverse("accounts:home")).content.decode()
    assert "Op de startpagina" in page and f"?code={scoring_round.code}" in page
