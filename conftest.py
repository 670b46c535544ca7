"""Fixtures shared by every test: the world with two of everything, so each object has a foreign twin."""
import os
from types import SimpleNamespace

import pytest

from copp.core.roles import Role
from copp.organizations.models import MembershipRole, OrganizationType
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.browser_fixtures", "tests.flush"]

PASSWORD = "Пароль-для-тестов-1"

# Which organisation type each organisation-bound role belongs to in the world.
ROLE_ORGANIZATION = {
    Role.STAFF: OrganizationType.COPP,
    Role.PARTNER: OrganizationType.PARTNER,
    Role.CUSTOMER: OrganizationType.CUSTOMER,
    Role.TEACHER: OrganizationType.PARTNER,
    Role.COORDINATOR: OrganizationType.AUTHORITY,
}


def build_world():
    orgs = {
        t: [OrganizationFactory(type=t, short_name=f"{t.label} {suffix}") for suffix in ("А", "Б")]
        for t in OrganizationType
    }
    users = {}
    for role in Role:
        users[role] = []
        for i in range(2):
            user = UserFactory(email=f"{role.value}{i + 1}@example.ru", roles=[role])
            org_type = ROLE_ORGANIZATION.get(role)
            if org_type:
                MembershipFactory(user=user, organization=orgs[org_type][i],
                                  role=MembershipRole.EMPLOYEE if role == Role.TEACHER
                                  else MembershipRole.REPRESENTATIVE)
            users[role].append(user)
    return SimpleNamespace(orgs=orgs, users=users, password=PASSWORD)


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _reference_data_for_transactional_tests(request):
    """A transactional test's database was flushed by the one before it, seeded rows included."""
    marker = request.node.get_closest_marker("django_db")
    # Browser tests re-seed in their `page` fixture, after the live server is up.
    if marker and marker.kwargs.get("transaction") and "live_server" not in request.fixturenames:
        request.getfixturevalue("transactional_db")
        from tests.reference import ensure_reference_data

        ensure_reference_data()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached branding live in the cache: each test starts clean."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _mail_through_the_outbox(settings):
    """Django's test set-up swaps EMAIL_BACKEND for its in-memory one; put the outbox back in front of it, so
    every test sends letters the way the platform does (queued, then delivered on commit to `mail.outbox`)."""
    settings.EMAIL_BACKEND = "copp.core.mail.OutboxBackend"


@pytest.fixture(autouse=True)
def _second_factor_passed(request, settings):
    """Staff, coordinators and administrators must set up a second factor before any page (copp.accounts.mfa).
    Every test passes that requirement automatically here, the one place for it: `client.force_login(user)`
    and the browser tests' sign-in through the login form work as before for every role. A test marked
    `@pytest.mark.mfa` meets the real enforcement (copp/accounts/tests/test_mfa.py)."""
    if request.node.get_closest_marker("mfa") is None:
        settings.COPP_MFA_REQUIRED_ROLES = []
