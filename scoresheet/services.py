"""Writes for scoring rounds: prepare, edit the factor list, open, close, submit answers.

Anonymity by construction: a participant is stored only as a keyed hash (HMAC with the SECRET_KEY) of
either their login id or a random token kept in their browser session, so the table of answers holds no
name, no user id and no session id. The same person submitting again updates their own answers.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from organisations.models import Team
from scoresheet.factor_lists import TEMPLATES, FactorList
from scoresheet.models import (
    MIN_RESPONDENTS_FLOOR,
    Answer,
    Category,
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


def participant_key(round_id: int, *, user_id: int | None = None, token: str | None = None) -> str:
    """A keyed hash that identifies one participant within one round and nothing else."""
    if (user_id is None) == (token is None):
        raise ValueError("give exactly one of user_id and token")
    subject = f"user:{user_id}" if user_id is not None else f"token:{token}"
    message = f"scoresheet:{round_id}:{subject}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def new_participant_token() -> str:
    return secrets.token_urlsafe(24)


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
) -> ScoringRound:
    """A round in preparation with its own copy of a factor list (a template, or the earlier round's)."""
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
        created_by=created_by if getattr(created_by, "pk", None) else None,
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
    return scoring_round


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
    existing = RoundFactor.objects.filter(round=scoring_round, function=function).exclude(pk=exclude)
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


def answers_submit(*, round_id: int, participant: str, function: str, answers: Mapping[int, AnswerInput]) -> Response:
    """Store (or replace) one participant's answers, all or nothing.

    Takes a shared lock on the round row first, so a round closed by the facilitator accepts nothing
    afterwards while 50 people can still submit side by side. The unique constraints (one response per
    participant, one answer per factor) keep duplicates out: a participant's two simultaneous first
    submissions race on the response, the loser gets an IntegrityError and is retried once as an update.
    """
    for attempt in range(2):
        try:
            return _answers_submit(round_id=round_id, participant=participant, function=function, answers=answers)
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


def _lock_round_shared(round_id: int) -> None:
    """On PostgreSQL, a shared row lock on the round: submissions run side by side, but ``round_close`` (which
    takes ``FOR UPDATE``) waits for those in flight, and every later submission sees the round closed.
    SQLite serialises writers anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {ScoringRound._meta.db_table} WHERE id = %s FOR SHARE", [round_id])


@transaction.atomic
def _answers_submit(*, round_id: int, participant: str, function: str, answers: Mapping[int, AnswerInput]) -> Response:
    _lock_round_shared(round_id)
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
    response, _created = Response.objects.get_or_create(
        round=scoring_round, participant_key=participant, defaults={"function": function}
    )
    if response.function != function:
        response.function = function
    response.save()
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


def own_answers(scoring_round: ScoringRound, participant: str) -> tuple[str, dict[int, Answer]] | None:
    """The participant's own earlier answers (to let them change them), or None."""
    response = Response.objects.filter(round=scoring_round, participant_key=participant).first()
    if response is None:
        return None
    return response.function, {a.factor_id: a for a in response.answers.all()}
