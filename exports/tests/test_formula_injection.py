"""Every download of the app, CSV and XLSX, carries no live formula (issue 17; OWASP "CSV injection").

Every free-text field of every object of the demo is given a formula-like value (``=HYPERLINK(...)``,
``+1``, ``@SUM(A1)``, ``-2+3``, a leading tab or carriage return). Then every page that exists is opened by
the demo users, every download link on it (``?formaat=``…) is fetched, and so is every URL that answers
with a file itself (the HR summary, the organisation ZIP). No CSV cell may start with one of those
characters unless it is a real number; no XLSX cell may be a formula or a text starting with one.
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.test import Client
from django.urls import reverse

from accounts.tests.urlmap import kwargs_for, routes
from exports.tables import FORMULA_START, XLSX_TYPE
from organisations.models import Organisation

HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "@SUM(A1)", "-2+3", "\t=1", "\r=1"]
APPS = {
    *("organisations", "cases", "staffing", "monitoring", "imports"),
    *("trajectory", "scoresheet", "forecasts", "reports"),
}
KEEP = {
    ("monitoring.Bandwidth", "function"),  # a function code, looked up
    ("trajectory.Trajectory", "area_codes"),  # CBS codes, parsed
    ("trajectory.Trajectory", "region_codes"),
    ("reports.ReminderSent", "key"),
    ("scoresheet.Response", "participant_key"),
}
"""Text fields that hold codes the app parses, not text a person typed."""
USERS = [
    "beheer.veldstroom",
    "teammanager.noord",
    "gedragswetenschapper.noord",
    "beleid.veldstroom",
    "jeugdbeschermer.noord",
    "hr.veldstroom",
    "or.veldstroom",
]
SKIP_ROUTES = {"accounts:logout", "set_language", "healthz"}
CSV_NUMBER = re.compile(r"-\d+(?:[.,]\d+)?")
DOWNLOAD_LINK = re.compile(r'href="([^"]*formaat=[^"]*)"')


def _poison() -> int:
    """Give every free-text field a formula-like value, unique per row (``<hostile> <pk>``)."""
    changed = 0
    for m, model in enumerate(apps.get_models()):
        if model._meta.app_label not in APPS:
            continue
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and not f.unique
            and not isinstance(f, models.SlugField | models.EmailField)
            and (model._meta.label, f.name) not in KEEP
        ]
        if not fields:
            continue
        values = {
            f.attname: Concat(Value(HOSTILE[(m + i) % len(HOSTILE)] + " "), Cast("pk", output_field=CharField()))
            for i, f in enumerate(fields)
        }
        changed += model.objects.update(**values)
    for user in get_user_model().objects.all():
        user.first_name, user.last_name = HOSTILE[user.pk % len(HOSTILE)], HOSTILE[(user.pk + 1) % len(HOSTILE)]
        user.save(update_fields=["first_name", "last_name"])
    return changed


def _live_in_csv(text: str, delimiter: str) -> list[str]:
    bad = []
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        for cell in row:
            if cell.startswith(FORMULA_START) and not CSV_NUMBER.fullmatch(cell):
                bad.append(cell)
    return bad


def _live_in_xlsx(data: bytes) -> list[str]:
    from openpyxl import load_workbook

    bad = []
    for sheet in load_workbook(io.BytesIO(data)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith(FORMULA_START)):
                    bad.append(f"{sheet.title}!{cell.coordinate}={cell.value!r}")
    return bad


def _pages_behind_a_choice(organisation: Organisation) -> list[str]:
    """Pages whose table appears only after a choice: the what-if result, a team's scenarios."""
    from cases.models import CaseType
    from forecasts.models import Scenario

    team = organisation.teams.order_by("pk").first()
    case_type = CaseType.objects.filter(organisation=organisation).order_by("pk").first()
    pages = [reverse("monitoring:what_if", kwargs={"team_id": team.pk}) + f"?case_type={case_type.pk}&share=100"]
    scenario = Scenario.objects.filter(team__organisation=organisation).order_by("pk").first()
    pages.append(reverse("forecasts:team", kwargs={"team_id": scenario.team_id}))
    return pages


def _xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    sheets = load_workbook(io.BytesIO(data)).worksheets
    return " ".join(str(c.value) for s in sheets for row in s.iter_rows() for c in row)


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
def test_no_download_carries_a_live_formula():
    assert _poison() > 100
    organisation = Organisation.objects.get(slug="veldstroom")
    clients = {}
    for username in USERS:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        clients[username] = client
    downloads: dict[str, str] = {}  # url → user
    pages = [
        reverse(route.name, kwargs=kwargs_for(route, organisation))
        for route in routes()
        if route.name not in SKIP_ROUTES and not route.name.startswith("api:")
    ]
    for url in pages + _pages_behind_a_choice(organisation):
        for username, client in clients.items():
            response = client.get(url)
            if response.status_code != 200:
                continue
            kind = response.get("Content-Type", "")
            if kind.startswith("text/html"):
                for href in DOWNLOAD_LINK.findall(response.content.decode()):
                    href = html.unescape(href)
                    downloads.setdefault(url.split("?")[0] + href if href.startswith("?") else href, username)
            else:
                downloads.setdefault(url, username)
    problems: dict[str, list[str]] = {}
    counts = {"csv": 0, "xlsx": 0, "zip": 0}
    escaped = {h[0]: 0 for h in HOSTILE}
    for url, username in sorted(downloads.items()):
        response = clients[username].get(url)
        assert response.status_code == 200, f"{username} {url}: {response.status_code}"
        kind = response.get("Content-Type", "")
        data = _body(response)
        texts: list[str] = []
        if kind.startswith("text/csv"):
            counts["csv"] += 1
            text = data.decode("utf-8-sig")
            texts.append(text)
            bad = _live_in_csv(text, ";")
        elif kind == XLSX_TYPE:
            counts["xlsx"] += 1
            bad = _live_in_xlsx(data)
            texts.append(_xlsx_text(data))
        elif kind == "application/zip":
            counts["zip"] += 1
            bad = []
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for name in archive.namelist():
                    if name.endswith(".csv"):
                        text = archive.read(name).decode("utf-8")
                        texts.append(text)
                        bad += [f"{name}: {c}" for c in _live_in_csv(text, ",")]
        else:
            continue  # a PDF, an image: no cells
        if bad:
            problems[url] = bad[:5]
        for text in texts:
            for start in escaped:
                escaped[start] += text.count("'" + start)
    print(f"checked {counts['csv']} CSV, {counts['xlsx']} XLSX and {counts['zip']} ZIP downloads")
    assert not problems, problems
    assert counts["csv"] >= 30 and counts["xlsx"] >= 30 and counts["zip"] == 1, counts
    assert all(escaped.values()), f"every hostile value reached a download, neutralised: {escaped}"
