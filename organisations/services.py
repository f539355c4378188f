"""Writes for organisations, teams and people. The web forms, imports, API and demo data all call these."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Membership
from caseloadwijzer import clock
from organisations.models import Organisation, OrganisationKind, Person, Team
from staffing.models import ContractPeriod


def organisation_create(
    *, name: str, slug: str, kind: str = OrganisationKind.MUNICIPALITY, fulltime_hours: Decimal = Decimal("36")
) -> Organisation:
    organisation = Organisation(name=name, slug=slug, kind=kind, fulltime_hours=fulltime_hours)
    organisation.full_clean()
    organisation.save()
    return organisation


def team_create(*, organisation: Organisation, name: str, description: str = "", margin_percent: int = 10) -> Team:
    team = Team(organisation=organisation, name=name, description=description, margin_percent=margin_percent)
    team.full_clean()
    team.save()
    return team


def team_update(*, team: Team, name: str, description: str, margin_percent: int) -> Team:
    team.name, team.description, team.margin_percent = name, description, margin_percent
    team.full_clean()
    team.save()
    return team


def _check_team(organisation: Organisation, team: Team | None) -> None:
    if team is not None and team.organisation_id != organisation.id:
        raise ValidationError({"team": _("This team belongs to another organisation.")})


def _check_dates(start_date: dt.date, end_date: dt.date | None) -> None:
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": _("The end date lies before the start date.")})


def _check_employee_number(organisation: Organisation, number: str, person_id: int | None = None) -> None:
    """A staff number is unique within the organisation (the database enforces it as well)."""
    number = number.strip()
    taken = Person.objects.filter(organisation=organisation, employee_number=number)
    if person_id is not None:
        taken = taken.exclude(pk=person_id)
    if number and taken.exists():
        raise ValidationError({"employee_number": _("Another person in this organisation has this staff number.")})


@transaction.atomic
def person_create(
    *,
    organisation: Organisation,
    name: str,
    function: str,
    contract_hours: Decimal,
    start_date: dt.date,
    team: Team | None = None,
    end_date: dt.date | None = None,
    user: User | None = None,
    employee_number: str = "",
) -> Person:
    _check_team(organisation, team)
    _check_dates(start_date, end_date)
    _check_employee_number(organisation, employee_number)
    person = Person(
        organisation=organisation,
        team=team,
        name=name,
        employee_number=employee_number.strip(),
        function=function,
        contract_hours=contract_hours,
        start_date=start_date,
        end_date=end_date,
        user=user,
    )
    person.full_clean()
    person.save()
    ContractPeriod.objects.create(person=person, valid_from=start_date, hours=contract_hours)
    return person


@transaction.atomic
def person_update(
    *,
    person: Person,
    name: str,
    function: str,
    contract_hours: Decimal,
    start_date: dt.date,
    team: Team | None,
    end_date: dt.date | None,
    employee_number: str | None = None,
) -> Person:
    """``employee_number`` None keeps the staff number as it is."""
    _check_team(person.organisation, team)
    _check_dates(start_date, end_date)
    if employee_number is not None:
        _check_employee_number(person.organisation, employee_number, person.pk)
        person.employee_number = employee_number.strip()
    hours_changed = Decimal(person.contract_hours) != Decimal(contract_hours)
    person.name, person.function, person.contract_hours = name, function, contract_hours
    person.start_date, person.end_date, person.team = start_date, end_date, team
    person.full_clean()
    person.save()
    if hours_changed:
        # A contract change applies from today; the past keeps the hours it had.
        ContractPeriod.objects.update_or_create(
            person=person, valid_from=max(clock.today(), start_date), defaults={"hours": contract_hours}
        )
    return person


@transaction.atomic
def login_create(
    *,
    organisation: Organisation,
    username: str,
    password: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    team: Team | None = None,
    person: Person | None = None,
    validate: bool = True,
) -> User:
    """A login with one role; linked to a person so that they see their own figures."""
    _check_team(organisation, team)
    if person is not None and person.organisation_id != organisation.id:
        raise ValidationError({"person": _("This person belongs to another organisation.")})
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ValidationError({"username": _("This username is already taken.")})
    user = user_model(username=username, first_name=first_name, last_name=last_name, email=email)
    if validate:
        validate_password(password, user)
    user.set_password(password)
    user.save()
    membership_add(user=user, organisation=organisation, role=role, team=team)
    if person is not None:
        person.user = user
        person.save(update_fields=["user"])
    return user


def membership_add(
    *, user: User, organisation: Organisation, role: str, team: Team | None = None
) -> Membership:
    _check_team(organisation, team)
    other = Membership.objects.filter(user=user).exclude(organisation=organisation).exists()
    if other:
        raise ValidationError(_("A login belongs to one organisation only."))
    membership, _created = Membership.objects.get_or_create(user=user, organisation=organisation, team=team, role=role)
    return membership
