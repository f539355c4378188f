from django.urls import include, path
from django.views.i18n import set_language

from accounts.views import healthz
from caseloadwijzer.health import readiness

urlpatterns = [
    path("i18n/taal/", set_language, name="set_language"),
    path("healthz/", healthz, name="healthz"),
    path("readyz/", readiness, name="readyz"),
    path("", include("accounts.urls")),
    path("organisatie/", include("organisations.urls")),
    path("casussen/", include("cases.urls")),
    path("formatie/", include("staffing.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("import/", include("imports.urls")),
    path("export/", include("exports.urls")),
    path("api/", include("api.urls")),
    path("bandbreedte/", include("trajectory.urls")),
    path("scoren/", include("scoresheet.urls")),
    path("vooruitblik/", include("forecasts.urls")),
    path("rapportages/", include("reports.urls")),
]

handler403 = "accounts.views.forbidden"
handler404 = "accounts.views.not_found"
