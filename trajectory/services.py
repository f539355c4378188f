"""Writes for the bandwidth trajectory. The web forms and the demo data call these."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from caseload_core import cbs
from caseload_core.trajectory import DEFAULT_STEP_WEEKS, schedule
from monitoring.models import Bandwidth
from organisations.models import Function, Organisation, Team
from trajectory import cbs_fetch
from trajectory.models import (
    Action,
    Advice,
    AdviceBand,
    Band,
    Decision,
    DecisionBand,
    Outcome,
    ReferencePoint,
    SketchFigure,
    Trajectory,
    TrajectoryStep,
)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024

# The problems caseload_core.cbs reports (it has no Django), listed here so that they are translated.
CBS_PROBLEMS = (
    gettext_noop("the file is empty"),
    gettext_noop("a binary file, not a text export"),
    gettext_noop("not valid JSON"),
    gettext_noop("the JSON holds no list of rows under 'value'"),
    gettext_noop("no ';'-separated columns"),
    gettext_noop("%(found)s columns where the header has %(expected)s"),
    gettext_noop("the file has a header but no rows"),
    gettext_noop("no 'Perioden' header row, so not a StatLine CSV download"),
    gettext_noop("the two header rows differ in length"),
    gettext_noop("the StatLine file has a header but no figures"),
    gettext_noop("no region column (RegioS, WijkenEnBuurten or Gemeenten)"),
    gettext_noop("the table has no numeric measure columns"),
    gettext_noop("not a number: %(raw)s"),
)

# (label, lower, upper, counted in, source, what it says about engagement); most engaged first.
DEFAULT_REFERENCES: tuple[tuple[str, str, str, str, str, str], ...] = (
    (
        "Wraparound Care-model, assistent",
        "5",
        "8",
        "gezinnen",
        "Schamhart & Colijn (2012), in NJi-handreiking Caseload voor lokale (wijk)teams",
        "Dagelijkse ondersteuning van het gezin bij de uitvoering van het plan.",
    ),
    (
        "Significantnorm jeugdbescherming",
        "8",
        "9",
        "gezinnen",
        "Significant Public (2022), Benodigde tijd per gezin voor de jeugdbescherming",
        "Ongeveer 12 kinderen per fulltime jeugdbeschermer.",
    ),
    (
        "Afspraak FNV en gecertificeerde instellingen",
        "12",
        "12",
        "maatregelen",
        "Akkoord FNV en gecertificeerde instellingen (maart 2023), in stappen",
        "Twaalf maatregelen is ongeveer 8 à 9 gezinnen.",
    ),
    (
        "Wraparound Care-model, Nederlandse variant",
        "15",
        "15",
        "gezinnen",
        "Schamhart & Colijn (2012), in NJi-handreiking Caseload voor lokale (wijk)teams",
        "Casemanager en gezinshulpverlener in één; casussen in verschillende fases.",
    ),
    (
        "Deltaplan gezinsvoogdij (2005)",
        "15",
        "15",
        "gezinnen",
        "Vermeulen (2005), de Volkskrant; geciteerd in de NJi-handreiking Caseload voor lokale (wijk)teams",
        "Volgens het Delta-plan krijgen gezinsvoogden maximaal vijftien gezinnen toegewezen en besteden ze de "
        "helft van hun tijd aan de begeleiding van de gezinnen; een voogd begeleidde toen gemiddeld 24 gezinnen.",
    ),
    (
        "CAO Jeugdzorg, ondertoezichtstelling eerste jaar",
        "16",
        "16",
        "casussen",
        "CAO Jeugdzorg 2017-2019, tabel 1 (36-urige werkweek)",
        "Een norm voor het hele team, die tussen een minimum en maximum mag bewegen.",
    ),
    (
        "CAO Jeugdzorg, ondertoezichtstelling na eerste jaar",
        "21",
        "21",
        "casussen",
        "CAO Jeugdzorg 2017-2019, tabel 1 (36-urige werkweek)",
        "",
    ),
    ("CAO Jeugdzorg, voogdij", "28", "28", "casussen", "CAO Jeugdzorg 2017-2019, tabel 1 (36-urige werkweek)", ""),
    (
        "CAO Jeugdzorg, andere ambulante hulpverlening",
        "28",
        "28",
        "casussen",
        "CAO Jeugdzorg 2017-2019, tabel 1 (36-urige werkweek)",
        "",
    ),
    (
        "Jeugdteam Huizen, Blaricum en Laren",
        "40",
        "40",
        "gezinnen",
        "NJi-handreiking Caseload voor lokale (wijk)teams, voorbeeld",
        "Samen vastgesteld na de dialoog, met de kanttekening dat dit aan de hoge kant is.",
    ),
    (
        "Klantmanagers Wet werk en bijstand",
        "45",
        "125",
        "klanten",
        "Inspectie SZW (2013), in NJi-handreiking",
        "Volgens de handreiking relateren sommige klantmanagers de kennis van hun klanten aan de omvang van de "
        "caseload (bij meer dan vijftig klanten zouden ze niet alle klanten kennen); andere klantmanagers zien dit "
        "verband niet.",
    ),
)


def reference_points_install_defaults(*, organisation: Organisation) -> int:
    """The handreiking's reference caseloads and the newer youth protection norms, once per organisation."""
    if organisation.reference_points.exists():
        return 0
    ReferencePoint.objects.bulk_create(
        ReferencePoint(
            organisation=organisation,
            label=label,
            lower=Decimal(lower),
            upper=Decimal(upper),
            unit=unit,
            source=source,
            note=note,
        )
        for label, lower, upper, unit, source, note in DEFAULT_REFERENCES
    )
    return len(DEFAULT_REFERENCES)


def reference_point_save(
    *, organisation: Organisation, point: ReferencePoint | None = None, **fields: Any
) -> ReferencePoint:
    point = point or ReferencePoint(organisation=organisation)
    if point.organisation_id != organisation.id:
        raise ValidationError(_("This reference belongs to another organisation."))
    for name, value in fields.items():
        setattr(point, name, value)
    _check_bounds(point.lower, point.upper)
    point.full_clean()
    point.save()
    return point


def _check_bounds(lower: Decimal | None, upper: Decimal | None, upper_field: str = "upper") -> None:
    if lower is not None and upper is not None and upper < lower:
        raise ValidationError({upper_field: _("The upper bound lies below the lower bound.")})


def _check_scope(lead: Team, teams: Sequence[Team], functions: Sequence[str]) -> tuple[list[Team], list[str]]:
    """The covered teams (the lead team always among them, all of one organisation) and known functions."""
    covered = {t.id: t for t in [lead, *teams]}
    foreign = sorted(t.name for t in covered.values() if t.organisation_id != lead.organisation_id)
    if foreign:
        raise ValidationError(
            {"teams": _("These teams belong to another organisation: %(names)s.") % {"names": ", ".join(foreign)}}
        )
    known = set(Function.values)
    unknown = [f for f in functions if f not in known]
    if unknown:
        raise ValidationError({"functions": _("Unknown function: %(f)s.") % {"f": ", ".join(unknown)}})
    ordered = [f for f in Function.values if f in set(functions)]
    return list(covered.values()), ordered


@transaction.atomic
def trajectory_create(
    *,
    team: Team,
    title: str,
    start_date: dt.date,
    step_weeks: Sequence[int] = DEFAULT_STEP_WEEKS,
    teams: Sequence[Team] = (),
    functions: Sequence[str] = (),
) -> Trajectory:
    """A trajectory led by ``team``, covering ``teams`` as well (of the same organisation), optionally only
    for some ``functions``."""
    covered, ordered = _check_scope(team, teams, functions)
    trajectory = Trajectory(team=team, title=title, start_date=start_date, functions=ordered)
    trajectory.full_clean()
    trajectory.save()
    trajectory.teams.set(covered)
    for plan in schedule(start_date, step_weeks):
        TrajectoryStep.objects.create(
            trajectory=trajectory, number=plan.number, planned_weeks=plan.weeks, start_date=plan.start
        )
    reference_points_install_defaults(organisation=team.organisation)
    return trajectory


@transaction.atomic
def trajectory_set_scope(*, trajectory: Trajectory, teams: Sequence[Team], functions: Sequence[str]) -> Trajectory:
    """Change which teams and functions a trajectory covers. Bands already decided stay as they were."""
    covered, ordered = _check_scope(trajectory.team, teams, functions)
    trajectory.functions = ordered
    trajectory.full_clean()
    trajectory.save()
    trajectory.teams.set(covered)
    return trajectory


def trajectory_update(*, trajectory: Trajectory, **fields: Any) -> Trajectory:
    """Save the fields one of the step pages edits (the sketch, the intent, the ideal caseload, …)."""
    for name, value in fields.items():
        setattr(trajectory, name, value)
    trajectory.full_clean()
    trajectory.save()
    return trajectory


def step_update(*, step: TrajectoryStep, **fields: Any) -> TrajectoryStep:
    for name, value in fields.items():
        setattr(step, name, value)
    step.full_clean()
    step.save()
    return step


def figure_save(*, trajectory: Trajectory, figure: SketchFigure | None = None, **fields: Any) -> SketchFigure:
    figure = figure or SketchFigure(trajectory=trajectory)
    if figure.trajectory_id != trajectory.id:
        raise ValidationError(_("This figure belongs to another trajectory."))
    for name, value in fields.items():
        setattr(figure, name, value)
    figure.full_clean()
    figure.save()
    return figure


def _decimal(value: float | None, places: str = "0.01") -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal(places))


@transaction.atomic
def cbs_import(*, trajectory: Trajectory, content: bytes, filename: str = "") -> list[SketchFigure]:
    """Figures of the situation sketch from a CBS export: every measure in the latest period, for the
    trajectory's area, region and the country. All or nothing; a bad file raises a ValidationError that
    names the line and the field."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _("The file is larger than 5 MB.")})
    try:
        table = cbs.parse(content)
    except cbs.CbsFormatError as error:
        where = []
        if error.line:
            where.append(_("line %(line)s") % {"line": error.line})
        if error.field:
            where.append(_("field “%(field)s”") % {"field": error.field})
        prefix = f"{', '.join(where)}: " if where else ""
        raise ValidationError(
            {
                "file": _("%(where)sthis is not a CBS export we can read (%(problem)s).")
                % {"where": prefix, "problem": _(error.template) % error.values if error.values else _(error.template)}
            }
        ) from None
    area = cbs.expand_codes(trajectory.area_codes)
    region = cbs.expand_codes(trajectory.region_codes)
    if not area:
        raise ValidationError({"file": _("First enter the CBS codes of your area in the situation sketch.")})
    if not cbs.matched_regions(table, area):
        raise ValidationError(
            {
                "file": _("The file has no figures for %(codes)s. It holds, for example: %(examples)s.")
                % {"codes": trajectory.area_codes, "examples": ", ".join(table.regions[:6])}
            }
        )
    title = table.title or filename
    figures = []
    for row in cbs.compare(table, area=area, region=region):
        if row.area is None and row.country is None:
            continue
        figures.append(
            figure_save(
                trajectory=trajectory,
                label=row.measure[:300],
                period=row.period[:40],
                unit=row.unit[:60],
                area_value=_decimal(row.area),
                region_value=_decimal(row.region),
                country_value=_decimal(row.country),
                area_share=_decimal(row.area_share, "0.0001"),
                country_share=_decimal(row.country_share, "0.0001"),
                source=f"Bron: CBS — {title}"[:300],
                from_cbs=True,
            )
        )
    if not figures:
        raise ValidationError({"file": _("The file has no figures for your area in its latest period.")})
    return figures


CBS_ODATA_URL = "https://opendata.cbs.nl/ODataApi/odata/{table}/TypedDataSet"
CBS_MAX_PAGES = 5


def cbs_download(*, trajectory: Trajectory, table_id: str, timeout: float = 20.0) -> list[SketchFigure]:
    """Optional: fetch a CBS table live (OData v3, pages of at most 10,000 rows, following
    ``odata.nextLink``) and import it as if it were a file. Needs internet; the file import never does.
    Only https on CBS's own hosts (``trajectory.cbs_fetch``): a link or redirect elsewhere is refused."""
    table = table_id.strip().upper()
    if not re.fullmatch(r"\d{5}[A-Z]{3}", table):
        raise ValidationError({"table_id": _("A CBS table number looks like 85098NED.")})
    url: str | None = CBS_ODATA_URL.format(table=table)
    rows: list[Any] = []
    try:
        for _page in range(CBS_MAX_PAGES):
            if url is None:
                break
            with cbs_fetch.open_url(url, timeout=timeout) as response:
                data = json.load(response)
            rows.extend(data.get("value", []))
            url = data.get("odata.nextLink")
    except cbs_fetch.CbsAddressRefused:
        raise ValidationError(
            {
                "table_id": _(
                    "CBS pointed to an address outside CBS's own https sites; nothing was fetched from it. "
                    "Download the file and import it instead."
                )
            }
        ) from None
    except (OSError, ValueError) as error:
        raise ValidationError(
            {
                "table_id": _("CBS could not be reached (%(error)s). Download the file and import it instead.")
                % {"error": error}
            }
        ) from None
    content = json.dumps({"odata.metadata": f"CBS {table}", "value": rows}).encode()
    return cbs_import(trajectory=trajectory, content=content, filename=table)


def _check_function_bands(
    main_function: str,
    bands: Sequence[tuple[str, Decimal, Decimal]],
    allowed: Sequence[str],
) -> None:
    """One band per function, never the main band's function again, within the trajectory's functions."""
    labels = dict(Function.choices)
    seen: set[str] = set()
    for function, lower, upper in bands:
        name = f"lower_{function}"
        label = labels.get(function, function)
        if function not in labels or not function:
            raise ValidationError({"__all__": _("Unknown function: %(f)s.") % {"f": function}})
        if function == main_function or function in seen:
            raise ValidationError({name: _("%(function)s already has a band in this advice.") % {"function": label}})
        if allowed and function not in allowed:
            raise ValidationError(
                {name: _("%(function)s is not one of the trajectory's functions.") % {"function": label}}
            )
        _check_bounds(lower, upper, f"upper_{function}")
        seen.add(function)


def advice_create(
    *,
    trajectory: Trajectory,
    created_by: User,
    lower: Decimal,
    upper: Decimal,
    reasoning: str,
    function: str = "",
    function_bands: Sequence[tuple[str, Decimal, Decimal]] = (),
    pulls_down: str = "",
    pulls_up: str = "",
    improvements: str = "",
) -> Advice:
    """A new version of the advice: a main band (for ``function``, or every function when empty) and
    ``function_bands``, one (function, lower, upper) per function where the band differs."""
    _check_bounds(lower, upper)
    if function and trajectory.functions and function not in trajectory.functions:
        raise ValidationError({"function": _("This is not one of the trajectory's functions.")})
    _check_function_bands(function, function_bands, trajectory.functions)
    with transaction.atomic():
        last = Advice.objects.select_for_update().filter(trajectory=trajectory).aggregate(v=Max("version"))["v"]
        advice = Advice(
            trajectory=trajectory,
            version=(last or 0) + 1,
            function=function,
            lower=lower,
            upper=upper,
            reasoning=reasoning,
            pulls_down=pulls_down,
            pulls_up=pulls_up,
            improvements=improvements,
            created_by=created_by,
        )
        advice.full_clean()
        advice.save()
        for band_function, band_lower, band_upper in function_bands:
            band = AdviceBand(advice=advice, function=band_function, lower=band_lower, upper=band_upper)
            band.full_clean()
            band.save()
    return advice


def monitoring_bands(trajectory: Trajectory, bands: Sequence[Band]) -> list[Band]:
    """The bands as monitoring stores them. For a trajectory limited to some functions, a band "for every
    function" holds only for those functions that have no band of their own."""
    if not trajectory.functions:
        return list(bands)
    own = {b.function for b in bands if b.function}
    result = [b for b in bands if b.function]
    for band in bands:
        if not band.function:
            result.extend(Band(f, band.lower, band.upper) for f in trajectory.functions if f not in own)
    return result


@transaction.atomic
def decision_record(
    *,
    advice: Advice,
    decided_by: User,
    outcome: str,
    decided_on: dt.date,
    valid_from: dt.date | None = None,
    evaluation_date: dt.date | None = None,
    lower: Decimal | None = None,
    upper: Decimal | None = None,
    function_bands: dict[str, tuple[Decimal | None, Decimal | None]] | None = None,
    explanation: str = "",
) -> Decision:
    """The commissioning party's decision on one advice version. An approval adds new Bandwidth rows from
    ``valid_from``: one per team of the trajectory and per decided band (the main band and the bands per
    function). Earlier rows are never changed, so the past keeps the band it had. With changes, the main
    bounds are ``lower``/``upper`` and ``function_bands`` maps a function to its changed bounds (a function
    left out keeps the advised band)."""
    if Decision.objects.filter(advice=advice).exists():
        raise ValidationError(_("This advice version already has a decision; write a new version instead."))
    advised = {b.function: (b.lower, b.upper) for b in advice.function_bands.all()}
    decided = dict(advised)
    errors: dict[str, str] = {}
    if outcome == Outcome.REJECTED:
        if not explanation.strip():
            errors["explanation"] = _("Say what is still needed to come to an agreement.")
        lower = upper = None
        valid_from = None
        decided = {}
    else:
        if outcome == Outcome.APPROVED:
            lower, upper = advice.lower, advice.upper
        else:
            if lower is None or upper is None or not explanation.strip():
                errors["explanation"] = _("Give the changed bounds and explain the changes.")
            labels = dict(Function.choices)
            for function, (band_lower, band_upper) in (function_bands or {}).items():
                if function not in advised:
                    continue
                if band_lower is None or band_upper is None:
                    errors[f"lower_{function}"] = _("Give both bounds for %(function)s.") % {
                        "function": labels.get(function, function)
                    }
                    continue
                _check_bounds(band_lower, band_upper, f"upper_{function}")
                decided[function] = (band_lower, band_upper)
        if valid_from is None:
            errors["valid_from"] = _("Give the date from which the bandwidth holds.")
        if evaluation_date is not None and valid_from is not None and evaluation_date <= valid_from:
            errors["evaluation_date"] = _("The evaluation date lies on or before the start date.")
    if errors:
        raise ValidationError(errors)
    _check_bounds(lower, upper)
    decision = Decision(
        advice=advice,
        outcome=outcome,
        lower=lower,
        upper=upper,
        valid_from=valid_from,
        evaluation_date=evaluation_date,
        explanation=explanation,
        decided_by=decided_by,
        decided_on=decided_on,
    )
    decision.full_clean()
    decision.save()
    for function, (band_lower, band_upper) in decided.items():
        decided_band = DecisionBand(decision=decision, function=function, lower=band_lower, upper=band_upper)
        decided_band.full_clean()
        decided_band.save()
    if decision.approved:
        trajectory = advice.trajectory
        bands = monitoring_bands(trajectory, decision.band_list())
        teams = trajectory.team_list()
        taken = sorted(
            {
                b.team.name
                for b in Bandwidth.objects.filter(
                    team__in=teams,
                    function__in={band.function for band in bands},
                    valid_from=valid_from,  # type: ignore[misc]  # None: no match, and full_clean() below refuses it
                ).select_related("team")
            }
        )
        if taken:
            raise ValidationError(
                {
                    "valid_from": _("%(teams)s already has a decided bandwidth from this date; choose another date.")
                    % {"teams": ", ".join(taken)}
                }
            )
        reasoning = advice.reasoning + (f"\n\n{explanation}" if explanation else "")
        created = []
        for team in teams:
            for band in bands:
                bandwidth = Bandwidth(  # type: ignore[misc]  # a missing date or bound: full_clean() refuses it
                    team=team,
                    valid_from=valid_from,
                    lower_per_fte=band.lower,
                    upper_per_fte=band.upper,
                    function=band.function,
                    evaluation_date=evaluation_date,
                    reasoning=reasoning,
                )
                bandwidth.full_clean()
                bandwidth.save()
                created.append(bandwidth)
        decision.bandwidths.set(created)
        lead = next((b for b in created if b.team_id == trajectory.team_id), created[0] if created else None)
        if lead is not None:
            decision.bandwidth = lead
            decision.save(update_fields=["bandwidth"])
    return decision


def action_save(*, trajectory: Trajectory, action: Action | None = None, **fields: Any) -> Action:
    action = action or Action(trajectory=trajectory)
    if action.trajectory_id != trajectory.id:
        raise ValidationError(_("This action belongs to another trajectory."))
    for name, value in fields.items():
        setattr(action, name, value)
    action.full_clean()
    action.save()
    return action
