"""Every fetch of an organisation's object goes through here.

The rules: an object of another organisation does not exist for the user (404); an object of the user's
own organisation that their role does not reach is forbidden (403). Views never call
``Model.objects.get`` on user input directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from accounts.roles import CAPABILITIES, Capability

if TYPE_CHECKING:
    from organisations.models import Organisation, Person, Team

M = TypeVar("M", bound=Model)
R = TypeVar("R", bound=HttpResponseBase)


@dataclass(frozen=True)
class Access:
    """What the logged-in user may do: per team, and organisation-wide (team ``None``)."""

    organisation: Organisation | None
    roles: frozenset[tuple[str, int | None]] = field(default_factory=frozenset)
    person_id: int | None = None

    def capabilities(self, team_id: int | None = None) -> frozenset[str]:
        """Capabilities that hold for ``team_id`` (org-wide roles count for every team).

        With ``team_id`` None: the capabilities the user has anywhere in the organisation.
        """
        caps: set[str] = set()
        for role, role_team in self.roles:
            if team_id is None or role_team is None or role_team == team_id:
                caps |= CAPABILITIES.get(role, frozenset())
        return frozenset(caps)

    def can(self, capability: str, team_id: int | None = None) -> bool:
        return capability in self.capabilities(team_id)

    def can_anywhere(self, capability: str) -> bool:
        return capability in self.capabilities(None)

    def can_org_wide(self, capability: str) -> bool:
        """The capability holds through a role for the whole organisation, not just one team."""
        return any(team is None and capability in CAPABILITIES.get(role, frozenset()) for role, team in self.roles)

    def team_ids_with(self, capability: str) -> set[int] | None:
        """Teams where the capability holds; None means every team of the organisation."""
        ids: set[int] = set()
        for role, role_team in self.roles:
            if capability in CAPABILITIES.get(role, frozenset()):
                if role_team is None:
                    return None
                ids.add(role_team)
        return ids

    @property
    def role_names(self) -> frozenset[str]:
        return frozenset(role for role, _team in self.roles)


NO_ACCESS = Access(organisation=None)


def load_access(user: Any) -> Access:
    from accounts.models import Membership
    from organisations.models import Person

    if not getattr(user, "is_authenticated", False):
        return NO_ACCESS
    memberships = list(Membership.objects.filter(user=user).select_related("organisation"))
    if not memberships:
        return NO_ACCESS
    organisation = memberships[0].organisation
    person_id = Person.objects.filter(user=user, organisation=organisation).values_list("id", flat=True).first()
    return Access(
        organisation=organisation,
        roles=frozenset((m.role, m.team_id) for m in memberships if m.organisation_id == organisation.id),
        person_id=person_id,
    )


def get_access(request: HttpRequest) -> Access:
    access = getattr(request, "access", None)
    if access is None:
        access = load_access(request.user)
        request.access = access  # type: ignore[attr-defined]
    return access


def current_user(request: HttpRequest) -> User:
    """The logged-in user (behind ``capability_required`` a request is never anonymous)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def organisation_of(request: HttpRequest) -> Organisation:
    organisation = get_access(request).organisation
    if organisation is None:
        raise PermissionDenied
    return organisation


def capability_required(*capabilities: str) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Login required, and at least one of ``capabilities`` somewhere in the user's organisation."""

    def decorator(view: Callable[..., R]) -> Callable[..., R]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> R:
            access = get_access(request)
            if access.organisation is None or not any(access.can_anywhere(c) for c in capabilities):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


def scoped(request: HttpRequest, queryset: QuerySet[M], path: str = "organisation") -> QuerySet[M]:
    """``queryset`` limited to the user's organisation; ``path`` is the lookup to the Organisation."""
    return queryset.filter(**{path: organisation_of(request)})


def get_scoped_or_404(request: HttpRequest, queryset: QuerySet[M], path: str = "organisation", **lookup: Any) -> M:
    try:
        return scoped(request, queryset, path).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_team_for_user(request: HttpRequest, team_id: int, capability: str = Capability.VIEW_TEAM) -> Team:
    """The team, if it is of the user's organisation (else 404) and the capability holds for it (else 403)."""
    from organisations.models import Team

    team = get_scoped_or_404(request, Team.objects.all(), pk=team_id)
    if not get_access(request).can(capability, team.id):
        raise PermissionDenied
    return team


def get_person_for_user(request: HttpRequest, person_id: int, capability: str = Capability.VIEW_TEAM) -> Person:
    """A person of the user's organisation. One's own person record needs only VIEW_OWN."""
    from organisations.models import Person

    person = get_scoped_or_404(request, Person.objects.select_related("team", "organisation"), pk=person_id)
    access = get_access(request)
    if person.id == access.person_id and access.can_anywhere(Capability.VIEW_OWN):
        return person
    if person.team_id is not None and access.can(capability, person.team_id):
        return person
    if person.team_id is None and access.can_org_wide(capability):
        return person
    raise PermissionDenied


def teams_for_user(request: HttpRequest, capability: str = Capability.VIEW_TEAM) -> QuerySet[Team]:
    """The teams of the user's organisation on which the capability holds."""
    from organisations.models import Team

    teams = scoped(request, Team.objects.all())
    ids = get_access(request).team_ids_with(capability)
    return teams if ids is None else teams.filter(id__in=ids)


# URL keyword → (model, lookup path from that model to its Organisation). The scoping test uses this to
# fill every URL pattern with another organisation's objects; a new URL kwarg must be registered here.
URL_KWARG_MODELS: dict[str, tuple[str, str]] = {
    "team_id": ("organisations.Team", "organisation"),
    "person_id": ("organisations.Person", "organisation"),
}


def register_url_kwarg(name: str, model_label: str, path: str) -> None:
    URL_KWARG_MODELS[name] = (model_label, path)
