from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from accounts import forms
from accounts.access import current_user, get_access
from accounts.home import sections_for
from accounts.roles import Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The landing page: what this user needs first, by their roles."""
    access = get_access(request)
    return render(
        request,
        "accounts/home.html",
        {
            "sections": sections_for(request, access),
            "has_organisation": access.organisation is not None,
            "role_labels": [Role(r).label for r in sorted(access.role_names)],
        },
    )


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """Mijn account: who you are logged in as, your roles, and where to change your password."""
    from accounts.models import Membership

    memberships = (
        Membership.objects.filter(user=current_user(request)).select_related("team").order_by("team__name", "role")
    )
    return render(request, "accounts/account.html", {"memberships": memberships})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's own view: checks the current password, keeps this session, ends the login's other sessions."""

    form_class = forms.PasswordChangeForm
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form: auth_forms.PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """The same answer whether or not the address belongs to a login; inactive logins get no mail."""

    form_class = forms.PasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"  # auth ships a registration/ one


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = forms.SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for operators: the app answers and the database responds."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)
