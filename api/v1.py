"""Version 1 of the JSON API: push cases and people, read teams, cases and the team's figures.

Follows the Dutch API Design Rules where they fit: the major version in the path (/api/v1), an
``API-Version`` header on every response, the OpenAPI 3 schema at /api/v1/openapi.json, plural nouns in
lower case without trailing slashes, camelCase field names, and errors as ``application/problem+json`` with
``invalidParams``. Every request carries a bearer token of one organisation and sees only that
organisation. Pushed rows go through exactly the checks and the writer of the file import.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer
from pydantic import ConfigDict, Field
from pydantic.alias_generators import to_camel

from api.docs import docs_access
from api.models import ApiToken
from api.problems import API_VERSION, problem
from api.services import api_token_authenticate
from cases.models import Case
from imports import validation, writing
from imports.people_rows import validate_people
from imports.privacy import check_privacy
from imports.services import load_lookup
from organisations.models import Person, Team

MAX_ITEMS = 10_000
MAX_FIGURE_DAYS = 5 * 366
REFERENCE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$"
MAX_ID = 2**62
"""Ids beyond any database integer are refused as invalid input, not passed to the database."""


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return api_token_authenticate(token)


class VersionedAPI(NinjaAPI):
    def create_response(self, request: HttpRequest, data: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().create_response(request, data, *args, **kwargs)
        response["API-Version"] = API_VERSION
        return response


api = VersionedAPI(
    title="Caseloadwijzer API",
    version=API_VERSION,
    description=(
        "Cases, people and a team's caseload figures of one organisation. Authenticate with a bearer token "
        "that an administrator creates under API tokens; each token belongs to one organisation."
    ),
    urls_namespace="api:v1",
    docs_url=None,
    docs_decorator=docs_access,  # signed-in users and API tokens only, unless API_DOCS_PUBLIC
    auth=BearerToken(),
)


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    invalid = [
        {"name": ".".join(str(p) for p in e.get("loc", ())), "reason": str(e.get("msg", ""))} for e in exc.errors
    ]
    return problem(request, 400, "Invalid request", invalid)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = problem(request, 401, "A valid bearer token is required")
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, exc.status_code, str(exc))


class Camel(Schema):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class TeamOut(Camel):
    id: int
    name: str
    margin_percent: int


class AssignmentIn(Camel):
    person: str = Field(max_length=200, description="The staff member's name as in Caseloadwijzer.")
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    share_percent: int = Field(100, ge=1, le=100)


class CaseIn(Camel):
    reference: str = Field(pattern=REFERENCE_PATTERN, description="Pseudonymous reference; never a name or BSN.")
    team: str | None = Field(None, max_length=200)
    case_type: str = Field(max_length=200, description="Code or name of a case type.")
    start_date: dt.date
    end_date: dt.date | None = None
    expected_end_date: dt.date | None = None
    phase: str | None = Field(None, max_length=20)
    children: int = Field(1, ge=1, le=30)
    assignments: list[AssignmentIn] = Field(default_factory=list, max_length=50)


class CaseOut(Camel):
    reference: str
    team: str
    case_type: str
    start_date: dt.date
    end_date: dt.date | None
    expected_end_date: dt.date | None
    phase: str
    children: int


class PersonIn(Camel):
    name: str = Field(min_length=1, max_length=200)
    team: str | None = Field(None, max_length=200)
    function: str = Field(max_length=40)
    contract_hours: float = Field(ge=0, le=60)
    start_date: dt.date
    end_date: dt.date | None = None
    valid_from: dt.date | None = None


class PersonOut(Camel):
    id: int
    name: str
    team: str | None
    function: str
    contract_hours: float
    start_date: dt.date
    end_date: dt.date | None


class WriteResult(Camel):
    created: int
    updated: int
    unchanged: int


class CasePage(Camel):
    count: int
    page: int
    page_size: int
    results: list[CaseOut]


class Week(Camel):
    monday: dt.date
    cases: float
    weighted_caseload: float
    deployable_fte: float
    normative_caseload: float | None
    deviation: float | None
    inflow: int
    outflow: int


class Figures(Camel):
    team: int
    team_name: str
    margin_percent: float
    weeks: list[Week]


def _token(request: HttpRequest) -> ApiToken:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    return token


def _writable(request: HttpRequest) -> ApiToken:
    token = _token(request)
    if not token.can_write:
        raise HttpError(403, "This token may only read")
    return token


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


CASE_COLUMNS = [
    "reference",
    "team",
    "case_type",
    "start_date",
    "end_date",
    "expected_end_date",
    "phase",
    "children",
    "person",
    "assignment_start",
    "assignment_end",
    "share_percent",
]
PERSON_COLUMNS = ["name", "team", "function", "contract_hours", "start_date", "end_date", "valid_from"]


def _rejected(request: HttpRequest, problems: list[validation.Problem], rows: list[str]) -> HttpResponse:
    invalid = [
        {"name": f"{rows[p.row - 2]}.{to_camel(p.column)}", "reason": validation.problem_text(p.code, p.params)}
        for p in problems[:1000]
    ]
    return problem(request, 422, "Nothing was stored: some items have a problem", invalid)


def _guard(request: HttpRequest, headers: list[str], rows: list[list[str]], names: list[str], kind: str) -> None:
    """The file import's privacy screen on the pushed values: a BSN, a postcode, an address, a date of birth,
    an e-mail address or a phone number in any field refuses the request; the reason never repeats the value."""
    findings = check_privacy(headers, rows, kind, limit=20)
    if findings:
        invalid = [
            {"name": f"{names[f.row - 2]}.{to_camel(f.column)}", "reason": API_FINDING.get(f.kind, "client data")}
            for f in findings
            if f.row and f.row >= 2
        ]
        title = "Refused: the data holds a BSN or other client data; nothing was stored"
        raise _Refused(problem(request, 422, title, invalid))


API_FINDING = {
    "bsn": "holds a BSN",
    "bsn_short": "holds a BSN without its leading zero",
    "postcode": "holds a postcode",
    "street": "holds a street name with a house number",
    "birth_phrase": "holds a date of birth",
    "email": "holds an e-mail address",
    "phone": "holds a phone number",
}


class _Refused(Exception):
    def __init__(self, response: HttpResponse) -> None:
        self.response = response


@api.exception_handler(_Refused)
def _refused(request: HttpRequest, exc: _Refused) -> HttpResponse:
    return exc.response


@api.get("/teams", response=list[TeamOut], by_alias=True, summary="The organisation's teams")
def list_teams(request: HttpRequest) -> Any:
    return list(Team.objects.filter(organisation=_token(request).organisation).order_by("name"))


@api.get("/cases", response=CasePage, by_alias=True, summary="Cases, newest reference last")
def list_cases(
    request: HttpRequest,
    team: int | None = Query(None, ge=1, le=MAX_ID),
    reference: str | None = Query(None, pattern=REFERENCE_PATTERN),
    page: int = Query(1, ge=1, le=100_000),
    page_size: int = Query(100, ge=1, le=1000, alias="pageSize"),
) -> Any:
    cases = Case.objects.filter(organisation=_token(request).organisation).select_related("team", "case_type")
    if team is not None:
        cases = cases.filter(team_id=team)
    if reference:
        cases = cases.filter(reference=reference)
    count = cases.count()
    chunk = cases.order_by("reference")[(page - 1) * page_size : page * page_size]
    results = [
        CaseOut(
            reference=c.reference,
            team=c.team.name,
            case_type=c.case_type.code,
            start_date=c.start_date,
            end_date=c.end_date,
            expected_end_date=c.expected_end_date,
            phase=c.phase,
            children=c.children,
        )
        for c in chunk
    ]
    return CasePage(count=count, page=page, page_size=page_size, results=results)


@api.post("/cases", response=WriteResult, by_alias=True, summary="Create or update cases by their reference")
def push_cases(request: HttpRequest, items: list[CaseIn]) -> Any:
    token = _writable(request)
    if len(items) > MAX_ITEMS:
        raise HttpError(413, f"At most {MAX_ITEMS} cases per request")
    rows, names = [], []
    for i, item in enumerate(items):
        base = [
            item.reference,
            item.team or "",
            item.case_type,
            _date(item.start_date),
            _date(item.end_date),
            _date(item.expected_end_date),
            item.phase or "",
            str(item.children),
        ]
        for j, a in enumerate(item.assignments or [None]):
            if a is None:
                rows.append([*base, "", "", "", ""])
                names.append(f"items[{i}]")
            else:
                rows.append([*base, a.person, _date(a.start_date), _date(a.end_date), str(a.share_percent)])
                names.append(f"items[{i}].assignments[{j}]")
    try:
        _guard(request, CASE_COLUMNS, rows, names, "casussen")
    except _Refused as refused:
        return refused.response
    mapping = {name: i for i, name in enumerate(CASE_COLUMNS)}
    lookup = load_lookup(token.organisation)
    result = validation.validate_cases(CASE_COLUMNS, rows, mapping, lookup)
    if result.problems:
        return _rejected(request, result.problems, names)
    counts = writing.write_cases(organisation=token.organisation, cases=result.cases, assignments=result.assignments)
    return WriteResult(created=counts.created, updated=counts.updated, unchanged=counts.unchanged)


@api.get("/people", response=list[PersonOut], by_alias=True, summary="The organisation's staff")
def list_people(request: HttpRequest, team: int | None = Query(None, ge=1, le=MAX_ID)) -> Any:
    people = Person.objects.filter(organisation=_token(request).organisation).select_related("team")
    if team is not None:
        people = people.filter(team_id=team)
    return [
        PersonOut(
            id=p.id,
            name=p.name,
            team=p.team.name if p.team else None,
            function=p.function,
            contract_hours=float(p.contract_hours),
            start_date=p.start_date,
            end_date=p.end_date,
        )
        for p in people
    ]


@api.post("/people", response=WriteResult, by_alias=True, summary="Create or update staff by name")
def push_people(request: HttpRequest, items: list[PersonIn]) -> Any:
    token = _writable(request)
    if len(items) > MAX_ITEMS:
        raise HttpError(413, f"At most {MAX_ITEMS} people per request")
    rows = [
        [
            p.name,
            p.team or "",
            p.function,
            f"{p.contract_hours:.1f}",
            _date(p.start_date),
            _date(p.end_date),
            _date(p.valid_from),
        ]
        for p in items
    ]
    names = [f"items[{i}]" for i in range(len(items))]
    try:
        _guard(request, PERSON_COLUMNS, rows, names, "mensen")
    except _Refused as refused:
        return refused.response
    mapping = {name: i for i, name in enumerate(PERSON_COLUMNS)}
    result = validate_people(PERSON_COLUMNS, rows, mapping, load_lookup(token.organisation))
    if result.problems:
        return _rejected(request, result.problems, names)
    counts = writing.write_people(organisation=token.organisation, people=result.people)
    return WriteResult(created=counts.created, updated=counts.updated, unchanged=counts.unchanged)


def _number(value: float) -> float | None:
    return None if math.isnan(value) or math.isinf(value) else round(float(value), 4)


@api.get("/figures", response=Figures, by_alias=True, summary="A team's caseload figures per week")
def team_figures(request: HttpRequest, start: dt.date, end: dt.date, team: int = Query(..., ge=1, le=MAX_ID)) -> Any:
    from monitoring.selectors import team_figures as figures_of

    found = Team.objects.filter(organisation=_token(request).organisation, pk=team).first()
    if found is None:
        raise HttpError(404, "No such team")
    if end < start or (end - start).days > MAX_FIGURE_DAYS or start.year < 1900 or end.year > 2200:
        raise HttpError(400, "end must lie on or after start, at most five years later, between 1900 and 2200")
    figures = figures_of(found, start=start, end=end)
    f = figures.team
    weeks = [
        Week(
            monday=monday,
            cases=_number(f.count[k]) or 0.0,
            weighted_caseload=_number(f.weighted[k]) or 0.0,
            deployable_fte=_number(f.deployable_fte[k]) or 0.0,
            normative_caseload=_number(f.normative[k]),
            deviation=_number(f.deviation[k]),
            inflow=int(f.inflow[k]),
            outflow=int(f.outflow[k]),
        )
        for k, monday in enumerate(figures.mondays)
    ]
    return Figures(team=found.id, team_name=found.name, margin_percent=found.margin_percent, weeks=weeks)


class PersonOnDateOut(Camel):
    person_id: int
    person: str
    employee_number: str | None
    open_cases: int
    fte: float


class CaseloadOnDate(Camel):
    team: int
    team_name: str
    date: dt.date
    open_cases: int = Field(description="Distinct cases the team's people carry on the date.")
    people: list[PersonOnDateOut]


@api.get(
    "/caseload-on-date",
    response=CaseloadOnDate,
    by_alias=True,
    summary="A team's caseload on a date (peildatum), per person",
    description=(
        "A case counts on the date when its assignment started on or before it and its last day carried (the "
        "end date) is that day or later; each case once per person. The weekly figures of /figures count a "
        "case in every week it is open on at least one day."
    ),
)
def caseload_on_date(request: HttpRequest, date: dt.date, team: int = Query(..., ge=1, le=MAX_ID)) -> Any:
    from monitoring.point_in_time import team_caseload_on

    found = Team.objects.filter(organisation=_token(request).organisation, pk=team).first()
    if found is None:
        raise HttpError(404, "No such team")
    if date.year < 1900 or date.year > 2200:
        raise HttpError(400, "date must lie between 1900 and 2200")
    result = team_caseload_on(found, date)
    return CaseloadOnDate(
        team=found.id,
        team_name=found.name,
        date=date,
        open_cases=result.open_cases,
        people=[
            PersonOnDateOut(
                person_id=p.person_id,
                person=p.name,
                employee_number=p.employee_number,
                open_cases=p.open_cases,
                fte=round(p.fte, 4),
            )
            for p in result.people
        ],
    )
