"""Writes for scoring rounds: prepare, edit the factor list, invite, open, close, submit answers.

Anonymity by construction: a participant is stored only as a keyed hash (HMAC with the SECRET_KEY) of
the round and either the invited person (signed in or by personal link: the same key either way, so one
response per person), a login without a person, or a random token kept in a guest's browser session. The
table of answers holds no name, no user id and no session id. The same participant submitting again updates
their own answers.

People, not responses: a response is a *member's* when its key is that of a person invited to the round,
else a *guest's*. A round accepts at most one response per invited person and at most ``guests`` guest
responses, so never more responses than invited people plus guests.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from organisations.models import Person, Team
from scoresheet.factor_lists import TEMPLATES, FactorList
from scoresheet.models import (
    MAX_GUESTS,
    MIN_RESPONDENTS_FLOOR,
    Answer,
    Category,
    Invitation,
    Response,
    RoundFactor,
    RoundStatus,
    Scale,
    ScoringRound,
)

CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY34679"
"""Round codes avoid characters that are easily confused when read from a screen (0/O, 1/I/L, 5/S, 8/B, 2/Z)."""
CODE_LENGTH = 6


class ScoringError(Exception):
    """A write that is not allowed; the message is user-facing (translated)."""


def new_round_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not ScoringRound.objects.filter(code=code).exists():
            return code


def normalise_code(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def participant_key(
    round_id: int, *, user_id: int | None = None, token: str | None = None, person_id: int | None = None
) -> str:
    """A keyed hash that identifies one participant within one round and nothing else."""
    given = [
        (name, value)
        for name, value in (("user", user_id), ("token", token), ("person", person_id))
        if value is not None
    ]
    if len(given) != 1:
        raise ValueError("give exactly one of user_id, token and person_id")
    subject = f"{given[0][0]}:{given[0][1]}"
    message = f"scoresheet:{round_id}:{subject}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def new_participant_token() -> str:
    return secrets.token_urlsafe(24)


def guest_token_for_session(session_key: str, round_id: int) -> str:
    """A guest's token derived from their browser session: the same browser gets the same token even when it
    sends its first submission many times at once (no race between requests that each invent a token)."""
    message = f"scoresheet-guest:{round_id}:{session_key}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Participant:
    """Who submits: an invited person (``person_id`` set), or a guest (a login without a person, or a code)."""

    key: str
    person_id: int | None = None

    @classmethod
    def member(cls, round_id: int, person_id: int) -> Participant:
        return cls(participant_key(round_id, person_id=person_id), person_id)

    @classmethod
    def guest(cls, round_id: int, *, token: str | None = None, user_id: int | None = None) -> Participant:
        return cls(participant_key(round_id, token=token, user_id=user_id))


def member_keys(scoring_round: ScoringRound) -> set[str]:
    """The participant keys of the people invited to the round."""
    persons = Invitation.objects.filter(round=scoring_round).values_list("person_id", flat=True)
    return {participant_key(scoring_round.pk, person_id=p) for p in persons}


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation of a personal link that has not been used yet, or None."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("round__team", "person")
        .filter(token_hash=_token_hash(token))
        .exclude(token_hash="")
        .first()
    )


def _invitable(scoring_round: ScoringRound) -> None:
    if scoring_round.status == RoundStatus.CLOSED:
        raise ScoringError(_("This round is closed; nobody can be invited any more."))


@transaction.atomic
def invitations_add(*, scoring_round: ScoringRound, persons: list[Person]) -> int:
    """Invite people of the round's team (again inviting someone is harmless). Returns how many are new."""
    _invitable(scoring_round)
    for p in persons:
        if p.team_id != scoring_round.team_id:
            raise ScoringError(_("Only members of the round's team can be invited."))
    existing = set(Invitation.objects.filter(round=scoring_round).values_list("person_id", flat=True))
    new = [Invitation(round=scoring_round, person=p) for p in persons if p.pk not in existing]
    Invitation.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


@transaction.atomic
def invitation_remove(*, scoring_round: ScoringRound, person: Person) -> None:
    """Withdraw an invitation; only while the round is in preparation (afterwards an answer may already
    count as that person's, and the round could end up with more responses than people)."""
    if scoring_round.status != RoundStatus.DRAFT:
        raise ScoringError(_("Invitations can only be withdrawn while the round is in preparation."))
    Invitation.objects.filter(round=scoring_round, person=person).delete()


@transaction.atomic
def invitation_links(*, scoring_round: ScoringRound) -> list[tuple[Person, str]]:
    """New personal links for every invited person who has not answered yet: a random token each, stored only
    as its hash (an older link of the same person stops working). The tokens are returned once, to print or
    pass on; they cannot be shown again."""
    _invitable(scoring_round)
    answered = set(Response.objects.filter(round=scoring_round).values_list("participant_key", flat=True))
    out: list[tuple[Person, str]] = []
    for invitation in Invitation.objects.select_for_update().filter(round=scoring_round).select_related("person"):
        if participant_key(scoring_round.pk, person_id=invitation.person_id) in answered:
            continue  # a link for someone who answered would be useless; whether they did is not shown
        token = secrets.token_urlsafe(24)
        invitation.token_hash = _token_hash(token)
        invitation.save(update_fields=["token_hash"])
        out.append((invitation.person, token))
    return sorted(out, key=lambda pt: pt[0].name)


@transaction.atomic
def guests_set(*, scoring_round: ScoringRound, guests: int) -> ScoringRound:
    """Change how many guests may join with the code alone; never below the guests who already answered."""
    locked = ScoringRound.objects.select_for_update().get(pk=scoring_round.pk)
    if locked.status == RoundStatus.CLOSED:
        raise ScoringError(_("This round is closed; it accepts no more answers."))
    if not 0 <= guests <= MAX_GUESTS:
        raise ScoringError(_("The number of guests runs from 0 to %(n)s.") % {"n": MAX_GUESTS})
    if guests < guests_answered(locked):
        raise ScoringError(_("More guests have already answered than that; the number cannot go below them."))
    locked.guests = guests
    locked.save(update_fields=["guests"])
    return locked


def guests_answered(scoring_round: ScoringRound) -> int:
    """Responses that are not an invited person's."""
    keys = member_keys(scoring_round)
    return sum(
        1
        for k in Response.objects.filter(round=scoring_round).values_list("participant_key", flat=True)
        if k not in keys
    )


@transaction.atomic
def round_create(
    *,
    team: Team,
    title: str,
    factor_list: str = FactorList.APPENDIX_1,
    ask_ideal: bool = False,
    min_respondents: int = MIN_RESPONDENTS_FLOOR,
    previous_round: ScoringRound | None = None,
    created_by: object | None = None,
    guests: int = 0,
    invite_team: bool = True,
) -> ScoringRound:
    """A round in preparation with its own copy of a factor list (a template, or the earlier round's).

    ``invite_team``: invite the team's current members (each can then answer signed in, or with a personal
    link made on the round's page)."""
    if not 0 <= guests <= MAX_GUESTS:
        raise ScoringError(_("The number of guests runs from 0 to %(n)s.") % {"n": MAX_GUESTS})
    if previous_round is not None and previous_round.team_id != team.id:
        raise ScoringError(_("The round to compare with belongs to another team."))
    if factor_list == FactorList.PREVIOUS:
        if previous_round is None:
            raise ScoringError(_("Choose the round to compare with, to copy its factors."))
        scale = previous_round.scale
    else:
        scale = TEMPLATES[factor_list][1]
    scoring_round = ScoringRound.objects.create(
        team=team,
        title=title,
        scale=scale,
        ask_ideal=ask_ideal or scale == Scale.CONDITION,
        min_respondents=max(int(min_respondents), MIN_RESPONDENTS_FLOOR),
        previous_round=previous_round,
        code=new_round_code(),
        guests=guests,
        created_by=created_by if isinstance(created_by, User) and created_by.pk else None,
    )
    if factor_list == FactorList.PREVIOUS and previous_round is not None:
        factors = [
            RoundFactor(
                round=scoring_round, key=f.key, name=f.name, category=f.category, function=f.function, position=i
            )
            for i, f in enumerate(previous_round.factors.all())
        ]
    else:
        factors = [
            RoundFactor(round=scoring_round, key=t.key, name=str(t.name), category=t.category, position=i)
            for i, t in enumerate(TEMPLATES[factor_list][0])
        ]
    RoundFactor.objects.bulk_create(factors)
    if invite_team:
        invitations_add(scoring_round=scoring_round, persons=list(current_members(team)))
    return scoring_round


def current_members(team: Team) -> QuerySet[Person]:
    """The team's people without an end date in the past."""
    from caseloadwijzer import clock

    today = clock.today()
    return (
        Person.objects.filter(team=team)
        .filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=today))
        .order_by("name", "id")
    )


def _editable(scoring_round: ScoringRound) -> None:
    if scoring_round.status == RoundStatus.CLOSED:
        raise ScoringError(_("This round is closed; its factors can no longer change."))
    if scoring_round.responses.exists():
        raise ScoringError(
            _("Answers have come in; change the factors in a new round so that answers stay comparable.")
        )


def _unique_key(scoring_round: ScoringRound, name: str, function: str, exclude: int | None = None) -> str:
    base = slugify(name)[:70] or "factor"
    key, n = base, 2
    existing = RoundFactor.objects.filter(round=scoring_round, function=function)
    if exclude is not None:
        existing = existing.exclude(pk=exclude)
    while existing.filter(key=key).exists():
        key, n = f"{base}-{n}", n + 1
    return key


@transaction.atomic
def factor_add(
    *, scoring_round: ScoringRound, name: str, category: str = Category.OTHER, function: str = ""
) -> RoundFactor:
    _editable(scoring_round)
    name = name.strip()
    if not name:
        raise ScoringError(_("A factor needs a name."))
    position = (scoring_round.factors.aggregate(m=Max("position"))["m"] or 0) + 1
    return RoundFactor.objects.create(
        round=scoring_round,
        key=_unique_key(scoring_round, name, function),
        name=name,
        category=category,
        function=function,
        position=position,
    )


@transaction.atomic
def factor_update(*, factor: RoundFactor, name: str, category: str, function: str) -> RoundFactor:
    """Rename or recategorise; the key stays, so the factor is still compared with earlier rounds."""
    _editable(factor.round)
    name = name.strip()
    if not name:
        raise ScoringError(_("A factor needs a name."))
    if (
        function != factor.function
        and RoundFactor.objects.filter(round=factor.round, key=factor.key, function=function)
        .exclude(pk=factor.pk)
        .exists()
    ):
        factor.key = _unique_key(factor.round, name, function, exclude=factor.pk)
    factor.name, factor.category, factor.function = name, category, function
    factor.save()
    return factor


@transaction.atomic
def factor_delete(*, factor: RoundFactor) -> None:
    _editable(factor.round)
    if factor.round.factors.count() <= 1:
        raise ScoringError(_("A round needs at least one factor."))
    factor.delete()


@transaction.atomic
def factor_move(*, factor: RoundFactor, up: bool) -> None:
    """Swap the factor with its neighbour in the list."""
    _editable(factor.round)
    factors = list(factor.round.factors.select_for_update().order_by("position", "id"))
    index = next(i for i, f in enumerate(factors) if f.pk == factor.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(factors):
        return
    factors[index], factors[other] = factors[other], factors[index]
    for position, f in enumerate(factors):
        if f.position != position:
            RoundFactor.objects.filter(pk=f.pk).update(position=position)


@transaction.atomic
def round_open(*, scoring_round: ScoringRound) -> ScoringRound:
    locked = ScoringRound.objects.select_for_update().get(pk=scoring_round.pk)
    if locked.status != RoundStatus.DRAFT:
        raise ScoringError(_("Only a round in preparation can be opened."))
    if not locked.factors.exists():
        raise ScoringError(_("A round needs at least one factor."))
    locked.status, locked.opened_at = RoundStatus.OPEN, timezone.now()
    locked.save(update_fields=["status", "opened_at"])
    return locked


@transaction.atomic
def round_close(*, scoring_round: ScoringRound) -> ScoringRound:
    """Close the round. Takes the same row lock as a submission, so nothing is accepted after this commits."""
    locked = ScoringRound.objects.select_for_update().get(pk=scoring_round.pk)
    if locked.status != RoundStatus.OPEN:
        raise ScoringError(_("Only an open round can be closed."))
    locked.status, locked.closed_at = RoundStatus.CLOSED, timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    return locked


@dataclass(frozen=True)
class AnswerInput:
    score: int
    ideal: int | None = None
    remark: str = ""


def factors_for(scoring_round: ScoringRound, function: str) -> list[RoundFactor]:
    """The factors a participant with ``function`` scores: the common ones and those of their function."""
    return [f for f in scoring_round.factors.all() if not f.function or f.function == function]


def answers_submit(
    *, round_id: int, participant: Participant, function: str, answers: Mapping[int, AnswerInput]
) -> Response:
    """Store (or replace) one participant's answers, all or nothing.

    An invited person may answer once (their key is the same signed in or by personal link); anyone else is
    a guest and takes one of the round's guest places on their first submission. Takes a lock on the round
    row first, so a round closed by the facilitator accepts nothing afterwards. Members take a shared lock
    (50 people can submit side by side); a guest's first submission takes the exclusive one, so two guests
    cannot both take the last place. The unique constraints (one response per participant key, one answer per
    factor) keep duplicates out: a participant's two simultaneous first submissions race on the response, the
    loser gets an IntegrityError and is retried once as an update.
    """
    for attempt in range(2):
        try:
            return _answers_submit(round_id=round_id, participant=participant, function=function, answers=answers)
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


def _lock_round(round_id: int, *, exclusive: bool) -> None:
    """On PostgreSQL, a row lock on the round: shared for members (submissions run side by side, but
    ``round_close``, which takes ``FOR UPDATE``, waits for those in flight, and every later submission sees
    the round closed), exclusive for a guest (guest places are counted and taken one at a time).
    SQLite serialises writers anyway."""
    if connection.vendor == "postgresql":
        mode = "FOR NO KEY UPDATE" if exclusive else "FOR SHARE"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {ScoringRound._meta.db_table} WHERE id = %s {mode}", [round_id])


@transaction.atomic
def _answers_submit(
    *, round_id: int, participant: Participant, function: str, answers: Mapping[int, AnswerInput]
) -> Response:
    invitation = None
    if participant.person_id is not None:
        if participant.key != participant_key(round_id, person_id=participant.person_id):
            raise ValueError("the key does not belong to this person and round")
        # invitations are never withdrawn once a round is open, so this holds for the whole transaction
        invitation = Invitation.objects.filter(round_id=round_id, person_id=participant.person_id).first()
    is_guest = invitation is None  # a code, a login without a person, or a person who was not invited
    _lock_round(round_id, exclusive=is_guest)
    scoring_round = ScoringRound.objects.get(pk=round_id)
    if scoring_round.status != RoundStatus.OPEN:
        raise ScoringError(_("This round is closed; answers can no longer be given or changed."))
    expected = {f.pk: f for f in factors_for(scoring_round, function)}
    missing = [f.name for pk, f in expected.items() if pk not in answers]
    if missing:
        raise ScoringError(_("Score every factor; missing: %(names)s.") % {"names": ", ".join(missing)})
    unknown = set(answers) - set(expected)
    if unknown:
        raise ScoringError(_("A factor was sent that is not part of this round."))
    for pk, a in answers.items():
        if not 1 <= a.score <= 5 or (a.ideal is not None and not 1 <= a.ideal <= 5):
            raise ScoringError(_("Factor “%(name)s”: a score runs from 1 to 5.") % {"name": expected[pk].name})
    response = Response.objects.filter(round=scoring_round, participant_key=participant.key).first()
    if response is None:
        if is_guest and guests_answered(scoring_round) >= scoring_round.guests:
            raise ScoringError(guests_full_message(scoring_round))
        response = Response.objects.create(round=scoring_round, participant_key=participant.key, function=function)
    elif response.function != function:
        response.function = function
    response.save()
    if invitation is not None and invitation.token_hash:
        Invitation.objects.filter(pk=invitation.pk).update(token_hash="")  # the personal link is used up
    Answer.objects.filter(response=response).exclude(factor_id__in=list(answers)).delete()
    Answer.objects.bulk_create(
        [
            Answer(
                response=response,
                factor_id=pk,
                score=a.score,
                ideal=a.ideal if scoring_round.ask_ideal else None,
                remark=a.remark.strip()[:1000],
            )
            for pk, a in answers.items()
        ],
        update_conflicts=True,
        unique_fields=["response", "factor"],
        update_fields=["score", "ideal", "remark"],
    )
    return response


def guests_full_message(scoring_round: ScoringRound) -> str:
    if scoring_round.guests == 0:
        return _(
            "This round is for invited team members only: sign in, or use the personal link you received. "
            "Ask the facilitator if you have neither."
        )
    return _("All guest places of this round are taken. Sign in or use your personal link, or ask the facilitator.")


def own_answers(scoring_round: ScoringRound, participant: Participant) -> tuple[str, dict[int, Answer]] | None:
    """The participant's own earlier answers (to let them change them), or None."""
    response = Response.objects.filter(round=scoring_round, participant_key=participant.key).first()
    if response is None:
        return None
    return response.function, {a.factor_id: a for a in response.answers.all()}
