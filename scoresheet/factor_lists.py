"""The factor lists a round can start from: appendix 1 of the handreiking and the spider web of figure 4.

Names are translatable English msgids; a round stores its own copy of the names in the language the
facilitator used when preparing it, so that renaming or translating later never changes a past round.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from scoresheet.models import Category, Scale


@dataclass(frozen=True)
class FactorTemplate:
    key: str
    name: Promise
    category: str


class FactorList(models.TextChoices):
    APPENDIX_1 = "bijlage1", _("Appendix 1: weight of contributing factors (1 = plays no role … 5 = heavy role)")
    SPIDER_WEB = "spinnenweb", _("Figure 4: spider web of conditions, actual against ideal")
    PREVIOUS = "vorige", _("The factors of the round to compare with")


APPENDIX_1: tuple[FactorTemplate, ...] = (
    FactorTemplate("meer-kinderen-in-gezin", _("Several children in a family"), Category.CLIENT),
    FactorTemplate("multiproblematiek", _("Multi-problem situations"), Category.CLIENT),
    FactorTemplate("redzaamheid", _("Degree of self-reliance"), Category.CLIENT),
    FactorTemplate("nakomen-afspraken", _("Keeping appointments"), Category.CLIENT),
    FactorTemplate("achterstand-taal", _("Language barrier"), Category.CLIENT),
    FactorTemplate("fluctuatie-zorgvraag", _("Fluctuating demand for care"), Category.SYSTEM),
    FactorTemplate("vertrouwen-keten", _("Trust in the chain"), Category.SYSTEM),
    FactorTemplate("samenwerking-keten", _("Cooperation in the chain"), Category.SYSTEM),
    FactorTemplate("beschikbaarheid-hulp", _("Availability of the right help (waiting times)"), Category.SYSTEM),
    FactorTemplate("samenwerking-gemeente", _("Cooperation with the municipality"), Category.SYSTEM),
    FactorTemplate("duidelijke-kaders", _("Clear frameworks"), Category.SYSTEM),
    FactorTemplate("registratiesystematiek", _("Registration systems"), Category.PRECONDITIONS),
    FactorTemplate("administratieve-ondersteuning", _("Administrative support"), Category.PRECONDITIONS),
    FactorTemplate("werkprocessen", _("Smooth work processes (purchasing, policy, control)"), Category.PRECONDITIONS),
    FactorTemplate("kennis-ervaring", _("Knowledge and experience within the team"), Category.TEAM),
    FactorTemplate("samenstelling-team", _("Team composition"), Category.TEAM),
    FactorTemplate("aansturing", pgettext_lazy("factor", "Management"), Category.TEAM),
    FactorTemplate("ruimte-reflectie", _("Room for reflection, deepening and consultation"), Category.TEAM),
    FactorTemplate("samenwerking-collegialiteit", _("Cooperation and collegiality"), Category.TEAM),
)

SPIDER_WEB: tuple[FactorTemplate, ...] = (
    FactorTemplate("doorontwikkeling-kaders", _("Development of frameworks"), Category.SYSTEM),
    FactorTemplate("draagkracht-team", _("Resilience of the team"), Category.TEAM),
    FactorTemplate("stabiliteit-systemen", _("Stability of systems"), Category.PRECONDITIONS),
    FactorTemplate("nieuwe-samenwerking", _("New cooperation"), Category.SYSTEM),
    FactorTemplate("administratieve-druk", _("Administrative pressure"), Category.PRECONDITIONS),
    FactorTemplate("samenwerkingsrelaties", _("Working relationships"), Category.SYSTEM),
    FactorTemplate("doorstroming", _("Throughput"), Category.SYSTEM),
    FactorTemplate("nieuwe-taken", _("New tasks"), Category.TEAM),
    FactorTemplate("efficientie-werkprocessen", _("Efficiency of work processes"), Category.PRECONDITIONS),
)

TEMPLATES: dict[str, tuple[tuple[FactorTemplate, ...], str]] = {
    FactorList.APPENDIX_1: (APPENDIX_1, Scale.WEIGHT),
    FactorList.SPIDER_WEB: (SPIDER_WEB, Scale.CONDITION),
}

SCALE_LABELS: dict[str, tuple[Promise, ...]] = {
    Scale.WEIGHT: (
        _("plays no role in the cases in my caseload"),
        _("plays a light role"),
        _("plays a part"),
        _("plays a considerable role"),
        _("plays a heavy role"),
    ),
    Scale.CONDITION: (
        _("pinches hard"),
        _("pinches"),
        _("reasonable"),
        _("good"),
        _("as it should be"),
    ),
}
"""The meaning of 1…5 per scale; appendix 1's wording for the weight scale."""
