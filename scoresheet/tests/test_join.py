"""Joining without an account by typing the code, the brake on guessing codes, the confirmation before a
round closes, the shared screen without navigation, and the link from piketpaaltje 3."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.test import Client
from django.urls import reverse

from organisations.models import Organisation, Team
from scoresheet import guessing, services
from scoresheet.models import Answer, Response, RoundStatus, ScoringRound
from scoresheet.tests.helpers import make_round

pytestmark = pytest.mark.django_db
JOIN = reverse("scoresheet:join")


def _round(title: str = "Meedoen zonder account", **kwargs) -> ScoringRound:
    """A round of Heidemeer with guest places: anonymous phones join with the code alone."""
    team = Organisation.objects.get(slug="heidemeer").teams.get()
    kwargs.setdefault("guests", 5)
    return make_round(team, title=title, **kwargs)


def _answers(scoring_round: ScoringRound, score: int) -> dict[str, str]:
    return {f"score_{f.pk}": str(score) for f in scoring_round.factors.all()}


def _typed(code: str) -> str:
    """The code as someone might type it: lower case, a dash and spaces."""
    return f" {code[:3].lower()} - {code[3:].lower()} "


def _other_code() -> str:
    """A well-formed code that belongs to no round."""
    for candidate in ("AAAAAA", "CCCCCC", "DDDDDD"):
        if not ScoringRound.objects.filter(code=candidate).exists():
            return candidate
    raise AssertionError("no free code")


# --- the public form ------------------------------------------------------------------------------------


def test_an_anonymous_visitor_gets_the_code_form_not_the_login_page():
    response = Client().get(JOIN)
    text = response.content.decode()
    assert response.status_code == 200
    assert 'name="code"' in text and 'method="get"' in text and "persoonlijke link" in text
    assert "<fieldset" not in text  # no round yet


def test_a_typed_code_lets_an_anonymous_phone_answer_once_and_change_its_answers():
    scoring_round = _round()
    phone = Client()
    page = phone.get(JOIN, {"code": _typed(scoring_round.code)})
    assert page.status_code == 200 and page.content.decode().count('class="factor') == 19
    action = re.search(r'<form method="post" action="([^"]+)" class="score-form"', page.content.decode()).group(1)
    assert action == f"{JOIN}?code={scoring_round.code}"

    assert phone.post(action, _answers(scoring_round, 2)).status_code == 200
    assert Response.objects.filter(round=scoring_round).count() == 1
    second = phone.post(action, _answers(scoring_round, 5))
    assert second.status_code == 200 and 'data-testid="saved"' in second.content.decode()
    assert Response.objects.filter(round=scoring_round).count() == 1  # updated, not added
    assert set(Answer.objects.filter(response__round=scoring_round).values_list("score", flat=True)) == {5}
    assert Answer.objects.filter(response__round=scoring_round).count() == 19

    # nothing on the response points to the person or the browser session
    response = Response.objects.get(round=scoring_round)
    assert {f.name for f in Response._meta.concrete_fields} == {
        "id",
        "round",
        "participant_key",
        "function",
        "submitted_at",
        "updated_at",
    }
    session_key = phone.session.session_key
    token = phone.session[  # the random token kept in the browser session
        "scoresheet_tokens"
    ][str(scoring_round.pk)]
    assert session_key not in response.participant_key and token not in response.participant_key
    assert response.participant_key == services.participant_key(scoring_round.pk, token=token)

    # another phone typing the same code is another participant
    other = Client()
    other.get(JOIN, {"code": scoring_round.code.lower()})
    other.post(action, _answers(scoring_round, 1))
    assert Response.objects.filter(round=scoring_round).count() == 2


def test_an_unknown_code_gives_an_error_on_the_form_and_writes_nothing():
    scoring_round = _round()
    before = Response.objects.count()
    code = _other_code()
    response = Client().get(JOIN, {"code": code.lower()})
    text = response.content.decode()
    assert response.status_code == 200
    assert f"Er is geen open ronde met code {code[:3]}-{code[3:]} waaraan je zonder uitnodiging" in text
    assert 'aria-invalid="true"' in text and 'aria-describedby="id_code_helptext id_code_error"' in text
    assert "<fieldset" not in text and scoring_round.title not in text
    posted = Client().post(f"{JOIN}?code={code}", _answers(scoring_round, 3))
    assert posted.status_code == 200 and "Er is geen open ronde" in posted.content.decode()
    assert Response.objects.count() == before


def test_a_code_of_the_wrong_length_or_none_is_named_as_such():
    too_short = Client().get(JOIN, {"code": "ab-c"}).content.decode()
    assert "Een rondecode heeft 6 letters en cijfers" in too_short and 'aria-invalid="true"' in too_short
    empty = Client().get(JOIN, {"code": "  "}).content.decode()
    assert "Typ de rondecode van het gedeelde scherm." in empty


def test_a_closed_round_gives_an_error_and_accepts_nothing():
    scoring_round = _round(title="Al gesloten ronde")
    services.round_close(scoring_round=scoring_round)
    response = Client().get(JOIN, {"code": _typed(scoring_round.code)})
    text = response.content.decode()
    assert response.status_code == 410
    assert "is gesloten: die neemt geen antwoorden meer aan" in text and "Al gesloten ronde" not in text
    Client().post(f"{JOIN}?code={scoring_round.code}", _answers(scoring_round, 3))
    assert not Response.objects.filter(round=scoring_round).exists()


def test_a_draft_round_is_as_unknown_as_a_code_that_does_not_exist():
    draft = _round(title="Nog in voorbereiding", open_it=False)
    text = Client().get(JOIN, {"code": draft.code}).content.decode()
    assert "Er is geen open ronde met code" in text and "Nog in voorbereiding" not in text


# --- the brake on guessing ------------------------------------------------------------------------------


def test_after_ten_wrong_codes_a_session_is_stopped_even_for_a_right_code():
    scoring_round = _round()
    guesser = Client()
    wrong = _other_code()
    for n in range(guessing.JOIN_LIMIT_PER_SESSION):
        # a different address each time, so that only the session counts
        response = guesser.get(JOIN, {"code": wrong}, REMOTE_ADDR=f"192.0.2.{n + 1}")
        assert response.status_code == 200
    blocked = guesser.get(JOIN, {"code": scoring_round.code}, REMOTE_ADDR="192.0.2.99")
    assert blocked.status_code == 429 and "Te veel codes geprobeerd" in blocked.content.decode()
    assert "<fieldset" not in blocked.content.decode()
    # someone else on yet another address is not affected
    assert "<fieldset" in Client().get(JOIN, {"code": scoring_round.code}, REMOTE_ADDR="192.0.2.100").content.decode()


def test_after_thirty_wrong_codes_from_one_address_new_sessions_from_it_are_stopped_too():
    scoring_round = _round()
    participant = Client(REMOTE_ADDR="198.51.100.7")
    assert "<fieldset" in participant.get(JOIN, {"code": scoring_round.code}).content.decode()  # joined before
    wrong = _other_code()
    for _n in range(guessing.JOIN_LIMIT_PER_ADDRESS):
        assert Client(REMOTE_ADDR="198.51.100.7").get(JOIN, {"code": wrong}).status_code == 200
    assert Client(REMOTE_ADDR="198.51.100.7").get(JOIN, {"code": scoring_round.code}).status_code == 429
    assert "<fieldset" in Client(REMOTE_ADDR="198.51.100.8").get(JOIN, {"code": scoring_round.code}).content.decode()
    # a participant who had joined from that address before can still send their answers
    sent = participant.post(f"{JOIN}?code={scoring_round.code}", _answers(scoring_round, 4))
    assert sent.status_code == 200 and 'data-testid="saved"' in sent.content.decode()
    assert Response.objects.filter(round=scoring_round).count() == 1


def test_codes_of_the_wrong_length_do_not_count_and_old_failures_expire():
    scoring_round = _round()
    visitor = Client()
    for _n in range(guessing.JOIN_LIMIT_PER_SESSION + 5):
        visitor.get(JOIN, {"code": "abc"})
    assert visitor.get(JOIN, {"code": scoring_round.code}).status_code == 200
    session = visitor.session
    session[guessing.SESSION_FAILURES] = [time.time() - guessing.JOIN_LIMIT_WINDOW - 1] * 20
    session.save()
    assert "<fieldset" in visitor.get(JOIN, {"code": scoring_round.code}).content.decode()


# --- closing needs a confirmation -----------------------------------------------------------------------


def test_closing_without_the_confirmation_does_not_close(login):
    scoring_round = _round()
    client = login("teammanager.heidemeer")
    url = reverse("scoresheet:round", args=[scoring_round.pk])
    detail = client.get(url).content.decode()
    assert '<details class="confirm-close">' in detail and 'name="confirm" value="yes"' in detail
    assert "onclick" not in detail and "confirm(" not in detail

    asked = client.post(url, {"action": "close"})
    scoring_round.refresh_from_db()
    assert asked.status_code == 200 and scoring_round.status == RoundStatus.OPEN
    text = asked.content.decode()
    assert "<h1>“Meedoen zonder account” sluiten?</h1>" in text and "Ja, sluit de ronde" in text
    assert "0 mensen hebben geantwoord." in text

    client.post(url, {"action": "close", "confirm": "no"})
    scoring_round.refresh_from_db()
    assert scoring_round.status == RoundStatus.OPEN

    done = client.post(url, {"action": "close", "confirm": "yes"})
    scoring_round.refresh_from_db()
    assert done.status_code == 302 and scoring_round.status == RoundStatus.CLOSED and scoring_round.closed_at


def test_only_a_facilitator_of_the_team_can_close(login):
    scoring_round = _round()
    url = reverse("scoresheet:round", args=[scoring_round.pk])
    assert login("jeugdconsulent.heidemeer").post(url, {"action": "close", "confirm": "yes"}).status_code == 403
    assert login("teammanager.noord").post(url, {"action": "close", "confirm": "yes"}).status_code == 404
    assert Client().post(url, {"action": "close", "confirm": "yes"}).status_code == 302  # to the login page
    scoring_round.refresh_from_db()
    assert scoring_round.status == RoundStatus.OPEN


# --- the shared screen ----------------------------------------------------------------------------------


def test_the_shared_screen_shows_no_navigation_and_no_user_name(login):
    scoring_round = _round()
    client = login("teammanager.heidemeer")
    detail = client.get(reverse("scoresheet:round", args=[scoring_round.pk])).content.decode()
    assert 'class="site-nav"' in detail and "site-header__user" in detail  # the ordinary page has both
    screen = client.get(reverse("scoresheet:round_screen", args=[scoring_round.pk])).content.decode()
    assert 'class="site-nav"' not in screen and "site-header__user" not in screen and "Uitloggen" not in screen
    assert scoring_round.display_code in screen and "qr-code" in screen


# --- from piketpaaltje 3 --------------------------------------------------------------------------------


def _veldstroom_group(teams: list[str] | None = None, lead: str = "Team Noord"):
    """A trajectory led by Team Noord with Team Midden; Team Zuid stays outside."""
    from trajectory import services as trajectory_services

    by_name = {t.name: t for t in Team.objects.filter(organisation__slug="veldstroom")}
    return trajectory_services.trajectory_create(
        team=by_name[lead],
        title="Scoren vanuit het traject",
        start_date=dt.date(2027, 1, 4),
        teams=[by_name[n] for n in (["Team Midden"] if teams is None else teams)],
    )


def _team_options(page: str) -> list[str]:
    select = page.split('name="team"')[1].split("</select>")[0]
    return re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select)


def test_piketpaaltje_3_links_to_a_prefilled_round_for_the_trajectorys_teams(login):
    trajectory = _veldstroom_group()
    client = login("beleid.veldstroom")
    stake = client.get(reverse("trajectory:factors", args=[trajectory.pk])).content.decode()
    link = f"{reverse('scoresheet:round_create')}?traject={trajectory.pk}"
    assert f'href="{link}"' in stake

    form = client.get(link)
    text = form.content.decode()
    assert form.status_code == 200 and "Scoren vanuit het traject" in text
    assert 'value="Meewegende factoren – Scoren vanuit het traject"' in text
    assert sorted(_team_options(text)) == ["Team Midden", "Team Noord"]
    assert re.search(rf'<option value="{trajectory.team_id}" selected>', text)  # the lead team

    midden = Team.objects.get(organisation__slug="veldstroom", name="Team Midden")
    data = {"team": midden.pk, "title": "Meewegende factoren Midden", "factor_list": "bijlage1", "min_respondents": 3}
    created = client.post(link, data)
    scoring_round = ScoringRound.objects.get(title="Meewegende factoren Midden")
    assert created.status_code == 302 and scoring_round.team == midden and scoring_round.factors.count() == 19
    # Team Zuid is outside the trajectory: refused on this form (though the policy adviser facilitates it)
    zuid = Team.objects.get(organisation__slug="veldstroom", name="Team Zuid")
    refused = client.post(link, {"team": zuid.pk, "title": "Buiten", "factor_list": "bijlage1", "min_respondents": 3})
    assert refused.status_code == 200 and 'aria-invalid="true"' in refused.content.decode()
    assert not ScoringRound.objects.filter(title="Buiten").exists()


def test_the_trajectory_link_respects_who_may_facilitate(login):
    trajectory = _veldstroom_group()
    link = f"{reverse('scoresheet:round_create')}?traject={trajectory.pk}"
    stake = reverse("trajectory:factors", args=[trajectory.pk])
    # a team manager reads the group trajectory (no link) but may prepare a round for their own team
    manager = login("teammanager.noord")
    assert "?traject=" not in manager.get(stake).content.decode()
    text = manager.get(link).content.decode()
    assert _team_options(text) == ["Team Noord"]
    assert login("jeugdbeschermer.noord").get(link).status_code == 403
    assert login("teammanager.heidemeer").get(link).status_code == 404  # another organisation's trajectory
    # a team manager whose team the trajectory does not cover may not start a round from it
    zuid_only = _veldstroom_group(teams=[], lead="Team Zuid")
    assert manager.get(f"{reverse('scoresheet:round_create')}?traject={zuid_only.pk}").status_code == 403
    assert login("beleid.veldstroom").get(f"{reverse('scoresheet:round_create')}?traject=x").status_code == 404
