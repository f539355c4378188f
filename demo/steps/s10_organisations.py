"""Two fictional organisations, after the handreiking's example and Jeugdbescherming west:

- three small municipalities sharing one youth team of 13 jeugdconsulenten;
- a youth protection organisation (gecertificeerde instelling) with three teams of 12 jeugdbeschermers
  and a gedragswetenschapper each.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from accounts.models import Membership
from accounts.roles import Role
from cases.services import case_types_install_defaults
from demo.context import DEMO_PASSWORD, DemoContext
from organisations.models import Function, Organisation, OrganisationKind, Person, Team
from organisations.services import login_create, organisation_create, person_create, team_create
from staffing.services import reduction_reasons_install_defaults

FIRST_NAMES = [
    "Anouk",
    "Bram",
    "Charlotte",
    "Daan",
    "Eva",
    "Fleur",
    "Gijs",
    "Hanna",
    "Iris",
    "Jesse",
    "Kim",
    "Lars",
    "Maud",
    "Noor",
    "Olaf",
    "Pien",
    "Quinten",
    "Roos",
    "Sanne",
    "Thijs",
    "Uma",
    "Vera",
    "Wouter",
    "Yara",
    "Zeynep",
    "Mohamed",
    "Fatima",
    "Priya",
    "Sem",
    "Lotte",
    "Ruben",
    "Esmee",
    "Jorn",
    "Ilse",
    "Milan",
    "Naima",
    "Tim",
    "Femke",
    "Bart",
    "Leila",
]
SURNAMES = [
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van den Berg",
    "Yilmaz",
    "El Amrani",
    "Koster",
    "Prins",
]
HOURS = [Decimal(h) for h in ("36", "36", "32", "32", "28", "24", "36", "32", "20", "36", "28", "32", "36")]


def _names(ctx: DemoContext, key: str, n: int) -> list[str]:
    rng = ctx.rng(key)
    seen: set[str] = set()
    while len(seen) < n:
        seen.add(f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}")
    return sorted(seen)


def _people(ctx: DemoContext, organisation: Organisation, team: Team, function: str, n: int) -> list[Person]:
    rng = ctx.rng(f"people-{team.name}")
    people = []
    for i, name in enumerate(_names(ctx, team.name, n)):
        years = rng.randint(1, 12)
        start = ctx.today - dt.timedelta(days=365 * years + rng.randint(0, 300))
        people.append(
            person_create(
                organisation=organisation,
                team=team,
                name=name,
                function=function,
                contract_hours=HOURS[i % len(HOURS)],
                start_date=start,
            )
        )
    return people


def _login(
    ctx: DemoContext,
    organisation: Organisation,
    username: str,
    role: str,
    first_name: str,
    team: Team | None = None,
    person: Person | None = None,
) -> None:
    if not Membership.objects.filter(user__username=username).exists():
        login_create(
            organisation=organisation,
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            first_name=first_name,
            team=team,
            person=person,
            validate=False,
        )
    label = str(Role(role).label) + (f", {team.name}" if team else "")
    ctx.logins.append((username, label, organisation.name))


def _municipal(ctx: DemoContext) -> None:
    slug = "heidemeer"
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        organisation = organisation_create(
            name="Gemeenten Heidebeek, Laarwoude en Meerhoven",
            slug=slug,
            kind=OrganisationKind.MUNICIPALITY,
        )
        team = team_create(
            organisation=organisation,
            name="Jeugdteam Heidemeer",
            description="Het gezamenlijke jeugdteam van drie kleine gemeenten.",
        )
        _people(ctx, organisation, team, Function.YOUTH_CONSULTANT, 13)
        person_create(
            organisation=organisation,
            team=team,
            name="Sofie Hermans",
            function=Function.BEHAVIOURAL_SCIENTIST,
            contract_hours=Decimal("28"),
            start_date=ctx.today - dt.timedelta(days=1500),
        )
        case_types_install_defaults(organisation=organisation, valid_from=ctx.today - dt.timedelta(days=365 * 6))
        reduction_reasons_install_defaults(organisation=organisation)
    team = organisation.teams.get()
    professional = team.members.filter(function=Function.YOUTH_CONSULTANT).order_by("name").first()
    scientist = team.members.filter(function=Function.BEHAVIOURAL_SCIENTIST).first()
    assert professional is not None and scientist is not None
    _login(ctx, organisation, "teammanager.heidemeer", Role.TEAM_MANAGER, "Marieke", team)
    _login(
        ctx,
        organisation,
        "jeugdconsulent.heidemeer",
        Role.PROFESSIONAL,
        professional.name.split()[0],
        team,
        professional,
    )
    _login(ctx, organisation, "gedragswetenschapper.heidemeer", Role.BEHAVIOURAL_SCIENTIST, "Sofie", team, scientist)
    _login(ctx, organisation, "beleid.heidemeer", Role.POLICY_ADVISER, "Joost")
    _login(ctx, organisation, "hr.heidemeer", Role.HR_ADVISER, "Ellen")
    _login(ctx, organisation, "or.heidemeer", Role.WORKS_COUNCIL, "Henk")
    _login(ctx, organisation, "beheer.heidemeer", Role.ADMINISTRATOR, "Anja")


def _youth_protection(ctx: DemoContext) -> None:
    slug = "veldstroom"
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        organisation = organisation_create(
            name="Jeugdbescherming Veldstroom", slug=slug, kind=OrganisationKind.CERTIFIED_INSTITUTION
        )
        for region in ("Noord", "Midden", "Zuid"):
            team = team_create(organisation=organisation, name=f"Team {region}")
            _people(ctx, organisation, team, Function.YOUTH_PROTECTION_WORKER, 12)
            person_create(
                organisation=organisation,
                team=team,
                name=f"{_names(ctx, 'gw' + region, 1)[0]}",
                function=Function.BEHAVIOURAL_SCIENTIST,
                contract_hours=Decimal("32"),
                start_date=ctx.today - dt.timedelta(days=2000),
            )
        case_types_install_defaults(organisation=organisation, valid_from=ctx.today - dt.timedelta(days=365 * 6))
        reduction_reasons_install_defaults(organisation=organisation)
    noord = organisation.teams.get(name="Team Noord")
    midden = organisation.teams.get(name="Team Midden")
    professional = noord.members.filter(function=Function.YOUTH_PROTECTION_WORKER).order_by("name").first()
    scientist = noord.members.filter(function=Function.BEHAVIOURAL_SCIENTIST).first()
    assert professional is not None and scientist is not None
    _login(ctx, organisation, "teammanager.noord", Role.TEAM_MANAGER, "Peter", noord)
    _login(ctx, organisation, "teammanager.midden", Role.TEAM_MANAGER, "Ayse", midden)
    _login(
        ctx, organisation, "jeugdbeschermer.noord", Role.PROFESSIONAL, professional.name.split()[0], noord, professional
    )
    _login(
        ctx,
        organisation,
        "gedragswetenschapper.noord",
        Role.BEHAVIOURAL_SCIENTIST,
        scientist.name.split()[0],
        noord,
        scientist,
    )
    _login(ctx, organisation, "hr.veldstroom", Role.HR_ADVISER, "Karin")
    _login(ctx, organisation, "beleid.veldstroom", Role.POLICY_ADVISER, "Rob")
    _login(ctx, organisation, "or.veldstroom", Role.WORKS_COUNCIL, "Gerrit")
    _login(ctx, organisation, "beheer.veldstroom", Role.ADMINISTRATOR, "Mila")


def run(ctx: DemoContext) -> None:
    _municipal(ctx)
    _youth_protection(ctx)
