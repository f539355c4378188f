"""Where the product quotes or applies the handreiking (docs: /work/shared/seeds/001_…), it uses the seed's words."""

from __future__ import annotations

from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation

from scoresheet.factor_lists import SCALE_LABELS
from scoresheet.models import Scale, ScoringRound
from tests.test_dutch_style import visible_text
from trajectory.models import ReferencePoint, Trajectory
from trajectory.services import DEFAULT_REFERENCES

INWARD = "hoe dieper de rode lijn naar binnen loopt"


def test_hulpblad_label_1_in_full():
    with translation.override("nl"):
        labels = [str(label) for label in SCALE_LABELS[Scale.WEIGHT]]
    assert labels == [
        "speelt geen rol in de casussen die in mijn caseload zitten",
        "speelt een lichte rol",
        "speelt mee",
        "speelt een aanzienlijke rol",
        "speelt een zware rol",
    ]


def test_the_sheet_explains_how_to_score_a_positively_worded_factor():
    source = get_template("scoresheet/score.html").template.source
    assert 'id="positive-factors"' in source
    with translation.override("nl"):
        text = translation.gettext(
            "Some factors are worded positively, such as the team's resilience. Score those the same way: by how "
            "heavily the factor weighs on your work, from 1 (plays no role in the cases in your caseload) to 5 "
            "(plays a heavy role); not by how good it is."
        )
    assert text.startswith("Sommige factoren zijn positief geformuleerd, zoals de draagkracht van het team.")
    assert "hoe zwaar de factor meeweegt in je werklast" in text


def test_wwb_and_delta_plan_are_reported_as_the_handreiking_reports_them(db):
    by_label = {label: (source, note) for label, _l, _u, _unit, source, note in DEFAULT_REFERENCES}
    source, note = by_label["Klantmanagers Wet werk en bijstand"]
    assert "relateren sommige klantmanagers de kennis van hun klanten aan de omvang van de caseload" in note
    assert "andere klantmanagers zien dit verband niet" in note
    source, note = by_label["Deltaplan gezinsvoogdij (2005)"]
    assert source.startswith("Vermeulen (2005), de Volkskrant")
    assert "maximaal vijftien gezinnen" in note
    assert all(unit != "cases" for _label, _l, _u, unit, _s, _n in DEFAULT_REFERENCES), "Dutch: casussen"
    # the demo's organisations got these references
    assert ReferencePoint.objects.filter(source__startswith="Vermeulen (2005), de Volkskrant").exists()


def test_the_fifth_data_question_has_both_sub_questions(login):
    trajectory = Trajectory.objects.filter(team__organisation__slug="heidemeer").first()
    text = visible_text(
        login("beleid.heidemeer").get(reverse("trajectory:figure_create", args=[trajectory.pk])).content.decode()
    )
    assert "Welke informatie geven deze gegevens voor een verantwoorde caseload?" in text
    assert "Zorgt dit beeld ervoor dat de caseload van alle teams hetzelfde kan zijn?" in text
    assert "Zorgt dit beeld ervoor dat de caseload voor alle functionarissen hetzelfde kan zijn?" in text


def test_the_spider_web_caption_fits_the_scale_of_the_round_in_step_3_and_the_advice_note(login):
    clients = {slug: login(f"beleid.{slug}") for slug in ("heidemeer", "veldstroom")}
    checked = 0
    scales = set()
    for trajectory in Trajectory.objects.filter(team__organisation__slug__in=clients, scoring_round__isnull=False):
        client = clients[trajectory.team.organisation.slug]
        scale = ScoringRound.objects.get(pk=trajectory.scoring_round_id).scale
        for name in ("trajectory:factors", "trajectory:note"):
            text = visible_text(client.get(reverse(name, args=[trajectory.pk])).content.decode())
            if "Spinnenweb" not in text and "spinnenweb" not in text:
                continue
            checked += 1
            scales.add(scale)
            if scale == Scale.WEIGHT:
                assert INWARD not in text, (name, "a hulpblad round: a higher score weighs more")
                assert "hoe verder naar buiten, hoe zwaarder de factor meeweegt in het werk" in text
            else:
                assert INWARD in text
    assert checked >= 2 and Scale.CONDITION in scales, (checked, scales)


def test_the_trajectory_caption_of_a_hulpblad_round_says_higher_weighs_more_and_names_no_missing_ideal():
    """The demo links only a spider-web round to a trajectory with results; the hulpblad branch, drawn here."""
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    def caption(scale: str, ideal: tuple[float, ...] | None) -> str:
        results = SimpleNamespace(
            title="t", respondents=5, scale=scale, radar=SimpleNamespace(ideal=ideal), heaviest=[], factors=[]
        )
        with translation.override("nl"):
            html = render_to_string(
                "trajectory/_factors.html", {"scoring_round": object(), "results": results, "radar": "<svg></svg>"}
            )
        return visible_text(html)

    weight = caption(Scale.WEIGHT, None)
    assert INWARD not in weight and "stippellijn" not in weight
    assert "van 1 (speelt geen rol) in het midden tot 5 (speelt een zware rol) aan de rand" in weight
    assert "hoe verder naar buiten, hoe zwaarder de factor meeweegt in het werk" in weight
    assert "grijze stippellijn is het niveau dat het team werkbaar vindt" in caption(Scale.WEIGHT, (3.0,))
    condition = caption(Scale.CONDITION, None)
    assert "hoe dieper die naar binnen loopt, hoe meer het daar knelt" in condition
    assert "stippellijn" not in condition, "no ideal line, so the caption describes none"
    assert "de grijze stippellijn de ideale situatie" in caption(Scale.CONDITION, (4.0,))
