"""The access matrix (DESIGN.md): every URL pattern, named or not, and every API operation, requested with
every HTTP method its view accepts (unsafe ones with a valid CSRF token and a body) as anonymous, as every role
and as an outsider of the same role from another organisation, against the table below; every other method
must answer 405. A route missing from the table fails the suite, and so does a route that takes an object's id
with neither an owner to check outsiders against nor the reason why it has no outsider."""
import importlib
import json
import pkgutil

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import copp
from copp.core.roles import Role
from tests.access import ALL_ROLES, ALL_UNSAFE, PUBLIC, Route, accepts

pytestmark = pytest.mark.django_db

# Routes that are not pages of the platform's own: skipped with the reason.
SKIPPED_PREFIXES = {
    "admin:": "the administration site: checked per registered model in test_admin_site_is_admin_only",
    "/admin/": "the administration site's unnamed redirects to its named pages (checked as above)",
}
METHODS = ("get", "post", "put", "patch", "delete")
# A CSRF secret the test sets as the cookie and sends in the header: Django accepts the unmasked secret.
CSRF_SECRET = "AccessMatrixCsrfSecret0123456789"


EXPECTED: dict[str, Route] = {
    # portal
    "portal:home": Route(PUBLIC),
    "portal:privacy": Route(PUBLIC),
    "portal:accessibility": Route(PUBLIC),
    "portal:a11y_settings": Route(PUBLIC, also=accepts((302,), "post")),
    "portal:cabinet": Route(ALL_ROLES),
    "portal:role_switch": Route(ALL_ROLES, method="post", data={"role": "learner"}, ok=(302,)),
    "set_language": Route(PUBLIC, method="post", data={"language": "en"}, ok=(302,)),
    # accounts
    "accounts:profile": Route(ALL_ROLES, also=accepts((200,), "post")),
    "accounts:my_data": Route(ALL_ROLES),
    "accounts:my_data_download": Route(ALL_ROLES),
    "accounts:consent_withdraw": Route(ALL_ROLES, also=accepts((400,), "post")),
    # A wrong link shows the «link is wrong or used» page to everyone; a signed-in user is told so.
    "accounts:invitation": Route(PUBLIC, kwargs=lambda w: {"uidb36": "zz", "key": "wrong-key"},
                                 also=accepts((200,), "post")),
    # django-allauth: entrance pages are public (a signed-in user is sent on to the cabinet),
    # account management needs a session; flows this platform does not switch on answer 404.
    "account_login": Route(PUBLIC, ok=(200, 302), also=accepts((200, 302), "post", "put")),
    "account_signup": Route(PUBLIC, ok=(200, 302), also=accepts((200, 302), "post", "put")),
    "account_logout": Route(PUBLIC, ok=(200, 302), also=accepts((200, 302), "post")),
    "account_inactive": Route(PUBLIC),
    "account_email_verification_sent": Route(PUBLIC),
    "account_confirm_email": Route(PUBLIC, kwargs=lambda w: {"key": "no-such-key"}, also=accepts((404,), "post")),
    "account_confirm_login_code": Route(PUBLIC, ok=(302, 404), also=accepts((302, 404), *ALL_UNSAFE)),
    "account_reset_password": Route(PUBLIC, also=accepts((200, 302), "post", "put")),
    "account_reset_password_done": Route(PUBLIC),
    # allauth limits the tries of a password-reset key itself: past a few it answers 429.
    "account_reset_password_from_key": Route(PUBLIC, kwargs=lambda w: {"uidb36": "1", "key": "no-such-key"},
                                             also=accepts((200, 302, 429), *ALL_UNSAFE)),
    "account_reset_password_from_key_done": Route(PUBLIC),
    "account_change_password": Route(ALL_ROLES, also=accepts((200, 302), "post", "put")),
    "account_set_password": Route(ALL_ROLES, ok=(302,), also=accepts((302,), *ALL_UNSAFE)),
    "account_email": Route(ALL_ROLES, also=accepts((200, 302), "post", "put")),
    "account_reauthenticate": Route(ALL_ROLES, also=accepts((200, 302), "post", "put")),
    "account_request_reauthentication_code": Route(ALL_ROLES, also=accepts((200, 302), "post", "put")),
    "account_confirm_reauthentication_code": Route(ALL_ROLES, ok=(302, 404),
                                                   also=accepts((302, 404), *ALL_UNSAFE)),
    "socialaccount_connections": Route(ALL_ROLES, also=accepts((200, 302), "post", "put")),
    "socialaccount_login_cancelled": Route(PUBLIC),
    # allauth answers its own error page with 401 and keeps it behind the session.
    "socialaccount_login_error": Route(ALL_ROLES, ok=(401,)),
    "socialaccount_signup": Route(PUBLIC, ok=(302,), also=accepts((302,), *ALL_UNSAFE)),
    # django-allauth also keeps its old unnamed social-account addresses: permanent redirects to the named pages
    # (which the rows above check), for any method.
    **{url: Route(PUBLIC, ok=(301, 302), also=accepts((301, 302), *ALL_UNSAFE))
       for url in ("/accounts/social/login/cancelled/", "/accounts/social/login/error/", "/accounts/social/signup/",
                   "/accounts/social/connections/")},
}


def app_tables():
    """Each app keeps the rows for its own routes in copp/<app>/tests/access.py (ROUTES)."""
    for app in pkgutil.iter_modules(copp.__path__):
        try:
            module = importlib.import_module(f"copp.{app.name}.tests.access")
        except ModuleNotFoundError:
            continue
        yield from module.ROUTES.items()


for _name, _route in app_tables():
    assert _name not in EXPECTED, f"{_name} is listed twice in the access tables"
    EXPECTED[_name] = _route


def walk(patterns, prefix="", route="/"):
    """(key, pattern) of every URL pattern: its name, or "/" + its pattern when it has none."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{entry.namespace}:" if entry.namespace else ""
            yield from walk(entry.url_patterns, prefix + ns, route + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            pattern = route + str(entry.pattern)
            yield (prefix + entry.name if entry.name else pattern), pattern


def all_route_names():
    return sorted({key for key, _pattern in walk(get_resolver().url_patterns)})


def url_of(name, route: Route, world) -> str:
    if name.startswith("/"):
        return name
    return reverse(name, kwargs=route.kwargs(world) if route.kwargs else None)


def test_every_route_is_in_the_table():
    missing = [name for name in all_route_names()
               if name not in EXPECTED and not name.startswith(tuple(SKIPPED_PREFIXES))]
    assert not missing, f"Routes missing from the access table: {missing}"


def send(client, method: str, url: str, data: dict):
    """One request; an unsafe one carries a valid CSRF token (the client enforces the check) and a body."""
    if method == "get":
        return client.get(url, data)
    client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
    if method == "post":
        return client.post(url, data, HTTP_X_CSRFTOKEN=CSRF_SECRET)
    return getattr(client, method)(url, json.dumps(data or {"probe": "1"}), content_type="application/json",
                                   HTTP_X_CSRFTOKEN=CSRF_SECRET)


def request(client, route: Route, url):
    return send(client, route.method, url, route.data)


def expected_status(route: Route, role, method=None):
    if route.allowed == PUBLIC or role in route.allowed:
        return route.also[method][0] if method in route.also else route.ok
    if role is None:
        return (route.anonymous,)
    if role in route.not_theirs:
        return (404,)
    return (403,)


@pytest.fixture
def client():
    """The matrix's client checks CSRF as a browser's request meets it."""
    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_access(client, world, name):
    """One route with each method it accepts, as anonymous and as every role; the world is built once per route
    to keep this fast. Each request runs in a savepoint that is rolled back, so one role's POST does not change
    what the next role meets."""
    route = EXPECTED[name]
    url = url_of(name, route, world)
    failures = []
    calls = [(route.method, route.data), *((method, data) for method, (_ok, data) in route.also.items())]
    for role in [None, *Role]:
        client.logout()
        if role is not None:
            client.force_login(world.users[role][0])
        for method, data in calls:
            with transaction.atomic():
                response = send(client, method, url, data)
                transaction.set_rollback(True)
            who = role or "anonymous"
            if response.status_code not in expected_status(route, role, method):
                failures.append((who, method, response.status_code, expected_status(route, role, method)))
            elif response.status_code == 200 and "html" in response.get("Content-Type", ""):
                # Template syntax must never reach the page (an unclosed or multi-line {# #} comment does).
                leaked = [mark for mark in ("{#", "#}", "{%", "%}") if mark in response.content.decode()]
                if leaked:
                    failures.append((who, method, "template syntax on the page", leaked))
            elif (role is None and route.allowed != PUBLIC and route.anonymous == 302
                  and not response.url.startswith(reverse("account_login"))):
                failures.append((who, method, response.url, "sign-in page"))
    assert not failures, f"{name}: {failures}"


def _first_allowed(route: Route):
    """A caller the route lets in: anonymous for public routes, else the first allowed role."""
    if route.allowed == PUBLIC:
        return None
    return next(role for role in Role if role in route.allowed)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_other_method_answers_405(client, world, name):
    """A caller the route lets in gets 405 for every method the route's view does not accept, so no view takes
    a method nobody listed (and checked) here."""
    route = EXPECTED[name]
    url = url_of(name, route, world)
    role = _first_allowed(route)
    if role is not None:
        client.force_login(world.users[role][0])
    declared = {route.method, *route.also}
    wrong = []
    for method in METHODS:
        if method in declared:
            continue
        with transaction.atomic():
            response = send(client, method, url, route.data)
            transaction.set_rollback(True)
        if response.status_code != 405:
            wrong.append((method, response.status_code))
    assert not wrong, f"{name} as {role or 'anonymous'}: methods not refused with 405: {wrong}"


def test_every_route_with_an_object_id_is_checked_against_outsiders():
    """A route that takes arguments names the role whose outsider must get 404, or says why none exists."""
    patterns = dict(walk(get_resolver().url_patterns))
    unchecked = [name for name, route in EXPECTED.items()
                 if "<" in patterns.get(name, "") and route.allowed != PUBLIC and not route.owner
                 and not route.no_outsider]
    assert not unchecked, f"Routes with an id but no outsider check: {unchecked}"


OWNED = [name for name, route in EXPECTED.items() if route.owner]


@pytest.mark.parametrize("name", OWNED)
def test_outsider_of_the_same_role_gets_404(client, world, name):
    """The outsider gets 404 with every method the route accepts."""
    route = EXPECTED[name]
    client.force_login(world.users[route.owner][1])
    url = url_of(name, route, world)
    calls = [(route.method, route.data), *((method, data) for method, (_ok, data) in route.also.items())]
    statuses = []
    for method, data in calls:
        with transaction.atomic():
            statuses.append((method, send(client, method, url, data).status_code))
            transaction.set_rollback(True)
    assert all(status == 404 for _method, status in statuses), statuses


def test_admin_site_is_admin_only(client, world):
    urls = [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]
    for role in [None, *Role]:
        client.logout()
        if role:
            client.force_login(world.users[role][0])
        for url in urls:
            status = client.get(url).status_code
            assert status == (200 if role == Role.ADMIN else 302), (url, role, status)
