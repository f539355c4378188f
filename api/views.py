from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import capability_required, current_user, get_access, get_scoped_or_404, organisation_of
from accounts.roles import Capability as C
from api import services
from api.forms import TokenForm
from api.models import ApiToken


def _organisation_wide(request: HttpRequest) -> None:
    """A token reaches every team, so only an organisation-wide role may manage tokens."""
    if not get_access(request).can_org_wide(C.MANAGE_DATA):
        raise PermissionDenied


@capability_required(C.MANAGE_DATA)
def index(request: HttpRequest) -> HttpResponse:
    _organisation_wide(request)
    organisation = organisation_of(request)
    form = TokenForm(request.POST or None)
    plain = None
    if request.method == "POST" and form.is_valid():
        _token, plain = services.api_token_create(
            organisation=organisation,
            name=form.cleaned_data["name"],
            user=current_user(request),
            can_write=form.cleaned_data["can_write"],
        )
        form = TokenForm()
    tokens = ApiToken.objects.filter(organisation=organisation)
    response = render(request, "api/index.html", {"form": form, "tokens": tokens, "plain": plain})
    response["Cache-Control"] = "no-store"
    return response


@capability_required(C.MANAGE_DATA)
@require_POST
def revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    _organisation_wide(request)
    token = get_scoped_or_404(request, ApiToken.objects.all(), pk=token_id)
    services.api_token_revoke(token=token)
    messages.success(request, _("The token has been revoked; it no longer works."))
    return redirect("api:index")
