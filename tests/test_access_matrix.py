"""The access matrix (DESIGN.md): every URL pattern and API operation, requested as anonymous, as
every role and as an outsider of the same role from another organisation, against the table below.
A route missing from the table fails the suite."""
import importlib
import pkgutil

import pytest
from django.contrib import admin
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import copp
from copp.core.roles import Role
from tests.access import ALL_ROLES, PUBLIC, Route

pytestmark = pytest.mark.django_db

# Routes that are not pages of the platform's own: skipped with the reason.
SKIPPED_PREFIXES = {
    "admin:": "the administration site: checked per registered model in test_admin_site_is_admin_only",
}


EXPECTED: dict[str, Route] = {
    # portal
    "portal:home": Route(PUBLIC),
    "portal:privacy": Route(PUBLIC),
    "portal:accessibility": Route(PUBLIC),
    "portal:a11y_settings": Route(PUBLIC),
    "portal:cabinet": Route(ALL_ROLES),
    "portal:role_switch": Route(ALL_ROLES, method="post", data={"role": "learner"}, ok=(302,)),
    "set_language": Route(PUBLIC, method="post", data={"language": "en"}, ok=(302,)),
    # accounts
    "accounts:profile": Route(ALL_ROLES),
    "accounts:my_data": Route(ALL_ROLES),
    "accounts:my_data_download": Route(ALL_ROLES),
    "accounts:consent_withdraw": Route(ALL_ROLES),
    # A wrong link shows the «link is wrong or used» page to everyone; a signed-in user is told so.
    "accounts:invitation": Route(PUBLIC, kwargs=lambda w: {"uidb36": "zz", "key": "wrong-key"}),
    # django-allauth: entrance pages are public (a signed-in user is sent on to the cabinet),
    # account management needs a session; flows this platform does not switch on answer 404.
    "account_login": Route(PUBLIC, ok=(200, 302)),
    "account_signup": Route(PUBLIC, ok=(200, 302)),
    "account_logout": Route(PUBLIC, ok=(200, 302)),
    "account_inactive": Route(PUBLIC),
    "account_email_verification_sent": Route(PUBLIC),
    "account_confirm_email": Route(PUBLIC, kwargs=lambda w: {"key": "no-such-key"}),
    "account_confirm_login_code": Route(PUBLIC, ok=(302, 404)),
    "account_reset_password": Route(PUBLIC),
    "account_reset_password_done": Route(PUBLIC),
    "account_reset_password_from_key": Route(PUBLIC, kwargs=lambda w: {"uidb36": "1", "key": "no-such-key"}),
    "account_reset_password_from_key_done": Route(PUBLIC),
    "account_change_password": Route(ALL_ROLES),
    "account_set_password": Route(ALL_ROLES, ok=(302,)),
    "account_email": Route(ALL_ROLES),
    "account_reauthenticate": Route(ALL_ROLES),
    "account_request_reauthentication_code": Route(ALL_ROLES),
    "account_confirm_reauthentication_code": Route(ALL_ROLES, ok=(302, 404)),
    "socialaccount_connections": Route(ALL_ROLES),
    "socialaccount_login_cancelled": Route(PUBLIC),
    # allauth answers its own error page with 401 and keeps it behind the session.
    "socialaccount_login_error": Route(ALL_ROLES, ok=(401,)),
    "socialaccount_signup": Route(PUBLIC, ok=(302,)),
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


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{entry.namespace}:" if entry.namespace else ""
            yield from walk(entry.url_patterns, prefix + ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name


def all_route_names():
    return sorted(set(walk(get_resolver().url_patterns)))


def test_every_route_is_in_the_table():
    missing = [name for name in all_route_names()
               if name not in EXPECTED and not name.startswith(tuple(SKIPPED_PREFIXES))]
    assert not missing, f"Routes missing from the access table: {missing}"


def request(client, route: Route, url):
    return getattr(client, route.method)(url, route.data)


def expected_status(route: Route, role):
    if route.allowed == PUBLIC or role in route.allowed:
        return route.ok
    if role is None:
        return (route.anonymous,)
    return (403,)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_access(client, world, name):
    """One route as anonymous and as every role; the world is built once per route to keep this fast.
    Each request runs in a savepoint that is rolled back, so one role's POST does not change what the
    next role meets."""
    route = EXPECTED[name]
    url = reverse(name, kwargs=route.kwargs(world) if route.kwargs else None)
    failures = []
    for role in [None, *Role]:
        client.logout()
        if role is not None:
            client.force_login(world.users[role][0])
        with transaction.atomic():
            response = request(client, route, url)
            transaction.set_rollback(True)
        if response.status_code not in expected_status(route, role):
            failures.append((role or "anonymous", response.status_code, expected_status(route, role)))
        elif response.status_code == 200 and "html" in response.get("Content-Type", ""):
            # Template syntax must never reach the page (an unclosed or multi-line {# #} comment does).
            leaked = [mark for mark in ("{#", "#}", "{%", "%}") if mark in response.content.decode()]
            if leaked:
                failures.append((role or "anonymous", "template syntax on the page", leaked))
        elif (role is None and route.allowed != PUBLIC and route.anonymous == 302
              and not response.url.startswith(reverse("account_login"))):
            failures.append(("anonymous", response.url, "sign-in page"))
    assert not failures, f"{name}: {failures}"


OWNED = [name for name, route in EXPECTED.items() if route.owner]


@pytest.mark.parametrize("name", OWNED)
def test_outsider_of_the_same_role_gets_404(client, world, name):
    route = EXPECTED[name]
    client.force_login(world.users[route.owner][1])
    response = request(client, route, reverse(name, kwargs=route.kwargs(world)))
    assert response.status_code == 404


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
