"""The machinery behind ``tests/test_every_form.py``: entries, reading forms from pages, roles, discovery."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import resolve, reverse

from accounts.access import Access, load_access
from accounts.tests.urlmap import Route, kwargs_for
from organisations.models import Organisation

ORGANISATION = "veldstroom"
"""The URLs are filled with this demo organisation's objects (``urlmap.kwargs_for``: the first by pk)."""

USERS = [
    "beheer.veldstroom",
    "teammanager.noord",
    "teammanager.midden",
    "gedragswetenschapper.noord",
    "jeugdbeschermer.noord",
    "beleid.veldstroom",
    "hr.veldstroom",
    "or.veldstroom",
]
"""Every demo login of Veldstroom, one per role (and a second team manager, of another team)."""

OUTSIDER = "beheer.heidemeer"
"""The other organisation's administrator: an object of Veldstroom does not exist for them (404)."""

ANONYMOUS = ""


@dataclass
class Ctx:
    """What an entry's callables get: the organisation, the URL's keywords and what ``setup`` stored."""

    organisation: Organisation
    kwargs: dict[str, Any]
    username: str = ""
    store: dict[str, Any] = field(default_factory=dict)

    def obj(self, label: str, kwarg: str) -> Any:
        """The object the URL names, e.g. ``c.obj("organisations.Team", "team_id")``."""
        return apps.get_model(label).objects.get(pk=self.kwargs[kwarg])


# --- who may submit ----------------------------------------------------------------------------------

Rule = Callable[[Access, Ctx], bool]


def can(capability: str, team: Callable[[Ctx], int | Iterable[int] | None] | None = None) -> Rule:
    """The capability (accounts.roles.CAPABILITIES via accounts.access.Access) for the team(s) ``team``
    returns — every one of them — or, without ``team``, anywhere in the organisation."""

    def rule(access: Access, c: Ctx) -> bool:
        if team is None:
            return access.can_anywhere(capability)
        ids = team(c)
        if ids is None:
            return access.can_org_wide(capability)
        ids = [ids] if isinstance(ids, int) else list(ids)
        return all(access.can(capability, t) for t in ids)

    return rule


def org_wide(capability: str) -> Rule:
    """The capability through a role for the whole organisation (not one team's)."""
    return lambda access, c: access.can_org_wide(capability)


def either(*rules: Rule) -> Rule:
    return lambda access, c: any(r(access, c) for r in rules)


def both(*rules: Rule) -> Rule:
    return lambda access, c: all(r(access, c) for r in rules)


def only(*usernames: str) -> Rule:
    """A rule that is not a capability (e.g. "members of the evaluated team"): the users, by name."""
    return lambda access, c: c.username in usernames


def everyone(access: Access, c: Ctx) -> bool:
    return True


# --- an entry ------------------------------------------------------------------------------------------


class Option:
    """A value picked from the rendered form: the ``index``-th non-empty option of a select (or value of a
    group of checkboxes / radios), or the one whose label contains ``label``."""

    def __init__(self, index: int = 0, label: str | None = None) -> None:
        self.index, self.label = index, label


FIRST = Option(0)
SECOND = Option(1)
CHANGED = object()
"""``expect=CHANGED``: the probe differs after the submission (use only where no fixed value exists)."""

Value = Any  # str | list[str] | Option | file | Callable[[Ctx], ...]


@dataclass(frozen=True)
class Form:
    """One submission of one POST view. See the top of ``registry.py`` for how to write one."""

    view: str
    may: Rule
    fill: dict[str, Value] | Callable[[Ctx], dict[str, Value]]
    probe: Callable[[Ctx], Any]
    expect: Any
    invalid: dict[str, Value] | Callable[[Ctx], dict[str, Value]] | None = None
    no_invalid: str = ""
    variant: str = ""
    page: str | Callable[[Ctx], str] | None = None
    form_with: str | None = None
    setup: Callable[[Ctx], dict[str, Any] | None] | None = None
    success: tuple[int, ...] = (302,)
    refused_probe: Callable[[Ctx], Any] | None = None
    errors_shown: bool = True

    @property
    def id(self) -> str:
        return f"{self.view}[{self.variant}]" if self.variant else self.view

    def __post_init__(self) -> None:
        if (self.invalid is None) == (not self.no_invalid):
            raise AssertionError(f"{self.id}: give either invalid data or the reason there is none (no_invalid)")


def resolve_value(value: Value, c: Ctx) -> Value:
    return value(c) if callable(value) and not isinstance(value, Option) else value


def expected(entry: Form, before: Any) -> Any:
    """The probe's value after a valid submission (``expect`` may be ``lambda before: before - 1``)."""
    return entry.expect(before) if callable(entry.expect) else entry.expect


def make_ctx(entry: Form, username: str) -> Ctx:
    organisation = Organisation.objects.get(slug=ORGANISATION)
    from accounts.tests.urlmap import routes

    route = next(r for r in routes() if r.name == entry.view)
    c = Ctx(organisation=organisation, kwargs=kwargs_for(route, organisation), username=username)
    if entry.setup is not None:
        c.kwargs.update(entry.setup(c) or {})
    return c


def url_of(entry: Form, c: Ctx) -> str:
    return reverse(entry.view, kwargs=c.kwargs)


def page_of(entry: Form, c: Ctx) -> str:
    if entry.page is None:
        return url_of(entry, c)
    return entry.page(c) if callable(entry.page) else reverse(entry.page)


def client_for(username: str) -> Client:
    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def allowed(entry: Form, c: Ctx, username: str) -> bool:
    user = get_user_model().objects.filter(username=username).first()
    return entry.may(load_access(user), Ctx(c.organisation, c.kwargs, username, c.store))


# --- reading the form on the page, as a browser submits it --------------------------------------------


@dataclass
class HtmlField:
    tag: str
    name: str
    type: str = ""
    value: str = ""
    checked: bool = False
    multiple: bool = False
    options: list[tuple[str, str, bool]] = field(default_factory=list)  # value, label, selected


@dataclass
class HtmlForm:
    action: str
    method: str
    fields: list[HtmlField] = field(default_factory=list)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._select: HtmlField | None = None
        self._option: list[Any] | None = None
        self._textarea: HtmlField | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = HtmlForm(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
        elif self._form is None or "disabled" in a:
            return
        elif tag in ("input", "button") and a.get("name"):
            kind = a.get("type", "text" if tag == "input" else "submit").lower()
            self._form.fields.append(HtmlField(tag, a["name"], kind, a.get("value", ""), "checked" in a))
        elif tag == "select" and a.get("name"):
            self._select = HtmlField("select", a["name"], multiple="multiple" in a)
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "", "selected" in a]
        elif tag == "textarea" and a.get("name"):
            self._textarea = HtmlField("textarea", a["name"])
            self._form.fields.append(self._textarea)

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option[1] += data
        elif self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value, label, selected = self._option
            self._select.options.append((label.strip() if value is None else value, label.strip(), selected))
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._textarea.value = self._textarea.value.removeprefix("\n")
            self._textarea = None


def parse_forms(html: str) -> list[HtmlForm]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def _choices(f: HtmlForm, name: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for x in f.fields:
        if x.name != name:
            continue
        if x.tag == "select":
            out += [(v, label) for v, label, _s in x.options if v != ""]
        elif x.type in ("checkbox", "radio"):
            out.append((x.value or "on", x.value))
    return out


def find_form(html: str, page_url: str, target_url: str, form_with: str | None) -> HtmlForm:
    """The POST form on the page that submits to ``target_url`` and holds ``form_with`` (``name`` or
    ``name=value``, to choose between several; of several alike, e.g. a button per row, the first)."""
    candidates = []
    for f in parse_forms(html):
        action = urlsplit(f.action).path or urlsplit(page_url).path
        if f.method != "post" or action != urlsplit(target_url).path:
            continue
        if form_with:
            name, _eq, value = form_with.partition("=")
            if not any(x.name == name and (not _eq or x.value == value) for x in f.fields):
                continue
        candidates.append(f)
    if not candidates or (len(candidates) > 1 and not form_with):
        raise AssertionError(
            f"{len(candidates)} POST forms on {page_url} submit to {target_url}"
            + (f" and hold {form_with!r}" if form_with else "")
            + ": set `page` or `form_with` in the entry"
        )
    return candidates[0]


def submission(f: HtmlForm, overrides: dict[str, Value], c: Ctx) -> dict[str, Any]:
    """What a browser sends for ``f`` (checked boxes, selected options, the first submit button), with
    ``overrides`` typed in. Kept in ``c.store["sent"]`` for a probe that needs it (a button's ``id``)."""
    data: dict[str, list[Any]] = {}
    pressed = False
    for x in f.fields:
        if x.name in overrides:
            continue
        if x.tag == "select":
            chosen = [v for v, _label, selected in x.options if selected]
            if not chosen and x.options and not x.multiple:
                chosen = [x.options[0][0]]
            data.setdefault(x.name, []).extend(chosen)
        elif x.type in ("checkbox", "radio"):
            if x.checked:
                data.setdefault(x.name, []).append(x.value or "on")
        elif x.type in ("submit", "image"):
            if not pressed:
                data.setdefault(x.name, []).append(x.value)
                pressed = True
        elif x.type not in ("reset", "file"):
            data.setdefault(x.name, []).append(x.value)
    for name, raw in overrides.items():
        value = resolve_value(raw, c)
        if value is None:
            data.pop(name, None)
        else:
            data[name] = [_pick(f, name, v) for v in (value if isinstance(value, list) else [value])]
    c.store["sent"] = {k: v[0] if len(v) == 1 else v for k, v in data.items()}
    return c.store["sent"]


def _pick(f: HtmlForm, name: str, value: Value) -> Value:
    if not isinstance(value, Option):
        return value
    choices = _choices(f, name)
    if value.label is not None:
        matching = [v for v, label in choices if value.label in label]
        assert matching, f"no option with {value.label!r} for {name}: {choices}"
        return matching[0]
    assert len(choices) > value.index, f"too few options for {name}: {choices}"
    return choices[value.index][0]


# --- what the database holds ---------------------------------------------------------------------------

PROJECT_APPS = {c.label for c in apps.get_app_configs() if not c.name.startswith(("django.", "axes", "csp"))}
SKIPPED_TABLES = {"sessions.Session"}
"""The session row changes on every request (messages, the scoring function); it is no data."""


def row_counts() -> dict[str, int]:
    """Rows per model of the project (and auth), to show that a refused submission wrote nothing."""
    counts = {}
    for model in apps.get_models():
        label = model._meta.label
        if (model._meta.app_label in PROJECT_APPS or model._meta.app_label == "auth") and label not in SKIPPED_TABLES:
            counts[label] = model._default_manager.count()
    return counts


def changed_counts(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {k: (before[k], after.get(k, 0)) for k in before if before[k] != after.get(k, 0)}


# --- discovering every view that takes a POST ------------------------------------------------------------

_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_DIGITS = re.compile(rb"\d+")


def _source_mentions_post(func: Any) -> bool:
    """The view's own source, or that of a function of its module it calls (a few levels deep), reads
    ``request.POST`` / ``request.FILES``, checks for the method or is a class-based view with ``post``."""
    view_class = getattr(func, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post") and "post" in view_class.http_method_names
    seen: set[Any] = set()
    todo = [inspect.unwrap(func)]
    while todo:
        f = todo.pop()
        if f in seen:
            continue
        seen.add(f)
        try:
            source = inspect.getsource(f)
        except (OSError, TypeError):
            continue
        if re.search(r"POST|FILES|require_http_methods|require_POST", source):
            return True
        module = inspect.getmodule(f)
        for name in set(re.findall(r"\b([A-Za-z_]\w*)\(", source)):
            g = getattr(module, name, None)
            if inspect.isfunction(g) and g.__module__ == getattr(module, "__name__", None):
                todo.append(inspect.unwrap(g))
    return False


def _normalised(response: HttpResponse) -> tuple[int, str, bytes]:
    kind = response.get("Content-Type", "")
    body = b"" if getattr(response, "streaming", False) or not kind.startswith("text/html") else response.content
    return response.status_code, kind, _DIGITS.sub(b"0", _TOKEN.sub(b"T", body))


def accepts_post(route: Route, organisation: Organisation, clients: dict[str, Client]) -> bool:
    """Whether the view takes a POST: its source says so, or, for some user, a POST (rolled back) answers
    otherwise than a GET does (and not with 405)."""
    url = reverse(route.name, kwargs=kwargs_for(route, organisation))
    if _source_mentions_post(resolve(url).func):
        return True
    for client in clients.values():
        with transaction.atomic():
            got = client.get(url)
            posted = client.post(url, {"every_form_probe": "1"})
            transaction.set_rollback(True)
        if posted.status_code != 405 and _normalised(got) != _normalised(posted):
            return True
    return False
