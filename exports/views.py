from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from accounts.access import capability_required, get_access, organisation_of, teams_for_user
from accounts.roles import Capability as C
from exports.catalogue import OFFERS
from exports.organisation import organisation_export
from exports.tables import export_response, requested_format


@capability_required(C.MANAGE_DATA)
def index(request: HttpRequest) -> HttpResponseBase:
    organisation = organisation_of(request)
    teams = teams_for_user(request, C.MANAGE_DATA)
    fmt = requested_format(request)
    if fmt:
        offer = next((o for o in OFFERS if o.key == request.GET.get("tabel")), None)
        if offer is None:
            raise Http404
        return export_response(offer.build(organisation, teams), fmt)
    return render(
        request,
        "exports/index.html",
        {
            "offers": OFFERS,
            "teams": teams,
            "whole_organisation": get_access(request).can_org_wide(C.MANAGE_DATA),
        },
    )


@capability_required(C.MANAGE_DATA)
def organisation_zip(request: HttpRequest) -> HttpResponse:
    if not get_access(request).can_org_wide(C.MANAGE_DATA):
        raise PermissionDenied
    organisation = organisation_of(request)
    response = HttpResponse(organisation_export(organisation), content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="caseloadwijzer-{organisation.slug}-{stamp}.zip"'
    return response
