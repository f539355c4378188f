"""A bandwidth trajectory in each demo organisation, after the handreiking's worked example:

- Heidemeer's youth team went through all three steps: an approved bandwidth of 36–40 families per FTE
  (the handreiking's example settled on 40, "on the high side"), now the team's band in monitoring;
- Jeugdbescherming Veldstroom's Team Noord is in step 2: its first advice was not approved, a second
  version awaits the commissioning party;
- Veldstroom has also just started a trajectory for all three of its teams, for the jeugdbeschermers only
  (a group trajectory, steered by the policy adviser, who facilitates every team).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from demo.context import DemoContext
from organisations.models import Organisation, Team
from scoresheet.models import ScoringRound
from trajectory import services
from trajectory.models import Advice, StepStatus, Trajectory


def _dated(model: type[Advice] | type[Trajectory], pk: int, day: dt.date) -> None:
    """Set a record's ``created_at`` to ``day`` of the demo's story: the clock of a demo is its pretend
    "today", not the machine's, so that every advice is written before the decision on it."""
    model.objects.filter(pk=pk).update(created_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0))))


def _round(team: Team) -> ScoringRound | None:
    rounds = ScoringRound.objects.filter(team=team)
    return rounds.filter(title__icontains="spinnenweb").first() or rounds.first()


def _heidemeer(ctx: DemoContext) -> None:
    organisation = Organisation.objects.get(slug="heidemeer")
    services.reference_points_install_defaults(organisation=organisation)
    team = organisation.teams.order_by("name").first()
    if team is None or Trajectory.objects.filter(team=team).exists():
        return
    user = get_user_model().objects.get(username="beleid.heidemeer")
    start = ctx.today - dt.timedelta(weeks=24, days=ctx.today.weekday())
    trajectory = services.trajectory_create(team=team, title="Bandbreedte jeugdteam Heidemeer", start_date=start)
    services.trajectory_update(
        trajectory=trajectory,
        problem_statement=(
            "Jeugdconsulenten ervaren een hoge werkdruk en er is verloop. Er is geen gedeeld beeld van wat een "
            "verantwoorde caseload is voor de actieve procesregie die het dienstverleningsmodel vraagt."
        ),
        stakeholders=(
            "Jeugdconsulenten: tijd voor betrokkenheid en nabijheid.\n"
            "Teammanager: een werkbare verdeling en minder verloop.\n"
            "Gemeenten (opdrachtgever): passende hulp binnen het budget.\n"
            "Ketenpartners: snelle en duidelijke toegang."
        ),
        area_name="Heidebeek, Laarwoude en Meerhoven",
        area_codes="GM9901, GM9902, GM9903",
        case_definition="een gezin",
        caseload_definition="Het aantal gezinnen met een open casus per fulltime fte (36 uur) van de jeugdconsulenten.",
        intent="Gezinnen krijgen dichtbij, snel en samenhangend hulp; het jeugdteam voert actief procesregie.",
        core_values="betrokkenheid, nabijheid, continuïteit",
        way_of_working="Eén vaste jeugdconsulent per gezin, die het gezin kent en met het gezin de hulp regisseert.",
        contact_intensity="Bij de start wekelijks contact, daarna minstens maandelijks; huisbezoeken waar nodig.",
        ideal_caseload=Decimal("36"),
        ideal_reasoning=(
            "Tussen de Nederlandse Wraparound Care-variant (15) en het voorbeeld van Huizen, Blaricum en Laren (40): "
            "actieve procesregie vraagt meer nabijheid dan 40 gezinnen toelaten."
        ),
        scoring_round=_round(team),
        factor_notes="Wachttijden bij specialistische hulp en de registratie kosten per gezin veel tijd.",
    )
    for number, status in ((1, StepStatus.DONE), (2, StepStatus.DONE), (3, StepStatus.ACTIVE)):
        step = trajectory.steps.get(number=number)
        services.step_update(
            step=step,
            status=status,
            participants="Teammanager, vier jeugdconsulenten, gedragswetenschapper, beleidsadviseur",
        )
    figures = (
        ("Jongeren met jeugdhulp, per 1.000 jongeren", "2025", "per 1.000", "128", "112", "104"),
        ("Jongeren met jeugdbescherming, per 1.000 jongeren", "2025", "per 1.000", "11", "10", "9"),
        ("Gemiddelde wachttijd tot start hulp", "2025", "weken", "9", "7", None),
    )
    for label, period, unit, area, region, country in figures:
        services.figure_save(
            trajectory=trajectory,
            label=label,
            period=period,
            unit=unit,
            area_value=Decimal(area),
            region_value=Decimal(region),
            country_value=Decimal(country) if country else None,
            source="Fictief voorbeeld (eigen registratie en regionale monitor)",
            recognise="Ja, de consulenten zien meer gezinnen met meerdere kinderen.",
            judge="Hoger dan regio en land: dat is veel.",
            caseload_lesson="Meerhoven heeft zwaardere casuïstiek; één norm voor alle teams past niet.",
        )
    advice = services.advice_create(
        trajectory=trajectory,
        created_by=user,
        lower=Decimal("36"),
        upper=Decimal("40"),
        reasoning=(
            "Een bandbreedte van 36 tot 40 gezinnen per fte past bij actieve procesregie, gegeven de wachttijden "
            "en de registratielast. 40 is aan de hoge kant."
        ),
        pulls_down="Wachttijden specialistische hulp; meerdere kinderen per gezin; registratiesysteem.",
        pulls_up="Een ervaren, hechte team met ruimte voor intervisie.",
        improvements="Administratieve ondersteuning; afspraken met de regio over wachttijden.",
    )
    _dated(Advice, advice.pk, start + dt.timedelta(weeks=10))
    services.decision_record(
        advice=advice,
        decided_by=user,
        outcome="approved",
        decided_on=start + dt.timedelta(weeks=11),
        valid_from=start + dt.timedelta(weeks=12),
        evaluation_date=start + dt.timedelta(weeks=12 + 104),
    )
    services.action_save(
        trajectory=trajectory,
        description="Administratieve ondersteuning voor het jeugdteam werven",
        owner="Teammanager",
        due_date=start + dt.timedelta(weeks=26),
    )
    services.action_save(
        trajectory=trajectory,
        description="Afspraken met de regio over wachttijden specialistische hulp",
        owner="Beleidsadviseur",
        due_date=start + dt.timedelta(weeks=30),
    )


def _veldstroom(ctx: DemoContext) -> None:
    organisation = Organisation.objects.get(slug="veldstroom")
    services.reference_points_install_defaults(organisation=organisation)
    team = organisation.teams.filter(name="Team Noord").first()
    if team is None or Trajectory.objects.filter(team=team).exists():
        return
    user = get_user_model().objects.get(username="teammanager.noord")
    policy = get_user_model().objects.get(username="beleid.veldstroom")
    start = ctx.today - dt.timedelta(weeks=10, days=ctx.today.weekday())
    trajectory = services.trajectory_create(team=team, title="Bandbreedte Team Noord", start_date=start)
    services.trajectory_update(
        trajectory=trajectory,
        problem_statement="Caseloads boven de 18 kinderen per fte; het FNV-akkoord vraagt een stapsgewijze daling.",
        case_definition="een maatregel (één kind)",
        caseload_definition="Het aantal maatregelen (OTS, voogdij) per fulltime fte (36 uur) van de jeugdbeschermers.",
        intent="Veiligheid van het kind voorop, met tijd voor het gezin en de keten.",
        core_values="veiligheid, betrokkenheid, transparantie",
        ideal_caseload=Decimal("13"),
        ideal_reasoning="Dicht bij de Significantnorm van ongeveer 12 kinderen per fte.",
        scoring_round=_round(team),
    )
    services.step_update(step=trajectory.steps.get(number=1), status=StepStatus.DONE)
    services.step_update(step=trajectory.steps.get(number=2), status=StepStatus.ACTIVE)
    services.figure_save(
        trajectory=trajectory,
        label="Jongeren met jeugdbescherming, per 1.000 jongeren",
        period="2025",
        unit="per 1.000",
        area_value=Decimal("12"),
        country_value=Decimal("9"),
        source="Fictief voorbeeld",
    )
    first = services.advice_create(
        trajectory=trajectory,
        created_by=user,
        lower=Decimal("12"),
        upper=Decimal("14"),
        reasoning="Naar de Significantnorm, in één stap.",
    )
    _dated(Advice, first.pk, ctx.today - dt.timedelta(weeks=3))
    services.decision_record(
        advice=first,
        decided_by=policy,
        outcome="rejected",
        decided_on=ctx.today - dt.timedelta(weeks=2),
        explanation="Niet haalbaar binnen de huidige formatie; nodig is een stappenplan met de vacatureruimte erbij.",
    )
    second = services.advice_create(
        trajectory=trajectory,
        created_by=user,
        lower=Decimal("14"),
        upper=Decimal("17"),
        reasoning="In twee stappen naar 12 maatregelen per fte, eerst 14–17, evaluatie na een jaar.",
        improvements="Vacatures versneld invullen; inwerktraject met lagere caseload voor nieuwe collega's.",
    )
    _dated(Advice, second.pk, ctx.today - dt.timedelta(weeks=1))
    services.action_save(
        trajectory=trajectory,
        description="Stappenplan formatie opstellen met HR",
        owner="Teammanager",
        due_date=ctx.today + dt.timedelta(weeks=4),
    )


def _veldstroom_group(ctx: DemoContext) -> None:
    organisation = Organisation.objects.get(slug="veldstroom")
    title = "Bandbreedte jeugdbescherming, alle teams"
    teams = list(organisation.teams.order_by("name"))
    if len(teams) < 2 or Trajectory.objects.filter(team__organisation=organisation, title=title).exists():
        return
    lead = next((t for t in teams if t.name == "Team Zuid"), teams[0])
    start = ctx.today - dt.timedelta(weeks=1, days=ctx.today.weekday())
    trajectory = services.trajectory_create(
        team=lead, title=title, start_date=start, teams=teams, functions=["jeugdbeschermer"]
    )
    services.trajectory_update(
        trajectory=trajectory,
        problem_statement=(
            "De teams werken met verschillende caseloads voor dezelfde maatregelen. We willen één gedragen "
            "bandbreedte voor alle jeugdbeschermers, op weg naar 12 maatregelen per fte."
        ),
        case_definition="een maatregel (één kind)",
        caseload_definition="Het aantal maatregelen (OTS, voogdij) per fulltime fte (36 uur) van de jeugdbeschermers.",
    )
    services.step_update(
        step=trajectory.steps.get(number=1),
        status=StepStatus.ACTIVE,
        participants="Beleidsadviseur, de drie teammanagers, een jeugdbeschermer per team, OR-lid",
    )


def run(ctx: DemoContext) -> None:
    _heidemeer(ctx)
    _veldstroom(ctx)
    _veldstroom_group(ctx)
    for trajectory in Trajectory.objects.filter(team__organisation__slug__in=["heidemeer", "veldstroom"]):
        _dated(Trajectory, trajectory.pk, trajectory.start_date)
