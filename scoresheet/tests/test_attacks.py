"""The attacks of issue #14 on the score sheet, over HTTP as a facilitator and as participants, each made to
recover nothing.

"Recovers nothing" is tested as indistinguishability: two rounds (two "worlds") that differ only in what the
targeted colleague answered must show the attacker the same pages. Whatever the attacker computes from what
they see is then the same in both worlds, so it cannot tell the colleague's answers apart.

The facilitator here is gedragswetenschapper.heidemeer: a member of Jeugdteam Heidemeer who may facilitate
its rounds, and so a participant too.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse

from organisations.models import Organisation, Person, Team
from scoresheet import guessing, services
from scoresheet.models import Response, ScoringRound
from scoresheet.selectors import participation, round_results
from scoresheet.tests.helpers import answer_all, answer_as_guest, invite, make_round
from tests.threads import run_together

JOIN = reverse("scoresheet:join")
FACILITATOR = "gedragswetenschapper.heidemeer"
COLLEAGUE = "jeugdconsulent.heidemeer"


def _team() -> Team:
    return Organisation.objects.get(slug="heidemeer").teams.get()


def _scores(scoring_round: ScoringRound, score: int | dict[str, int]) -> dict[str, str]:
    return {
        f"score_{f.pk}": str(score if isinstance(score, int) else score.get(f.key, 3))
        for f in scoring_round.factors.all()
    }


def _pattern(scoring_round: ScoringRound, offset: int) -> dict[str, int]:
    """A distinctive answer per factor (what an attacker would like to read back)."""
    return {f.key: 1 + (i + offset) % 5 for i, f in enumerate(scoring_round.factors.all())}


def _seen(client: Client, scoring_round: ScoringRound) -> list[str]:
    """Everything the facilitator's pages show about answers: the results block of the round page, the full
    results page, the live partial and the shared screen, without what differs between any two rounds (the
    round's id, its version stamp, the numbering of the chart's element ids)."""
    pages = [
        client.get(reverse("scoresheet:round", args=[scoring_round.pk])),
        client.get(reverse("scoresheet:round_results", args=[scoring_round.pk])),
        client.get(reverse("scoresheet:round_results", args=[scoring_round.pk]), headers={"HX-Request": "true"}),
        client.get(reverse("scoresheet:round_screen", args=[scoring_round.pk])),
    ]
    out = []
    for page in pages:
        assert page.status_code == 200
        text = page.content.decode()
        block = re.search(r'<div id="live-results".*?\n</div>\n', text, re.S)
        assert block is not None
        html = re.sub(r' hx-get="[^"]*"', "", block.group(0))
        out.append(re.sub(r"radar-([td])\d+", r"radar-\1", html))  # the chart's element ids count up per page
    return out


def _facilitator_answers(client: Client, scoring_round: ScoringRound, score) -> None:
    """The facilitator answers signed in, through the page."""
    response = client.post(f"{JOIN}?code={scoring_round.code}", _scores(scoring_round, score))
    assert response.status_code == 200 and 'data-testid="saved"' in response.content.decode()


# --- flood: a round code accepts any number of anonymous responses -------------------------------------------


@pytest.mark.django_db
def test_forty_fresh_sessions_with_the_code_store_nothing_in_a_round_without_guests():
    scoring_round = make_round(_team(), title="Vloed zonder gasten")
    stored = 0
    for n in range(40):
        phone = Client(REMOTE_ADDR=f"203.0.113.{n + 1}")  # a different address each: only the cap stops them
        phone.get(JOIN, {"code": scoring_round.code})
        phone.post(f"{JOIN}?code={scoring_round.code}", _scores(scoring_round, 1))
    stored = Response.objects.filter(round=scoring_round).count()
    assert stored == 0


@pytest.mark.django_db
def test_forty_fresh_sessions_fill_only_the_declared_guest_places():
    scoring_round = make_round(_team(), title="Vloed met twee gasten", guests=2)
    outcomes = []
    for n in range(40):
        phone = Client(REMOTE_ADDR=f"203.0.113.{n + 1}")
        outcomes.append(phone.post(f"{JOIN}?code={scoring_round.code}", _scores(scoring_round, 1)).status_code)
    assert Response.objects.filter(round=scoring_round).count() == 2
    assert outcomes[:2] == [200, 200] and set(outcomes[2:]) == {403}
    counts = participation(scoring_round)
    assert (counts.guests_answered, counts.members_answered) == (2, 0)
    # the guests do not count towards the results: closed with two guests only, nothing is shown
    scoring_round = services.round_close(scoring_round=scoring_round)
    assert round_results(scoring_round) is None


@pytest.mark.django_db
def test_never_more_responses_than_invited_people_plus_guests(login):
    team = _team()
    scoring_round = make_round(team, title="Plafond", guests=1, invite_team=False)
    invited = [invite(scoring_round, who) for who in "abc"]
    for person in invited:
        answer_all(scoring_round, person.name.split()[-1], 3)
    answer_as_guest(scoring_round, "een gast", 3)
    # signed in but not invited: a guest, and the guest place is taken
    refused = login(COLLEAGUE).post(f"{JOIN}?code={scoring_round.code}", _scores(scoring_round, 3))
    assert refused.status_code == 403
    with pytest.raises(services.ScoringError):
        answer_as_guest(scoring_round, "nog een gast", 3)
    # the same invited person again is an update, not a second response
    answer_all(scoring_round, "a", 5)
    assert Response.objects.filter(round=scoring_round).count() == 4 == len(invited) + scoring_round.guests


# --- known answers: the facilitator submits two and waits for one real colleague ----------------------------


def _known_answers_world(login, colleague_score) -> list[str]:
    scoring_round = make_round(_team(), title="Bekende antwoorden", guests=1)
    facilitator = login(FACILITATOR)
    _facilitator_answers(facilitator, scoring_round, 1)  # known answer 1: their own, signed in
    guest = Client()  # known answer 2: the facilitator again, with the code in a private window
    assert guest.post(f"{JOIN}?code={scoring_round.code}", _scores(scoring_round, 1)).status_code == 200
    colleague = login(COLLEAGUE)  # one real colleague
    assert (
        colleague.post(f"{JOIN}?code={scoring_round.code}", _scores(scoring_round, colleague_score)).status_code == 200
    )
    assert Response.objects.filter(round=scoring_round).count() == 3
    before = _seen(facilitator, scoring_round)
    scoring_round = services.round_close(scoring_round=scoring_round)
    assert round_results(scoring_round) is None
    return before + _seen(facilitator, scoring_round)


@pytest.mark.django_db
def test_two_known_answers_and_one_colleague_recover_nothing(login):
    seen_a = _known_answers_world(login, 5)
    seen_b = _known_answers_world(login, 2)
    assert seen_a == seen_b  # the colleague's 5s and 2s look the same: nothing to recover
    assert all('data-testid="results"' not in page for page in seen_a)


def _colluders_world(login, x_answer, y_answer) -> list[str]:
    """The worst case the rule is made for: threshold − 1 = 2 invited answers known (the facilitator's own and a
    colluding colleague's) and every guest place (2) filled by the facilitator; two real colleagues X and Y."""
    team = _team()
    scoring_round = make_round(team, title="Samenspanning", guests=2, invite_team=False)
    services.invitations_add(scoring_round=scoring_round, persons=[Person.objects.get(user__username=FACILITATOR)])
    facilitator = login(FACILITATOR)
    _facilitator_answers(facilitator, scoring_round, 1)
    answer_all(scoring_round, "helper", 1)  # an invited colluder with known answers
    for token in ("prive-venster-1", "prive-venster-2"):
        answer_as_guest(scoring_round, token, 1)
    answer_all(scoring_round, "X", x_answer[0], remark=x_answer[1])  # X always answers first
    answer_all(scoring_round, "Y", y_answer[0], remark=y_answer[1])
    assert participation(scoring_round).members_answered == 4  # threshold 3 + 1: results are shown
    scoring_round = services.round_close(scoring_round=scoring_round)
    assert round_results(scoring_round) is not None
    return _seen(facilitator, scoring_round)


@pytest.mark.django_db
def test_with_threshold_minus_one_answers_and_all_guests_known_no_single_answer_is_isolated(login):
    round_for_keys = make_round(_team(), title="Sleutels", open_it=False)
    one = (_pattern(round_for_keys, 0), "Zo ervaar ik het")
    other = (_pattern(round_for_keys, 2), "Anders dan de rest")
    # X gave `one` and Y `other`, or the other way round: the facilitator sees the same (the remarks too:
    # sorted, never in the order they came in)
    assert _colluders_world(login, one, other) == _colluders_world(login, other, one)


# --- before/after: comparing the results before and after one submission ------------------------------------


def _before_after_world(login, last_score) -> list[str]:
    scoring_round = make_round(_team(), title="Voor en na", invite_team=False)
    facilitator = login(FACILITATOR)
    seen = []
    for i, who in enumerate("abcdef"):
        answer_all(scoring_round, who, 1 + i % 5)
        seen += _seen(facilitator, scoring_round)
    answer_all(scoring_round, "laatste", last_score)  # the one submission the facilitator watches for
    seen += _seen(facilitator, scoring_round)
    return seen


@pytest.mark.django_db
def test_results_before_and_after_one_submission_do_not_differ_by_that_submission(login):
    seen_a = _before_after_world(login, 1)
    seen_b = _before_after_world(login, 5)
    assert seen_a == seen_b
    assert all('data-testid="results"' not in page for page in seen_a)  # never while open


@pytest.mark.django_db
def test_after_closing_the_results_never_change_again(login):
    scoring_round = make_round(_team(), title="Na het sluiten")
    for who in "abcde":
        answer_all(scoring_round, who, 3)
    scoring_round = services.round_close(scoring_round=scoring_round)
    facilitator = login(FACILITATOR)
    first = _seen(facilitator, scoring_round)
    assert 'data-testid="results"' in first[0]
    with pytest.raises(services.ScoringError):
        answer_all(scoring_round, "te laat", 5)
    late = facilitator.post(f"{JOIN}?code={scoring_round.code}", _scores(scoring_round, 5))
    assert late.status_code == 410
    with pytest.raises(services.ScoringError):
        services.round_open(scoring_round=scoring_round)  # a closed round never opens again
    assert _seen(facilitator, scoring_round) == first


# --- the per-function breakdown: a hidden participant's mean derived from the shown cells ---------------------


def _function_world(login, hidden_score: int, b_member_score: int) -> list[str]:
    scoring_round = make_round(_team(), title="Per functie", invite_team=False)
    for who in "abcde":
        answer_all(scoring_round, who, 3, function="jeugdconsulent")
    answer_all(scoring_round, "b1", b_member_score, function="jeugdbeschermer")
    for who in ("b2", "b3", "b4"):
        answer_all(scoring_round, who, 4, function="jeugdbeschermer")
    answer_all(scoring_round, "de enige", hidden_score, function="gedragswetenschapper")  # alone in a function
    scoring_round = services.round_close(scoring_round=scoring_round)
    results = round_results(scoring_round)
    assert results is not None
    assert "gedragswetenschapper" not in {g.code for g in results.functions}
    # the 4 jeugdbeschermers are hidden as well: shown, they would leave the single one derivable from the total
    assert [g.code for g in results.functions] == ["jeugdconsulent"]
    return _seen(login(FACILITATOR), scoring_round)


@pytest.mark.django_db
def test_a_hidden_single_participants_mean_cannot_be_derived_from_the_shown_groups(login):
    # the lone gedragswetenschapper gave 1 and a jeugdbeschermer 5, or the other way round: the totals are the
    # same, and no shown group tells them apart
    assert _function_world(login, 1, 5) == _function_world(login, 5, 1)


def test_complementary_suppression_never_leaves_a_small_remainder():
    from caseload_core.factors import shown_groups

    for sizes, total in [
        ({"a": 5, "b": 4, "c": 1}, 10),
        ({"a": 4, "b": 4}, 9),
        ({"a": 4, "b": 4, "c": 4}, 12),
        ({"a": 6, "b": 1, "c": 1}, 8),
    ]:
        shown = shown_groups(sizes, total, 4)
        rest = total - sum(sizes[g] for g in shown)
        assert all(sizes[g] >= 4 for g in shown) and (rest == 0 or rest >= 4)
    assert shown_groups({"a": 5, "b": 4, "c": 1}, 10, 4) == {"a"}
    assert shown_groups({"a": 4, "b": 4}, 9, 4) == {"b"}  # "a" goes, so the one without a function is not alone
    assert shown_groups({"a": 6, "b": 1, "c": 1}, 8, 4) == set()


# --- personal links: single use, one response per invited person ---------------------------------------------


@pytest.mark.django_db
def test_a_personal_link_gives_one_response_and_is_used_up(login):
    team = _team()
    scoring_round = make_round(team, title="Persoonlijke link", invite_team=False)
    person = invite(scoring_round, "met link")
    links = dict(services.invitation_links(scoring_round=scoring_round))
    token = links[person]
    phone = Client()
    opened = phone.get(JOIN, {"uitnodiging": token})
    assert opened.status_code == 302 and token not in opened["Location"]
    assert phone.post(f"{JOIN}?code={scoring_round.code}", _scores(scoring_round, 2)).status_code == 200
    assert phone.post(f"{JOIN}?code={scoring_round.code}", _scores(scoring_round, 4)).status_code == 200
    assert Response.objects.filter(round=scoring_round).count() == 1
    key = services.participant_key(scoring_round.pk, person_id=person.pk)
    assert Response.objects.get(round=scoring_round).participant_key == key
    # the link is used up: another browser gets nothing, not even the answers
    stranger = Client()
    again = stranger.get(JOIN, {"uitnodiging": token})
    assert again.status_code == 404 and "werkt niet (meer)" in again.content.decode()
    assert stranger.post(f"{JOIN}?code={scoring_round.code}", _scores(scoring_round, 1)).status_code == 200
    assert Response.objects.filter(round=scoring_round).count() == 1  # guests=0: the code alone shows no form
    # the link stored only as a hash, emptied after use; nothing on the response points to the invitation
    assert not scoring_round.invitations.filter(token_hash__contains=token).exists()
    assert scoring_round.invitations.get(person=person).token_hash == ""


@pytest.mark.django_db
def test_signed_in_and_by_link_the_same_person_answers_once(login):
    scoring_round = make_round(_team(), title="Link en login")
    person = Person.objects.get(user__username=COLLEAGUE)
    token = dict(services.invitation_links(scoring_round=scoring_round))[person]
    phone = Client()
    phone.get(JOIN, {"uitnodiging": token})
    phone.post(f"{JOIN}?code={scoring_round.code}", _scores(scoring_round, 2))
    login(COLLEAGUE).post(f"{JOIN}?code={scoring_round.code}", _scores(scoring_round, 5))
    assert Response.objects.filter(round=scoring_round).count() == 1


# --- concurrent first submissions ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_one_browser_sending_its_first_submission_fifty_times_stays_one_response():
    """Sequentially (SQLite and PostgreSQL): the guest's token comes from the browser's session, so every copy
    of the first submission is the same participant. The 50-thread version is below (PostgreSQL)."""
    scoring_round = make_round(_team(), title="Vijftig keer verzenden", guests=50)
    phone = Client()
    phone.get(JOIN, {"code": scoring_round.code})
    for _n in range(50):
        phone.post(f"{JOIN}?code={scoring_round.code}", _scores(scoring_round, 3))
    assert Response.objects.filter(round=scoring_round).count() == 1


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers (run with scripts/with-postgres.sh)",
)


_together = run_together


def _own_round(title: str, guests: int) -> ScoringRound:
    """A round of an organisation of its own (transactional tests do not start from the demo)."""
    from organisations.models import OrganisationKind

    organisation, _ = Organisation.objects.get_or_create(
        slug="gelijktijdig-aanval", defaults={"name": "Gelijktijdig aanval", "kind": OrganisationKind.MUNICIPALITY}
    )
    team, _ = Team.objects.get_or_create(organisation=organisation, name="Team Aanval")
    return make_round(team, title=title, guests=guests)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_first_submissions_from_one_browser_make_one_response():
    scoring_round = _own_round("Vijftig tegelijk, een browser", guests=50)
    phone = Client()
    phone.get(JOIN, {"code": scoring_round.code})  # the browser has a session, as after loading the form
    cookie = phone.cookies[settings_session_cookie()].value
    data = _scores(scoring_round, 3)

    def submit(_i: int) -> None:
        copy = Client()
        copy.cookies[settings_session_cookie()] = cookie
        assert copy.post(f"{JOIN}?code={scoring_round.code}", data).status_code == 200

    assert _together(50, submit) == []
    assert Response.objects.filter(round=scoring_round).count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_uses_of_one_personal_link_make_one_response():
    scoring_round = _own_round("Vijftig tegelijk, een link", guests=0)
    person = invite(scoring_round, "gedeelde link")
    token = dict(services.invitation_links(scoring_round=scoring_round))[person]
    phones = []
    for _n in range(50):
        phone = Client()
        assert phone.get(JOIN, {"uitnodiging": token}).status_code == 302
        phones.append(phone)
    data = _scores(scoring_round, 4)

    def submit(i: int) -> None:
        phones[i].post(f"{JOIN}?code={scoring_round.code}", data)

    assert _together(50, submit) == []
    assert Response.objects.filter(round=scoring_round).count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_fifty_guests_at_once_take_exactly_the_three_guest_places():
    scoring_round = _own_round("Drie gastplaatsen", guests=3)
    factors = list(scoring_round.factors.values_list("pk", flat=True))
    refused: list[int] = []

    def submit(i: int) -> None:
        try:
            services.answers_submit(
                round_id=scoring_round.pk,
                participant=services.Participant.guest(scoring_round.pk, token=f"gast-{i}"),
                function="",
                answers={pk: services.AnswerInput(score=3) for pk in factors},
            )
        except services.ScoringError:
            refused.append(i)

    assert _together(50, submit) == []
    assert Response.objects.filter(round=scoring_round).count() == 3 and len(refused) == 47


def settings_session_cookie() -> str:
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME


# --- guessing codes ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_guessing_codes_from_one_address_stops_after_thirty_and_finds_no_round():
    scoring_round = make_round(_team(), title="Raden", guests=2)
    alphabet = services.CODE_ALPHABET
    wrong = [a * 3 + b * 3 for a in alphabet for b in alphabet if a * 3 + b * 3 != scoring_round.code]
    wrong = wrong[: guessing.JOIN_LIMIT_PER_ADDRESS + 20]
    statuses = []
    for code in wrong:
        statuses.append(Client(REMOTE_ADDR="192.0.2.50").get(JOIN, {"code": code}).status_code)
    assert statuses[: guessing.JOIN_LIMIT_PER_ADDRESS] == [200] * guessing.JOIN_LIMIT_PER_ADDRESS
    assert set(statuses[guessing.JOIN_LIMIT_PER_ADDRESS :]) == {429}
    # the right code, once the address is over the limit, shows nothing of the round
    right = Client(REMOTE_ADDR="192.0.2.50").get(JOIN, {"code": scoring_round.code})
    assert right.status_code == 429 and "<fieldset" not in right.content.decode()
    assert scoring_round.title not in right.content.decode()


@pytest.mark.django_db
def test_guessing_personal_links_counts_as_guessing_codes():
    visitor = Client(REMOTE_ADDR="192.0.2.60")
    for n in range(guessing.JOIN_LIMIT_PER_SESSION):
        assert visitor.get(JOIN, {"uitnodiging": f"verzonnen-{n}"}).status_code == 404
    assert visitor.get(JOIN, {"uitnodiging": "nog-een"}).status_code == 429


@pytest.mark.django_db
def test_a_round_for_invited_people_only_looks_to_a_visitor_like_a_code_that_does_not_exist():
    scoring_round = make_round(_team(), title="Alleen uitgenodigden", guests=0)
    unknown = next(c * 6 for c in services.CODE_ALPHABET if not ScoringRound.objects.filter(code=c * 6).exists())

    def page(code: str) -> str:
        text = Client().get(JOIN, {"code": code}).content.decode()
        text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
        text = re.sub(r'"X-CSRFToken": "[^"]+"', "", text)
        return text.replace(code, "CODE").replace(f"{code[:3]}-{code[3:]}", "CODE")

    assert page(scoring_round.code) == page(unknown)
    assert get_user_model().objects.exists()  # (the demo is loaded: the round's team has members to invite)
