"""The trajectory's writes: steps, CBS import, advice versions and decisions that become the team's band."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import translation

from monitoring.models import Bandwidth
from organisations.models import Team
from trajectory import cbs_fetch, services
from trajectory.models import Outcome, ReferencePoint, SketchFigure

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


STATLINE = Path(__file__).parent / "files" / "statline-export-bevolking-postcode-almere-2022-2025.csv"
START = dt.date(2027, 1, 4)


@pytest.fixture
def team():
    return Team.objects.get(organisation__slug="veldstroom", name="Team Zuid")


@pytest.fixture
def trajectory(team):
    return services.trajectory_create(team=team, title="Test trajectory Zuid", start_date=START)


@pytest.fixture
def policy():
    return get_user_model().objects.get(username="beleid.veldstroom")


def test_a_new_trajectory_has_the_three_steps_of_four_eight_and_four_weeks(trajectory):
    steps = list(trajectory.steps.order_by("number"))
    assert [(s.number, s.planned_weeks, s.start_date) for s in steps] == [
        (1, 4, START),
        (2, 8, START + dt.timedelta(weeks=4)),
        (3, 4, START + dt.timedelta(weeks=12)),
    ]


def test_the_reference_scale_is_installed_once_per_organisation(trajectory):
    organisation = trajectory.team.organisation
    count = ReferencePoint.objects.filter(organisation=organisation).count()
    assert count == len(services.DEFAULT_REFERENCES)
    assert services.reference_points_install_defaults(organisation=organisation) == 0
    labels = dict(ReferencePoint.objects.filter(organisation=organisation).values_list("label", "upper"))
    assert labels["Klantmanagers Wet werk en bijstand"] == Decimal("125")
    assert labels["CAO Jeugdzorg, voogdij"] == Decimal("28")


def test_the_real_statline_file_becomes_figures_for_the_area(trajectory):
    services.trajectory_update(trajectory=trajectory, area_name="Almere", area_codes="1309-1363")
    figures = services.cbs_import(trajectory=trajectory, content=STATLINE.read_bytes(), filename="almere.csv")
    assert len(figures) == 6
    total = next(f for f in figures if f.label == "Bevolking — Totaal leeftijd")
    assert (total.period, total.area_value, total.country_value) == (
        "2025",
        Decimal("229580.00"),
        Decimal("18044027.00"),
    )
    assert total.source.startswith("Bron: CBS")
    young = next(f for f in figures if f.label == "Bevolking — 0 tot 5 jaar")
    assert young.area_share == Decimal("0.0596")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"naam,leeftijd\nJan,12\n", "line 1: this is not a CBS export we can read (no ';'-separated columns)"),
        (b"", "this is not a CBS export we can read (the file is empty)"),
        (b"ID;RegioS;Perioden;Aantal_1\n0;1309;2024JJ00;12\n1;NL01;2024JJ00;veel\n", "line 3, field “Aantal”"),
    ],
)
def test_a_bad_file_is_refused_whole_with_the_line_and_field(trajectory, content, message):
    services.trajectory_update(trajectory=trajectory, area_codes="1309")
    with pytest.raises(ValidationError) as caught:
        services.cbs_import(trajectory=trajectory, content=content)
    assert message in caught.value.message_dict["file"][0]
    assert not SketchFigure.objects.filter(trajectory=trajectory).exists()


def test_a_file_without_the_area_says_which_regions_it_has(trajectory):
    services.trajectory_update(trajectory=trajectory, area_codes="GM0034")
    with pytest.raises(ValidationError) as caught:
        services.cbs_import(trajectory=trajectory, content=STATLINE.read_bytes())
    assert "no figures for GM0034" in caught.value.message_dict["file"][0]
    assert "Nederland, 1309" in caught.value.message_dict["file"][0]


def _advice(trajectory, policy, lower="14", upper="17"):
    return services.advice_create(
        trajectory=trajectory, created_by=policy, lower=Decimal(lower), upper=Decimal(upper), reasoning="Omdat."
    )


def test_advice_versions_count_up(trajectory, policy):
    assert [_advice(trajectory, policy).version for _ in range(3)] == [1, 2, 3]


def test_an_advice_with_the_bounds_reversed_is_refused(trajectory, policy):
    with pytest.raises(ValidationError) as caught:
        _advice(trajectory, policy, "18", "12")
    assert "upper" in caught.value.message_dict


def test_an_approval_becomes_a_new_band_and_never_changes_the_old_one(trajectory, policy):
    team = trajectory.team
    first = services.decision_record(
        advice=_advice(trajectory, policy),
        decided_by=policy,
        outcome=Outcome.APPROVED,
        decided_on=START,
        valid_from=START,
        evaluation_date=START + dt.timedelta(weeks=104),
    )
    second = services.decision_record(
        advice=_advice(trajectory, policy, "13", "16"),
        decided_by=policy,
        outcome=Outcome.APPROVED_WITH_CHANGES,
        decided_on=START + dt.timedelta(weeks=30),
        valid_from=START + dt.timedelta(weeks=32),
        lower=Decimal("13"),
        upper=Decimal("15"),
        explanation="Bovengrens 15 in plaats van 16.",
    )
    bands = list(Bandwidth.objects.filter(team=team, valid_from__gte=START).order_by("valid_from"))
    assert [(b.lower_per_fte, b.upper_per_fte) for b in bands] == [
        (Decimal("14"), Decimal("17")),
        (Decimal("13"), Decimal("15")),
    ]
    assert bands[0].pk == first.bandwidth_id and bands[1].pk == second.bandwidth_id
    assert bands[0].evaluation_date == START + dt.timedelta(weeks=104)
    assert "Bovengrens 15" in bands[1].reasoning


def test_a_rejection_needs_what_is_still_needed_and_makes_no_band(trajectory, policy):
    advice = _advice(trajectory, policy)
    before = Bandwidth.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.decision_record(advice=advice, decided_by=policy, outcome=Outcome.REJECTED, decided_on=START)
    assert "explanation" in caught.value.message_dict
    decision = services.decision_record(
        advice=advice, decided_by=policy, outcome=Outcome.REJECTED, decided_on=START, explanation="Eerst formatie."
    )
    assert decision.bandwidth is None and Bandwidth.objects.count() == before


def test_a_version_is_decided_only_once(trajectory, policy):
    advice = _advice(trajectory, policy)
    services.decision_record(
        advice=advice, decided_by=policy, outcome=Outcome.REJECTED, decided_on=START, explanation="Nee."
    )
    with pytest.raises(ValidationError):
        services.decision_record(
            advice=advice, decided_by=policy, outcome=Outcome.APPROVED, decided_on=START, valid_from=START
        )


def test_two_bands_from_the_same_day_are_refused_and_nothing_is_half_written(trajectory, policy):
    services.decision_record(
        advice=_advice(trajectory, policy), decided_by=policy, outcome="approved", decided_on=START, valid_from=START
    )
    advice = _advice(trajectory, policy)
    with pytest.raises(ValidationError) as caught:
        services.decision_record(
            advice=advice, decided_by=policy, outcome="approved", decided_on=START, valid_from=START
        )
    assert "valid_from" in caught.value.message_dict
    advice.refresh_from_db()
    assert not hasattr(advice, "decision")


def test_an_approval_needs_a_start_date_and_an_evaluation_after_it(trajectory, policy):
    with pytest.raises(ValidationError) as caught:
        services.decision_record(
            advice=_advice(trajectory, policy),
            decided_by=policy,
            outcome="approved",
            decided_on=START,
            valid_from=START,
            evaluation_date=START,
        )
    assert "evaluation_date" in caught.value.message_dict


class _Response:
    def __init__(self, payload):
        self.payload = json.dumps(payload).encode()

    def __enter__(self):
        return io.BytesIO(self.payload)

    def __exit__(self, *args):
        return False


def test_the_live_download_follows_the_next_link_and_imports(trajectory, monkeypatch):
    pages = {
        "https://opendata.cbs.nl/ODataApi/odata/85098NED/TypedDataSet": {
            "value": [
                {"ID": 0, "RegioS": "NL01      ", "Perioden": "2024JJ00", "JongerenMetJeugdhulpInNatura_1": 450000}
            ],
            "odata.nextLink": "https://opendata.cbs.nl/ODataApi/odata/85098NED/TypedDataSet?$skip=1",
        },
        "https://opendata.cbs.nl/ODataApi/odata/85098NED/TypedDataSet?$skip=1": {
            "value": [{"ID": 1, "RegioS": "GM0034    ", "Perioden": "2024JJ00", "JongerenMetJeugdhulpInNatura_1": 6500}]
        },
    }
    requested = []

    def fake_urlopen(url, timeout):
        requested.append(url)
        return _Response(pages[url])

    monkeypatch.setattr(cbs_fetch, "send", fake_urlopen)
    services.trajectory_update(trajectory=trajectory, area_codes="GM0034")
    (figure,) = services.cbs_download(trajectory=trajectory, table_id="85098ned")
    assert len(requested) == 2
    assert (figure.label, figure.area_value, figure.country_value) == (
        "JongerenMetJeugdhulpInNatura",
        Decimal("6500.00"),
        Decimal("450000.00"),
    )


def test_without_internet_the_live_download_points_to_the_file_import(trajectory, monkeypatch):
    def offline(url, timeout):
        raise OSError("Name or service not known")

    monkeypatch.setattr(cbs_fetch, "send", offline)
    with pytest.raises(ValidationError) as caught:
        services.cbs_download(trajectory=trajectory, table_id="85098NED")
    assert "Download the file and import it instead" in caught.value.message_dict["table_id"][0]
    with pytest.raises(ValidationError):
        services.cbs_download(trajectory=trajectory, table_id="jeugdzorg")
